"""The typed configuration of one environment.

Frozen dataclasses with documented defaults. Each section knows its own rules
(``problems(at)`` returns one actionable line per broken rule, prefixed with the field's
path); ``Environment.validate()`` collects the lines of every section and raises them all at
once in a ``ConfigError``. Environment files (``environments/dev.py`` ...) state only what
differs from these defaults.
"""

from __future__ import annotations

import ipaddress
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from environments.regions import REGIONS
from environments.typecheck import type_problems
from modules.naming import NamingError, check_project, check_suffix

# --- AWS value sets -------------------------------------------------------------------------

LOG_RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096,
                      1827, 2192, 2557, 2922, 3288, 3653)
"""The values CloudWatch Logs accepts for ``retention_in_days``."""

FARGATE_MEMORY = {
    256: range(512, 2049, 512),
    512: range(1024, 4097, 1024),
    1024: range(2048, 8193, 1024),
    2048: range(4096, 16385, 1024),
    4096: range(8192, 30721, 1024),
    8192: range(16384, 61441, 4096),
    16384: range(32768, 122881, 8192),
}
"""Fargate task CPU units -> the memory sizes (MiB) AWS accepts with it."""

CLOUDFRONT_PRICE_CLASSES = ("PriceClass_100", "PriceClass_200", "PriceClass_All")
QUEUE_NAME_PATTERN = re.compile(r"^[a-zA-Z0-9_-]{1,60}(\.fifo)?$")
HEALTH_CHECK_PATH = re.compile(r"/[A-Za-z0-9._~/-]*")
"""A plain URL path: it reaches the load balancer and the container's health command."""
LOGICAL_NAME_PATTERN = re.compile(r"^[a-z][a-z0-9-]{0,29}$")
ATTRIBUTE_NAME_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{1,255}$")
WINDOW_PATTERN = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$")
MAINTENANCE_PATTERN = re.compile(
    r"^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$"
)


class ConfigError(ValueError):
    """Configuration that cannot be synthesized. ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def _retention(value: int, at: str) -> list[str]:
    if value not in LOG_RETENTION_DAYS:
        nearest = min(LOG_RETENTION_DAYS, key=lambda allowed: abs(allowed - value))
        return [f"{at} ({value}) is not a CloudWatch Logs retention: use one of "
                f"{', '.join(map(str, LOG_RETENTION_DAYS))} (nearest: {nearest})"]
    return []


def _region(region: str, at: str) -> list[str]:
    if region not in REGIONS:
        near = sorted(r for r in REGIONS if r.split("-")[0] == str(region).split("-")[0]) or sorted(REGIONS)[:6]
        return [f"{at} {region!r} is not an AWS region: use one of {', '.join(near)}, ..."]
    return []


S3_BUCKET_RULES = (
    (re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]"), "3-63 of a-z, 0-9, '.', '-', starting and ending with a letter or digit", True),
    (re.compile(r".*\.\..*|.*\.-.*|.*-\..*"), "no '..', '.-' or '-.'", False),
    (re.compile(r"\d+\.\d+\.\d+\.\d+"), "not shaped like an IP address", False),
    (re.compile(r"(xn--|sthree-|amzn-s3-demo-).*"), "no 'xn--', 'sthree-' or 'amzn-s3-demo-' prefix", False),
    (re.compile(r".*(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)"), "no '-s3alias', '--ol-s3', '.mrap', '--x-s3' or '--table-s3' ending", False),
)
"""S3's bucket naming rules: (pattern, what it says, whether the name must match it)."""


def bucket_name_problems(name: str, at: str) -> list[str]:
    broken = [rule for pattern, rule, must in S3_BUCKET_RULES if bool(pattern.fullmatch(name)) != must]
    if broken:
        return [f"{at} {name!r} is not a bucket name S3 accepts: {'; '.join(broken)}"]
    return []


def _between(value: float, low: float, high: float, at: str, unit: str = "") -> list[str]:
    if not low <= value <= high:
        return [f"{at} ({value}{unit}) must be between {low} and {high}"]
    return []


