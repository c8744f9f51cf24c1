"""SNS topics: KMS-encrypted, TLS-only, FIFO when asked, CloudWatch admitted only to the alarm
topic and only for this environment's alarms, e-mail subscriptions, and publish grants."""

from __future__ import annotations

import json

import pytest

import modules.core.framework as framework
from tests.conftest import environment_of, policy_statements, suffixes

KEY = "arn:aws:kms:eu-west-1:111111111111:key/1"


def synth_topic(**props) -> tuple[dict, object]:
    from modules.messaging.topic import Topic, TopicProps

    stack = framework.TerraformStack(framework.Testing.app(), "test")
    topic = Topic(stack, "t", TopicProps(kms_key_arn=KEY, **props))
    return json.loads(framework.Testing.synth(stack)), topic


@pytest.mark.parametrize("suffix", suffixes())
def test_every_topic_is_encrypted_with_the_messaging_key_and_named_for_the_environment(platform, suffix: str) -> None:
    environment = environment_of(suffix)
    configured = [t.base_name for t in environment.messaging.topics] + ["alarms"]
    configured += ["email-events"] if environment.email else []
    topics = platform.resources(f"messaging-{suffix}", "aws_sns_topic")
    assert {t["name"] for t in topics.values()} == {f"{environment.project}-{n}-{suffix}" for n in configured}
    for topic in topics.values():
        assert topic["kms_master_key_id"].startswith("${aws_kms_key.messaging-key")


def test_topic_policy_denies_publishing_without_tls(platform) -> None:
    [deny] = policy_statements(platform, "messaging-dev", "topic-orders_policy-document")
    assert deny["effect"] == "Deny" and deny["actions"] == ["sns:Publish"]
    assert deny["principals"] == [{"type": "AWS", "identifiers": ["*"]}]
    assert deny["condition"] == [{"test": "Bool", "variable": "aws:SecureTransport", "values": ["false"]}]
    [resource] = deny["resources"]
    assert resource.startswith("${aws_sns_topic.topic-orders_topic") and resource.endswith(".arn}")
    policy = platform.resource("messaging-dev", "aws_sns_topic_policy", "topic-orders")
    assert policy["arn"].startswith("${aws_sns_topic.topic-orders_topic")


def test_only_the_alarm_topic_admits_cloudwatch_and_eventbridge_and_only_this_environments(platform) -> None:
    statements = policy_statements(platform, "messaging-prod", "alarm-topic_policy-document")
    [allow, events] = [s for s in statements if s["effect"] == "Allow"]
    assert allow["actions"] == ["sns:Publish"] and allow["principals"][0]["identifiers"][0].startswith("cloudwatch.")
    assert allow["resources"][0].startswith("${aws_sns_topic.alarm-topic")
    conditions = {c["variable"]: c for c in allow["condition"]}
    assert conditions["aws:SourceAccount"]["test"] == "StringEquals"
    assert conditions["aws:SourceArn"]["test"] == "ArnLike"
    assert conditions["aws:SourceArn"]["values"][0].endswith(":alarm:platform-*-prod")
    assert events["actions"] == ["sns:Publish"] and events["principals"][0]["identifiers"][0].startswith("events.")
    events_conditions = {c["variable"]: c for c in events["condition"]}
    assert events_conditions["aws:SourceAccount"]["values"] == conditions["aws:SourceAccount"]["values"]
    assert events_conditions["aws:SourceArn"]["test"] == "ArnLike"
    assert events_conditions["aws:SourceArn"]["values"][0].endswith(":rule/platform-*-prod")
    orders = policy_statements(platform, "messaging-prod", "topic-orders_policy-document")
    assert [s["effect"] for s in orders] == ["Deny"]


def test_standard_topic_leaves_fifo_settings_out() -> None:
    synthesized, _ = synth_topic(name="platform-events-test")
    [topic] = synthesized["resource"]["aws_sns_topic"].values()
    assert "fifo_topic" not in topic and "content_based_deduplication" not in topic


def test_fifo_topic_deduplicates_on_content() -> None:
    synthesized, _ = synth_topic(name="platform-events-test.fifo", fifo=True)
    [topic] = synthesized["resource"]["aws_sns_topic"].values()
    assert topic["name"] == "platform-events-test.fifo"
    assert topic["fifo_topic"] is True and topic["content_based_deduplication"] is True


@pytest.mark.parametrize(("name", "fifo"), [("platform-events-test", True), ("platform-events-test.fifo", False)])
def test_fifo_flag_and_name_must_agree(name: str, fifo: bool) -> None:
    with pytest.raises(ValueError, match="FIFO topic"):
        synth_topic(name=name, fifo=fifo)


def test_email_subscriptions_have_ids_from_their_addresses() -> None:
    synthesized, _ = synth_topic(name="platform-alarms-test", emails=("ops@example.com", "On.Call@example.org"))
    subscriptions = synthesized["resource"]["aws_sns_topic_subscription"]
    assert sorted((s["protocol"], s["endpoint"]) for s in subscriptions.values()) == [
        ("email", "On.Call@example.org"),
        ("email", "ops@example.com"),
    ]
    assert any(key.startswith("t_email-ops-example-com") for key in subscriptions)
    assert any(key.startswith("t_email-on-call-example-org") for key in subscriptions)


def test_grant_publish_allows_publishing_and_encrypting_through_sns_only() -> None:
    _, topic = synth_topic(name="platform-events-test")
    publish, encrypt = topic.grant_publish(topic)
    assert publish.actions == ["sns:Publish"] and publish.resources == [topic.topic_arn]
    assert set(encrypt.actions) == {"kms:GenerateDataKey*", "kms:Decrypt"} and encrypt.resources == [KEY]
    [via] = encrypt.conditions
    assert via.variable == "kms:ViaService" and via.values[0].startswith("sns.")
    assert publish.sid != encrypt.sid and publish.sid.isalnum()
