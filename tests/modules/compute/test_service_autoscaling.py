"""Autoscaling bounds and target tracking from config; absent where the emulator lacks it."""

from __future__ import annotations

import pytest

from tests.conftest import environment_of, suffixes


@pytest.mark.parametrize("suffix", suffixes(lambda e: e.service.autoscaling))
def test_bounds_follow_the_configuration(platform, suffix: str) -> None:
    target = platform.resource(f"service-{suffix}", "aws_appautoscaling_target", "autoscaling_target")
    config = environment_of(suffix).service
    assert (target["min_capacity"], target["max_capacity"]) == (config.min_count, config.max_count)
    assert target["scalable_dimension"] == "ecs:service:DesiredCount"


def test_cpu_at_70_percent_with_cooldowns(platform) -> None:
    policies = {p["name"]: p for p in platform.resources("service-dev", "aws_appautoscaling_policy").values()}
    cpu = policies["platform-api-cpu-dev"]["target_tracking_scaling_policy_configuration"]
    assert cpu["target_value"] == 70
    assert cpu["predefined_metric_specification"]["predefined_metric_type"] == "ECSServiceAverageCPUUtilization"
    assert (cpu["scale_in_cooldown"], cpu["scale_out_cooldown"]) == (300, 60)


def test_prod_also_tracks_requests_per_target(platform) -> None:
    policies = {p["name"]: p for p in platform.resources("service-prod", "aws_appautoscaling_policy").values()}
    requests = policies["platform-api-requests-prod"]["target_tracking_scaling_policy_configuration"]
    assert requests["target_value"] == 1000
    label = requests["predefined_metric_specification"]["resource_label"]
    assert "arn_suffix" in label and "/" in label


def test_local_has_no_autoscaling(platform) -> None:
    assert not platform.resources("service-local", "aws_appautoscaling_target")
