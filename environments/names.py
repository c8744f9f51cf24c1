"""Every physical name an environment's stacks make, and who makes it: one registry, per stack
and kind, so a name chosen in configuration can be checked against all the others before
anything is synthesized.

The stacks make their names with the Namer (``environments/naming.py``) from fixed components
(``ecs-exec``, ``vpc-flow-logs``, ``db`` ...) and from the names configuration chooses (services,
tables, topics, queues, the state bucket and lock table). ``planned_names(environment)`` lists
both, each with the AWS namespace it lives in (an IAM role's name is unique in the account, an
alarm's in the account and region) and its owner: a configuration field (``services[db]``) or a
part of the platform (``Aurora's alarms``). ``name_problems`` refuses two owners of one name in
one namespace, with one line naming both. ``tests/environments/test_names.py`` keeps this
registry in step with the stacks: every name a synth of every tested environment makes is listed
here, under the same namespace.

Not listed, on purpose: names scoped to a parent that another owner cannot share (inline role
policies, scaling policies of one scalable target), DNS names (a domain's records and
certificates: the domain rules in ``environments/schema/dns.py`` and between environments), and
Name tags (a VPC's, which AWS does not keep unique).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from environments.naming import Kind, Namer, NamingError
from environments.schema.messaging import ALARM_TOPIC
from environments.schema.services import ScheduledTaskConfig, WebServiceConfig, WorkerConfig

if TYPE_CHECKING:  # the schema's Environment asks this module for its names
    from environments.schema.environment import Environment

GLOBAL = "global"
"""The region of a namespace that spans the account (IAM, CloudFront, dashboards) or the world (S3)."""
EDGE_REGION = "us-east-1"
"""The edge stack's region (``stacks/edge.py``): CloudFront's home."""

NAMESPACES: dict[str, bool] = {
    # namespace -> whether it spans every region
    "S3 bucket": True,
    "IAM role": True,
    "CloudFront origin access control": True,
    "CloudFront response headers policy": True,
    "CloudFront VPC origin": True,
    "CloudWatch dashboard": True,
    "CloudWatch alarm": False,
    "CloudWatch log group": False,
    "KMS alias": False,
    "SNS topic": False,
    "SQS queue": False,
    "DynamoDB table": False,
    "ECS cluster": False,
    "ECS service": False,
    "ECS task family": False,
    "EventBridge rule": False,
    "EventBridge schedule": False,
    "ECR repository": False,
    "EFS file system": False,
    "load balancer": False,
    "target group": False,
    "security group": False,
    "RDS cluster": False,
    "RDS instance": False,
    "DB subnet group": False,
    "DB cluster parameter group": False,
    "DB snapshot": False,
    "WAF web ACL": False,
    "SES configuration set": False,
    "Cognito user pool": False,
    "Lambda function": False,
    "Cognito domain": False,
    "HTTP API": False,
    "API Gateway VPC link": False,
    "Amazon MQ broker": False,
    "secret": False,
    "log resource policy": False,
    "EC2 launch template": False,
    "Auto Scaling group": False,
    "IAM instance profile": True,
    "ElastiCache replication group": False,
    "ElastiCache subnet group": False,
    "ElastiCache user group": False,
    "ElastiCache user": False,
    "ElastiCache snapshot": False,
    # Not AWS names: a construct's id is its Terraform address, and a stack cannot hold two
    # constructs of one id (the build stops with a traceback). Services and tables name theirs.
    "construct id (service stack)": True,
    "construct id (data stack)": True,
}
"""Where names must be unique. The ECS services share the environment's one cluster and the
security groups its one VPC, so within an environment both are as wide as their region."""


SERVICE_STACK_IDS = (
    "aws", "aws-context", "backend", "service-key", "cluster", "origin-certificate", "alb", "origin-a",
    "origin-aaaa", "Default", "alarms", "task-failures", "alb_dns_name", "cluster_name", "registry",
    "repository_urls", "service-groups", "discovery", "service_namespace", "files", "file_system_id",
    "broker", "broker_id",
)  # fmt: skip
"""The service stack's own construct ids (``stacks/base.py``, ``stacks/service.py``); every service
but the first (``Default``) is added under its name."""
DATA_STACK_IDS = (
    "aws", "aws-context", "backend", "database-key", "aurora", "tables-key", "database-alarms",
    "database_endpoint", "database_reader_endpoint", "database_secret_arn", "table_names",
    "cache-key", "cache", "cache-alarms", "cache_endpoint", "cache_reader_endpoint",
)  # fmt: skip
"""The data stack's own construct ids; each table adds ``table-<name>`` and ``table-<name>-alarms``."""


