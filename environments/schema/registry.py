"""The environment's image registry: an ECR repository per service that builds its own image.

Which services get one is the service's ``repository`` (``RepositoryFields``): by default every
service whose image is a platform repository reference (``repository:tag``,
``repository@sha256:...``) rather than an external image (``registry/repository:tag``). Each
repository has immutable tags, scan on push (or the registry's enhanced scanning), the
environment's KMS key, a lifecycle policy (``RegistryConfig``) and a policy that lets only the
execution roles of the services that run its images pull and only the environment's CI deploy
role push.

Promotion (build once in dev, run the same digest in prod): an environment lists the named
environments it pulls from (``pull_from``) and names the image ``dev/api@sha256:...``; the
source environment's repository policy then admits exactly the pulling environment's execution
roles (and its copies'), by name, from its account. Nothing is pulled across environments
unless the puller says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from environments.schema.rules import _ranges

if TYPE_CHECKING:  # the services module imports this one for RepositoryFields
    from environments.schema.services import ServiceSpec

ENVIRONMENT_NAME = re.compile(r"[a-z][a-z0-9]{1,11}", re.ASCII)


@dataclass(frozen=True, kw_only=True)
class RegistryConfig:
    """The lifecycle and scanning of every repository of the environment, and where else its
    services may pull from."""

    keep_tagged_images: int = 30
    """Tagged images kept per repository (the newest); older ones expire (1-1000)."""
    untagged_days: int = 7
    """Untagged images (layers of superseded pushes) expire this many days after their push (1-365)."""
    enhanced_scanning: bool = False
    """The registry's enhanced (Inspector) scanning, continuous, for this environment's
    repositories, instead of basic scan on push. Account-wide: refused for an environment that
    shares its account (``shares_account_with``)."""
    pull_from: tuple[str, ...] = ()
    """Named environments whose repositories this one's services may pull from, by
    ``<environment>/<repository>@sha256:...`` (promotion); their repository policies admit this
    environment's execution roles by name."""

    def problems(self, at: str, *, name: str, shares_account: bool) -> list[str]:
        out = _ranges(self, at, [("keep_tagged_images", 1, 1000), ("untagged_days", 1, 365)])
        for source in self.pull_from:
            if not ENVIRONMENT_NAME.fullmatch(source):
                out.append(f"{at}.pull_from entry {source!r} must be the name of a named environment, such as 'dev'")
            elif source == name:
                out.append(
                    f"{at}.pull_from names {name!r}, this environment itself: its own repositories need no entry"
                )
        if len(set(self.pull_from)) != len(self.pull_from):
            out.append(f"{at}.pull_from lists an environment more than once: remove the repeat")
        if self.enhanced_scanning and shares_account:
            out.append(
                f"{at}.enhanced_scanning is the account's registry setting, and this environment shares its "
                "account (shares_account_with): keep basic scan on push"
            )
        return out


@dataclass(frozen=True, kw_only=True)
class RepositoryFields:
    """A service's repository: the fields every kind of service has (``ServiceConfig``,
    ``TaskConfig``)."""

    repository: bool | None = None
    """Whether the service gets an ECR repository of its own (named after it); None: when its
    image is a platform repository reference (``<service>:1.2.3``, ``<service>@sha256:...``)."""

    @property
    def has_repository(self) -> bool:
        if self.repository is not None:
            return self.repository
        reference = self.repository_reference  # type: ignore[attr-defined]  # ContainerSpec's
        return reference is not None and reference.environment is None and reference.repository == self.name  # type: ignore[attr-defined]


def repositories(services: Sequence[ServiceSpec]) -> list[str]:
    """The logical names of the environment's repositories (the services that have one)."""
    return [spec.name for spec in services if spec.has_repository]


def image_repository_problems(services: Sequence[ServiceSpec], registry: RegistryConfig, at: str) -> list[str]:
    """Every image that names a platform repository names one this environment has (or one of an
    environment it pulls from), and a service that opts out of a repository does not run one."""
    out: list[str] = []
    have = repositories(services)
    for spec in services:
        reference = spec.repository_reference
        where = f"{at}[{spec.name}]"
        if reference is None:
            continue
        if reference.environment is None:
            if reference.repository == spec.name and spec.repository is False:
                out.append(
                    f"{where}.image {spec.image!r} is in its own repository, but repository is False: "
                    "set repository=True (or leave it unset), or name an external image"
                )
            elif reference.repository not in have:
                out.append(
                    f"{where}.image {spec.image!r} names repository {reference.repository!r}, which this "
                    f"environment does not have (its repositories: {', '.join(have) or 'none'})"
                )
        elif reference.environment not in registry.pull_from:
            out.append(
                f"{where}.image {spec.image!r} pulls from environment {reference.environment!r}, which "
                f"registry.pull_from does not list (it lists: {', '.join(registry.pull_from) or 'none'}): "
                "add it there to pull across environments"
            )
    return out
