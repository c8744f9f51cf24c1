"""The service extras of the ``local`` platform, deployed to moto (the shared deployment of
``tests/deploy/conftest.py``): the services' ECR repositories (immutable, scanned on push, the
service key, their lifecycle and policy), the private DNS namespace and the api's registration
(the ECS service names it), the file system with a mount target per private subnet, its
access point, the mounts and the collector sidecar in the task definitions. And after the
destroy, none of it is left.

Marked ``deploy``: ``make test-fast`` skips it.
"""

from __future__ import annotations

import json

import pytest

from tests.deploy.conftest import Deployment

pytestmark = pytest.mark.deploy
SUFFIX = "local"


def test_each_repository_is_immutable_scanned_encrypted_and_held_to_its_policies(deployment: Deployment) -> None:
    ecr = deployment.client("ecr")
    repositories = {
        r["repositoryName"]: r
        for r in ecr.describe_repositories()["repositories"]
        if r["repositoryName"].endswith(f"-{SUFFIX}")
    }
    assert sorted(repositories) == [f"platform-api-{SUFFIX}", f"platform-order-worker-{SUFFIX}"]
    outputs = deployment.outputs("service")["repository_urls"]["value"]
    assert outputs == {
        "api": repositories[f"platform-api-{SUFFIX}"]["repositoryUri"],
        "order-worker": repositories[f"platform-order-worker-{SUFFIX}"]["repositoryUri"],
    }
    key = deployment.client("kms").describe_key(KeyId=f"alias/platform-service-{SUFFIX}")["KeyMetadata"]["Arn"]
    for name, repository in repositories.items():
        assert repository["imageTagMutability"] == "IMMUTABLE"
        assert repository["imageScanningConfiguration"] == {"scanOnPush": True}
        assert repository["encryptionConfiguration"] == {"encryptionType": "KMS", "kmsKey": key}
        rules = json.loads(ecr.get_lifecycle_policy(repositoryName=name)["lifecyclePolicyText"])["rules"]
        assert [r["selection"]["tagStatus"] for r in rules] == ["untagged", "tagged"]
        policy = json.loads(ecr.get_repository_policy(repositoryName=name)["policyText"])
        statements = {s["Sid"]: s for s in policy["Statement"]}
        assert set(statements) == {"PushByTheDeployRole", "NoOtherPulls", "NoOtherPushes"}  # nobody runs them yet
        [pusher] = _values(statements["PushByTheDeployRole"]["Condition"]["ArnEquals"]["aws:PrincipalArn"])
        assert pusher.endswith(f":role/ci/platform-ci-deploy-{SUFFIX}")
    rule = deployment.client("events").describe_rule(Name=f"platform-image-findings-{SUFFIX}")
    assert json.loads(rule["EventPattern"])["detail-type"] == ["ECR Image Scan"]