# --- network --------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class NetworkConfig:
    """The VPC and its three subnet tiers.

    The VPC is split into fixed regions so adding an AZ never moves an existing subnet: the
    first half of ``cidr`` holds the private (app) subnets, the third quarter the public
    subnets and the last quarter the isolated (database) subnets; subnet ``i`` of a tier is the
    ``i``-th block of that tier's prefix inside its region.
    """

    cidr: str = "10.0.0.0/16"
    """VPC IPv4 range, /16 to /24."""
    az_count: int = 2
    """Availability zones used (2-3); each tier has one subnet per AZ."""
    zone_letters: str = "abc"
    """The zones, in order, as letters after the region name (``eu-west-1a`` ...): pinned,
    so a zone AWS adds or withdraws never moves a subnet."""
    private_prefix: int = 20
    """Prefix length of each private (app) subnet."""
    public_prefix: int = 24
    """Prefix length of each public subnet (ALB, NAT)."""
    isolated_prefix: int = 24
    """Prefix length of each isolated (database) subnet: no route to the internet."""
    nat_gateways: Literal["single", "per_az"] = "single"
    """One NAT gateway for the VPC (cheap) or one per AZ (survives an AZ outage)."""
    flow_log_retention_days: int = 30
    """Retention of the VPC flow log group."""
    flow_log_traffic: Literal["ALL", "ACCEPT", "REJECT"] = "ALL"
    must_not_overlap: tuple[str, ...] = ()
    """Ranges this VPC must stay clear of (on-premises, peered VPCs, VPN clients)."""

    @property
    def network(self) -> ipaddress.IPv4Network:
        return ipaddress.ip_network(self.cidr)

    def tier_region(self, tier: Literal["private", "public", "isolated"]) -> ipaddress.IPv4Network:
        half, third, fourth = self._regions()
        return {"private": half, "public": third, "isolated": fourth}[tier]

    def _regions(self) -> tuple[ipaddress.IPv4Network, ...]:
        vpc = self.network
        half_a, _half_b = vpc.subnets(prefixlen_diff=1)
        quarters = list(vpc.subnets(prefixlen_diff=2))
        return half_a, quarters[2], quarters[3]

    def zones(self, region: str) -> tuple[str, ...]:
        """The availability zone names used, in order."""
        return tuple(f"{region}{letter}" for letter in self.zone_letters[: self.az_count])

    def subnet_cidrs(self, tier: Literal["private", "public", "isolated"]) -> tuple[str, ...]:
        """The CIDRs of one tier's subnets, one per AZ, in AZ order."""
        prefix = {"private": self.private_prefix, "public": self.public_prefix,
                  "isolated": self.isolated_prefix}[tier]
        blocks = self.tier_region(tier).subnets(new_prefix=prefix)
        return tuple(str(next(blocks)) for _ in range(self.az_count))

    def problems(self, at: str) -> list[str]:
        try:
            vpc = ipaddress.ip_network(self.cidr)
        except ValueError:
            return [f"{at}.cidr {self.cidr!r} is not an IPv4 network with its host bits zero "
                    "(e.g. 10.0.0.0/16)"]
        out: list[str] = []
        if vpc.version != 4 or not 16 <= vpc.prefixlen <= 24:
            out.append(f"{at}.cidr {self.cidr} must be an IPv4 range from /16 to /24")
            return out
        if not vpc.is_private:
            out.append(f"{at}.cidr {self.cidr} is not a private (RFC 1918) range: use 10.x, 172.16-31.x or 192.168.x")
        out += _between(self.az_count, 2, 3, f"{at}.az_count")
        if not re.fullmatch(r"[a-f]+", self.zone_letters) or len(set(self.zone_letters)) != len(self.zone_letters):
            out.append(f"{at}.zone_letters {self.zone_letters!r} must be distinct letters a-f, e.g. 'abc'")
        elif 2 <= self.az_count <= 3 and len(self.zone_letters) < self.az_count:
            out.append(f"{at}.zone_letters {self.zone_letters!r} names fewer zones than az_count ({self.az_count})")
        for tier, prefix in (("private", self.private_prefix), ("public", self.public_prefix),
                             ("isolated", self.isolated_prefix)):
            region = self.tier_region(tier)  # type: ignore[arg-type]
            largest = region.prefixlen + math.ceil(math.log2(max(self.az_count, 1)))
            if prefix > 28:
                out.append(f"{at}.{tier}_prefix /{prefix} is smaller than AWS's smallest subnet (/28)")
            elif prefix < largest:
                out.append(
                    f"{at}.{tier}_prefix /{prefix} is too large: {self.az_count} {tier} subnets must fit "
                    f"in {region} (the {tier} part of {self.cidr}); use /{largest} or longer, or a larger cidr"
                )
        for other in self.must_not_overlap:
            try:
                if vpc.overlaps(ipaddress.ip_network(other)):
                    out.append(f"{at}.cidr {self.cidr} overlaps {other} listed in must_not_overlap: choose another range")
            except ValueError:
                out.append(f"{at}.must_not_overlap entry {other!r} is not a network like 10.1.0.0/16")
        out += _retention(self.flow_log_retention_days, f"{at}.flow_log_retention_days")
        return out


# --- protection -----------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ProtectionConfig:
    """How hard stateful resources are to lose. Non-prod stays destroyable."""

    deletion_protection: bool = False
    """AWS-side deletion protection (Aurora, DynamoDB, ALB)."""
    prevent_destroy: bool = False
    """Terraform ``lifecycle.prevent_destroy`` on stateful resources: a plan that destroys fails."""
    final_snapshot: bool = False
    """Take a final Aurora snapshot (deterministic identifier) on cluster deletion."""
    kms_deletion_window_days: int = 7
    """Waiting period before a scheduled KMS key deletion (7-30)."""
    force_destroy_buckets: bool = True
    """Allow Terraform to empty and delete S3 buckets (ephemeral environments need it)."""
    secret_recovery_days: int = 0
    """Days a deleted Secrets Manager secret stays restorable (0: at once, so a destroyed
    environment can be re-created with the same names; 7-30 otherwise)."""
    confirm: bool = False
    """``make deploy``/``apply``/``destroy`` from a terminal ask for the environment's name to
    be typed before anything changes (CI, with ``CI=true``, is not asked)."""

    def problems(self, at: str) -> list[str]:
        out = _between(self.kms_deletion_window_days, 7, 30, f"{at}.kms_deletion_window_days")
        if self.secret_recovery_days != 0 and not 7 <= self.secret_recovery_days <= 30:
            out.append(f"{at}.secret_recovery_days ({self.secret_recovery_days}) must be 0 or between 7 and 30")
        if self.prevent_destroy and self.force_destroy_buckets:
            out.append(f"{at}.force_destroy_buckets must be False when prevent_destroy is True "
                       "(a protected environment never empties its buckets)")
        return out


