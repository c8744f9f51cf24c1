"""A Fargate service: one container behind the load balancer's target group, in private
subnets without public IPs, spread over FARGATE and FARGATE_SPOT.

Two roles, each with only what it needs: the execution role (used by ECS to start the task)
writes this service's log group, pulls its image and reads exactly the secrets injected into
the container; the task role (used by the application) gets the statements the stack grants
it (``permissions``), built from the resources' ARNs. Deployments roll back on failure
(circuit breaker). The root filesystem is read-only; ``writable_paths`` get scratch volumes.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from environments.schema import ServiceConfig
from modules.context import AwsContext
from modules.ecs_cluster import strategy_entries
from modules.framework import Construct, Fn, TerraformResource, aws
from modules.iam import Condition, Statement, assume_role_policy, policy_json, via_service
from modules.lifecycle import lifecycle
from modules.log_group import LogGroup, LogGroupProps
from modules.security_group import allow_from_group

PRIVATE_ECR_IMAGE = re.compile(r"^(?P<account>\d{12})\.dkr\.ecr\.(?P<region>[a-z0-9-]+)\.amazonaws\.com/(?P<repo>[^:@]+)")


@dataclass(frozen=True, kw_only=True)
class ContainerSecret:
    """An environment variable filled from Secrets Manager when the task starts."""

    variable: str
    secret_arn: str
    json_key: str | None = None
    """Pick one key of a JSON secret (e.g. ``password`` of the Aurora master secret)."""
    kms_key_arn: str
    """The key that encrypts the secret: the execution role may decrypt with it, via Secrets Manager only."""


@dataclass(frozen=True, kw_only=True)
class FargateServiceProps:
    spec: ServiceConfig
    """The service section of the environment (image, size, capacity split, health checks, rollout, logs)."""
    name: str
    """ECS service name, also the container name and the task family."""
    execution_role_name: str
    task_role_name: str
    log_group_name: str
    cluster_arn: str
    subnet_ids: Sequence[str]
    """Private subnets."""
    security_group_id: str
    """The app tier's security group (egress already set by the network stack)."""
    load_balancer_security_group_id: str
    target_group_arn: str
    environment: Mapping[str, str] = field(default_factory=dict)
    """Variables the stack wires in (endpoints, table and queue names); ``spec.environment`` is
    added on top."""
    secrets: Sequence[ContainerSecret] = ()
    permissions: Sequence[Statement] = ()
    """Task-role statements (what the application may do), from the resources' grant helpers."""
    logs_kms_key_arn: str
    exec_kms_key_arn: str | None = None
    exec_log_group_arn: str | None = None
    """The cluster's ECS Exec audit log group, which the task writes session logs to."""
    after: Sequence[TerraformResource] = ()
    """Resources the service must wait for: the listener (rule) that attaches the target
    group to the load balancer, without which ECS refuses the service."""


