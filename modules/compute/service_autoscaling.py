"""Target-tracking autoscaling of an ECS service's task count: CPU always, memory and load
balancer requests per target when configured. Scale-out reacts fast, scale-in waits longer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from environments.schema import ServiceConfig
from modules.core.framework import Construct, aws


@dataclass(frozen=True, kw_only=True)
class ServiceAutoscalingProps:
    spec: ServiceConfig
    """The service section of the environment (task counts, scaling targets and cooldowns)."""
    cluster_name: str
    service_name: str
    policy_name: Callable[[str], str]
    """Names each policy from its metric, ``cpu``, ``memory``, ``requests``
    (``Namer.family(<service>, Kind.SCALING_POLICY)``)."""
    request_resource_label: str | None = None
    """``<alb arn suffix>/<target group arn suffix>``; needed with ``requests_per_target``."""


class ServiceAutoscaling(Construct):
    def __init__(self, scope: Construct, id_: str, props: ServiceAutoscalingProps) -> None:
        super().__init__(scope, id_)
        self.target = aws.appautoscaling_target.AppautoscalingTarget(
            self,
            "target",
            service_namespace="ecs",
            resource_id=f"service/{props.cluster_name}/{props.service_name}",
            scalable_dimension="ecs:service:DesiredCount",
            min_capacity=props.spec.min_count,
            max_capacity=props.spec.max_count,
        )
        self._track(props, "cpu", "ECSServiceAverageCPUUtilization", props.spec.cpu_target_percent)
        if props.spec.memory_target_percent is not None:
            self._track(props, "memory", "ECSServiceAverageMemoryUtilization", props.spec.memory_target_percent)
        if props.spec.requests_per_target is not None:
            if not props.request_resource_label:
                raise ValueError(f"{self.node.path}: requests_per_target needs request_resource_label")
            self._track(
                props,
                "requests",
                "ALBRequestCountPerTarget",
                props.spec.requests_per_target,
                resource_label=props.request_resource_label,
            )

    def _track(
        self, props: ServiceAutoscalingProps, id_: str, metric: str, target: int, resource_label: str | None = None
    ) -> None:
        policy = aws.appautoscaling_policy
        policy.AppautoscalingPolicy(
            self,
            id_,
            name=props.policy_name(id_),
            policy_type="TargetTrackingScaling",
            service_namespace=self.target.service_namespace,
            resource_id=self.target.resource_id,
            scalable_dimension=self.target.scalable_dimension,
            target_tracking_scaling_policy_configuration=policy.AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration(
                target_value=target,
                scale_in_cooldown=props.spec.scale_in_cooldown_seconds,
                scale_out_cooldown=props.spec.scale_out_cooldown_seconds,
                predefined_metric_specification=policy.AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecification(
                    predefined_metric_type=metric,
                    resource_label=resource_label,
                ),
            ),
        )