# --- state ----------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class StateConfig:
    """Where Terraform keeps this environment's state (S3 backend, one key per stack)."""

    bucket: str | None = None
    """State bucket, created by the ``state`` stack. ``STATE_BUCKET`` overrides it."""
    lock_table: str | None = None
    """Optional DynamoDB lock table; the S3 lockfile (``use_lockfile``) is always on."""
    noncurrent_version_days: int = 90
    """Days old state versions are kept in the bucket."""
    protect: bool = True
    """``prevent_destroy`` on the state bucket (and lock table): a plan that would delete every
    version of every stack's state fails. State buckets are never ``force_destroy``. Off only
    for an emulator, whose buckets vanish with it."""

    def problems(self, at: str, *, required: bool) -> list[str]:
        if self.bucket is None:
            return [f"{at}.bucket is not set: set state.bucket in the environment file "
                    "(the state stack creates it: make bootstrap)"] if required else []
        out = bucket_name_problems(self.bucket, f"{at}.bucket")
        if self.lock_table is not None and not re.fullmatch(r"[a-zA-Z0-9_.-]{3,255}", self.lock_table):
            out.append(f"{at}.lock_table {self.lock_table!r} is not a DynamoDB table name (3-255 of letters, digits, '_', '.', '-')")
        return out + _between(self.noncurrent_version_days, 1, 3650, f"{at}.noncurrent_version_days")


# --- database -------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class DatabaseConfig:
    """Aurora PostgreSQL. Serverless v2 (``db.serverless``) unless ``instance_class`` says otherwise."""

    engine_version: str = "16.4"
    """Aurora PostgreSQL version (16.x)."""
    instance_class: str = "db.serverless"
    """``db.serverless`` or a provisioned class such as ``db.r6g.large``."""
    instances: int = 1
    """Writer plus readers; readers spread over the AZs. Prod wants 2 or more."""
    min_acu: float = 0.5
    """Serverless v2 minimum capacity, 0-256 in steps of 0.5 (0 pauses an idle cluster)."""
    max_acu: float = 2.0
    """Serverless v2 maximum capacity, 1-256 in steps of 0.5."""
    database_name: str = "app"
    master_username: str = "app_admin"
    port: int = 5432
    backup_retention_days: int = 1
    backup_window: str = "03:00-04:00"
    """Daily backup window, UTC ``hh:mm-hh:mm``."""
    maintenance_window: str = "sun:04:30-sun:05:30"
    performance_insights: bool = False
    """Performance Insights on every instance (7 days, encrypted with the database key)."""
    enhanced_monitoring_seconds: int = 0
    """OS metrics interval (0 off, or 1, 5, 10, 15, 30, 60) through an RDS monitoring role."""
    iam_auth: bool = True
    """IAM database authentication, so applications can connect without the master password."""
    slow_query_ms: int = 1000
    """Statements slower than this are logged (``log_min_duration_statement``); -1 turns it off."""
    log_retention_days: int = 30
    """Retention of the exported ``postgresql`` log group."""

    @property
    def serverless(self) -> bool:
        return self.instance_class == "db.serverless"

    def problems(self, at: str) -> list[str]:
        out: list[str] = []
        if not re.fullmatch(r"16\.\d+", self.engine_version):
            out.append(f"{at}.engine_version {self.engine_version!r} must be an Aurora PostgreSQL 16.x version, e.g. '16.4'")
        if not re.fullmatch(r"db\.serverless|db\.[a-z0-9]+\.[a-z0-9]+", self.instance_class):
            out.append(f"{at}.instance_class {self.instance_class!r} must be 'db.serverless' or like 'db.r6g.large'")
        out += _between(self.instances, 1, 15, f"{at}.instances")
        if self.serverless:
            ranges = []
            for name, value, low in (("min_acu", self.min_acu, 0), ("max_acu", self.max_acu, 1)):
                if not low <= value <= 256 or value * 2 != int(value * 2):
                    ranges.append(f"{at}.{name} ({value}) must be {low}-256 in steps of 0.5")
            out += ranges
            if not ranges and self.max_acu < self.min_acu:
                out.append(f"{at}.max_acu ({self.max_acu}) must be >= min_acu ({self.min_acu})")
        if not re.fullmatch(r"[a-zA-Z][a-zA-Z0-9_]{0,62}", self.database_name):
            out.append(f"{at}.database_name {self.database_name!r} must start with a letter and hold only letters, digits, '_'")
        if not re.fullmatch(r"[a-zA-Z][a-zA-Z0-9_]{0,15}", self.master_username) or self.master_username in ("admin", "postgres", "rdsadmin"):
            out.append(f"{at}.master_username {self.master_username!r} must be 1-16 letters/digits/'_', start with a letter and not be a reserved word")
        out += _between(self.port, 1150, 65535, f"{at}.port")
        out += _between(self.backup_retention_days, 1, 35, f"{at}.backup_retention_days", " days")
        if not WINDOW_PATTERN.fullmatch(self.backup_window):
            out.append(f"{at}.backup_window {self.backup_window!r} must look like '03:00-04:00' (UTC)")
        if not MAINTENANCE_PATTERN.fullmatch(self.maintenance_window):
            out.append(f"{at}.maintenance_window {self.maintenance_window!r} must look like 'sun:04:30-sun:05:30' (UTC)")
        if self.enhanced_monitoring_seconds not in (0, 1, 5, 10, 15, 30, 60):
            out.append(f"{at}.enhanced_monitoring_seconds ({self.enhanced_monitoring_seconds}) must be 0, 1, 5, 10, 15, 30 or 60")
        if self.slow_query_ms < -1:
            out.append(f"{at}.slow_query_ms ({self.slow_query_ms}) must be -1 (off) or a duration in ms")
        out += _retention(self.log_retention_days, f"{at}.log_retention_days")
        return out


