"""An EventBridge rule that sends the alarm topic every task of the watched groups that stops
with a non-zero exit code: a worker or a scheduled job that crashed after it started, which
no metric alarm sees (a web service has its target alarms). The event itself (task ARN, group,
stopped reason, exit codes) is the notification.

The topic must let this rule publish and its key must let EventBridge encrypt:
``event_rules_publish`` and ``event_rules_key_user`` give the statements, for every rule named
like a pattern of this environment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from modules.core.context import AwsContext
from modules.core.document import json_document
from modules.core.framework import Construct, aws
from modules.security.iam import Condition, Statement, same_account
from modules.security.kms_key import service_user


@dataclass(frozen=True, kw_only=True)
class TaskFailureAlertProps:
    name: str
    """The rule's name (``Namer.name(..., Kind.EVENT_RULE)``)."""
    cluster_arn: str
    groups: Sequence[str]
    """ECS task groups watched: ``service:<service name>`` for a service's tasks,
    ``family:<task family>`` for tasks run by a schedule."""
    topic_arn: str


class TaskFailureAlert(Construct):
    """Attributes: ``rule_name``, ``rule_arn``."""

    def __init__(self, scope: Construct, id_: str, props: TaskFailureAlertProps) -> None:
        super().__init__(scope, id_)
        if not props.groups:
            raise ValueError(f"{self.node.path}: no task group to watch")
        pattern = {
            "source": ["aws.ecs"],
            "detail-type": ["ECS Task State Change"],
            "detail": {
                "clusterArn": [props.cluster_arn],
                "group": sorted(props.groups),
                "lastStatus": ["STOPPED"],
                "containers": {"exitCode": [{"anything-but": 0}]},
            },
        }
        rule = aws.cloudwatch_event_rule.CloudwatchEventRule(
            self,
            "rule",
            name=props.name,
            description="Tasks of workers and scheduled jobs that stopped with a non-zero exit code",
            event_pattern=json_document(pattern),
        )
        aws.cloudwatch_event_target.CloudwatchEventTarget(
            self, "target", rule=rule.name, target_id="alarm-topic", arn=props.topic_arn
        )
        self.rule_name: str = rule.name
        self.rule_arn: str = rule.arn


def event_rules_source_conditions(scope: Construct, rule_names: str) -> list[Condition]:
    """Confused-deputy guard for EventBridge acting for this account's rules named like
    ``rule_names`` (``Namer.pattern()``) in this region."""
    context = AwsContext.of(scope)
    return [
        same_account(scope),
        Condition("ArnLike", "aws:SourceArn", [context.arn("events", f"rule/{rule_names}")]),
    ]


def event_rules_publish(scope: Construct, topic_arn: str, rule_names: str) -> Statement:
    """Topic-policy statement letting those rules publish to the topic."""
    return Statement(
        sid="EventRulesPublish",
        actions=["sns:Publish"],
        resources=[topic_arn],
        principals={"Service": [AwsContext.of(scope).service_principal("events")]},
        conditions=event_rules_source_conditions(scope, rule_names),
    )


def event_rules_key_user(scope: Construct, rule_names: str) -> Statement:
    """Key-policy statement letting those rules' deliveries encrypt with the topic's key."""
    return service_user(
        AwsContext.of(scope).service_principal("events"),
        actions=["kms:Decrypt", "kms:GenerateDataKey*"],
        conditions=event_rules_source_conditions(scope, rule_names),
    )
