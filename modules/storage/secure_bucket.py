"""A private S3 bucket with the settings every bucket here needs.

Public access blocked on all four switches, object ownership enforced (no ACLs) unless a log
writer needs ACLs, default encryption (a customer-managed key, or SSE-S3 where the writing
service supports nothing else), versioning with noncurrent-version expiry, aborted multipart
uploads cleaned up, and a bucket policy that denies any request not made over TLS.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from modules.core.framework import Construct, aws
from modules.core.lifecycle import lifecycle
from modules.security.iam import Statement, deny_insecure_transport, policy_json


@dataclass(frozen=True, kw_only=True)
class SecureBucketProps:
    name: str
    """Globally unique bucket name (from the Namer)."""
    kms_key_arn: str | None = None
    """Default encryption key; None means SSE-S3 (required for ALB access logs)."""
    versioned: bool = True
    noncurrent_version_days: int = 90
    """Days a replaced or deleted object version is kept."""
    expire_days: int | None = None
    """Expire current objects after this many days (log buckets)."""
    expire_prefixes: Mapping[str, int] = field(default_factory=dict)
    """``{key prefix: days}``: objects under a prefix expire after that many days, and their
    old versions a day later (the state bucket's saved plans under ``plans/``)."""
    force_destroy: bool = False
    """Let ``terraform destroy`` empty the bucket first (non-prod only)."""
    prevent_destroy: bool = False
    object_ownership: Literal["BucketOwnerEnforced", "BucketOwnerPreferred"] = "BucketOwnerEnforced"
    """``BucketOwnerPreferred`` only for writers that still need ACLs (CloudFront standard logs)."""
    policy_statements: Sequence[Statement] | None = ()
    """Extra bucket-policy statements; None defers the policy to ``attach_policy`` (when a
    statement needs something created after the bucket, like a distribution's ARN)."""


class SecureBucket(Construct):
    """Attributes: ``bucket_name``, ``bucket_arn``, ``regional_domain_name``."""

    def __init__(self, scope: Construct, id_: str, props: SecureBucketProps) -> None:
        super().__init__(scope, id_)
        self.bucket = aws.s3_bucket.S3Bucket(
            self,
            "bucket",
            bucket=props.name,
            force_destroy=props.force_destroy,
            lifecycle=lifecycle(prevent_destroy=props.prevent_destroy),
        )
        self.bucket_name: str = self.bucket.bucket
        self.bucket_arn: str = self.bucket.arn
        self.regional_domain_name: str = self.bucket.bucket_regional_domain_name
        self._bucket_id: str = self.bucket.id  # read once: each read is a jsii round trip
        self._policy_attached = False
        self.policy: aws.s3_bucket_policy.S3BucketPolicy | None = None

        self._public_access = aws.s3_bucket_public_access_block.S3BucketPublicAccessBlock(
            self,
            "public-access",
            bucket=self._bucket_id,
            block_public_acls=True,
            block_public_policy=True,
            ignore_public_acls=True,
            restrict_public_buckets=True,
        )
        ownership = aws.s3_bucket_ownership_controls
        ownership.S3BucketOwnershipControls(
            self,
            "ownership",
            bucket=self._bucket_id,
            rule=ownership.S3BucketOwnershipControlsRule(object_ownership=props.object_ownership),
        )
        sse = aws.s3_bucket_server_side_encryption_configuration
        aws_kms = props.kms_key_arn is not None
        sse.S3BucketServerSideEncryptionConfigurationA(
            self,
            "encryption",
            bucket=self._bucket_id,
            rule=[
                sse.S3BucketServerSideEncryptionConfigurationRuleA(
                    apply_server_side_encryption_by_default=sse.S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA(
                        sse_algorithm="aws:kms" if aws_kms else "AES256",
                        kms_master_key_id=props.kms_key_arn,
                    ),
                    bucket_key_enabled=aws_kms,
                )
            ],
        )
        versioning = None
        if props.versioned:
            v = aws.s3_bucket_versioning
            versioning = v.S3BucketVersioningA(
                self,
                "versioning",
                bucket=self._bucket_id,
                versioning_configuration=v.S3BucketVersioningVersioningConfiguration(status="Enabled"),
            )
        lc = aws.s3_bucket_lifecycle_configuration
        lc.S3BucketLifecycleConfiguration(
            self,
            "lifecycle",
            bucket=self._bucket_id,
            rule=[
                lc.S3BucketLifecycleConfigurationRule(
                    id="housekeeping",
                    status="Enabled",
                    filter=[lc.S3BucketLifecycleConfigurationRuleFilter(prefix="")],
                    abort_incomplete_multipart_upload=[
                        lc.S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload(days_after_initiation=7)
                    ],
                    noncurrent_version_expiration=[
                        lc.S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration(
                            noncurrent_days=props.noncurrent_version_days
                        )
                    ]
                    if props.versioned
                    else None,
                    expiration=[lc.S3BucketLifecycleConfigurationRuleExpiration(days=props.expire_days)]
                    if props.expire_days
                    else None,
                ),
                *(
                    lc.S3BucketLifecycleConfigurationRule(
                        id=f"expire-{prefix.strip('/').replace('/', '-')}",
                        status="Enabled",
                        filter=[lc.S3BucketLifecycleConfigurationRuleFilter(prefix=prefix)],
                        expiration=[lc.S3BucketLifecycleConfigurationRuleExpiration(days=days)],
                        noncurrent_version_expiration=[
                            lc.S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration(noncurrent_days=1)
                        ]
                        if props.versioned
                        else None,
                    )
                    for prefix, days in sorted(props.expire_prefixes.items())
                ),
            ],
            depends_on=[versioning] if versioning else None,
        )
        if props.policy_statements is not None:
            self.attach_policy(props.policy_statements)

    def attach_policy(self, statements: Sequence[Statement]) -> None:
        """Create the bucket policy: TLS only, plus ``statements``. Called once."""
        if self._policy_attached:
            raise RuntimeError(f"{self.node.path}: the bucket policy is already attached")
        self._policy_attached = True
        deny_plain_http = deny_insecure_transport(["s3:*"], [self.bucket_arn, f"{self.bucket_arn}/*"])
        self.policy = aws.s3_bucket_policy.S3BucketPolicy(
            self,
            "policy",
            bucket=self._bucket_id,
            policy=policy_json(self, "policy-document", [deny_plain_http, *statements]),
            depends_on=[self._public_access],  # the block must exist before any policy lands
        )

    def objects_arn(self, prefix: str = "") -> str:
        return f"{self.bucket_arn}/{prefix}*"
