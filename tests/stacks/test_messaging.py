"""The messaging stack: what it offers later stacks, its key, the alarm topic, FIFO topics
from configuration, the emulator's drift list, and the configuration rules it relies on."""

from __future__ import annotations

import dataclasses
import json

import pytest

import modules.core.framework as framework
from environments import load
from environments.schema import ConfigError, Grants, QueueConfig, TopicConfig
from tests.conftest import environment_of, policy_statements, suffixes
from tests.terraform_console import document


def messaging_stack(environment):
    """The messaging stack beside the network stack whose zone holds the e-mail records."""
    from stacks.messaging import MessagingStack
    from stacks.network import NetworkStack

    app = framework.Testing.app()
    return MessagingStack(app, environment, NetworkStack(app, environment))


def synth_messaging(environment) -> dict:
    return json.loads(framework.Testing.synth(messaging_stack(environment)))


def test_exposes_topics_queues_key_and_alarm_topic_for_the_service_stack() -> None:
    from modules.messaging.queue import Queue
    from modules.messaging.topic import Topic
    from modules.security.kms_key import KmsKey

    stack = messaging_stack(load("dev"))
    assert set(stack.topics) == {"orders"} and all(isinstance(t, Topic) for t in stack.topics.values())
    assert set(stack.queues) == {"order-processing", "notifications"}
    assert all(isinstance(q, Queue) for q in stack.queues.values())
    assert isinstance(stack.key, KmsKey) and isinstance(stack.alarm_topic, Topic)
    for value in (
        stack.topics["orders"].topic_arn,
        stack.queues["notifications"].queue_arn,
        stack.queues["notifications"].queue_url,
        stack.queues["notifications"].dlq_arn,
        stack.key.key_arn,
        stack.alarm_topic.topic_arn,
    ):
        assert framework.Token.is_unresolved(value)
    assert stack.topics["orders"].kms_key_arn == stack.queues["notifications"].kms_key_arn == stack.key.key_arn


@pytest.mark.parametrize("suffix", suffixes())
def test_key_protection_follows_the_environment(platform, suffix: str) -> None:
    protection = environment_of(suffix).protection
    window, protected = protection.kms_deletion_window_days, protection.prevent_destroy
    key = platform.resource(f"messaging-{suffix}", "aws_kms_key", "messaging-key")
    assert key["enable_key_rotation"] is True and key["deletion_window_in_days"] == window
    assert key.get("lifecycle", {}).get("prevent_destroy", False) is protected
    alias = platform.resource(f"messaging-{suffix}", "aws_kms_alias", "messaging-key")
    assert alias["name"] == f"alias/platform-messaging-{suffix}"


def test_key_lets_sns_deliver_from_our_topics_and_cloudwatch_and_eventbridge_publish_ours(platform) -> None:
    admin, sns, cloudwatch, events, _ses = policy_statements(platform, "messaging-dev", "messaging-key_policy")
    assert admin["principals"][0]["identifiers"][0].endswith(":root")
    for statement, service in ((sns, "sns."), (cloudwatch, "cloudwatch."), (events, "events.")):
        assert statement["principals"][0]["identifiers"][0].startswith(service)
        assert set(statement["actions"]) == {"kms:GenerateDataKey*", "kms:Decrypt"}
    sns_conditions = {c["variable"]: c for c in sns["condition"]}
    assert sns_conditions["aws:SourceAccount"]["test"] == "StringEquals"
    [topic_arn] = sns_conditions["aws:SourceArn"]["values"]
    assert sns_conditions["aws:SourceArn"]["test"] == "ArnEquals" and topic_arn.endswith(":platform-orders-dev")
    [alarm_arns] = {c["variable"]: c for c in cloudwatch["condition"]}["aws:SourceArn"]["values"]
    assert alarm_arns.endswith(":alarm:platform-*-dev")
    events_conditions = {c["variable"]: c for c in events["condition"]}
    assert events_conditions["aws:SourceAccount"]["test"] == "StringEquals"
    [rule_arns] = events_conditions["aws:SourceArn"]["values"]
    assert events_conditions["aws:SourceArn"]["test"] == "ArnLike" and rule_arns.endswith(":rule/platform-*-dev")


