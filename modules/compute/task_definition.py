"""A Fargate task definition with its log group and its two roles: what every kind of service
(web, worker, scheduled) runs.

The execution role (used by ECS to start the task) writes this task's log group, pulls its
image and reads exactly the secrets injected into the container; the task role (used by the
application) gets the statements granted to it (``permissions``). The root filesystem is
read-only; ``writable_paths`` get scratch volumes. ``stopTimeout`` is the time between SIGTERM
and SIGKILL: FARGATE_SPOT's interruption warning is two minutes, so it is at most 120 s.

The ids of the resources inside are those ``FargateService`` always used, so a construct that
adds this one with the id ``Default`` (which CDKTF leaves out of logical ids) keeps its
resources' Terraform addresses.
"""

from __future__ import annotations

import dataclasses
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from environments.schema import TracingConfig
from environments.schema.services import ScheduledTaskConfig, WebServiceConfig, WorkerConfig
from modules.core.context import AwsContext
from modules.core.document import json_document
from modules.core.framework import Construct, aws
from modules.observability.log_group import LogGroup, LogGroupProps
from modules.observability.tracing import collector_container, traced_container, traced_variables, xray_statements
from modules.security.iam import Statement, role_policy, service_trust_policy, via_service
from modules.storage.file_system import MountedVolume


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
class ResolvedImage:
    """An image in one of the platform's repositories (``repository:tag`` in the configuration):
    its full reference, and the repository the execution role may pull from."""

    uri: str
    """``<registry>/<repository>:<tag>`` and/or ``@sha256:<digest>``."""
    repository_arn: str


@dataclass(frozen=True, kw_only=True)
class HealthCommand:
    """A container health check fetching ``url`` with ``wget`` (images with busybox/alpine)."""

    url: str
    start_period_seconds: int = 60


@dataclass(frozen=True, kw_only=True)
class TaskDefinitionProps:
    spec: WebServiceConfig | WorkerConfig | ScheduledTaskConfig
    """The service's section of the environment: image, command, size, stop timeout, writable
    paths, plain environment, log retention."""
    family: str
    """Task family, also the container's name (the ECS service's name)."""
    execution_role_name: str
    task_role_name: str
    log_group_name: str
    logs_kms_key_arn: str
    port: int | None = None
    """Container port to map (web services)."""
    health: HealthCommand | None = None
    environment: Mapping[str, str] = field(default_factory=dict)
    """Variables the stack wires in (endpoints, names); ``spec.environment`` is added on top."""
    secrets: Sequence[ContainerSecret] = ()
    permissions: Sequence[Statement] = ()
    """Task-role statements (what the application may do), from the grants."""
    image: ResolvedImage | None = None
    """The image when ``spec.image`` names a platform repository (resolved by the stack)."""
    mounts: Sequence[MountedVolume] = ()
    """Volumes of the file system the container mounts (the task role's grants come with them)."""
    tracing: TracingConfig | None = None
    """Run the collector sidecar (traces to X-Ray); None: no tracing."""


@dataclass(frozen=True, kw_only=True)
class TaskRunnerProps:
    """What every construct that runs a task definition takes for it and for where its tasks run
    (``FargateServiceProps``, ``WorkerServiceProps``, ``ScheduledTaskProps`` extend it);
    ``task_definition_props()`` turns it into the ``TaskDefinitionProps``."""

    spec: WebServiceConfig | WorkerConfig | ScheduledTaskConfig
    """The service's section of the environment (a subclass narrows it to its kind)."""
    name: str
    """ECS service (or schedule) name, task family and container name."""
    execution_role_name: str
    task_role_name: str
    log_group_name: str
    logs_kms_key_arn: str
    cluster_arn: str
    """The ECS cluster the tasks run on."""
    subnet_ids: Sequence[str]
    """Private subnets (no public IPs)."""
    security_group_id: str
    """The app tier's security group (egress already set by the network stack)."""
    environment: Mapping[str, str] = field(default_factory=dict)
    """Variables the stack wires in (endpoints, table and queue names); ``spec.environment`` is
    added on top."""
    secrets: Sequence[ContainerSecret] = ()
    permissions: Sequence[Statement] = ()
    """Task-role statements (what the application may do), from its grants."""
    image: ResolvedImage | None = None
    """The image when ``spec.image`` names a platform repository (resolved by the stack)."""
    own_security_group_id: str | None = None
    """The service's own security group, besides the app tier's: the one the declared calls to
    and from it (and the file system it mounts) name. None: it needs none."""
    registry_arn: str | None = None
    """Its Cloud Map registration (``<name>.<namespace>``) when it is discoverable."""
    mounts: Sequence[MountedVolume] = ()
    """Volumes of the file system it mounts (``permissions`` hold their grants)."""
    tracing: TracingConfig | None = None
    """The environment's collector sidecar when the service is traced (``spec.tracing``)."""

    @property
    def security_group_ids(self) -> list[str]:
        """The app tier's group and the service's own."""
        return [self.security_group_id, *([self.own_security_group_id] if self.own_security_group_id else [])]

    def task_definition_props(
        self,
        *,
        port: int | None = None,
        health: HealthCommand | None = None,
        more_permissions: Sequence[Statement] = (),
    ) -> TaskDefinitionProps:
        """The task definition of this service; ``more_permissions`` are added to the task role
        after ``permissions`` (a web service's ECS Exec statements)."""
        return TaskDefinitionProps(
            spec=self.spec,
            family=self.name,
            execution_role_name=self.execution_role_name,
            task_role_name=self.task_role_name,
            log_group_name=self.log_group_name,
            logs_kms_key_arn=self.logs_kms_key_arn,
            port=port,
            health=health,
            environment=self.environment,
            secrets=self.secrets,
            permissions=[*self.permissions, *more_permissions],
            image=self.image,
            mounts=self.mounts,
            tracing=self.tracing,
        )


