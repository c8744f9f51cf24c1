"""Thresholds of the data tier's alarms: Aurora and the DynamoDB tables."""

from __future__ import annotations

from dataclasses import dataclass

from environments.schema.rules import _ranges


@dataclass(frozen=True, kw_only=True)
class DatabaseAlarmsConfig:
    """Aurora alarms, to the environment's alarm topic."""

    cpu_percent: int = 80
    """CPU of any instance above this for ``periods`` minutes."""
    connections_percent: int = 80
    """Connections above this share of the instance's ``max_connections`` (Aurora PostgreSQL's
    default for its memory; for Serverless v2 the ``max_acu`` memory)."""
    freeable_memory_mib: int = 256
    """Provisioned instances: freeable memory below this (MiB)."""
    acu_utilization_percent: int = 90
    """Serverless v2: ACU utilisation (capacity used of ``max_acu``) above this."""
    replica_lag_seconds: float = 30.0
    """Readers: replica lag above this (only with ``database.instances`` > 1)."""
    periods: int = 5
    """Consecutive one-minute periods a threshold must be breached."""

    def problems(self, at: str) -> list[str]:
        return _ranges(
            self,
            at,
            [
                ("cpu_percent", 1, 100, "%"),
                ("connections_percent", 1, 100, "%"),
                ("freeable_memory_mib", 16, 1048576, " MiB"),
                ("acu_utilization_percent", 1, 100, "%"),
                ("replica_lag_seconds", 0.1, 3600, "s"),
                ("periods", 1, 60),
            ],
        )


@dataclass(frozen=True, kw_only=True)
class TableAlarmsConfig:
    """DynamoDB alarms per table, to the environment's alarm topic."""

    throttled_requests: int = 10
    """Throttled requests per minute (reads and writes, the table and its indexes) above this."""
    system_errors: int = 0
    """DynamoDB system errors (HTTP 500) per minute above this."""
    replication_latency_seconds: float = 60.0
    """Global tables: the average time an update takes to reach a replica region, above this
    (one alarm per replica region)."""
    periods: int = 3

    def problems(self, at: str) -> list[str]:
        return _ranges(
            self,
            at,
            [
                ("throttled_requests", 0, 1000000),
                ("system_errors", 0, 1000000),
                ("replication_latency_seconds", 1, 86400, "s"),
                ("periods", 1, 60),
            ],
        )
