"""Plan every stack of one environment and write each plan as JSON, for the workflows.

    python -m tools.plan_stacks --suffix dev [--outdir cdktf.out] [--plans plans/dev]

For each synthesized ``<outdir>/stacks/*-<suffix>`` except ``state-*`` (bootstrapped apart, with
a local backend): ``terraform init``, ``terraform plan -detailed-exitcode -lock-timeout=5m
-out=<plans>/<stack>.tfplan`` (the plan's text goes to stdout), and ``terraform show -json``
into ``<plans>/<stack>.json``, the input of ``python -m tools.plan_report``. A failing stack
does not stop the others: every stack is planned, then the failures are listed.

Exit status, as ``terraform plan -detailed-exitcode``: 0 no stack has changes, 2 some stack
has changes (or drift), 1 some stack could not be planned.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tools.plan_report import Parser

NO_CHANGES, FAILED, CHANGES = 0, 1, 2
LOCK_TIMEOUT = "5m"
"""How long a plan waits for a state lock held by an apply or another plan."""


@dataclass(frozen=True)
class StackResult:
    stack: str
    status: int
    """``NO_CHANGES``, ``CHANGES`` or ``FAILED``."""
    detail: str = ""


def stacks_of(outdir: Path, suffix: str) -> list[Path]:
    """The environment's stack directories, without the state stack."""
    found = sorted(p for p in (outdir / "stacks").glob(f"*-{suffix}") if (p / "cdk.tf.json").is_file())
    return [p for p in found if not p.name.startswith("state-")]


def terraform(stack_dir: Path, *args: str, capture: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "TF_IN_AUTOMATION": "1", "TF_INPUT": "0", "CHECKPOINT_DISABLE": "1"}
    return subprocess.run(["terraform", *args], cwd=stack_dir, env=env, text=True,
                          stdout=subprocess.PIPE if capture else None, stderr=subprocess.PIPE if capture else None)


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


def plan_stack(stack_dir: Path, plans: Path) -> StackResult:
    stack = stack_dir.name
    init = terraform(stack_dir, "init", "-input=false", "-no-color")
    if init.returncode != 0:
        return StackResult(stack, FAILED, f"terraform init failed:\n{init.stderr or init.stdout}")
    plan_file = plans / f"{stack}.tfplan"
    with log_group(f"terraform plan {stack}"):
        plan = terraform(stack_dir, "plan", "-input=false", "-detailed-exitcode", f"-lock-timeout={LOCK_TIMEOUT}",
                         f"-out={plan_file.resolve()}", capture=False)
    if plan.returncode not in (NO_CHANGES, CHANGES):
        return StackResult(stack, FAILED, "terraform plan failed (its output is above)")
    shown = terraform(stack_dir, "show", "-json", str(plan_file.resolve()))
    if shown.returncode != 0:
        return StackResult(stack, FAILED, f"terraform show failed:\n{shown.stderr}")
    (plans / f"{stack}.json").write_text(shown.stdout)
    return StackResult(stack, plan.returncode)


def plan_all(outdir: Path, suffix: str, plans: Path) -> int:
    stack_dirs = stacks_of(outdir, suffix)
    if not stack_dirs:
        print(f"error: no stack ending in -{suffix} under {outdir}/stacks: synthesize first "
              f"(make synth ENVIRONMENT=...)", file=sys.stderr)
        return FAILED
    plans.mkdir(parents=True, exist_ok=True)
    results = [plan_stack(stack_dir, plans) for stack_dir in stack_dirs]
    for result in results:
        state = {NO_CHANGES: "no changes", CHANGES: "changes", FAILED: "FAILED"}[result.status]
        print(f"{result.stack}: {state}")
        if result.detail:
            print(f"  {result.detail}", file=sys.stderr)
    statuses = {result.status for result in results}
    if FAILED in statuses:
        return FAILED
    return CHANGES if CHANGES in statuses else NO_CHANGES


def main(argv: list[str] | None = None) -> int:
    # Usage errors exit 1: argparse's own 2 would read as "changes".
    parser = Parser(prog="python -m tools.plan_stacks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--suffix", default=os.environ.get("ENVIRONMENT_SUFFIX"),
                        help="the environment's suffix (default: $ENVIRONMENT_SUFFIX)")
    parser.add_argument("--outdir", type=Path, default=Path("cdktf.out"), help="the synth output (default %(default)s)")
    parser.add_argument("--plans", type=Path, help="where the plans go (default: <outdir>/plans/<suffix>)")
    args = parser.parse_args(argv)
    if not args.suffix:
        parser.error("--suffix is required when ENVIRONMENT_SUFFIX is not set")
    return plan_all(args.outdir, args.suffix, args.plans or args.outdir / "plans" / args.suffix)


if __name__ == "__main__":
    sys.exit(main())
