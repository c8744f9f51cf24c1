"""What every stack of an environment shares: the AWS provider with default tags, the S3
backend with locking, and the Namer. A component stack subclasses ``PlatformStack`` and only
composes constructs."""

from __future__ import annotations

from environments.naming import Kind, Namer
from environments.schema import Environment
from environments.schema.environment import SUFFIX_TAG  # noqa: F401 - stacks.ci reads it here
from modules.core.framework import (
    Construct,
    S3Backend,
    TerraformStack,
    aws,
)
from modules.security.kms_key import KmsKey, KmsKeyProps
from stacks import emulator

REQUIRED_TERRAFORM = ">= 1.10"
"""S3-native state locking (``use_lockfile``) needs Terraform 1.10."""


def stack_id(component: str, environment: Environment) -> str:
    """``<component>-<suffix>``: the stack's name, its cdktf.out folder and its state key."""
    return f"{component}-{environment.suffix}"


def state_key(component: str, environment: Environment) -> str:
    return f"{environment.suffix}/{component}.tfstate"


class PlatformStack(TerraformStack):
    """A component of one environment.

    Attributes: ``environment``, ``namer``, ``component``. The AWS provider has the region,
    ``default_tags`` (the environment's own tags, then its identity tags: Project, Environment,
    Suffix, Component, ManagedBy, Ephemeral for a copy), so constructs set only ``Name`` tags, and ``allowed_account_ids`` pinned to the
    environment's account. State lives in S3 at ``<suffix>/<component>.tfstate``, the state
    stack's own included (``tools/bootstrap.py`` creates the bucket, then moves that state in).
    """

    home_region: str | None = None
    """A region this component always deploys to, whatever the environment's (edge: us-east-1)."""

    def __init__(self, scope: Construct, component: str, environment: Environment) -> None:
        super().__init__(scope, stack_id(component, environment))
        self.environment = environment
        self.component = component
        self.namer = Namer(environment.project, environment.suffix)
        self.provider = self.add_aws_provider()
        self._s3_backend()
        self.add_override("terraform.required_version", REQUIRED_TERRAFORM)
        if environment.emulator is not None:
            emulator.apply_workarounds(self, environment.emulator)

    def kms_key(self, id_: str, component: str, description: str, **options) -> KmsKey:
        """A customer-managed key named ``alias/<project>-<component>-<suffix>`` with the
        environment's deletion window and ``prevent_destroy``; ``options`` are the other
        ``KmsKeyProps`` (``service_users``, ``multi_region``)."""
        protection = self.environment.protection
        return KmsKey(
            self,
            id_,
            KmsKeyProps(
                alias=self.namer.name(component, Kind.KMS_ALIAS),
                description=description,
                deletion_window_days=protection.kms_deletion_window_days,
                prevent_destroy=protection.prevent_destroy,
                **options,
            ),
        )

    def add_aws_provider(self, *, alias: str | None = None, region: str | None = None) -> aws.provider.AwsProvider:
        """The default provider, or an aliased one for another region (CloudFront's us-east-1)."""
        environment = self.environment
        # The identity tags last: validation refuses them in environment.tags, and even so they win.
        tags = {**environment.tags, **environment.identity_tags(self.component)}
        # Validation makes every environment name its account (the emulator's, for local): the
        # wrong credentials fail at plan, before anything is read or written.
        settings: dict = {"allowed_account_ids": [environment.account_id]}
        if environment.emulator is not None:
            settings |= emulator.provider_settings(environment.emulator)
        return aws.provider.AwsProvider(
            self,
            f"aws-{alias}" if alias else "aws",
            alias=alias,
            region=region or self.home_region or environment.region,
            default_tags=[aws.provider.AwsProviderDefaultTags(tags=tags)],
            **settings,
        )

    def _s3_backend(self) -> None:
        environment = self.environment
        state = environment.state
        settings = emulator.backend_settings(environment.emulator) if environment.emulator is not None else {}
        S3Backend(
            self,
            bucket=state.bucket,
            key=state_key(self.component, environment),
            region=environment.region,
            encrypt=True,
            dynamodb_table=state.lock_table,
            **settings,
        )
        # S3-native locking (Terraform >= 1.10); the 0.21 S3Backend class has no argument for it.
        self.add_override("terraform.backend.s3.use_lockfile", True)
