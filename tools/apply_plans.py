"""Apply exactly the saved plans that ``tools.plan_stacks`` wrote: never a new plan.

    python -m tools.apply_plans [--suffix dev] [--outdir cdktf.out] [--plans DIR] [--outputs-file FILE]
    python -m tools.apply_plans --deploy ...     # plan and apply level by level, in one go

``apply`` reads ``<plans>/manifest.json`` and refuses, with one line and exit 1, before touching
anything, when there are no saved plans, when they are for another environment, already
applied, include a stack that failed to plan, or when a plan file or a stack's synthesized
configuration is not the one that was planned (its SHA-256 differs). Then, level by level
(``network`` before ``data`` and ``messaging``, before ``service``, before ``edge``; the stacks
of one level in parallel), for each stack whose plan has changes:

- the plan must still fit the stacks it reads: the outputs its ``terraform_remote_state`` read
  at plan time must equal the dependency's current outputs (a dependency applied since, by
  this run or another, makes the plan stale);
- ``terraform apply -lock-timeout=… <stack>.tfplan``. Terraform itself refuses a saved plan
  whose state changed after it was made ("Saved plan is stale").

A stale plan stops the run with one line naming the stack and saying to plan again; later
levels are not applied. Stacks the manifest lists as *waiting* (their dependencies were not
applied when planning) are named at the end, and the exit status is 3: plan again, review,
apply again.

``--deploy`` is ``make deploy`` for ``local`` and ephemeral copies: for each level, plan its
stacks (``tools.plan_stacks``) then apply those plans, so a fresh environment deploys in one go.

``--destroy`` destroys every stack (not ``state``) in reverse dependency order, each level in
parallel, waiting up to ``DESTROY_LOCK_TIMEOUT`` for a lock (a preview's destroy waits for a deploy
of the same preview that is still running). It is for ``local`` and ephemeral copies.

``--outputs-file`` writes ``{stack: {output: value}}`` (non-sensitive outputs) after a
successful run, the input of ``tools.outputs``.

Before ``apply`` touches anything, ``tools.plan_approval`` checks that the manifest is the
approved one (``--approved-sha256``), recent, and of the deploy branch's head; a refusal is one
line and exit 2.

SIGINT/SIGTERM stop cleanly (``tools.terraform_run``): the running Terraforms are asked to stop
(they save the state and release their locks), nothing new starts, and the exit status is 128 +
the signal's number; run the same command again to finish. Before each apply or destroy, a lock
left by a run that died is released, or explained in one line (``tools.locks``).

Exit status: 0 applied, 1 refused or failed, 2 not approved (nothing applied), 3 applied but
some stacks still wait to be planned, 130/143 stopped by SIGINT/SIGTERM.
"""

from __future__ import annotations

import json
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tools import locks, plan_approval, terraform_run
from tools.plan_report import MANIFEST_FORMAT, Parser
from tools.plan_stacks import (
    MANIFEST,
    REFERENCE_PREFIX,
    bootstrapped,
    levels,
    log_group,
    plan_all,
    run_log,
    sha256,
    stacks_of,
    terraform,
)

APPLIED, FAILED, NOT_APPROVED, PARTIAL = 0, 1, 2, 3
LOCK_TIMEOUT = "10m"
"""How long an apply waits for a lock held by someone else (a person's plan, another apply)."""
DESTROY_LOCK_TIMEOUT = "30m"
STALE_MARKERS = ("Saved plan is stale", "plan file can no longer be applied")
"""What Terraform prints when the state changed after the plan was made."""


class Refused(Exception):
    """One line: why these plans are not applied, and what to do."""


@dataclass(frozen=True)
class Planned:
    name: str
    level: int
    depends_on: tuple[str, ...]
    status: str
    waits_for: tuple[str, ...]
    plan_sha256: str | None
    config_sha256: str


def replan_hint(suffix: str) -> str:
    if os.environ.get("GITHUB_ACTIONS"):
        return "re-run the deploy workflow to plan again (and review the new plan)"
    return f"run `make plan` for {suffix} again, review it, then `make apply`"


