"""CloudFront: the private bucket by default through OAC, the ALB under /api/*, HTTPS only."""

from __future__ import annotations

from modules.cdn import ALL_VIEWER_EXCEPT_HOST_HEADER, CACHING_DISABLED, CACHING_OPTIMIZED
from tests.conftest import OPTIONS_SUFFIX


def distribution(platform, suffix: str) -> dict:
    [resource] = platform.resources(f"edge-{suffix}", "aws_cloudfront_distribution").values()
    return resource


def test_two_origins_site_through_oac_and_api_with_header(platform) -> None:
    cdn = distribution(platform, "dev")
    origins = {o["origin_id"]: o for o in cdn["origin"]}
    assert "aws_cloudfront_origin_access_control" in origins["site"]["origin_access_control_id"]
    assert "bucket_regional_domain_name" in origins["site"]["domain_name"]
    api = origins["api"]["custom_origin_config"]
    assert api["origin_protocol_policy"] == "http-only" and api["origin_ssl_protocols"] == ["TLSv1.2"]
    oac = platform.resource("edge-dev", "aws_cloudfront_origin_access_control")
    assert (oac["signing_behavior"], oac["signing_protocol"], oac["origin_access_control_origin_type"]) == ("always", "sigv4", "s3")


def test_default_behaviour_caches_the_site_and_api_behaviour_passes_everything(platform) -> None:
    cdn = distribution(platform, "dev")
    site = cdn["default_cache_behavior"]
    assert site["target_origin_id"] == "site" and site["cache_policy_id"] == CACHING_OPTIMIZED
    assert site["viewer_protocol_policy"] == "redirect-to-https" and site["compress"] is True
    [api] = cdn["ordered_cache_behavior"]
    assert api["path_pattern"] == "/api/*" and api["target_origin_id"] == "api"
    assert api["cache_policy_id"] == CACHING_DISABLED and api["origin_request_policy_id"] == ALL_VIEWER_EXCEPT_HOST_HEADER
    assert api["viewer_protocol_policy"] == "redirect-to-https"
    assert set(api["allowed_methods"]) == {"DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"}


def test_distribution_settings_from_config(platform) -> None:
    dev, prod = distribution(platform, "dev"), distribution(platform, "prod")
    assert dev["price_class"] == "PriceClass_100" and prod["price_class"] == "PriceClass_200"
    assert dev["http_version"] == "http2and3" and dev["default_root_object"] == "index.html"
    assert [e["error_code"] for e in dev["custom_error_response"]] == [403, 404]
    assert "web_acl_id" not in dev and "aws_wafv2_web_acl" in prod["web_acl_id"]
    assert "logging_config" not in dev and prod["logging_config"]["prefix"] == "cloudfront/"
    assert dev["viewer_certificate"] == {"cloudfront_default_certificate": True}


def test_custom_domain_uses_its_certificate_with_tls_1_2(platform) -> None:
    cdn = distribution(platform, OPTIONS_SUFFIX)
    assert cdn["aliases"] == ["www.example.com"]
    certificate = cdn["viewer_certificate"]
    assert certificate["minimum_protocol_version"] == "TLSv1.2_2021" and certificate["ssl_support_method"] == "sni-only"
    api = next(o for o in cdn["origin"] if o["origin_id"] == "api")
    assert api["custom_origin_config"]["origin_protocol_policy"] == "https-only"  # the ALB has a certificate
