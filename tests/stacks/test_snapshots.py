"""Snapshots of the synthesized HCL of every stack of every named environment.

A change to any stack shows up in review as a diff of readable, ``terraform fmt``-ed HCL under
``tests/stacks/__snapshots__/``. After an intended change: ``make snapshot-update``.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

import modules.core.framework as framework
from environments import NAMED


class HclSnapshot(SingleFileSnapshotExtension):
    """One ``.hcl`` text file per stack."""

    _write_mode = WriteMode.TEXT
    file_extension = "hcl"


@pytest.fixture
def hcl_snapshot(snapshot):
    return snapshot.use_extension(HclSnapshot)


@pytest.fixture(scope="session")
def formatted_hcl(platform, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Every stack's HCL, formatted by ``terraform fmt`` in one call."""
    folder = tmp_path_factory.mktemp("hcl")
    for stack_id, stack in platform.stacks.items():
        hcl = framework.Testing.synth_hcl(stack)
        # cdktf 0.21's HCL renderer writes a string override of the terraform block as
        # `0 = "required_version"` and drops its value; the JSON Terraform reads is right.
        required = platform.json(stack_id)["terraform"].get("required_version")
        if required:
            hcl = hcl.replace('  0 = "required_version"\n', f'required_version = "{required}"\n')
        (folder / f"{stack_id}.tf").write_text(hcl)
    result = subprocess.run(["terraform", "fmt", "-list=false", str(folder)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return {path.stem: path.read_text() for path in sorted(Path(folder).glob("*.tf"))}


@pytest.mark.terraform
@pytest.mark.parametrize("environment", NAMED)
def test_stacks_match_their_snapshots(environment: str, formatted_hcl: dict[str, str], hcl_snapshot) -> None:
    stacks = sorted(stack_id for stack_id in formatted_hcl if stack_id.endswith(f"-{environment}"))
    assert stacks, f"no stacks synthesized for {environment}"
    for stack_id in stacks:
        assert formatted_hcl[stack_id] == hcl_snapshot(name=stack_id)


def test_snapshots_hold_no_volatile_metadata(formatted_hcl: dict[str, str]) -> None:
    for stack_id, hcl in formatted_hcl.items():
        assert "//" not in hcl.replace("://", ""), f"{stack_id}: metadata comment in HCL"
        assert "0.21.0" not in hcl, f"{stack_id}: CDKTF version in HCL"
