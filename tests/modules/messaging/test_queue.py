"""SQS queues: SSE-KMS, a dead-letter queue reached after the configured receives and usable
only by its source queue, TLS-only policies that let only the subscribed topic send, the
subscription's options, FIFO, protection, alarms and consume grants."""

from __future__ import annotations

import json

import pytest

import modules.core.framework as framework
from environments.base import ORDERS_TOPIC
from environments.schema import ProtectionConfig, QueueConfig
from tests.conftest import environment_of, policy_statements, suffixes
from tests.terraform_console import document

KEY = "arn:aws:kms:eu-west-1:111111111111:key/1"
TOPIC = "arn:aws:sns:eu-west-1:111111111111:platform-events-test"
CONFIG = {q.name: q for q in ORDERS_TOPIC.queues}


def logical_id(platform, stack: str, resource_type: str, id_part: str) -> str:
    [found] = [k for k in platform.resources(stack, resource_type) if id_part in k]
    return found


def synth_queue(**props) -> tuple[dict, object]:
    from modules.messaging.queue import Queue, QueueProps

    stack = framework.TerraformStack(framework.Testing.app(), "test")
    settings = (
        dict(
            spec=QueueConfig(name="work"),
            protection=ProtectionConfig(),
            name="platform-work-test",
            dlq_name="platform-work-dlq-test",
            kms_key_arn=KEY,
        )
        | props
    )
    queue = Queue(stack, "q", QueueProps(**settings))
    return json.loads(framework.Testing.synth(stack)), queue


@pytest.mark.parametrize("suffix", suffixes())
def test_every_queue_and_dead_letter_queue_is_kms_encrypted_and_named_for_the_environment(
    platform, suffix: str
) -> None:
    environment = environment_of(suffix)
    configured = [q for t in environment.messaging.topics for q in t.queues]
    assert configured, "no queue configured: the check would be empty"
    queues = platform.resources(f"messaging-{suffix}", "aws_sqs_queue")
    assert sorted(q["name"] for q in queues.values()) == sorted(
        f"{environment.project}-{name}-{suffix}" for q in configured for name in (q.base_name, q.dlq_base_name)
    )
    for queue in queues.values():
        assert queue["kms_master_key_id"].startswith("${aws_kms_key.messaging-key")
        assert "sqs_managed_sse_enabled" not in queue


@pytest.mark.parametrize("name", sorted(CONFIG))
def test_redrive_policy_sends_to_its_own_dlq_after_the_configured_receives(platform, name: str) -> None:
    queue = platform.resource("messaging-dev", "aws_sqs_queue", f"queue-{name}_queue")
    dlq = logical_id(platform, "messaging-dev", "aws_sqs_queue", f"queue-{name}_dlq")
    assert document(queue["redrive_policy"]) == {
        "deadLetterTargetArn": f"aws_sqs_queue.{dlq}.arn",
        "maxReceiveCount": CONFIG[name].max_receive_count,
    }
    assert queue["visibility_timeout_seconds"] == CONFIG[name].visibility_timeout_seconds
    assert queue["message_retention_seconds"] == CONFIG[name].retention_seconds
    dead = platform.resource("messaging-dev", "aws_sqs_queue", f"queue-{name}_dlq")
    assert dead["message_retention_seconds"] == CONFIG[name].dlq_retention_seconds
    assert "redrive_policy" not in dead


def test_max_receive_count_and_timeouts_come_from_props() -> None:
    synthesized, _ = synth_queue(
        spec=QueueConfig(
            name="work",
            max_receive_count=7,
            visibility_timeout_seconds=120,
            retention_seconds=600,
            max_message_age_seconds=300,
        )
    )
    queue = next(q for q in synthesized["resource"]["aws_sqs_queue"].values() if q["name"] == "platform-work-test")
    assert document(queue["redrive_policy"])["maxReceiveCount"] == 7
    assert (queue["visibility_timeout_seconds"], queue["message_retention_seconds"]) == (120, 600)


def test_only_the_source_queue_may_use_the_dlq_in_dev(platform) -> None:
    allows = platform.resources("messaging-dev", "aws_sqs_queue_redrive_allow_policy")
    assert len(allows) == len(CONFIG)
    for name in CONFIG:
        allow = platform.resource("messaging-dev", "aws_sqs_queue_redrive_allow_policy", f"queue-{name}_")
        source = logical_id(platform, "messaging-dev", "aws_sqs_queue", f"queue-{name}_queue")
        dlq = logical_id(platform, "messaging-dev", "aws_sqs_queue", f"queue-{name}_dlq")
        assert allow["queue_url"] == f"${{aws_sqs_queue.{dlq}.url}}"
        assert document(allow["redrive_allow_policy"]) == {
            "redrivePermission": "byQueue",
            "sourceQueueArns": [f"aws_sqs_queue.{source}.arn"],
        }


