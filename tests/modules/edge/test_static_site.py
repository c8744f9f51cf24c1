"""The static-site bucket: private, KMS-encrypted, readable only by its distribution."""

from __future__ import annotations

from tests.conftest import policy_statements


def test_only_this_distribution_reads_through_oac(platform) -> None:
    deny, read = policy_statements(platform, "edge-dev", "site_bucket_policy-document")
    assert deny["effect"] == "Deny" and deny["condition"][0]["variable"] == "aws:SecureTransport"
    assert read["actions"] == ["s3:GetObject"] and read["resources"][0].endswith("/*")
    assert read["principals"] == [{"type": "Service", "identifiers": ["cloudfront.amazonaws.com"]}]
    [condition] = read["condition"]
    assert condition["variable"] == "AWS:SourceArn" and "aws_cloudfront_distribution" in condition["values"][0]


def test_bucket_is_private_and_encrypted_with_the_edge_key(platform) -> None:
    block = platform.resource("edge-dev", "aws_s3_bucket_public_access_block")
    assert all(
        block[k] for k in ("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets")
    )
    sse = platform.resource("edge-dev", "aws_s3_bucket_server_side_encryption_configuration")
    assert "edge-key" in sse["rule"][0]["apply_server_side_encryption_by_default"]["kms_master_key_id"]
    bucket = platform.resource("edge-dev", "aws_s3_bucket")
    assert bucket["bucket"].startswith("platform-site-dev-") and "account_id" in bucket["bucket"]


def test_edge_key_lets_cloudfront_decrypt_for_this_accounts_distributions(platform) -> None:
    statements = policy_statements(platform, "edge-dev", "edge-key_policy")
    cloudfront = next(
        s
        for s in statements
        if s["principals"][0]["identifiers"] == ["cloudfront.amazonaws.com"]
        or s["principals"][0]["identifiers"][0].startswith("cloudfront.")
    )
    assert cloudfront["actions"] == ["kms:Decrypt"]
    assert ":distribution/*" in cloudfront["condition"][0]["values"][0]


def test_placeholder_pages_are_uploaded(platform) -> None:
    keys = sorted(o["key"] for o in platform.resources("edge-dev", "aws_s3_object").values())
    assert keys == ["error.html", "index.html"]
