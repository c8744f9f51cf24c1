"""The services an environment runs, as configuration: a tuple of web services, queue workers
and scheduled tasks, each with its image, size, capacity split and grants.

Three kinds, one spec type each:

- ``WebServiceConfig`` (``kind="web"``): behind the shared load balancer, reached through a
  listener rule (path and/or host patterns) whose priority is derived from the rule itself
  (``listener_priority``), target tracking on CPU and requests per target.
- ``WorkerConfig`` (``kind="worker"``): no load balancer; consumes named queues and scales on
  the backlog per task, down to ``min_count`` (0: scale to zero) when the queues are empty;
  FARGATE_SPOT by default.
- ``ScheduledTaskConfig`` (``kind="scheduled"``): an EventBridge Scheduler schedule (cron or
  rate, with a time zone) that runs the task on FARGATE_SPOT, with retries and a dead-letter
  queue; no long-running service.

What a service may touch is its ``grants``, by the logical names the environment already has
(tables, queues, topics, the database, the site bucket); a name that does not exist is one line
(``Grants.problems``).
"""

from __future__ import annotations

import dataclasses
import re
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol
from zoneinfo import available_timezones

from environments.schema.discovery import DiscoveryFields
from environments.schema.files import VolumeFields
from environments.schema.formats import ContainerSpec, pinned_image_problems, schedule_problems
from environments.schema.http_api import ApiRouteFields, alb_path_matches, parse_route
from environments.schema.registry import RepositoryFields
from environments.schema.rules import (
    PLATFORM_SECRETS,
    _between,
    _container_problems,
    _ranges,
    _retention,
)
from environments.schema.service import CapacityConfig, HealthCheckConfig, ServiceConfig
from environments.schema.tracing import TracingFields
from environments.typecheck import FREE_TEXT

SPOT_ONLY = CapacityConfig(on_demand_base=0, on_demand_weight=0, spot_weight=1)
MAX_STOP_TIMEOUT = 120
"""Fargate's limit for a container's ``stopTimeout``, and FARGATE_SPOT's two-minute warning."""
PRIORITY_BANDS = 200
"""Listener-rule priorities: ``band * PRIORITY_BANDS + slot + 1`` (at most 40,000 < 50,000)."""
PATH_PATTERN = re.compile(r"/[A-Za-z0-9_\-.$/~\"'@:+*?&=!,;%]{0,127}", re.ASCII)
HOST_PATTERN = re.compile(r"(?=.{1,128}$)[a-z0-9*?]([a-z0-9*?.-]*[a-z0-9*?])?", re.ASCII)


