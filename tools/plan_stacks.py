"""Plan every stack of one environment into saved plans, for review and for ``tools.apply_plans``.

    python -m tools.plan_stacks --suffix dev [--outdir cdktf.out] [--plans plans/dev] [--no-lock]

For each synthesized ``<outdir>/stacks/*-<suffix>`` (``state`` and ``ci`` included: they are
reviewed and drift-checked like the others, though only ``make bootstrap`` applies them), in
dependency order: ``terraform init``, ``terraform plan -detailed-exitcode
-out=<plans>/<stack>.tfplan`` (the plan's text goes to stdout), and ``terraform show -json`` into
``<plans>/<stack>.json``, the input of ``python -m tools.plan_report``. A failing stack does not
stop the others: every stack is planned, then the failures are listed.

Dependencies are the stacks whose state a stack reads (cdktf's ``terraform_remote_state``
``cross-stack-reference-input-<stack>``): levels network and messaging → data → service → edge. A stack
whose dependency has never been applied (its plan shows no outputs in the prior state), or
could not be planned, cannot be planned yet: it is recorded as *waiting* and the report lists
it. On a fresh environment, plan and apply level by level (``make deploy``, or ``make plan`` +
``make apply`` repeated).

The stacks are initialized one after another (a plugin cache is not safe for concurrent
installs), then planned all at once: a plan only reads (each stack's own state, the outputs of
the ones it reads), so planning a stack beside its dependencies reads what planning it after
them would. The results are then taken level by level, as if planned in that order: a stack
whose dependency failed or waits is *waiting*, and its plan, made in vain, is discarded. Each
stack's plan output is printed in that order, in its own log group.

Locking: by default a plan takes the state lock and waits ``LOCK_TIMEOUT`` for it (a plan that
will be applied must not read a state that an apply is writing). ``--no-lock`` plans without
the lock (``-lock=false``): for pull-request and drift plans, which are never applied, run with
read-only roles that cannot write the lock object, and must never make a deploy wait or fail.

``<plans>/manifest.json`` records the environment, the commit, each stack's level,
dependencies, status and the SHA-256 of its plan and configuration: ``tools.apply_plans`` reads
it to apply exactly these plans, and ``tools.plan_report`` to list the waiting stacks.

SIGINT/SIGTERM stop the plans cleanly (``tools.terraform_run``): each Terraform releases its
lock, no plan is kept, and the exit status is 128 + the signal's number. A lock left behind by a
run that died is released or explained first (``tools.locks``).

Exit status, as ``terraform plan -detailed-exitcode``: 0 no stack has changes, 2 some stack
has changes (or drift, or waits), 1 some stack could not be planned; 130/143 stopped.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from tools import adopt, locks, terraform_run
from tools.plan_report import MANIFEST_FORMAT, Parser

NO_CHANGES, FAILED, CHANGES = 0, 1, 2
WAITING = 3
"""A stack's status only (never an exit status): a stack it reads is not applied yet."""
STATUS_NAMES = {NO_CHANGES: "no changes", CHANGES: "changes", FAILED: "failed", WAITING: "waiting"}
LOCK_TIMEOUT = "5m"
"""How long a locking plan waits for a state lock held by an apply or another plan."""
MANIFEST = "manifest.json"
REFERENCE_PREFIX = "cross-stack-reference-input-"
"""cdktf's name for the ``terraform_remote_state`` of another stack."""


@dataclass(frozen=True)
class StackResult:
    stack: str
    status: int
    """``NO_CHANGES``, ``CHANGES``, ``FAILED`` or ``WAITING``."""
    detail: str = ""
    waits_for: tuple[str, ...] = field(default=())
    log: str = field(default="", repr=False)
    """What ``terraform plan`` printed."""


BOOTSTRAPPED = ("state", "ci")
"""Components an account administrator applies (``make bootstrap``: the state bucket, the
pipeline's own roles): planned with the rest (review, drift), never applied or destroyed by
``tools.apply_plans``."""


