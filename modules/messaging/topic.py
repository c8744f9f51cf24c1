"""An SNS topic encrypted with a customer-managed KMS key, with a TLS-only topic policy and
optional e-mail subscriptions (for alarm topics).

Queues subscribe themselves (``modules/messaging/queue.py``); applications get ``grant_publish(grantee)``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from modules.core.context import AwsContext
from modules.core.framework import Construct, aws
from modules.observability.alarm import alarm_source_conditions
from modules.observability.task_failure_alert import event_rules_publish
from modules.security.iam import Statement, deny_insecure_transport, policy_json, statement_id, via_service


@dataclass(frozen=True, kw_only=True)
class TopicProps:
    name: str
    """Physical topic name (from the Namer, with ``fifo=True`` for a FIFO topic)."""
    kms_key_arn: str
    """Key encrypting messages at rest. Its policy must let the services that publish
    (``alarms_key_user``) and the encrypted queues' deliveries (``sns_delivery_key_user``) use it."""
    fifo: bool = False
    """A FIFO topic (ordered, exactly-once); its name must end with ``.fifo``."""
    content_based_deduplication: bool = True
    """FIFO only: deduplicate on a SHA-256 of the body, so publishers need no deduplication id."""
    emails: Sequence[str] = ()
    """Addresses subscribed by e-mail; each must confirm from the message AWS sends."""
    alarm_names: str | None = None
    """Name pattern (``platform-*-dev*``) of this account's CloudWatch alarms allowed to publish
    here; None lets no AWS service publish."""
    event_rule_names: str | None = None
    """Name pattern of this account's EventBridge rules allowed to publish here (a
    ``TaskFailureAlert``); None lets none."""
    publishers: Sequence[Statement] = ()
    """Other AWS services allowed to publish (their principal and conditions; the topic is the
    resource), e.g. SES for a configuration set's events."""


class Topic(Construct):
    """Attributes: ``topic_arn``, ``topic_name``, ``kms_key_arn``; ``grant_publish(grantee)``."""

    def __init__(self, scope: Construct, id_: str, props: TopicProps) -> None:
        super().__init__(scope, id_)
        if props.fifo != props.name.endswith(".fifo"):
            raise ValueError(
                f"{self.node.path}: a FIFO topic's name, and only its name, ends with '.fifo' ({props.name!r})"
            )
        self.topic = aws.sns_topic.SnsTopic(
            self,
            "topic",
            name=props.name,
            kms_master_key_id=props.kms_key_arn,
            fifo_topic=props.fifo or None,
            content_based_deduplication=(props.content_based_deduplication if props.fifo else None),
        )
        self.topic_arn: str = self.topic.arn
        self.topic_name: str = self.topic.name
        self.kms_key_arn: str = props.kms_key_arn

        statements = [deny_insecure_transport(["sns:Publish"], [self.topic_arn])]
        if props.alarm_names is not None:
            statements.append(
                Statement(
                    sid="CloudWatchAlarmsPublish",
                    actions=["sns:Publish"],
                    resources=[self.topic_arn],
                    principals={"Service": [AwsContext.of(self).service_principal("cloudwatch")]},
                    conditions=alarm_source_conditions(self, props.alarm_names),
                )
            )
        if props.event_rule_names is not None:
            statements.append(event_rules_publish(self, self.topic_arn, props.event_rule_names))
        statements += [dataclasses.replace(p, resources=[self.topic_arn]) for p in props.publishers]
        # Same-account principals publish through their IAM policies (grant_publish).
        self.policy = aws.sns_topic_policy.SnsTopicPolicy(
            self, "policy", arn=self.topic_arn, policy=policy_json(self, "policy-document", statements)
        )
        for address in props.emails:
            # The id comes from the address, so adding or removing one never replaces another.
            aws.sns_topic_subscription.SnsTopicSubscription(
                self,
                "email-" + re.sub(r"[^a-z0-9]+", "-", address.lower()).strip("-"),
                topic_arn=self.topic_arn,
                protocol="email",
                endpoint=address,
            )

    def grant_publish(self, grantee: Construct) -> list[Statement]:
        """``sns:Publish`` on this topic, and the data key SNS needs to encrypt the message
        (through SNS only)."""
        sid = statement_id(self.node.id)
        return [
            Statement(sid=f"Publish{sid}", actions=["sns:Publish"], resources=[self.topic_arn]),
            Statement(
                sid=f"EncryptFor{sid}",
                actions=["kms:GenerateDataKey*", "kms:Decrypt"],
                resources=[self.kms_key_arn],
                conditions=[via_service(grantee, "sns")],
            ),
        ]
