"""CloudFront in front of two origins: the private static-site bucket (default behaviour,
through Origin Access Control, cached) and the load balancer (``/api/*``, not cached, every
viewer header, cookie and query string forwarded, plus the secret origin header).

Viewers are redirected to HTTPS; HTTP/2 and HTTP/3; TLS 1.2+ for custom domains. Cache and
origin-request policies are AWS-managed (stable IDs), so nothing here needs maintaining.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from modules.framework import Construct, aws
from modules.secure_bucket import SecureBucket, SecureBucketProps
from modules.static_site import StaticSite

# AWS-managed policies: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
SECURITY_HEADERS = "67f7725c-6f97-4210-82d7-5512b31e9d03"
SITE, API = "site", "api"


@dataclass(frozen=True, kw_only=True)
class CdnProps:
    name: str
    """Names the Origin Access Control and the distribution's comment."""
    site: StaticSite
    api_domain_name: str
    """The load balancer's DNS name."""
    api_https: bool
    """The load balancer listens on HTTPS (it has a certificate)."""
    origin_header: tuple[str, str]
    """``(name, value)`` added to every origin request to the load balancer."""
    api_path: str = "/api/*"
    price_class: str = "PriceClass_100"
    aliases: Sequence[str] = ()
    certificate_arn: str | None = None
    web_acl_arn: str | None = None
    error_pages: bool = True
    access_logs_bucket_name: str | None = None
    """Standard access logs to this (new) bucket; None turns logging off."""
    access_log_days: int = 90
    force_destroy_logs: bool = True
    prevent_destroy_logs: bool = False
    """``prevent_destroy`` on the access-log bucket (audit evidence in prod)."""


class Cdn(Construct):
    """Attributes: ``distribution_id``, ``distribution_arn``, ``domain_name``."""

    def __init__(self, scope: Construct, id_: str, props: CdnProps) -> None:
        super().__init__(scope, id_)
        cf = aws.cloudfront_distribution
        oac = aws.cloudfront_origin_access_control.CloudfrontOriginAccessControl(
            self, "oac", name=props.name, description="Signed requests to the static-site bucket",
            origin_access_control_origin_type="s3", signing_behavior="always", signing_protocol="sigv4",
        )
        header_name, header_value = props.origin_header
        logging = None
        if props.access_logs_bucket_name:
            logs = SecureBucket(self, "access-logs", SecureBucketProps(
                name=props.access_logs_bucket_name,
                expire_days=props.access_log_days,
                noncurrent_version_days=1,
                force_destroy=props.force_destroy_logs,
                prevent_destroy=props.prevent_destroy_logs,
                object_ownership="BucketOwnerPreferred",  # standard logging writes with an ACL
            ))
            logging = cf.CloudfrontDistributionLoggingConfig(
                bucket=logs.bucket.bucket_domain_name, prefix="cloudfront/", include_cookies=False)

        self.distribution = cf.CloudfrontDistribution(
            self,
            "distribution",
            enabled=True,
            comment=props.name,
            price_class=props.price_class,
            http_version="http2and3",
            is_ipv6_enabled=True,
            default_root_object="index.html",
            aliases=list(props.aliases) or None,
            web_acl_id=props.web_acl_arn,
            logging_config=logging,
            origin=[
                cf.CloudfrontDistributionOrigin(
                    origin_id=SITE,
                    domain_name=props.site.regional_domain_name,
                    origin_access_control_id=oac.id,
                ),
                cf.CloudfrontDistributionOrigin(
                    origin_id=API,
                    domain_name=props.api_domain_name,
                    custom_origin_config=cf.CloudfrontDistributionOriginCustomOriginConfig(
                        http_port=80,
                        https_port=443,
                        origin_protocol_policy="https-only" if props.api_https else "http-only",
                        origin_ssl_protocols=["TLSv1.2"],
                    ),
                    custom_header=[cf.CloudfrontDistributionOriginCustomHeader(name=header_name, value=header_value)],
                ),
            ],
            default_cache_behavior=cf.CloudfrontDistributionDefaultCacheBehavior(
                target_origin_id=SITE,
                viewer_protocol_policy="redirect-to-https",
                allowed_methods=["GET", "HEAD", "OPTIONS"],
                cached_methods=["GET", "HEAD"],
                compress=True,
                cache_policy_id=CACHING_OPTIMIZED,
                response_headers_policy_id=SECURITY_HEADERS,
            ),
            ordered_cache_behavior=[cf.CloudfrontDistributionOrderedCacheBehavior(
                path_pattern=props.api_path,
                target_origin_id=API,
                viewer_protocol_policy="redirect-to-https",
                allowed_methods=["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"],
                cached_methods=["GET", "HEAD"],
                compress=True,
                cache_policy_id=CACHING_DISABLED,
                origin_request_policy_id=ALL_VIEWER_EXCEPT_HOST_HEADER,
                response_headers_policy_id=SECURITY_HEADERS,
            )],
            custom_error_response=[
                cf.CloudfrontDistributionCustomErrorResponse(
                    error_code=code, response_code=404, response_page_path="/error.html", error_caching_min_ttl=10)
                for code in (403, 404)
            ] if props.error_pages else None,
            restrictions=cf.CloudfrontDistributionRestrictions(
                geo_restriction=cf.CloudfrontDistributionRestrictionsGeoRestriction(restriction_type="none")),
            viewer_certificate=(
                cf.CloudfrontDistributionViewerCertificate(
                    acm_certificate_arn=props.certificate_arn, ssl_support_method="sni-only",
                    minimum_protocol_version="TLSv1.2_2021")
                if props.certificate_arn
                else cf.CloudfrontDistributionViewerCertificate(cloudfront_default_certificate=True)
            ),
        )
        props.site.allow_distribution(self.distribution.arn)
        self.distribution_id: str = self.distribution.id
        self.distribution_arn: str = self.distribution.arn
        self.domain_name: str = self.distribution.domain_name