def test_local_leaves_the_redrive_allow_policy_out_for_the_emulator(platform) -> None:
    assert platform.resources("messaging-local", "aws_sqs_queue_redrive_allow_policy") == {}
    assert len(platform.resources("messaging-local", "aws_sqs_queue")) == 2 * len(CONFIG)


@pytest.mark.parametrize("name", sorted(CONFIG))
def test_queue_policy_lets_only_its_topic_send_and_denies_plain_http(platform, name: str) -> None:
    deny, allow = policy_statements(platform, "messaging-dev", f"queue-{name}_policy-document")
    queue = logical_id(platform, "messaging-dev", "aws_sqs_queue", f"queue-{name}_queue")
    assert deny["effect"] == "Deny" and deny["actions"] == ["sqs:*"]
    assert deny["condition"] == [{"test": "Bool", "variable": "aws:SecureTransport", "values": ["false"]}]
    assert allow["effect"] == "Allow" and allow["actions"] == ["sqs:SendMessage"]
    assert allow["resources"] == deny["resources"] == [f"${{aws_sqs_queue.{queue}.arn}}"]
    [principal] = allow["principals"]
    assert principal["type"] == "Service" and principal["identifiers"][0].startswith("sns.")
    [source] = allow["condition"]
    assert (source["test"], source["variable"]) == ("ArnEquals", "aws:SourceArn")
    [topic_arn] = source["values"]
    assert topic_arn.startswith("${aws_sns_topic.topic-orders_topic") and topic_arn.endswith(".arn}")
    policy = platform.resource("messaging-dev", "aws_sqs_queue_policy", f"queue-{name}_policy")
    assert policy["queue_url"] == f"${{aws_sqs_queue.{queue}.url}}"


def test_dead_letter_queue_policy_only_denies_plain_http(platform) -> None:
    [deny] = policy_statements(platform, "messaging-dev", "queue-notifications_dlq-policy-document")
    dlq = logical_id(platform, "messaging-dev", "aws_sqs_queue", "queue-notifications_dlq")
    assert deny["effect"] == "Deny" and deny["resources"] == [f"${{aws_sqs_queue.{dlq}.arn}}"]


@pytest.mark.parametrize("name", sorted(CONFIG))
def test_subscription_delivers_to_the_queue_with_configured_options(platform, name: str) -> None:
    subscription = platform.resource("messaging-dev", "aws_sns_topic_subscription", f"queue-{name}_")
    queue = logical_id(platform, "messaging-dev", "aws_sqs_queue", f"queue-{name}_queue")
    policy = logical_id(platform, "messaging-dev", "aws_sqs_queue_policy", f"queue-{name}_policy")
    assert subscription["protocol"] == "sqs"
    assert subscription["endpoint"] == f"${{aws_sqs_queue.{queue}.arn}}"
    assert subscription["topic_arn"].startswith("${aws_sns_topic.topic-orders_topic")
    assert subscription["raw_message_delivery"] is CONFIG[name].raw_message_delivery
    expected = CONFIG[name].filter_policy
    assert (document(subscription["filter_policy"]) if "filter_policy" in subscription else None) == expected
    assert subscription["depends_on"] == [f"aws_sqs_queue_policy.{policy}"]


def test_notifications_get_raw_filtered_delivery() -> None:
    # Guards the test above against a config where every option is at its default.
    assert CONFIG["notifications"].raw_message_delivery and CONFIG["notifications"].filter_policy


def test_fifo_queue_and_its_dlq_are_fifo_with_content_deduplication() -> None:
    synthesized, queue = synth_queue(
        name="platform-work-test.fifo",
        dlq_name="platform-work-dlq-test.fifo",
        spec=QueueConfig(name="work.fifo"),
        topic_arn=TOPIC + ".fifo",
    )
    queues = synthesized["resource"]["aws_sqs_queue"].values()
    assert sorted(q["name"] for q in queues) == ["platform-work-dlq-test.fifo", "platform-work-test.fifo"]
    for resource in queues:
        assert resource["fifo_queue"] is True and resource["content_based_deduplication"] is True
    [subscription] = synthesized["resource"]["aws_sns_topic_subscription"].values()
    assert subscription["topic_arn"] == TOPIC + ".fifo"


def test_standard_queue_leaves_fifo_settings_out() -> None:
    synthesized, _ = synth_queue()
    for resource in synthesized["resource"]["aws_sqs_queue"].values():
        assert "fifo_queue" not in resource and "content_based_deduplication" not in resource