# --- DynamoDB -------------------------------------------------------------------------------

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
            out.append(f"{at}.name {self.name!r} must be 1-30 of a-z, 0-9, '-', starting with a letter")
        for attribute, kind in self.attributes.items():
            if not ATTRIBUTE_NAME_PATTERN.fullmatch(attribute):
                out.append(f"{at}.attributes: {attribute!r} is not a valid attribute name")
            if kind not in ("S", "N", "B"):
                out.append(f"{at}.attributes[{attribute}] type {kind!r} must be 'S', 'N' or 'B'")
        keys = [("partition_key", self.partition_key), ("sort_key", self.sort_key)]
        for index in self.indexes:
            keys += [(f"indexes[{index.name}].partition_key", index.partition_key),
                     (f"indexes[{index.name}].sort_key", index.sort_key)]
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
        if self.ttl_attribute and self.ttl_attribute in used:
            out.append(f"{at}.ttl_attribute {self.ttl_attribute!r} is a key attribute: use a separate attribute such as 'expires_at'")
        for label, (low, high) in (("read_capacity", self.read_capacity), ("write_capacity", self.write_capacity)):
            if not 1 <= low <= high:
                out.append(f"{at}.{label} {low, high} must be (min, max) with 1 <= min <= max")
        for region in self.replica_regions:
            out += _region(region, f"{at}.replica_regions entry")
        return out


# --- messaging ------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class QueueConfig:
    """An SQS queue subscribed to a topic, with its own dead-letter queue."""

    name: str
    """Logical name (FIFO when it ends with ``.fifo``, which its topic must then be too)."""
    visibility_timeout_seconds: int = 30
    retention_seconds: int = 4 * 24 * 3600
    max_receive_count: int = 5
    """Receives before a message moves to the dead-letter queue."""
    dlq_retention_seconds: int = 14 * 24 * 3600
    raw_message_delivery: bool = False
    filter_policy: Mapping[str, object] | None = None
    """SNS subscription filter policy on message attributes."""
    max_message_age_seconds: int = 15 * 60
    """Alarm when the oldest message is older than this (60 up to ``retention_seconds``)."""

    @property
    def fifo(self) -> bool:
        return self.name.endswith(".fifo")

    @property
    def base_name(self) -> str:
        return self.name.removesuffix(".fifo")

    @property
    def dlq_base_name(self) -> str:
        """Logical name of the dead-letter queue (``<base name>-dlq``, FIFO like the queue)."""
        return f"{self.base_name}-dlq"

    def problems(self, at: str) -> list[str]:
        at = f"{at}[{self.name}]"
        out: list[str] = []
        if not QUEUE_NAME_PATTERN.fullmatch(self.name):
            out.append(f"{at}.name {self.name!r} may hold only letters, digits, '-', '_' (up to 60) and an optional '.fifo' ending")
        out += _between(self.visibility_timeout_seconds, 0, 43200, f"{at}.visibility_timeout_seconds", "s")
        out += _between(self.retention_seconds, 60, 1209600, f"{at}.retention_seconds", "s")
        out += _between(self.dlq_retention_seconds, 60, 1209600, f"{at}.dlq_retention_seconds", "s")
        out += _between(self.max_receive_count, 1, 1000, f"{at}.max_receive_count")
        if self.dlq_retention_seconds < self.retention_seconds:
            out.append(f"{at}.dlq_retention_seconds must be >= retention_seconds, or messages expire in the DLQ before you can inspect them")
        if not 60 <= self.max_message_age_seconds <= self.retention_seconds:
            out.append(f"{at}.max_message_age_seconds ({self.max_message_age_seconds}s) must be between 60 and "
                       f"retention_seconds ({self.retention_seconds}s): older messages have expired, so the alarm could never fire")
        if self.filter_policy is not None:
            import json  # only here; the module needs it nowhere else

            try:
                json.dumps(dict(self.filter_policy))
            except (TypeError, ValueError):
                out.append(f"{at}.filter_policy must be a JSON object of attribute -> list of conditions, "
                           "e.g. {'event_type': ['order_placed']}")
        return out