def read_manifest(plans: Path, suffix: str) -> tuple[dict, list[Planned]]:
    path = plans / MANIFEST
    if not path.is_file():
        raise Refused(f"no saved plans in {plans}: run `make plan` first")
    try:
        manifest = json.loads(path.read_text())
        if manifest.get("format") != MANIFEST_FORMAT:
            raise ValueError(f"format {manifest.get('format')!r}")
        stacks = [
            Planned(
                s["name"],
                s["level"],
                tuple(s["depends_on"]),
                s["status"],
                tuple(s["waits_for"]),
                s.get("plan_sha256"),
                s["config_sha256"],
            )
            for s in manifest["stacks"]
        ]
    except (ValueError, KeyError, TypeError) as error:
        raise Refused(
            f"{path} is not a manifest written by tools.plan_stacks ({error}): run `make plan` again"
        ) from None
    if manifest["suffix"] != suffix:
        raise Refused(
            f"the saved plans in {plans} are for {manifest['suffix']}, not {suffix}: run `make plan` for {suffix}"
        )
    if manifest.get("applied"):
        raise Refused(f"the saved plans in {plans} were applied already: run `make plan` for new ones")
    failed = [s.name for s in stacks if s.status == "failed"]
    if failed:
        raise Refused(f"the plan of {', '.join(failed)} failed: fix it, then run `make plan` again")
    return manifest, stacks


def check_files(outdir: Path, plans: Path, stacks: list[Planned], suffix: str) -> None:
    """Every plan file and stack configuration is the one that was planned."""
    for stack in stacks:
        if stack.status == "waiting":
            continue
        config = outdir / "stacks" / stack.name / "cdk.tf.json"
        if not config.is_file():
            raise Refused(
                f"{stack.name}: no synthesized stack at {config.parent}: the plans do not match this "
                f"checkout; {replan_hint(suffix)}"
            )
        if sha256(config) != stack.config_sha256:
            raise Refused(
                f"{stack.name}: the synthesized configuration changed since it was planned: {replan_hint(suffix)}"
            )
        if stack.plan_sha256 is None:
            continue
        plan = plans / f"{stack.name}.tfplan"
        if not plan.is_file() or sha256(plan) != stack.plan_sha256:
            raise Refused(f"{stack.name}: {plan} is missing or not the plan that was made: {replan_hint(suffix)}")


def read_by_plan(plans: Path, stack: str) -> dict[str, dict]:
    """``{dependency: outputs}`` that the stack's remote states read when it was planned."""
    plan = json.loads((plans / f"{stack}.json").read_text())
    resources = ((plan.get("prior_state") or {}).get("values") or {}).get("root_module", {}).get("resources", [])
    return {
        r["name"].removeprefix(REFERENCE_PREFIX): r["values"].get("outputs") or {}
        for r in resources
        if r["mode"] == "data" and r["type"] == "terraform_remote_state" and r["name"].startswith(REFERENCE_PREFIX)
    }


def current_outputs(stack_dir: Path) -> dict:
    shown = terraform(stack_dir, "output", "-json", "-no-color")
    if shown.returncode != 0:
        raise Refused(f"{stack_dir.name}: cannot read its outputs: {(shown.stderr or shown.stdout).strip()[:300]}")
    return {name: output["value"] for name, output in json.loads(shown.stdout or "{}").items()}


