"""The alarms of an Aurora PostgreSQL cluster, to the environment's alarm topic: CPU,
connections against the instance's ``max_connections``, freeable memory (provisioned) or ACU
utilisation (Serverless v2), and replica lag when the cluster has readers.

Aurora PostgreSQL's default ``max_connections`` is ``LEAST(DBInstanceClassMemory / 9531392,
5000)``; for Serverless v2 the memory is that of ``max_acu`` (2 GiB per ACU). The connections
alarm fires at ``connections_percent`` of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from environments.schema import DatabaseConfig
from environments.schema.data_alarms import DatabaseAlarmsConfig
from modules.core.framework import Construct
from modules.observability.alarm import Comparison, MetricAlarm, MetricAlarmProps, Statistic

GIB = 1024**3
SIZE_GIB = {
    "medium": 4,
    "large": 16,
    "xlarge": 32,
    "2xlarge": 64,
    "4xlarge": 128,
    "8xlarge": 256,
    "12xlarge": 384,
    "16xlarge": 512,
    "24xlarge": 768,
    "32xlarge": 1024,
}
"""Memory of the memory-optimised (r) classes by size; burstable (t) classes have half."""


def instance_memory_bytes(spec: DatabaseConfig) -> int:
    """The memory ``max_connections`` is computed from."""
    if spec.serverless:
        return int(spec.max_acu * 2 * GIB)
    family, size = spec.instance_class.split(".")[1:3]
    gib = SIZE_GIB.get(size)
    if gib is None:
        raise ValueError(
            f"database.instance_class {spec.instance_class!r}: its memory is unknown here; "
            "add its size to modules/data/database_alarms.py SIZE_GIB"
        )
    return gib * GIB // (2 if family.startswith("t") else 1)


def max_connections(spec: DatabaseConfig) -> int:
    return min(instance_memory_bytes(spec) // 9531392, 5000)


@dataclass(frozen=True, kw_only=True)
class DatabaseAlarmsProps:
    spec: DatabaseAlarmsConfig
    """Thresholds (``alarms.database``)."""
    database: DatabaseConfig
    """The cluster watched: its class or ACU range, and whether it has readers."""
    cluster_identifier: str
    alarm_name: Callable[[str], str]
    """``Namer.family(<database component>, Kind.ALARM)``."""
    topic_arn: str


class DatabaseAlarms(Construct):
    """Attribute: ``alarm_names``."""

    def __init__(self, scope: Construct, id_: str, props: DatabaseAlarmsProps) -> None:
        super().__init__(scope, id_)
        self._props = props
        spec, database = props.spec, props.database
        self.alarm_names: list[str] = []
        self._alarm("cpu", f"Aurora CPU above {spec.cpu_percent}%", "CPUUtilization", "Maximum", spec.cpu_percent)
        limit = max_connections(database)
        threshold = max(1, limit * spec.connections_percent // 100)
        self._alarm(
            "connections",
            f"More than {threshold} connections ({spec.connections_percent}% of max_connections {limit})",
            "DatabaseConnections",
            "Maximum",
            threshold,
        )
        if database.serverless:
            self._alarm(
                "acu-utilization",
                f"Serverless v2 capacity above {spec.acu_utilization_percent}% of max_acu {database.max_acu}",
                "ACUUtilization",
                "Average",
                spec.acu_utilization_percent,
            )
        else:
            self._alarm(
                "freeable-memory",
                f"Freeable memory below {spec.freeable_memory_mib} MiB",
                "FreeableMemory",
                "Minimum",
                spec.freeable_memory_mib * 1024 * 1024,
                comparison="LessThanThreshold",
            )
        if database.instances > 1:
            self._alarm(
                "replica-lag",
                f"A reader lags more than {spec.replica_lag_seconds}s behind the writer",
                "AuroraReplicaLagMaximum",
                "Maximum",
                spec.replica_lag_seconds * 1000,
            )  # milliseconds

    def _alarm(
        self,
        id_: str,
        description: str,
        metric: str,
        statistic: Statistic,
        threshold: float,
        *,
        comparison: Comparison = "GreaterThanThreshold",
    ) -> None:
        props = self._props
        alarm = MetricAlarm(
            self,
            id_,
            MetricAlarmProps(
                name=props.alarm_name(id_),
                description=description,
                namespace="AWS/RDS",
                metric=metric,
                dimensions={"DBClusterIdentifier": props.cluster_identifier},
                statistic=statistic,
                threshold=threshold,
                comparison=comparison,
                evaluation_periods=props.spec.periods,
                alarm_topic_arn=props.topic_arn,
            ),
        )
        self.alarm_names.append(alarm.alarm_name)