@dataclass(frozen=True, kw_only=True)
class TopicConfig:
    """An SNS topic and the queues it fans out to."""

    name: str
    """Logical name; FIFO when it ends with ``.fifo``."""
    queues: tuple[QueueConfig, ...] = ()

    @property
    def fifo(self) -> bool:
        return self.name.endswith(".fifo")

    @property
    def base_name(self) -> str:
        return self.name.removesuffix(".fifo")

    def problems(self, at: str) -> list[str]:
        at = f"{at}[{self.name}]"
        out: list[str] = []
        if not QUEUE_NAME_PATTERN.fullmatch(self.name):
            out.append(f"{at}.name {self.name!r} may hold only letters, digits, '-', '_' and an optional '.fifo' ending")
        for queue in self.queues:
            if queue.fifo != self.fifo:
                out.append(f"{at}: queue {queue.name!r} must {'' if self.fifo else 'not '}end with '.fifo' like its topic")
        return out


ALARM_TOPIC = "alarms"
"""Logical name of the environment's alarm topic, which the messaging stack always makes (the
service and data stacks send their alarms to it); no configured topic may use it."""


@dataclass(frozen=True, kw_only=True)
class MessagingConfig:
    """SNS topics and the SQS queues they fan out to (``messaging-<suffix>`` stack)."""

    topics: tuple[TopicConfig, ...] = ()
    """Topics, each with its subscribed queues; every queue gets a ``<name>-dlq`` dead-letter queue."""
    redrive_allow_policy: bool = True
    """Restrict each DLQ to its own source queue (off only where an emulator lacks the API)."""

    def problems(self, at: str) -> list[str]:
        out: list[str] = []
        for topic in self.topics:
            out += topic.problems(f"{at}.topics")
            if topic.base_name == ALARM_TOPIC:
                out.append(f"{at}.topics[{topic.name}].name {topic.name!r} is reserved for the alarm topic: choose another name")
            for queue in topic.queues:
                out += queue.problems(f"{at}.topics[{topic.name}].queues")
        names = [t.base_name for t in self.topics] + [q.base_name for t in self.topics for q in t.queues]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            out.append(f"{at}: topic and queue names must be unique, {duplicates} repeat")
        for topic in self.topics:
            for queue in topic.queues:
                if queue.dlq_base_name in names:
                    out.append(f"{at}.topics[{topic.name}].queues[{queue.name}]: its dead-letter queue "
                               f"{queue.dlq_base_name!r} has the name of another queue or topic: rename one of them")
        return out


# --- service --------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class HealthCheckConfig:
    path: str = "/"
    interval_seconds: int = 15
    timeout_seconds: int = 5
    healthy_threshold: int = 2
    unhealthy_threshold: int = 3
    matcher: str = "200-399"

    def problems(self, at: str) -> list[str]:
        out: list[str] = []
        if not HEALTH_CHECK_PATH.fullmatch(self.path) or len(self.path) > 1024:
            out.append(f"{at}.path {self.path[:60]!r} must be a plain URL path of up to 1024 characters: '/' "
                       "then letters, digits and . _ ~ - / only, no query (e.g. '/health')")
        out += _between(self.interval_seconds, 5, 300, f"{at}.interval_seconds", "s")
        out += _between(self.timeout_seconds, 2, 120, f"{at}.timeout_seconds", "s")
        if self.timeout_seconds >= self.interval_seconds:
            out.append(f"{at}.timeout_seconds ({self.timeout_seconds}) must be less than interval_seconds ({self.interval_seconds})")
        out += _between(self.healthy_threshold, 2, 10, f"{at}.healthy_threshold")
        out += _between(self.unhealthy_threshold, 2, 10, f"{at}.unhealthy_threshold")
        if not re.fullmatch(r"\d{3}(-\d{3})?(,\d{3})*", self.matcher):
            out.append(f"{at}.matcher {self.matcher!r} must be HTTP codes like '200' or '200-399'")
        return out


@dataclass(frozen=True, kw_only=True)
class CapacityConfig:
    """How tasks split between on-demand FARGATE and FARGATE_SPOT.

    The first ``on_demand_base`` tasks run on FARGATE; the rest are spread by weight.
    """

    on_demand_base: int = 0
    on_demand_weight: int = 0
    spot_weight: int = 1

    def problems(self, at: str) -> list[str]:
        out = _between(self.on_demand_base, 0, 100000, f"{at}.on_demand_base")
        out += _between(self.on_demand_weight, 0, 1000, f"{at}.on_demand_weight")
        out += _between(self.spot_weight, 0, 1000, f"{at}.spot_weight")
        if self.on_demand_weight + self.spot_weight == 0:
            out.append(f"{at}: on_demand_weight + spot_weight must be > 0")
        return out


