"""AWS value sets, the configuration error and the small rule helpers every section uses."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Protocol

from environments.regions import REGIONS
from environments.schema.formats import absolute_path_problems, image_problems, plain_text_problems, scratch_volume

LOG_RETENTION_DAYS = (
    1,
    3,
    5,
    7,
    14,
    30,
    60,
    90,
    120,
    150,
    180,
    365,
    400,
    545,
    731,
    1096,
    1827,
    2192,
    2557,
    2922,
    3288,
    3653,
)
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
QUEUE_NAME_PATTERN = re.compile(r"[a-zA-Z0-9_-]{1,60}(\.fifo)?", re.ASCII)
HEALTH_CHECK_PATH = re.compile(r"/[A-Za-z0-9._~/-]*", re.ASCII)
"""A plain URL path: it reaches the load balancer and the container's health command."""
LOGICAL_NAME_PATTERN = re.compile(r"(?=.{1,30}$)[a-z][a-z0-9]*(-[a-z0-9]+)*", re.ASCII)
"""Services and tables: lowercase words joined by single '-', so every name made from one (a
bucket, an RDS-style identifier) stays valid."""
ATTRIBUTE_NAME_PATTERN = re.compile(r"[A-Za-z0-9_.-]{1,255}", re.ASCII)
INDEX_NAME_PATTERN = re.compile(r"[A-Za-z0-9_.-]{3,255}", re.ASCII)
VARIABLE_NAME_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*", re.ASCII)
PLATFORM_SECRETS = ("DB_USERNAME", "DB_PASSWORD")
"""The secrets a database grant injects (``Grants.SECRET_VARIABLES``): a configured variable of
that name is refused as the platform's, not as a secret in plain text."""


class ConfigError(ValueError):
    """Configuration that cannot be synthesized. ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def _retention(value: int, at: str) -> list[str]:
    if value not in LOG_RETENTION_DAYS:
        nearest = min(LOG_RETENTION_DAYS, key=lambda allowed: abs(allowed - value))
        return [
            f"{at} ({value}) is not a CloudWatch Logs retention: use one of "
            f"{', '.join(map(str, LOG_RETENTION_DAYS))} (nearest: {nearest})"
        ]
    return []


def _region(region: str, at: str) -> list[str]:
    if region not in REGIONS:
        near = sorted(r for r in REGIONS if r.split("-")[0] == str(region).split("-")[0]) or sorted(REGIONS)[:6]
        return [f"{at} {region!r} is not an AWS region: use one of {', '.join(near)}, ..."]
    return []


S3_BUCKET_RULES = (
    (
        re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", re.ASCII),
        "3-63 of a-z, 0-9, '.', '-', starting and ending with a letter or digit",
        True,
    ),
    (re.compile(r".*\.\..*|.*\.-.*|.*-\..*", re.ASCII), "no '..', '.-' or '-.'", False),
    (re.compile(r"[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+", re.ASCII), "not shaped like an IP address", False),
    (re.compile(r"(xn--|sthree-|amzn-s3-demo-).*", re.ASCII), "no 'xn--', 'sthree-' or 'amzn-s3-demo-' prefix", False),
    (
        re.compile(r".*(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)", re.ASCII),
        "no '-s3alias', '--ol-s3', '.mrap', '--x-s3' or '--table-s3' ending",
        False,
    ),
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


Range = tuple[str, float, float] | tuple[str, float, float, str]
"""``(field, low, high)`` or ``(field, low, high, unit)``: a field's allowed values, for ``_ranges``."""


def _ranges(config: object, at: str, ranges: Sequence[Range]) -> list[str]:
    """``_between`` for each field of ``ranges``, in order, so a field's name is written once for
    its value and its message (``<at>.<field>``)."""
    out: list[str] = []
    for field, low, high, *unit in ranges:
        out += _between(getattr(config, field), low, high, f"{at}.{field}", *unit)
    return out


class _Container(Protocol):
    """What every kind of service (``ServiceConfig``, ``TaskConfig``) says about its container."""

    @property
    def name(self) -> str: ...
    @property
    def image(self) -> str: ...
    @property
    def cpu(self) -> int: ...
    @property
    def memory(self) -> int: ...
    @property
    def environment(self) -> Mapping[str, str]: ...
    @property
    def writable_paths(self) -> Sequence[str]: ...
    @property
    def command(self) -> Sequence[str]: ...


def _container_problems(container: _Container, at: str) -> list[str]:
    """The rules every kind of service's container follows: its logical name, image reference,
    Fargate size (a ``cpu``/``memory`` pair AWS accepts), plain variables (valid names, nothing
    that looks like a secret, printable values), its command (printable arguments) and scratch
    mount points (normalized absolute paths, one volume each)."""
    name, image, cpu, memory = container.name, container.image, container.cpu, container.memory
    out = []
    if not LOGICAL_NAME_PATTERN.fullmatch(name):
        out.append(
            f"{at}.name {name!r} must be 1-30 of a-z and 0-9 in words joined by single '-', starting with a letter"
        )
    out += image_problems(image, f"{at}.image")
    if cpu not in FARGATE_MEMORY:
        out.append(f"{at}.cpu ({cpu}) must be one of {sorted(FARGATE_MEMORY)} Fargate CPU units")
    elif memory not in FARGATE_MEMORY[cpu]:
        valid = FARGATE_MEMORY[cpu]
        fits = [c for c, sizes in FARGATE_MEMORY.items() if memory in sizes]
        hint = f"; memory {memory} needs cpu in {fits}" if fits else ""
        out.append(
            f"{at}.memory ({memory}) is not valid with cpu {cpu}: use {valid.start}-{valid.stop - 1} "
            f"in steps of {valid.step}{hint}"
        )
    for key, value in container.environment.items():
        if not VARIABLE_NAME_PATTERN.fullmatch(key):
            out.append(
                f"{at}.environment key {key!r} is not a variable name: use letters, digits and '_', not first a digit"
            )
        elif key not in PLATFORM_SECRETS and re.search(r"PASSWORD|SECRET|TOKEN|API_KEY", key, re.IGNORECASE | re.ASCII):
            out.append(
                f"{at}.environment key {key!r} looks like a secret: store it in Secrets Manager and inject it by ARN"
            )
        else:
            out += plain_text_problems(value, f"{at}.environment[{key!r}]")
    for index, argument in enumerate(container.command):
        out += plain_text_problems(argument, f"{at}.command[{index}]")
    volumes: dict[str, str] = {}
    for path in container.writable_paths:
        wrong = absolute_path_problems(path, f"{at}.writable_paths")
        out += wrong
        volume = scratch_volume(path)
        if not wrong and volume in volumes:
            out.append(
                f"{at}.writable_paths entry {path!r} gets the scratch volume of {volumes[volume]!r} "
                f"({volume}): list each directory once"
            )
        volumes.setdefault(volume, path)
    return out
