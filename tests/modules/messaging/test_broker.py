"""The broker: where an environment has one it is RabbitMQ at the configured version with
automatic minor upgrades, never public, in one private subnet (single instance) or all (cluster),
encrypted with the service key (not AWS's), logs on, maintenance window from configuration,
kept where the environment protects data; its AMQPS group admits exactly the services granted
``broker``; a grantee gets the endpoint and the credentials and nothing else of it; its alarms
notify the alarm topic. An environment without one has none of it."""

from __future__ import annotations

import re

import pytest

from tests.conftest import environment_of, policy_statements, suffixes

WITH_BROKER = suffixes(lambda e: e.broker is not None)
WITHOUT_BROKER = suffixes(lambda e: e.broker is None)
OWN_GROUP = re.compile(r"aws_security_group\.service-groups_(?P<service>[a-z0-9-]+)_group_[0-9A-F]{8}\.id")


def test_some_environment_has_a_broker_and_some_none() -> None:
    assert WITH_BROKER and WITHOUT_BROKER


@pytest.mark.parametrize("suffix", WITH_BROKER)
def test_the_broker_is_private_encrypted_logged_and_kept_as_configured(platform, suffix: str) -> None:
    stack = f"service-{suffix}"
    environment = environment_of(suffix)
    spec = environment.broker
    assert spec is not None
    broker = platform.resource(stack, "aws_mq_broker", "broker_")
    assert broker["engine_type"] == "RabbitMQ" and broker["engine_version"] == spec.engine_version
    assert broker["auto_minor_version_upgrade"] is True
    assert broker["publicly_accessible"] is False
    assert broker["deployment_mode"] == spec.deployment_mode
    assert broker["host_instance_type"] == spec.instance_type
    subnets = broker["subnet_ids"]
    assert all("vpc_private-" in s for s in subnets)
    assert len(subnets) == (environment.network.az_count if spec.cluster else 1)
    assert broker["encryption_options"]["use_aws_owned_key"] is False
    assert "aws_kms_key.service-key" in broker["encryption_options"]["kms_key_id"]
    assert broker["logs"] == {"general": True}
    assert broker["maintenance_window_start_time"] == {
        "day_of_week": spec.maintenance_day,
        "time_of_day": spec.maintenance_time,
        "time_zone": spec.maintenance_time_zone,
    }
    assert broker["security_groups"] == [broker["security_groups"][0]]
    assert "broker_amqps_group" in broker["security_groups"][0]
    protected = environment.protection.prevent_destroy
    assert broker["lifecycle"].get("prevent_destroy", False) is protected
    secret = platform.resource(stack, "aws_secretsmanager_secret", "broker_")
    assert "aws_kms_key.service-key" in secret["kms_key_id"]
    # the password is generated, never a literal of the configuration
    [user] = broker["user"]
    assert user["password"].startswith("${data.aws_secretsmanager_random_password.broker_")


@pytest.mark.security
@pytest.mark.parametrize("suffix", WITH_BROKER)
def test_the_amqps_group_admits_exactly_the_granted_services(platform, suffix: str) -> None:
    stack = f"service-{suffix}"
    granted = {s.name for s in environment_of(suffix).services if s.granted.broker}
    assert granted, "the test needs a grantee"
    admitted = {
        (OWN_GROUP.search(r["referenced_security_group_id"])["service"], r["from_port"], r["to_port"])
        for r in platform.resources(stack, "aws_vpc_security_group_ingress_rule").values()
        if "broker_amqps_group" in r["security_group_id"]
    }
    assert admitted == {(service, 5671, 5671) for service in granted}


CASES = [(suffix, spec.name) for suffix in WITH_BROKER for spec in environment_of(suffix).services]


@pytest.mark.security
@pytest.mark.parametrize(("suffix", "service"), CASES, ids=[f"{s}-{n}" for s, n in CASES])
def test_a_grantee_gets_the_endpoint_and_the_secret_and_no_other_service_does(
    platform, suffix: str, service: str
) -> None:
    stack = f"service-{suffix}"
    spec = next(s for s in environment_of(suffix).services if s.name == service)
    family = f"platform-{service}-{suffix}"
    definitions = [
        d["container_definitions"]
        for d in platform.resources(stack, "aws_ecs_task_definition").values()
        if d["family"] == family
    ]
    text = " ".join(definitions)
    assert ("BROKER_ENDPOINT" in text) == spec.granted.broker
    assert ("aws_mq_broker.broker_" in text) == spec.granted.broker
    assert ("aws_secretsmanager_secret.broker_" in text) == spec.granted.broker
    for variable in ("BROKER_USERNAME", "BROKER_PASSWORD"):
        assert (variable in text) == spec.granted.broker


@pytest.mark.parametrize("suffix", WITH_BROKER)
def test_the_alarms_notify_the_alarm_topic(platform, suffix: str) -> None:
    stack = f"service-{suffix}"
    alarms = {
        a["alarm_name"]: a
        for a in platform.resources(stack, "aws_cloudwatch_metric_alarm").values()
        if a["alarm_name"].startswith("platform-broker-")
    }
    assert sorted(alarms) == sorted(
        f"platform-broker-{what}-{suffix}" for what in ("memory", "unacked", "queue-depth", "connections")
    )
    for alarm in alarms.values():
        assert alarm["alarm_actions"] and all("alarm-topic" in a for a in alarm["alarm_actions"])


@pytest.mark.parametrize("suffix", WITH_BROKER)
def test_only_amazon_mq_of_this_account_may_write_the_logs(platform, suffix: str) -> None:
    [statement] = policy_statements(platform, f"service-{suffix}", "broker_log-policy-document")
    assert statement["principals"] == [{"identifiers": ["mq.amazonaws.com"], "type": "Service"}] or "mq" in str(
        statement["principals"]
    )
    assert statement["condition"][0]["variable"] == "aws:SourceAccount"


@pytest.mark.parametrize("suffix", WITHOUT_BROKER)
def test_an_environment_without_a_broker_has_none(platform, suffix: str) -> None:
    stack = f"service-{suffix}"
    assert not platform.resources(stack, "aws_mq_broker")
    assert not platform.resources(stack, "aws_secretsmanager_secret")
