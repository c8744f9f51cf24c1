"""What every stack shares: the S3 backend with locking, one state key per stack and
environment, the provider's region and default tags, and the emulator wiring for local."""

from __future__ import annotations

import pytest

from environments import NAMED


def component_stacks(platform) -> list[str]:
    return [s for s in platform.stack_ids if not s.startswith("state-")]


def test_every_component_stack_has_its_own_locked_encrypted_state_key(platform) -> None:
    keys = set()
    for stack_id in component_stacks(platform):
        backend = platform.json(stack_id)["terraform"]["backend"]["s3"]
        component, suffix = stack_id.rsplit("-", 1)
        assert backend["key"] == f"{suffix}/{component}.tfstate"
        assert backend["encrypt"] is True and backend["use_lockfile"] is True
        keys.add((backend["bucket"], backend["key"]))
    assert len(keys) == len(component_stacks(platform))


@pytest.mark.parametrize("environment", NAMED)
def test_state_stack_keeps_its_own_state_in_the_bucket_it_creates(platform, environment: str) -> None:
    stack = platform.json(f"state-{environment}")
    backend = stack["terraform"]["backend"]
    assert list(backend) == ["s3"]
    [bucket] = stack["resource"]["aws_s3_bucket"].values()
    assert backend["s3"]["bucket"] == bucket["bucket"]
    assert backend["s3"]["key"] == f"{environment}/state.tfstate" and backend["s3"]["use_lockfile"] is True


def test_every_stack_needs_terraform_with_s3_native_locking(platform) -> None:
    for stack_id in platform.stack_ids:
        assert platform.json(stack_id)["terraform"]["required_version"] == ">= 1.10", stack_id


def test_every_aws_provider_pins_the_environments_account(platform) -> None:
    from tests.conftest import synthesized_environments

    accounts = {suffix: environment.account_id for suffix, environment in synthesized_environments().items()}
    assert len(set(accounts.values())) == len(NAMED), "each named environment has an account of its own"
    providers = 0
    for stack_id in platform.stack_ids:
        suffix = stack_id.rsplit("-", 1)[1]
        for provider in platform.json(stack_id)["provider"]["aws"]:  # aliased ones too (us-east-1, replicas)
            assert provider["allowed_account_ids"] == [accounts[suffix]], (stack_id, provider.get("alias"))
            providers += 1
    assert providers > len(platform.stack_ids)  # the aliased providers were seen


@pytest.mark.parametrize("stack_id", ["network-dev", "network-prod", "network-pr1234"])
def test_default_tags_name_project_environment_and_suffix(platform, stack_id: str) -> None:
    [provider] = platform.json(stack_id)["provider"]["aws"]
    tags = provider["default_tags"][0]["tags"]
    suffix = stack_id.split("-", 1)[1]
    assert tags["Project"] == "platform" and tags["Suffix"] == suffix and tags["ManagedBy"] == "cdktf"
    assert tags["Environment"] == ("dev" if suffix == "pr1234" else suffix)
    assert provider["region"] == ("us-east-1" if suffix == "local" else "eu-west-1")


def test_ephemeral_copy_shares_devs_bucket_under_its_own_key(platform) -> None:
    backend = platform.json("network-pr1234")["terraform"]["backend"]["s3"]
    assert backend["bucket"] == platform.json("network-dev")["terraform"]["backend"]["s3"]["bucket"]
    assert backend["key"] == "pr1234/network.tfstate"


def test_local_points_provider_and_backend_at_the_loopback_emulator(platform) -> None:
    [provider] = platform.json("network-local")["provider"]["aws"]
    endpoints = provider["endpoints"][0]
    assert {"ec2", "s3", "sts", "iam", "rds", "ecs"} <= set(endpoints)
    assert set(endpoints.values()) == {"https://127.0.0.1:4566"}
    assert provider["s3_use_path_style"] is True and provider["access_key"] == "test"
    backend = platform.json("network-local")["terraform"]["backend"]["s3"]
    assert backend["endpoints"]["s3"] == "https://127.0.0.1:4566" and backend["use_path_style"] is True


def test_real_environments_have_no_endpoint_overrides_or_static_keys(platform) -> None:
    for stack_id in ("network-dev", "network-staging", "network-prod"):
        [provider] = platform.json(stack_id)["provider"]["aws"]
        assert "endpoints" not in provider and "access_key" not in provider
        assert "endpoints" not in platform.json(stack_id)["terraform"]["backend"]["s3"]
