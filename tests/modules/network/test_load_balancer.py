"""The ALB: internal in the private subnets, one HTTPS listener with a modern TLS policy and the
regional certificate, CloudFront's prefix list as the only ingress, logs."""

from __future__ import annotations

import json

import pytest

from environments.schema import ProtectionConfig, WebServiceConfig
from modules.core import framework
from modules.network.load_balancer import LoadBalancer, LoadBalancerProps
from tests.conftest import OPTIONS_SUFFIX, environment_of, policy_statements, suffixes


def alb(platform, suffix: str) -> dict:
    return platform.resource(f"service-{suffix}", "aws_lb")


@pytest.mark.parametrize("suffix", suffixes(lambda e: e.http_api is not None or e.cdn.api_origin != "public-alb"))
def test_internal_in_private_subnets_with_logs(platform, suffix: str) -> None:
    protected = environment_of(suffix).protection.deletion_protection
    lb = alb(platform, suffix)
    assert lb["internal"] is True and lb["load_balancer_type"] == "application"
    assert all("private" in subnet for subnet in lb["subnets"])
    assert lb["drop_invalid_header_fields"] is True
    assert lb["enable_deletion_protection"] is protected
    assert lb["access_logs"]["enabled"] is True and lb["name"] == f"platform-api-{suffix}"


def _load_balancer(**settings) -> dict:
    stack = framework.TerraformStack(framework.Testing.app(), "test")
    framework.aws.provider.AwsProvider(stack, "aws", region="eu-west-1")
    LoadBalancer(
        stack,
        "alb",
        LoadBalancerProps(
            spec=WebServiceConfig(),
            protection=ProtectionConfig(),
            name="a",
            target_group_name="t",
            security_group_name="s",
            logs_bucket_name="platform-logs-test",
            vpc_id="vpc-1",
            subnet_ids=["subnet-1", "subnet-2"],
            **settings,
        ),
    )
    return json.loads(framework.Testing.synth(stack))["resource"]


def test_an_internet_facing_stand_in_still_admits_only_cloudfront() -> None:
    """For an AWS API without VPC origins and an environment without an HTTP API
    (``cdn.api_origin = "public-alb"``)."""
    synthesized = _load_balancer(internal=False)
    [lb] = synthesized["aws_lb"].values()
    assert lb["internal"] is False
    [rule] = synthesized["aws_vpc_security_group_ingress_rule"].values()
    assert "prefix_list_id" in rule and "cidr_ipv4" not in rule


def test_behind_an_http_api_it_admits_nothing_of_cloudfront() -> None:
    synthesized = _load_balancer(admit_cloudfront=False)
    assert "aws_vpc_security_group_ingress_rule" not in synthesized
    [group] = synthesized["aws_security_group"].values()
    assert "VPC link" in group["description"]


def test_access_log_bucket_is_sse_s3_expiring_and_writable_by_elb_only(platform) -> None:
    sse = platform.resource("service-prod", "aws_s3_bucket_server_side_encryption_configuration")
    assert sse["rule"][0]["apply_server_side_encryption_by_default"]["sse_algorithm"] == "AES256"
    [rule] = platform.resource("service-prod", "aws_s3_bucket_lifecycle_configuration")["rule"]
    assert rule["expiration"][0]["days"] == 90
    deny, write = policy_statements(platform, "service-prod", "alb_access-logs_policy-document")
    assert deny["effect"] == "Deny" and write["actions"] == ["s3:PutObject"]
    assert {p["type"] for p in write["principals"]} == {"AWS", "Service"}
    assert "/alb/AWSLogs/" in write["resources"][0]


def test_target_group_health_check_from_config(platform) -> None:
    group = platform.resource("service-dev", "aws_lb_target_group")
    assert group["target_type"] == "ip" and group["port"] == 80 and group["deregistration_delay"] == "30"
    health = group["health_check"]
    assert (health["path"], health["matcher"], health["interval"], health["healthy_threshold"]) == (
        "/",
        "200-399",
        15,
        2,
    )


