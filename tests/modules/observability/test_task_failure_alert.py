"""A task of a worker or a scheduled job that stops with a non-zero exit code reaches the alarm
topic, through an EventBridge rule that watches exactly those groups of this cluster."""

from __future__ import annotations

import re

import pytest

import modules.core.framework as framework
from modules.observability.task_failure_alert import TaskFailureAlert, TaskFailureAlertProps
from tests.conftest import suffixes
from tests.terraform_console import document


@pytest.mark.parametrize("suffix", suffixes())
def test_failed_tasks_of_workers_and_schedules_reach_the_alarm_topic(platform, suffix: str) -> None:
    stack = f"service-{suffix}"
    rule = platform.resource(stack, "aws_cloudwatch_event_rule", "task-failures")
    assert rule["name"] == f"platform-task-failed-{suffix}"
    pattern = document(rule["event_pattern"])
    assert (pattern["source"], pattern["detail-type"]) == (["aws.ecs"], ["ECS Task State Change"])
    detail = pattern["detail"]
    assert detail["group"] == [f"family:platform-nightly-report-{suffix}", f"service:platform-order-worker-{suffix}"]
    assert detail["lastStatus"] == ["STOPPED"]
    assert detail["containers"] == {"exitCode": [{"anything-but": 0}]}
    [cluster] = detail["clusterArn"]
    assert re.fullmatch(r"aws_ecs_cluster\.cluster_[0-9A-F]{8}\.arn", cluster)
    # the groups are the names the worker service and the schedule's task family really have
    services = {s["name"] for s in platform.resources(stack, "aws_ecs_service").values()}
    families = {t["family"] for t in platform.resources(stack, "aws_ecs_task_definition").values()}
    assert f"platform-order-worker-{suffix}" in services and f"platform-nightly-report-{suffix}" in families
    target = platform.resource(stack, "aws_cloudwatch_event_target", "task-failures")
    assert target["rule"].startswith("${aws_cloudwatch_event_rule.task-failures_rule")
    assert "alarm-topic" in target["arn"]


def test_no_rule_without_a_group_to_watch() -> None:
    stack = framework.TerraformStack(framework.Testing.app(), "test")
    with pytest.raises(ValueError, match="no task group to watch"):
        TaskFailureAlert(
            stack,
            "task-failures",
            TaskFailureAlertProps(name="platform-task-failed-test", cluster_arn="arn", groups=(), topic_arn="arn"),
        )
