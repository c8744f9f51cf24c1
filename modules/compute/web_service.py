"""A web service: its Fargate service behind its route on the shared load balancer, target
tracking on CPU (and memory, requests per target when configured), and its alarms, whose 5xx
and unhealthy-target alarms roll a bad deployment back.

The parts keep the ids they had when the stack made them itself (``app``, ``autoscaling``,
``alarms``); the stack adds the first web service with the id ``Default``, which CDKTF leaves
out of logical ids, so that service's resources keep their Terraform addresses.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from environments.schema import AlarmsConfig, WebServiceConfig
from modules.compute.fargate_service import FargateService, FargateServiceProps
from modules.compute.service_alarms import ServiceAlarms, ServiceAlarmsProps
from modules.compute.service_autoscaling import ServiceAutoscaling, ServiceAutoscalingProps
from modules.compute.task_definition import TaskRunnerProps
from modules.core.framework import Construct, TerraformResource
from modules.network.web_route import WebRoute


@dataclass(frozen=True, kw_only=True)
class WebServiceProps(TaskRunnerProps):
    spec: WebServiceConfig
    alarms: AlarmsConfig
    """Alarm thresholds (``environment.alarms``)."""
    alarm_name: Callable[[str], str]
    policy_name: Callable[[str], str]
    cluster_name: str
    route: WebRoute
    """Its target group and listener rule (``LoadBalancer.default_route`` or ``add_route``)."""
    load_balancer_arn_suffix: str
    load_balancer_security_group_id: str | None
    """None when another web service on the same port opened it already."""
    attachments: Sequence[TerraformResource]
    """What attaches the route to the load balancer (the service waits for it)."""
    topic_arn: str
    exec_kms_key_arn: str | None = None
    exec_log_group_arn: str | None = None


class WebService(Construct):
    """Attributes: ``service`` (FargateService), ``service_name``, ``alarms`` (ServiceAlarms)."""

    def __init__(self, scope: Construct, id_: str, props: WebServiceProps) -> None:
        super().__init__(scope, id_)
        spec, route = props.spec, props.route
        # The alarms first: the service names them as its deployment alarms and waits for them.
        self.alarms = ServiceAlarms(
            self,
            "alarms",
            ServiceAlarmsProps(
                spec=props.alarms,
                service=spec,
                alarm_name=props.alarm_name,
                topic_arn=props.topic_arn,
                cluster_name=props.cluster_name,
                service_name=props.name,
                load_balancer_arn_suffix=props.load_balancer_arn_suffix,
                target_group_arn_suffix=route.target_group_arn_suffix,
            ),
        )
        self.service = FargateService(
            self,
            "app",
            FargateServiceProps(
                spec=spec,
                name=props.name,
                execution_role_name=props.execution_role_name,
                task_role_name=props.task_role_name,
                log_group_name=props.log_group_name,
                cluster_arn=props.cluster_arn,
                subnet_ids=props.subnet_ids,
                security_group_id=props.security_group_id,
                load_balancer_security_group_id=props.load_balancer_security_group_id,
                target_group_arn=route.target_group_arn,
                deployment_alarm_names=self.alarms.deployment_alarm_names,
                environment=props.environment,
                secrets=props.secrets,
                permissions=props.permissions,
                image=props.image,
                own_security_group_id=props.own_security_group_id,
                registry_arn=props.registry_arn,
                mounts=props.mounts,
                tracing=props.tracing,
                logs_kms_key_arn=props.logs_kms_key_arn,
                exec_kms_key_arn=props.exec_kms_key_arn,
                exec_log_group_arn=props.exec_log_group_arn,
                after=[*props.attachments, *self.alarms.alarms],
            ),
        )
        self.service_name: str = self.service.service_name
        if spec.autoscaling:
            ServiceAutoscaling(
                self,
                "autoscaling",
                ServiceAutoscalingProps(
                    spec=spec,
                    cluster_name=props.cluster_name,
                    service_name=self.service.service_name,
                    policy_name=props.policy_name,
                    request_resource_label=f"{props.load_balancer_arn_suffix}/{route.target_group_arn_suffix}",
                ),
            )
