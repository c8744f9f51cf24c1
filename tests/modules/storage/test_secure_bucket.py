"""Buckets, through the state bucket: private, encrypted, versioned, TLS-only, housekept."""

from __future__ import annotations

import pytest

from tests.conftest import policy_statements


def test_public_access_is_blocked_on_all_four_switches(platform) -> None:
    block = platform.resource("state-dev", "aws_s3_bucket_public_access_block")
    assert all(
        block[k] is True
        for k in ("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets")
    )
    ownership = platform.resource("state-dev", "aws_s3_bucket_ownership_controls")
    assert ownership["rule"]["object_ownership"] == "BucketOwnerEnforced"


def test_encrypted_versioned_with_noncurrent_expiry(platform) -> None:
    encryption = platform.resource("state-dev", "aws_s3_bucket_server_side_encryption_configuration")
    assert encryption["rule"][0]["apply_server_side_encryption_by_default"]["sse_algorithm"] in ("AES256", "aws:kms")
    versioning = platform.resource("state-dev", "aws_s3_bucket_versioning")
    assert versioning["versioning_configuration"]["status"] == "Enabled"
    rules = platform.resource("state-prod", "aws_s3_bucket_lifecycle_configuration")["rule"]
    [rule] = [r for r in rules if r["id"] == "housekeeping"]
    [plans] = [r for r in rules if r["id"] == "expire-plans"]  # expire_prefixes: the pipeline's saved plans
    assert plans["filter"] == [{"prefix": "plans/"}] and plans["expiration"] == [{"days": 30}]
    assert rule["noncurrent_version_expiration"][0]["noncurrent_days"] == 365
    assert rule["abort_incomplete_multipart_upload"][0]["days_after_initiation"] == 7


def test_policy_denies_every_request_without_tls(platform) -> None:
    [deny] = policy_statements(platform, "state-dev", "bucket_policy-document")
    assert deny["effect"] == "Deny" and deny["actions"] == ["s3:*"]
    assert deny["condition"] == [{"test": "Bool", "variable": "aws:SecureTransport", "values": ["false"]}]
    assert len(deny["resources"]) == 2  # the bucket and its objects


@pytest.mark.parametrize(
    ("stack", "protected"), [("state-local", False), ("state-dev", True), ("state-staging", True), ("state-prod", True)]
)
def test_state_buckets_are_never_emptied_and_protected_outside_the_emulator(
    platform, stack: str, protected: bool
) -> None:
    bucket = platform.resource(stack, "aws_s3_bucket")
    assert bucket.get("lifecycle", {}).get("prevent_destroy", False) is protected
    assert bucket["force_destroy"] is False  # emptying it would erase every version of every state
