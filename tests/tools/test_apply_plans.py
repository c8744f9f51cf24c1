"""tools/plan_stacks.py and tools/apply_plans.py on tiny stacks of Terraform's built-in
``terraform_data`` with local state (no provider, no emulator): dependency levels, waiting
stacks, saved plans applied as they are, and every refusal (none, another environment, changed,
applied already, failed, stale state, stale dependency outputs). The emulator deploy
(tests/deploy) does the same on the real platform."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tools import apply_plans, plan_stacks
from tools.apply_plans import Refused, apply_all, deploy

pytestmark = pytest.mark.terraform
SUFFIX = "t"


def stack(outdir: Path, component: str, value: str, reads: tuple[str, ...] = ()) -> None:
    """``<component>-t``: one terraform_data whose input is ``value`` plus what it reads from
    the stacks in ``reads`` (through remote state, as cdktf's cross-stack references do)."""
    name = f"{component}-{SUFFIX}"
    directory = outdir / "stacks" / name
    directory.mkdir(parents=True, exist_ok=True)
    config: dict = {
        "terraform": {"backend": {"local": {"path": "terraform.tfstate"}}},
        "resource": {
            "terraform_data": {
                "marker": {
                    "input": value
                    + "".join(
                        f"+${{data.terraform_remote_state.cross-stack-reference-input-{r}-{SUFFIX}.outputs.value}}"
                        for r in reads
                    )
                }
            }
        },
        "output": {"value": {"value": "${terraform_data.marker.output}"}},
    }
    if reads:
        config["data"] = {
            "terraform_remote_state": {
                f"cross-stack-reference-input-{r}-{SUFFIX}": {
                    "backend": "local",
                    "config": {"path": f"../{r}-{SUFFIX}/terraform.tfstate"},
                }
                for r in reads
            }
        }
    (directory / "cdk.tf.json").write_text(json.dumps(config))


def platform(outdir: Path, network: str = "n1", service: str = "s1") -> None:
    stack(outdir, "network", network)
    stack(outdir, "data", "d1", reads=("network",))
    stack(outdir, "service", service, reads=("network", "data"))


def manifest(plans: Path) -> dict[str, str]:
    return {s["name"]: s["status"] for s in json.loads((plans / "manifest.json").read_text())["stacks"]}


def output(outdir: Path, component: str) -> str:
    shown = subprocess.run(
        ["terraform", "output", "-raw", "value"],
        cwd=outdir / "stacks" / f"{component}-{SUFFIX}",
        capture_output=True,
        text=True,
        check=True,
    )
    return shown.stdout


def test_levels_follow_the_remote_state_references(tmp_path: Path) -> None:
    platform(tmp_path)
    ordered = plan_stacks.levels(plan_stacks.stacks_of(tmp_path, SUFFIX))
    assert [[d.name for d in level] for level in ordered] == [["network-t"], ["data-t"], ["service-t"]]


def test_a_fresh_environment_plans_and_applies_level_by_level(tmp_path: Path, capsys) -> None:
    platform(tmp_path)
    plans = tmp_path / "plans"
    assert plan_stacks.plan_all(tmp_path, SUFFIX, plans) == plan_stacks.CHANGES
    assert manifest(plans) == {"network-t": "changes", "data-t": "waiting", "service-t": "waiting"}
    assert "data-t: waiting (waits for network-t to be applied)" in capsys.readouterr().out
    # every stack was planned at once; the plans of the waiting ones are not kept
    assert sorted(p.name for p in plans.iterdir()) == ["manifest.json", "network-t.json", "network-t.tfplan"]
    assert apply_all(tmp_path, SUFFIX, plans) == apply_plans.PARTIAL
    assert output(tmp_path, "network") == "n1"
    assert plan_stacks.plan_all(tmp_path, SUFFIX, plans) == plan_stacks.CHANGES
    assert manifest(plans) == {"network-t": "no changes", "data-t": "changes", "service-t": "waiting"}
    assert apply_all(tmp_path, SUFFIX, plans) == apply_plans.PARTIAL
    assert plan_stacks.plan_all(tmp_path, SUFFIX, plans) == plan_stacks.CHANGES
    assert apply_all(tmp_path, SUFFIX, plans) == apply_plans.APPLIED
    assert output(tmp_path, "service") == "s1+n1+d1+n1"


def test_deploy_plans_and_applies_each_level_in_one_go(tmp_path: Path) -> None:
    platform(tmp_path)
    assert deploy(tmp_path, SUFFIX, tmp_path / "plans") == apply_plans.APPLIED
    assert output(tmp_path, "service") == "s1+n1+d1+n1"
    assert plan_stacks.plan_all(tmp_path, SUFFIX, tmp_path / "again") == plan_stacks.NO_CHANGES


def test_a_plan_made_before_another_apply_is_refused_as_stale(tmp_path: Path) -> None:
    platform(tmp_path)
    deploy(tmp_path, SUFFIX, tmp_path / "plans")
    platform(tmp_path, service="s2")
    first, second = tmp_path / "first", tmp_path / "second"
    assert plan_stacks.plan_all(tmp_path, SUFFIX, first) == plan_stacks.CHANGES
    assert plan_stacks.plan_all(tmp_path, SUFFIX, second) == plan_stacks.CHANGES
    assert apply_all(tmp_path, SUFFIX, second) == apply_plans.APPLIED  # the state changes
    with pytest.raises(
        Refused,
        match=r"^service-t: the saved plan is stale: its state changed after it was planned; "
        r"run `make plan` for t again",
    ):
        apply_all(tmp_path, SUFFIX, first)


def test_a_plan_that_read_a_dependency_before_it_changed_is_refused(tmp_path: Path) -> None:
    platform(tmp_path)
    deploy(tmp_path, SUFFIX, tmp_path / "plans")
    platform(tmp_path, network="n2", service="s2")  # network's output changes; service changes too
    plans = tmp_path / "plans"
    assert plan_stacks.plan_all(tmp_path, SUFFIX, plans) == plan_stacks.CHANGES
    assert manifest(plans) == {"network-t": "changes", "data-t": "no changes", "service-t": "changes"}
    with pytest.raises(
        Refused,
        match=r"^service-t: the saved plan is stale: network-t changed its outputs since it "
        r"was planned",
    ):
        apply_all(tmp_path, SUFFIX, plans)
    assert output(tmp_path, "network") == "n2" and output(tmp_path, "service") == "s1+n1+d1+n1"


def test_refusals_before_anything_is_applied(tmp_path: Path) -> None:
    platform(tmp_path)
    plans = tmp_path / "plans"
    with pytest.raises(Refused, match=r"^no saved plans in .*plans: run `make plan` first$"):
        apply_all(tmp_path, SUFFIX, plans)
    plan_stacks.plan_all(tmp_path, SUFFIX, plans)
    with pytest.raises(Refused, match=r"^the saved plans in .*plans are for t, not u: run `make plan` for u$"):
        apply_all(tmp_path, "u", plans)
    stack(tmp_path, "network", "n-edited")
    with pytest.raises(Refused, match=r"^network-t: the synthesized configuration changed since it was planned"):
        apply_all(tmp_path, SUFFIX, plans)
    stack(tmp_path, "network", "n1")
    (plans / "network-t.tfplan").write_bytes(b"not the plan")
    with pytest.raises(Refused, match=r"^network-t: .*network-t.tfplan is missing or not the plan that was made"):
        apply_all(tmp_path, SUFFIX, plans)
    plan_stacks.plan_all(tmp_path, SUFFIX, plans)
    assert apply_all(tmp_path, SUFFIX, plans) == apply_plans.PARTIAL
    with pytest.raises(Refused, match=r"^the saved plans in .*plans were applied already"):
        apply_all(tmp_path, SUFFIX, plans)
    stack(tmp_path, "network", "${terraform_data.nope.id}")
    plan_stacks.plan_all(tmp_path, SUFFIX, plans)
    with pytest.raises(Refused, match=r"^the plan of network-t failed: fix it, then run `make plan` again$"):
        apply_all(tmp_path, SUFFIX, plans)


def test_the_command_refuses_with_one_line_and_exit_1(tmp_path: Path, capsys) -> None:
    platform(tmp_path)
    status = apply_plans.main(["--suffix", SUFFIX, "--outdir", str(tmp_path)])
    assert status == 1
    err = capsys.readouterr().err
    assert err == f"error: no saved plans in {tmp_path}/plans/t: run `make plan` first\n"


def test_bootstrapped_stacks_are_planned_but_left_to_make_bootstrap(tmp_path: Path, capsys) -> None:
    """``state`` and ``ci`` are in the plans (reviewed, drift-checked); the pipeline's roles may
    not change them, so an apply names them instead of applying them."""
    stack(tmp_path, "network", "n1")
    stack(tmp_path, "ci", "roles")
    plans = tmp_path / "plans"
    assert plan_stacks.plan_all(tmp_path, SUFFIX, plans) == plan_stacks.CHANGES
    assert manifest(plans) == {"ci-t": "changes", "network-t": "changes"}
    assert apply_all(tmp_path, SUFFIX, plans) == apply_plans.APPLIED
    out = capsys.readouterr().out
    assert "note: ci-t: has changes, not applied here: an account administrator applies it with `make bootstrap`" in out
    assert output(tmp_path, "network") == "n1"
    assert not (tmp_path / "stacks" / "ci-t" / "terraform.tfstate").exists()
