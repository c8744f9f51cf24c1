"""Service-to-service calls: a private DNS namespace per environment, a registration (and the
ECS service's ``service_registries``) for exactly the discoverable services, and for each
declared call exactly one ingress rule on the callee's own group from the caller's (its port)
and the matching egress rule; nothing else opens those groups."""

from __future__ import annotations

import re

import pytest

from environments.schema.discovery import service_port
from tests.conftest import environment_of, suffixes

REFERENCE = re.compile(r"aws_security_group\.service-groups_(?P<service>[a-z0-9-]+)_group_[0-9A-F]{8}\.id")


def group_of(reference: str) -> str | None:
    match = REFERENCE.search(reference)
    return match["service"] if match else None


@pytest.mark.parametrize("suffix", suffixes())
def test_the_discoverable_services_and_only_they_are_registered(platform, suffix: str) -> None:
    stack = f"service-{suffix}"
    environment = environment_of(suffix)
    discoverable = sorted(s.name for s in environment.services if s.discoverable)
    registrations = platform.resources(stack, "aws_service_discovery_service")
    assert sorted(r["name"] for r in registrations.values()) == discoverable
    namespaces = list(platform.resources(stack, "aws_service_discovery_private_dns_namespace").values())
    if not discoverable:
        assert not namespaces
        return
    [namespace] = namespaces
    assert namespace["name"] == environment.discovery.namespace_name(suffix) == f"{suffix}.internal"
    assert "aws_vpcvpc" in namespace["vpc"]
    for registration in registrations.values():
        dns = registration["dns_config"]
        assert dns["routing_policy"] == "MULTIVALUE"
        assert dns["dns_records"] == [{"ttl": environment.discovery.ttl_seconds, "type": "A"}]
    services = {s["name"]: s for s in platform.resources(stack, "aws_ecs_service").values()}
    for spec in environment.services:
        if spec.kind == "scheduled":
            continue
        service = services[f"platform-{spec.name}-{suffix}"]
        registry = service.get("service_registries")
        assert (registry is not None) == spec.discoverable, spec.name
        if registry:
            assert f"aws_service_discovery_service.discovery_{spec.name}_" in registry["registry_arn"]
    assert platform.json(stack)["output"]["service_namespace"]


@pytest.mark.security
@pytest.mark.parametrize("suffix", suffixes())
def test_only_declared_callers_reach_a_callees_port(platform, suffix: str) -> None:
    stack = f"service-{suffix}"
    environment = environment_of(suffix)
    by_name = {s.name: s for s in environment.services}
    declared = {
        (spec.name, callee, service_port(by_name[callee])) for spec in environment.services for callee in spec.calls
    }
    ingress = {
        (group_of(r["referenced_security_group_id"]), group_of(r["security_group_id"]), r["from_port"])
        for r in platform.resources(stack, "aws_vpc_security_group_ingress_rule").values()
        if group_of(r["security_group_id"])  # a rule on a service's own group
    }
    egress = {
        (group_of(r["security_group_id"]), group_of(r["referenced_security_group_id"]), r["from_port"])
        for r in platform.resources(stack, "aws_vpc_security_group_egress_rule").values()
        if group_of(r["security_group_id"]) and group_of(r["referenced_security_group_id"])
    }
    assert ingress == declared, f"{stack}: the callees' groups admit exactly the declared callers"
    assert egress == declared
    for rule in platform.resources(stack, "aws_vpc_security_group_ingress_rule").values():
        if group_of(rule["security_group_id"]):
            assert rule["from_port"] == rule["to_port"] and rule["ip_protocol"] == "tcp"


@pytest.mark.parametrize("suffix", suffixes())
def test_a_service_runs_in_its_own_group_besides_the_app_tiers(platform, suffix: str) -> None:
    stack = f"service-{suffix}"
    environment = environment_of(suffix)
    groups = {s["name"]: s for s in platform.resources(stack, "aws_security_group").values()}
    services = {s["name"]: s for s in platform.resources(stack, "aws_ecs_service").values()}
    called = {callee for spec in environment.services for callee in spec.calls}
    for spec in environment.services:
        own = f"platform-{spec.name}-tasks-{suffix}"
        needs = bool(spec.calls or spec.name in called or getattr(spec, "volumes", ()))
        assert (own in groups) == needs, spec.name
        if spec.kind == "scheduled":
            continue
        attached = services[f"platform-{spec.name}-{suffix}"]["network_configuration"]["security_groups"]
        assert "app-sg_group" in attached[0]
        assert [group_of(a) for a in attached[1:]] == ([spec.name] if needs else [])


def test_the_defaults_the_order_worker_calls_the_api() -> None:
    dev = environment_of("dev")
    by_name = {s.name: s for s in dev.services}
    assert by_name["api"].discoverable and by_name["order-worker"].calls == ("api",)