@dataclass(frozen=True)
class PlannedName:
    namespace: str
    region: str
    """The region the name lives in, or ``GLOBAL``."""
    name: str
    owner: str
    """``services[db]``, ``messaging.topics[orders].queues[x]``, ``state.lock_table`` for a name
    chosen in configuration; a description (``Aurora's alarms``) for the platform's own."""
    chosen: bool
    """Whether ``owner`` is a configuration field (a line about a clash names it first)."""


def planned_names(environment: Environment) -> list[PlannedName]:
    """Every physical name ``environment``'s stacks make (see the module docstring). Raises
    ``NamingError`` (from the Namer) naming the owner when a name cannot be made."""
    return list(_Planner(environment).names())


def name_problems(environment: Environment, at: str) -> list[str]:
    """One line for each pair of owners that would make one physical name in one namespace
    (the same account and region, or the same account for a global one)."""
    try:
        names = planned_names(environment)
    except _OwnerNamingError as error:
        return [f"{at}.{error.owner}: {error}" if error.chosen else f"{at}: {error}"]
    first: dict[tuple[str, str, str], PlannedName] = {}
    reported: set[frozenset[str]] = set()
    out: list[str] = []
    for planned in names:
        key = (planned.namespace, planned.region, planned.name)
        other = first.setdefault(key, planned)
        if other is planned or other.owner == planned.owner:
            continue
        pair = frozenset((other.owner, planned.owner))
        if pair in reported:
            continue
        reported.add(pair)
        subject, clash = (planned, other) if planned.chosen else (other, planned)
        where = "" if planned.region == GLOBAL else f" in {planned.region}"
        fix = "rename one of them" if clash.chosen else "choose another name"
        if subject.chosen:
            out.append(
                f"{at}.{subject.owner} would make the {planned.namespace} {planned.name!r}{where}, the same "
                f"as {clash.owner}: {fix}"
            )
        else:
            out.append(f"{at}: {subject.owner} and {clash.owner} both make the {planned.namespace} {planned.name!r}")
    return out


class _OwnerNamingError(NamingError):
    def __init__(self, message: str, owner: str, chosen: bool) -> None:
        super().__init__(message)
        self.owner, self.chosen = owner, chosen


