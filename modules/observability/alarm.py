"""One CloudWatch metric alarm that notifies an SNS topic, and what such a topic's key and
policy must allow so CloudWatch can publish to it when it is KMS-encrypted."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from modules.core.context import AwsContext
from modules.core.framework import Construct, aws
from modules.security.iam import Condition, Statement, same_account
from modules.security.kms_key import service_user

Comparison = Literal[
    "GreaterThanThreshold",
    "GreaterThanOrEqualToThreshold",
    "LessThanThreshold",
    "LessThanOrEqualToThreshold",
]
Statistic = Literal["Average", "Sum", "Minimum", "Maximum", "SampleCount"]
MissingData = Literal["notBreaching", "breaching", "ignore", "missing"]


@dataclass(frozen=True, kw_only=True)
class MetricAlarmProps:
    name: str
    """Alarm name (from the Namer, so the alarm topic's policy admits it)."""
    description: str
    """What is wrong when the alarm fires; shown in the notification."""
    namespace: str
    """Metric namespace, e.g. ``AWS/SQS``."""
    metric: str
    """Metric name, e.g. ``ApproximateNumberOfMessagesVisible``."""
    dimensions: Mapping[str, str] = field(default_factory=dict)
    """Metric dimensions, e.g. ``{"QueueName": ...}``."""
    threshold: float
    comparison: Comparison = "GreaterThanThreshold"
    """How the statistic is compared with ``threshold``."""
    statistic: Statistic = "Maximum"
    period_seconds: int = 60
    """Length of one evaluated period (10, 30 or a multiple of 60)."""
    evaluation_periods: int = 1
    """Periods looked at; the alarm fires when ``datapoints_to_alarm`` of them breach."""
    datapoints_to_alarm: int | None = None
    """Breaching periods needed (default: all ``evaluation_periods``)."""
    treat_missing_data: MissingData = "notBreaching"
    """Idle resources publish no data; by default that is not a problem."""
    alarm_topic_arn: str
    """SNS topic notified when the alarm fires and when it recovers."""


class MetricAlarm(Construct):
    """Attributes: ``alarm_name``, ``alarm_arn``."""

    def __init__(self, scope: Construct, id_: str, props: MetricAlarmProps) -> None:
        super().__init__(scope, id_)
        self.alarm = aws.cloudwatch_metric_alarm.CloudwatchMetricAlarm(
            self,
            "alarm",
            alarm_name=props.name,
            alarm_description=props.description,
            namespace=props.namespace,
            metric_name=props.metric,
            dimensions=dict(props.dimensions) or None,
            statistic=props.statistic,
            period=props.period_seconds,
            evaluation_periods=props.evaluation_periods,
            datapoints_to_alarm=props.datapoints_to_alarm or props.evaluation_periods,
            threshold=props.threshold,
            comparison_operator=props.comparison,
            treat_missing_data=props.treat_missing_data,
            alarm_actions=[props.alarm_topic_arn],
            ok_actions=[props.alarm_topic_arn],
        )
        self.alarm_name: str = self.alarm.alarm_name
        self.alarm_arn: str = self.alarm.arn


def alarm_source_conditions(scope: Construct, alarm_names: str) -> list[Condition]:
    """Confused-deputy guard for CloudWatch acting on behalf of this account's alarms whose
    names match ``alarm_names`` (``Namer.pattern()``, such as ``platform-*-dev``), in this region."""
    context = AwsContext.of(scope)
    return [
        same_account(scope),
        Condition("ArnLike", "aws:SourceArn", [context.arn("cloudwatch", f"alarm:{alarm_names}")]),
    ]


def alarms_key_user(scope: Construct, alarm_names: str) -> Statement:
    """Key-policy statement letting CloudWatch alarms named like ``alarm_names`` publish to a
    topic encrypted with the key (it needs a data key for each notification)."""
    context = AwsContext.of(scope)
    return service_user(
        context.service_principal("cloudwatch"),
        actions=["kms:Decrypt", "kms:GenerateDataKey*"],
        conditions=alarm_source_conditions(scope, alarm_names),
    )
