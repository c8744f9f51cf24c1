"""Aurora PostgreSQL."""

from __future__ import annotations

import re
from dataclasses import dataclass

from environments.schema.formats import engine_version_problems, window_problems
from environments.schema.rules import (
    _between,
    _retention,
)

ENGINE_MAJOR = 16
"""The Aurora PostgreSQL major version the cluster parameter group's family is made for."""


@dataclass(frozen=True, kw_only=True)
class DatabaseConfig:
    """Aurora PostgreSQL. Serverless v2 (``db.serverless``) unless ``instance_class`` says otherwise."""

    engine_version: str = "16.4"
    """Aurora PostgreSQL version (16.x: the parameter group family is ``aurora-postgresql16``)."""
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
    """Daily backup window, UTC ``hh:mm-hh:mm``, at least 30 minutes, outside ``maintenance_window``."""
    maintenance_window: str = "sun:04:30-sun:05:30"
    """Weekly maintenance window, UTC ``ddd:hh:mm-ddd:hh:mm``, at least 30 minutes."""
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
        out += engine_version_problems(self.engine_version, f"{at}.engine_version", major=ENGINE_MAJOR)
        if not re.fullmatch(r"db\.serverless|db\.[a-z0-9]+\.[a-z0-9]+", self.instance_class, re.ASCII):
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
        if not re.fullmatch(r"[a-zA-Z][a-zA-Z0-9_]{0,62}", self.database_name, re.ASCII):
            out.append(
                f"{at}.database_name {self.database_name!r} must start with a letter and hold only letters, digits, '_'"
            )
        if not re.fullmatch(r"[a-zA-Z][a-zA-Z0-9_]{0,15}", self.master_username, re.ASCII) or self.master_username in (
            "admin",
            "postgres",
            "rdsadmin",
        ):
            out.append(
                f"{at}.master_username {self.master_username!r} must be 1-16 letters/digits/'_', start with a letter and not be a reserved word"
            )
        out += _between(self.port, 1150, 65535, f"{at}.port")
        out += _between(self.backup_retention_days, 1, 35, f"{at}.backup_retention_days", " days")
        out += window_problems(self.backup_window, self.maintenance_window, at)
        if self.enhanced_monitoring_seconds not in (0, 1, 5, 10, 15, 30, 60):
            out.append(
                f"{at}.enhanced_monitoring_seconds ({self.enhanced_monitoring_seconds}) must be 0, 1, 5, 10, 15, 30 or 60"
            )
        if self.slow_query_ms < -1:
            out.append(f"{at}.slow_query_ms ({self.slow_query_ms}) must be -1 (off) or a duration in ms")
        out += _retention(self.log_retention_days, f"{at}.log_retention_days")
        return out
