"""CloudFront in front of two origins: the private static-site bucket (default behaviour,
through Origin Access Control, cached) and the API (``/api/*``, not cached, every viewer
header, cookie and query string forwarded): the environment's HTTP API where it has one, else
the load balancer.

TLS on every hop: viewers are redirected to HTTPS, served the environment's own name with its
ACM certificate (SNI, ``TLSv1.2_2021`` minimum); the bucket is reached over HTTPS, signed; the
load balancer through a VPC origin (``spec.api_origin == "vpc-origin"``, it is internal) or as a
custom origin, HTTPS-only with TLS 1.2, at the name its regional certificate covers. HTTP/2 and
HTTP/3. A response-headers policy (HSTS, nosniff, frame and referrer policies) on both
behaviours. Cache and origin-request policies are AWS-managed (stable IDs).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from environments.schema import CdnConfig, ProtectionConfig
from modules.core.framework import Construct, aws
from modules.edge.security_headers import SecurityHeaders, SecurityHeadersProps
from modules.edge.static_site import StaticSite
from modules.edge.vpc_origin import ORIGIN_TLS, VpcOrigin, VpcOriginProps
from modules.storage.secure_bucket import SecureBucket, SecureBucketProps

# AWS-managed policies: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
SECURITY_HEADERS = "67f7725c-6f97-4210-82d7-5512b31e9d03"
"""AWS's managed SecurityHeadersPolicy (``spec.response_headers == "aws-managed"``)."""
VIEWER_TLS = "TLSv1.2_2021"
SITE, API = "site", "api"


@dataclass(frozen=True, kw_only=True)
class CdnProps:
    spec: CdnConfig
    """Price class, API path and origin, response headers, error pages, access-log retention."""
    protection: ProtectionConfig
    """The access-log bucket's force_destroy / prevent_destroy."""
    name: str
    """Names the Origin Access Control, the VPC origin, the headers policy and the comment."""
    site: StaticSite
    api_domain_name: str
    """The name CloudFront connects to for the API (SNI and Host): the one the load balancer's
    certificate covers, or its own DNS name when it has none."""
    api_https: bool
    """The load balancer listens on HTTPS (it has a certificate)."""
    api_load_balancer_arn: str
    """The VPC origin's target (``vpc-origin``)."""
    api_port: int
    """The load balancer listener's port."""
    http_api_domain_name: str | None = None
    """The environment's HTTP API (its custom domain or default endpoint host): the API path goes
    there, HTTPS only, instead of to the load balancer, and no VPC origin is made."""
    aliases: Sequence[str] = ()
    """The environment's names; they need ``certificate_arn``."""
    certificate_arn: str | None = None
    """An issued ACM certificate in us-east-1 covering ``aliases``; None: the default
    ``*.cloudfront.net`` certificate (an environment explicitly without a domain)."""
    web_acl_arn: str | None = None
    access_logs_bucket_name: str | None = None
    """Standard access logs to this (new) bucket; None turns logging off."""