class FargateService(Construct):
    """Attributes: ``service_name``, ``task_role_arn``, ``execution_role_arn``, ``log_group_name``."""

    def __init__(self, scope: Construct, id_: str, props: FargateServiceProps) -> None:
        super().__init__(scope, id_)
        context = AwsContext.of(self)
        self.log_group = LogGroup(self, "logs", LogGroupProps(
            name=props.log_group_name, retention_days=props.spec.log_retention_days, kms_key_arn=props.logs_kms_key_arn,
        ))
        trust = assume_role_policy(
            self, "ecs-tasks-trust", context.service_principal("ecs-tasks"),
            conditions=[Condition("StringEquals", "aws:SourceAccount", [context.account_id])],
        )
        execution_role = self._role("execution", props.execution_role_name, trust, self._execution_statements(props))
        task_role = self._role("task", props.task_role_name, trust, self._task_statements(props))

        task = aws.ecs_task_definition
        definition = task.EcsTaskDefinition(
            self,
            "task",
            family=props.name,
            cpu=str(props.spec.cpu),
            memory=str(props.spec.memory),
            network_mode="awsvpc",
            requires_compatibilities=["FARGATE"],
            runtime_platform=task.EcsTaskDefinitionRuntimePlatform(
                operating_system_family="LINUX", cpu_architecture="X86_64"),
            execution_role_arn=execution_role.arn,
            task_role_arn=task_role.arn,
            volume=[task.EcsTaskDefinitionVolume(name=_volume_name(path)) for path in props.spec.writable_paths] or None,
            container_definitions=Fn.jsonencode([self._container(props, context.region)]),
        )

        allow_from_group(self, "from-alb", target_id=props.security_group_id,
                         source_id=props.load_balancer_security_group_id, port=props.spec.container_port,
                         description="Load balancer to the service's containers")
        ecs = aws.ecs_service
        self.service = ecs.EcsService(
            self,
            "service",
            name=props.name,
            cluster=props.cluster_arn,
            task_definition=definition.arn,
            desired_count=props.spec.desired_count,
            capacity_provider_strategy=[
                ecs.EcsServiceCapacityProviderStrategy(capacity_provider=provider, base=base, weight=weight)
                for provider, base, weight in strategy_entries(props.spec.capacity)
            ],
            platform_version="LATEST",
            network_configuration=ecs.EcsServiceNetworkConfiguration(
                subnets=list(props.subnet_ids), security_groups=[props.security_group_id], assign_public_ip=False,
            ),
            load_balancer=[ecs.EcsServiceLoadBalancer(
                target_group_arn=props.target_group_arn, container_name=props.name,
                container_port=props.spec.container_port,
            )],
            health_check_grace_period_seconds=props.spec.health_check_grace_seconds,
            deployment_circuit_breaker=ecs.EcsServiceDeploymentCircuitBreaker(enable=True, rollback=True),
            deployment_minimum_healthy_percent=props.spec.min_healthy_percent,
            deployment_maximum_percent=props.spec.max_percent,
            enable_execute_command=props.spec.execute_command,
            enable_ecs_managed_tags=True,
            propagate_tags="SERVICE",
            wait_for_steady_state=False,
            lifecycle=lifecycle(ignore_changes=["desired_count"] if props.spec.autoscaling else ()),
            depends_on=list(props.after) or None,
        )
        self.service_name: str = self.service.name
        self.task_role_arn: str = task_role.arn
        self.execution_role_arn: str = execution_role.arn
        self.log_group_name: str = self.log_group.name

    def _container(self, props: FargateServiceProps, region: str) -> dict:
        container: dict = {
            "name": props.name,
            "image": props.spec.image,
            "essential": True,
            "readonlyRootFilesystem": True,
            "portMappings": [{"containerPort": props.spec.container_port, "protocol": "tcp"}],
            "environment": [{"name": k, "value": v}
                            for k, v in sorted({**props.environment, **props.spec.environment}.items())],
            "secrets": [
                {"name": s.variable,
                 "valueFrom": f"{s.secret_arn}:{s.json_key}::" if s.json_key else s.secret_arn}
                for s in props.secrets
            ],
            "mountPoints": [
                {"sourceVolume": _volume_name(path), "containerPath": path, "readOnly": False}
                for path in props.spec.writable_paths
            ],
            "logConfiguration": {
                "logDriver": "awslogs",
                "options": {
                    "awslogs-group": self.log_group.name,
                    "awslogs-region": region,
                    "awslogs-stream-prefix": props.name,
                },
            },
        }
        if props.spec.container_health_check:
            url = f"http://127.0.0.1:{props.spec.container_port}{props.spec.health_check.path}"
            container["healthCheck"] = {
                # The path is validated as a plain URL path and quoted all the same: config text
                # never reaches the shell unquoted.
                "command": ["CMD-SHELL", f"wget -q -O /dev/null {shlex.quote(url)} || exit 1"],
                "interval": 30, "timeout": 5, "retries": 3,
                "startPeriod": min(props.spec.health_check_grace_seconds, 300),
            }
        return container

    def _execution_statements(self, props: FargateServiceProps) -> list[Statement]:
        statements = [Statement(
            sid="WriteOwnLogs",
            actions=["logs:CreateLogStream", "logs:PutLogEvents"],
            resources=[f"{self.log_group.arn}:*"],
        )]
        context = AwsContext.of(self)
        image = PRIVATE_ECR_IMAGE.match(props.spec.image)
        if image:
            statements += [
                Statement(sid="EcrLogin", actions=["ecr:GetAuthorizationToken"], resources=["*"]),  # not resource-scoped
                Statement(sid="PullOwnImage",
                          actions=["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
                          resources=[f"arn:{context.partition}:ecr:{image['region']}:{image['account']}:repository/{image['repo']}"]),
            ]
        if props.secrets:
            statements += [
                Statement(sid="ReadInjectedSecrets", actions=["secretsmanager:GetSecretValue"],
                          resources=sorted({s.secret_arn for s in props.secrets})),
                Statement(sid="DecryptInjectedSecrets", actions=["kms:Decrypt"],
                          resources=sorted({s.kms_key_arn for s in props.secrets}),
                          conditions=[via_service(self, "secretsmanager")]),
            ]
        return statements

    def _task_statements(self, props: FargateServiceProps) -> list[Statement]:
        statements = list(props.permissions)
        if props.spec.execute_command:
            statements.append(Statement(
                sid="EcsExecChannels",  # Session Manager channels are not resource-scoped by AWS
                actions=["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel",
                         "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"],
                resources=["*"],
            ))
            if props.exec_kms_key_arn:
                statements.append(Statement(sid="EcsExecEncryption", actions=["kms:Decrypt"],
                                            resources=[props.exec_kms_key_arn]))
            if props.exec_log_group_arn:
                statements.append(Statement(
                    sid="EcsExecAuditLog", actions=["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                    resources=[props.exec_log_group_arn, f"{props.exec_log_group_arn}:*"],
                ))
        return statements

    def _role(self, id_: str, name: str, trust: str, statements: Sequence[Statement]) -> aws.iam_role.IamRole:
        role = aws.iam_role.IamRole(self, f"{id_}-role", name=name, assume_role_policy=trust)
        if statements:
            aws.iam_role_policy.IamRolePolicy(
                self, f"{id_}-policy", role=role.id, name=f"{id_}-least-privilege",
                policy=policy_json(self, f"{id_}-policy-document", statements),
            )
        return role


def _volume_name(path: str) -> str:
    return "scratch" + re.sub(r"[^a-z0-9]+", "-", path.lower()).rstrip("-")
