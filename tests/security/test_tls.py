"""TLS on every hop in the protected environments (and their copies): no load-balancer listener,
CloudFront origin or VPC origin speaks plain HTTP, no listener or viewer allows less than
TLS 1.2, and the only plain-HTTP answer anywhere is CloudFront's redirect of viewers to HTTPS."""

from __future__ import annotations

import pytest

from tests.conftest import environment_of, suffixes

PROTECTED = suffixes(lambda e: environment_of(e.name).protection.confirm)
"""The protected environments (``protection.confirm``: staging, prod) and their copies (a copy
drops the protection but keeps its base's shape)."""
LISTENER_POLICIES = (
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
)
"""ELBSecurityPolicy-TLS13-1-2-2021-06 or newer (TLS 1.2 and 1.3 only)."""


@pytest.mark.parametrize("suffix", PROTECTED)
def test_load_balancers_are_internal_and_every_listener_is_https_with_a_modern_policy(platform, suffix: str) -> None:
    stack = f"service-{suffix}"
    assert all(lb["internal"] is True for lb in platform.resources(stack, "aws_lb").values())
    listeners = platform.resources(stack, "aws_lb_listener")
    assert listeners, f"{stack} has no listener: the check would be empty"
    for key, listener in listeners.items():
        assert listener["protocol"] == "HTTPS", f"{stack}/{key} accepts plain {listener['protocol']}"
        assert listener["ssl_policy"] in LISTENER_POLICIES, f"{stack}/{key}: {listener['ssl_policy']}"
        assert listener.get("certificate_arn"), f"{stack}/{key} has no certificate"
    for key, rule in platform.resources(stack, "aws_vpc_security_group_ingress_rule").items():
        if key.startswith("alb_"):
            assert (rule["from_port"], rule["to_port"]) == (443, 443), f"{stack}/{key} admits a port other than 443"


@pytest.mark.parametrize("suffix", PROTECTED)
def test_every_origin_is_reached_over_https_only(platform, suffix: str) -> None:
    stack = f"edge-{suffix}"
    vpc_origins = {
        f"${{aws_cloudfront_vpc_origin.{key}.id}}": origin
        for key, origin in platform.resources(stack, "aws_cloudfront_vpc_origin").items()
    }
    for config in (c for origin in vpc_origins.values() for c in origin["vpc_origin_endpoint_config"]):
        assert config["origin_protocol_policy"] == "https-only", f"{stack}: VPC origin {config['name']}"
        assert config["origin_ssl_protocols"] == [{"items": ["TLSv1.2"], "quantity": 1}]
    [distribution] = platform.resources(stack, "aws_cloudfront_distribution").values()
    for origin in distribution["origin"]:
        where = f"{stack}: origin {origin['origin_id']}"
        if "vpc_origin_config" in origin:
            assert origin["vpc_origin_config"]["vpc_origin_id"] in vpc_origins, where
        elif "custom_origin_config" in origin:
            custom = origin["custom_origin_config"]
            assert custom["origin_protocol_policy"] == "https-only" and custom["origin_ssl_protocols"] == ["TLSv1.2"], (
                where
            )
        else:  # S3 through Origin Access Control: CloudFront signs, and S3 requests are HTTPS
            assert origin.get("origin_access_control_id") and "s3" in origin["domain_name"], where


@pytest.mark.parametrize("suffix", PROTECTED)
def test_viewers_get_https_with_tls_1_2_and_plain_http_only_as_a_redirect(platform, suffix: str) -> None:
    stack = f"edge-{suffix}"
    [distribution] = platform.resources(stack, "aws_cloudfront_distribution").values()
    for behaviour in (distribution["default_cache_behavior"], *distribution.get("ordered_cache_behavior", [])):
        assert behaviour["viewer_protocol_policy"] in ("redirect-to-https", "https-only"), f"{stack}: {behaviour}"
    certificate = distribution["viewer_certificate"]
    assert not certificate.get("cloudfront_default_certificate"), f"{stack} serves only *.cloudfront.net"
    assert certificate["acm_certificate_arn"] and certificate["ssl_support_method"] == "sni-only"
    assert certificate["minimum_protocol_version"] in ("TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"), stack
    assert distribution["aliases"], f"{stack} has no name of its own"
