"""The Valkey cache through the data and service stacks: TLS required, KMS at rest, IAM users
in a user group with the default user disabled, and a network path only for its grantees."""

from __future__ import annotations

import json

import pytest

from tests.conftest import environment_of, suffixes

WITH_CACHE = suffixes(lambda e: e.cache is not None)


def group(platform, suffix: str) -> dict:
    return platform.resource(f"data-{suffix}", "aws_elasticache_replication_group")


def granted(suffix: str) -> list[str]:
    return [s.name for s in environment_of(suffix).services if s.granted.cache]


def test_named_environments_have_the_cache_but_staging() -> None:
    assert {"dev", "prod", "local"} & set(WITH_CACHE) >= {"dev", "prod"}
    assert environment_of("staging").cache is None


@pytest.mark.parametrize("suffix", WITH_CACHE)
def test_tls_required_and_encrypted_with_the_cache_key(platform, suffix: str) -> None:
    cache = group(platform, suffix)
    assert cache["engine"] == "valkey" and cache["port"] == 6379
    assert cache["transit_encryption_enabled"] is True and cache["transit_encryption_mode"] == "required"
    assert cache["at_rest_encryption_enabled"] == "true" and "aws_kms_key.cache-key" in cache["kms_key_id"]
    assert "auth_token" not in cache
    assert cache["auto_minor_version_upgrade"] == "true"
    [log] = cache["log_delivery_configuration"]
    assert log["log_type"] == "slow-log" and log["destination_type"] == "cloudwatch-logs"
    slow = platform.resource(f"data-{suffix}", "aws_cloudwatch_log_group", "slow-log")
    assert "logs-key" in slow["kms_key_id"]


@pytest.mark.parametrize("suffix", WITH_CACHE)
def test_users_are_iam_authenticated_and_the_default_user_is_off(platform, suffix: str) -> None:
    users = platform.resources(f"data-{suffix}", "aws_elasticache_user")
    [default] = [u for u in users.values() if u["user_name"] == "default"]
    assert default["access_string"] == "off -@all" and default["user_id"] != "default"
    assert default["authentication_mode"] == {"type": "no-password-required"}
    clients = [u for u in users.values() if u["user_name"] != "default"]
    assert len(clients) == len(granted(suffix)) >= 1
    for user in clients:
        assert user["authentication_mode"] == {"type": "iam"} and user["user_name"] == user["user_id"]
        assert "-@dangerous" in user["access_string"] and "passwords" not in user
    [(key, user_group)] = platform.resources(f"data-{suffix}", "aws_elasticache_user_group").items()
    assert len(user_group["user_ids"]) == 1 + len(clients) and user_group["engine"] == "valkey"
    assert group(platform, suffix)["user_group_ids"] == [f"${{aws_elasticache_user_group.{key}.user_group_id}}"]


def test_prod_is_multi_az_protected_and_snapshotted(platform) -> None:
    cache = group(platform, "prod")
    assert cache["num_cache_clusters"] == 2 and cache["multi_az_enabled"] is True
    assert cache["automatic_failover_enabled"] is True and cache["snapshot_retention_limit"] == 7
    assert cache["final_snapshot_identifier"] == "platform-cache-final-prod"
    assert cache["lifecycle"]["prevent_destroy"] is True and cache["apply_immediately"] is False
    dev = group(platform, "dev")
    assert dev["num_cache_clusters"] == 1 and "final_snapshot_identifier" not in dev and "lifecycle" not in dev


@pytest.mark.parametrize("suffix", WITH_CACHE)
def test_only_the_grantees_reach_the_cache(platform, suffix: str) -> None:
    rules = platform.resources(f"service-{suffix}", "aws_vpc_security_group_ingress_rule")
    into = {k: r for k, r in rules.items() if "cache" in k}
    assert sorted(k.split("_")[1].removesuffix("-to-cache-in") for k in into) == sorted(granted(suffix))
    for rule in into.values():
        assert (rule["from_port"], rule["to_port"], rule["ip_protocol"]) == (6379, 6379, "tcp")
        assert "cache_sg" in rule["security_group_id"] and "service-groups" in rule["referenced_security_group_id"]
    data_rules = platform.resources(f"data-{suffix}", "aws_vpc_security_group_ingress_rule")
    assert not any("cache" in k for k in data_rules)  # nothing else is admitted


@pytest.mark.parametrize("suffix", WITH_CACHE)
def test_a_grantee_gets_the_variables_and_connect_on_its_own_user_only(platform, suffix: str) -> None:
    stack = f"service-{suffix}"
    for name in (s.name for s in environment_of(suffix).services):
        prefix = "app_" if name == environment_of(suffix).service.name else f"{name}_"
        documents = platform.data(stack, "aws_iam_policy_document")
        [key] = [k for k in documents if k.startswith(prefix) and "task-policy-document" in k]
        statements = documents[key]["statement"]
        connect = [s for s in statements if "elasticache:Connect" in s["actions"]]
        if name in granted(suffix):
            [statement] = connect
            assert statement["actions"] == ["elasticache:Connect"]
            assert any(f"user:platform-cache-{name}-" in r for r in statement["resources"])
            assert len(statement["resources"]) == 2
        else:
            assert connect == []
    text = json.dumps(platform.json(stack))
    assert text.count("CACHE_USER") == len(granted(suffix))
