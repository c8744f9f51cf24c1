"""The environment: every section, and the rules between them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from environments.names import name_problems
from environments.naming import NamingError, check_project, check_suffix
from environments.schema.alarms import AlarmsConfig
from environments.schema.broker import BrokerConfig
from environments.schema.cache import CacheConfig
from environments.schema.cdn import CdnConfig
from environments.schema.database import DatabaseConfig
from environments.schema.discovery import DiscoveryConfig, discovery_problems
from environments.schema.dns import DomainConfig
from environments.schema.email import EmailConfig
from environments.schema.emulator import EmulatorConfig
from environments.schema.files import FilesConfig, volume_problems
from environments.schema.formats import tag_problems
from environments.schema.functions import MAX_TIMEOUT, FunctionConfig, functions_problems
from environments.schema.http_api import HttpApiConfig, api_route_problems
from environments.schema.identity import IdentityConfig
from environments.schema.messaging import MessagingConfig
from environments.schema.network import NetworkConfig
from environments.schema.pipeline import PipelineConfig
from environments.schema.protection import ProtectionConfig
from environments.schema.registry import RegistryConfig, image_repository_problems
from environments.schema.rules import (
    ConfigError,
    _region,
)
from environments.schema.services import ServiceSpec, WebServiceConfig, services_problems, variable_clashes
from environments.schema.state import StateConfig
from environments.schema.tables import TableConfig
from environments.schema.tracing import TracingConfig, tracing_problems
from environments.schema.vms import VmConfig, vms_problems
from environments.typecheck import template_problems, type_problems

SUFFIX_TAG = "Suffix"
"""The identity tag naming a resource's suffix (a preview's role is held to its copies' by it)."""
IDENTITY_TAGS = ("Project", "Environment", SUFFIX_TAG, "Component", "ManagedBy", "Ephemeral")
"""Tags the platform sets on every resource (``identity_tags``), after the environment's own."""


