"""The alarms of one DynamoDB table, to the environment's alarm topic: throttled reads and
writes (the table and each global secondary index, summed with metric math), system errors
(HTTP 500s of DynamoDB itself, over the item operations applications use) and, for a global
table, the replication latency to each replica region."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from environments.schema import TableConfig
from environments.schema.data_alarms import TableAlarmsConfig
from modules.core.framework import Construct
from modules.observability.alarm import MetricAlarm, MetricAlarmProps
from modules.observability.expression_alarm import ExpressionAlarm, ExpressionAlarmProps, MetricRef, sum_of

OPERATIONS = ("GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem", "BatchWriteItem")
"""The operations whose ``SystemErrors`` are summed (an alarm reads at most 10 metrics)."""
MAX_METRICS = 10


@dataclass(frozen=True, kw_only=True)
class TableAlarmsProps:
    spec: TableAlarmsConfig
    """Thresholds (``alarms.tables``)."""
    table: TableConfig
    """The table watched (its indexes)."""
    table_name: str
    """Physical name (the ``TableName`` dimension)."""
    alarm_name: Callable[[str], str]
    """``Namer.family(<table>, Kind.ALARM)``."""
    topic_arn: str


class TableAlarms(Construct):
    """Attribute: ``alarm_names``."""

    def __init__(self, scope: Construct, id_: str, props: TableAlarmsProps) -> None:
        super().__init__(scope, id_)
        table = {"TableName": props.table_name}
        throttles = [
            MetricRef(
                id=f"{kind[0].lower()}t",
                namespace="AWS/DynamoDB",
                metric=f"{kind}ThrottleEvents",
                dimensions=table,
                stat="Sum",
            )
            for kind in ("Read", "Write")
        ]
        for index_number, index in enumerate(props.table.indexes):
            if len(throttles) + 2 > MAX_METRICS:
                break  # the table's own throttles and the first indexes' (AWS's limit per alarm)
            throttles += [
                MetricRef(
                    id=f"{kind[0].lower()}i{index_number}",
                    namespace="AWS/DynamoDB",
                    metric=f"{kind}ThrottleEvents",
                    stat="Sum",
                    dimensions={**table, "GlobalSecondaryIndexName": index.name},
                )
                for kind in ("Read", "Write")
            ]
        errors = [
            MetricRef(
                id=f"e{n}",
                namespace="AWS/DynamoDB",
                metric="SystemErrors",
                stat="Sum",
                dimensions={**table, "Operation": operation},
            )
            for n, operation in enumerate(OPERATIONS)
        ]
        spec = props.spec
        self.alarm_names: list[str] = []
        # Both alarms sum their metrics; they differ only in what they read and say.
        for alarm, metrics, label, threshold, description in (
            (
                "throttles",
                throttles,
                "throttle events",
                spec.throttled_requests,
                f"More than {spec.throttled_requests} throttled requests a minute on {props.table.name}",
            ),
            (
                "system-errors",
                errors,
                "system errors",
                spec.system_errors,
                f"DynamoDB answered {props.table.name}'s requests with system errors",
            ),
        ):
            self.alarm_names.append(
                ExpressionAlarm(
                    self,
                    alarm,
                    ExpressionAlarmProps(
                        name=props.alarm_name(alarm),
                        description=description,
                        metrics=metrics,
                        expression=sum_of(metrics),
                        label=label,
                        threshold=threshold,
                        evaluation_periods=spec.periods,
                        topic_arn=props.topic_arn,
                    ),
                ).alarm_name
            )
        # A global table: how long updates take to reach each replica (milliseconds).
        for region in props.table.replica_regions:
            self.alarm_names.append(
                MetricAlarm(
                    self,
                    f"replication-latency-{region}",
                    MetricAlarmProps(
                        name=props.alarm_name(f"replication-latency-{region}"),
                        description=(
                            f"Updates of {props.table.name} take more than {spec.replication_latency_seconds:g} s "
                            f"to reach its replica in {region}"
                        ),
                        namespace="AWS/DynamoDB",
                        metric="ReplicationLatency",
                        dimensions={**table, "ReceivingRegion": region},
                        statistic="Average",
                        threshold=spec.replication_latency_seconds * 1000,
                        evaluation_periods=spec.periods,
                        alarm_topic_arn=props.topic_arn,
                    ),
                ).alarm_name
            )
