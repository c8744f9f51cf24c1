"""``python -m tools.bootstrap --suffix dev [--outdir cdktf.out]``: create the state bucket, and
keep the bootstrap's own state in it.

The ``state-<suffix>`` stack declares the S3 backend of the bucket it creates (key
``<suffix>/state.tfstate``), so its state never lives only on one machine. The first run
cannot use that backend yet, so:

1. ``terraform init`` against the S3 backend. If the bucket exists (a second bootstrap, or
   another machine), that is all it takes: plan and apply as usual, with the state in S3.
2. Otherwise the stack is applied with a local backend, through a Terraform override file
   (``backend_override.tf.json``) whose state path is anchored at the repository root
   (``.state/state-<suffix>.tfstate``, git-ignored), whatever ``CDKTF_OUTDIR`` is; ``--state-dir``
   (or ``BOOTSTRAP_STATE_DIR``) puts it elsewhere, so that two emulators' bootstraps of one suffix
   (the test suite's deploy groups run side by side) never share a file or its lock.
3. Then the override is removed and ``terraform init -migrate-state`` copies the state into
   the new bucket; once ``terraform state list`` reads it back from S3, the local copy is
   deleted. An interrupted run resumes from the local file the next time.

Every apply is reviewed (``tools.reviewed_apply``): a saved plan, its report, ``make apply``'s
confirmation, then exactly that plan. Then ``ci-<suffix>`` (the GitHub OIDC provider and the
pipeline's roles, which no pipeline role may change) is applied the same way, with its state in
the bucket.

SIGINT/SIGTERM stop Terraform cleanly (``tools.terraform_run``); a lock on the bucket's state
left by a dead run of this checkout is released first (``tools.locks``).

Exit 0 when the bucket, its state and the pipeline's roles are in place; 1 with the failing step
otherwise; 130/143 stopped.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from tools import locks, terraform_run
from tools.plan_stacks import run_log
from tools.reviewed_apply import NotApplied, confirm_for, reviewed_apply

ROOT = Path(__file__).resolve().parent.parent
LOCAL_STATE_DIR = ROOT / ".state"
OVERRIDE = "backend_override.tf.json"
MISSING_BUCKET = ("NoSuchBucket", "does not exist", "bucket not found")
"""What Terraform's S3 backend says when the bucket is not there yet."""


class BootstrapError(RuntimeError):
    pass


def terraform(stack_dir: Path, *args: str, echo: bool = False) -> subprocess.CompletedProcess:
    """``terraform <args>``, stoppable (``tools.terraform_run``); ``echo`` prints its output. A plan
    or apply (they lock the state) first releases a lock a dead run of this checkout left on the
    bucket's state, and is recorded while it runs (``tools.locks``; a local backend's lock dies
    with its process)."""
    operation = args[0] if args else ""
    if operation in ("plan", "apply"):
        with locks.guard(stack_dir, operation, waits="5m") as on_start:
            done = terraform_run.run(args, stack_dir, log=run_log(stack_dir, operation), on_start=on_start)
        # The output (one file) is stdout; a failure's callers read stderr.
        done = subprocess.CompletedProcess(
            done.args, done.returncode, done.stdout, done.stdout if done.returncode else ""
        )
    else:
        done = terraform_run.run(args, stack_dir)
    if echo and done.stdout:
        print(done.stdout, end="", flush=True)
    return done


def _check(result: subprocess.CompletedProcess, step: str) -> None:
    if result.returncode != 0:
        detail = (result.stderr or result.stdout or "").strip().splitlines()
        raise BootstrapError(f"{step} failed: {' '.join(detail[-6:]) if detail else 'see above'}")


def _reviewed(stack_dir: Path, suffix: str, step: str) -> str:
    try:
        return reviewed_apply(stack_dir, terraform, confirm_for(suffix))
    except NotApplied as error:
        raise BootstrapError(f"{step}: {error}") from None


