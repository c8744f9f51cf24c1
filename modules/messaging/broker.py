"""An Amazon MQ for RabbitMQ broker (``BrokerConfig``).

- engine RabbitMQ at the configured major.minor with automatic minor upgrades; single-instance
  in the first private subnet, or a three-node multi-AZ cluster across the private subnets;
- never publicly accessible; its own security group, which admits only the groups ``admit``
  names (the services granted ``broker``), on AMQPS (5671) and nothing else (no console port:
  operators reach the management API through the AWS console's Amazon MQ pages);
- storage encrypted with the given customer-managed key (``use_aws_owned_key=False``);
- admin credentials generated (``aws_secretsmanager_random_password``) into a Secrets Manager
  secret encrypted with the same key. The generated value is read at create time only: the
  secret's version and the broker's user ignore later changes, so a re-plan shows no diff;
- general logs to CloudWatch (Amazon MQ's ``/aws/amazonmq/broker/<id>/general``), allowed by a
  log resource policy for ``mq.amazonaws.com`` from this account only;
- the maintenance window from the configuration; ``prevent_destroy`` where the environment
  protects data; alarms on memory, unacknowledged and ready messages and connections.

A grantee gets ``endpoint`` (the ``amqps://`` address) as a variable and ``secrets(...)`` (the
username and password of the JSON secret), nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from environments.schema import BrokerConfig, ProtectionConfig
from modules.core.context import AwsContext
from modules.core.document import json_document
from modules.core.framework import Construct, Token, aws
from modules.core.lifecycle import lifecycle
from modules.observability.alarm import MetricAlarm, MetricAlarmProps
from modules.security.iam import Statement, policy_json, same_account
from modules.security.security_group import SecurityGroup, SecurityGroupProps, allow_from_group

AMQPS_PORT = 5671
ADMIN_USER = "platform-admin"
"""The broker's administrator (RabbitMQ refuses ``guest``)."""
PASSWORD_LENGTH = 32
PASSWORD_EXCLUDED = ",:="
"""Amazon MQ refuses commas, colons and equals signs in a password."""


@dataclass(frozen=True, kw_only=True)
class BrokerProps:
    spec: BrokerConfig
    protection: ProtectionConfig
    name: str
    """The broker's name (``Kind.MQ_BROKER``: at most 50 characters)."""
    secret_name: str
    """The admin credentials' secret (``Kind.SECRET``)."""
    security_group_name: str
    log_policy_name: str
    """The CloudWatch Logs resource policy letting Amazon MQ write the broker's logs."""
    vpc_id: str
    subnet_ids: Sequence[str]
    """The private subnets: the first for a single instance, all for a cluster."""
    kms_key_arn: str
    """Encrypts the broker's storage and its secret."""
    admit: Sequence[tuple[str, str]]
    """``(service, security group id)`` of each group admitted on AMQPS."""
    alarm_name: Callable[[str], str]
    """``Namer.family("broker", Kind.ALARM)``."""
    alarm_topic_arn: str


