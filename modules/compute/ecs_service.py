"""``ecs_service(...)``: the one way a long-running service (web or worker) is declared on the
cluster.

What every service shares is fixed here: the capacity provider strategy of ``spec.capacity``
(FARGATE and FARGATE_SPOT), the latest platform version, private subnets without public IPs in
the app security group, the circuit breaker with rollback, CloudWatch deployment alarms with
rollback, ECS-managed tags propagated from the service, no wait for a steady state, and
``desired_count`` left to autoscaling when it scales. What differs (the desired count, the
deployment percentages, the load balancer, ECS Exec, what it waits for) is passed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from modules.compute.ecs_cluster import strategy_entries
from modules.compute.task_definition import TaskRunnerProps
from modules.core.framework import Construct, TerraformResource, aws
from modules.core.lifecycle import lifecycle


@dataclass(frozen=True, kw_only=True)
class LoadBalancerTarget:
    """Registers the service's container (named after the service) in a target group."""

    target_group_arn: str
    container_port: int
    health_check_grace_seconds: int
    """Time a new task has before the load balancer's failed health checks count."""


def ecs_service(
    scope: Construct,
    id_: str,
    props: TaskRunnerProps,
    *,
    task_definition_arn: str,
    desired_count: int,
    deployment_alarm_names: Sequence[str],
    min_healthy_percent: int,
    max_percent: int,
    autoscaling: bool,
    load_balancer: LoadBalancerTarget | None = None,
    execute_command: bool | None = None,
    depends_on: Sequence[TerraformResource] = (),
) -> aws.ecs_service.EcsService:
    """An ECS service named ``props.name`` (also its container's name) running
    ``task_definition_arn`` on ``props.cluster_arn``, in ``props.subnet_ids`` and
    ``props.security_group_id``, on the capacity split of ``props.spec.capacity``.

    ``deployment_alarm_names``: CloudWatch alarms that roll a deployment back (none: no
    ``alarms`` block). ``autoscaling``: Terraform ignores ``desired_count`` after creation.
    ``execute_command``: None leaves ``enable_execute_command`` unset. ``depends_on``: what the
    service waits for (the listener rule attaching its target group, its deployment alarms).
    """
    ecs = aws.ecs_service
    return ecs.EcsService(
        scope,
        id_,
        name=props.name,
        cluster=props.cluster_arn,
        task_definition=task_definition_arn,
        desired_count=desired_count,
        capacity_provider_strategy=[
            ecs.EcsServiceCapacityProviderStrategy(capacity_provider=provider, base=base, weight=weight)
            for provider, base, weight in strategy_entries(props.spec.capacity)
        ],
        platform_version="LATEST",
        network_configuration=ecs.EcsServiceNetworkConfiguration(
            subnets=list(props.subnet_ids), security_groups=props.security_group_ids, assign_public_ip=False
        ),
        service_registries=ecs.EcsServiceServiceRegistries(registry_arn=props.registry_arn)
        if props.registry_arn
        else None,
        load_balancer=[
            ecs.EcsServiceLoadBalancer(
                target_group_arn=load_balancer.target_group_arn,
                container_name=props.name,
                container_port=load_balancer.container_port,
            )
        ]
        if load_balancer
        else None,
        health_check_grace_period_seconds=load_balancer.health_check_grace_seconds if load_balancer else None,
        deployment_circuit_breaker=ecs.EcsServiceDeploymentCircuitBreaker(enable=True, rollback=True),
        alarms=ecs.EcsServiceAlarms(alarm_names=list(deployment_alarm_names), enable=True, rollback=True)
        if deployment_alarm_names
        else None,
        deployment_minimum_healthy_percent=min_healthy_percent,
        deployment_maximum_percent=max_percent,
        enable_execute_command=execute_command,
        enable_ecs_managed_tags=True,
        propagate_tags="SERVICE",
        wait_for_steady_state=False,
        lifecycle=lifecycle(ignore_changes=["desired_count"] if autoscaling else ()),
        depends_on=list(depends_on) or None,
    )