def test_alarm_topic_takes_its_subscribers_from_the_alarms_config() -> None:
    base = load("dev")
    environment = dataclasses.replace(
        base, alarms=dataclasses.replace(base.alarms, emails=("ops@example.com", "dev@example.com"))
    ).validate()
    subscriptions = synth_messaging(environment)["resource"]["aws_sns_topic_subscription"].values()
    emails = [s for s in subscriptions if s["protocol"] == "email"]
    assert sorted(s["endpoint"] for s in emails) == ["dev@example.com", "ops@example.com"]
    assert all(s["topic_arn"].startswith("${aws_sns_topic.alarm-topic") for s in emails)


def test_no_alarm_emails_by_default(platform) -> None:
    subscriptions = platform.resources("messaging-prod", "aws_sns_topic_subscription").values()
    assert sorted(s["protocol"] for s in subscriptions) == ["sqs", "sqs"]


def test_fifo_topic_from_config_makes_fifo_queues_and_dead_letter_queues() -> None:
    base = load("dev")
    fifo = TopicConfig(name="payments.fifo", queues=(QueueConfig(name="ledger.fifo", max_receive_count=3),))
    environment = dataclasses.replace(
        base,
        messaging=dataclasses.replace(base.messaging, topics=(fifo,)),
        services=(dataclasses.replace(base.service, grants=Grants()),),
    ).validate()
    resources = synth_messaging(environment)["resource"]
    topics = {t["name"]: t for t in resources["aws_sns_topic"].values()}
    assert topics["platform-payments-dev.fifo"]["fifo_topic"] is True
    assert topics["platform-payments-dev.fifo"]["content_based_deduplication"] is True
    assert "fifo_topic" not in topics["platform-alarms-dev"]
    queues = {q["name"]: q for q in resources["aws_sqs_queue"].values()}
    assert set(queues) == {"platform-ledger-dev.fifo", "platform-ledger-dlq-dev.fifo"}
    assert all(q["fifo_queue"] is True and q["content_based_deduplication"] is True for q in queues.values())
    assert document(queues["platform-ledger-dev.fifo"]["redrive_policy"])["maxReceiveCount"] == 3


def test_emulator_drift_list_reaches_the_queues() -> None:
    # moto re-spaces redrive_policy JSON, so the local environment must ignore it (EMULATOR.md).
    base = load("local")
    environment = dataclasses.replace(
        base, emulator=dataclasses.replace(base.emulator, ignore_drift={"aws_sqs_queue": ("redrive_policy",)})
    )
    queues = synth_messaging(environment)["resource"]["aws_sqs_queue"].values()
    assert len(queues) == 4 and all(q["lifecycle"]["ignore_changes"] == ["redrive_policy"] for q in queues)


def with_messaging(**changes):
    base = load("dev")
    # only a web service without grants: the topics and queues the defaults name are gone
    return dataclasses.replace(
        base,
        messaging=dataclasses.replace(base.messaging, **changes),
        services=(dataclasses.replace(base.service, grants=Grants()),),
    )


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        (
            with_messaging(topics=(TopicConfig(name="alarms"),)),
            "messaging.topics[alarms].name 'alarms' is reserved for the alarm topic",
        ),
        (
            with_messaging(
                topics=(TopicConfig(name="orders", queues=(QueueConfig(name="a"), QueueConfig(name="a-dlq"))),)
            ),
            "messaging.topics[orders].queues[a]: its dead-letter queue 'a-dlq' has the name of another",
        ),
        (
            with_messaging(
                topics=(TopicConfig(name="orders", queues=(QueueConfig(name="a", max_message_age_seconds=10**6),)),)
            ),
            "queues[a].max_message_age_seconds (1000000s) must be between 60 and retention_seconds (345600s)",
        ),
        (
            with_messaging(
                topics=(TopicConfig(name="orders", queues=(QueueConfig(name="a", filter_policy={"x": {1, 2}}),)),)
            ),
            "queues[a].filter_policy must be a JSON object",
        ),
        (
            dataclasses.replace(
                load("dev"), alarms=dataclasses.replace(load("dev").alarms, emails=("a@b.io", "A@b.io"))
            ),
            "alarms.emails lists 'a@b.io' more than once",
        ),
    ],
)
def test_messaging_configuration_errors_are_one_line_naming_the_field(environment, message: str) -> None:
    with pytest.raises(ConfigError) as error:
        environment.validate()
    [problem] = error.value.problems
    assert problem.startswith("environments.dev.") and message in problem
