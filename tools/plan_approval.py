"""Whether saved plans may be applied: the approved manifest, recent, of the deploy branch's head.

    python -m tools.plan_approval sha256 <plans>   # the manifest's SHA-256: what a reviewer approves

An approval is bound to one ``manifest.json`` (written by ``tools.plan_stacks``: the commit, the
time, and the SHA-256 of every saved plan and stack configuration): the deploy workflow's plan
job prints its SHA-256 before the gate, the reviewer approves that run, and the apply job passes
the same value (``--approved-sha256``). Before anything is applied, ``check`` refuses, each with
one line (``tools.apply_plans`` then exits 2):

- a manifest whose SHA-256 is not the approved one (another run's plans, or a manifest edited
  after the review: its plan files are checked against it next, so nothing else can be swapped);
- in CI, for a reviewed environment (``Environment.reviewed``: named, in an AWS account), no
  approved SHA-256 at all;
- plans older than ``pipeline.plan_max_age_hours`` (default 24 h): the world has moved on;
- for such an environment, plans not made from the current head of ``pipeline.branch`` (an old
  run re-run would roll back what was deployed since).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

MANIFEST = "manifest.json"
DEFAULT_MAX_AGE = timedelta(hours=24)


class NotApproved(Exception):
    """One line: why these plans are not applied, and what to do."""


@dataclass(frozen=True)
class Policy:
    """What an apply of one environment requires."""

    max_age: timedelta = DEFAULT_MAX_AGE
    branch: str | None = None
    """The deploy branch whose head the plans must be of; ``None``: not checked (the emulator,
    copies, and suffixes that are no environment of this platform)."""
    approval_required: bool = False
    """Whether an approved SHA-256 must be given (CI, reviewed environments)."""


def manifest_sha256(plans: Path) -> str:
    path = plans / MANIFEST
    if not path.is_file():
        raise NotApproved(f"no saved plans in {plans}: run `make plan` first")
    return hashlib.sha256(path.read_bytes()).hexdigest()


def policy_for(suffix: str, environ: Mapping[str, str] = os.environ) -> Policy:
    """The policy of the environment ``suffix`` names (a named environment or a copy)."""
    from environments import ConfigError, from_environ

    try:
        [environment] = from_environ({"ENVIRONMENT": suffix})
    except ConfigError:  # not an environment of this platform (a test's stacks)
        return Policy()
    pipeline = environment.pipeline
    max_age = timedelta(hours=pipeline.plan_max_age_hours) if pipeline else DEFAULT_MAX_AGE
    if not environment.reviewed or pipeline is None:  # the emulator's, a copy: make deploy's
        return Policy(max_age=max_age)
    return Policy(
        max_age=max_age,
        branch=pipeline.branch,
        approval_required=environ.get("CI", "").lower() == "true",
    )


def head_of(branch: str, environ: Mapping[str, str] = os.environ) -> str:
    """The commit at the head of ``branch`` now: asked of GitHub in Actions (the run's checkout
    knows only its own commit), of ``origin`` elsewhere."""
    try:
        if environ.get("GITHUB_ACTIONS") == "true":
            api, repository = environ.get("GITHUB_API_URL", "https://api.github.com"), environ["GITHUB_REPOSITORY"]
            request = urllib.request.Request(
                f"{api}/repos/{repository}/git/ref/heads/{branch}",
                headers={"Accept": "application/vnd.github+json", "Authorization": f"Bearer {environ['GITHUB_TOKEN']}"},
            )
            with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310 - the GitHub API
                return json.load(answer)["object"]["sha"]
        found = subprocess.run(
            ["git", "ls-remote", "origin", f"refs/heads/{branch}"], capture_output=True, text=True, timeout=60
        )
        if found.returncode != 0 or not found.stdout.split():
            raise OSError((found.stderr or "no such branch").strip())
        return found.stdout.split()[0]
    except (OSError, KeyError, ValueError) as error:
        raise NotApproved(f"cannot read the head of {branch} to compare with the plans' commit: {error}") from None


def check(
    plans: Path,
    policy: Policy,
    *,
    approved_sha256: str | None,
    now: datetime | None = None,
    head: Callable[[str], str] | None = None,
) -> str:
    """Refuse (``NotApproved``) unless the plans in ``plans`` may be applied; returns the
    manifest's SHA-256."""
    digest = manifest_sha256(plans)
    if approved_sha256:
        if approved_sha256.strip().lower() != digest:
            raise NotApproved(
                f"the saved plans' manifest (sha256 {digest[:12]}) is not the approved one "
                f"({approved_sha256.strip()[:12]}): apply only what was reviewed; re-run the deploy to plan and review again"
            )
    elif policy.approval_required:
        raise NotApproved(
            "no approved manifest SHA-256 was given (--approved-sha256): in CI an apply applies only "
            "the manifest its reviewers approved"
        )
    try:
        manifest = json.loads((plans / MANIFEST).read_text())
        planned_at = datetime.fromisoformat(manifest["planned_at"])
        commit = manifest.get("commit", "")
    except (ValueError, KeyError, TypeError) as error:
        raise NotApproved(f"{plans / MANIFEST} has no readable planned_at ({error}): run `make plan` again") from None
    age = (now or datetime.now(UTC)) - planned_at
    if age > policy.max_age:
        raise NotApproved(
            f"the saved plans were made {age.total_seconds() / 3600:.0f} h ago ({manifest['planned_at']}), more "
            f"than the {policy.max_age.total_seconds() / 3600:.0f} h allowed (pipeline.plan_max_age_hours): plan again"
        )
    if policy.branch is not None:
        current = (head or head_of)(policy.branch)
        if commit != current:
            raise NotApproved(
                f"the saved plans are of commit {commit[:12] or '(unknown)'}, not of the head of {policy.branch} "
                f"({current[:12]}): an older commit would roll back what was deployed since; plan the head again"
            )
    return digest


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] != "sha256":
        print("usage: python -m tools.plan_approval sha256 <plans directory>", file=sys.stderr)
        return 2
    try:
        print(manifest_sha256(Path(args[1])))
    except NotApproved as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