@dataclass(frozen=True, kw_only=True)
class ServiceConfig:
    """The API service: one container on Fargate behind the ALB."""

    name: str = "api"
    image: str = "public.ecr.aws/nginx/nginx:1.27-alpine"
    """Container image; pin a digest or an immutable tag in real environments."""
    container_port: int = 80
    cpu: int = 256
    """Task CPU units; with ``memory`` it must be a pair Fargate accepts."""
    memory: int = 512
    desired_count: int = 1
    min_count: int = 1
    max_count: int = 4
    capacity: CapacityConfig = field(default_factory=CapacityConfig)
    autoscaling: bool = True
    """Target tracking on the service (off only where an emulator lacks the API)."""
    cpu_target_percent: int = 70
    memory_target_percent: int | None = None
    requests_per_target: int | None = None
    """ALB requests per target per minute to track; None leaves it out."""
    scale_in_cooldown_seconds: int = 300
    scale_out_cooldown_seconds: int = 60
    health_check: HealthCheckConfig = field(default_factory=HealthCheckConfig)
    health_check_grace_seconds: int = 60
    deregistration_delay_seconds: int = 30
    min_healthy_percent: int = 100
    max_percent: int = 200
    environment: Mapping[str, str] = field(default_factory=dict)
    """Plain, non-secret container environment. Secrets come from Secrets Manager by ARN."""
    log_retention_days: int = 30
    container_insights: bool = True
    execute_command: bool = False
    """ECS Exec into running tasks (sessions logged to an encrypted audit log group)."""
    exec_audit_log_days: int = 365
    """Retention of the ECS Exec session audit log."""
    writable_paths: tuple[str, ...] = ("/var/cache/nginx", "/var/run", "/tmp")
    """The root filesystem is read-only; these paths get task-local scratch volumes."""
    container_health_check: bool = True
    """Docker health check that fetches ``health_check.path`` with ``wget`` (needs wget in the
    image, as alpine/busybox images have; turn off for distroless images)."""
    certificate_arn: str | None = None
    """ACM certificate (ALB's region) for HTTPS; without one the listener serves HTTP."""
    ingress: Literal["cloudfront", "anywhere"] = "cloudfront"
    """Who may reach the ALB: CloudFront's origin-facing prefix list, or any address."""
    alb_access_log_days: int = 30
    """Days ALB access logs are kept."""
    idle_timeout_seconds: int = 60

    def problems(self, at: str) -> list[str]:
        out: list[str] = []
        if not LOGICAL_NAME_PATTERN.fullmatch(self.name):
            out.append(f"{at}.name {self.name!r} must be 1-30 of a-z, 0-9, '-', starting with a letter")
        if not self.image or " " in self.image:
            out.append(f"{at}.image {self.image!r} must be an image reference like 'public.ecr.aws/nginx/nginx:1.27'")
        out += _between(self.container_port, 1, 65535, f"{at}.container_port")
        if self.cpu not in FARGATE_MEMORY:
            out.append(f"{at}.cpu ({self.cpu}) must be one of {sorted(FARGATE_MEMORY)} Fargate CPU units")
        elif self.memory not in FARGATE_MEMORY[self.cpu]:
            valid = FARGATE_MEMORY[self.cpu]
            fits = [cpu for cpu, sizes in FARGATE_MEMORY.items() if self.memory in sizes]
            hint = f"; memory {self.memory} needs cpu in {fits}" if fits else ""
            out.append(f"{at}.memory ({self.memory}) is not valid with cpu {self.cpu}: use {valid.start}-{valid.stop - 1} "
                       f"in steps of {valid.step}{hint}")
        if not 0 <= self.min_count <= self.desired_count <= self.max_count:
            out.append(f"{at}: need 0 <= min_count ({self.min_count}) <= desired_count ({self.desired_count}) "
                       f"<= max_count ({self.max_count})")
        if self.max_count < 1:
            out.append(f"{at}.max_count ({self.max_count}) must be at least 1")
        out += self.capacity.problems(f"{at}.capacity")
        out += self.health_check.problems(f"{at}.health_check")
        out += _between(self.cpu_target_percent, 10, 95, f"{at}.cpu_target_percent", "%")
        if self.memory_target_percent is not None:
            out += _between(self.memory_target_percent, 10, 95, f"{at}.memory_target_percent", "%")
        if self.requests_per_target is not None:
            out += _between(self.requests_per_target, 1, 100000, f"{at}.requests_per_target")
        out += _between(self.health_check_grace_seconds, 0, 2147483647, f"{at}.health_check_grace_seconds")
        out += _between(self.deregistration_delay_seconds, 0, 3600, f"{at}.deregistration_delay_seconds", "s")
        out += _between(self.min_healthy_percent, 0, 100, f"{at}.min_healthy_percent", "%")
        out += _between(self.max_percent, 100, 200, f"{at}.max_percent", "%")
        out += _between(self.idle_timeout_seconds, 1, 4000, f"{at}.idle_timeout_seconds", "s")
        out += _between(self.alb_access_log_days, 1, 3650, f"{at}.alb_access_log_days")
        out += _retention(self.log_retention_days, f"{at}.log_retention_days")
        out += _retention(self.exec_audit_log_days, f"{at}.exec_audit_log_days")
        for path in self.writable_paths:
            if not re.fullmatch(r"(/[A-Za-z0-9._-]+)+", path):
                out.append(f"{at}.writable_paths entry {path!r} must be an absolute path like '/tmp'")
        for key in self.environment:
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
                out.append(f"{at}.environment key {key!r} is not a valid variable name")
            if re.search(r"PASSWORD|SECRET|TOKEN|API_KEY", key, re.IGNORECASE):
                out.append(f"{at}.environment key {key!r} looks like a secret: store it in Secrets Manager and inject it by ARN")
        if self.certificate_arn is not None and not self.certificate_arn.startswith("arn:aws"):
            out.append(f"{at}.certificate_arn {self.certificate_arn!r} must be an ACM certificate ARN")
        return out


