"""tools/plan_approval.py through ``python -m tools.apply_plans``: an apply refuses, with one
line and exit 2 and nothing applied, a manifest edited after its approval, a hash that was not
approved, no approval where one is required, a plan older than the configured maximum, and a
plan of another commit than the deploy branch's head. The stacks are tests/tools/
test_apply_plans.py's tiny ``terraform_data`` ones."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.tools.test_apply_plans import SUFFIX, platform
from tools import apply_plans, plan_approval, plan_stacks
from tools.plan_approval import NotApproved, Policy, check, policy_for

pytestmark = pytest.mark.terraform
HEAD = "a" * 40


@pytest.fixture
def planned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A fresh environment's first level planned at commit HEAD; apply needs its approval."""
    monkeypatch.setenv("GITHUB_SHA", HEAD)
    platform(tmp_path)
    plans = tmp_path / "plans"
    assert plan_stacks.plan_all(tmp_path, SUFFIX, plans) == plan_stacks.CHANGES
    monkeypatch.setattr(plan_approval, "policy_for", lambda suffix: Policy(branch="main", approval_required=True))
    monkeypatch.setattr(plan_approval, "head_of", lambda branch: HEAD)
    return tmp_path, plans


def apply(outdir: Path, plans: Path, *approval: str) -> int:
    return apply_plans.main(["--suffix", SUFFIX, "--outdir", str(outdir), "--plans", str(plans), *approval])


def nothing_applied(outdir: Path) -> bool:
    return not (outdir / "stacks" / f"network-{SUFFIX}" / "terraform.tfstate").exists()


def test_the_approved_manifest_of_the_head_applies(planned, capsys) -> None:
    outdir, plans = planned
    digest = plan_approval.manifest_sha256(plans)
    assert plan_approval.main(["sha256", str(plans)]) == 0 and capsys.readouterr().out == f"{digest}\n"
    assert apply(outdir, plans, "--approved-sha256", digest) == apply_plans.PARTIAL  # data and service wait
    assert not nothing_applied(outdir)


def refused(capsys, outdir: Path) -> str:
    err = capsys.readouterr().err
    assert nothing_applied(outdir), "a refused apply must apply nothing"
    assert len(err.splitlines()) == 1, err
    return err


def test_a_manifest_edited_after_approval_is_refused(planned, capsys) -> None:
    outdir, plans = planned
    digest = plan_approval.manifest_sha256(plans)
    manifest = json.loads((plans / "manifest.json").read_text())
    manifest["stacks"][0]["plan_sha256"] = "0" * 64  # someone swaps a plan and its recorded hash
    (plans / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    assert apply(outdir, plans, "--approved-sha256", digest) == apply_plans.NOT_APPROVED
    assert "is not the approved one" in refused(capsys, outdir)


def test_an_unapproved_hash_is_refused(planned, capsys) -> None:
    outdir, plans = planned
    assert apply(outdir, plans, "--approved-sha256", "f" * 64) == apply_plans.NOT_APPROVED
    assert refused(capsys, outdir).startswith("error: the saved plans' manifest (sha256 ")


def test_no_approval_where_one_is_required_is_refused(planned, capsys) -> None:
    outdir, plans = planned
    assert apply(outdir, plans) == apply_plans.NOT_APPROVED
    assert "no approved manifest SHA-256 was given" in refused(capsys, outdir)


def test_an_old_plan_is_refused(planned, capsys) -> None:
    outdir, plans = planned
    manifest = json.loads((plans / "manifest.json").read_text())
    manifest["planned_at"] = (datetime.now(UTC) - timedelta(hours=25)).isoformat(timespec="seconds")
    (plans / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    digest = plan_approval.manifest_sha256(plans)  # approved as it is now: only its age is wrong
    assert apply(outdir, plans, "--approved-sha256", digest) == apply_plans.NOT_APPROVED
    assert "were made 25 h ago" in refused(capsys, outdir)


def test_a_plan_of_another_commit_is_refused(planned, capsys, monkeypatch) -> None:
    outdir, plans = planned
    monkeypatch.setattr(plan_approval, "head_of", lambda branch: "b" * 40)  # main moved on since
    digest = plan_approval.manifest_sha256(plans)
    assert apply(outdir, plans, "--approved-sha256", digest) == apply_plans.NOT_APPROVED
    assert f"are of commit {HEAD[:12]}, not of the head of main ({'b' * 12})" in refused(capsys, outdir)


def test_the_policy_follows_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("CI", "true")
    assert policy_for("prod") == Policy(max_age=timedelta(hours=24), branch="main", approval_required=True)
    assert policy_for("pr1234") == Policy(max_age=timedelta(hours=24))  # a copy: no review, no branch
    assert policy_for("local") == Policy(max_age=timedelta(hours=24))  # the emulator
    assert policy_for("t") == Policy()  # no environment of this platform
    monkeypatch.setenv("CI", "false")
    assert policy_for("dev").approval_required is False  # a person at a terminal is the approver


def test_check_without_a_manifest_says_to_plan(tmp_path: Path) -> None:
    with pytest.raises(NotApproved, match="no saved plans"):
        check(tmp_path, Policy(), approved_sha256=None)
