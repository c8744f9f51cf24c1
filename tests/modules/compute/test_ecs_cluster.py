"""ECS clusters: FARGATE and FARGATE_SPOT everywhere, the default strategy from config."""

from __future__ import annotations

import pytest

from tests.conftest import OPTIONS_SUFFIX, environment_of, suffixes

SUFFIXES = suffixes()


def configured_strategy(suffix: str) -> list[tuple[str, int, int]]:
    """``(provider, base, weight)`` as the environment's first web service configures its split."""
    capacity = environment_of(suffix).service.capacity
    expected = [("FARGATE", capacity.on_demand_base, capacity.on_demand_weight)]
    expected = expected if capacity.on_demand_base or capacity.on_demand_weight else []
    return expected + ([("FARGATE_SPOT", 0, capacity.spot_weight)] if capacity.spot_weight else [])


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_every_cluster_offers_fargate_spot(platform, suffix: str) -> None:
    providers = platform.resource(f"service-{suffix}", "aws_ecs_cluster_capacity_providers")
    assert providers["capacity_providers"] == ["FARGATE", "FARGATE_SPOT"]


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_default_strategy_is_the_first_web_services_split(platform, suffix: str) -> None:
    providers = platform.resource(f"service-{suffix}", "aws_ecs_cluster_capacity_providers")
    found = [(s["capacity_provider"], s["base"], s["weight"]) for s in providers["default_capacity_provider_strategy"]]
    assert found == configured_strategy(suffix)


@pytest.mark.parametrize("suffix", suffixes(lambda e: e.protection.confirm))
def test_protected_environments_keep_an_on_demand_base(suffix: str) -> None:
    assert configured_strategy(suffix)[0][:2] >= ("FARGATE", 1)


def test_container_insights_and_encrypted_exec_sessions(platform) -> None:
    cluster = platform.resource("service-prod", "aws_ecs_cluster")
    assert cluster["setting"] == [{"name": "containerInsights", "value": "enabled"}]
    assert cluster["name"] == "platform-cluster-prod"
    assert "service-key" in cluster["configuration"]["execute_command_configuration"]["kms_key_id"]
    off = platform.resource(f"service-{OPTIONS_SUFFIX}", "aws_ecs_cluster")
    assert off["setting"] == [{"name": "containerInsights", "value": "disabled"}]


def test_exec_sessions_are_logged_to_an_encrypted_audit_group(platform) -> None:
    cluster = platform.resource("service-dev", "aws_ecs_cluster")
    execute = cluster["configuration"]["execute_command_configuration"]
    assert execute["logging"] == "OVERRIDE"
    assert execute["log_configuration"]["cloud_watch_encryption_enabled"] is True
    group = platform.resource("service-dev", "aws_cloudwatch_log_group", "exec-logs")
    assert group["name"] == "platform-ecs-exec-dev" and group["retention_in_days"] == 365
