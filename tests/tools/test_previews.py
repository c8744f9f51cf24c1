"""tools/previews.py with moto's S3 in-process and a fake GitHub: a preview's recorded stacks
come back for its destroy (and nothing outside them unpacks), the sweep finds previews whose
pull request is closed or unlabelled, the cap on concurrent previews holds, and a deploy
re-checks the pull request as it is when the job starts."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from tools import previews

BUCKET = "platform-tfstate-dev-eu-west-1"


class FakeGitHub:
    repository = "example-org/platform"

    def __init__(self, pulls: dict[int, dict]) -> None:
        self.pulls = pulls

    def get(self, path: str):
        number = int(path.rsplit("/", 1)[1])
        return self.pulls.get(number)


def pull(state: str = "open", *labels: str) -> dict:
    return {"state": state, "labels": [{"name": label} for label in labels]}


@pytest.fixture
def s3():
    with mock_aws():
        client = boto3.client("s3", region_name="eu-west-1")
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        yield client


def synthesized(outdir: Path, suffix: str) -> None:
    for component in ("network", "service"):
        stack = outdir / "stacks" / f"{component}-{suffix}"
        (stack / ".terraform").mkdir(parents=True)
        (stack / "cdk.tf.json").write_text(json.dumps({"component": component}))
        (stack / ".terraform.lock.hcl").write_text("# providers\n")
        (stack / ".terraform" / "terraform.tfstate").write_text("{}")


def test_the_target_of_a_pull_request_is_a_copy_of_the_environment_owning_the_prefix() -> None:
    assert previews.target(12) == {"environment": "dev", "suffix": "pr12", "github-environment": "dev-preview"}


def test_a_recorded_preview_comes_back_to_be_destroyed(s3, tmp_path: Path) -> None:
    synthesized(tmp_path / "deployed", "pr12")
    key = previews.record(s3, BUCKET, "pr12", tmp_path / "deployed")
    assert key == "pr12/recorded-stacks.tar.gz"
    assert s3.head_object(Bucket=BUCKET, Key=key)["ServerSideEncryption"] == "AES256"
    base = tmp_path / "base"  # the base branch's checkout: no synth of the pull request
    assert previews.fetch(s3, BUCKET, "pr12", base) == ["network-pr12", "service-pr12"]
    assert json.loads((base / "stacks" / "service-pr12" / "cdk.tf.json").read_text()) == {"component": "service"}
    assert (base / "stacks" / "network-pr12" / ".terraform.lock.hcl").is_file()
    assert not (base / "stacks" / "network-pr12" / ".terraform").exists(), "no cached backend settings travel"
    with pytest.raises(previews.PreviewError, match="no recorded configuration of pr13"):
        previews.fetch(s3, BUCKET, "pr13", base)


def test_a_recording_that_reaches_outside_its_stacks_is_refused(s3, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        data = b"{}"
        member = tarfile.TarInfo("network-dev/cdk.tf.json")  # dev's own stack, not the preview's
        member.size = len(data)
        archive.addfile(member, io.BytesIO(data))
    s3.put_object(Bucket=BUCKET, Key="pr12/recorded-stacks.tar.gz", Body=buffer.getvalue())
    with pytest.raises(previews.PreviewError, match="holds 'network-dev/cdk.tf.json'"):
        previews.fetch(s3, BUCKET, "pr12", tmp_path)
    assert not (tmp_path / "stacks" / "network-dev").exists()


def test_the_sweep_finds_previews_whose_pull_request_is_gone(s3) -> None:
    for key in ("pr1/network.tfstate", "pr2/network.tfstate", "pr3/recorded-stacks.tar.gz", "dev/network.tfstate"):
        s3.put_object(Bucket=BUCKET, Key=key, Body=b"{}")
    s3.put_object(Bucket=BUCKET, Key="plans/dev/abc/network-dev.tfplan", Body=b"")
    github = FakeGitHub({1: pull("open", "deploy-preview"), 2: pull("closed", "deploy-preview"), 3: pull("open")})
    assert previews.deployed(s3, BUCKET) == [1, 2, 3]
    assert previews.closed(github, s3, BUCKET) == [2, 3]


def test_the_cap_on_concurrent_previews(s3) -> None:
    for number in (1, 2, 3):
        s3.put_object(Bucket=BUCKET, Key=f"pr{number}/network.tfstate", Body=b"{}")
    ok, why = previews.room(s3, BUCKET, 4, limit=3)
    assert not ok and why.startswith("3 previews exist (#1, #2, #3), the most pipeline.max_copies (3) allows")
    assert previews.room(s3, BUCKET, 2, limit=3)[0], "a preview that exists may always be deployed again"
    assert previews.room(s3, BUCKET, 4, limit=4)[0]


def test_a_deploy_checks_the_pull_request_as_it_is_now() -> None:
    github = FakeGitHub({5: pull("open", "deploy-preview"), 6: pull("closed", "deploy-preview"), 7: pull("open")})
    assert previews.wanted(github, 5) == (True, "pull request #5 is open and labelled deploy-preview")
    assert previews.wanted(github, 6) == (False, "pull request #6 is closed: no preview")
    assert previews.wanted(github, 7) == (False, "pull request #7 has no deploy-preview label any more: no preview")
    assert previews.wanted(github, 8)[0] is False


def test_a_destroyed_preview_is_forgotten_and_one_never_deployed_is_nothing_to_destroy(s3, tmp_path: Path) -> None:
    synthesized(tmp_path / "deployed", "pr12")
    previews.record(s3, BUCKET, "pr12", tmp_path / "deployed")
    s3.put_object(Bucket=BUCKET, Key="pr12/network.tfstate", Body=b"{}")
    s3.put_object(Bucket=BUCKET, Key="pr120/network.tfstate", Body=b"{}")  # another preview's
    assert previews.forget(s3, BUCKET, "pr12") == 2
    assert previews.deployed(s3, BUCKET) == [120], "the sweep and the cap no longer count it"
    with pytest.raises(previews.NotRecorded):
        previews.fetch(s3, BUCKET, "pr12", tmp_path / "base")
