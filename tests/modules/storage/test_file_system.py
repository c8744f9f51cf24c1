"""Shared files: where an environment has a file system it is encrypted with the service key,
has a mount target in each private subnet behind an NFS group admitting exactly the services
that mount it, moves to Infrequent Access after the configured days, is backed up and kept
where the environment protects data; each volume is an access point with its own user and root
directory; a service that mounts a volume mounts it with transit encryption and IAM
authorization, and its task role may exactly ClientMount (and ClientWrite unless read-only)
through that access point. An environment without one has none of it."""

from __future__ import annotations

import re

import pytest

from tests.conftest import environment_of, policy_statements, suffixes

WITH_FILES = suffixes(lambda e: e.files is not None)
WITHOUT_FILES = suffixes(lambda e: e.files is None)
SPLICED = re.compile(r"\$\{jsonencode\(.*?\)\}")


def containers(definitions: str) -> list[dict]:
    """The container definitions, every spliced reference standing in as ``"ref"``."""
    import json

    return json.loads(SPLICED.sub('"ref"', definitions))


OWN_GROUP = re.compile(r"aws_security_group\.service-groups_(?P<service>[a-z0-9-]+)_group_[0-9A-F]{8}\.id")


def construct_of(suffix: str, service: str) -> str:
    environment = environment_of(suffix)
    spec = next(s for s in environment.services if s.name == service)
    if spec is environment.service:
        return "app"
    return f"{service}_app" if spec.kind == "web" else f"{service}_task"


@pytest.mark.parametrize("suffix", WITH_FILES)
def test_the_file_system_is_encrypted_kept_and_tiered_as_configured(platform, suffix: str) -> None:
    stack = f"service-{suffix}"
    environment = environment_of(suffix)
    files = environment.files
    assert files is not None
    fs = platform.resource(stack, "aws_efs_file_system", "files_")
    assert fs["encrypted"] is True and "aws_kms_key.service-key" in fs["kms_key_id"]
    assert fs["creation_token"] == f"platform-files-{suffix}"
    assert fs["lifecycle_policy"] == [
        {"transition_to_ia": f"AFTER_{files.infrequent_access_days}_DAYS"},
        {"transition_to_primary_storage_class": "AFTER_1_ACCESS"},
    ]
    protected = environment.protection.prevent_destroy
    assert fs.get("lifecycle", {}).get("prevent_destroy", False) is protected
    backups = platform.resources(stack, "aws_efs_backup_policy")
    assert bool(backups) is files.backs_up(environment.protection)
    if protected:
        assert [b["backup_policy"] for b in backups.values()] == [{"status": "ENABLED"}]
    targets = platform.resources(stack, "aws_efs_mount_target").values()
    subnets = sorted(t["subnet_id"] for t in targets)
    assert len(subnets) == environment.network.az_count and all("vpc_private-" in s for s in subnets)
    assert all(
        t["security_groups"] == [t["security_groups"][0]] and "files_nfs" in t["security_groups"][0] for t in targets
    )


@pytest.mark.security
@pytest.mark.parametrize("suffix", WITH_FILES)
def test_the_nfs_group_admits_exactly_the_services_that_mount(platform, suffix: str) -> None:
    stack = f"service-{suffix}"
    mounting = {s.name for s in environment_of(suffix).services if s.volumes}
    admitted = {
        (OWN_GROUP.search(r["referenced_security_group_id"])["service"], r["from_port"], r["to_port"])
        for r in platform.resources(stack, "aws_vpc_security_group_ingress_rule").values()
        if "files_nfs_group" in r["security_group_id"]
    }
    assert admitted == {(service, 2049, 2049) for service in mounting}


@pytest.mark.parametrize("suffix", WITH_FILES)
def test_each_volume_is_an_access_point_of_its_own_user_and_directory(platform, suffix: str) -> None:
    files = environment_of(suffix).files
    assert files is not None
    points = {
        p["root_directory"]["path"]: p for p in platform.resources(f"service-{suffix}", "aws_efs_access_point").values()
    }
    assert sorted(points) == sorted(f"/{v.name}" for v in files.volumes)
    for volume in files.volumes:
        point = points[f"/{volume.name}"]
        assert point["posix_user"] == {"gid": volume.posix_gid, "uid": volume.posix_uid}
        assert point["root_directory"]["creation_info"] == {
            "owner_gid": volume.posix_gid,
            "owner_uid": volume.posix_uid,
            "permissions": volume.permissions,
        }


