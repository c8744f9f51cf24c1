"""``messaging-<suffix>``: the configured SNS topics and the SQS queues they fan out to (each
with a dead-letter queue and alarms), the environment's alarm topic, and their KMS key."""

from __future__ import annotations

from environments.naming import Kind
from environments.schema import ALARM_TOPIC, Environment
from modules.core.context import AwsContext
from modules.core.framework import Construct, TerraformOutput
from modules.messaging.email import EmailProps, TransactionalEmail, ses_key_user
from modules.messaging.queue import Queue, QueueAlarmsProps, QueueProps, sns_delivery_key_user
from modules.messaging.topic import Topic, TopicProps
from modules.observability.alarm import alarms_key_user
from modules.observability.task_failure_alert import event_rules_key_user
from stacks.base import PlatformStack
from stacks.network import NetworkStack


class MessagingStack(PlatformStack):
    """Attributes for later stacks: ``key`` (KmsKey), ``topics`` (logical name -> Topic),
    ``queues`` (logical name -> Queue), ``alarm_topic`` (Topic every alarm notifies), ``email``
    (TransactionalEmail or None; its records go into ``network``'s zone)."""

    def __init__(self, scope: Construct, environment: Environment, network: NetworkStack | None = None) -> None:
        super().__init__(scope, "messaging", environment)
        messaging, protection, name = environment.messaging, environment.protection, self.namer.name
        topic_names = {t.name: name(t.base_name, Kind.SNS_TOPIC, fifo=t.fifo) for t in messaging.topics}
        alarm_names = self.namer.pattern()  # every alarm and rule of this environment, none of another's
        # ARNs built from the names: the key policy cannot reference topics encrypted with the key.
        topic_arns = [AwsContext.of(self).arn("sns", n) for n in topic_names.values()]

        self.key = self.kms_key(
            "messaging-key",
            "messaging",
            "SNS topics, SQS queues and their dead-letter queues, the alarm topic",
            service_users=[
                *([sns_delivery_key_user(self, topic_arns)] if topic_arns else []),
                alarms_key_user(self, alarm_names),
                event_rules_key_user(self, alarm_names),  # TaskFailureAlert (service stack)
                *([ses_key_user(self, name("email", Kind.SES_CONFIGURATION_SET))] if environment.email else []),
            ],
        )
        self.alarm_topic = Topic(
            self,
            "alarm-topic",
            TopicProps(
                name=name(ALARM_TOPIC, Kind.SNS_TOPIC),
                kms_key_arn=self.key.key_arn,
                emails=environment.alarms.emails,
                alarm_names=alarm_names,
                event_rule_names=alarm_names,
            ),
        )

        self.topics: dict[str, Topic] = {}
        self.queues: dict[str, Queue] = {}
        for spec in messaging.topics:
            topic = self.topics[spec.name] = Topic(
                self,
                f"topic-{spec.base_name}",
                TopicProps(
                    name=topic_names[spec.name],
                    kms_key_arn=self.key.key_arn,
                    fifo=spec.fifo,
                ),
            )
            for queue in spec.queues:
                self.queues[queue.name] = Queue(
                    self,
                    f"queue-{queue.base_name}",
                    QueueProps(
                        spec=queue,
                        protection=protection,
                        name=name(queue.base_name, Kind.SQS_QUEUE, fifo=queue.fifo),
                        dlq_name=name(queue.dlq_base_name, Kind.SQS_QUEUE, fifo=queue.fifo),
                        kms_key_arn=self.key.key_arn,
                        redrive_allow_policy=messaging.redrive_allow_policy,
                        topic_arn=topic.topic_arn,
                        alarms=QueueAlarmsProps(
                            topic_arn=self.alarm_topic.topic_arn,
                            alarm_name=self.namer.family(queue.base_name, Kind.ALARM),
                        ),
                    ),
                )
        self.email: TransactionalEmail | None = None
        domain = environment.domain
        if environment.email is not None and domain is not None:
            if network is None or network.zone is None:
                raise ValueError(f"{self.node.id}: e-mail needs the network stack's zone for its records")
            self.email = TransactionalEmail(
                self,
                "email",
                EmailProps(
                    spec=environment.email,
                    domain=domain.name,
                    zone_id=network.zone.zone_id,
                    configuration_set_name=name("email", Kind.SES_CONFIGURATION_SET),
                    topic_name=name("email-events", Kind.SNS_TOPIC),
                    kms_key_arn=self.key.key_arn,
                    alarm_name=self.namer.family("email", Kind.ALARM),
                    alarm_topic_arn=self.alarm_topic.topic_arn,
                ),
            )
        TerraformOutput(self, "queue_urls", value={name: queue.queue_url for name, queue in self.queues.items()})
        TerraformOutput(self, "topic_arns", value={name: topic.topic_arn for name, topic in self.topics.items()})
