"""The private bucket behind CloudFront's default behaviour, optionally with a placeholder site.

Nothing public: the bucket policy (attached by the CDN construct through ``allow_distribution``)
lets exactly one CloudFront distribution read objects, through Origin Access Control, and the
key policy lets CloudFront decrypt only for distributions of this account.
"""

from __future__ import annotations

from dataclasses import dataclass

from modules.core.framework import Construct, aws
from modules.security.iam import Condition, Statement
from modules.storage.secure_bucket import SecureBucket, SecureBucketProps

PLACEHOLDER_PAGES = {
    "index.html": "<!doctype html><title>It works</title><h1>It works</h1>"
    "<p>Static site served by CloudFront from a private S3 bucket; the API is under /api/.</p>",
    "error.html": "<!doctype html><title>Not found</title><h1>Not found</h1>",
}


@dataclass(frozen=True, kw_only=True)
class StaticSiteProps:
    bucket_name: str
    kms_key_arn: str
    """Its key policy must let CloudFront decrypt (``kms_key.cloudfront_service_user``)."""
    upload_placeholder: bool = True
    """Upload ``index.html`` and ``error.html`` so a new environment answers something."""
    force_destroy: bool = False
    prevent_destroy: bool = False


class StaticSite(Construct):
    """Attributes: ``bucket_name``, ``bucket_arn``, ``regional_domain_name``."""

    def __init__(self, scope: Construct, id_: str, props: StaticSiteProps) -> None:
        super().__init__(scope, id_)
        self.bucket = SecureBucket(
            self,
            "bucket",
            SecureBucketProps(
                name=props.bucket_name,
                kms_key_arn=props.kms_key_arn,
                force_destroy=props.force_destroy,
                prevent_destroy=props.prevent_destroy,
                policy_statements=None,  # needs the distribution's ARN: allow_distribution()
            ),
        )
        self.bucket_name: str = self.bucket.bucket_name
        self.bucket_arn: str = self.bucket.bucket_arn
        self.regional_domain_name: str = self.bucket.regional_domain_name
        if props.upload_placeholder:
            for key, body in PLACEHOLDER_PAGES.items():
                aws.s3_object.S3Object(
                    self,
                    key.replace(".", "-"),
                    bucket=self.bucket.bucket_name,
                    key=key,
                    content=body,
                    content_type="text/html; charset=utf-8",
                    cache_control="max-age=300",
                )

    def allow_distribution(self, distribution_arn: str) -> None:
        """Let exactly this distribution read the site's objects (OAC signs its requests)."""
        self.bucket.attach_policy(
            [
                Statement(
                    sid="CloudFrontReadsThroughOac",
                    actions=["s3:GetObject"],
                    resources=[self.bucket.objects_arn()],
                    # Literal, not AwsContext.service_principal("cloudfront"): the same string in the
                    # aws partition, but a partition token in the synthesized policy (a plan diff).
                    principals={"Service": ["cloudfront.amazonaws.com"]},
                    conditions=[Condition("StringEquals", "AWS:SourceArn", [distribution_arn])],
                )
            ]
        )
