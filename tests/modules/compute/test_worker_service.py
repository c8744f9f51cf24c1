"""Queue workers: no load balancer, FARGATE_SPOT, the task count follows the backlog per task
and drops to zero when the queues are idle, and a bad image rolls back on the worker's own
alarms (dead-letter growth, oldest message)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import modules.core.framework as framework
from environments.naming import Kind, Namer
from environments.schema.services import WorkerConfig
from modules.compute.worker_service import (
    ConsumedQueue,
    WorkerService,
    WorkerServiceProps,
    backlog_steps,
    desired_tasks,
)
from tests.terraform_console import document

NAMER = Namer("platform", "test")
QUEUES = [
    ConsumedQueue(
        logical_name="order-processing",
        name="platform-order-processing-test",
        dlq_name="platform-order-processing-dlq-test",
        max_message_age_seconds=900,
    ),
    ConsumedQueue(
        logical_name="returns",
        name="platform-returns-test",
        dlq_name="platform-returns-dlq-test",
        max_message_age_seconds=600,
    ),
]


def synth(spec: WorkerConfig | None = None, queues=QUEUES) -> dict:
    spec = spec or WorkerConfig(name="order-worker", queues=("order-processing", "returns"))
    stack = framework.TerraformStack(framework.Testing.app(), "test")
    WorkerService(
        stack,
        "order-worker",
        WorkerServiceProps(
            spec=spec,
            name="platform-order-worker-test",
            execution_role_name="platform-order-worker-execution-test",
            task_role_name="platform-order-worker-task-test",
            log_group_name="platform-order-worker-test",
            cluster_name="platform-cluster-test",
            cluster_arn="arn:aws:ecs:eu-west-1:111111111111:cluster/platform-cluster-test",
            subnet_ids=["subnet-1"],
            security_group_id="sg-1",
            queues=queues,
            alarm_name=NAMER.family("order-worker", Kind.ALARM),
            policy_name=NAMER.family("order-worker", Kind.SCALING_POLICY),
            logs_kms_key_arn="arn:aws:kms:eu-west-1:111111111111:key/1",
        ),
    )
    return json.loads(framework.Testing.synth(stack))


@pytest.fixture(scope="module")
def worker() -> dict:
    return synth()


def alarms(synthesized: dict) -> dict[str, dict]:
    return {a["alarm_name"]: a for a in synthesized["resource"]["aws_cloudwatch_metric_alarm"].values()}


def test_no_load_balancer_private_and_spot_only(worker) -> None:
    [service] = worker["resource"]["aws_ecs_service"].values()
    assert "load_balancer" not in service and "health_check_grace_period_seconds" not in service
    assert service["network_configuration"]["assign_public_ip"] is False
    assert service["capacity_provider_strategy"] == [{"capacity_provider": "FARGATE_SPOT", "base": 0, "weight": 1}]
    assert service["desired_count"] == 0 and service["lifecycle"]["ignore_changes"] == ["desired_count"]


def test_rollouts_roll_back_on_the_circuit_breaker_and_the_workers_own_alarms(worker) -> None:
    [service] = worker["resource"]["aws_ecs_service"].values()
    assert service["deployment_circuit_breaker"] == {"enable": True, "rollback": True}
    assert service["alarms"]["enable"] is True and service["alarms"]["rollback"] is True
    own = {
        k
        for k, a in worker["resource"]["aws_cloudwatch_metric_alarm"].items()
        if a["alarm_name"].endswith(("dlq-growth-test", "oldest-message-test"))
    }
    assert len(own) == 4  # two per consumed queue
    assert sorted(service["alarms"]["alarm_names"]) == sorted(
        f"${{aws_cloudwatch_metric_alarm.{key}.alarm_name}}" for key in own
    )
    assert sorted(service["depends_on"]) == sorted(f"aws_cloudwatch_metric_alarm.{key}" for key in own)


def test_dead_letter_growth_and_message_age_deployment_alarms_watch_each_queue_and_page_nobody(worker) -> None:
    """They roll a bad deployment back; the queue's own alarms on the same metrics page (one page
    per incident, tests/stacks/test_alarms.py)."""
    found = alarms(worker)
    growth = found["platform-order-worker-order-processing-dlq-growth-test"]
    assert growth["metric_query"][-1]["expression"] == "DIFF(dlq)"
    assert growth["metric_query"][0]["metric"]["dimensions"] == {"QueueName": "platform-order-processing-dlq-test"}
    assert found["platform-order-worker-returns-oldest-message-test"]["threshold"] == 600
    for name in ("order-processing-dlq-growth", "returns-oldest-message"):
        assert found[f"platform-order-worker-{name}-test"]["alarm_actions"] == []
        assert "ok_actions" not in found[f"platform-order-worker-{name}-test"]


def test_control_alarms_drive_the_policies_and_notify_nobody(worker) -> None:
    found = alarms(worker)
    backlog, idle = found["platform-order-worker-backlog-test"], found["platform-order-worker-idle-test"]
    assert backlog["metric_query"][-1]["expression"] == "v0 + v1"  # visible messages of both queues
    assert (backlog["threshold"], backlog["comparison_operator"]) == (1, "GreaterThanOrEqualToThreshold")
    assert idle["metric_query"][-1]["expression"] == "v0 + v1 + f0 + f1"  # nothing visible and nothing in flight
    assert (idle["threshold"], idle["comparison_operator"], idle["evaluation_periods"]) == (
        0,
        "LessThanOrEqualToThreshold",
        5,
    )
    for alarm in (backlog, idle):
        assert "ok_actions" not in alarm
        [action] = alarm["alarm_actions"]
        assert action.startswith("${aws_appautoscaling_policy.")
    policies = worker["resource"]["aws_appautoscaling_policy"]
    idle_policy = next(p for p in policies.values() if p["name"] == "platform-order-worker-idle-test")
    assert idle_policy["step_scaling_policy_configuration"]["step_adjustment"] == [
        {"metric_interval_upper_bound": "0", "scaling_adjustment": 0}
    ]  # scale to zero


def test_scaling_target_allows_zero_to_max(worker) -> None:
    [target] = worker["resource"]["aws_appautoscaling_target"].values()
    assert (target["min_capacity"], target["max_capacity"]) == (0, 4)
    assert target["resource_id"] == "service/platform-cluster-test/platform-order-worker-test"


def test_without_autoscaling_at_least_one_task_runs() -> None:
    synthesized = synth(WorkerConfig(name="order-worker", queues=("order-processing",), autoscaling=False), QUEUES[:1])
    [service] = synthesized["resource"]["aws_ecs_service"].values()
    assert service["desired_count"] == 1 and "lifecycle" not in service
    assert "aws_appautoscaling_target" not in synthesized["resource"]


def test_the_stop_timeout_reaches_the_container(worker) -> None:
    [definition] = worker["resource"]["aws_ecs_task_definition"].values()
    [container] = document(definition["container_definitions"])
    assert container["stopTimeout"] == 120
    assert "portMappings" not in container


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 100000), st.integers(1, 1000), st.integers(1, 20), st.integers(0, 20))
def test_the_steps_set_backlog_divided_by_messages_per_task(backlog, per_task, max_count, min_count) -> None:
    """What App Auto Scaling does with the steps (the interval holding ``backlog - threshold``
    wins, then the result is clamped to the target's bounds) equals ceil(backlog / per_task)."""
    min_count = min(min_count, max_count)
    steps = backlog_steps(per_task, max_count)
    # contiguous, from the threshold up, the last one open
    assert steps[0][1] == 0 and steps[-1][2] is None
    assert all(a[2] == b[1] for a, b in zip(steps, steps[1:], strict=False))
    if backlog >= 1:
        [tasks] = [t for t, lower, upper in steps if lower <= backlog - 1 and (upper is None or backlog - 1 < upper)]
        assert max(min_count, tasks) == desired_tasks(backlog, per_task, max_count, min_count)
    else:
        assert desired_tasks(backlog, per_task, max_count, min_count) == min_count