@pytest.mark.parametrize(
    "suffix",
    suffixes(lambda e: [s.name for s in e.services if hasattr(s, "path_patterns")] == ["api"] and not e.vms),
)
def test_one_https_listener_with_tls13_policy_and_the_validated_regional_certificate(platform, suffix: str) -> None:
    [listener] = platform.resources(f"service-{suffix}", "aws_lb_listener").values()
    assert (listener["port"], listener["protocol"]) == (443, "HTTPS")
    assert listener["ssl_policy"] == "ELBSecurityPolicy-TLS13-1-2-2021-06"
    assert listener["certificate_arn"].startswith("${aws_acm_certificate_validation.origin-certificate_validation_")
    # what no rule matches goes to the first web service, which also has its own rule
    [default] = listener["default_action"]
    assert default["type"] == "forward" and default["target_group_arn"].startswith("${aws_lb_target_group.alb_targets_")
    [rule] = platform.resources(f"service-{suffix}", "aws_lb_listener_rule").values()
    assert rule["action"][0]["target_group_arn"] == default["target_group_arn"]
    assert rule["condition"] == [{"path_pattern": {"values": ["/api/*"]}}]


def test_the_regional_certificate_names_the_origin_and_an_alias_record_points_it_at_the_alb(platform) -> None:
    certificate = platform.resource("service-pr1234", "aws_acm_certificate", "origin-certificate")
    assert certificate["domain_name"] == "origin.pr1234.dev.example.com"
    [record] = [r for k, r in platform.resources("service-pr1234", "aws_route53_record").items() if "origin-a" in k]
    assert record["name"] == "origin.pr1234.dev.example.com" and record["type"] == "A"
    assert "aws_lb.alb_" in record["alias"]["name"] and "zone_id" in record["alias"]["zone_id"]
    # a copy's records go into its base's zone, which the network stack looks up
    assert "terraform_remote_state" in record["zone_id"]
    [zone] = platform.data("network-pr1234", "aws_route53_zone").values()
    assert zone["name"] == "dev.example.com"


def test_cloudfront_prefix_list_is_the_only_ingress_on_the_listener_port(platform) -> None:
    rules = {
        k: r
        for k, r in platform.resources("service-staging", "aws_vpc_security_group_ingress_rule").items()
        if k.startswith("alb_")
    }
    [rule] = rules.values()
    assert (rule["from_port"], rule["to_port"]) == (443, 443) and "cidr_ipv4" not in rule
    assert "aws_ec2_managed_prefix_list" in rule["prefix_list_id"]
    [prefix_list] = platform.data("service-staging", "aws_ec2_managed_prefix_list").values()
    assert prefix_list["name"] == "com.amazonaws.global.cloudfront.origin-facing"


def test_without_a_certificate_the_one_listener_is_http_and_still_internal() -> None:
    """An environment explicitly without a domain: no certificate can name the ALB."""
    synthesized = _load_balancer()
    [listener] = synthesized["aws_lb_listener"].values()
    assert (listener["port"], listener["protocol"]) == (80, "HTTP") and "ssl_policy" not in listener
    [lb] = synthesized["aws_lb"].values()
    assert lb["internal"] is True
    [rule] = synthesized["aws_vpc_security_group_ingress_rule"].values()
    assert (rule["from_port"], rule["to_port"]) == (80, 80) and "prefix_list_id" in rule


def test_every_web_service_gets_its_own_target_group_and_rule(platform) -> None:
    """The options environment adds an ``admin`` web service, routed by host, and a ``legacy`` vm
    (``instance`` targets)."""
    stack = f"service-{OPTIONS_SUFFIX}"
    groups = {g["name"]: g for g in platform.resources(stack, "aws_lb_target_group").values()}
    assert set(groups) == {f"platform-{n}-{OPTIONS_SUFFIX}" for n in ("api", "admin", "legacy")}
    assert groups[f"platform-legacy-{OPTIONS_SUFFIX}"]["target_type"] == "instance"
    rules = {r["priority"]: r for r in platform.resources(stack, "aws_lb_listener_rule").values()}
    assert len(rules) == 3
    rules = {p: r for p, r in rules.items() if {"path_pattern": {"values": ["/legacy/*"]}} not in r["condition"]}
    admin = next(r for r in rules.values() if {"host_header": {"values": ["admin.example.com"]}} in r["condition"])
    api = next(r for r in rules.values() if r is not admin)
    assert admin["priority"] < api["priority"]  # a host rule is more specific: evaluated first
