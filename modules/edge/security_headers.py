"""A CloudFront response-headers policy with the security headers every answer carries, whether
it comes from the site bucket or the API: HSTS, ``X-Content-Type-Options: nosniff``,
``X-Frame-Options`` and ``Referrer-Policy`` (and the legacy ``X-XSS-Protection: 1; mode=block``
for old browsers). ``override`` is on, so an origin cannot weaken them.

HSTS with ``include_subdomains`` tells browsers every name under the domain is HTTPS-only:
set it only where that holds (it does here: every name is CloudFront or an internal origin).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from modules.core.framework import Construct, aws

TWO_YEARS = 2 * 365 * 24 * 3600


@dataclass(frozen=True, kw_only=True)
class SecurityHeadersProps:
    name: str
    """Unique per account (``<project>-edge-headers-<suffix>``)."""
    hsts_max_age_seconds: int = TWO_YEARS
    """How long browsers remember HTTPS-only (the HSTS preload list asks for >= 1 year)."""
    hsts_include_subdomains: bool = True
    hsts_preload: bool = False
    """Ask to be on browsers' built-in HSTS list: hard to undo, so opt in."""
    frame_option: Literal["DENY", "SAMEORIGIN"] = "DENY"
    referrer_policy: Literal[
        "no-referrer",
        "no-referrer-when-downgrade",
        "origin",
        "origin-when-cross-origin",
        "same-origin",
        "strict-origin",
        "strict-origin-when-cross-origin",
        "unsafe-url",
    ] = "strict-origin-when-cross-origin"


class SecurityHeaders(Construct):
    """Attribute ``policy_id`` (for a cache behaviour's ``response_headers_policy_id``)."""

    def __init__(self, scope: Construct, id_: str, props: SecurityHeadersProps) -> None:
        super().__init__(scope, id_)
        rh = aws.cloudfront_response_headers_policy
        self.policy = rh.CloudfrontResponseHeadersPolicy(
            self,
            "policy",
            name=props.name,
            comment="HSTS, nosniff, frame and referrer policies on every response",
            security_headers_config=rh.CloudfrontResponseHeadersPolicySecurityHeadersConfig(
                strict_transport_security=rh.CloudfrontResponseHeadersPolicySecurityHeadersConfigStrictTransportSecurity(
                    access_control_max_age_sec=props.hsts_max_age_seconds,
                    include_subdomains=props.hsts_include_subdomains,
                    preload=props.hsts_preload,
                    override=True,
                ),
                content_type_options=rh.CloudfrontResponseHeadersPolicySecurityHeadersConfigContentTypeOptions(
                    override=True
                ),
                frame_options=rh.CloudfrontResponseHeadersPolicySecurityHeadersConfigFrameOptions(
                    frame_option=props.frame_option, override=True
                ),
                referrer_policy=rh.CloudfrontResponseHeadersPolicySecurityHeadersConfigReferrerPolicy(
                    referrer_policy=props.referrer_policy, override=True
                ),
                xss_protection=rh.CloudfrontResponseHeadersPolicySecurityHeadersConfigXssProtection(
                    protection=True, mode_block=True, override=True
                ),
            ),
        )
        self.policy_id: str = self.policy.id
