"""One web service's way in through the shared load balancer: its IP target group (health
check, deregistration delay) and a listener rule forwarding its path and/or host patterns to it.

The rule's priority is ``spec.rule_priority()``: derived from the rule itself (more
specific rules first) and the service's name, never from the service's position among the
others, so adding or removing a service never renumbers another's rule; the environment's
validation refuses two services on the same rule or the same priority.

The target group's id is ``targets``, as it was inside ``LoadBalancer`` when the load balancer
had one service: added with the id ``Default`` (which CDKTF leaves out of logical ids) under the
load balancer, the first web service's target group keeps its Terraform address.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from environments.schema.services import WebServiceConfig
from environments.schema.vms import VmConfig
from modules.core.framework import Construct, aws


@dataclass(frozen=True, kw_only=True)
class WebRouteProps:
    spec: WebServiceConfig | VmConfig
    """Port, health check, deregistration delay, path and host patterns, priority (a web
    service's or a vm's)."""
    target_group_name: str
    vpc_id: str
    target_type: Literal["ip", "instance"] = "ip"
    """``ip`` for Fargate tasks; ``instance`` for an Auto Scaling group's instances (a vm)."""


class WebRoute(Construct):
    """Attributes: ``target_group_arn``, ``target_group_arn_suffix``, ``priority``, ``rule``
    (after ``attach``). The target group comes first and the rule once the listener exists
    (``attach``): the listener's default action forwards to the first web service's group."""

    def __init__(self, scope: Construct, id_: str, props: WebRouteProps) -> None:
        super().__init__(scope, id_)
        spec, health = props.spec, props.spec.health_check
        self.target_group = aws.lb_target_group.LbTargetGroup(
            self,
            "targets",
            name=props.target_group_name,
            port=spec.container_port,
            protocol="HTTP",
            target_type=props.target_type,
            vpc_id=props.vpc_id,
            deregistration_delay=str(spec.deregistration_delay_seconds),
            health_check=aws.lb_target_group.LbTargetGroupHealthCheck(
                enabled=True,
                path=health.path,
                protocol="HTTP",
                matcher=health.matcher,
                interval=health.interval_seconds,
                timeout=health.timeout_seconds,
                healthy_threshold=health.healthy_threshold,
                unhealthy_threshold=health.unhealthy_threshold,
            ),
        )
        self._spec = spec
        self.priority: int = spec.rule_priority()
        self.target_group_arn: str = self.target_group.arn
        self.target_group_arn_suffix: str = self.target_group.arn_suffix
        self.rule: aws.lb_listener_rule.LbListenerRule | None = None

    def attach(self, listener_arn: str) -> aws.lb_listener_rule.LbListenerRule:
        """The listener rule forwarding this service's paths and hosts to its target group."""
        if self.rule is not None:
            raise RuntimeError(f"{self.node.path}: already attached")
        spec, rule = self._spec, aws.lb_listener_rule
        conditions = []
        if spec.path_patterns:
            conditions.append(
                rule.LbListenerRuleCondition(
                    path_pattern=rule.LbListenerRuleConditionPathPattern(values=list(spec.path_patterns))
                )
            )
        if spec.host_patterns:
            conditions.append(
                rule.LbListenerRuleCondition(
                    host_header=rule.LbListenerRuleConditionHostHeader(values=list(spec.host_patterns))
                )
            )
        self.rule = rule.LbListenerRule(
            self,
            "rule",
            listener_arn=listener_arn,
            priority=self.priority,
            condition=conditions,
            action=[rule.LbListenerRuleAction(type="forward", target_group_arn=self.target_group.arn)],
        )
        return self.rule
