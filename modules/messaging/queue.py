"""An SQS queue with its dead-letter queue, both KMS-encrypted and TLS-only, optionally
subscribed to an SNS topic (the queue policy then lets that topic, and only it, send) and
watched by two alarms (messages in the dead-letter queue, oldest message too old).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from environments.schema import ProtectionConfig, QueueConfig
from modules.core.context import AwsContext
from modules.core.document import json_document
from modules.core.framework import Construct, aws
from modules.core.lifecycle import lifecycle
from modules.observability.alarm import MetricAlarm, MetricAlarmProps
from modules.security.iam import (
    Condition,
    Statement,
    deny_insecure_transport,
    policy_json,
    same_account,
    statement_id,
    via_service,
)
from modules.security.kms_key import service_user


@dataclass(frozen=True, kw_only=True)
class QueueAlarmsProps:
    topic_arn: str
    """SNS topic the alarms notify."""
    alarm_name: Callable[[str], str]
    """Names the alarms from what they watch, ``dlq-messages`` and ``oldest-message``
    (``Namer.family(<queue>, Kind.ALARM)``)."""
    period_seconds: int = 300
    """Evaluated period of both alarms (SQS publishes its metrics every minute)."""


@dataclass(frozen=True, kw_only=True)
class QueueProps:
    spec: QueueConfig
    """The queue's section of the environment (timeouts, retention, receives, subscription options, alarm age)."""
    protection: ProtectionConfig
    """``prevent_destroy`` on both queues: they hold messages (``environment.protection``)."""
    name: str
    """Physical queue name (from the Namer, with ``fifo=True`` for a FIFO queue)."""
    dlq_name: str
    """Physical name of the dead-letter queue (FIFO like the queue)."""
    kms_key_arn: str
    """Key for SSE-KMS of both queues. When ``topic_arn`` is set, its policy must let SNS use
    it (``sns_delivery_key_user``)."""
    content_based_deduplication: bool = True
    """FIFO only: deduplicate on a SHA-256 of the body."""
    redrive_allow_policy: bool = True
    """Let only this queue use the dead-letter queue (an ``aws_sqs_queue_redrive_allow_policy``)."""
    topic_arn: str | None = None
    """SNS topic to subscribe to; None: no subscription, and nothing outside IAM may send."""
    alarms: QueueAlarmsProps | None = None
    """None: no alarms."""


