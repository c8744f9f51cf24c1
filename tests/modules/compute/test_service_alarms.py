"""Service alarms notify the environment's alarm topic."""

from __future__ import annotations

from tests.conftest import OPTIONS_SUFFIX


def test_service_alarms_cover_errors_latency_saturation_and_task_count(platform) -> None:
    alarms = {
        a["alarm_name"]: a
        for a in platform.resources("service-prod", "aws_cloudwatch_metric_alarm").values()
        if a["alarm_name"].startswith("platform-api-")
    }
    assert set(alarms) == {
        f"platform-api-{what}-prod"
        for what in ("elb-5xx", "target-5xx", "unhealthy-hosts", "latency", "cpu", "memory", "tasks-below-minimum")
    }
    assert "TargetGroup" in alarms["platform-api-latency-prod"]["dimensions"]  # its own targets, not the whole ALB
    tasks = alarms["platform-api-tasks-below-minimum-prod"]
    assert (tasks["metric_name"], tasks["threshold"], tasks["comparison_operator"]) == (
        "RunningTaskCount",
        2,
        "LessThanThreshold",
    )
    assert alarms["platform-api-cpu-prod"]["threshold"] == 80
    for alarm in alarms.values():
        assert len(alarm["alarm_actions"]) == 1 and "alarm-topic" in alarm["alarm_actions"][0]


def test_without_container_insights_healthy_targets_are_counted(platform) -> None:
    alarms = {
        a["alarm_name"]: a
        for a in platform.resources(f"service-{OPTIONS_SUFFIX}", "aws_cloudwatch_metric_alarm").values()
    }
    assert alarms[f"platform-api-tasks-below-minimum-{OPTIONS_SUFFIX}"]["metric_name"] == "HealthyHostCount"


def test_the_load_balancer_has_one_5xx_alarm_however_many_services_share_it(platform) -> None:
    """The options environment runs two web services (api, admin) on one load balancer."""
    for stack in (f"service-{OPTIONS_SUFFIX}", "service-prod"):
        alarms = platform.resources(stack, "aws_cloudwatch_metric_alarm").values()
        elb = [a for a in alarms if a.get("metric_name") == "HTTPCode_ELB_5XX_Count"]
        assert len(elb) == 1, f"{stack}: {[a['alarm_name'] for a in elb]}"
        assert set(elb[0]["dimensions"]) == {"LoadBalancer"}
    admin = {
        a["alarm_name"] for a in platform.resources(f"service-{OPTIONS_SUFFIX}", "aws_cloudwatch_metric_alarm").values()
    }
    assert f"platform-admin-target-5xx-{OPTIONS_SUFFIX}" in admin  # each service keeps its own target alarms
