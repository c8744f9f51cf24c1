"""The alarms of a load-balanced ECS service: 5xx answers, unhealthy targets, slow responses,
CPU and memory pressure, and fewer running tasks than the configured minimum. All notify one
SNS topic. The load balancer's own 5xx (one alarm per load balancer, however many services
share it) is the service stack's. The 5xx and unhealthy-target alarms are also the service's deployment alarms
(``deployment_alarm_names``): a rollout that sets them off rolls back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from environments.schema import AlarmsConfig, ServiceConfig
from modules.core.framework import Construct
from modules.observability.alarm import Comparison, MetricAlarm, MetricAlarmProps, MissingData, Statistic


@dataclass(frozen=True, kw_only=True)
class ServiceAlarmsProps:
    spec: AlarmsConfig
    """The alarms section of the environment (thresholds)."""
    alarm_name: Callable[[str], str]
    """Names each alarm from what it watches (``Namer.family(<service>, Kind.ALARM)``)."""
    topic_arn: str
    cluster_name: str
    service_name: str
    """The service's name as configured (not the resource's attribute), so the service can
    depend on these alarms, which it names as its deployment alarms."""
    load_balancer_arn_suffix: str
    target_group_arn_suffix: str
    service: ServiceConfig
    """The service watched: its ``min_count`` is the task floor, and without
    ``container_insights`` running tasks are counted as healthy targets."""


class ServiceAlarms(Construct):
    """Attributes: ``alarms`` (the alarm resources), ``deployment_alarm_names``."""

    def __init__(self, scope: Construct, id_: str, props: ServiceAlarmsProps) -> None:
        super().__init__(scope, id_)
        self._props = props
        self.alarms: list = []
        targets = {"LoadBalancer": props.load_balancer_arn_suffix, "TargetGroup": props.target_group_arn_suffix}
        service = {"ClusterName": props.cluster_name, "ServiceName": props.service_name}
        target_5xx = self._alarm(
            "target-5xx",
            "The service answered 5xx",
            "AWS/ApplicationELB",
            "HTTPCode_Target_5XX_Count",
            targets,
            "Sum",
            props.spec.alb_5xx_per_minute,
        )
        unhealthy = self._alarm(
            "unhealthy-hosts",
            "Targets of the service fail their health check",
            "AWS/ApplicationELB",
            "UnHealthyHostCount",
            targets,
            "Maximum",
            0,
            periods=2,
        )
        self.deployment_alarm_names: list[str] = [target_5xx.alarm_name, unhealthy.alarm_name]
        self._alarm(
            "latency",
            f"Average response time above {props.spec.target_response_seconds}s",
            "AWS/ApplicationELB",
            "TargetResponseTime",
            targets,
            "Average",
            props.spec.target_response_seconds,
            periods=5,
        )
        self._alarm(
            "cpu",
            f"Service CPU above {props.spec.cpu_high_percent}%",
            "AWS/ECS",
            "CPUUtilization",
            service,
            "Average",
            props.spec.cpu_high_percent,
            periods=5,
        )
        self._alarm(
            "memory",
            f"Service memory above {props.spec.memory_high_percent}%",
            "AWS/ECS",
            "MemoryUtilization",
            service,
            "Average",
            props.spec.memory_high_percent,
            periods=5,
        )
        if props.service.min_count > 0:
            if props.service.container_insights:
                namespace, metric, dimensions = "ECS/ContainerInsights", "RunningTaskCount", service
            else:
                namespace, metric, dimensions = "AWS/ApplicationELB", "HealthyHostCount", targets
            self._alarm(
                "tasks-below-minimum",
                f"Fewer than {props.service.min_count} tasks running",
                namespace,
                metric,
                dimensions,
                "Minimum",
                props.service.min_count,
                comparison="LessThanThreshold",
                periods=3,
                missing="breaching",
            )

    def _alarm(
        self,
        id_: str,
        description: str,
        namespace: str,
        metric: str,
        dimensions: dict[str, str],
        statistic: Statistic,
        threshold: float,
        *,
        comparison: Comparison = "GreaterThanThreshold",
        periods: int = 1,
        missing: MissingData = "notBreaching",
    ) -> MetricAlarm:
        alarm = MetricAlarm(
            self,
            id_,
            MetricAlarmProps(
                name=self._props.alarm_name(id_),
                description=description,
                namespace=namespace,
                metric=metric,
                dimensions=dimensions,
                statistic=statistic,
                threshold=threshold,
                comparison=comparison,
                evaluation_periods=periods,
                treat_missing_data=missing,
                alarm_topic_arn=self._props.topic_arn,
            ),
        )
        self.alarms.append(alarm.alarm)
        return alarm