@dataclass(frozen=True, kw_only=True)
class Grants:
    """What one service's task role may touch, by logical name. Nothing is granted by default."""

    read_tables: tuple[str, ...] = ()
    """DynamoDB tables (``TableConfig.name``) it may read (items and indexes)."""
    read_write_tables: tuple[str, ...] = ()
    """Tables it may read and write items of (never manage)."""
    consume_queues: tuple[str, ...] = ()
    """Queues (``QueueConfig.name``) it may receive from and delete messages of."""
    send_queues: tuple[str, ...] = ()
    """Queues it may send messages to."""
    publish_topics: tuple[str, ...] = ()
    """SNS topics (``TopicConfig.name``) it may publish to."""
    database: tuple[Literal["secret", "iam"], ...] = ()
    """How it may connect to Aurora: ``secret`` injects the RDS-managed master credentials as
    ``DB_USERNAME``/``DB_PASSWORD`` (the execution role reads exactly that secret); ``iam``
    lets the task role connect as the application user with an IAM token
    (``database.iam_auth`` must be on)."""
    site_bucket: Literal["none", "read", "read-write"] = "none"
    """The static site's bucket (objects only; its key through S3 only)."""
    send_email: bool = False
    """Send e-mail through SES (``environment.email``): ``ses:SendEmail``/``SendRawEmail`` from
    the environment's domain only and through its configuration set only; the domain and the
    set's name reach it as ``EMAIL_DOMAIN`` and ``EMAIL_CONFIGURATION_SET``."""
    broker: bool = False
    """Connect to the RabbitMQ broker (``environment.broker``): its own security group is admitted
    on AMQPS, the ``amqps://`` endpoint reaches it as ``BROKER_ENDPOINT`` and the admin credentials
    as the secrets ``BROKER_USERNAME``/``BROKER_PASSWORD``."""
    cache: bool = False
    """Connect to the Valkey cache (``environment.cache``) over TLS as its own IAM-authenticated
    user (``elasticache:Connect`` on the group and that user only); the endpoints, port and user
    name reach it as ``CACHE_HOST``, ``CACHE_READER_HOST``, ``CACHE_PORT``, ``CACHE_USER``."""

    # The variables (and secrets) a grant puts into the container: named here, once, so the
    # construct that injects them and the rule that keeps configured variables off them agree.
    DATABASE_VARIABLES = ("DB_HOST", "DB_READER_HOST", "DB_PORT", "DB_NAME")
    IAM_USER_VARIABLE = "DB_IAM_USER"
    SECRET_VARIABLES = PLATFORM_SECRETS
    SITE_VARIABLE = "SITE_BUCKET"
    EMAIL_VARIABLES = ("EMAIL_DOMAIN", "EMAIL_CONFIGURATION_SET")
    BROKER_VARIABLES = ("BROKER_ENDPOINT",)
    BROKER_SECRET_VARIABLES = ("BROKER_USERNAME", "BROKER_PASSWORD")
    CACHE_VARIABLES = ("CACHE_HOST", "CACHE_READER_HOST", "CACHE_PORT", "CACHE_USER")

    @staticmethod
    def table_variable(table: str) -> str:
        """``orders`` -> ``TABLE_ORDERS``: the table's name, in a service granted it."""
        return f"TABLE_{_variable_part(table)}"

    @staticmethod
    def queue_variable(queue: str) -> str:
        """``order-processing.fifo`` -> ``QUEUE_ORDER_PROCESSING_URL``: the queue's URL."""
        return f"QUEUE_{_variable_part(queue)}_URL"

    @staticmethod
    def topic_variable(topic: str) -> str:
        """``orders`` -> ``TOPIC_ORDERS_ARN``: the topic's ARN."""
        return f"TOPIC_{_variable_part(topic)}_ARN"

    def variables(self) -> dict[str, str]:
        """Every variable and secret these grants inject -> what it names (``queue 'orders'``)."""
        out: dict[str, str] = {}
        for table in (*self.read_tables, *self.read_write_tables):
            out[self.table_variable(table)] = f"table {table!r}"
        for queue in (*self.consume_queues, *self.send_queues):
            out[self.queue_variable(queue)] = f"queue {queue!r}"
        for topic in self.publish_topics:
            out[self.topic_variable(topic)] = f"topic {topic!r}"
        if self.database:
            out |= dict.fromkeys(self.DATABASE_VARIABLES, "the database")
        if "iam" in self.database:
            out[self.IAM_USER_VARIABLE] = "the database (IAM)"
        if "secret" in self.database:
            out |= dict.fromkeys(self.SECRET_VARIABLES, "the database's secret")
        if self.site_bucket != "none":
            out[self.SITE_VARIABLE] = "the site bucket"
        if self.send_email:
            out |= dict.fromkeys(self.EMAIL_VARIABLES, "e-mail")
        if self.broker:
            out |= dict.fromkeys((*self.BROKER_VARIABLES, *self.BROKER_SECRET_VARIABLES), "the broker")
        if self.cache:
            out |= dict.fromkeys(self.CACHE_VARIABLES, "the cache")
        return out

    def names(self) -> dict[str, tuple[str, ...]]:
        """Every named grant, by the section of the environment the names live in."""
        return {
            "tables": self.read_tables + self.read_write_tables,
            "queues": self.consume_queues + self.send_queues,
            "topics": self.publish_topics,
        }

    def problems(
        self,
        at: str,
        *,
        tables: Sequence[str],
        queues: Sequence[str],
        topics: Sequence[str],
        iam_auth: bool,
        email: bool = False,
        broker: bool = False,
        cache: bool = False,
    ) -> list[str]:
        """One line for every grant naming something the environment does not have."""
        known = {"tables": tables, "queues": queues, "topics": topics}
        fields = {
            "tables": ("read_tables", "read_write_tables"),
            "queues": ("consume_queues", "send_queues"),
            "topics": ("publish_topics",),
        }
        out: list[str] = []
        for section, field_names in fields.items():
            for field_name in field_names:
                for name in getattr(self, field_name):
                    if name not in known[section]:
                        have = ", ".join(sorted(known[section])) or "none"
                        out.append(
                            f"{at}.{field_name} names {section[:-1]} {name!r}, which this environment "
                            f"does not have (its {section}: {have})"
                        )
        for field_name in (
            "read_tables",
            "read_write_tables",
            "consume_queues",
            "send_queues",
            "publish_topics",
            "database",
        ):
            values = getattr(self, field_name)
            if len(set(values)) != len(values):
                out.append(f"{at}.{field_name} lists a name more than once: remove the repeat")
        both = sorted(set(self.read_tables) & set(self.read_write_tables))
        if both:
            out.append(f"{at}: {both} are in read_tables and read_write_tables: keep them in one")
        if "iam" in self.database and not iam_auth:
            out.append(f"{at}.database has 'iam' but database.iam_auth is off: turn it on or use 'secret'")
        if self.send_email and not email:
            out.append(f"{at}.send_email is on but this environment has no email: set email=EmailConfig() or remove it")
        if self.broker and not broker:
            out.append(f"{at}.broker is on but this environment has no broker: set broker=BrokerConfig() or remove it")
        if self.cache and not cache:
            out.append(f"{at}.cache is on but this environment has no cache: set cache=CacheConfig() or remove it")
        return out


