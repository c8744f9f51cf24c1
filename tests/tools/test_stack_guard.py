"""tools/stack_guard.py: the stacks a pull request synthesized pass when they are what the
platform makes, and each way of making Terraform run something else at plan or apply time is
one line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tools.stack_guard import problems

BUCKET = "platform-tfstate-dev-eu-west-1"


@pytest.fixture
def synthesized(platform, tmp_path: Path) -> Path:
    for stack_id in platform.stack_ids:
        if stack_id.endswith("-pr1234"):
            shutil.copytree(platform.outdir / "stacks" / stack_id, tmp_path / "stacks" / stack_id)
    return tmp_path


def edit(outdir: Path, stack: str, change) -> None:
    path = outdir / "stacks" / stack / "cdk.tf.json"
    config = json.loads(path.read_text())
    change(config)
    path.write_text(json.dumps(config))


def test_the_platforms_own_stacks_pass(synthesized: Path) -> None:
    # a copy has no state or ci stack: network, messaging, data, identity, service, edge
    assert len(list((synthesized / "stacks").iterdir())) == 6
    assert problems(synthesized, "pr1234", BUCKET) == []


@pytest.mark.parametrize(
    ("change", "line"),
    [
        (
            lambda c: c["terraform"]["required_providers"].update(external={"source": "hashicorp/external"}),
            "network-pr1234: provider external (hashicorp/external) is not allowed",
        ),
        (lambda c: c.update(module={"x": {"source": "git::https://example.com/x"}}), "network-pr1234: module blocks"),
        (
            lambda c: c["resource"]["aws_vpc"][next(iter(c["resource"]["aws_vpc"]))].update(
                provisioner=[{"local-exec": {"command": "env"}}]
            ),
            "has a provisioner",
        ),
        (lambda c: c.setdefault("data", {}).update(http={"x": {"url": "https://example.com"}}), "data source http"),
        (lambda c: c["terraform"]["backend"]["s3"].update(key="dev/network.tfstate"), "the state must be"),
        (lambda c: c["terraform"].update(backend={"local": {"path": "x"}}), "the backend must be s3"),
    ],
)
def test_each_way_to_run_something_else_is_refused(synthesized: Path, change, line: str) -> None:
    edit(synthesized, "network-pr1234", change)
    found = problems(synthesized, "pr1234", BUCKET)
    assert len(found) == 1 and line in found[0], found


def test_a_stack_of_another_suffix_is_refused(synthesized: Path) -> None:
    shutil.copytree(synthesized / "stacks" / "network-pr1234", synthesized / "stacks" / "network-dev")
    assert problems(synthesized, "pr1234", BUCKET) == ["network-dev: not a stack of pr1234"]
