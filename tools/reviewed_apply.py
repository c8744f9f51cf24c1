"""Apply a bootstrapped stack the way every other stack is applied: a saved plan, its report,
the environment's confirmation, then exactly that plan (never ``-auto-approve``).

``tools.bootstrap`` uses it for ``state-<suffix>`` (first with a local backend, then with the
bucket it made) and ``ci-<suffix>`` (the pipeline's roles, which no pipeline role may change).
The confirmation is ``make apply``'s: protected environments (``protection.confirm``) need their
name typed at a terminal, ``CI=true`` goes on (its approval gate stands in), others go on.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

Terraform = Callable[..., subprocess.CompletedProcess]
NO_CHANGES, CHANGES = 0, 2
PLAN_FILE = "bootstrap.tfplan"


class NotApplied(RuntimeError):
    """One line: why the stack was not applied."""


def confirm_for(suffix: str) -> Callable[[], bool]:
    """``make apply``'s confirmation of the environment ``suffix`` names."""

    def confirm() -> bool:
        from environments import ConfigError, from_environ
        from environments.__main__ import confirm as ask

        try:
            [environment] = from_environ({"ENVIRONMENT": suffix})
        except ConfigError as error:
            raise NotApplied(f"{suffix} is no environment of this platform: {'; '.join(error.problems)}") from None
        return ask(environment, "bootstrap")

    return confirm


def reviewed_apply(stack_dir: Path, terraform: Terraform, confirm: Callable[[], bool]) -> str:
    """Plan ``stack_dir`` into a saved plan, print its report, ask ``confirm``, apply that plan.
    Returns what happened; raises ``NotApplied`` when the plan fails or is not confirmed."""
    from tools.plan_report import load_plan, render

    plan_file = (stack_dir / PLAN_FILE).resolve()
    try:
        planned = terraform(
            stack_dir, "plan", "-input=false", "-detailed-exitcode", "-lock-timeout=5m", f"-out={plan_file}"
        )
        if planned.returncode not in (NO_CHANGES, CHANGES):
            raise NotApplied(f"terraform plan of {stack_dir.name} failed: {(planned.stderr or '').strip()[-500:]}")
        if planned.returncode == NO_CHANGES:
            return "no changes"
        shown = terraform(stack_dir, "show", "-json", str(plan_file))
        if shown.returncode != 0:
            raise NotApplied(f"terraform show of {stack_dir.name}'s plan failed: {(shown.stderr or '').strip()[-500:]}")
        as_json = stack_dir / f"{PLAN_FILE}.json"
        as_json.write_text(shown.stdout)
        print(render([load_plan(stack_dir.name, as_json)], budget=0), flush=True)
        as_json.unlink()
        if not confirm():
            raise NotApplied(f"{stack_dir.name}: not confirmed, nothing applied")
        applied = terraform(stack_dir, "apply", "-input=false", "-lock-timeout=5m", str(plan_file), echo=True)
        if applied.returncode != 0:
            raise NotApplied(
                f"terraform apply of {stack_dir.name}'s saved plan failed: {(applied.stderr or '').strip()[-500:]}"
            )
        return "applied its reviewed plan"
    finally:
        plan_file.unlink(missing_ok=True)
