"""Check the repository's GitHub settings the pipeline relies on (docs/plan-review.md, Setup).

    GITHUB_TOKEN=... GITHUB_REPOSITORY=owner/name python -m tools.github_settings

Read through the GitHub API (a token that may read the repository's administration settings:
environments, their variables, branch protection). Without ``GITHUB_TOKEN`` it prints one
``skipped:`` line and exits 0: nothing is claimed about settings nobody read.

For every environment with an AWS account (``python3 -m environments --list --real``):

- its GitHub environments ``<env>-plan``, ``<env>`` and, with copies, ``<env>-preview`` exist
  and name their role in ``AWS_ROLE_ARN`` (the ``ci-<env>`` stack's outputs);
- ``<env>`` (the deploy role's) deploys from the deploy branch only;
- a protected environment's ``<env>`` has required reviewers who may not approve their own runs;

and the deploy branch requires pull requests with code-owner reviews and the checks
``lint, test, synth`` and ``plan report``. One line per problem, exit 2 if any.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from tools.github_api import Api, GitHub

REQUIRED_CHECKS = ("lint, test, synth", "plan report")


def expected_roles(name: str) -> dict[str, str]:
    """``{GitHub environment: role ARN}`` of the named environment's CI roles."""
    from environments import load
    from environments.naming import Kind, Namer
    from environments.schema import github_environment
    from environments.schema.pipeline import ROLE_PATH

    environment = load(name)
    namer = Namer(environment.project, environment.suffix)
    roles = ["plan", "deploy"] + (["preview"] if environment.copy_prefix else [])
    return {
        github_environment(role, name): (
            f"arn:aws:iam::{environment.account_id}:role{ROLE_PATH}{namer.name(f'ci-{role}', Kind.IAM_ROLE)}"
        )
        for role in roles
    }


def problems(api: Api) -> list[str]:
    from environments import NAMED, load
    from environments.schema import github_environment

    out: list[str] = []
    repo = api.repository
    branch = "main"
    for name in NAMED:
        environment = load(name)
        if environment.emulator is not None:
            continue
        branch = environment.pipeline.branch if environment.pipeline else branch
        for github_name, arn in expected_roles(name).items():
            settings = api.get(f"repos/{repo}/environments/{github_name}")
            if settings is None:
                out.append(f"GitHub environment {github_name} is missing: create it (docs/plan-review.md, Setup)")
                continue
            variable = api.get(f"repos/{repo}/environments/{github_name}/variables/AWS_ROLE_ARN")
            if variable is None or variable.get("value") != arn:
                found = variable.get("value") if variable else "unset"
                out.append(f"GitHub environment {github_name}: AWS_ROLE_ARN is {found}, not {arn} (ci-{name} output)")
            if github_name != github_environment("deploy", name):
                continue
            policy = settings.get("deployment_branch_policy") or {}
            branches = []
            if policy.get("custom_branch_policies"):
                listed = api.get(f"repos/{repo}/environments/{github_name}/deployment-branch-policies") or {}
                branches = [p["name"] for p in listed.get("branch_policies", [])]
            if branches != [branch]:
                out.append(
                    f"GitHub environment {github_name}: deployment branches are {branches or 'all'}, not only {branch}: "
                    f"set 'Deployment branches and tags' to the selected branch {branch}"
                )
            if environment.protection.confirm:
                rules = {rule["type"]: rule for rule in settings.get("protection_rules", [])}
                reviewers = rules.get("required_reviewers", {})
                if not reviewers.get("reviewers"):
                    out.append(f"GitHub environment {github_name}: no required reviewers (a protected environment)")
                elif not reviewers.get("prevent_self_review"):
                    out.append(
                        f"GitHub environment {github_name}: reviewers may approve their own runs: turn on 'Prevent self-review'"
                    )
    protection = api.get(f"repos/{repo}/branches/{branch}/protection")
    if protection is None:
        out.append(f"branch {branch} is not protected: require pull requests, code-owner reviews and the checks")
        return out
    reviews = protection.get("required_pull_request_reviews") or {}
    if not reviews.get("require_code_owner_reviews"):
        out.append(f"branch {branch}: pull requests do not require code-owner reviews (.github/CODEOWNERS)")
    checks = {c.get("context") for c in (protection.get("required_status_checks") or {}).get("checks", [])}
    for check in REQUIRED_CHECKS:
        if check not in checks:
            out.append(f"branch {branch}: the status check '{check}' is not required")
    return out


def main(environ: Mapping[str, str] = os.environ) -> int:
    api = GitHub.from_environ(environ)
    if api is None:
        print("skipped: GITHUB_TOKEN (and GITHUB_REPOSITORY) not set: the GitHub settings were not checked")
        return 0
    found = problems(api)
    for problem in found:
        print(f"error: {problem}", file=sys.stderr)
    if not found:
        print(f"{api.repository}: the GitHub settings the pipeline relies on are in place")
    return 2 if found else 0


if __name__ == "__main__":
    sys.exit(main())