@pytest.mark.parametrize(
    ("name", "dlq_name"),
    [("platform-work-test.fifo", "platform-work-dlq-test.fifo"), ("platform-work-test", "platform-work-dlq-test.fifo")],
)
def test_fifo_flag_and_names_must_agree(name: str, dlq_name: str) -> None:
    with pytest.raises(ValueError, match="FIFO queue"):
        synth_queue(name=name, dlq_name=dlq_name)  # the default spec is a standard queue


def test_a_queue_without_topic_has_no_subscription_and_no_send_statement() -> None:
    synthesized, _ = synth_queue(redrive_allow_policy=False)
    assert "aws_sns_topic_subscription" not in synthesized["resource"]
    assert "aws_sqs_queue_redrive_allow_policy" not in synthesized["resource"]
    for policy in synthesized["data"]["aws_iam_policy_document"].values():
        assert [s["effect"] for s in policy["statement"]] == ["Deny"]


@pytest.mark.parametrize("suffix", suffixes())
def test_queues_cannot_be_destroyed_where_protected(platform, suffix: str) -> None:
    protected = environment_of(suffix).protection.prevent_destroy
    for queue in platform.resources(f"messaging-{suffix}", "aws_sqs_queue").values():
        assert queue.get("lifecycle", {}).get("prevent_destroy", False) is protected


@pytest.mark.parametrize("name", sorted(CONFIG))
def test_alarms_on_dead_letters_and_message_age_notify_the_alarm_topic(platform, name: str) -> None:
    stack = "messaging-staging"
    dlq = logical_id(platform, stack, "aws_sqs_queue", f"queue-{name}_dlq")
    queue = logical_id(platform, stack, "aws_sqs_queue", f"queue-{name}_queue")
    dead = platform.resource(stack, "aws_cloudwatch_metric_alarm", f"queue-{name}_dlq-messages")
    age = platform.resource(stack, "aws_cloudwatch_metric_alarm", f"queue-{name}_oldest-message")
    assert (dead["namespace"], dead["metric_name"]) == ("AWS/SQS", "ApproximateNumberOfMessagesVisible")
    assert dead["dimensions"] == {"QueueName": f"${{aws_sqs_queue.{dlq}.name}}"}
    assert (dead["comparison_operator"], dead["threshold"]) == ("GreaterThanThreshold", 0)
    assert (age["namespace"], age["metric_name"]) == ("AWS/SQS", "ApproximateAgeOfOldestMessage")
    assert age["dimensions"] == {"QueueName": f"${{aws_sqs_queue.{queue}.name}}"}
    assert (age["comparison_operator"], age["threshold"]) == (
        "GreaterThanThreshold",
        CONFIG[name].max_message_age_seconds,
    )
    for alarm in (dead, age):
        assert alarm["treat_missing_data"] == "notBreaching"
        assert alarm["alarm_name"].startswith(f"platform-{name}-") and alarm["alarm_name"].endswith("-staging")
        [action] = alarm["alarm_actions"]
        assert action.startswith("${aws_sns_topic.alarm-topic") and alarm["ok_actions"] == [action]


def test_alarm_thresholds_and_names_come_from_props() -> None:
    from modules.messaging.queue import QueueAlarmsProps

    alarms = QueueAlarmsProps(topic_arn=TOPIC, alarm_name=lambda what: f"platform-work-{what}-test", period_seconds=60)
    synthesized, _ = synth_queue(alarms=alarms, spec=QueueConfig(name="work", max_message_age_seconds=120))
    found = {a["alarm_name"]: a for a in synthesized["resource"]["aws_cloudwatch_metric_alarm"].values()}
    assert set(found) == {"platform-work-dlq-messages-test", "platform-work-oldest-message-test"}
    assert found["platform-work-oldest-message-test"]["threshold"] == 120
    assert {a["period"] for a in found.values()} == {60}
    assert all(a["alarm_actions"] == [TOPIC] for a in found.values())


def test_no_alarms_without_alarm_props() -> None:
    synthesized, _ = synth_queue()
    assert "aws_cloudwatch_metric_alarm" not in synthesized["resource"]


def test_grant_consume_reads_only_this_queue_and_decrypts_through_sqs_only() -> None:
    _, queue = synth_queue()
    consume, decrypt = queue.grant_consume(queue)
    assert consume.resources == [queue.queue_arn]
    assert {"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"} <= set(consume.actions)
    assert not any(a in consume.actions for a in ("sqs:*", "sqs:SendMessage", "sqs:PurgeQueue"))
    assert decrypt.actions == ["kms:Decrypt"] and decrypt.resources == [KEY]
    [via] = decrypt.conditions
    assert via.variable == "kms:ViaService" and via.values[0].startswith("sqs.")