class Cdn(Construct):
    """Attributes: ``distribution_id``, ``distribution_arn``, ``domain_name``, ``zone_id``
    (for alias records), ``vpc_origin`` (or None), ``response_headers_policy_id``."""

    def __init__(self, scope: Construct, id_: str, props: CdnProps) -> None:
        super().__init__(scope, id_)
        if bool(props.aliases) != bool(props.certificate_arn):
            raise ValueError(f"{self.node.path}: aliases and certificate_arn go together")
        spec, cf = props.spec, aws.cloudfront_distribution
        oac = aws.cloudfront_origin_access_control.CloudfrontOriginAccessControl(
            self,
            "oac",
            name=props.name,
            description="Signed requests to the static-site bucket",
            origin_access_control_origin_type="s3",
            signing_behavior="always",
            signing_protocol="sigv4",
        )
        logging = None
        if props.access_logs_bucket_name:
            logs = SecureBucket(
                self,
                "access-logs",
                SecureBucketProps(
                    name=props.access_logs_bucket_name,
                    expire_days=spec.log_retention_days,
                    noncurrent_version_days=1,
                    force_destroy=props.protection.force_destroy_buckets,
                    prevent_destroy=props.protection.prevent_destroy,
                    object_ownership="BucketOwnerPreferred",  # standard logging writes with an ACL
                ),
            )
            logging = cf.CloudfrontDistributionLoggingConfig(
                bucket=logs.bucket.bucket_domain_name, prefix="cloudfront/", include_cookies=False
            )

        self.response_headers_policy_id: str = (
            SecurityHeaders(self, "headers", SecurityHeadersProps(name=props.name)).policy_id
            if spec.response_headers == "own-policy"
            else SECURITY_HEADERS
        )
        self.vpc_origin: VpcOrigin | None = None
        if props.http_api_domain_name is not None:
            api_origin = cf.CloudfrontDistributionOrigin(
                origin_id=API,
                domain_name=props.http_api_domain_name,
                custom_origin_config=cf.CloudfrontDistributionOriginCustomOriginConfig(
                    http_port=80,
                    https_port=443,
                    origin_protocol_policy="https-only",
                    origin_ssl_protocols=list(ORIGIN_TLS),
                ),
            )
        elif spec.api_origin == "vpc-origin":
            self.vpc_origin = VpcOrigin(
                self,
                "api-origin",
                VpcOriginProps(
                    name=props.name,
                    load_balancer_arn=props.api_load_balancer_arn,
                    port=props.api_port,
                    https=props.api_https,
                ),
            )
            api_origin = cf.CloudfrontDistributionOrigin(
                origin_id=API,
                domain_name=props.api_domain_name,
                vpc_origin_config=cf.CloudfrontDistributionOriginVpcOriginConfig(
                    vpc_origin_id=self.vpc_origin.vpc_origin_id
                ),
            )
        else:
            api_origin = cf.CloudfrontDistributionOrigin(
                origin_id=API,
                domain_name=props.api_domain_name,
                custom_origin_config=cf.CloudfrontDistributionOriginCustomOriginConfig(
                    http_port=80,
                    https_port=443,
                    origin_protocol_policy="https-only" if props.api_https else "http-only",
                    origin_ssl_protocols=list(ORIGIN_TLS),
                ),
            )

        self.distribution = cf.CloudfrontDistribution(
            self,
            "distribution",
            enabled=True,
            comment=props.name,
            price_class=spec.price_class,
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
                api_origin,
            ],
            default_cache_behavior=cf.CloudfrontDistributionDefaultCacheBehavior(
                target_origin_id=SITE,
                viewer_protocol_policy="redirect-to-https",
                allowed_methods=["GET", "HEAD", "OPTIONS"],
                cached_methods=["GET", "HEAD"],
                compress=True,
                cache_policy_id=CACHING_OPTIMIZED,
                response_headers_policy_id=self.response_headers_policy_id,
            ),
            ordered_cache_behavior=[
                cf.CloudfrontDistributionOrderedCacheBehavior(
                    path_pattern=spec.api_path,
                    target_origin_id=API,
                    viewer_protocol_policy="redirect-to-https",
                    allowed_methods=["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"],
                    cached_methods=["GET", "HEAD"],
                    compress=True,
                    cache_policy_id=CACHING_DISABLED,
                    origin_request_policy_id=ALL_VIEWER_EXCEPT_HOST_HEADER,
                    response_headers_policy_id=self.response_headers_policy_id,
                )
            ],
            custom_error_response=[
                cf.CloudfrontDistributionCustomErrorResponse(
                    error_code=code, response_code=404, response_page_path="/error.html", error_caching_min_ttl=10
                )
                for code in (403, 404)
            ]
            if spec.error_pages
            else None,
            restrictions=cf.CloudfrontDistributionRestrictions(
                geo_restriction=cf.CloudfrontDistributionRestrictionsGeoRestriction(restriction_type="none")
            ),
            viewer_certificate=(
                cf.CloudfrontDistributionViewerCertificate(
                    acm_certificate_arn=props.certificate_arn,
                    ssl_support_method="sni-only",
                    minimum_protocol_version=VIEWER_TLS,
                )
                if props.certificate_arn
                else cf.CloudfrontDistributionViewerCertificate(cloudfront_default_certificate=True)
            ),
        )
        props.site.allow_distribution(self.distribution.arn)
        self.distribution_id: str = self.distribution.id
        self.distribution_arn: str = self.distribution.arn
        self.domain_name: str = self.distribution.domain_name
        self.zone_id: str = self.distribution.hosted_zone_id
