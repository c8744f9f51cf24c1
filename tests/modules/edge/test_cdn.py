"""CloudFront: the private bucket by default through OAC, the internal ALB under /api/* through a
VPC origin, the environment's name with its own certificate, security headers, HTTPS only."""

from __future__ import annotations

import pytest

from modules.edge.cdn import ALL_VIEWER_EXCEPT_HOST_HEADER, CACHING_DISABLED, CACHING_OPTIMIZED, SECURITY_HEADERS
from tests.conftest import suffixes


def distribution(platform, suffix: str) -> dict:
    [resource] = platform.resources(f"edge-{suffix}", "aws_cloudfront_distribution").values()
    return resource


def test_site_through_oac_and_api_through_a_vpc_origin_at_the_certificates_name(platform) -> None:
    """Staging has no HTTP API: CloudFront reaches the internal load balancer itself."""
    cdn = distribution(platform, "staging")
    origins = {o["origin_id"]: o for o in cdn["origin"]}
    assert "aws_cloudfront_origin_access_control" in origins["site"]["origin_access_control_id"]
    assert "bucket_regional_domain_name" in origins["site"]["domain_name"]
    api = origins["api"]
    # the origin record's name, read from the service stack (so edge waits for the record)
    assert "aws_route53_recordorigin-a" in api["domain_name"] and "fqdn" in api["domain_name"]
    assert "custom_origin_config" not in api
    assert "custom_header" not in api  # no secret header: the ALB is internal
    assert "aws_cloudfront_vpc_origin.cdn_api-origin_" in api["vpc_origin_config"]["vpc_origin_id"]
    [vpc_origin] = platform.resources("edge-staging", "aws_cloudfront_vpc_origin").values()
    [config] = vpc_origin["vpc_origin_endpoint_config"]
    assert config["origin_protocol_policy"] == "https-only" and config["https_port"] == 443
    assert "aws_lbalb_" in config["arn"] and config["name"] == "platform-edge-cdn-staging"
    oac = platform.resource("edge-staging", "aws_cloudfront_origin_access_control")
    assert (oac["signing_behavior"], oac["signing_protocol"], oac["origin_access_control_origin_type"]) == (
        "always",
        "sigv4",
        "s3",
    )


@pytest.mark.parametrize("suffix", suffixes(lambda e: e.http_api is not None and e.domain is not None))
def test_with_an_http_api_the_api_path_goes_to_its_domain_over_https(platform, suffix: str) -> None:
    api = next(o for o in distribution(platform, suffix)["origin"] if o["origin_id"] == "api")
    # the API's alias record's name, read from the service stack (so edge waits for the record)
    assert "aws_route53_recordhttp-api_api-a" in api["domain_name"] and "fqdn" in api["domain_name"]
    assert "vpc_origin_config" not in api
    assert api["custom_origin_config"]["origin_protocol_policy"] == "https-only"
    assert api["custom_origin_config"]["origin_ssl_protocols"] == ["TLSv1.2"]
    assert not platform.resources(f"edge-{suffix}", "aws_cloudfront_vpc_origin")


def test_default_behaviour_caches_the_site_and_api_behaviour_passes_everything(platform) -> None:
    cdn = distribution(platform, "dev")
    site = cdn["default_cache_behavior"]
    assert site["target_origin_id"] == "site" and site["cache_policy_id"] == CACHING_OPTIMIZED
    assert site["viewer_protocol_policy"] == "redirect-to-https" and site["compress"] is True
    [api] = cdn["ordered_cache_behavior"]
    assert api["path_pattern"] == "/api/*" and api["target_origin_id"] == "api"
    assert (
        api["cache_policy_id"] == CACHING_DISABLED and api["origin_request_policy_id"] == ALL_VIEWER_EXCEPT_HOST_HEADER
    )
    assert api["viewer_protocol_policy"] == "redirect-to-https"
    assert set(api["allowed_methods"]) == {"DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"}


def test_both_behaviours_carry_the_environments_security_headers_policy(platform) -> None:
    cdn = distribution(platform, "prod")
    for behaviour in (cdn["default_cache_behavior"], *cdn["ordered_cache_behavior"]):
        assert behaviour["response_headers_policy_id"].startswith(
            "${aws_cloudfront_response_headers_policy.cdn_headers_policy_"
        )
    local = distribution(platform, "local")["default_cache_behavior"]
    assert local["response_headers_policy_id"] == SECURITY_HEADERS  # cdn.response_headers = "aws-managed"


def test_distribution_settings_from_config(platform) -> None:
    dev, prod = distribution(platform, "dev"), distribution(platform, "prod")
    assert dev["price_class"] == "PriceClass_100" and prod["price_class"] == "PriceClass_200"
    assert dev["http_version"] == "http2and3" and dev["default_root_object"] == "index.html"
    assert [e["error_code"] for e in dev["custom_error_response"]] == [403, 404]
    assert "web_acl_id" not in dev and "aws_wafv2_web_acl" in prod["web_acl_id"]
    assert "logging_config" not in dev and prod["logging_config"]["prefix"] == "cloudfront/"


def test_the_domain_with_its_us_east_1_certificate_sni_and_tls_1_2_2021_and_alias_records(platform) -> None:
    cdn = distribution(platform, "prod")
    assert cdn["aliases"] == ["example.com"]
    certificate = cdn["viewer_certificate"]
    assert certificate["minimum_protocol_version"] == "TLSv1.2_2021" and certificate["ssl_support_method"] == "sni-only"
    assert certificate["acm_certificate_arn"].startswith("${aws_acm_certificate_validation.certificate_validation_")
    assert platform.resource("edge-prod", "aws_acm_certificate")["domain_name"] == "example.com"
    records = {
        r["type"]: r for k, r in platform.resources("edge-prod", "aws_route53_record").items() if k.startswith("site-")
    }
    assert sorted(records) == ["A", "AAAA"]
    assert all(r["name"] == "example.com" and "hosted_zone_id" in r["alias"]["zone_id"] for r in records.values())
    assert platform.json("edge-prod")["provider"]["aws"][0]["region"] == "us-east-1"  # CloudFront's certificates


def test_zones_are_created_or_looked_up_as_configured_and_created_ones_give_name_servers(platform) -> None:
    assert platform.resource("network-dev", "aws_route53_zone")["name"] == "dev.example.com"
    assert "name_servers" in platform.json("network-dev")["output"]
    assert not platform.resources("network-prod", "aws_route53_zone")
    [zone] = platform.data("network-prod", "aws_route53_zone").values()
    assert zone["name"] == "example.com" and zone["private_zone"] is False
