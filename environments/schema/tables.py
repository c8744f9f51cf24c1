"""DynamoDB tables and their indexes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from environments.schema.rules import (
    ATTRIBUTE_NAME_PATTERN,
    INDEX_NAME_PATTERN,
    LOGICAL_NAME_PATTERN,
    _region,
)

AttributeType = Literal["S", "N", "B"]


@dataclass(frozen=True, kw_only=True)
class IndexConfig:
    """A global secondary index. Keys name attributes declared on the table."""

    name: str
    partition_key: str
    sort_key: str | None = None
    projection: Literal["ALL", "KEYS_ONLY", "INCLUDE"] = "ALL"
    non_key_attributes: tuple[str, ...] = ()
    """With ``projection="INCLUDE"``: the attributes copied into the index."""


@dataclass(frozen=True, kw_only=True)
class TableConfig:
    """A DynamoDB table: PITR and customer-managed KMS encryption are always on."""

    name: str
    """Logical name; the physical name is ``<project>-<name>-<suffix>``."""
    attributes: Mapping[str, AttributeType]
    """Every key attribute of the table and its indexes, with its type (and nothing else)."""
    partition_key: str
    sort_key: str | None = None
    indexes: tuple[IndexConfig, ...] = ()
    ttl_attribute: str | None = None
    """Attribute holding an epoch-seconds expiry; must not be a key."""
    billing: Literal["PAY_PER_REQUEST", "PROVISIONED"] = "PAY_PER_REQUEST"
    read_capacity: tuple[int, int] = (5, 50)
    """PROVISIONED only: (min, max) read units; autoscaling tracks 70 % utilisation."""
    write_capacity: tuple[int, int] = (5, 50)
    stream: Literal["NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY"] | None = None
    replica_regions: tuple[str, ...] = ()
    """Global-table replicas (version 2019.11.21); needs a stream, which is then turned on."""

    def problems(self, at: str) -> list[str]:
        at = f"{at}[{self.name}]"
        out: list[str] = []
        if not LOGICAL_NAME_PATTERN.fullmatch(self.name):
            out.append(
                f"{at}.name {self.name!r} must be 1-30 of a-z and 0-9 in words joined by single '-', starting with a letter"
            )
        for attribute, kind in self.attributes.items():
            if not ATTRIBUTE_NAME_PATTERN.fullmatch(attribute):
                out.append(f"{at}.attributes: {attribute!r} is not a valid attribute name")
            if kind not in ("S", "N", "B"):
                out.append(f"{at}.attributes[{attribute}] type {kind!r} must be 'S', 'N' or 'B'")
        keys = [("partition_key", self.partition_key), ("sort_key", self.sort_key)]
        for index in self.indexes:
            if not INDEX_NAME_PATTERN.fullmatch(index.name):
                out.append(
                    f"{at}.indexes[{index.name}].name {index.name!r} must be 3-255 of letters, digits, '_', '.', '-'"
                )
            out += [
                f"{at}.indexes[{index.name}].non_key_attributes: {attribute!r} is not a valid attribute name"
                for attribute in index.non_key_attributes
                if not ATTRIBUTE_NAME_PATTERN.fullmatch(attribute)
            ]
            keys += [
                (f"indexes[{index.name}].partition_key", index.partition_key),
                (f"indexes[{index.name}].sort_key", index.sort_key),
            ]
            if index.projection == "INCLUDE" and not index.non_key_attributes:
                out.append(f"{at}.indexes[{index.name}] projection INCLUDE needs non_key_attributes")
            if index.projection != "INCLUDE" and index.non_key_attributes:
                out.append(f"{at}.indexes[{index.name}].non_key_attributes need projection='INCLUDE'")
        used = {key for _, key in keys if key}
        for where, key in keys:
            if key and key not in self.attributes:
                out.append(f"{at}.{where} {key!r} is not declared: add it to attributes with its type")
        for attribute in self.attributes:
            if attribute not in used:
                out.append(f"{at}.attributes declares {attribute!r} but no key uses it: DynamoDB rejects it, remove it")
        names = [index.name for index in self.indexes]
        if len(set(names)) != len(names):
            out.append(f"{at}.indexes has duplicate names {sorted(names)}")
        if len(self.indexes) > 20:
            out.append(f"{at}.indexes has {len(self.indexes)} entries; DynamoDB allows 20")
        if self.ttl_attribute is not None and not ATTRIBUTE_NAME_PATTERN.fullmatch(self.ttl_attribute):
            out.append(f"{at}.ttl_attribute {self.ttl_attribute!r} is not a valid attribute name")
        elif self.ttl_attribute and self.ttl_attribute in used:
            out.append(
                f"{at}.ttl_attribute {self.ttl_attribute!r} is a key attribute: use a separate attribute such as 'expires_at'"
            )
        for label, (low, high) in (("read_capacity", self.read_capacity), ("write_capacity", self.write_capacity)):
            if not 1 <= low <= high:
                out.append(f"{at}.{label} {low, high} must be (min, max) with 1 <= min <= max")
        for region in self.replica_regions:
            out += _region(region, f"{at}.replica_regions entry")
        if len(set(self.replica_regions)) != len(self.replica_regions):
            out.append(f"{at}.replica_regions lists a region more than once: remove the repeat")
        return out
