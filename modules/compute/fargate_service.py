"""A web service on Fargate: one container behind its target group on the shared load
balancer, in private subnets without public IPs, spread over FARGATE and FARGATE_SPOT.

The task definition and its two least-privilege roles are a ``TaskDefinition`` (added with the
id ``Default``, so the resources keep the addresses they had when they were made here).
Deployments roll back on failure twice over: the circuit breaker (tasks that never get
healthy) and CloudWatch deployment alarms (``deployment_alarm_names``: the service's 5xx and
unhealthy-host alarms), so a bad image that starts but answers errors rolls back by itself.
The container's ``stopTimeout`` gives a task time to drain when FARGATE_SPOT reclaims it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from environments.schema import WebServiceConfig
from modules.compute.ecs_service import LoadBalancerTarget, ecs_service
from modules.compute.task_definition import HealthCommand, TaskDefinition, TaskRunnerProps
from modules.core.framework import Construct, TerraformResource
from modules.security.iam import Statement
from modules.security.security_group import allow_from_group

__all__ = ["FargateService", "FargateServiceProps"]


@dataclass(frozen=True, kw_only=True)
class FargateServiceProps(TaskRunnerProps):
    spec: WebServiceConfig
    """The web service's section of the environment (image, size, capacity split, health checks, rollout, logs)."""
    load_balancer_security_group_id: str | None
    """Opens ``spec.container_port`` of the app tier to the load balancer; None when another web
    service on the same port has opened it already (one rule per port)."""
    target_group_arn: str
    deployment_alarm_names: Sequence[str] = ()
    """CloudWatch alarms that roll a deployment back (``alarms { rollback = true }``)."""
    exec_kms_key_arn: str | None = None
    exec_log_group_arn: str | None = None
    """The cluster's ECS Exec audit log group, which the task writes session logs to."""
    after: Sequence[TerraformResource] = ()
    """Resources the service must wait for: the listener rule that attaches the target group
    to the load balancer (without which ECS refuses the service), its deployment alarms."""


class FargateService(Construct):
    """Attributes: ``service_name``, ``task`` (TaskDefinition), ``task_role_arn``, ``execution_role_arn``."""

    def __init__(self, scope: Construct, id_: str, props: FargateServiceProps) -> None:
        super().__init__(scope, id_)
        spec = props.spec
        health = None
        if spec.container_health_check:
            health = HealthCommand(
                url=f"http://127.0.0.1:{spec.container_port}{spec.health_check.path}",
                start_period_seconds=spec.health_check_grace_seconds,
            )
        # "Default": CDKTF leaves it out of logical ids, so the log group, roles and task
        # definition keep the addresses they had when this construct made them itself.
        self.task = TaskDefinition(
            self,
            "Default",
            props.task_definition_props(
                port=spec.container_port, health=health, more_permissions=self._exec_statements(props)
            ),
        )
        if props.load_balancer_security_group_id is not None:
            allow_from_group(
                self,
                "from-alb",
                target_id=props.security_group_id,
                source_id=props.load_balancer_security_group_id,
                port=spec.container_port,
                description="Load balancer to the web services' containers",
            )
        self.service = ecs_service(
            self,
            "service",
            props,
            task_definition_arn=self.task.task_definition_arn,
            desired_count=spec.desired_count,
            load_balancer=LoadBalancerTarget(
                target_group_arn=props.target_group_arn,
                container_port=spec.container_port,
                health_check_grace_seconds=spec.health_check_grace_seconds,
            ),
            deployment_alarm_names=props.deployment_alarm_names,
            min_healthy_percent=spec.min_healthy_percent,
            max_percent=spec.max_percent,
            execute_command=spec.execute_command,
            autoscaling=spec.autoscaling,
            depends_on=props.after,
        )
        self.service_name: str = self.service.name
        self.task_role_arn: str = self.task.task_role_arn
        self.execution_role_arn: str = self.task.execution_role_arn
        self.log_group_name: str = self.task.log_group.log_group_name

    @staticmethod
    def _exec_statements(props: FargateServiceProps) -> list[Statement]:
        if not props.spec.execute_command:
            return []
        statements = [
            Statement(
                sid="EcsExecChannels",  # Session Manager channels are not resource-scoped by AWS
                actions=[
                    "ssmmessages:CreateControlChannel",
                    "ssmmessages:CreateDataChannel",
                    "ssmmessages:OpenControlChannel",
                    "ssmmessages:OpenDataChannel",
                ],
                resources=["*"],
            )
        ]
        if props.exec_kms_key_arn:
            statements.append(
                Statement(sid="EcsExecEncryption", actions=["kms:Decrypt"], resources=[props.exec_kms_key_arn])
            )
        if props.exec_log_group_arn:
            statements.append(
                Statement(
                    sid="EcsExecAuditLog",
                    actions=["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                    resources=[props.exec_log_group_arn, f"{props.exec_log_group_arn}:*"],
                )
            )
        return statements