@dataclass(frozen=True, kw_only=True)
class TaskConfig(RepositoryFields, DiscoveryFields, VolumeFields, TracingFields, ContainerSpec):
    """What every kind of service has: one container on Fargate."""

    name: str
    """Logical name: the ECS service, task family, log group and roles are named after it."""
    image: str = "public.ecr.aws/docker/library/busybox:1.36"
    """Container image; pin a digest or an immutable tag in real environments."""
    command: tuple[str, ...] = field(default=(), metadata={FREE_TEXT: True})
    """The container's command, one argument per item; empty: the image's own (any printable
    text: rendered as data)."""
    cpu: int = 256
    memory: int = 512
    capacity: CapacityConfig = field(default_factory=lambda: SPOT_ONLY)
    """On-demand base and FARGATE/FARGATE_SPOT weights; workers and scheduled tasks default to
    FARGATE_SPOT only (interruptible work, retried from the queue or by the schedule)."""
    stop_timeout_seconds: int = MAX_STOP_TIMEOUT
    """Seconds between SIGTERM and SIGKILL (up to 120, FARGATE_SPOT's warning): time to finish
    the message in hand or return it to the queue."""
    environment: Mapping[str, str] = field(default_factory=dict, metadata={FREE_TEXT: True})
    """Plain, non-secret container environment (values: any printable text, rendered as data);
    a name the platform injects (``Grants``) is refused."""
    writable_paths: tuple[str, ...] = ("/tmp",)
    """The root filesystem is read-only; these paths get task-local scratch volumes."""
    log_retention_days: int = 30
    grants: Grants = field(default_factory=Grants)

    @property
    def granted(self) -> Grants:
        """Everything the service may touch (a worker's queues are consumed, so granted)."""
        return self.grants

    def task_problems(self, at: str) -> list[str]:
        out: list[str] = []
        out += _container_problems(self, at)
        out += self.capacity.problems(f"{at}.capacity")
        out += _between(self.stop_timeout_seconds, 2, MAX_STOP_TIMEOUT, f"{at}.stop_timeout_seconds", "s")
        out += _retention(self.log_retention_days, f"{at}.log_retention_days")
        return out


