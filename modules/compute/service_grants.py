"""What one service may touch, from its ``Grants`` (logical names) to IAM statements on exactly
those ARNs, the secrets injected into its container, and the variables that tell it where
those resources are.

Each grant uses the resource's own ``grant_*`` helper, so the statements (and the KMS key
statements with ``kms:ViaService``) are written once, next to the resource. A service sees
only what it was granted: a table it may not read is not even named in its environment.

A grant naming something that does not exist is refused by the environment's validation,
one line per name (``Grants.problems``); ``service_access`` says so again, in one line, if a
stack ever hands it a set of resources without the name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from environments.schema.services import Grants
from modules.compute.task_definition import ContainerSecret
from modules.core.context import AwsContext
from modules.core.framework import Construct
from modules.security.iam import Condition, Statement


class Readable(Protocol):
    table_name: str

    def grant_read(self, grantee: Construct) -> list[Statement]: ...
    def grant_read_write(self, grantee: Construct) -> list[Statement]: ...


class Consumable(Protocol):
    queue_url: str

    def grant_consume(self, grantee: Construct) -> list[Statement]: ...
    def grant_send(self, grantee: Construct) -> list[Statement]: ...


class Publishable(Protocol):
    topic_arn: str

    def grant_publish(self, grantee: Construct) -> list[Statement]: ...


class Connectable(Protocol):
    endpoint: str
    reader_endpoint: str
    port: int
    database_name: str
    master_secret_arn: str

    def grant_connect(self, grantee: Construct, db_user: str) -> list[Statement]: ...


class Brokered(Protocol):
    endpoint: str
    secret_arn: str
    kms_key_arn: str


class Sendable(Protocol):
    domain: str
    configuration_set_name: str

    def grant_send(self, grantee: Construct) -> list[Statement]: ...


class Cacheable(Protocol):
    endpoint: str
    reader_endpoint: str
    port: int
    users: Mapping[str, str]

    def grant_connect(self, grantee: Construct, service: str) -> list[Statement]: ...


@dataclass(frozen=True, kw_only=True)
class SiteBucket:
    """The static site's bucket, named rather than referenced: it lives in the edge stack,
    which is built after the services (and in CloudFront's region)."""

    bucket_name: str
    region: str
    key_alias: str
    """``alias/<project>-edge-<suffix>``: the key is matched by alias (``kms:ResourceAliases``)."""


@dataclass(frozen=True, kw_only=True)
class Grantables:
    """Everything of the environment a service could be granted, by logical name."""

    tables: Mapping[str, Readable] = field(default_factory=dict)
    queues: Mapping[str, Consumable] = field(default_factory=dict)
    topics: Mapping[str, Publishable] = field(default_factory=dict)
    database: Connectable | None = None
    database_key_arn: str | None = None
    """Encrypts the master secret (the execution role decrypts it through Secrets Manager)."""
    database_user: str = "app"
    """PostgreSQL role an ``iam`` grant may log in as."""
    site: SiteBucket | None = None
    email: Sendable | None = None
    """The environment's SES sending (``TransactionalEmail``), if it has one."""
    broker: Brokered | None = None
    """The environment's RabbitMQ broker (``Broker``), if it has one."""
    cache: Cacheable | None = None
    """The Valkey cache (``ValkeyCache``), if the environment has one."""


@dataclass(frozen=True)
class ServiceAccess:
    statements: list[Statement]
    """Task-role statements."""
    secrets: list[ContainerSecret]
    """Injected by the execution role."""
    environment: dict[str, str]
    """``TABLE_<NAME>``, ``QUEUE_<NAME>_URL``, ``TOPIC_<NAME>_ARN``, ``DB_*``, ``SITE_BUCKET``."""


class UnknownGrant(ValueError):
    """A grant names something the environment does not have."""


def service_access(grantee: Construct, service: str, grants: Grants, on: Grantables) -> ServiceAccess:
    """The statements, secrets and variables of ``grants`` for ``grantee`` (the service's construct)."""
    for section, names in grants.names().items():
        have = getattr(on, section)
        missing = [n for n in names if n not in have]
        if missing:
            raise UnknownGrant(
                f"service {service!r} is granted {section} {missing} that this environment does not "
                f"have (its {section}: {', '.join(sorted(have)) or 'none'})"
            )
    statements: list[Statement] = []
    environment: dict[str, str] = {}
    secrets: list[ContainerSecret] = []
    for name in grants.read_tables:
        statements += on.tables[name].grant_read(grantee)
    for name in grants.read_write_tables:
        statements += on.tables[name].grant_read_write(grantee)
    for name in (*grants.read_tables, *grants.read_write_tables):
        environment[grants.table_variable(name)] = on.tables[name].table_name
    for name in grants.consume_queues:
        statements += on.queues[name].grant_consume(grantee)
    for name in grants.send_queues:
        statements += on.queues[name].grant_send(grantee)
    for name in dict.fromkeys((*grants.consume_queues, *grants.send_queues)):
        environment[grants.queue_variable(name)] = on.queues[name].queue_url
    for name in grants.publish_topics:
        statements += on.topics[name].grant_publish(grantee)
        environment[grants.topic_variable(name)] = on.topics[name].topic_arn
    if grants.database:
        database = on.database
        if database is None:
            raise UnknownGrant(f"service {service!r} is granted the database, which this environment does not have")
        values = (database.endpoint, database.reader_endpoint, str(database.port), database.database_name)
        environment |= dict(zip(grants.DATABASE_VARIABLES, values, strict=True))
        if "iam" in grants.database:
            statements += database.grant_connect(grantee, on.database_user)
            environment[grants.IAM_USER_VARIABLE] = on.database_user
        if "secret" in grants.database:
            if on.database_key_arn is None:
                raise UnknownGrant(f"service {service!r}: the database's key is needed to inject its secret")
            secrets += [
                ContainerSecret(
                    variable=variable,
                    secret_arn=database.master_secret_arn,
                    json_key=key,
                    kms_key_arn=on.database_key_arn,
                )
                for variable, key in zip(grants.SECRET_VARIABLES, ("username", "password"), strict=True)
            ]
    if grants.site_bucket != "none":
        if on.site is None:
            raise UnknownGrant(f"service {service!r} is granted the site bucket, which this environment does not have")
        statements += site_statements(grantee, on.site, write=grants.site_bucket == "read-write")
        environment[grants.SITE_VARIABLE] = on.site.bucket_name
    if grants.send_email:
        if on.email is None:
            raise UnknownGrant(f"service {service!r} is granted send_email, but this environment has no email")
        statements += on.email.grant_send(grantee)
        sending = (on.email.domain, on.email.configuration_set_name)
        environment |= dict(zip(grants.EMAIL_VARIABLES, sending, strict=True))
    if grants.broker:
        if on.broker is None:
            raise UnknownGrant(f"service {service!r} is granted broker, but this environment has no broker")
        environment |= dict(zip(grants.BROKER_VARIABLES, (on.broker.endpoint,), strict=True))
        # the credentials only (no task-role statement): the execution role reads this one secret
        secrets += [
            ContainerSecret(
                variable=variable, secret_arn=on.broker.secret_arn, json_key=key, kms_key_arn=on.broker.kms_key_arn
            )
            for variable, key in zip(grants.BROKER_SECRET_VARIABLES, ("username", "password"), strict=True)
        ]
    if grants.cache:
        if on.cache is None or service not in on.cache.users:
            raise UnknownGrant(f"service {service!r} is granted the cache, but this environment has no cache for it")
        statements += on.cache.grant_connect(grantee, service)
        values = (on.cache.endpoint, on.cache.reader_endpoint, str(on.cache.port), on.cache.users[service])
        environment |= dict(zip(grants.CACHE_VARIABLES, values, strict=True))
    return ServiceAccess(statements=statements, secrets=secrets, environment=environment)


def site_statements(grantee: Construct, site: SiteBucket, *, write: bool) -> list[Statement]:
    """Objects of the site bucket (never its configuration), and its key through S3 only."""
    context = AwsContext.of(grantee)
    bucket_arn = f"arn:{context.partition}:s3:::{site.bucket_name}"
    actions = ["s3:GetObject"] + (["s3:PutObject", "s3:DeleteObject"] if write else [])
    key_actions = ["kms:Decrypt"] + (["kms:GenerateDataKey*"] if write else [])
    return [
        Statement(sid="SiteObjects", actions=actions, resources=[f"{bucket_arn}/*"]),
        Statement(sid="SiteList", actions=["s3:ListBucket"], resources=[bucket_arn]),
        Statement(
            sid="SiteKey",
            actions=key_actions,
            resources=[f"arn:{context.partition}:kms:{site.region}:{context.account_id}:key/*"],
            conditions=[
                Condition("ForAnyValue:StringEquals", "kms:ResourceAliases", [site.key_alias]),
                Condition("StringEquals", "kms:ViaService", [context.service_principal(f"s3.{site.region}")]),
            ],
        ),
    ]