class Broker(Construct):
    """Attributes: ``broker_id``, ``broker_arn``, ``broker_name``, ``endpoint``, ``secret_arn``,
    ``kms_key_arn``, ``security_group_id``, ``alarm_names``."""

    def __init__(self, scope: Construct, id_: str, props: BrokerProps) -> None:
        super().__init__(scope, id_)
        spec = props.spec
        context = AwsContext.of(self)
        group = SecurityGroup(
            self,
            "amqps",
            SecurityGroupProps(
                name=props.security_group_name,
                description=f"{props.name}: AMQPS from the services granted the broker only",
                vpc_id=props.vpc_id,
            ),
        )
        self.security_group_id: str = group.security_group_id
        for admitted, group_id in props.admit:
            allow_from_group(
                self,
                f"from-{admitted}",
                target_id=group.security_group_id,
                source_id=group_id,
                port=AMQPS_PORT,
                description="AMQPS from a service granted the broker",
            )
        password = aws.data_aws_secretsmanager_random_password.DataAwsSecretsmanagerRandomPassword(
            self,
            "password",
            password_length=PASSWORD_LENGTH,
            exclude_characters=PASSWORD_EXCLUDED,
            exclude_punctuation=True,
        )
        self.secret = aws.secretsmanager_secret.SecretsmanagerSecret(
            self,
            "secret",
            name=props.secret_name,
            description=f"{props.name}: the RabbitMQ administrator (JSON: username, password)",
            kms_key_id=props.kms_key_arn,
            recovery_window_in_days=30 if props.protection.prevent_destroy else 0,
        )
        self.secret_arn: str = self.secret.arn
        self.kms_key_arn = props.kms_key_arn
        aws.secretsmanager_secret_version.SecretsmanagerSecretVersion(
            self,
            "secret-value",
            secret_id=self.secret.id,
            secret_string=json_document({"username": ADMIN_USER, "password": password.random_password}),
            lifecycle=lifecycle(ignore_changes=["secret_string"]),  # generated once, at create
        )
        aws.cloudwatch_log_resource_policy.CloudwatchLogResourcePolicy(
            self,
            "log-policy",
            policy_name=props.log_policy_name,
            policy_document=policy_json(
                self,
                "log-policy-document",
                [
                    Statement(
                        sid="AmazonMqLogs",
                        actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                        resources=[context.arn("logs", "log-group:/aws/amazonmq/*")],
                        principals={"Service": [context.service_principal("mq")]},
                        conditions=[same_account(self)],
                    )
                ],
            ),
        )
        mq = aws.mq_broker
        self.broker = mq.MqBroker(
            self,
            "broker",
            broker_name=props.name,
            engine_type="RabbitMQ",
            engine_version=spec.engine_version,
            auto_minor_version_upgrade=True,
            deployment_mode=spec.deployment_mode,
            host_instance_type=spec.instance_type,
            publicly_accessible=False,
            subnet_ids=list(props.subnet_ids) if spec.cluster else [props.subnet_ids[0]],
            security_groups=[group.security_group_id],
            encryption_options=mq.MqBrokerEncryptionOptions(use_aws_owned_key=False, kms_key_id=props.kms_key_arn),
            logs=mq.MqBrokerLogs(general=True),
            maintenance_window_start_time=mq.MqBrokerMaintenanceWindowStartTime(
                day_of_week=spec.maintenance_day,
                time_of_day=spec.maintenance_time,
                time_zone=spec.maintenance_time_zone,
            ),
            user=[mq.MqBrokerUser(username=ADMIN_USER, password=password.random_password)],
            apply_immediately=not props.protection.prevent_destroy,
            tags={"Name": props.name},
            lifecycle=lifecycle(prevent_destroy=props.protection.prevent_destroy, ignore_changes=["user"]),
        )
        self.broker_id: str = self.broker.id
        self.broker_arn: str = self.broker.arn
        self.broker_name: str = props.name
        self.endpoint: str = Token.as_string(self.broker.interpolation_for_attribute("instances[0].endpoints[0]"))
        """The ``amqps://<host>:5671`` address (a cluster's: its load-balanced one)."""
        dimensions = {"Broker": props.name}
        self.alarm_names: list[str] = [self._memory_alarm(props)]
        for alarm_id, description, metric, threshold in (
            (
                "unacked",
                "messages delivered but not acknowledged",
                "MessageUnacknowledgedCount",
                spec.messages_unacknowledged,
            ),
            ("queue-depth", "messages waiting in the queues", "MessageReadyCount", spec.messages_ready),
            ("connections", "open connections", "ConnectionCount", spec.connections),
        ):
            alarm = MetricAlarm(
                self,
                f"alarm-{alarm_id}",
                MetricAlarmProps(
                    name=props.alarm_name(alarm_id),
                    description=f"{props.name}: too many {description}",
                    namespace="AWS/AmazonMQ",
                    metric=metric,
                    dimensions=dimensions,
                    threshold=float(threshold),
                    statistic="Maximum",
                    period_seconds=300,
                    alarm_topic_arn=props.alarm_topic_arn,
                ),
            )
            self.alarm_names.append(alarm.alarm_name)

    def _memory_alarm(self, props: BrokerProps) -> str:
        """Any node's memory above ``memory_percent`` of its high watermark. The memory metrics are
        per node (dimensions Broker, Node) and the node names are Amazon MQ's, so a Metrics Insights
        query takes the largest over the broker's nodes."""
        alarm = aws.cloudwatch_metric_alarm
        query = f"SELECT MAX(RabbitMQMemUsed) FROM SCHEMA(\"AWS/AmazonMQ\", Broker, Node) WHERE Broker = '{props.name}'"
        made = alarm.CloudwatchMetricAlarm(
            self,
            "alarm-memory",
            alarm_name=props.alarm_name("memory"),
            alarm_description=f"{props.name}: a node's memory is near RabbitMQ's high watermark",
            comparison_operator="GreaterThanThreshold",
            threshold=props.spec.memory_alarm_bytes,
            evaluation_periods=2,
            datapoints_to_alarm=2,
            treat_missing_data="notBreaching",
            metric_query=[
                alarm.CloudwatchMetricAlarmMetricQuery(
                    id="memory", expression=query, period=300, label="RabbitMQMemUsed", return_data=True
                )
            ],
            alarm_actions=[props.alarm_topic_arn],
            ok_actions=[props.alarm_topic_arn],
        )
        return made.alarm_name