class TaskDefinition(Construct):
    """Attributes: ``task_definition_arn``, ``family``, ``task_role_arn``, ``execution_role_arn``,
    ``task_role_name``, ``log_group`` (LogGroup)."""

    def __init__(self, scope: Construct, id_: str, props: TaskDefinitionProps) -> None:
        super().__init__(scope, id_)
        context = AwsContext.of(self)
        spec = props.spec
        self.log_group = LogGroup(
            self,
            "logs",
            LogGroupProps(
                name=props.log_group_name,
                retention_days=spec.log_retention_days,
                kms_key_arn=props.logs_kms_key_arn,
            ),
        )
        trust = service_trust_policy(self, "ecs-tasks-trust", "ecs-tasks")
        self.execution_role = self._role(
            "execution", props.execution_role_name, trust, self._execution_statements(props)
        )
        traced = props.tracing is not None
        self.task_role = self._role(
            "task", props.task_role_name, trust, [*props.permissions, *(xray_statements() if traced else [])]
        )
        task = aws.ecs_task_definition
        self.definition = task.EcsTaskDefinition(
            self,
            "task",
            family=props.family,
            cpu=str(spec.cpu),
            memory=str(spec.memory),
            network_mode="awsvpc",
            requires_compatibilities=["FARGATE"],
            runtime_platform=task.EcsTaskDefinitionRuntimePlatform(
                operating_system_family="LINUX", cpu_architecture="X86_64"
            ),
            execution_role_arn=self.execution_role.arn,
            task_role_arn=self.task_role.arn,
            volume=[
                *(task.EcsTaskDefinitionVolume(name=volume) for volume in spec.scratch_volumes.values()),
                *(
                    task.EcsTaskDefinitionVolume(
                        name=mount.volume,
                        efs_volume_configuration=task.EcsTaskDefinitionVolumeEfsVolumeConfiguration(
                            file_system_id=mount.file_system_id,
                            transit_encryption="ENABLED",
                            authorization_config=task.EcsTaskDefinitionVolumeEfsVolumeConfigurationAuthorizationConfig(
                                access_point_id=mount.access_point_id, iam="ENABLED"
                            ),
                        ),
                    )
                    for mount in props.mounts
                ),
            ]
            or None,
            container_definitions=json_document(self._containers(props, context.region)),
        )
        self.task_definition_arn: str = self.definition.arn
        self.family: str = self.definition.family
        self.task_role_arn: str = self.task_role.arn
        self.task_role_name: str = self.task_role.name
        self.execution_role_arn: str = self.execution_role.arn

    def _containers(self, props: TaskDefinitionProps, region: str) -> list[dict]:
        """The service's container, and beside it the collector sidecar when it is traced."""
        if props.tracing is None:
            return [self._container(props, region)]
        spec = props.spec
        variables = {**props.environment, **traced_variables(spec.name)}
        container = self._container(dataclasses.replace(props, environment=variables), region)
        return [
            traced_container(container, props.tracing, cpu=spec.cpu, memory=spec.memory),
            collector_container(props.tracing, log_group_name=self.log_group.log_group_name, region=region),
        ]

    def _container(self, props: TaskDefinitionProps, region: str) -> dict:
        spec = props.spec
        # What the platform injects wins or clashes loudly, never silently (validation says so
        # first, naming the field: Grants.variables).
        injected = [*props.environment, *(s.variable for s in props.secrets)]
        clashes = sorted({n for n in injected if injected.count(n) > 1} | (set(injected) & set(spec.environment)))
        if clashes:
            raise ValueError(
                f"{self.node.path}: {clashes[0]} is injected by the platform (a grant's variable or secret) and "
                "set again: remove it from the service's environment"
            )
        container: dict = {
            "name": props.family,
            "image": props.image.uri if props.image is not None else spec.image,
            "essential": True,
            "readonlyRootFilesystem": True,
            "stopTimeout": spec.stop_timeout_seconds,
            "environment": [
                {"name": k, "value": v} for k, v in sorted({**spec.environment, **props.environment}.items())
            ],
            "secrets": [
                {"name": s.variable, "valueFrom": f"{s.secret_arn}:{s.json_key}::" if s.json_key else s.secret_arn}
                for s in props.secrets
            ],
            "mountPoints": [
                *(
                    {"sourceVolume": volume, "containerPath": path, "readOnly": False}
                    for path, volume in spec.scratch_volumes.items()
                ),
                *(
                    {"sourceVolume": mount.volume, "containerPath": mount.path, "readOnly": mount.read_only}
                    for mount in props.mounts
                ),
            ],
            "logConfiguration": {
                "logDriver": "awslogs",
                "options": {
                    "awslogs-group": self.log_group.log_group_name,
                    "awslogs-region": region,
                    "awslogs-stream-prefix": props.family,
                },
            },
        }
        if spec.command:
            container["command"] = list(spec.command)
        if props.port is not None:
            mapping = {"containerPort": props.port, "protocol": "tcp"}
            container["portMappings"] = [mapping]
        if props.health is not None:
            container["healthCheck"] = {
                # The path is validated as a plain URL path and quoted all the same: config text
                # never reaches the shell unquoted.
                "command": ["CMD-SHELL", f"wget -q -O /dev/null {shlex.quote(props.health.url)} || exit 1"],
                "interval": 30,
                "timeout": 5,
                "retries": 3,
                "startPeriod": min(props.health.start_period_seconds, 300),
            }
        return container

    def _execution_statements(self, props: TaskDefinitionProps) -> list[Statement]:
        statements = [
            Statement(
                sid="WriteOwnLogs",
                actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                resources=[f"{self.log_group.log_group_arn}:*"],
            )
        ]
        image = props.spec.image_reference
        if props.image is not None:
            statements += [
                Statement(
                    sid="EcrLogin", actions=["ecr:GetAuthorizationToken"], resources=["*"]
                ),  # not resource-scoped
                Statement(
                    sid="PullOwnImage",
                    actions=["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
                    resources=[props.image.repository_arn],
                ),
            ]
        elif image is not None and image.ecr_account is not None:
            partition = AwsContext.of(self).partition
            statements += [
                Statement(
                    sid="EcrLogin", actions=["ecr:GetAuthorizationToken"], resources=["*"]
                ),  # not resource-scoped
                Statement(
                    sid="PullOwnImage",
                    actions=["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
                    resources=[
                        f"arn:{partition}:ecr:{image.ecr_region}:{image.ecr_account}:repository/{image.repository}"
                    ],
                ),
            ]
        if props.secrets:
            statements += [
                Statement(
                    sid="ReadInjectedSecrets",
                    actions=["secretsmanager:GetSecretValue"],
                    resources=sorted({s.secret_arn for s in props.secrets}),
                ),
                Statement(
                    sid="DecryptInjectedSecrets",
                    actions=["kms:Decrypt"],
                    resources=sorted({s.kms_key_arn for s in props.secrets}),
                    conditions=[via_service(self, "secretsmanager")],
                ),
            ]
        return statements

    def _role(self, id_: str, name: str, trust: str, statements: Sequence[Statement]) -> aws.iam_role.IamRole:
        role = aws.iam_role.IamRole(self, f"{id_}-role", name=name, assume_role_policy=trust)
        if statements:
            role_policy(
                self,
                f"{id_}-policy",
                role=role,
                name=f"{id_}-least-privilege",
                document_id=f"{id_}-policy-document",
                statements=statements,
            )
        return role