def bootstrapped(stack: str, suffix: str) -> bool:
    return stack.removesuffix(f"-{suffix}") in BOOTSTRAPPED


def stacks_of(outdir: Path, suffix: str, *, with_bootstrapped: bool = False) -> list[Path]:
    """The environment's stack directories; the bootstrapped ones (state, ci) only when asked."""
    found = sorted(p for p in (outdir / "stacks").glob(f"*-{suffix}") if (p / "cdk.tf.json").is_file())
    return [p for p in found if with_bootstrapped or not bootstrapped(p.name, suffix)]


def dependencies(stack_dir: Path) -> set[str]:
    """The stacks whose state this stack reads."""
    config = json.loads((stack_dir / "cdk.tf.json").read_text())
    remote = config.get("data", {}).get("terraform_remote_state", {})
    return {name.removeprefix(REFERENCE_PREFIX) for name in remote if name.startswith(REFERENCE_PREFIX)}


def levels(stack_dirs: list[Path]) -> list[list[Path]]:
    """The stacks in dependency order: level 0 reads no other stack, level n reads only
    stacks of lower levels. Dependencies outside ``stack_dirs`` are ignored."""
    by_name = {d.name: d for d in stack_dirs}
    needs = {name: dependencies(d) & set(by_name) for name, d in by_name.items()}
    ordered: list[list[Path]] = []
    placed: set[str] = set()
    while len(placed) < len(by_name):
        level = sorted(name for name in by_name if name not in placed and needs[name] <= placed)
        if not level:
            raise SystemExit(f"error: the stacks depend on each other in a cycle: {sorted(set(by_name) - placed)}")
        ordered.append([by_name[name] for name in level])
        placed.update(level)
    return ordered


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def commit() -> str:
    """The commit that was planned: GITHUB_SHA in Actions (the merge ref's on a pull request)."""
    if os.environ.get("GITHUB_SHA"):
        return os.environ["GITHUB_SHA"]
    found = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True)
    return found.stdout.strip() if found.returncode == 0 else ""


def ready_for_dependents(plan_json: dict) -> bool:
    """Whether the stacks that read this one can be planned now: it has been applied (its
    prior state has outputs) and its plan adds no output (a dependent may read the new one)."""
    applied = bool((plan_json.get("prior_state") or {}).get("values", {}).get("outputs"))
    adds_output = any(change["actions"] == ["create"] for change in (plan_json.get("output_changes") or {}).values())
    return applied and not adds_output


def terraform(stack_dir: Path, *args: str) -> subprocess.CompletedProcess:
    """``terraform <args>`` in the stack's directory, stoppable (``tools.terraform_run``)."""
    return terraform_run.run(args, stack_dir)


def run_log(stack_dir: Path, operation: str) -> Path:
    """Where a run's output goes while it runs: ``<outdir>/runs/<stack>.<operation>.log``."""
    return locks.runs_dir(locks.outdir_of(stack_dir)) / f"{stack_dir.name}.{operation}.log"


@contextlib.contextmanager
def log_group(title: str) -> Iterator[None]:
    """A folded section of the GitHub Actions log; a plain header elsewhere."""
    in_actions = bool(os.environ.get("GITHUB_ACTIONS"))
    print(f"::group::{title}" if in_actions else f"--- {title}", flush=True)
    try:
        yield
    finally:
        if in_actions:
            print("::endgroup::", flush=True)


def init_stack(stack_dir: Path) -> StackResult | None:
    """``terraform init``; a failed result, or None when it worked."""
    init = terraform(stack_dir, "init", "-input=false", "-no-color")
    if init.returncode != 0:
        return StackResult(stack_dir.name, FAILED, f"terraform init failed:\n{init.stderr or init.stdout}")
    return None