def bootstrap_ci(stack_dir: Path, suffix: str) -> str:
    """The pipeline's roles, once the state bucket exists: init against it, reviewed apply."""
    if not (stack_dir / "cdk.tf.json").is_file():
        return "no ci stack (an ephemeral copy uses its base's roles)"
    _check(terraform(stack_dir, "init", "-input=false", "-reconfigure"), "terraform init (ci)")
    return _reviewed(stack_dir, suffix, "terraform apply (ci)")


def local_state_path(suffix: str, state_dir: Path = LOCAL_STATE_DIR) -> Path:
    return state_dir / f"state-{suffix}.tfstate"


def bootstrap(stack_dir: Path, suffix: str, *, echo: bool = True, state_dir: Path = LOCAL_STATE_DIR) -> str:
    """Apply the state stack so that its bucket exists and its state is in it. Returns how."""
    if not (stack_dir / "cdk.tf.json").is_file():
        raise BootstrapError(f"{stack_dir} has no cdk.tf.json: synthesize first (make synth)")
    override = stack_dir / OVERRIDE
    local_state = local_state_path(suffix, state_dir)
    override.unlink(missing_ok=True)

    if not local_state.exists():
        init = terraform(stack_dir, "init", "-input=false", "-reconfigure")
        if init.returncode == 0:
            _reviewed(stack_dir, suffix, "terraform apply (state already in S3)")
            return "the state bucket exists; its own state is read from and written to it"
        if not any(marker in init.stderr for marker in MISSING_BUCKET):
            _check(init, "terraform init (S3 backend)")

    # First run (or a resumed one): apply with a local state file, then move it into S3.
    local_state.parent.mkdir(parents=True, exist_ok=True)
    override.write_text(
        json.dumps({"terraform": {"backend": {"local": {"path": str(local_state.resolve())}}}}, indent=2)
    )
    try:
        _check(terraform(stack_dir, "init", "-input=false", "-reconfigure"), "terraform init (local backend)")
        _reviewed(stack_dir, suffix, "terraform apply")
    finally:
        override.unlink(missing_ok=True)
    _check(
        terraform(stack_dir, "init", "-input=false", "-migrate-state", "-force-copy"),
        "terraform init -migrate-state (moving the state into the bucket)",
    )
    listed = terraform(stack_dir, "state", "list")
    _check(listed, "terraform state list (reading the moved state back)")
    if not listed.stdout.strip():
        raise BootstrapError(f"the state read back from S3 is empty; the local copy stays at {local_state}")
    local_state.unlink(missing_ok=True)
    Path(f"{local_state}.backup").unlink(missing_ok=True)
    return "created the state bucket and moved the bootstrap's own state into it"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bootstrap", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--suffix",
        default=os.environ.get("ENVIRONMENT_SUFFIX"),
        help="the environment's suffix (default: $ENVIRONMENT_SUFFIX)",
    )
    parser.add_argument("--outdir", type=Path, default=Path(os.environ.get("CDKTF_OUTDIR") or "cdktf.out"))
    parser.add_argument(
        "--state-dir",
        type=Path,
        default=Path(os.environ.get("BOOTSTRAP_STATE_DIR") or LOCAL_STATE_DIR),
        help="where the first run keeps the state stack's local state (default: $BOOTSTRAP_STATE_DIR or .state/)",
    )
    args = parser.parse_args(argv)
    if not args.suffix:
        parser.error("--suffix is required when ENVIRONMENT_SUFFIX is not set")
    stack_dir = args.outdir / "stacks" / f"state-{args.suffix}"
    with terraform_run.stoppable():
        try:
            how = bootstrap(stack_dir, args.suffix, state_dir=args.state_dir)
            print(f"state-{args.suffix}: {how}", flush=True)
            print(f"ci-{args.suffix}: {bootstrap_ci(args.outdir / 'stacks' / f'ci-{args.suffix}', args.suffix)}")
        except BootstrapError as error:
            print(f"error: bootstrap of {args.suffix}: {error}", file=sys.stderr)
            return 1
        except terraform_run.Stopped as stopped:
            print(f"stopped: {stopped}; run the same command again to finish (docs/recovery.md)", file=sys.stderr)
            return stopped.status
    return 0


if __name__ == "__main__":
    sys.exit(main())
