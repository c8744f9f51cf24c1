"""The service stack's image registry: a repository per service that has one, the alert on their
scans, and each service's image resolved from ``repository:tag`` to the repository's URL.

Who may pull from a repository is computed here, by name: the execution roles of this
environment's services whose image is in it, and those of every named environment whose
``registry.pull_from`` names this one and runs one of its images (and of that environment's
copies, ``<project>-<service>-execution-<prefix><digits>``). Who may push: the environment's
CI deploy role (a copy's: its base's preview role, which deploys it).
"""

from __future__ import annotations

from environments import NAMED, named
from environments.naming import COPY_DIGITS, Kind, Namer
from environments.schema import Environment, ServiceSpec
from environments.schema.pipeline import ROLE_PATH
from modules.compute.task_definition import ResolvedImage
from modules.core.context import AwsContext
from modules.core.framework import Construct, TerraformOutput
from modules.storage.image_repository import (
    ImageFindingsAlert,
    ImageFindingsAlertProps,
    ImageRepository,
    ImageRepositoryProps,
    Principal,
    RegistryScanning,
    RegistryScanningProps,
)


def execution_role(namer: Namer, service: str) -> str:
    """The name of a service's execution role (``TaskDefinition``'s, named by the stack)."""
    return namer.name(f"{service}-execution", Kind.IAM_ROLE)


def ecr_registry(account_id: str, region: str) -> str:
    return f"{account_id}.dkr.ecr.{region}.amazonaws.com"


def pullers_elsewhere(environment: Environment, repository: str, partition: str) -> list[Principal]:
    """The execution roles of other named environments (and their copies) that run an image of
    ``environment``'s ``repository`` because they pull from it (``registry.pull_from``)."""
    if environment.ephemeral or environment.name not in NAMED:
        return []
    out = []
    for other_name in NAMED:
        if other_name == environment.name:
            continue
        other = named(other_name)
        if environment.name not in other.registry.pull_from or other.account_id is None:
            continue
        namer = Namer(other.project, other.suffix)
        roles: list[str] = []
        for spec in other.services:
            reference = spec.repository_reference
            if reference is None or (reference.environment, reference.repository) != (environment.name, repository):
                continue
            roles.append(f"arn:{partition}:iam::{other.account_id}:role/{execution_role(namer, spec.name)}")
            if other.copy_prefix:  # its copies run the same image under their own names
                roles += [
                    f"arn:{partition}:iam::{other.account_id}:role/"
                    f"{other.project}-{spec.name}-execution-{other.copy_prefix}{'?' * digits}"
                    for digits in range(1, COPY_DIGITS + 1)
                ]
        if roles:
            out.append(Principal(account_id=other.account_id, role_arns=roles))
    return out


class ServiceRegistry:
    """``repositories`` (logical name -> ImageRepository) and ``image(spec)``."""

    def __init__(self, stack, topic_arn: str, kms_key_arn: str) -> None:  # noqa: ANN001 - the ServiceStack
        environment: Environment = stack.environment
        namer: Namer = stack.namer
        self._environment, self._context = environment, AwsContext.of(stack)
        self.repositories: dict[str, ImageRepository] = {}
        owners = [spec.name for spec in environment.services if spec.has_repository]
        if not owners:
            return
        context = self._context
        scope = Construct(stack, "registry")
        base = Namer(environment.project, environment.name)  # a copy is deployed by its base's preview role
        pusher = base.name("ci-preview" if environment.ephemeral else "ci-deploy", Kind.IAM_ROLE)
        for repository in owners:
            runners = [
                f"arn:{context.partition}:iam::{context.account_id}:role/{execution_role(namer, spec.name)}"
                for spec in environment.services
                if (reference := spec.repository_reference) is not None
                and (reference.environment, reference.repository) == (None, repository)
            ]
            self.repositories[repository] = ImageRepository(
                scope,
                repository,
                ImageRepositoryProps(
                    spec=environment.registry,
                    protection=environment.protection,
                    name=namer.name(repository, Kind.ECR_REPOSITORY),
                    kms_key_arn=kms_key_arn,
                    pullers=[
                        Principal(account_id=context.account_id, role_arns=runners),
                        *pullers_elsewhere(environment, repository, context.partition),
                    ],
                    pushers=[f"arn:{context.partition}:iam::{context.account_id}:role{ROLE_PATH}{pusher}"],
                ),
            )
        ImageFindingsAlert(
            scope,
            "findings",
            ImageFindingsAlertProps(
                name=namer.name("image-findings", Kind.EVENT_RULE),
                repository_names=[r.repository_name for r in self.repositories.values()],
                topic_arn=topic_arn,
                enhanced=environment.registry.enhanced_scanning,
            ),
        )
        if environment.registry.enhanced_scanning:
            RegistryScanning(scope, "scanning", RegistryScanningProps(repository_pattern=namer.pattern()))
        TerraformOutput(
            stack,
            "repository_urls",
            value={name: repository.repository_url for name, repository in self.repositories.items()},
            description="Each service's ECR repository: push <url>:<tag> from the deploy role",
        )

    def image(self, spec: ServiceSpec) -> ResolvedImage | None:
        """The full reference of ``spec``'s image when it names a platform repository."""
        reference = spec.repository_reference
        if reference is None:
            return None
        pinned = (f":{reference.tag}" if reference.tag else "") + (f"@{reference.digest}" if reference.digest else "")
        if reference.environment is None:
            repository = self.repositories[reference.repository]
            return ResolvedImage(uri=f"{repository.repository_url}{pinned}", repository_arn=repository.repository_arn)
        source = named(reference.environment)
        name = Namer(source.project, source.suffix).name(reference.repository, Kind.ECR_REPOSITORY)
        account, region = source.account_id, source.region
        return ResolvedImage(
            uri=f"{ecr_registry(str(account), region)}/{name}{pinned}",
            repository_arn=f"arn:{self._context.partition}:ecr:{region}:{account}:repository/{name}",
        )
