"""``service-<suffix>``: the ECS cluster (FARGATE + FARGATE_SPOT), the API service behind an
internal ALB (HTTPS with a regional certificate for ``<origin_label>.<domain>``, which an alias
record names), its autoscaling and alarms."""

from __future__ import annotations

from environments.naming import Kind
from environments.schema import Environment
from modules.certificate import Certificate, CertificateProps
from modules.context import AwsContext
from modules.ecs_cluster import EcsCluster, EcsClusterProps
from modules.fargate_service import ContainerSecret, FargateService, FargateServiceProps
from modules.framework import Construct, TerraformOutput
from modules.load_balancer import LoadBalancer, LoadBalancerProps
from modules.service_alarms import ServiceAlarms, ServiceAlarmsProps
from modules.service_autoscaling import ServiceAutoscaling, ServiceAutoscalingProps
from stacks.base import PlatformStack
from stacks.data import DataStack
from stacks.messaging import MessagingStack
from stacks.network import NetworkStack

APP_DB_USER = "app"
"""PostgreSQL role the service may log in as with an IAM token (created by the app's migrations)."""


class ServiceStack(PlatformStack):
    """Attributes for later stacks: ``alb`` (LoadBalancer), ``api_origin_name`` (the name CloudFront
    connects to), ``zone`` (the network stack's DnsZone or None), ``cluster``, ``service``."""

    def __init__(self, scope: Construct, environment: Environment, network: NetworkStack, data: DataStack,
                 messaging: MessagingStack) -> None:
        super().__init__(scope, "service", environment)
        svc, protection, name = environment.service, environment.protection, self.namer.name

        self.key = self.kms_key("service-key", "service", "ECS Exec sessions")
        self.cluster = EcsCluster(self, "cluster", EcsClusterProps(
            spec=svc,
            name=name("cluster", Kind.ECS_CLUSTER),
            exec_kms_key_arn=self.key.key_arn,
            exec_log_group_name=name("ecs-exec", Kind.LOG_GROUP),
            logs_kms_key_arn=network.logs_key.key_arn,
        ))
        domain, self.zone = environment.domain, network.zone
        certificate = None
        if domain is not None and self.zone is not None:
            # The name CloudFront connects to; the record resolves to the ALB's (private) addresses.
            certificate = Certificate(self, "origin-certificate", CertificateProps(
                domain_name=domain.origin_name, zone_id=self.zone.zone_id))
        internal = environment.cdn.api_origin == "vpc-origin"
        self.alb = LoadBalancer(self, "alb", LoadBalancerProps(
            spec=svc,
            protection=protection,
            name=name(svc.name, Kind.ALB),
            target_group_name=name(svc.name, Kind.TARGET_GROUP),
            security_group_name=name(f"{svc.name}-alb", Kind.SECURITY_GROUP),
            logs_bucket_name=self.namer.bucket(f"{svc.name}-alb-logs", AwsContext.of(self).account_id),
            vpc_id=network.vpc.vpc_id,
            subnet_ids=network.vpc.private_subnet_ids if internal else network.vpc.public_subnet_ids,
            internal=internal,
            certificate_arn=certificate.certificate_arn if certificate else None,
        ))
        self.api_origin_name: str = self.alb.dns_name
        if domain is not None and self.zone is not None:
            [record] = self.zone.alias("origin", name=domain.origin_name, target_dns_name=self.alb.dns_name,
                                       target_zone_id=self.alb.zone_id, ipv6=False, scope=self)
            # The record's name, not the string: CloudFront (edge) then waits for the record.
            self.api_origin_name = record.fqdn

        database = data.database
        connection = {
            "DB_HOST": database.endpoint,
            "DB_READER_HOST": database.reader_endpoint,
            "DB_PORT": str(database.port),
            "DB_NAME": database.database_name,
            **{f"TABLE_{_env_name(n)}": t.table_name for n, t in data.tables.items()},
            **{f"TOPIC_{_env_name(n)}_ARN": t.topic_arn for n, t in messaging.topics.items()},
            **{f"QUEUE_{_env_name(n)}_URL": q.queue_url for n, q in messaging.queues.items()},
        }
        permissions = [
            *(database.grant_connect(self, APP_DB_USER) if environment.database.iam_auth else []),
            *(s for table in data.tables.values() for s in table.grant_read_write(self)),
            *(s for topic in messaging.topics.values() for s in topic.grant_publish(self)),
            *(s for queue in messaging.queues.values() for s in queue.grant_consume(self)),
        ]
        self.service = FargateService(self, "app", FargateServiceProps(
            spec=svc,
            name=name(svc.name, Kind.ECS_SERVICE),
            execution_role_name=name(f"{svc.name}-execution", Kind.IAM_ROLE),
            task_role_name=name(f"{svc.name}-task", Kind.IAM_ROLE),
            log_group_name=name(svc.name, Kind.LOG_GROUP),
            cluster_arn=self.cluster.cluster_arn,
            subnet_ids=network.vpc.private_subnet_ids,
            security_group_id=network.app_security_group.security_group_id,
            load_balancer_security_group_id=self.alb.security_group_id,
            target_group_arn=self.alb.target_group_arn,
            environment=connection,
            secrets=[
                ContainerSecret(variable="DB_USERNAME", secret_arn=database.master_secret_arn, json_key="username",
                                kms_key_arn=data.database_key.key_arn),
                ContainerSecret(variable="DB_PASSWORD", secret_arn=database.master_secret_arn, json_key="password",
                                kms_key_arn=data.database_key.key_arn),
            ],
            permissions=permissions,
            logs_kms_key_arn=network.logs_key.key_arn,
            exec_kms_key_arn=self.key.key_arn,
            exec_log_group_arn=self.cluster.exec_log_group.arn,
            after=self.alb.attachments,
        ))
        if svc.autoscaling:
            ServiceAutoscaling(self, "autoscaling", ServiceAutoscalingProps(
                spec=svc,
                cluster_name=self.cluster.cluster_name,
                service_name=self.service.service_name,
                policy_name=self.namer.family(svc.name, Kind.SCALING_POLICY),
                request_resource_label=f"{self.alb.arn_suffix}/{self.alb.target_group_arn_suffix}",
            ))
        ServiceAlarms(self, "alarms", ServiceAlarmsProps(
            spec=environment.alarms,
            service=svc,
            alarm_name=self.namer.family(svc.name, Kind.ALARM),
            topic_arn=messaging.alarm_topic.topic_arn,
            cluster_name=self.cluster.cluster_name,
            service_name=self.service.service_name,
            load_balancer_arn_suffix=self.alb.arn_suffix,
            target_group_arn_suffix=self.alb.target_group_arn_suffix,
        ))
        TerraformOutput(self, "alb_dns_name", value=self.alb.dns_name, description="The load balancer's DNS name")
        TerraformOutput(self, "cluster_name", value=self.cluster.cluster_name)


def _env_name(logical: str) -> str:
    """``order-processing.fifo`` -> ``ORDER_PROCESSING``."""
    return logical.removesuffix(".fifo").upper().replace("-", "_").replace(".", "_")