@dataclass(frozen=True, kw_only=True)
class WebServiceConfig(ApiRouteFields, ServiceConfig):
    """A web service: the ``ServiceConfig`` fields (image, size, counts, capacity, health
    check, target tracking on CPU and requests per target, deregistration delay) plus its
    route on the shared load balancer, its grants and its stop timeout."""

    kind: Literal["web"] = "web"
    path_patterns: tuple[str, ...] = ("/api/*",)
    """Paths this service answers (ALB path patterns: ``*`` and ``?`` wildcards). CloudFront
    forwards only ``cdn.api_path`` to the load balancer."""
    host_patterns: tuple[str, ...] = ()
    """Host names this service answers; empty: any host."""
    priority: int | None = None
    """The listener rule's priority; None: derived from the rule (``listener_priority``)."""
    stop_timeout_seconds: int = 30
    """Seconds between SIGTERM and SIGKILL (up to 120): at least the target group's
    ``deregistration_delay_seconds``, so a task drains before it is killed."""
    grants: Grants = field(default_factory=Grants)

    @property
    def granted(self) -> Grants:
        return self.grants

    def _route_problems(self, at: str) -> list[str]:
        """Its HTTP API routes reach it through the load balancer's listener with the API's own
        host and the request's path: its listener rule must take every one of them."""
        routes = (*self.api_routes, *self.api_open_routes)
        if routes and self.host_patterns:
            return [
                f"{at}.api_routes: the HTTP API forwards with its own host, which host_patterns "
                f"{list(self.host_patterns)} do not take: drop the routes or the host patterns"
            ]
        out: list[str] = []
        for route in routes:
            try:
                path = parse_route(route).path
            except ValueError:
                continue  # its own line (api_route_problems)
            if not any(alb_path_matches(pattern, path) for pattern in self.path_patterns):
                out.append(
                    f"{at}.api_routes entry {route!r} is outside path_patterns {list(self.path_patterns)}: the "
                    "load balancer would not send it to this service; add a matching pattern or change the route"
                )
        return out

    def rule_priority(self) -> int:
        """Its listener rule's priority: ``priority``, else derived from the rule (``listener_priority``)."""
        return listener_priority(self)

    def problems(self, at: str) -> list[str]:
        out = super().problems(at)
        if not self.path_patterns and not self.host_patterns:
            out.append(f"{at}: a web service needs path_patterns or host_patterns (its listener rule's condition)")
        if len(self.path_patterns) + len(self.host_patterns) > 5:
            out.append(
                f"{at}: path_patterns and host_patterns hold {len(self.path_patterns) + len(self.host_patterns)} "
                "values; a listener rule takes at most 5"
            )
        for pattern in self.path_patterns:
            if not PATH_PATTERN.fullmatch(pattern):
                out.append(
                    f"{at}.path_patterns entry {pattern!r} must be a path pattern like '/api/*' (up to 128 characters)"
                )
        for pattern in self.host_patterns:
            if not HOST_PATTERN.fullmatch(pattern):
                out.append(
                    f"{at}.host_patterns entry {pattern!r} must be a lowercase host pattern like 'api.example.com'"
                )
        out += self._route_problems(at)
        if self.priority is not None:
            out += _between(self.priority, 1, 50000, f"{at}.priority")
        out += _between(self.stop_timeout_seconds, 2, MAX_STOP_TIMEOUT, f"{at}.stop_timeout_seconds", "s")
        if self.deregistration_delay_seconds > self.stop_timeout_seconds:
            out.append(
                f"{at}.deregistration_delay_seconds ({self.deregistration_delay_seconds}) must fit inside "
                f"stop_timeout_seconds ({self.stop_timeout_seconds}): a Spot interruption kills the task "
                "before it has drained"
            )
        return out


@dataclass(frozen=True, kw_only=True)
class WorkerConfig(TaskConfig):
    """A queue worker: consumes ``queues`` (granted ``consume`` on each), scales on the backlog
    per task, and scales to zero when ``min_count`` is 0 and the queues are empty."""

    kind: Literal["worker"] = "worker"
    queues: tuple[str, ...]
    """The queues (``QueueConfig.name``) it consumes; their URLs reach it as ``QUEUE_<NAME>_URL``."""
    messages_per_task: int = 10
    """Backlog one task is expected to keep up with: the desired count is visible messages ÷
    this, rounded up, between ``min_count`` and ``max_count``."""
    min_count: int = 0
    """0: no task runs while the queues are empty (and nothing is in flight)."""
    max_count: int = 4
    idle_minutes: int = 5
    """Minutes the queues must be empty (nothing visible or in flight) before it scales to ``min_count``."""
    autoscaling: bool = True
    """Backlog scaling (off only for an AWS API without it: ``environments/local.py``); without it ``min_count``
    tasks run (at least one)."""
    port: int | None = None
    """A port its container listens on (an internal API besides the queue): with ``discoverable``,
    the services that declare a call to it reach it there. None: it listens on none."""

    @property
    def granted(self) -> Grants:
        consumed = tuple(dict.fromkeys((*self.grants.consume_queues, *self.queues)))
        return dataclasses.replace(self.grants, consume_queues=consumed)

    def problems(self, at: str) -> list[str]:
        out = self.task_problems(at)
        if not self.queues:
            out.append(f"{at}.queues is empty: a worker consumes at least one queue")
        if self.port is not None:
            out += _between(self.port, 1, 65535, f"{at}.port")
        if not 0 <= self.min_count <= self.max_count or self.max_count < 1:
            out.append(
                f"{at}: need 0 <= min_count ({self.min_count}) <= max_count ({self.max_count}) and max_count >= 1"
            )
        out += _ranges(
            self,
            at,
            [
                ("max_count", 1, 20),  # one scaling step per task: 20 steps at most
                ("messages_per_task", 1, 100000),
                ("idle_minutes", 1, 60),
            ],
        )
        return out