def _values(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else value


def test_the_api_is_registered_in_the_namespace_and_only_the_worker_reaches_it(deployment: Deployment) -> None:
    discovery = deployment.client("servicediscovery")
    [namespace] = [n for n in discovery.list_namespaces()["Namespaces"] if n["Name"] == f"{SUFFIX}.internal"]
    assert namespace["Type"] == "DNS_PRIVATE"
    services = discovery.list_services(
        Filters=[{"Name": "NAMESPACE_ID", "Values": [namespace["Id"]], "Condition": "EQ"}]
    )["Services"]
    assert [s["Name"] for s in services] == ["api"]
    [registration] = services
    ecs = deployment.client("ecs")
    [api] = ecs.describe_services(cluster=f"platform-cluster-{SUFFIX}", services=[f"platform-api-{SUFFIX}"])["services"]
    assert [r["registryArn"] for r in api["serviceRegistries"]] == [registration["Arn"]]
    ec2 = deployment.client("ec2")
    groups = {
        g["GroupName"]: g["GroupId"]
        for g in ec2.describe_security_groups(
            Filters=[{"Name": "group-name", "Values": [f"platform-*-tasks-{SUFFIX}"]}]
        )["SecurityGroups"]
    }
    names = {group_id: name for name, group_id in groups.items()}
    rules = ec2.describe_security_group_rules(
        Filters=[{"Name": "group-id", "Values": [groups[f"platform-api-tasks-{SUFFIX}"]]}]
    )["SecurityGroupRules"]
    ingress = [
        (names.get(r["ReferencedGroupInfo"]["GroupId"]), r["FromPort"])
        for r in rules
        if not r["IsEgress"] and r.get("ReferencedGroupInfo")
    ]
    assert ingress == [(f"platform-order-worker-tasks-{SUFFIX}", 80)]


def test_the_file_system_has_a_mount_target_per_private_subnet_and_the_reports_access_point(
    deployment: Deployment,
) -> None:
    efs = deployment.client("efs")
    [fs] = [f for f in efs.describe_file_systems()["FileSystems"] if f["CreationToken"] == f"platform-files-{SUFFIX}"]
    assert fs["Encrypted"] is True and fs["KmsKeyId"].endswith(":key/" + fs["KmsKeyId"].rsplit("/", 1)[1])
    targets = efs.describe_mount_targets(FileSystemId=fs["FileSystemId"])["MountTargets"]
    ec2 = deployment.client("ec2")
    tiers = {
        s["SubnetId"]: next(t["Value"] for t in s["Tags"] if t["Key"] == "Tier")
        for s in ec2.describe_subnets(SubnetIds=[t["SubnetId"] for t in targets])["Subnets"]
    }
    assert sorted(tiers.values()) == ["private", "private"]
    [point] = efs.describe_access_points(FileSystemId=fs["FileSystemId"])["AccessPoints"]
    assert point["PosixUser"]["Uid"] == 20001 and point["RootDirectory"]["Path"] == "/reports"
    lifecycle = efs.describe_lifecycle_configuration(FileSystemId=fs["FileSystemId"])["LifecyclePolicies"]
    assert {"TransitionToIA": "AFTER_30_DAYS"} in lifecycle
    assert deployment.outputs("service")["file_system_id"]["value"] == fs["FileSystemId"]


def test_the_task_definitions_mount_the_volume_and_run_the_collector(deployment: Deployment) -> None:
    ecs = deployment.client("ecs")

    def definition(family: str) -> dict:
        return ecs.describe_task_definition(taskDefinition=f"platform-{family}-{SUFFIX}")["taskDefinition"]

    api, report = definition("api"), definition("nightly-report")
    for task, read_only in ((api, True), (report, False)):
        [volume] = [v for v in task["volumes"] if "efsVolumeConfiguration" in v]
        assert volume["efsVolumeConfiguration"]["transitEncryption"] == "ENABLED"
        assert volume["efsVolumeConfiguration"]["authorizationConfig"]["iam"] == "ENABLED"
        [mount] = [m for m in task["containerDefinitions"][0]["mountPoints"] if m["sourceVolume"] == volume["name"]]
        assert (mount["containerPath"], mount["readOnly"]) == ("/reports", read_only)
    app, collector = api["containerDefinitions"]
    assert collector["name"] == "otel-collector" and "aws-otel-collector" in collector["image"]
    assert app["dependsOn"] == [{"containerName": "otel-collector", "condition": "START"}]
    assert len(report["containerDefinitions"]) == 1  # not traced


@pytest.mark.after_destroy
def test_nothing_of_the_extras_is_left(deployment: Deployment) -> None:
    repositories = deployment.client("ecr").describe_repositories()["repositories"]
    assert not [r for r in repositories if r["repositoryName"].endswith(f"-{SUFFIX}")]
    assert not [
        n
        for n in deployment.client("servicediscovery").list_namespaces()["Namespaces"]
        if n["Name"] == f"{SUFFIX}.internal"
    ]
    assert not deployment.client("efs").describe_file_systems()["FileSystems"]
