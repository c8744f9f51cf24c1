"""A role one GitHub Actions job, and no other, may assume."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from modules.core.framework import Construct, aws
from modules.delivery.github_oidc import STS_AUDIENCE
from modules.security.iam import Condition, Statement, policy_json, role_policy


@dataclass(frozen=True, kw_only=True)
class GithubJob:
    """The GitHub Actions job a role trusts, as the claims of its OIDC token say it.

    Every field is pinned with ``StringEquals`` (no wildcards): ``sub`` is
    ``repo:<repository>:environment:<environment>`` (GitHub puts the environment in the subject
    of every job that runs in one), ``job_workflow_ref`` is
    ``<repository>/<workflow>@refs/heads/<branch>`` (the reusable workflow that defines the
    job, as it is on that branch), and when ``run_branch`` is set, ``ref`` is that branch (the
    run itself started there: a pull request's runs have ``refs/pull/<n>/merge``)."""

    repository: str
    environment: str
    workflow: str
    branch: str
    run_branch: str | None = None
    audience: str = STS_AUDIENCE

    def claims(self) -> dict[str, str]:
        """``{claim: value}`` the token must carry."""
        claims = {
            "aud": self.audience,
            "sub": f"repo:{self.repository}:environment:{self.environment}",
            "job_workflow_ref": f"{self.repository}/{self.workflow}@refs/heads/{self.branch}",
        }
        if self.run_branch is not None:
            claims["ref"] = f"refs/heads/{self.run_branch}"
        return claims


@dataclass(frozen=True, kw_only=True)
class PipelineRoleProps:
    name: str
    """Physical role name (from the stack's Namer)."""
    path: str = "/ci/"
    """IAM path: the platform's own roles live at ``/``, so a deploy role allowed to manage
    ``role/<project>-*`` can never reach a pipeline role."""
    provider_arn: str
    issuer: str
    """The OIDC provider's host: its claims' condition keys are ``<issuer>:<claim>``."""
    job: GithubJob
    statements: Sequence[Statement]
    """What the role may do (its one inline policy)."""
    description: str
    max_session_seconds: int = 3600


class PipelineRole(Construct):
    """``aws_iam_role`` whose trust policy admits only ``props.job`` through the OIDC provider,
    with one inline policy. Attributes: ``role_arn``, ``role_name``."""

    def __init__(self, scope: Construct, id_: str, props: PipelineRoleProps) -> None:
        super().__init__(scope, id_)
        trust = Statement(
            sid="GithubJob",
            actions=["sts:AssumeRoleWithWebIdentity"],
            principals={"Federated": [props.provider_arn]},
            conditions=[
                Condition("StringEquals", f"{props.issuer}:{claim}", [value])
                for claim, value in props.job.claims().items()
            ],
        )
        role = aws.iam_role.IamRole(
            self,
            "role",
            name=props.name,
            path=props.path,
            description=props.description,
            max_session_duration=props.max_session_seconds,
            assume_role_policy=policy_json(self, "trust", [trust]),
        )
        role_policy(self, "policy", role=role, name="pipeline", document_id="permissions", statements=props.statements)
        self.role_arn: str = role.arn
        self.role_name: str = role.name