def apply_stack(outdir: Path, plans: Path, stack: Planned, suffix: str) -> str:
    """Apply one saved plan; returns its log. Raises Refused when it is stale."""
    stack_dir = outdir / "stacks" / stack.name
    init = terraform(stack_dir, "init", "-input=false", "-no-color")
    if init.returncode != 0:
        raise Refused(f"{stack.name}: terraform init failed: {(init.stderr or init.stdout).strip()[-500:]}")
    for dependency, recorded in read_by_plan(plans, stack.name).items():
        dependency_dir = outdir / "stacks" / dependency
        if dependency_dir.is_dir() and current_outputs(dependency_dir) != recorded:
            raise Refused(
                f"{stack.name}: the saved plan is stale: {dependency} changed its outputs since it was "
                f"planned; {replan_hint(suffix)}"
            )
    args = (
        "apply",
        "-input=false",
        "-no-color",
        f"-lock-timeout={LOCK_TIMEOUT}",
        str((plans / f"{stack.name}.tfplan").resolve()),
    )
    with locks.guard(stack_dir, "apply", waits=LOCK_TIMEOUT) as on_start:
        applied = terraform_run.run(args, stack_dir, log=run_log(stack_dir, "apply"), on_start=on_start)
    log = applied.stdout + applied.stderr
    if applied.returncode != 0:
        if any(marker in log for marker in STALE_MARKERS):
            raise Refused(
                f"{stack.name}: the saved plan is stale: its state changed after it was planned; {replan_hint(suffix)}"
            )
        raise Refused(f"{stack.name}: terraform apply failed:\n{log[-3000:]}")
    return log


