"""A web service's route: its target group and one listener rule at the derived priority."""

from __future__ import annotations

import json

import modules.core.framework as framework
from environments.schema.services import WebServiceConfig
from modules.network.web_route import WebRoute, WebRouteProps

LISTENER = "arn:aws:elasticloadbalancing:eu-west-1:111111111111:listener/app/platform-api-test/1/2"


def synth(spec: WebServiceConfig) -> dict:
    stack = framework.TerraformStack(framework.Testing.app(), "test")
    route = WebRoute(stack, "route", WebRouteProps(spec=spec, target_group_name="platform-admin-test", vpc_id="vpc-1"))
    route.attach(LISTENER)
    return json.loads(framework.Testing.synth(stack))


def test_rule_forwards_its_paths_and_hosts_to_its_own_target_group() -> None:
    spec = WebServiceConfig(
        name="admin", path_patterns=("/admin/*",), host_patterns=("admin.example.com",), deregistration_delay_seconds=20
    )
    synthesized = synth(spec)
    [(group_key, group)] = synthesized["resource"]["aws_lb_target_group"].items()
    [rule] = synthesized["resource"]["aws_lb_listener_rule"].values()
    assert rule["listener_arn"] == LISTENER and rule["priority"] == spec.rule_priority()
    assert rule["condition"] == [
        {"path_pattern": {"values": ["/admin/*"]}},
        {"host_header": {"values": ["admin.example.com"]}},
    ]
    assert rule["action"] == [{"type": "forward", "target_group_arn": f"${{aws_lb_target_group.{group_key}.arn}}"}]
    assert group["deregistration_delay"] == "20" and group["target_type"] == "ip"
    assert group["health_check"]["path"] == spec.health_check.path


def test_an_explicit_priority_wins() -> None:
    [rule] = synth(WebServiceConfig(priority=7))["resource"]["aws_lb_listener_rule"].values()
    assert rule["priority"] == 7


def test_the_target_group_keeps_its_address_under_the_id_default() -> None:
    """The first web service's target group stays ``alb_targets_...`` (prod's is not replaced)."""
    stack = framework.TerraformStack(framework.Testing.app(), "test")
    alb = framework.Construct(stack, "alb")
    WebRoute(alb, "Default", WebRouteProps(spec=WebServiceConfig(), target_group_name="tg", vpc_id="v")).attach(
        LISTENER
    )
    synthesized = json.loads(framework.Testing.synth(stack))
    assert list(synthesized["resource"]["aws_lb_target_group"]) == ["alb_targets_7CB452DA"]