@dataclass(frozen=True, kw_only=True)
class ScheduledTaskConfig(TaskConfig):
    """A task EventBridge Scheduler runs on a schedule (no long-running service)."""

    kind: Literal["scheduled"] = "scheduled"
    schedule: str
    """``cron(minutes hours day-of-month month day-of-week year)``, ``rate(1 hour)`` or
    ``at(2030-01-01T00:00:00)`` (parsed: ``environments/schema/formats.py``)."""
    time_zone: str = "UTC"
    """IANA time zone of a cron expression, e.g. ``Europe/Dublin`` (daylight saving followed)."""
    retry_attempts: int = 2
    """Times Scheduler retries a run that could not start (0-185)."""
    max_event_age_seconds: int = 3600
    """A run that could not start within this many seconds goes to the dead-letter queue (60-86400)."""
    task_count: int = 1

    def problems(self, at: str) -> list[str]:
        out = self.task_problems(at)
        out += schedule_problems(self.schedule, f"{at}.schedule")
        if self.time_zone not in _time_zones():
            out.append(f"{at}.time_zone {self.time_zone!r} is not an IANA time zone such as 'UTC' or 'Europe/Dublin'")
        out += _ranges(
            self, at, [("retry_attempts", 0, 185), ("max_event_age_seconds", 60, 86400, "s"), ("task_count", 1, 10)]
        )
        return out


class Routed(Protocol):
    """What a listener rule and its target group read: a web service's or a vm's route."""

    @property
    def name(self) -> str: ...
    @property
    def container_port(self) -> int: ...
    @property
    def health_check(self) -> HealthCheckConfig: ...
    @property
    def deregistration_delay_seconds(self) -> int: ...
    @property
    def path_patterns(self) -> tuple[str, ...]: ...
    @property
    def host_patterns(self) -> tuple[str, ...]: ...
    @property
    def priority(self) -> int | None: ...

    def rule_priority(self) -> int: ...


ServiceSpec = WebServiceConfig | WorkerConfig | ScheduledTaskConfig
"""One entry of ``Environment.services``."""


def _variable_part(logical: str) -> str:
    """``order-processing.fifo`` -> ``ORDER_PROCESSING``."""
    return logical.removesuffix(".fifo").upper().replace("-", "_").replace(".", "_")


def platform_variables(*, tables: Sequence[str], queues: Sequence[str], topics: Sequence[str]) -> dict[str, str]:
    """Every variable a grant could inject in this environment -> what it names: the platform's
    namespace, which no configured variable may use."""
    everything = Grants(
        read_tables=tuple(tables),
        consume_queues=tuple(queues),
        publish_topics=tuple(topics),
        database=("secret", "iam"),
        site_bucket="read",
        send_email=True,
        broker=True,
        cache=True,
    )
    return everything.variables()


def variable_clashes(at: str, *, tables: Sequence[str], queues: Sequence[str], topics: Sequence[str]) -> list[str]:
    """Two resources whose variables would have one name (queues ``order-processing`` and
    ``order_processing`` both give ``QUEUE_ORDER_PROCESSING_URL``): one line each, at the section
    that declares them (``<at>.tables``, ``<at>.messaging``)."""
    out: list[str] = []
    for section, kind, names, variable in (
        ("tables", "table", tables, Grants.table_variable),
        ("messaging", "queue", queues, Grants.queue_variable),
        ("messaging", "topic", topics, Grants.topic_variable),
    ):
        seen: dict[str, str] = {}
        for name in names:
            if variable(name) in seen:
                out.append(
                    f"{at}.{section}: {kind}s {seen[variable(name)]!r} and {name!r} would both reach a granted "
                    f"service as {variable(name)}: rename one of them"
                )
            seen.setdefault(variable(name), name)
    return out


