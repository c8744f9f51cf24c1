"""tools/plan_store.py against moto's S3 in-process: the plan files leave the directory that
becomes the workflow artifact (only the manifest, report and status stay), they are stored
encrypted under plans/<suffix>/<manifest SHA-256>/, and only the manifest they belong to brings
them back."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from tools import plan_store

BUCKET = "platform-tfstate-dev-eu-west-1"


@pytest.fixture
def s3():
    with mock_aws():
        client = boto3.client("s3", region_name="eu-west-1")
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        yield client


def planned(directory: Path, commit: str = "a" * 40) -> Path:
    directory.mkdir()
    (directory / "manifest.json").write_text(f'{{"commit": "{commit}"}}\n')
    (directory / "network-dev.tfplan").write_bytes(b"PK\x03\x04 secret=hunter2")
    (directory / "network-dev.json").write_text('{"planned_values": {"password": "hunter2"}}')
    (directory / "report.md").write_text("## Terraform plan\n")
    (directory / "status").write_text("2\n")
    return directory


def test_push_moves_the_plan_files_to_the_state_bucket_encrypted(s3, tmp_path: Path) -> None:
    plans = planned(tmp_path / "plans")
    digest = hashlib.sha256((plans / "manifest.json").read_bytes()).hexdigest()
    keys = plan_store.push(s3, BUCKET, "dev", plans)
    assert keys == [f"plans/dev/{digest}/network-dev.json", f"plans/dev/{digest}/network-dev.tfplan"]
    assert sorted(p.name for p in plans.iterdir()) == ["manifest.json", "report.md", "status"], "the artifact"
    for key in keys:
        assert s3.head_object(Bucket=BUCKET, Key=key)["ServerSideEncryption"] == "AES256"


def test_pull_brings_back_exactly_the_files_of_the_manifest(s3, tmp_path: Path) -> None:
    plans = planned(tmp_path / "plans")
    original = (plans / "network-dev.tfplan").read_bytes()
    plan_store.push(s3, BUCKET, "dev", plans)
    applied = tmp_path / "apply"
    shutil.copytree(plans, applied)  # the artifact the apply job downloads
    plan_store.pull(s3, BUCKET, "dev", applied)
    assert (applied / "network-dev.tfplan").read_bytes() == original
    other = planned(tmp_path / "other", commit="b" * 40)
    for path in plan_store.sensitive_files(other):
        path.unlink()
    with pytest.raises(LookupError, match="no saved plans at s3://platform-tfstate-dev-eu-west-1/plans/dev/"):
        plan_store.pull(s3, BUCKET, "dev", other)
