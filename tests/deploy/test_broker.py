"""The broker of the ``local`` platform, deployed to moto (the shared deployment of
``tests/deploy/conftest.py``): RabbitMQ at the configured version, not public, in one private
subnet behind its own group that admits only the order-worker's group on AMQPS, general logs on,
encrypted with the service key, its admin secret with that key; the order-worker's task gets the
endpoint and the secret. And after the destroy, none of it is left.

Marked ``deploy``: ``make test-fast`` skips it.
"""

from __future__ import annotations

import json

import pytest

from environments import named
from tests.deploy.conftest import Deployment

pytestmark = pytest.mark.deploy  # local runs the broker (environments/local.py): never skipped
SUFFIX = "local"
NAME = f"platform-broker-{SUFFIX}"


def _broker(deployment: Deployment) -> dict:
    mq = deployment.client("mq")
    [summary] = [b for b in mq.list_brokers()["BrokerSummaries"] if b["BrokerName"] == NAME]
    return mq.describe_broker(BrokerId=summary["BrokerId"])


def test_the_broker_is_rabbitmq_private_logged_and_encrypted_with_the_service_key(deployment: Deployment) -> None:
    spec = named("local").broker
    assert spec is not None
    broker = _broker(deployment)
    assert broker["EngineType"].upper() == "RABBITMQ"
    assert broker["EngineVersion"].startswith(spec.engine_version)
    assert broker["AutoMinorVersionUpgrade"] is True
    assert broker["PubliclyAccessible"] is False
    assert broker["DeploymentMode"] == "SINGLE_INSTANCE"
    assert broker["HostInstanceType"] == spec.instance_type
    assert broker["Logs"]["General"] is True
    key = deployment.client("kms").describe_key(KeyId=f"alias/platform-service-{SUFFIX}")["KeyMetadata"]
    assert broker["EncryptionOptions"]["UseAwsOwnedKey"] is False
    assert broker["EncryptionOptions"]["KmsKeyId"] in (key["Arn"], key["KeyId"])
    assert broker["MaintenanceWindowStartTime"]["DayOfWeek"] == spec.maintenance_day
    ec2 = deployment.client("ec2")
    [subnet] = broker["SubnetIds"]
    [found] = ec2.describe_subnets(SubnetIds=[subnet])["Subnets"]
    assert not found["MapPublicIpOnLaunch"]
    names = {t["Value"] for t in found.get("Tags", []) if t["Key"] == "Name"}
    assert any("private" in n for n in names), names
    [group_id] = broker["SecurityGroups"]
    [group] = ec2.describe_security_groups(GroupIds=[group_id])["SecurityGroups"]
    assert group["GroupName"] == f"platform-broker-{SUFFIX}"
    [worker] = ec2.describe_security_groups(
        Filters=[{"Name": "group-name", "Values": [f"platform-order-worker-tasks-{SUFFIX}"]}]
    )["SecurityGroups"]
    rules = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [group_id]}])[
        "SecurityGroupRules"
    ]
    ingress = [(r["ReferencedGroupInfo"]["GroupId"], r["FromPort"], r["ToPort"]) for r in rules if not r["IsEgress"]]
    assert ingress == [(worker["GroupId"], 5671, 5671)]
    secret = deployment.client("secretsmanager").describe_secret(SecretId=f"platform-broker-admin-{SUFFIX}")
    assert secret["KmsKeyId"] in (key["Arn"], key["KeyId"], f"alias/platform-service-{SUFFIX}")


def test_only_the_order_worker_gets_the_endpoint_and_the_secret(deployment: Deployment) -> None:
    ecs = deployment.client("ecs")
    for service, granted in (("order-worker", True), ("api", False)):
        family = f"platform-{service}-{SUFFIX}"
        definition = ecs.describe_task_definition(taskDefinition=family)["taskDefinition"]
        [container] = [c for c in definition["containerDefinitions"] if c["name"] == family]
        variables = {e["name"]: e["value"] for e in container.get("environment", [])}
        secrets = {s["name"]: s["valueFrom"] for s in container.get("secrets", [])}
        assert ("BROKER_ENDPOINT" in variables) == granted, service
        assert ({"BROKER_USERNAME", "BROKER_PASSWORD"} <= set(secrets)) == granted, service
        if granted:
            assert variables["BROKER_ENDPOINT"].startswith("amqps://")
            assert all(f"platform-broker-admin-{SUFFIX}" in secrets[v] for v in ("BROKER_USERNAME", "BROKER_PASSWORD"))
    outputs = json.dumps(deployment.outputs("service"))
    assert "password" not in outputs.lower()


@pytest.mark.after_destroy
def test_nothing_of_the_broker_is_left(deployment: Deployment) -> None:
    assert not [b for b in deployment.client("mq").list_brokers()["BrokerSummaries"] if b["BrokerName"] == NAME]
    secrets = deployment.client("secretsmanager").list_secrets()["SecretList"]
    assert not [s for s in secrets if s["Name"] == f"platform-broker-admin-{SUFFIX}"]
