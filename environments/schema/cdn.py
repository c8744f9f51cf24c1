"""CloudFront in front of the site bucket and the load balancer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from environments.schema.rules import (
    CLOUDFRONT_PRICE_CLASSES,
    _between,
    _retention,
)


@dataclass(frozen=True, kw_only=True)
class CdnConfig:
    """CloudFront in front of the static-site bucket (default) and the ALB (``/api/*``)."""

    price_class: str = "PriceClass_100"
    api_origin: Literal["vpc-origin", "public-alb"] = "vpc-origin"
    """How CloudFront reaches the API. ``vpc-origin``: the load balancer is internal, in the
    private subnets, and CloudFront reaches it through a CloudFront VPC origin (its own network
    interfaces in the VPC): nothing of the API is on the internet. ``public-alb``: the load
    balancer is internet-facing in the public subnets and CloudFront reaches it as a custom
    origin over HTTPS, still admitting only CloudFront's addresses; only for an AWS API without
    VPC origins (``environments/local.py``)."""
    response_headers: Literal["own-policy", "aws-managed"] = "own-policy"
    """``own-policy``: a response-headers policy of this environment (HSTS 2 years with
    subdomains, nosniff, ``X-Frame-Options: DENY``, strict-origin-when-cross-origin referrers).
    ``aws-managed``: AWS's SecurityHeadersPolicy by id (the same headers, frames SAMEORIGIN,
    HSTS 1 year without subdomains), for an API without response-headers policies."""
    waf: bool = False
    """Attach a WAFv2 web ACL (AWS common rule set + per-IP rate limit)."""
    waf_rate_limit: int = 2000
    """Requests per 5 minutes per IP before WAF blocks."""
    access_logs: bool = False
    """Standard CloudFront access logs to an S3 bucket."""
    log_retention_days: int = 90
    """Retention of WAF logs and CloudFront access logs."""
    error_pages: bool = True
    """Serve ``/error.html`` for 403/404 answers. CloudFront applies error pages to every
    behaviour, so API 403/404 bodies are replaced too: turn off if clients need them."""
    upload_default_site: bool = True
    """Upload a placeholder index.html / error.html into the site bucket."""
    api_path: str = "/api/*"

    def problems(self, at: str) -> list[str]:
        out: list[str] = []
        if self.price_class not in CLOUDFRONT_PRICE_CLASSES:
            out.append(f"{at}.price_class {self.price_class!r} must be one of {', '.join(CLOUDFRONT_PRICE_CLASSES)}")
        out += _between(self.waf_rate_limit, 10, 2000000000, f"{at}.waf_rate_limit")
        out += _retention(self.log_retention_days, f"{at}.log_retention_days")
        if not re.fullmatch(r"/[A-Za-z0-9_\-./]*\*?", self.api_path, re.ASCII):
            out.append(f"{at}.api_path {self.api_path!r} must be a path pattern like '/api/*'")
        return out
