"""A CloudWatch alarm on a metric-math expression over several metrics (a queue backlog summed
over queues, a dead-letter queue's growth, connections as a share of a limit).

Notification alarms tell the environment's alarm topic (``topic_arn``); control alarms drive a
scaling policy (``actions``) and notify nobody.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from modules.core.framework import Construct, aws
from modules.observability.alarm import Comparison, MissingData


@dataclass(frozen=True, kw_only=True)
class MetricRef:
    """One metric the expression reads, as ``id`` (lowercase letter first, e.g. ``m0``)."""

    id: str
    namespace: str
    metric: str
    dimensions: Mapping[str, str] = field(default_factory=dict)
    stat: str = "Maximum"


def sum_of(metrics: Sequence[MetricRef]) -> str:
    """The expression adding up ``metrics`` (``m0 + m1 + ...``)."""
    return " + ".join(m.id for m in metrics)


@dataclass(frozen=True, kw_only=True)
class ExpressionAlarmProps:
    name: str
    """Alarm name (from the Namer)."""
    description: str
    metrics: Sequence[MetricRef]
    expression: str
    """Metric math over the metrics' ids, e.g. ``m0 + m1`` or ``DIFF(m0)``."""
    label: str
    threshold: float
    comparison: Comparison = "GreaterThanThreshold"
    period_seconds: int = 60
    evaluation_periods: int = 1
    treat_missing_data: MissingData = "notBreaching"
    topic_arn: str | None = None
    """Notify this topic on ALARM and OK (a notification alarm)."""
    actions: Sequence[str] = ()
    """ARNs invoked on ALARM (a scaling policy: a control alarm)."""


class ExpressionAlarm(Construct):
    """Attributes: ``alarm_name``, ``alarm_arn``."""

    def __init__(self, scope: Construct, id_: str, props: ExpressionAlarmProps) -> None:
        super().__init__(scope, id_)
        alarm = aws.cloudwatch_metric_alarm
        notify = [props.topic_arn] if props.topic_arn else []
        self.alarm = alarm.CloudwatchMetricAlarm(
            self,
            "alarm",
            alarm_name=props.name,
            alarm_description=props.description,
            comparison_operator=props.comparison,
            threshold=props.threshold,
            evaluation_periods=props.evaluation_periods,
            datapoints_to_alarm=props.evaluation_periods,
            treat_missing_data=props.treat_missing_data,
            metric_query=[
                *(
                    alarm.CloudwatchMetricAlarmMetricQuery(
                        id=m.id,
                        metric=alarm.CloudwatchMetricAlarmMetricQueryMetric(
                            namespace=m.namespace,
                            metric_name=m.metric,
                            dimensions=dict(m.dimensions) or None,
                            stat=m.stat,
                            period=props.period_seconds,
                        ),
                        return_data=False,
                    )
                    for m in props.metrics
                ),
                alarm.CloudwatchMetricAlarmMetricQuery(
                    id="e", expression=props.expression, label=props.label, return_data=True
                ),
            ],
            alarm_actions=[*props.actions, *notify],
            ok_actions=notify or None,
        )
        self.alarm_name: str = self.alarm.alarm_name
        self.alarm_arn: str = self.alarm.arn
