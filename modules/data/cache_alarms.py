"""The alarms of a Valkey replication group, per node (``<group>-001``, ``-002`` ...), to the
environment's alarm topic: engine CPU, memory used, evictions, and replication lag on replicas."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from environments.schema import CacheConfig
from modules.core.framework import Construct
from modules.observability.alarm import MetricAlarm, MetricAlarmProps


@dataclass(frozen=True, kw_only=True)
class CacheAlarmsProps:
    spec: CacheConfig
    """Thresholds and the number of nodes."""
    replication_group_id: str
    alarm_name: Callable[[str], str]
    """``cpu-0`` -> the alarm's name (a ``Namer.family``)."""
    topic_arn: str


def node_ids(replication_group_id: str, spec: CacheConfig) -> list[str]:
    """ElastiCache names a group's member clusters ``<group>-001``, ``<group>-002`` ..."""
    return [f"{replication_group_id}-{n + 1:03d}" for n in range(1 + spec.replicas)]


class CacheAlarms(Construct):
    """Attribute ``alarm_names``."""

    def __init__(self, scope: Construct, id_: str, props: CacheAlarmsProps) -> None:
        super().__init__(scope, id_)
        spec = props.spec
        self.alarm_names: list[str] = []
        for index, node in enumerate(node_ids(props.replication_group_id, spec)):
            checks = [
                ("cpu", "EngineCPUUtilization", spec.cpu_percent, "Average", 300, "Valkey engine CPU high"),
                (
                    "memory",
                    "DatabaseMemoryUsagePercentage",
                    spec.memory_percent,
                    "Average",
                    300,
                    "Cache memory nearly full",
                ),
                ("evictions", "Evictions", spec.evictions, "Sum", 300, "Keys evicted: the cache is too small"),
            ]
            if index > 0:  # the primary has no lag; after a failover a replica's number carries on
                checks.append(
                    ("replication-lag", "ReplicationLag", spec.replication_lag_seconds, "Maximum", 60, "Replica behind")
                )
            for what, metric, threshold, statistic, period, description in checks:
                alarm = MetricAlarm(
                    self,
                    f"{what}-{index}",
                    MetricAlarmProps(
                        name=props.alarm_name(f"{what}-{index}"),
                        description=f"{description} ({node})",
                        namespace="AWS/ElastiCache",
                        metric=metric,
                        dimensions={"CacheClusterId": node},
                        threshold=threshold,
                        statistic=statistic,  # type: ignore[arg-type]
                        period_seconds=period,
                        evaluation_periods=3,
                        datapoints_to_alarm=2,
                        alarm_topic_arn=props.topic_arn,
                    ),
                )
                self.alarm_names.append(alarm.alarm_name)