# --- CDN ------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CdnConfig:
    """CloudFront in front of the static-site bucket (default) and the ALB (``/api/*``)."""

    price_class: str = "PriceClass_100"
    aliases: tuple[str, ...] = ()
    """Custom domain names; they need ``certificate_arn``."""
    certificate_arn: str | None = None
    """ACM certificate in us-east-1 covering ``aliases``."""
    waf: bool = False
    """Attach a WAFv2 web ACL (AWS common rule set + per-IP rate limit)."""
    waf_rate_limit: int = 2000
    """Requests per 5 minutes per IP before WAF blocks."""
    access_logs: bool = False
    """Standard CloudFront access logs to an S3 bucket."""
    log_retention_days: int = 90
    """Retention of WAF logs and CloudFront access logs."""
    error_pages: bool = True
    """Serve ``/error.html`` for 403/404 answers. CloudFront applies error pages to every
    behaviour, so API 403/404 bodies are replaced too: turn off if clients need them."""
    upload_default_site: bool = True
    """Upload a placeholder index.html / error.html into the site bucket."""
    api_path: str = "/api/*"

    def problems(self, at: str) -> list[str]:
        out: list[str] = []
        if self.price_class not in CLOUDFRONT_PRICE_CLASSES:
            out.append(f"{at}.price_class {self.price_class!r} must be one of {', '.join(CLOUDFRONT_PRICE_CLASSES)}")
        if self.aliases and not self.certificate_arn:
            out.append(f"{at}.aliases need certificate_arn (an ACM certificate in us-east-1)")
        if self.certificate_arn and ":us-east-1:" not in self.certificate_arn:
            out.append(f"{at}.certificate_arn must be a certificate in us-east-1 (CloudFront reads only there)")
        out += _between(self.waf_rate_limit, 10, 2000000000, f"{at}.waf_rate_limit")
        out += _retention(self.log_retention_days, f"{at}.log_retention_days")
        if not re.fullmatch(r"/[A-Za-z0-9_\-./]*\*?", self.api_path):
            out.append(f"{at}.api_path {self.api_path!r} must be a path pattern like '/api/*'")
        return out


