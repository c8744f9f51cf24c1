"""The service stack builds every configured service in a loop, one construct per kind, and the
first web service keeps the Terraform addresses it had when it was the only service."""

from __future__ import annotations

import json

import pytest

from environments import NAMED
from tests.terraform_console import document


@pytest.mark.parametrize("suffix", NAMED)
def test_every_kind_is_built_in_every_environment(platform, suffix: str) -> None:
    stack = f"service-{suffix}"
    services = {s["name"] for s in platform.resources(stack, "aws_ecs_service").values()}
    assert services == {f"platform-api-{suffix}", f"platform-order-worker-{suffix}"}
    [schedule] = platform.resources(stack, "aws_scheduler_schedule").values()
    assert schedule["name"] == f"platform-nightly-report-{suffix}"
    families = {d["family"] for d in platform.resources(stack, "aws_ecs_task_definition").values()}
    assert families == {f"platform-{n}-{suffix}" for n in ("api", "order-worker", "nightly-report")}


def test_the_first_web_service_keeps_its_addresses(platform) -> None:
    """Construct ids are Terraform addresses: prod's service, target group, scaling and alarms
    must not be replaced by the move to services as configuration (these ids are the ones
    they had before; a change here replaces prod's service)."""
    resources = platform.json("service-prod")["resource"]
    for resource_type, logical_id in [
        ("aws_ecs_service", "app_service_BCE5FF06"),
        ("aws_ecs_task_definition", "app_task_D962A8DF"),
        ("aws_iam_role", "app_task-role_97992A21"),
        ("aws_lb_target_group", "alb_targets_7CB452DA"),
        ("aws_appautoscaling_target", "autoscaling_target_10D32FB7"),
        ("aws_cloudwatch_metric_alarm", "alarms_cpu_alarm_ABCE09DF"),
    ]:
        assert logical_id in resources[resource_type], (resource_type, sorted(resources[resource_type]))


def test_the_dashboard_url_is_an_output(platform) -> None:
    outputs = platform.json("edge-dev")["output"]
    assert "dashboards/dashboard/platform-dashboard-dev" in outputs["dashboard_url"]["value"]
    [dashboard] = platform.resources("edge-dev", "aws_cloudwatch_dashboard").values()
    body = json.dumps(document(dashboard["dashboard_body"]))
    for row in (
        "## CloudFront",
        "## Load balancer",
        "## Service api",
        "## Service order-worker",
        "## Queues",
        "## Aurora",
        "## DynamoDB",
    ):
        assert row in body


@pytest.mark.parametrize("suffix", NAMED)
def test_the_data_tier_is_watched(platform, suffix: str) -> None:
    names = {a["alarm_name"] for a in platform.resources(f"data-{suffix}", "aws_cloudwatch_metric_alarm").values()}
    assert {f"platform-db-{what}-{suffix}" for what in ("cpu", "connections")} <= names
    assert {
        f"platform-{table}-{what}-{suffix}"
        for table in ("catalog", "orders")
        for what in ("throttles", "system-errors")
    } <= names
