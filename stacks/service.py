"""``service-<suffix>``: the ECS cluster (FARGATE + FARGATE_SPOT), the internal ALB (HTTPS with a
regional certificate for ``<origin_label>.<domain>``, which an alias record names), and the
environment's services, built in a loop from ``environment.services``: web services behind the
ALB (``WebService``), queue workers (``WorkerService``) and scheduled tasks (``ScheduledTask``),
each with exactly the access its grants name (``service_access``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypedDict

from environments.naming import Kind
from environments.schema import (
    Environment,
    ScheduledTaskConfig,
    ServiceSpec,
    TracingConfig,
    WebServiceConfig,
    WorkerConfig,
)
from modules.compute.ecs_cluster import EcsCluster, EcsClusterProps
from modules.compute.scheduled_task import ScheduledTask, ScheduledTaskProps
from modules.compute.service_grants import Grantables, SiteBucket, service_access
from modules.compute.task_definition import ContainerSecret, ResolvedImage
from modules.compute.web_service import WebService, WebServiceProps
from modules.compute.worker_service import ConsumedQueue, WorkerService, WorkerServiceProps
from modules.core.context import AwsContext
from modules.core.framework import Construct, TerraformOutput
from modules.identity.user_pool import UserPool
from modules.network.certificate import Certificate, CertificateProps
from modules.network.load_balancer import LoadBalancer, LoadBalancerProps
from modules.observability.alarm import MetricAlarm, MetricAlarmProps
from modules.observability.dashboard import ServicePanel
from modules.observability.task_failure_alert import TaskFailureAlert, TaskFailureAlertProps
from modules.security.iam import Statement
from modules.storage.file_system import MountedVolume
from stacks.base import PlatformStack
from stacks.data import DataStack
from stacks.functions import build_functions
from stacks.messaging import MessagingStack
from stacks.network import NetworkStack
from stacks.service_api import ServiceApi
from stacks.service_broker import build_broker
from stacks.service_files import ServiceFiles
from stacks.service_network import ServiceNetwork
from stacks.service_registry import ServiceRegistry
from stacks.vms import build_vms


class _Runner(TypedDict):
    """A service's ``TaskRunnerProps`` but its spec: its names (ECS service or schedule and task
    family, roles, log group), where its tasks run, and its access (``service_access``)."""

    name: str
    execution_role_name: str
    task_role_name: str
    log_group_name: str
    logs_kms_key_arn: str
    cluster_arn: str
    subnet_ids: Sequence[str]
    security_group_id: str
    environment: Mapping[str, str]
    secrets: Sequence[ContainerSecret]
    permissions: Sequence[Statement]
    image: ResolvedImage | None
    own_security_group_id: str | None
    registry_arn: str | None
    mounts: Sequence[MountedVolume]
    tracing: TracingConfig | None


APP_DB_USER = "app"
"""PostgreSQL role a service granted ``database=("iam",)`` logs in as with an IAM token (created
by the app's migrations)."""
SITE_REGION = "us-east-1"
"""The site bucket's region: the edge stack's (CloudFront's home)."""


class ServiceStack(PlatformStack):
    """Attributes for later stacks: ``alb`` (LoadBalancer), ``api_origin_name`` (the name CloudFront
    connects to), ``zone`` (the network stack's DnsZone or None), ``cluster``, ``service`` (the
    first web service's FargateService), ``services`` (by logical name), ``panels`` (dashboard rows)."""

    def __init__(
        self,
        scope: Construct,
        environment: Environment,
        network: NetworkStack,
        data: DataStack,
        messaging: MessagingStack,
        user_pool: UserPool | None = None,
    ) -> None:
        super().__init__(scope, "service", environment)
        svc, protection, name = environment.service, environment.protection, self.namer.name

        self.key = self.kms_key(
            "service-key", "service", "ECS Exec sessions, the services' image repositories, the shared file system"
        )
        self.cluster = EcsCluster(
            self,
            "cluster",
            EcsClusterProps(
                spec=svc,
                name=name("cluster", Kind.ECS_CLUSTER),
                exec_kms_key_arn=self.key.key_arn,
                exec_log_group_name=name("ecs-exec", Kind.LOG_GROUP),
                logs_kms_key_arn=network.logs_key.key_arn,
            ),
        )
        domain, self.zone = environment.domain, network.zone
        certificate = None
        if domain is not None and self.zone is not None:
            # The name CloudFront connects to; the record resolves to the ALB's (private) addresses.
            certificate = Certificate(
                self, "origin-certificate", CertificateProps(domain_name=domain.origin_name, zone_id=self.zone.zone_id)
            )
        # With an HTTP API, CloudFront's API path goes to it and it reaches the load balancer
        # through its VPC link: the load balancer is internal and admits nothing of CloudFront.
        fronted = environment.http_api is not None
        internal = fronted or environment.cdn.api_origin == "vpc-origin"
        self.alb = LoadBalancer(
            self,
            "alb",
            LoadBalancerProps(
                spec=svc,
                protection=protection,
                name=name(svc.name, Kind.ALB),
                target_group_name=name(svc.name, Kind.TARGET_GROUP),
                security_group_name=name(f"{svc.name}-alb", Kind.SECURITY_GROUP),
                logs_bucket_name=self.namer.bucket(f"{svc.name}-alb-logs", AwsContext.of(self).account_id),
                vpc_id=network.vpc.vpc_id,
                subnet_ids=network.vpc.private_subnet_ids if internal else network.vpc.public_subnet_ids,
                internal=internal,
                admit_cloudfront=not fronted,
                certificate_arn=certificate.certificate_arn if certificate else None,
            ),
        )
        self.api_origin_name: str = self.alb.dns_name
        if domain is not None and self.zone is not None:
            [record] = self.zone.alias(
                "origin",
                name=domain.origin_name,
                target_dns_name=self.alb.dns_name,
                target_zone_id=self.alb.zone_id,
                ipv6=False,
                scope=self,
            )
            # The record's name, not the string: CloudFront (edge) then waits for the record.
            self.api_origin_name = record.fqdn

        self.grantables = Grantables(
            tables=data.tables,
            queues=messaging.queues,
            topics=messaging.topics,
            database=data.database,
            database_key_arn=data.database_key.key_arn,
            database_user=APP_DB_USER,
            site=SiteBucket(
                bucket_name=self.namer.bucket("site", AwsContext.of(self).account_id),
                region=SITE_REGION,
                key_alias=f"alias/{name('edge', Kind.KMS_ALIAS)}",
            ),
            email=messaging.email,
            cache=data.cache,
        )
        self._network, self._messaging = network, messaging
        self.registry = ServiceRegistry(self, messaging.alarm_topic.topic_arn, self.key.key_arn)
        """The services' ECR repositories, and their images resolved (``stacks/service_registry.py``)."""
        self.calls = ServiceNetwork(
            self, network.vpc.vpc_id, cache_group_id=data.cache.security_group_id if data.cache else None
        )
        """Own security groups, the namespace, registrations and declared calls (``stacks/service_network.py``)."""
        self.files = ServiceFiles(
            self, network.vpc.vpc_id, network.vpc.private_subnet_ids, self.calls.groups, self.key.key_arn
        )
        """The shared file system and the services' mounts (``stacks/service_files.py``)."""
        self.broker = build_broker(
            self,
            network.vpc.vpc_id,
            network.vpc.private_subnet_ids,
            self.calls.groups,
            self.key.key_arn,
            messaging.alarm_topic.topic_arn,
        )
        """The RabbitMQ broker (``stacks/service_broker.py``), or None."""
        self.grantables = dataclasses.replace(self.grantables, broker=self.broker)
        self._open_ports: set[int] = set()
        self.services: dict[str, Construct] = {}
        """Logical name -> WebService, WorkerService or ScheduledTask."""
        self.panels: list[ServicePanel] = []
        """The dashboard's service rows (edge stack)."""
        self._task_groups: list[str] = []
        """ECS task groups of the workers and scheduled jobs (their failed tasks are alerted)."""
        build: dict[str, Callable[[Any], None]] = {
            "web": self._web,
            "worker": self._worker,
            "scheduled": self._scheduled,
        }
        for spec in environment.services:
            build[spec.kind](spec)  # the one place that chooses a service's construct
        self.functions = build_functions(
            self,
            grantables=self.grantables,
            network=network,
            key=self.key,
            alarm_topic_arn=messaging.alarm_topic.topic_arn,
        )
        self.http_api = (
            ServiceApi(self, network, self.functions, user_pool, messaging.alarm_topic.topic_arn)
            if environment.http_api is not None
            else None
        )
        """The HTTP API front door (``stacks/service_api.py``), or None."""
        self.vms = build_vms(
            self,
            grantables=self.grantables,
            network=network,
            alb=self.alb,
            alarm_topic_arn=messaging.alarm_topic.topic_arn,
        )
        # One alarm for the load balancer itself, however many web services share it. At
        # alarms/elb-5xx: the Terraform address it had when the first web service (id Default)
        # made it, so a deployed environment keeps it rather than replacing an alarm of the same
        # name (a create and a delete of one name in one apply can leave none).
        MetricAlarm(
            Construct(self, "alarms"),
            "elb-5xx",
            MetricAlarmProps(
                name=self.namer.family(svc.name, Kind.ALARM)("elb-5xx"),
                description="Load balancer answered 5xx (no healthy target, timeouts)",
                namespace="AWS/ApplicationELB",
                metric="HTTPCode_ELB_5XX_Count",
                dimensions={"LoadBalancer": self.alb.load_balancer_arn_suffix},
                statistic="Sum",
                threshold=environment.alarms.alb_5xx_per_minute,
                alarm_topic_arn=messaging.alarm_topic.topic_arn,
            ),
        )
        if self._task_groups:
            TaskFailureAlert(
                self,
                "task-failures",
                TaskFailureAlertProps(
                    name=name("task-failed", Kind.EVENT_RULE),
                    cluster_arn=self.cluster.cluster_arn,
                    groups=self._task_groups,
                    topic_arn=messaging.alarm_topic.topic_arn,
                ),
            )
        TerraformOutput(self, "alb_dns_name", value=self.alb.dns_name, description="The load balancer's DNS name")
        TerraformOutput(self, "cluster_name", value=self.cluster.cluster_name)

    def _runner(self, spec: ServiceSpec, kind: Kind = Kind.ECS_SERVICE) -> _Runner:
        name = self.namer.name
        access = service_access(self, spec.name, spec.granted, self.grantables)
        return _Runner(
            name=name(spec.name, kind),
            execution_role_name=name(f"{spec.name}-execution", Kind.IAM_ROLE),
            task_role_name=name(f"{spec.name}-task", Kind.IAM_ROLE),
            log_group_name=name(spec.name, Kind.LOG_GROUP),
            logs_kms_key_arn=self._network.logs_key.key_arn,
            cluster_arn=self.cluster.cluster_arn,
            subnet_ids=self._network.vpc.private_subnet_ids,
            security_group_id=self._network.app_security_group.security_group_id,
            environment=access.environment,
            secrets=access.secrets,
            permissions=[*access.statements, *self.files.grants(spec)],
            image=self.registry.image(spec),
            own_security_group_id=self.calls.groups.get(spec.name),
            registry_arn=self.calls.registry_arns.get(spec.name),
            mounts=self.files.mounts(spec),
            tracing=self.environment.tracing if spec.tracing else None,
        )

    def _web(self, spec: WebServiceConfig) -> None:
        first = spec is self.environment.service
        # The first web service keeps the addresses of the time it was the only service.
        id_ = "Default" if first else spec.name
        route = (
            self.alb.default_route
            if first
            else self.alb.add_route(spec.name, spec, self.namer.name(spec.name, Kind.TARGET_GROUP))
        )
        opens = spec.container_port not in self._open_ports
        self._open_ports.add(spec.container_port)
        service = WebService(
            self,
            id_,
            WebServiceProps(
                spec=spec,
                **self._runner(spec),
                alarms=self.environment.alarms,
                alarm_name=self.namer.family(spec.name, Kind.ALARM),
                policy_name=self.namer.family(spec.name, Kind.SCALING_POLICY),
                cluster_name=self.cluster.cluster_name,
                route=route,
                load_balancer_arn_suffix=self.alb.load_balancer_arn_suffix,
                load_balancer_security_group_id=self.alb.security_group_id if opens else None,
                attachments=[self.alb.listener, route.rule] if route.rule is not None else [self.alb.listener],
                topic_arn=self._messaging.alarm_topic.topic_arn,
                exec_kms_key_arn=self.key.key_arn,
                exec_log_group_arn=self.cluster.exec_log_group.log_group_arn,
            ),
        )
        self.services[spec.name] = service
        if first:
            self.service = service.service
        self.panels.append(
            ServicePanel(
                name=spec.name,
                cluster_name=self.cluster.cluster_name,
                service_name=service.service_name,
                target_group_arn_suffix=route.target_group_arn_suffix,
            )
        )

    def _worker(self, spec: WorkerConfig) -> None:
        name = self.namer.name
        queues = {q.name: q for t in self.environment.messaging.topics for q in t.queues}
        worker = WorkerService(
            self,
            spec.name,
            WorkerServiceProps(
                spec=spec,
                **self._runner(spec),
                cluster_name=self.cluster.cluster_name,
                queues=[
                    ConsumedQueue(
                        logical_name=queues[q].base_name,
                        name=name(queues[q].base_name, Kind.SQS_QUEUE, fifo=queues[q].fifo),
                        dlq_name=name(queues[q].dlq_base_name, Kind.SQS_QUEUE, fifo=queues[q].fifo),
                        max_message_age_seconds=queues[q].max_message_age_seconds,
                    )
                    for q in spec.queues
                ],
                alarm_name=self.namer.family(spec.name, Kind.ALARM),
                policy_name=self.namer.family(spec.name, Kind.SCALING_POLICY),
            ),
        )
        self.services[spec.name] = worker
        self._task_groups.append(f"service:{name(spec.name, Kind.ECS_SERVICE)}")
        self.panels.append(
            ServicePanel(name=spec.name, cluster_name=self.cluster.cluster_name, service_name=worker.service_name)
        )

    def _scheduled(self, spec: ScheduledTaskConfig) -> None:
        name = self.namer.name
        # the schedule's name (64 characters at most) is the task family's too
        self.services[spec.name] = ScheduledTask(
            self,
            spec.name,
            ScheduledTaskProps(
                spec=spec,
                **self._runner(spec, Kind.SCHEDULE),
                protection=self.environment.protection,
                scheduler_role_name=name(f"{spec.name}-scheduler", Kind.IAM_ROLE),
                dlq_name=name(f"{spec.name}-schedule-dlq", Kind.SQS_QUEUE),
                kms_key_arn=self.key.key_arn,
                alarm_name=self.namer.family(spec.name, Kind.ALARM),
                topic_arn=self._messaging.alarm_topic.topic_arn,
            ),
        )
        self._task_groups.append(f"family:{name(spec.name, Kind.SCHEDULE)}")  # RunTask's default group