def apply_all(outdir: Path, suffix: str, plans: Path) -> int:
    manifest, stacks = read_manifest(plans, suffix)
    check_files(outdir, plans, stacks, suffix)
    by_level: dict[int, list[Planned]] = {}
    for stack in stacks:
        if stack.status == "changes" and not bootstrapped(stack.name, suffix):
            by_level.setdefault(stack.level, []).append(stack)
    for level in sorted(by_level):
        batch = by_level[level]
        with ThreadPoolExecutor(len(batch)) as pool:
            futures = {stack.name: pool.submit(apply_stack, outdir, plans, stack, suffix) for stack in batch}
            outcomes: dict[str, str | Refused | terraform_run.Stopped] = {}
            for name, future in futures.items():
                try:
                    outcomes[name] = future.result()
                except (Refused, terraform_run.Stopped) as error:
                    outcomes[name] = error
        for name, outcome in outcomes.items():
            if isinstance(outcome, str):
                with log_group(f"terraform apply {name}"):
                    print(outcome, end="", flush=True)
                print(f"{name}: applied", flush=True)
        stopped = [outcome for outcome in outcomes.values() if isinstance(outcome, terraform_run.Stopped)]
        if stopped:
            raise terraform_run.Stopped("; ".join(str(s) for s in stopped))
        refused = [outcome for outcome in outcomes.values() if isinstance(outcome, Refused)]
        if refused:
            raise refused[0]
    manifest["applied"] = True
    (plans / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    for stack in stacks:
        if stack.status == "no changes":
            print(f"{stack.name}: no changes")
        elif stack.status == "changes" and bootstrapped(stack.name, suffix):
            # The pipeline's roles cannot change these (the state bucket's guards, its own roles).
            print(
                f"{'::warning::' if os.environ.get('GITHUB_ACTIONS') else 'note: '}{stack.name}: has changes, "
                f"not applied here: an account administrator applies it with `make bootstrap` (same review)",
                flush=True,
            )
    waiting = [stack for stack in stacks if stack.status == "waiting"]
    for stack in waiting:
        print(
            f"{stack.name}: not planned yet (waits for {', '.join(stack.waits_for)}): plan again now that they are applied"
        )
    return PARTIAL if waiting else APPLIED


def deploy(outdir: Path, suffix: str, plans: Path) -> int:
    """Plan then apply, level by level: each level is planned after the ones it reads are applied."""
    stack_dirs = stacks_of(outdir, suffix)
    if not stack_dirs:
        raise Refused(f"no stack ending in -{suffix} under {outdir}/stacks: synthesize first (make synth)")
    for level in levels(stack_dirs):
        if plan_all(outdir, suffix, plans, only={d.name for d in level}) == 1:
            raise Refused(f"the plan of {', '.join(d.name for d in level)} failed (its output is above)")
        apply_all(outdir, suffix, plans)
    return APPLIED


def destroy(outdir: Path, suffix: str, plans: Path) -> int:
    """Every stack but ``state``, the last level first."""
    stack_dirs = stacks_of(outdir, suffix)
    if not stack_dirs:
        raise Refused(f"no stack ending in -{suffix} under {outdir}/stacks: synthesize first (make synth)")

    def destroy_stack(stack_dir: Path) -> str:
        init = terraform(stack_dir, "init", "-input=false", "-no-color")
        if init.returncode != 0:
            raise Refused(f"{stack_dir.name}: terraform init failed:\n{(init.stdout + init.stderr)[-3000:]}")
        args = ("destroy", "-auto-approve", "-input=false", "-no-color", f"-lock-timeout={DESTROY_LOCK_TIMEOUT}")
        with locks.guard(stack_dir, "destroy", waits=DESTROY_LOCK_TIMEOUT) as on_start:
            done = terraform_run.run(args, stack_dir, log=run_log(stack_dir, "destroy"), on_start=on_start)
        if done.returncode != 0:
            raise Refused(f"{stack_dir.name}: terraform destroy failed:\n{(done.stdout + done.stderr)[-3000:]}")
        return stack_dir.name

    for level in reversed(levels(stack_dirs)):
        with ThreadPoolExecutor(len(level)) as pool:
            for name in pool.map(destroy_stack, level):
                print(f"{name}: destroyed", flush=True)
    return APPLIED


def write_outputs(outdir: Path, suffix: str, target: Path) -> None:
    outputs = {}
    for stack_dir in stacks_of(outdir, suffix):
        shown = terraform(stack_dir, "output", "-json", "-no-color")
        if shown.returncode == 0:
            outputs[stack_dir.name] = {
                name: o["value"] for name, o in json.loads(shown.stdout or "{}").items() if not o.get("sensitive")
            }
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(outputs, indent=2) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = Parser(prog="python -m tools.apply_plans", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--suffix",
        default=os.environ.get("ENVIRONMENT_SUFFIX"),
        help="the environment's suffix (default: $ENVIRONMENT_SUFFIX)",
    )
    parser.add_argument("--outdir", type=Path, default=Path("cdktf.out"), help="the synth output (default %(default)s)")
    parser.add_argument("--plans", type=Path, help="the saved plans (default: <outdir>/plans/<suffix>)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--deploy", action="store_true", help="plan and apply level by level in one go")
    mode.add_argument("--destroy", action="store_true", help="destroy every stack but state, last level first")
    parser.add_argument("--outputs-file", type=Path, help="write the stacks' outputs here after applying")
    parser.add_argument(
        "--approved-sha256",
        default=os.environ.get("APPROVED_MANIFEST_SHA256") or None,
        help="the SHA-256 of the manifest the reviewers approved (default: $APPROVED_MANIFEST_SHA256)",
    )
    args = parser.parse_args(argv)
    if not args.suffix:
        parser.error("--suffix is required when ENVIRONMENT_SUFFIX is not set")
    plans = args.plans or args.outdir / "plans" / args.suffix
    if not (args.deploy or args.destroy) and (plans / plan_approval.MANIFEST).is_file():
        try:
            plan_approval.check(plans, plan_approval.policy_for(args.suffix), approved_sha256=args.approved_sha256)
        except plan_approval.NotApproved as error:
            print(f"{'::error::' if os.environ.get('GITHUB_ACTIONS') else 'error: '}{error}", file=sys.stderr)
            return NOT_APPROVED
    with terraform_run.stoppable():
        try:
            action = deploy if args.deploy else destroy if args.destroy else apply_all
            status = action(args.outdir, args.suffix, plans)
        except Refused as error:
            print(f"{'::error::' if os.environ.get('GITHUB_ACTIONS') else 'error: '}{error}", file=sys.stderr)
            return FAILED
        except terraform_run.Stopped as stopped:
            print(f"stopped: {stopped}; run the same command again to finish (docs/recovery.md)", file=sys.stderr)
            return stopped.status
        if args.outputs_file and not args.destroy:
            write_outputs(args.outdir, args.suffix, args.outputs_file)
    return status


if __name__ == "__main__":
    sys.exit(main())