def listener_priority(spec: Routed) -> int:
    """The listener rule's priority: ``spec.priority`` when set, else derived from the rule.

    A rule with a host condition and a longer literal path prefix is more specific and gets a
    lower number (evaluated first): the band. Inside a band the slot is a CRC32 of the service
    name. So a priority depends only on the service's own rule and name: adding, removing or
    reordering other services never renumbers it (no rule update, no transient clash). Two
    services whose derived priorities meet are a configuration error (``route_problems``).
    """
    if spec.priority is not None:
        return spec.priority
    return _band(spec) * PRIORITY_BANDS + zlib.crc32(spec.name.encode()) % PRIORITY_BANDS + 1


def _band(spec: Routed) -> int:
    literal = min((len(re.split(r"[*?]", p, maxsplit=1, flags=re.ASCII)[0]) for p in spec.path_patterns), default=0)
    return (0 if spec.host_patterns else 100) + 99 - min(literal, 99)


def route_problems(services: Sequence[WebServiceConfig], at: str) -> list[str]:
    """No two web services on the same rule: distinct conditions and distinct priorities."""
    out: list[str] = []
    seen: dict[tuple, str] = {}
    priorities: dict[int, str] = {}
    for spec in services:
        condition = (tuple(sorted(spec.path_patterns)), tuple(sorted(spec.host_patterns)))
        if condition in seen:
            out.append(
                f"{at}[{spec.name}] routes the same paths and hosts as {seen[condition]!r}: "
                "two services cannot share a listener rule; change its path_patterns or host_patterns"
            )
        seen.setdefault(condition, spec.name)
        priority = listener_priority(spec)
        if priority in priorities:
            out.append(
                f"{at}[{spec.name}] gets listener priority {priority}, as {priorities[priority]!r} does: "
                "set priority on one of them"
            )
        priorities.setdefault(priority, spec.name)
    return out


def services_problems(
    services: Sequence[ServiceSpec],
    at: str,
    *,
    tables: Sequence[str],
    queues: Sequence[str],
    topics: Sequence[str],
    iam_auth: bool,
    protected: bool,
    email: bool = False,
    broker: bool = False,
    cache: bool = False,
) -> list[str]:
    """The rules between the services and the rest of the environment."""
    out: list[str] = []
    reserved = platform_variables(tables=tables, queues=queues, topics=topics)
    names = [s.name for s in services]
    for name in sorted({n for n in names if names.count(n) > 1}):
        out.append(f"{at}: {name!r} is the name of more than one service: service names must be unique")
    web = [s for s in services if isinstance(s, WebServiceConfig)]
    if not web:
        out.append(f"{at} has no web service: the load balancer needs one (kind 'web', e.g. the 'api')")
    out += route_problems(web, at)
    for spec in services:
        where = f"{at}[{spec.name}]"
        out += spec.problems(where)
        granted = spec.granted.variables()
        for key in spec.environment:
            if key in granted:
                out.append(
                    f"{where}.environment key {key!r} is set by the platform for its grant of {granted[key]}: "
                    "remove it (the granted value is the one the service gets)"
                )
            elif key in reserved:
                out.append(
                    f"{where}.environment key {key!r} is the platform's variable for {reserved[key]} (set only "
                    "by a grant): grant it, or name the variable otherwise"
                )
        out += spec.grants.problems(
            f"{where}.grants",
            tables=tables,
            queues=queues,
            topics=topics,
            iam_auth=iam_auth,
            email=email,
            broker=broker,
            cache=cache,
        )
        if isinstance(spec, WorkerConfig):
            out += [
                f"{where}.queues names {q!r}, which this environment does not have (its queues: "
                f"{', '.join(sorted(queues)) or 'none'})"
                for q in spec.queues
                if q not in queues
            ]
        if protected:
            out += pinned_image_problems(spec.image, f"{where}.image")
        if isinstance(spec, WebServiceConfig) and protected and spec.capacity.on_demand_base < 1:
            out.append(
                f"{where}.capacity.on_demand_base is 0 in a protected environment: keep at least one "
                "on-demand task so a wave of Spot interruptions never empties the service"
            )
    return out


_ZONES: frozenset[str] | None = None


def _time_zones() -> frozenset[str]:
    global _ZONES  # noqa: PLW0603 - read once, on first use
    if _ZONES is None:
        _ZONES = frozenset(available_timezones()) | {"UTC"}
    return _ZONES