def plan_stack(stack_dir: Path, plans: Path, lock: bool = True) -> StackResult:
    """Plan an initialized stack into ``<plans>/<stack>.tfplan`` and ``.json``; the plan's text
    is the result's ``log``. Objects that exist already under the names of planned creates (a
    cut-off apply made them) are adopted: the plan imports them (``tools.adopt``)."""
    stack = stack_dir.name
    plan_file = plans / f"{stack}.tfplan"
    locking = f"-lock-timeout={LOCK_TIMEOUT}" if lock else "-lock=false"
    args = ("plan", "-input=false", "-detailed-exitcode", locking, f"-out={plan_file.resolve()}")
    outputs: list[str] = []

    def plan_once() -> subprocess.CompletedProcess:
        if lock:
            with locks.guard(stack_dir, "plan", waits=LOCK_TIMEOUT, say=outputs.append) as on_start:
                done = terraform_run.run(args, stack_dir, log=run_log(stack_dir, "plan"), on_start=on_start)
        else:
            done = terraform_run.run(args, stack_dir, log=run_log(stack_dir, "plan"))
        outputs.append((done.stdout + done.stderr).rstrip("\n"))
        return done

    def show() -> dict | None:
        shown = terraform(stack_dir, "show", "-json", str(plan_file.resolve()))
        if shown.returncode != 0:
            outputs.append(f"terraform show failed:\n{shown.stderr}")
            return None
        return json.loads(shown.stdout)

    status = plan_once().returncode
    planned = show() if status in (NO_CHANGES, CHANGES) else None
    if planned is None:
        return StackResult(stack, FAILED, "terraform plan failed (its output is above)", log="\n".join(outputs))

    def replan() -> dict | None:
        nonlocal status
        status = plan_once().returncode
        return show() if status in (NO_CHANGES, CHANGES) else None

    adoption = adopt.adopt(stack_dir, planned, replan) if status == CHANGES else adopt.Adoption()
    if adoption.failed:
        return StackResult(
            stack, FAILED, "terraform plan with imports failed (its output is above)", log="\n".join(outputs)
        )
    if adoption.imports:
        outputs.append(adoption.summary(stack))
    outputs.extend(f"{stack}: {note}" for note in adoption.notes)
    (plans / f"{stack}.json").write_text(json.dumps(adoption.plan or planned))
    return StackResult(stack, status, log="\n".join(outputs) + "\n")


def discard(plans: Path, stack: str) -> None:
    """Remove a plan made in vain (its stack waits), so nothing can apply it."""
    for made in (plans / f"{stack}.tfplan", plans / f"{stack}.json"):
        made.unlink(missing_ok=True)


def plan_all(outdir: Path, suffix: str, plans: Path, *, lock: bool = True, only: set[str] | None = None) -> int:
    """Plan the stacks (``only``: just these) into ``plans``, with its manifest."""
    stack_dirs = [d for d in stacks_of(outdir, suffix, with_bootstrapped=True) if only is None or d.name in only]
    if not stack_dirs:
        print(
            f"error: no stack ending in -{suffix} under {outdir}/stacks: synthesize first (make synth ENVIRONMENT=...)",
            file=sys.stderr,
        )
        return FAILED
    plans.mkdir(parents=True, exist_ok=True)
    for stale in [*plans.glob("*.tfplan"), *plans.glob("*.json")]:
        stale.unlink()  # never leave an older plan beside the new ones
    ordered = levels(stack_dirs)
    planned = {d.name: failed for d in stack_dirs if (failed := init_stack(d)) is not None}
    ready = [d for d in stack_dirs if d.name not in planned]
    with ThreadPoolExecutor(max(len(ready), 1)) as pool:
        planned |= {
            d.name: done for d, done in zip(ready, pool.map(lambda d: plan_stack(d, plans, lock), ready), strict=True)
        }
    results: dict[str, StackResult] = {}
    blocked: dict[str, str] = {}
    """stack -> why its dependents cannot be planned yet"""
    for level in ordered:
        for stack_dir in level:
            waits = sorted(d for d in dependencies(stack_dir) if d in blocked)
            if waits:
                discard(plans, stack_dir.name)
                results[stack_dir.name] = StackResult(stack_dir.name, WAITING, waits_for=tuple(waits))
                blocked[stack_dir.name] = "waiting"
                continue
            result = results[stack_dir.name] = planned[stack_dir.name]
            if result.log:
                with log_group(f"terraform plan {stack_dir.name}"):
                    print(result.log.rstrip("\n"), flush=True)
            if result.status == FAILED:
                blocked[stack_dir.name] = "failed"
            elif not ready_for_dependents(json.loads((plans / f"{stack_dir.name}.json").read_text())):
                blocked[stack_dir.name] = "not applied"
    write_manifest(plans, suffix, lock, ordered, results)
    for level in ordered:
        for stack_dir in level:
            result = results[stack_dir.name]
            state = STATUS_NAMES[result.status].upper() if result.status == FAILED else STATUS_NAMES[result.status]
            if result.waits_for:
                state += f" (waits for {', '.join(result.waits_for)} to be applied)"
            print(f"{result.stack}: {state}")
            if result.detail:
                print(f"  {result.detail}", file=sys.stderr)
    statuses = {result.status for result in results.values()}
    if FAILED in statuses:
        return FAILED
    return CHANGES if statuses & {CHANGES, WAITING} else NO_CHANGES


