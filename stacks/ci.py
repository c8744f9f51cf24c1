"""``ci-<suffix>``: what the delivery pipeline may do in the environment's account.

The account's GitHub OIDC provider and three roles, each assumable by one GitHub job only
(``pipeline``: the repository, the reusable workflow on the deploy branch, the GitHub
environment the job runs in):

- ``plan`` (GitHub environment ``<env>-plan``): read-only; plans, drift checks, pull requests;
- ``deploy`` (``<env>``): applies reviewed plans, and only from a run of the deploy branch;
- ``preview`` (``<env>-preview``, when the environment has copies): deploys and destroys the
  copies (``<copy prefix><digits>``), and can touch nothing else of the account.

No pipeline role can change this stack's resources (they live under the IAM path ``/ci/``) or
the state bucket's protection, so ``make bootstrap`` (an account administrator, once, with the
state stack) applies it after the same review as any plan; the pipeline only plans it (drift).
Not made for ephemeral copies (they use their base's roles).
"""

from __future__ import annotations

from environments.naming import Kind, copy_patterns
from environments.schema import Environment, github_environment
from environments.schema.pipeline import ROLE_PATH
from modules.core.context import AwsContext
from modules.core.framework import Construct, TerraformOutput
from modules.delivery.github_oidc import GithubOidcProvider, GithubOidcProviderProps
from modules.delivery.permissions import StateAccess, deploy_statements, plan_statements, preview_statements
from modules.delivery.pipeline_role import GithubJob, PipelineRole, PipelineRoleProps
from stacks.base import SUFFIX_TAG, PlatformStack

PIPELINE_PATH = ROLE_PATH
DEPLOY_SESSION_SECONDS = 7200
"""A deploy's credentials last its longest apply (CloudFront, Aurora): the reusable workflow
asks for as long (``role-duration-seconds``)."""


class CiStack(PlatformStack):
    """Attributes: ``oidc`` (GithubOidcProvider), ``roles`` (``plan``, ``deploy`` and, with
    copies, ``preview``: PipelineRole)."""

    def __init__(self, scope: Construct, environment: Environment) -> None:
        super().__init__(scope, "ci", environment)
        pipeline, state, namer = environment.pipeline, environment.state, self.namer
        if pipeline is None or not state.bucket:  # validation requires both; a construct needs them
            raise ValueError(f"environments.{environment.name}: pipeline and state.bucket must be set")
        context = AwsContext.of(self)
        iam = f"arn:{context.partition}:iam::{context.account_id}"
        bucket = f"arn:{context.partition}:s3:::{state.bucket}"
        self.oidc = GithubOidcProvider(self, "github", GithubOidcProviderProps())

        def job(role: str, *, run_branch: str | None = None) -> GithubJob:
            return GithubJob(
                repository=pipeline.repository,
                environment=github_environment(role, environment.name),
                workflow=pipeline.workflow,
                branch=pipeline.branch,
                run_branch=run_branch,
            )

        def role(id_: str, description: str, github_job: GithubJob, statements, seconds: int = 3600) -> PipelineRole:
            return PipelineRole(
                self,
                id_,
                PipelineRoleProps(
                    name=namer.name(f"ci-{id_}", Kind.IAM_ROLE),
                    path=PIPELINE_PATH,
                    provider_arn=self.oidc.provider_arn,
                    issuer=self.oidc.issuer,
                    job=github_job,
                    statements=statements,
                    description=description,
                    max_session_seconds=seconds,
                ),
            )

        guarded = dict(
            service_linked_roles=f"{iam}:role/aws-service-role/*",
            pipeline_roles=f"{iam}:role{PIPELINE_PATH}*",
            oidc_providers=f"{iam}:oidc-provider/*",
        )
        own_state = StateAccess(
            bucket_arn=bucket,
            state_objects=[f"{bucket}/{environment.suffix}/*"],
            plan_objects=[f"{bucket}/plans/{environment.suffix}/*"],
        )
        site = f"arn:{context.partition}:s3:::{namer.bucket('site', context.account_id)}/*"
        self.roles = {
            "plan": role(
                "plan",
                f"Plans {environment.suffix} (read-only): pull requests, deploy reviews, drift",
                job("plan"),
                plan_statements(own_state, readable_objects=[site]),
            ),
            "deploy": role(
                "deploy",
                f"Applies reviewed plans of {environment.suffix}, from {pipeline.branch} only",
                job("deploy", run_branch=pipeline.branch),
                deploy_statements(own_state, roles=[f"{iam}:role/{namer.pattern()}"], **guarded),
                DEPLOY_SESSION_SECONDS,
            ),
        }
        if environment.copy_prefix:
            prefix = environment.copy_prefix
            self.roles["preview"] = role(
                "preview",
                f"Deploys and destroys copies {prefix}<digits> of {environment.suffix}, nothing else",
                job("preview"),
                preview_statements(
                    StateAccess(bucket_arn=bucket, state_objects=[f"{bucket}/{prefix}*"]),
                    roles=[f"{iam}:role/{pattern}" for pattern in copy_patterns(environment.project, prefix)],
                    buckets=[
                        f"arn:{context.partition}:s3:::{pattern}"
                        for pattern in copy_patterns(environment.project, prefix, ending=f"-{context.account_id}")
                    ],
                    suffix_tag=SUFFIX_TAG,
                    suffix_pattern=f"{prefix}*",
                    **guarded,
                ),
                DEPLOY_SESSION_SECONDS,
            )
        for name, made in self.roles.items():
            # The value of the GitHub environment's AWS_ROLE_ARN variable (docs/plan-review.md).
            TerraformOutput(self, f"{name}_role_arn", value=made.role_arn)
