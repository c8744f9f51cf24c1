"""Nothing lost: the stateful resources of every environment whose configuration protects them
(prod, and the options environment) carry deletion protection and prevent_destroy, KMS keys wait
30 days or more, Aurora keeps a final snapshot; every other environment stays destroyable."""

from __future__ import annotations

import pytest

from tests.conftest import environment_of, suffixes

STATEFUL = ("aws_rds_cluster", "aws_dynamodb_table", "aws_s3_bucket", "aws_kms_key", "aws_sqs_queue")
NON_PROD = suffixes(lambda e: not e.protection.prevent_destroy)
"""Every synthesized environment whose configuration leaves its resources destroyable."""
PROTECTED = suffixes(lambda e: e.protection.prevent_destroy)


def resources_of(platform, suffix: str, resource_type: str, *, with_state: bool = True) -> list[dict]:
    """Every resource of a type in one environment's stacks (``with_state=False``: not the
    state stack, whose bucket is protected everywhere but on the emulator)."""
    found = [
        r
        for stack_id in platform.stack_ids
        if stack_id.endswith(f"-{suffix}") and (with_state or not stack_id.startswith("state-"))
        for r in platform.resources(stack_id, resource_type).values()
    ]
    assert found, f"no {resource_type} in {suffix}: the check would be empty"
    return found


@pytest.mark.parametrize("suffix", PROTECTED)
@pytest.mark.parametrize("resource_type", STATEFUL)
def test_protected_stateful_resources_cannot_be_destroyed_by_a_plan(platform, suffix: str, resource_type: str) -> None:
    found = resources_of(platform, suffix, resource_type)
    assert found, resource_type
    for resource in found:
        assert resource.get("lifecycle", {}).get("prevent_destroy") is True, resource.get("name") or resource


@pytest.mark.parametrize("suffix", PROTECTED)
def test_protected_aws_side_protection(platform, suffix: str) -> None:
    window = environment_of(suffix).protection.kms_deletion_window_days
    [cluster] = resources_of(platform, suffix, "aws_rds_cluster")
    assert cluster["deletion_protection"] is True and cluster["skip_final_snapshot"] is False
    assert cluster["final_snapshot_identifier"]
    assert all(t["deletion_protection_enabled"] for t in resources_of(platform, suffix, "aws_dynamodb_table"))
    assert all(k["deletion_window_in_days"] == window >= 30 for k in resources_of(platform, suffix, "aws_kms_key"))
    assert all(b["force_destroy"] is False for b in resources_of(platform, suffix, "aws_s3_bucket"))
    assert all(lb["enable_deletion_protection"] for lb in resources_of(platform, suffix, "aws_lb"))


def test_replica_keys_are_protected_with_their_environment(platform) -> None:
    # Only the options environment (prod's protection) has global-table replicas.
    from tests.conftest import OPTIONS_SUFFIX

    for key in resources_of(platform, OPTIONS_SUFFIX, "aws_kms_replica_key"):
        assert key["lifecycle"]["prevent_destroy"] is True and key["deletion_window_in_days"] == 30


@pytest.mark.parametrize("suffix", NON_PROD)
def test_other_environments_stay_destroyable(platform, suffix: str) -> None:
    for resource_type in STATEFUL:
        for resource in resources_of(platform, suffix, resource_type, with_state=False):
            assert not resource.get("lifecycle", {}).get("prevent_destroy"), (suffix, resource_type)
    [cluster] = resources_of(platform, suffix, "aws_rds_cluster")
    assert cluster["deletion_protection"] is False and cluster["skip_final_snapshot"] is True
    assert not any(t["deletion_protection_enabled"] for t in resources_of(platform, suffix, "aws_dynamodb_table"))
    assert all(k["deletion_window_in_days"] == 7 for k in resources_of(platform, suffix, "aws_kms_key"))
    assert all(b["force_destroy"] is True for b in resources_of(platform, suffix, "aws_s3_bucket", with_state=False))