@dataclass(frozen=True, kw_only=True)
class Environment:
    """Everything that differs between environments. Built by ``environments.load``."""

    name: str
    """The named environment this is (or derives from): local, dev, staging, prod."""
    suffix: str
    """Goes into every physical name and the state key; equals ``name`` unless ephemeral."""
    project: str = "platform"
    region: str = "eu-west-1"
    account_id: str | None = None
    """The AWS account (12 digits) this environment lives in: every AWS provider pins it with
    ``allowed_account_ids``, so other credentials fail at plan before anything is read or
    written. Required for every real environment; an emulator environment names the
    emulator's account."""
    copy_prefix: str | None = None
    """Whether ephemeral copies of this environment may exist, and what they are called:
    ``"pr"`` allows ``pr1`` ... ``pr99999999`` (the prefix and 1-8 digits). ``None``: this
    environment cannot be copied. Copy prefixes of different environments never start one
    another, so a suffix names exactly one environment."""
    ephemeral: bool = False
    """A short-lived copy (e.g. a pull request's ``pr1234``): always destroyable."""
    shares_account_with: tuple[str, ...] = ()
    """Named environments that may live in this one's account and region too. Their physical
    names never overlap (each carries its suffix), but account-wide settings would be shared, so
    two environments in one account and region are an error unless one of them says so here."""
    tags: Mapping[str, str] = field(default_factory=dict)
    """Extra tags on every resource (the provider's default_tags), in AWS's tag alphabet.
    ``CostCenter`` (``COST_TAG``) identifies the environment on the bill: no two named
    environments share its value. The identity tags (``IDENTITY_TAGS``) are the platform's:
    set last, never here."""
    network: NetworkConfig = field(default_factory=NetworkConfig)
    protection: ProtectionConfig = field(default_factory=ProtectionConfig)
    state: StateConfig = field(default_factory=StateConfig)
    database: DatabaseConfig = field(default_factory=DatabaseConfig)
    tables: tuple[TableConfig, ...] = ()
    messaging: MessagingConfig = field(default_factory=MessagingConfig)
    services: tuple[ServiceSpec, ...] = (WebServiceConfig(),)
    """The services this environment runs: web services behind the load balancer, queue workers
    and scheduled tasks (``environments/schema/services.py``), each with its own grants. The
    first web service keeps the construct ids of the time when there was only one service, and
    the shared cluster and load balancer take their settings from it (``service``)."""
    registry: RegistryConfig = field(default_factory=RegistryConfig)
    """The services' ECR repositories: lifecycle, scanning, and the environments this one
    pulls images from (``environments/schema/registry.py``)."""
    discovery: DiscoveryConfig = field(default_factory=DiscoveryConfig)
    """The private DNS namespace the discoverable services register in, and their calls
    (``environments/schema/discovery.py``)."""
    files: FilesConfig | None = None
    """The shared file system (EFS) and its volumes, which services mount by name; None: none
    (``environments/schema/files.py``)."""
    tracing: TracingConfig = field(default_factory=TracingConfig)
    """The OpenTelemetry collector sidecar of the services with ``tracing=True``
    (``environments/schema/tracing.py``)."""
    cdn: CdnConfig = field(default_factory=CdnConfig)
    domain: DomainConfig | None = None
    """The environment's own name (``dev.example.com``): TLS on every hop with ACM certificates,
    Route53 records. Required; see ``without_domain`` for the one way to go without."""
    without_domain: bool = False
    """Explicitly run without a domain (an unprotected environment only): viewers get only the
    ``*.cloudfront.net`` name and its default certificate (TLS 1.0+ negotiable), and CloudFront
    reaches the internal load balancer over plain HTTP inside AWS's network (no certificate can
    name it). The README's "Environments" section says what that gives up."""
    email: EmailConfig | None = None
    """Transactional e-mail from the environment's domain (SES; ``environments/schema/email.py``);
    None: none, and no service may be granted ``send_email``."""
    broker: BrokerConfig | None = None
    """An Amazon MQ for RabbitMQ broker (``environments/schema/broker.py``); None: none, and no
    service may be granted ``broker``."""
    alarms: AlarmsConfig = field(default_factory=AlarmsConfig)
    pipeline: PipelineConfig | None = None
    """The repository whose workflows deploy this environment, and the apply's limits (the
    ``ci-<suffix>`` stack's roles). Required."""
    emulator: EmulatorConfig | None = None
    """Set only for environments that run against a local AWS API."""
    functions: tuple[FunctionConfig, ...] = ()
    """Services AWS Lambda runs (``environments/schema/functions.py``): code from a folder of this
    repository, grants by logical name as the other services (service stack)."""
    vms: tuple[VmConfig, ...] = ()
    """Services EC2 Auto Scaling groups run (``environments/schema/vms.py``): a user-data file of
    this repository, routed on the shared load balancer as a web service (service stack)."""
    identity: IdentityConfig | None = None
    """Users: a Cognito user pool, its groups, app clients and hosted UI (identity stack)."""
    http_api: HttpApiConfig | None = None
    """The HTTP API front door (``environments/schema/http_api.py``); None: none, and no service
    or function may declare ``api_routes``."""
    cache: CacheConfig | None = None
    """ElastiCache for Valkey (data stack; ``environments/schema/cache.py``); None: none, and no
    service may be granted ``cache``."""

    def problems(self) -> list[str]:
        at = f"environments.{self.name}"
        # Types first: the rules below compare and parse values, which needs the right types.
        out: list[str] = type_problems(self, at) or template_problems(self, at)
        if out:
            return out
        for check in (check_project, check_suffix):
            try:
                check(self.project if check is check_project else self.suffix)
            except NamingError as error:
                out.append(str(error))
        names_ok = not out
        if names_ok:  # a malformed suffix is one line, not one per rule it also breaks
            out += self._choice_problems(at)
        region_problems = _region(self.region, f"{at}.region")
        out += region_problems
        if self.account_id is None and self.emulator is None:
            out.append(
                f"{at}.account_id is not set: name the AWS account this environment lives in "
                "(12 digits), so no other credentials can touch it"
            )
        elif self.account_id is not None and not re.fullmatch(r"[0-9]{12}", self.account_id, re.ASCII):
            out.append(f"{at}.account_id {self.account_id!r} must be 12 digits 0-9")
        out += tag_problems(dict(self.tags), f"{at}.tags", reserved=IDENTITY_TAGS)
        out += self.network.problems(f"{at}.network")
        if not region_problems:
            out += self.network.zone_problems(self.region, f"{at}.network")
        out += self.protection.problems(f"{at}.protection")
        out += self.state.problems(f"{at}.state", required=self.emulator is None)
        out += self.database.problems(f"{at}.database")
        names = [table.name for table in self.tables]
        if len(set(names)) != len(names):
            out.append(f"{at}.tables has duplicate names {sorted(names)}")
        for table in self.tables:
            out += table.problems(f"{at}.tables")
            if self.region in table.replica_regions:
                out.append(
                    f"{at}.tables[{table.name}].replica_regions entry {self.region!r} is the environment's own "
                    "region, where the table already is: list only other regions"
                )
        out += self.messaging.problems(f"{at}.messaging")
        queues = [q.name for t in self.messaging.topics for q in t.queues]
        out += variable_clashes(
            at, tables=[t.name for t in self.tables], queues=queues, topics=[t.name for t in self.messaging.topics]
        )
        out += services_problems(
            self.services,
            f"{at}.services",
            tables=[t.name for t in self.tables],
            queues=queues,
            topics=[t.name for t in self.messaging.topics],
            iam_auth=self.database.iam_auth,
            protected=self.protection.confirm,
            email=self.email is not None,
            broker=self.broker is not None,
            cache=self.cache is not None,
        )
        out += self.registry.problems(f"{at}.registry", name=self.name, shares_account=bool(self.shares_account_with))
        out += image_repository_problems(self.services, self.registry, f"{at}.services")
        out += self.discovery.problems(f"{at}.discovery")
        out += discovery_problems(self.services, f"{at}.services")
        if self.files is not None:
            out += self.files.problems(f"{at}.files")
        out += volume_problems(self.services, self.files, f"{at}.services")
        out += self.tracing.problems(f"{at}.tracing")
        out += tracing_problems(self.services, self.tracing, f"{at}.services")
        out += functions_problems(
            self.functions,
            f"{at}.functions",
            services=[s.name for s in self.services],
            tables=[t.name for t in self.tables],
            queues=queues,
            topics=[t.name for t in self.messaging.topics],
            iam_auth=self.database.iam_auth,
        )
        out += vms_problems(
            self.vms,
            f"{at}.vms",
            services=[s.name for s in self.services] + [f.name for f in self.functions],
            priorities={s.rule_priority(): s.name for s in self.services if isinstance(s, WebServiceConfig)},
            tables=[t.name for t in self.tables],
            queues=queues,
            topics=[t.name for t in self.messaging.topics],
            iam_auth=self.database.iam_auth,
        )
        out += self.cdn.problems(f"{at}.cdn")
        if names_ok:  # a copy's domain starts with its suffix
            out += self._domain_problems(at)
        if self.email is not None:
            out += self.email.problems(f"{at}.email")
            if self.domain is None and self.without_domain:  # no domain at all is its own line
                out.append(f"{at}.email needs the environment's domain (its records go into the zone): set domain")
        if self.broker is not None:
            out += self.broker.problems(f"{at}.broker")
        out += self.alarms.problems(f"{at}.alarms")
        if self.pipeline is None:
            out.append(
                f"{at}.pipeline is not set: set pipeline=PipelineConfig(repository='<owner>/<name>') "
                "(the GitHub repository whose workflows deploy it; environments/base.py sets it for all)"
            )
        else:
            out += self.pipeline.problems(f"{at}.pipeline")
        if self.emulator is not None:
            out += self.emulator.problems(f"{at}.emulator")
        if self.cache is not None:
            out += self.cache.problems(f"{at}.cache")
        if self.identity is not None:
            out += self.identity.problems(f"{at}.identity", https_only=self.emulator is None)
            if self.domain is not None and self.identity.auth_label == self.domain.origin_label:
                out.append(
                    f"{at}.identity.auth_label {self.identity.auth_label!r} is domain.origin_label too: choose another"
                )
        if self.http_api is not None:
            out += self.http_api.problems(f"{at}.http_api")
        identity = self.identity
        out += api_route_problems(
            [(f"services[{s.name}]", s, None) for s in self.services if isinstance(s, WebServiceConfig)]
            # a timeout beyond Lambda's own limit is its own line (functions_problems)
            + [
                (f"functions[{f.name}]", f, f.timeout_seconds if f.timeout_seconds <= MAX_TIMEOUT else None)
                for f in self.functions
            ],
            at,
            http_api=self.http_api is not None,
            groups=identity.groups if identity is not None else None,
            scopes=sorted({s for c in identity.clients for s in c.scopes}) if identity is not None else None,
        )
        if not out:  # every name is made from valid parts: now no two may be one
            out += name_problems(self, at)
        return out

    def identity_tags(self, component: str) -> dict[str, str]:
        """What says which environment, copy and component a resource belongs to: the provider
        sets these after ``tags``, so no environment can tag its resources as another's."""
        tags = {
            "Project": self.project,
            "Environment": self.name,
            SUFFIX_TAG: self.suffix,
            "Component": component,
            "ManagedBy": "cdktf",
        }
        if self.ephemeral:
            tags["Ephemeral"] = "true"
        return tags

    @property
    def service(self) -> WebServiceConfig:
        """The first web service: the shared ECS cluster and load balancer take their settings
        (Container Insights, ECS Exec audit retention, idle timeout, access-log retention) from it."""
        return next(s for s in self.services if isinstance(s, WebServiceConfig))

    @property
    def reviewed(self) -> bool:
        """Changes reach it only as reviewed saved plans (``make plan`` + ``make apply``, the deploy
        workflow): a named environment in an AWS account. ``make deploy`` (plan and apply in one go)
        is for the rest: the emulator's environment and ephemeral copies."""
        return not self.ephemeral and self.emulator is None

    def _domain_problems(self, at: str) -> list[str]:
        if self.domain is not None:
            if self.without_domain:
                return [f"{at}.without_domain is True but domain is set: remove one of them"]
            return self.domain.problems(f"{at}.domain")
        if self.protection.confirm:
            return [
                f"{at}.domain is not set: a protected environment (protection.confirm) serves its own "
                "domain with TLS on every hop; set domain=DomainConfig(name=..., zone=...)"
            ]
        if not self.without_domain:
            return [
                f"{at}.domain is not set: set domain=DomainConfig(name=..., zone=...), or without_domain=True "
                "to run on the *.cloudfront.net name without TLS to the origin (README, Environments)"
            ]
        return []

    def _choice_problems(self, at: str) -> list[str]:
        """A named environment's suffix is its name; a copy's is its base's prefix and digits."""
        if self.copy_prefix is not None and not re.fullmatch(r"[a-z]{1,4}", self.copy_prefix, re.ASCII):
            return [
                f"{at}.copy_prefix {self.copy_prefix!r} must be 1-4 letters a-z (copies are named <prefix><digits>)"
            ]
        if not self.ephemeral:
            if self.suffix != self.name:
                return [
                    f"{at}.suffix {self.suffix!r} must equal the environment's name {self.name!r} "
                    "(a named environment's suffix is reserved for it)"
                ]
            return []
        if self.copy_prefix is None:
            return [
                f"{self.name} cannot be copied (environments.{self.name}.copy_prefix is None): "
                f"deploy {self.name} itself, or copy an environment that allows copies"
            ]
        if not re.fullmatch(rf"{self.copy_prefix}[0-9]{{1,8}}", self.suffix, re.ASCII):
            return [
                f"ENVIRONMENT_SUFFIX {self.suffix!r} is not a name for a copy of {self.name}: use "
                f"{self.copy_prefix!r} and 1-8 digits, e.g. {self.copy_prefix}1234"
            ]
        return []

    def validate(self) -> Environment:
        problems = self.problems()
        if problems:
            raise ConfigError(problems)
        return self