class _Planner:
    """The stacks' naming, stack by stack, in the order ``stacks/__init__.py`` builds them."""

    def __init__(self, environment: Environment) -> None:
        self.environment = environment
        self.namer = Namer(environment.project, environment.suffix)
        self.region = environment.region
        self.account = environment.account_id or ""

    def _make(self, namespace: str, name: str, owner: str, chosen: bool, region: str | None) -> PlannedName:
        where = GLOBAL if NAMESPACES[namespace] else (region or self.region)
        return PlannedName(namespace=namespace, region=where, name=name, owner=owner, chosen=chosen)

    def name(
        self, namespace: str, component: str, kind: Kind, owner: str, *, chosen: bool = False, **options
    ) -> PlannedName:
        region = options.pop("region", None)
        try:
            made = self.namer.name(component, kind, **options)
        except NamingError as error:
            raise _OwnerNamingError(str(error), owner, chosen) from None
        return self._make(namespace, made, owner, chosen, region)

    def family(
        self,
        namespace: str,
        component: str,
        kind: Kind,
        whats: Iterable[str],
        owner: str,
        *,
        chosen: bool = False,
        **kw,
    ) -> Iterator[PlannedName]:
        for what in whats:
            yield self.name(namespace, f"{component}-{what}", kind, owner, chosen=chosen, **kw)

    def bucket(self, component: str, owner: str) -> PlannedName:
        made = self.namer.bucket(component, self.account)
        return self._make("S3 bucket", made, owner, False, None)

    def kms(self, component: str, owner: str, region: str | None = None) -> PlannedName:
        return self.name("KMS alias", component, Kind.KMS_ALIAS, owner, region=region)

    def names(self) -> Iterator[PlannedName]:
        yield from self.state()
        yield from self.ci()
        yield from self.network()
        yield from self.messaging()
        yield from self.data()
        yield from self.identity()
        yield from self.service()
        yield from self.edge()

    def state(self) -> Iterator[PlannedName]:
        # A copy has no state stack, but its stacks use its base's bucket and lock table: a name
        # of the copy's that equals one of them is a clash all the same.
        state = self.environment.state
        if state.bucket:
            yield self._make("S3 bucket", state.bucket, "state.bucket", True, None)
        if state.lock_table:
            yield self._make("DynamoDB table", state.lock_table, "state.lock_table", True, None)

    def ci(self) -> Iterator[PlannedName]:
        environment = self.environment
        if environment.ephemeral or environment.pipeline is None:
            return  # a copy's pipeline uses its base's roles
        for role in ("plan", "deploy", *(("preview",) if environment.copy_prefix else ())):
            yield self.name("IAM role", f"ci-{role}", Kind.IAM_ROLE, f"the pipeline's {role} role (ci stack)")

    def network(self) -> Iterator[PlannedName]:
        yield self.kms("logs", "the network stack's logs key")
        yield self.name("CloudWatch log group", "vpc-flow-logs", Kind.LOG_GROUP, "the VPC's flow logs")
        yield self.name("IAM role", "vpc-flow-logs", Kind.IAM_ROLE, "the VPC's flow logs")
        yield self.name("security group", "app", Kind.SECURITY_GROUP, "the app tier's security group")

    def messaging(self) -> Iterator[PlannedName]:
        messaging = self.environment.messaging
        yield self.kms("messaging", "the messaging stack's key")
        yield self.name("SNS topic", ALARM_TOPIC, Kind.SNS_TOPIC, "the alarm topic (messaging stack)")
        for topic in messaging.topics:
            owner = f"messaging.topics[{topic.name}]"
            yield self.name("SNS topic", topic.base_name, Kind.SNS_TOPIC, owner, chosen=True, fifo=topic.fifo)
            for queue in topic.queues:
                owner = f"messaging.topics[{topic.name}].queues[{queue.name}]"
                for base in (queue.base_name, queue.dlq_base_name):
                    yield self.name("SQS queue", base, Kind.SQS_QUEUE, owner, chosen=True, fifo=queue.fifo)
                whats = ("dlq-messages", "oldest-message")
                yield from self.family("CloudWatch alarm", queue.base_name, Kind.ALARM, whats, owner, chosen=True)
        if self.environment.email is not None:
            email = "e-mail (messaging stack)"
            yield self.name("SES configuration set", "email", Kind.SES_CONFIGURATION_SET, email)
            yield self.name("SNS topic", "email-events", Kind.SNS_TOPIC, email)
            yield from self.family("CloudWatch alarm", "email", Kind.ALARM, ("bounce-rate", "complaint-rate"), email)

    def data(self) -> Iterator[PlannedName]:
        environment = self.environment
        database, protection = environment.database, environment.protection
        aurora = "Aurora (data stack)"
        yield self.kms("database", "the database key")
        yield self.kms("tables", "the tables key")
        cluster = self.name("RDS cluster", "db", Kind.RDS_CLUSTER, aurora)
        yield cluster
        yield from self.family("RDS instance", "db", Kind.RDS_INSTANCE, map(str, range(database.instances)), aurora)
        yield self.name("DB subnet group", "db", Kind.RDS_SUBNET_GROUP, aurora)
        yield self.name("security group", "db", Kind.SECURITY_GROUP, aurora)
        yield self.name("DB cluster parameter group", "db", Kind.RDS_PARAMETER_GROUP, aurora)
        if protection.final_snapshot:
            yield self.name("DB snapshot", "db-final", Kind.RDS_SNAPSHOT, "Aurora's final snapshot")
        if database.enhanced_monitoring_seconds:
            yield self.name("IAM role", "db-monitoring", Kind.IAM_ROLE, "Aurora's monitoring role")
        yield self._make(
            "CloudWatch log group", f"/aws/rds/cluster/{cluster.name}/postgresql", "Aurora's log", False, None
        )
        construct = "construct id (data stack)"
        for id_ in DATA_STACK_IDS:
            yield self._make(construct, id_, "the data stack's own parts", False, None)
        for region in sorted({r for table in environment.tables for r in table.replica_regions}):
            yield self._make(construct, f"aws-{region.replace('-', '_')}", "a replica region's provider", False, None)
        for table in environment.tables:
            for id_ in (f"table-{table.name}", f"table-{table.name}-alarms"):
                yield self._make(construct, id_, f"tables[{table.name}]", True, None)
        alarms = ["cpu", "connections", "acu-utilization" if database.serverless else "freeable-memory"]
        alarms += ["replica-lag"] if database.instances > 1 else []
        yield from self.family("CloudWatch alarm", "db", Kind.ALARM, alarms, "Aurora's alarms (data stack)")
        for table in environment.tables:
            owner = f"tables[{table.name}]"
            for region in (self.region, *table.replica_regions):  # a global table's replicas share its name
                yield self.name("DynamoDB table", table.name, Kind.DYNAMODB_TABLE, owner, chosen=True, region=region)
            whats = ("throttles", "system-errors", *(f"replication-latency-{r}" for r in table.replica_regions))
            yield from self.family("CloudWatch alarm", table.name, Kind.ALARM, whats, owner, chosen=True)
        if environment.cache is not None:
            cache = "the Valkey cache (data stack)"
            yield self.kms("cache", "the cache key")
            group = self.name("ElastiCache replication group", "cache", Kind.CACHE_GROUP, cache)
            yield group
            yield self.name("ElastiCache subnet group", "cache", Kind.CACHE_SUBNET_GROUP, cache)
            yield self.name("ElastiCache user group", "cache", Kind.CACHE_GROUP, cache)
            yield self.name("ElastiCache user", "cache-default", Kind.CACHE_USER, cache)
            yield self.name("security group", "cache", Kind.SECURITY_GROUP, cache)
            yield self._make("CloudWatch log group", f"/aws/elasticache/{group.name}/slow-log", cache, False, None)
            if protection.final_snapshot:
                yield self.name("ElastiCache snapshot", "cache-final", Kind.CACHE_GROUP, cache)
            for spec in environment.services:
                if spec.granted.cache:
                    owner = f"services[{spec.name}]"
                    yield self.name("ElastiCache user", f"cache-{spec.name}", Kind.CACHE_USER, owner, chosen=True)
            nodes = [str(n) for n in range(1 + environment.cache.replicas)]
            checks = [f"{what}-{n}" for n in nodes for what in ("cpu", "memory", "evictions")]
            checks += [f"replication-lag-{n}" for n in nodes[1:]]
            yield from self.family("CloudWatch alarm", "cache", Kind.ALARM, checks, cache)

    def identity(self) -> Iterator[PlannedName]:
        environment = self.environment
        if environment.identity is None:
            return
        owner = "the user pool (identity stack)"
        yield self.name("Cognito user pool", "users", Kind.GENERIC, owner)
        if environment.domain is not None:  # the hosted UI's custom domain, a DNS name
            domain = f"{environment.identity.auth_label}.{environment.domain.name}"
            yield self._make("Cognito domain", domain, owner, False, None)
        else:  # Cognito's prefix domain
            prefix = self.namer.bucket("auth", self.account)
            yield self._make("Cognito domain", prefix, owner, False, None)

    def service(self) -> Iterator[PlannedName]:
        environment = self.environment
        first = environment.service
        yield self.kms("service", "the service stack's key")
        yield self.name("ECS cluster", "cluster", Kind.ECS_CLUSTER, "the ECS cluster")
        yield self.name("CloudWatch log group", "ecs-exec", Kind.LOG_GROUP, "the cluster's ECS Exec log")
        owner = f"services[{first.name}]"  # the load balancer takes its settings and names from it
        yield self.name("load balancer", first.name, Kind.ALB, owner, chosen=True)
        yield self.name("security group", f"{first.name}-alb", Kind.SECURITY_GROUP, owner, chosen=True)
        logs = self.bucket(f"{first.name}-alb-logs", owner)
        yield PlannedName(namespace=logs.namespace, region=GLOBAL, name=logs.name, owner=owner, chosen=True)
        yield self.name("CloudWatch alarm", f"{first.name}-elb-5xx", Kind.ALARM, owner, chosen=True)
        construct = "construct id (service stack)"
        for id_ in SERVICE_STACK_IDS:
            yield self._make(construct, id_, "the service stack's own parts", False, None)
        runs_tasks = False
        called = {callee for spec in environment.services for callee in spec.calls}
        own_groups = {
            s.name for s in environment.services if s.calls or s.name in called or bool(s.volumes) or s.granted.cache
        }
        alarms: list[str]
        for spec in environment.services:
            owner = f"services[{spec.name}]"
            if spec is not first:  # the first web service is "Default"
                yield self._make(construct, spec.name, owner, True, None)
            if isinstance(spec, ScheduledTaskConfig):
                runs_tasks = True
                yield self.name("EventBridge schedule", spec.name, Kind.SCHEDULE, owner, chosen=True)
                yield self.name("ECS task family", spec.name, Kind.SCHEDULE, owner, chosen=True)
                yield self.name("IAM role", f"{spec.name}-scheduler", Kind.IAM_ROLE, owner, chosen=True)
                yield self.name("SQS queue", f"{spec.name}-schedule-dlq", Kind.SQS_QUEUE, owner, chosen=True)
                alarms = ["missed-runs"]
            else:
                yield self.name("ECS service", spec.name, Kind.ECS_SERVICE, owner, chosen=True)
                yield self.name("ECS task family", spec.name, Kind.ECS_SERVICE, owner, chosen=True)
            if isinstance(spec, WebServiceConfig):
                yield self.name("target group", spec.name, Kind.TARGET_GROUP, owner, chosen=True)
                alarms = ["target-5xx", "unhealthy-hosts", "latency", "cpu", "memory"]
                alarms += ["tasks-below-minimum"] if spec.min_count > 0 else []
            if isinstance(spec, WorkerConfig):
                runs_tasks = True
                queues = {q.name: q for t in environment.messaging.topics for q in t.queues}
                alarms = [
                    f"{queues[q].base_name}-{what}" for q in spec.queues for what in ("dlq-growth", "oldest-message")
                ]
                alarms += ["backlog", "idle"] if spec.autoscaling else []
            yield self.name("CloudWatch log group", spec.name, Kind.LOG_GROUP, owner, chosen=True)
            for role in ("execution", "task"):
                yield self.name("IAM role", f"{spec.name}-{role}", Kind.IAM_ROLE, owner, chosen=True)
            yield from self.family("CloudWatch alarm", spec.name, Kind.ALARM, alarms, owner, chosen=True)
            if spec.has_repository:
                yield self.name("ECR repository", spec.name, Kind.ECR_REPOSITORY, owner, chosen=True)
            if spec.name in own_groups:
                yield self.name("security group", f"{spec.name}-tasks", Kind.SECURITY_GROUP, owner, chosen=True)
        if environment.files is not None:
            owner = "files (the shared file system)"
            yield self.name("EFS file system", "files", Kind.GENERIC, owner, chosen=True)
            yield self.name("security group", "files", Kind.SECURITY_GROUP, owner, chosen=True)
        if environment.broker is not None:
            owner = "broker (the RabbitMQ broker)"
            yield self.name("Amazon MQ broker", "broker", Kind.MQ_BROKER, owner)
            yield self.name("security group", "broker", Kind.SECURITY_GROUP, owner)
            yield self.name("secret", "broker-admin", Kind.SECRET, owner)
            yield self.name("log resource policy", "broker-logs", Kind.GENERIC, owner)
            broker_alarms = ("memory", "unacked", "queue-depth", "connections")
            yield from self.family("CloudWatch alarm", "broker", Kind.ALARM, broker_alarms, owner)
        if any(spec.has_repository for spec in environment.services):
            yield self.name("EventBridge rule", "image-findings", Kind.EVENT_RULE, "the image scan alert")
        if runs_tasks:
            yield self.name("EventBridge rule", "task-failed", Kind.EVENT_RULE, "the task-failure alert")
        for function in environment.functions:  # stacks/functions.py
            owner = f"functions[{function.name}]"
            yield self._make(construct, function.name, owner, True, None)
            yield self.name("Lambda function", function.name, Kind.LAMBDA, owner, chosen=True)
            own = f"{function.name}-function"
            yield self.name("IAM role", own, Kind.IAM_ROLE, owner, chosen=True)
            yield self.name("CloudWatch log group", own, Kind.LOG_GROUP, owner, chosen=True)
            yield self.name("security group", own, Kind.SECURITY_GROUP, owner, chosen=True)
            yield self.name("SQS queue", f"{own}-dlq", Kind.SQS_QUEUE, owner, chosen=True)
            whats = ("errors", "throttles", "duration")
            yield from self.family("CloudWatch alarm", function.name, Kind.ALARM, whats, owner, chosen=True)
        if environment.http_api is not None:  # stacks/service_api.py
            owner = "the HTTP API (service stack)"
            yield self._make("construct id (service stack)", "http-api", owner, False, None)
            yield self._make("construct id (service stack)", "http_api_url", owner, False, None)
            yield self.name("HTTP API", "http-api", Kind.GENERIC, owner)
            yield self.name("CloudWatch log group", "http-api", Kind.LOG_GROUP, owner)
            if any(
                isinstance(s, WebServiceConfig) and (s.api_routes or s.api_open_routes) for s in environment.services
            ):
                yield self.name("security group", "http-api-link", Kind.SECURITY_GROUP, owner)
                yield self.name("API Gateway VPC link", "http-api-link", Kind.SECURITY_GROUP, owner)
            yield from self.family("CloudWatch alarm", "http-api", Kind.ALARM, ("5xx",), owner)
        if environment.vms:  # stacks/vms.py
            yield self.kms("vms", "the vms' key")
            yield self._make(construct, "vms-key", "the vms' key", False, None)
        for vm in environment.vms:
            owner = f"vms[{vm.name}]"
            yield self._make(construct, vm.name, owner, True, None)
            yield self.name("Auto Scaling group", vm.name, Kind.AUTOSCALING_GROUP, owner, chosen=True)
            yield self.name("EC2 launch template", vm.name, Kind.LAUNCH_TEMPLATE, owner, chosen=True)
            yield self.name("target group", vm.name, Kind.TARGET_GROUP, owner, chosen=True)
            own = f"{vm.name}-vm"
            yield self.name("IAM role", own, Kind.IAM_ROLE, owner, chosen=True)
            yield self.name("IAM instance profile", own, Kind.IAM_ROLE, owner, chosen=True)
            yield self.name("security group", own, Kind.SECURITY_GROUP, owner, chosen=True)
            yield from self.family("CloudWatch alarm", vm.name, Kind.ALARM, ("unhealthy-hosts",), owner, chosen=True)

    def edge(self) -> Iterator[PlannedName]:
        environment, edge = self.environment, EDGE_REGION
        cdn = environment.cdn
        yield self.kms("edge", "the edge stack's key", region=edge)
        yield self.bucket("site", "the static site's bucket")
        if cdn.waf:
            waf = self.name("WAF web ACL", "edge-waf", Kind.WAF, "the web ACL", region=edge)
            yield waf
            yield self._make("CloudWatch log group", f"aws-waf-logs-{waf.name}", "the web ACL's log", False, edge)
        yield self.name("CloudFront origin access control", "edge-cdn", Kind.CLOUDFRONT, "CloudFront")
        if cdn.response_headers == "own-policy":
            yield self.name("CloudFront response headers policy", "edge-cdn", Kind.CLOUDFRONT, "CloudFront")
        if cdn.api_origin == "vpc-origin" and environment.http_api is None:
            yield self.name("CloudFront VPC origin", "edge-cdn", Kind.CLOUDFRONT, "CloudFront")
        if cdn.access_logs:
            yield self.bucket("edge-logs", "CloudFront's access logs")
        alarm_topic = "the edge stack's alarm topic (us-east-1)"
        yield self.name("SNS topic", f"edge-{ALARM_TOPIC}", Kind.SNS_TOPIC, alarm_topic, region=edge)
        yield self.name("CloudWatch alarm", "edge-cdn-5xx-rate", Kind.ALARM, "CloudFront's alarm", region=edge)
        yield self.name("CloudWatch dashboard", "dashboard", Kind.DASHBOARD, "the dashboard")