class Queue(Construct):
    """Attributes: ``queue_arn``, ``queue_url``, ``queue_name``, ``dlq_arn``, ``dlq_url``,
    ``dlq_name``, ``kms_key_arn``; ``grant_consume(grantee)``, ``grant_send(grantee)``."""

    def __init__(self, scope: Construct, id_: str, props: QueueProps) -> None:
        super().__init__(scope, id_)
        for name in (props.name, props.dlq_name):
            if props.spec.fifo != name.endswith(".fifo"):
                raise ValueError(
                    f"{self.node.path}: a FIFO queue's names, and only its names, end with '.fifo' ({name!r})"
                )
        fifo = (
            dict(fifo_queue=True, content_based_deduplication=props.content_based_deduplication)
            if props.spec.fifo
            else {}
        )
        # What both queues share: the key, the protection and the FIFO settings.
        shared = dict(
            kms_master_key_id=props.kms_key_arn,
            lifecycle=lifecycle(prevent_destroy=props.protection.prevent_destroy),
            **fifo,
        )
        self.dlq = aws.sqs_queue.SqsQueue(
            self, "dlq", name=props.dlq_name, message_retention_seconds=props.spec.dlq_retention_seconds, **shared
        )
        self.queue = aws.sqs_queue.SqsQueue(
            self,
            "queue",
            name=props.name,
            visibility_timeout_seconds=props.spec.visibility_timeout_seconds,
            message_retention_seconds=props.spec.retention_seconds,
            redrive_policy=json_document(
                {"deadLetterTargetArn": self.dlq.arn, "maxReceiveCount": props.spec.max_receive_count}
            ),
            **shared,
        )
        self.queue_arn: str = self.queue.arn
        self.queue_url: str = self.queue.url
        self.queue_name: str = self.queue.name
        self.dlq_arn: str = self.dlq.arn
        self.dlq_url: str = self.dlq.url
        self.dlq_name: str = self.dlq.name
        self.kms_key_arn: str = props.kms_key_arn

        if props.redrive_allow_policy:
            aws.sqs_queue_redrive_allow_policy.SqsQueueRedriveAllowPolicy(
                self,
                "dlq-redrive-allow",
                queue_url=self.dlq_url,
                redrive_allow_policy=json_document(
                    {"redrivePermission": "byQueue", "sourceQueueArns": [self.queue_arn]}
                ),
            )
        self._queue_policy("dlq-policy", self.dlq, [])
        topic_send = []
        if props.topic_arn is not None:
            topic_send.append(
                Statement(
                    sid="TopicSends",
                    actions=["sqs:SendMessage"],
                    resources=[self.queue_arn],
                    principals={"Service": [AwsContext.of(self).service_principal("sns")]},
                    conditions=[Condition("ArnEquals", "aws:SourceArn", [props.topic_arn])],
                )
            )
        policy = self._queue_policy("policy", self.queue, topic_send)
        if props.topic_arn is not None:
            self.subscription = aws.sns_topic_subscription.SnsTopicSubscription(
                self,
                "subscription",
                topic_arn=props.topic_arn,
                protocol="sqs",
                endpoint=self.queue_arn,
                raw_message_delivery=props.spec.raw_message_delivery,
                filter_policy=json_document(dict(props.spec.filter_policy)) if props.spec.filter_policy else None,
                depends_on=[policy],  # SNS may send as soon as the subscription exists
            )
        if props.alarms is not None:
            self._alarms(props.alarms, props.spec.max_message_age_seconds)

    def _queue_policy(
        self, id_: str, queue: aws.sqs_queue.SqsQueue, statements: list[Statement]
    ) -> aws.sqs_queue_policy.SqsQueuePolicy:
        deny_plain_http = deny_insecure_transport(["sqs:*"], [queue.arn])
        return aws.sqs_queue_policy.SqsQueuePolicy(
            self, id_, queue_url=queue.url, policy=policy_json(self, f"{id_}-document", [deny_plain_http, *statements])
        )

    def _alarms(self, alarms: QueueAlarmsProps, max_message_age_seconds: int) -> None:
        dead_letter_alarm(
            self,
            "dlq-messages-alarm",
            name=alarms.alarm_name("dlq-messages"),
            description="Messages failed processing and wait in the dead-letter queue",
            dlq_name=self.dlq_name,
            topic_arn=alarms.topic_arn,
            period_seconds=alarms.period_seconds,
        )
        MetricAlarm(
            self,
            "oldest-message-alarm",
            MetricAlarmProps(
                name=alarms.alarm_name("oldest-message"),
                description=f"A message waits longer than {max_message_age_seconds}s: consumers are behind or down",
                namespace="AWS/SQS",
                metric="ApproximateAgeOfOldestMessage",
                dimensions={"QueueName": self.queue_name},
                statistic="Maximum",
                threshold=max_message_age_seconds,
                period_seconds=alarms.period_seconds,
                alarm_topic_arn=alarms.topic_arn,
            ),
        )

    def grant_consume(self, grantee: Construct) -> list[Statement]:
        """Receive, delete and extend messages of this queue, and decrypt them (through SQS only)."""
        sid = statement_id(self.node.id)
        return [
            Statement(
                sid=f"Consume{sid}",
                actions=[
                    "sqs:ReceiveMessage",
                    "sqs:DeleteMessage",
                    "sqs:ChangeMessageVisibility",
                    "sqs:GetQueueAttributes",
                    "sqs:GetQueueUrl",
                ],
                resources=[self.queue_arn],
            ),
            Statement(
                sid=f"DecryptFrom{sid}",
                actions=["kms:Decrypt"],
                resources=[self.kms_key_arn],
                conditions=[via_service(grantee, "sqs")],
            ),
        ]

    def grant_send(self, grantee: Construct) -> list[Statement]:
        """Send messages to this queue, and the data key SQS needs to encrypt them (through SQS only)."""
        sid = statement_id(self.node.id)
        return [
            Statement(
                sid=f"SendTo{sid}",
                actions=["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"],
                resources=[self.queue_arn],
            ),
            Statement(
                sid=f"EncryptFor{sid}",
                actions=["kms:GenerateDataKey*", "kms:Decrypt"],
                resources=[self.kms_key_arn],
                conditions=[via_service(grantee, "sqs")],
            ),
        ]


def dead_letter_alarm(
    scope: Construct,
    id_: str,
    *,
    name: str,
    description: str,
    dlq_name: str,
    topic_arn: str,
    period_seconds: int = 300,
) -> MetricAlarm:
    """An alarm that fires while the dead-letter queue ``dlq_name`` holds any message."""
    return MetricAlarm(
        scope,
        id_,
        MetricAlarmProps(
            name=name,
            description=description,
            namespace="AWS/SQS",
            metric="ApproximateNumberOfMessagesVisible",
            dimensions={"QueueName": dlq_name},
            statistic="Maximum",
            threshold=0,
            period_seconds=period_seconds,
            alarm_topic_arn=topic_arn,
        ),
    )


def sns_delivery_key_user(scope: Construct, topic_arns: Sequence[str]) -> Statement:
    """Key-policy statement letting SNS encrypt messages from ``topic_arns`` (of this account)
    into queues encrypted with the key."""
    context = AwsContext.of(scope)
    return service_user(
        context.service_principal("sns"),
        actions=["kms:GenerateDataKey*", "kms:Decrypt"],
        conditions=[
            same_account(scope),
            Condition("ArnEquals", "aws:SourceArn", list(topic_arns)),
        ],
    )