@pytest.mark.parametrize("suffix", WITH_FILES)
def test_the_file_system_policy_refuses_plain_nfs_and_access_without_an_access_point(platform, suffix: str) -> None:
    files = environment_of(suffix).files
    assert files is not None
    if not files.file_system_policy:  # local: moto cannot delete one (README, emulator gaps)
        assert not platform.resources(f"service-{suffix}", "aws_efs_file_system_policy")
        return
    statements = {s["sid"]: s for s in policy_statements(platform, f"service-{suffix}", "files_policy-document")}
    assert statements["DenyInsecureTransport"]["effect"] == "Deny"
    assert statements["OnlyThroughAccessPoints"]["condition"] == [
        {"test": "Null", "values": ["true"], "variable": "elasticfilesystem:AccessPointArn"}
    ]
    assert all(s["effect"] == "Deny" for s in statements.values()), "identity policies grant; this one only refuses"


CASES = [(suffix, spec.name) for suffix in WITH_FILES for spec in environment_of(suffix).services]


@pytest.mark.security
@pytest.mark.parametrize(("suffix", "service"), CASES, ids=[f"{s}-{n}" for s, n in CASES])
def test_a_service_mounts_exactly_its_volumes_and_may_exactly_that(platform, suffix: str, service: str) -> None:
    stack = f"service-{suffix}"
    spec = next(s for s in environment_of(suffix).services if s.name == service)
    family = f"platform-{service}-{suffix}"
    [definition] = [d for d in platform.resources(stack, "aws_ecs_task_definition").values() if d["family"] == family]
    efs = [v for v in definition.get("volume", []) if "efs_volume_configuration" in v]
    assert sorted(v["name"] for v in efs) == sorted(f"files-{v.name}" for v in spec.volumes)
    for volume in efs:
        configuration = volume["efs_volume_configuration"]
        assert configuration["transit_encryption"] == "ENABLED"
        assert configuration["authorization_config"]["iam"] == "ENABLED"
        name = volume["name"].removeprefix("files-")
        assert (
            f"aws_efs_access_point.files_{name}-access-point_"
            in configuration["authorization_config"]["access_point_id"]
        )
    [container] = [c for c in containers(definition["container_definitions"]) if c["name"] == family]
    mounted = {
        m["containerPath"]: m["readOnly"] for m in container["mountPoints"] if m["sourceVolume"].startswith("files-")
    }
    assert mounted == {v.path: v.read_only for v in spec.volumes}
    statements = [
        s
        for s in policy_statements(platform, stack, f"{construct_of(suffix, service)}_task-policy-document")
        if any(a.startswith("elasticfilesystem:") for a in s["actions"])
    ]
    granted = {}
    for statement in statements:
        [condition] = statement["condition"]
        assert condition["variable"] == "elasticfilesystem:AccessPointArn" and condition["test"] == "ArnEquals"
        [point] = condition["values"]
        name = re.search(r"files_(?P<name>[a-z0-9-]+)-access-point_", point)["name"]
        [resource] = statement["resources"]
        assert resource.startswith("${aws_efs_file_system.files_file-system_")
        granted[name] = sorted(statement["actions"])
    assert granted == {
        v.name: ["elasticfilesystem:ClientMount"] + ([] if v.read_only else ["elasticfilesystem:ClientWrite"])
        for v in spec.volumes
    }


@pytest.mark.parametrize("suffix", WITHOUT_FILES)
def test_an_environment_without_a_file_system_has_none_of_it(platform, suffix: str) -> None:
    stack = f"service-{suffix}"
    for kind in ("aws_efs_file_system", "aws_efs_mount_target", "aws_efs_access_point"):
        assert not platform.resources(stack, kind)
    assert not any(environment_of(suffix).services[i].volumes for i in range(len(environment_of(suffix).services)))


def test_the_defaults_the_report_writes_and_the_api_reads() -> None:
    for suffix in ("dev", "prod", "local"):
        by_name = {s.name: s for s in environment_of(suffix).services}
        assert [(v.name, v.read_only) for v in by_name["nightly-report"].volumes] == [("reports", False)]
        assert [(v.name, v.read_only) for v in by_name["api"].volumes] == [("reports", True)]
    assert environment_of("staging").files is None  # an environment without one still synthesizes
