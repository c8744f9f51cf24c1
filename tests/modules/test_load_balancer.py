"""The ALB: public subnets, CloudFront-only ingress with the origin header, logs, TLS options."""

from __future__ import annotations

import pytest

from tests.conftest import OPTIONS_SUFFIX, policy_statements


def alb(platform, suffix: str) -> dict:
    return platform.resource(f"service-{suffix}", "aws_lb")


@pytest.mark.parametrize(("suffix", "protected"), [("dev", False), ("prod", True)])
def test_internet_facing_in_public_subnets_with_logs(platform, suffix: str, protected: bool) -> None:
    lb = alb(platform, suffix)
    assert lb["internal"] is False and lb["load_balancer_type"] == "application"
    assert all("public" in subnet for subnet in lb["subnets"])
    assert lb["drop_invalid_header_fields"] is True
    assert lb["enable_deletion_protection"] is protected
    assert lb["access_logs"]["enabled"] is True and lb["name"] == f"platform-api-{suffix}"


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
    assert (health["path"], health["matcher"], health["interval"], health["healthy_threshold"]) == ("/", "200-399", 15, 2)


def test_cloudfront_ingress_admits_only_the_prefix_list_on_one_port(platform) -> None:
    rules = {k: r for k, r in platform.resources("service-dev", "aws_vpc_security_group_ingress_rule").items()
             if k.startswith("alb_")}
    [rule] = rules.values()
    assert (rule["from_port"], rule["to_port"]) == (80, 80) and "cidr_ipv4" not in rule
    assert "aws_ec2_managed_prefix_list" in rule["prefix_list_id"]
    [prefix_list] = platform.data("service-dev", "aws_ec2_managed_prefix_list").values()
    assert prefix_list["name"] == "com.amazonaws.global.cloudfront.origin-facing"


def test_requests_without_the_origin_header_get_403(platform) -> None:
    [listener] = platform.resources("service-dev", "aws_lb_listener").values()
    assert listener["default_action"][0]["type"] == "fixed-response"
    assert listener["default_action"][0]["fixed_response"]["status_code"] == "403"
    [rule] = platform.resources("service-dev", "aws_lb_listener_rule").values()
    header = next(c["http_header"] for c in rule["condition"] if "http_header" in c)
    assert header["http_header_name"] == "X-Origin-Verify"
    assert "aws_secretsmanager_secret_version.origin-secret" in header["values"][0]
    assert rule["action"][0]["type"] == "forward"


def test_certificate_makes_https_with_modern_tls_and_a_redirect(platform) -> None:
    listeners = platform.resources(f"service-{OPTIONS_SUFFIX}", "aws_lb_listener")
    https = next(listener for k, listener in listeners.items() if "https" in k)
    redirect = next(listener for k, listener in listeners.items() if "redirect" in k)
    assert https["protocol"] == "HTTPS" and https["ssl_policy"].startswith("ELBSecurityPolicy-TLS13")
    assert https["default_action"][0]["type"] == "forward"  # ingress "anywhere": no header needed
    assert redirect["default_action"][0]["redirect"] == {"port": "443", "protocol": "HTTPS", "status_code": "HTTP_301"}
    ports = sorted(r["from_port"] for k, r in platform.resources(f"service-{OPTIONS_SUFFIX}",
                   "aws_vpc_security_group_ingress_rule").items() if k.startswith("alb_"))
    assert ports == [80, 443]
