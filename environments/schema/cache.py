"""ElastiCache for Valkey: one replication group, IAM-authenticated users, TLS required."""

from __future__ import annotations

import re
from dataclasses import dataclass

from environments.schema.formats import daily_window, weekly_window
from environments.schema.rules import _between, _retention

VALKEY_VERSIONS = ("7.2", "8.0", "8.1")
"""Valkey versions ElastiCache (and provider 5.x's ``engine_version``) accept."""
CACHE_PORT = 6379
CURRENT_FAMILIES = ("t4g", "m6g", "m7g", "r6g", "r7g", "r6gd", "c7gn")
"""Current-generation node families (Graviton); ``t3``/``m5``/``r5`` and older are refused."""
CURRENT_SIZES = {
    "t4g": ("micro", "small", "medium"),
    "m6g": ("large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"),
    "m7g": ("large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"),
    "r6g": ("large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"),
    "r7g": ("large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"),
    "r6gd": ("xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"),
    "c7gn": ("large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"),
}
NODE_TYPES = frozenset(f"cache.{family}.{size}" for family, sizes in CURRENT_SIZES.items() for size in sizes)
"""Every node type ``node_type`` accepts."""
PREVIOUS_FAMILIES = ("t2", "t3", "m3", "m4", "m5", "r3", "r4", "r5", "t1", "m1", "m2", "c1")


@dataclass(frozen=True, kw_only=True)
class CacheConfig:
    """A Valkey replication group in the isolated subnets. Services reach it with the grant
    ``cache`` (``Grants.cache``) and authenticate as their own IAM user: no password exists."""

    node_type: str = "cache.t4g.micro"
    """A current-generation node type (``NODE_TYPES``)."""
    engine_version: str = "8.0"
    """Valkey major.minor, one of ``VALKEY_VERSIONS``."""
    replicas: int = 0
    """Read replicas besides the primary, 0-5 (``num_cache_clusters`` = 1 + replicas)."""
    multi_az: bool = False
    """Replicas in other AZs and automatic failover; needs at least one replica."""
    snapshot_retention_days: int = 0
    """Daily snapshots kept, 0 (none) to 35."""
    snapshot_window: str = "03:00-04:00"
    """Daily snapshot window, UTC ``hh:mm-hh:mm``, at least 60 minutes, outside the maintenance window."""
    maintenance_window: str = "sun:05:00-sun:06:00"
    """Weekly maintenance window, UTC ``ddd:hh:mm-ddd:hh:mm``, at least 60 minutes."""
    slow_log_retention_days: int = 30
    """Retention of the slow-log log group (a CloudWatch Logs retention value)."""
    cpu_percent: int = 80
    """Alarm: a node's engine CPU above this (%)."""
    memory_percent: int = 85
    """Alarm: a node's used memory above this (% of max memory)."""
    evictions: int = 100
    """Alarm: evicted keys per 5 minutes above this."""
    replication_lag_seconds: int = 10
    """Alarm (replicas only): a replica this many seconds behind."""

    def problems(self, at: str) -> list[str]:
        out: list[str] = []
        match = re.fullmatch(r"cache\.([a-z0-9]+)\.([a-z0-9]+)", self.node_type, re.ASCII)
        if match and match[1] in PREVIOUS_FAMILIES:
            out.append(
                f"{at}.node_type {self.node_type!r} is a previous-generation type: use a current one, e.g. "
                "'cache.t4g.micro' or 'cache.r7g.large'"
            )
        elif self.node_type not in NODE_TYPES:
            out.append(
                f"{at}.node_type {self.node_type!r} is not a known current-generation node type "
                "(e.g. 'cache.t4g.micro', 'cache.m7g.large', 'cache.r7g.large')"
            )
        if self.engine_version not in VALKEY_VERSIONS:
            out.append(f"{at}.engine_version {self.engine_version!r} must be one of {', '.join(VALKEY_VERSIONS)}")
        out += _between(self.replicas, 0, 5, f"{at}.replicas")
        if self.multi_az and self.replicas < 1:
            out.append(f"{at}.multi_az is on with replicas=0: Multi-AZ with one node cannot fail over; set replicas>=1")
        out += _between(self.snapshot_retention_days, 0, 35, f"{at}.snapshot_retention_days", " days")
        daily, weekly = daily_window(self.snapshot_window), weekly_window(self.maintenance_window)
        if daily is None:
            out.append(
                f"{at}.snapshot_window {self.snapshot_window!r} must be 'hh:mm-hh:mm' in UTC, e.g. '03:00-04:00'"
            )
        elif daily[1] < 60:
            out.append(f"{at}.snapshot_window {self.snapshot_window!r} must last at least 60 minutes")
        if weekly is None:
            out.append(
                f"{at}.maintenance_window {self.maintenance_window!r} must be 'ddd:hh:mm-ddd:hh:mm' in UTC, "
                "e.g. 'sun:05:00-sun:06:00'"
            )
        elif weekly[1] < 60:
            out.append(f"{at}.maintenance_window {self.maintenance_window!r} must last at least 60 minutes")
        if daily is not None and weekly is not None and daily[1] >= 60 and weekly[1] >= 60:
            day, week = 24 * 60, 7 * 24 * 60
            for n in range(7):
                a, a_length, b, b_length = n * day + daily[0], daily[1], weekly[0], weekly[1]
                if (b - a) % week < a_length or (a - b) % week < b_length:
                    out.append(
                        f"{at}.snapshot_window {self.snapshot_window!r} overlaps maintenance_window "
                        f"{self.maintenance_window!r}: move one of them"
                    )
                    break
        out += _retention(self.slow_log_retention_days, f"{at}.slow_log_retention_days")
        out += _between(self.cpu_percent, 1, 100, f"{at}.cpu_percent", "%")
        out += _between(self.memory_percent, 1, 100, f"{at}.memory_percent", "%")
        out += _between(self.evictions, 0, 1_000_000, f"{at}.evictions")
        out += _between(self.replication_lag_seconds, 1, 3600, f"{at}.replication_lag_seconds", " s")
        return out
