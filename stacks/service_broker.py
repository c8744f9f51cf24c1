"""The service stack's message broker: the environment's RabbitMQ broker (``broker``), its AMQPS
group admitting the own groups of exactly the services granted ``broker``. It lives with the
services because its group names theirs (as the shared file system's does)."""

from __future__ import annotations

from environments.naming import Kind, Namer
from environments.schema import Environment
from modules.core.framework import TerraformOutput
from modules.messaging.broker import Broker, BrokerProps


def build_broker(stack, vpc_id: str, subnet_ids, groups: dict[str, str], kms_key_arn: str, topic_arn: str):  # noqa: ANN001, ANN201
    """The environment's Broker, or None when it has none."""
    environment: Environment = stack.environment
    namer: Namer = stack.namer
    if environment.broker is None:
        return None
    granted = [spec.name for spec in environment.services if spec.granted.broker]
    broker = Broker(
        stack,
        "broker",
        BrokerProps(
            spec=environment.broker,
            protection=environment.protection,
            name=namer.name("broker", Kind.MQ_BROKER),
            secret_name=namer.name("broker-admin", Kind.SECRET),
            security_group_name=namer.name("broker", Kind.SECURITY_GROUP),
            log_policy_name=namer.name("broker-logs", Kind.GENERIC),
            vpc_id=vpc_id,
            subnet_ids=subnet_ids,
            kms_key_arn=kms_key_arn,
            admit=[(service, groups[service]) for service in granted],
            alarm_name=namer.family("broker", Kind.ALARM),
            alarm_topic_arn=topic_arn,
        ),
    )
    TerraformOutput(stack, "broker_id", value=broker.broker_id)
    return broker
