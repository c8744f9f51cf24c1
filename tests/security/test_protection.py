"""Nothing lost: prod's stateful resources carry deletion protection and prevent_destroy, KMS
keys wait 30 days, Aurora keeps a final snapshot; every other environment stays destroyable."""

from __future__ import annotations

import pytest

STATEFUL = ("aws_rds_cluster", "aws_dynamodb_table", "aws_s3_bucket", "aws_kms_key", "aws_sqs_queue")
NON_PROD = ("local", "dev", "staging", "pr1234")


def resources_of(platform, suffix: str, resource_type: str) -> list[dict]:
    return [r for stack_id in platform.stack_ids if stack_id.endswith(f"-{suffix}")
            for r in platform.resources(stack_id, resource_type).values()]


@pytest.mark.parametrize("resource_type", STATEFUL)
def test_prod_stateful_resources_cannot_be_destroyed_by_a_plan(platform, resource_type: str) -> None:
    found = resources_of(platform, "prod", resource_type)
    assert found, resource_type
    for resource in found:
        assert resource.get("lifecycle", {}).get("prevent_destroy") is True, resource.get("name") or resource


def test_prod_aws_side_protection(platform) -> None:
    [cluster] = resources_of(platform, "prod", "aws_rds_cluster")
    assert cluster["deletion_protection"] is True and cluster["skip_final_snapshot"] is False
    assert cluster["final_snapshot_identifier"]
    assert all(t["deletion_protection_enabled"] for t in resources_of(platform, "prod", "aws_dynamodb_table"))
    assert all(k["deletion_window_in_days"] == 30 for k in resources_of(platform, "prod", "aws_kms_key"))
    assert all(b["force_destroy"] is False for b in resources_of(platform, "prod", "aws_s3_bucket"))
    assert all(lb["enable_deletion_protection"] for lb in resources_of(platform, "prod", "aws_lb"))


@pytest.mark.parametrize("suffix", NON_PROD)
def test_other_environments_stay_destroyable(platform, suffix: str) -> None:
    for resource_type in STATEFUL + ("aws_kms_replica_key",):
        for resource in resources_of(platform, suffix, resource_type):
            assert not resource.get("lifecycle", {}).get("prevent_destroy"), (suffix, resource_type)
    [cluster] = resources_of(platform, suffix, "aws_rds_cluster")
    assert cluster["deletion_protection"] is False and cluster["skip_final_snapshot"] is True
    assert not any(t["deletion_protection_enabled"] for t in resources_of(platform, suffix, "aws_dynamodb_table"))
    assert all(k["deletion_window_in_days"] == 7 for k in resources_of(platform, suffix, "aws_kms_key"))
    assert all(b["force_destroy"] is True for b in resources_of(platform, suffix, "aws_s3_bucket"))