# --- alarms ---------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class AlarmsConfig:
    emails: tuple[str, ...] = ()
    """Addresses subscribed to the environment's alarm topic (each confirms by mail)."""
    alb_5xx_per_minute: int = 10
    target_response_seconds: float = 1.5
    cpu_high_percent: int = 85
    memory_high_percent: int = 85
    cloudfront_5xx_percent: float = 5.0

    def problems(self, at: str) -> list[str]:
        out = [f"{at}.emails entry {e!r} is not an e-mail address" for e in self.emails
               if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", e)]
        lowered = [e.lower() for e in self.emails]
        out += [f"{at}.emails lists {e!r} more than once: remove the repeat" for e in sorted(set(lowered))
                if lowered.count(e) > 1]
        out += _between(self.cpu_high_percent, 1, 100, f"{at}.cpu_high_percent", "%")
        out += _between(self.memory_high_percent, 1, 100, f"{at}.memory_high_percent", "%")
        out += _between(self.cloudfront_5xx_percent, 0.1, 100, f"{at}.cloudfront_5xx_percent", "%")
        return out


# --- emulator -------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class EmulatorConfig:
    """Point the provider and the S3 backend at a local AWS API (moto or LocalStack).

    ``LOCAL_AWS_ENDPOINT`` overrides ``endpoint``. HTTPS, as on AWS; the emulator's
    self-signed certificate is accepted (``insecure``) only because the endpoint must be a
    loopback address. Every field below other than ``endpoint`` works around an emulator gap,
    in this environment only; the README lists each one ("Emulator gaps").
    """

    endpoint: str = "https://127.0.0.1:4566"
    services: tuple[str, ...] = (
        "acm", "applicationautoscaling", "cloudfront", "cloudwatch", "dynamodb", "ec2", "ecs",
        "elbv2", "iam", "kms", "logs", "rds", "s3", "secretsmanager", "sns", "sqs", "sts", "wafv2",
    )
    ignore_drift: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Per Terraform resource type, attributes the emulator does not round-trip: ignored
    (``lifecycle.ignore_changes``) so a second plan is clean."""
    policy_conditions: bool = False
    """Whether the emulator evaluates conditions in resource policies. moto does not: it
    applies a conditional Deny (such as the TLS-only bucket statement) to every object
    request, so that statement is left out while this is False."""

    def problems(self, at: str) -> list[str]:
        match = re.fullmatch(r"https?://(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?/?", self.endpoint)
        if not match:
            return [f"{at}.endpoint {self.endpoint!r} must be a loopback URL such as https://127.0.0.1:4566 (LOCAL_AWS_ENDPOINT sets it)"]
        return []


# --- the environment ------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Environment:
    """Everything that differs between environments. Built by ``environments.load``."""

    name: str
    """The named environment this is (or derives from): local, dev, staging, prod."""
    suffix: str
    """Goes into every physical name and the state key; equals ``name`` unless ephemeral."""
    project: str = "platform"
    region: str = "eu-west-1"
    account_id: str | None = None
    """The AWS account (12 digits) this environment lives in: every AWS provider pins it with
    ``allowed_account_ids``, so other credentials fail at plan before anything is read or
    written. Required for every real environment; an emulator environment names the
    emulator's account."""
    copy_prefix: str | None = None
    """Whether ephemeral copies of this environment may exist, and what they are called:
    ``"pr"`` allows ``pr1`` ... ``pr99999999`` (the prefix and 1-8 digits). ``None``: this
    environment cannot be copied. Copy prefixes of different environments never start one
    another, so a suffix names exactly one environment."""
    ephemeral: bool = False
    """A short-lived copy (e.g. a pull request's ``pr1234``): always destroyable."""
    tags: Mapping[str, str] = field(default_factory=dict)
    """Extra tags on every resource (the provider's default_tags)."""
    network: NetworkConfig = field(default_factory=NetworkConfig)
    protection: ProtectionConfig = field(default_factory=ProtectionConfig)
    state: StateConfig = field(default_factory=StateConfig)
    database: DatabaseConfig = field(default_factory=DatabaseConfig)
    tables: tuple[TableConfig, ...] = ()
    messaging: MessagingConfig = field(default_factory=MessagingConfig)
    service: ServiceConfig = field(default_factory=ServiceConfig)
    cdn: CdnConfig = field(default_factory=CdnConfig)
    alarms: AlarmsConfig = field(default_factory=AlarmsConfig)
    emulator: EmulatorConfig | None = None
    """Set only for environments that run against a local AWS API."""

    def problems(self) -> list[str]:
        at = f"environments.{self.name}"
        # Types first: the rules below compare and parse values, which needs the right types.
        out: list[str] = type_problems(self, at)
        if out:
            return out
        for check in (check_project, check_suffix):
            try:
                check(self.project if check is check_project else self.suffix)
            except NamingError as error:
                out.append(str(error))
        if not out:  # a malformed suffix is one line, not one per rule it also breaks
            out += self._choice_problems(at)
        out += _region(self.region, f"{at}.region")
        if self.account_id is None and self.emulator is None:
            out.append(f"{at}.account_id is not set: name the AWS account this environment lives in "
                       "(12 digits), so no other credentials can touch it")
        elif self.account_id is not None and not re.fullmatch(r"\d{12}", self.account_id):
            out.append(f"{at}.account_id {self.account_id!r} must be 12 digits")
        for key, value in self.tags.items():
            if not 1 <= len(key) <= 128 or len(value) > 256 or key.lower().startswith("aws:"):
                out.append(f"{at}.tags[{key!r}] breaks AWS tag rules (key 1-128, value <= 256, no 'aws:' prefix)")
        out += self.network.problems(f"{at}.network")
        out += self.protection.problems(f"{at}.protection")
        out += self.state.problems(f"{at}.state", required=self.emulator is None)
        out += self.database.problems(f"{at}.database")
        names = [table.name for table in self.tables]
        if len(set(names)) != len(names):
            out.append(f"{at}.tables has duplicate names {sorted(names)}")
        for table in self.tables:
            out += table.problems(f"{at}.tables")
        out += self.messaging.problems(f"{at}.messaging")
        out += self.service.problems(f"{at}.service")
        out += self.cdn.problems(f"{at}.cdn")
        out += self.alarms.problems(f"{at}.alarms")
        if self.emulator is not None:
            out += self.emulator.problems(f"{at}.emulator")
        return out

    def _choice_problems(self, at: str) -> list[str]:
        """A named environment's suffix is its name; a copy's is its base's prefix and digits."""
        if self.copy_prefix is not None and not re.fullmatch(r"[a-z]{1,4}", self.copy_prefix):
            return [f"{at}.copy_prefix {self.copy_prefix!r} must be 1-4 letters a-z (copies are named <prefix><digits>)"]
        if not self.ephemeral:
            if self.suffix != self.name:
                return [f"{at}.suffix {self.suffix!r} must equal the environment's name {self.name!r} "
                        "(a named environment's suffix is reserved for it)"]
            return []
        if self.copy_prefix is None:
            return [f"{self.name} cannot be copied (environments.{self.name}.copy_prefix is None): "
                    f"deploy {self.name} itself, or copy an environment that allows copies"]
        if not re.fullmatch(rf"{self.copy_prefix}[0-9]{{1,8}}", self.suffix):
            return [f"ENVIRONMENT_SUFFIX {self.suffix!r} is not a name for a copy of {self.name}: use "
                    f"{self.copy_prefix!r} and 1-8 digits, e.g. {self.copy_prefix}1234"]
        return []

    @property
    def policy_conditions_enforced(self) -> bool:
        """Resource policies may use conditional Deny statements (always, on real AWS)."""
        return self.emulator is None or self.emulator.policy_conditions

    def validate(self) -> Environment:
        problems = self.problems()
        if problems:
            raise ConfigError(problems)
        return self

