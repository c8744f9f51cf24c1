"""The delivery pipeline: which repository's workflows may assume the environment's CI roles,
and the limits the apply and the previews keep."""

from __future__ import annotations

import re
from dataclasses import dataclass

from environments.schema.rules import _ranges

REPOSITORY_PATTERN = re.compile(
    r"^([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})/([A-Za-z0-9._-]{1,100})$", re.ASCII
)
"""``<owner>/<name>`` as GitHub spells it: an owner of 1-39 letters, digits and single inner
``-``; a name of 1-100 letters, digits, ``.``, ``_`` and ``-``."""
BRANCH_PATTERN = re.compile(r"^[A-Za-z0-9._/-]{1,100}$", re.ASCII)
WORKFLOW_PATTERN = re.compile(r"^\.github/workflows/[A-Za-z0-9._-]+\.ya?ml$", re.ASCII)
WORKFLOW_DEFAULT = ".github/workflows/terraform.yml"
ROLE_PATH = "/ci/"
"""The IAM path of the pipeline's roles: the platform's own roles live at ``/``, so a deploy role
allowed to manage ``role/<project>-*`` can never reach a pipeline role."""
APPROVAL_TIMEOUT_DAYS = 30
"""How long GitHub keeps a deployment waiting for its reviewers before it fails the job: the
artifacts and stored plans of a run are kept at least this long."""


@dataclass(frozen=True, kw_only=True)
class PipelineConfig:
    """Who may change this environment through CI, and under which limits.

    The ``ci-<suffix>`` stack turns it into the account's GitHub OIDC provider and the
    environment's plan, deploy and preview roles; their trust policies accept only a job of
    ``repository`` run from ``workflow`` on ``branch`` in the matching GitHub environment."""

    repository: str
    """``<owner>/<name>`` of the GitHub repository whose workflows deploy this environment
    (``environments/base.py`` names it for every environment; a fork sets its own)."""
    branch: str = "main"
    """The only branch deploys run from: the deploy role's trust policy pins it (``ref``), and
    the reusable workflow every role is assumed in must be its copy on this branch."""
    workflow: str = WORKFLOW_DEFAULT
    """The reusable workflow whose jobs alone assume the roles (``job_workflow_ref``)."""
    plan_max_age_hours: int = 24
    """An apply refuses saved plans older than this (``tools/plan_approval.py``)."""
    plan_retention_days: int = APPROVAL_TIMEOUT_DAYS
    """Days saved plans are kept under ``plans/`` in the state bucket, and the plan artifacts
    in GitHub: at least the approval timeout, so an approved plan is still there to apply."""
    max_copies: int = 3
    """At most this many ephemeral copies (previews) of the environment at once: each costs a
    VPC, a NAT gateway and its Elastic IP of the account's quotas (5 of each by default)."""

    @property
    def owner(self) -> str:
        return self.repository.split("/", 1)[0]

    def problems(self, at: str) -> list[str]:
        out: list[str] = []
        if not REPOSITORY_PATTERN.fullmatch(self.repository) or self.repository.split("/")[1] in (".", ".."):
            out.append(
                f"{at}.repository {self.repository!r} must be <owner>/<name> as GitHub spells it "
                "(owner: 1-39 letters, digits and single inner '-'; name: letters, digits, '.', '_', '-'), "
                "e.g. example-org/platform"
            )
        if not BRANCH_PATTERN.fullmatch(self.branch) or ".." in self.branch or self.branch.endswith((".", "/")):
            out.append(f"{at}.branch {self.branch!r} must be a branch name such as main")
        if not WORKFLOW_PATTERN.fullmatch(self.workflow):
            out.append(
                f"{at}.workflow {self.workflow!r} must be a file under .github/workflows/, e.g. {WORKFLOW_DEFAULT}"
            )
        out += _ranges(
            self,
            at,
            [
                ("plan_max_age_hours", 1, 24 * 7, "h"),
                ("max_copies", 0, 20),
            ],
        )
        if not APPROVAL_TIMEOUT_DAYS <= self.plan_retention_days <= 400:
            out.append(
                f"{at}.plan_retention_days ({self.plan_retention_days}) must be between {APPROVAL_TIMEOUT_DAYS} "
                "(GitHub's approval timeout: an approved plan must still be there to apply) and 400"
            )
        return out


GITHUB_ENVIRONMENT_OF_ROLE = {"plan": "{name}-plan", "deploy": "{name}", "preview": "{name}-preview"}
"""The GitHub environment whose jobs alone may assume each role of environment ``name``; the
workflows name them the same way (``<env>-plan``, ``<env>``, ``<env>-preview``)."""


def github_environment(role: str, name: str) -> str:
    """The GitHub environment of ``role`` (plan, deploy, preview) for the named environment."""
    return GITHUB_ENVIRONMENT_OF_ROLE[role].format(name=name)