def write_manifest(
    plans: Path, suffix: str, lock: bool, ordered: list[list[Path]], results: dict[str, StackResult]
) -> None:
    stacks = []
    for number, level in enumerate(ordered):
        for stack_dir in level:
            result = results[stack_dir.name]
            entry = {
                "name": stack_dir.name,
                "level": number,
                "depends_on": sorted(dependencies(stack_dir) & set(results)),
                "status": STATUS_NAMES[result.status],
                "waits_for": list(result.waits_for),
                "config_sha256": sha256(stack_dir / "cdk.tf.json"),
            }
            plan_file = plans / f"{stack_dir.name}.tfplan"
            if result.status in (NO_CHANGES, CHANGES):
                entry |= {"plan": plan_file.name, "plan_sha256": sha256(plan_file)}
            stacks.append(entry)
    manifest = {
        "format": MANIFEST_FORMAT,
        "environment": os.environ.get("ENVIRONMENT", ""),
        "suffix": suffix,
        "commit": commit(),
        "planned_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "locked": lock,
        "applied": False,
        "stacks": stacks,
    }
    (plans / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")


def main(argv: list[str] | None = None) -> int:
    # Usage errors exit 1: argparse's own 2 would read as "changes".
    parser = Parser(prog="python -m tools.plan_stacks", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--suffix",
        default=os.environ.get("ENVIRONMENT_SUFFIX"),
        help="the environment's suffix (default: $ENVIRONMENT_SUFFIX)",
    )
    parser.add_argument("--outdir", type=Path, default=Path("cdktf.out"), help="the synth output (default %(default)s)")
    parser.add_argument("--plans", type=Path, help="where the plans go (default: <outdir>/plans/<suffix>)")
    parser.add_argument(
        "--stack",
        action="append",
        dest="stacks",
        metavar="NAME",
        help="plan only this stack (repeat for more); default: every stack of the suffix",
    )
    parser.add_argument(
        "--no-lock",
        dest="lock",
        action="store_false",
        help="plan without the state lock (-lock=false): plans that are never applied",
    )
    args = parser.parse_args(argv)
    if not args.suffix:
        parser.error("--suffix is required when ENVIRONMENT_SUFFIX is not set")
    with terraform_run.stoppable():
        try:
            return plan_all(
                args.outdir,
                args.suffix,
                args.plans or args.outdir / "plans" / args.suffix,
                lock=args.lock,
                only=set(args.stacks) if args.stacks else None,
            )
        except terraform_run.Stopped as stopped:
            print(f"stopped: {stopped}; no plan was saved: run the same command again", file=sys.stderr)
            return stopped.status


if __name__ == "__main__":
    sys.exit(main())
