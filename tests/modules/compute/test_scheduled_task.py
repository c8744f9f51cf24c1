"""Scheduled tasks: EventBridge Scheduler runs the task on FARGATE_SPOT in its time zone, with
retries and a dead-letter queue, through a role that can run exactly this task and nothing else."""

from __future__ import annotations

import json

import pytest

import modules.core.framework as framework
from environments.naming import Kind, Namer
from environments.schema import ProtectionConfig
from environments.schema.services import ScheduledTaskConfig
from modules.compute.scheduled_task import ScheduledTask, ScheduledTaskProps

NAMER = Namer("platform", "test")
CLUSTER = "arn:aws:ecs:eu-west-1:111111111111:cluster/platform-cluster-test"
KEY = "arn:aws:kms:eu-west-1:111111111111:key/1"


@pytest.fixture(scope="module")
def scheduled() -> dict:
    stack = framework.TerraformStack(framework.Testing.app(), "test")
    ScheduledTask(
        stack,
        "nightly",
        ScheduledTaskProps(
            spec=ScheduledTaskConfig(
                name="nightly",
                schedule="cron(0 3 * * ? *)",
                time_zone="Europe/Dublin",
                retry_attempts=3,
                max_event_age_seconds=1800,
            ),
            protection=ProtectionConfig(prevent_destroy=True, force_destroy_buckets=False),
            name="platform-nightly-test",
            execution_role_name="platform-nightly-execution-test",
            task_role_name="platform-nightly-task-test",
            scheduler_role_name="platform-nightly-scheduler-test",
            log_group_name="platform-nightly-test",
            dlq_name="platform-nightly-dlq-test",
            cluster_arn=CLUSTER,
            subnet_ids=["subnet-1"],
            security_group_id="sg-1",
            kms_key_arn=KEY,
            logs_kms_key_arn=KEY,
            alarm_name=NAMER.family("nightly", Kind.ALARM),
            topic_arn="arn:aws:sns:eu-west-1:111111111111:alarms",
        ),
    )
    return json.loads(framework.Testing.synth(stack))


def test_runs_on_spot_in_its_time_zone_with_retries_and_a_dead_letter_queue(scheduled) -> None:
    [schedule] = scheduled["resource"]["aws_scheduler_schedule"].values()
    assert schedule["schedule_expression"] == "cron(0 3 * * ? *)"
    assert schedule["schedule_expression_timezone"] == "Europe/Dublin"
    assert schedule["flexible_time_window"] == {"mode": "OFF"} and schedule["kms_key_arn"] == KEY
    target = schedule["target"]
    assert target["arn"] == CLUSTER
    assert target["retry_policy"] == {"maximum_retry_attempts": 3, "maximum_event_age_in_seconds": 1800}
    [dlq_key] = scheduled["resource"]["aws_sqs_queue"]
    assert target["dead_letter_config"]["arn"] == f"${{aws_sqs_queue.{dlq_key}.arn}}"
    ecs = target["ecs_parameters"]
    assert ecs["capacity_provider_strategy"] == [{"capacity_provider": "FARGATE_SPOT", "base": 0, "weight": 1}]
    assert "launch_type" not in ecs
    assert ecs["network_configuration"] == {
        "assign_public_ip": False,
        "security_groups": ["sg-1"],
        "subnets": ["subnet-1"],
    }


def test_no_long_running_service(scheduled) -> None:
    assert "aws_ecs_service" not in scheduled["resource"]


def test_the_scheduler_may_run_exactly_this_task_and_pass_exactly_its_roles(scheduled) -> None:
    documents = scheduled["data"]["aws_iam_policy_document"]
    [policy] = [d for k, d in documents.items() if "scheduler-policy-document" in k]
    statements = {s["sid"]: s for s in policy["statement"]}
    assert set(statements) == {"RunThisTask", "PassItsRoles", "DeadLetters", "EncryptDeadLetters"}
    run = statements["RunThisTask"]
    assert run["actions"] == ["ecs:RunTask"]
    [family] = run["resources"]
    assert family.endswith(":task-definition/platform-nightly-test:*")
    assert run["condition"] == [{"test": "ArnEquals", "variable": "ecs:cluster", "values": [CLUSTER]}]
    passing = statements["PassItsRoles"]
    assert passing["actions"] == ["iam:PassRole"] and len(passing["resources"]) == 2
    assert all("nightly_task_" in r for r in passing["resources"])
    assert passing["condition"][0]["variable"] == "iam:PassedToService"
    assert statements["EncryptDeadLetters"]["condition"][0]["variable"] == "kms:ViaService"
    [trust] = [d for k, d in documents.items() if "scheduler-trust" in k]
    assert trust["statement"][0]["principals"][0]["identifiers"][0].startswith("scheduler.")


def test_missed_runs_are_an_alarm(scheduled) -> None:
    [alarm] = scheduled["resource"]["aws_cloudwatch_metric_alarm"].values()
    assert alarm["alarm_name"] == "platform-nightly-missed-runs-test"
    assert alarm["dimensions"] == {"QueueName": "platform-nightly-dlq-test"}


def test_the_dead_letter_queue_is_encrypted_and_tls_only(scheduled) -> None:
    [queue] = scheduled["resource"]["aws_sqs_queue"].values()
    assert queue["kms_master_key_id"] == KEY
    assert queue["lifecycle"] == {"prevent_destroy": True}
    [document] = [d for k, d in scheduled["data"]["aws_iam_policy_document"].items() if "dlq-policy-document" in k]
    assert document["statement"][0]["sid"] == "DenyInsecureTransport"
