"""``state-<suffix>``: the bucket (and optional lock table) every other stack keeps its state in.

It must exist before any other backend, so this stack keeps its own state in a local file
(``terraform.state-<suffix>.tfstate``, git-ignored); run it once per account and region.
"""

from __future__ import annotations

from environments.schema import Environment
from modules.framework import Construct, TerraformOutput
from modules.lock_table import LockTable, LockTableProps
from modules.secure_bucket import SecureBucket, SecureBucketProps
from stacks.base import PlatformStack


class StateStack(PlatformStack):
    backend_kind = "local"

    def __init__(self, scope: Construct, environment: Environment) -> None:
        super().__init__(scope, "state", environment)
        state = environment.state
        # SSE-S3: the S3 backend writes with `encrypt = true` (AES256); see tests/security skips.
        bucket = SecureBucket(self, "bucket", SecureBucketProps(
            name=state.bucket,
            noncurrent_version_days=state.noncurrent_version_days,
            prevent_destroy=environment.protection.prevent_destroy,
            force_destroy=environment.protection.force_destroy_buckets,
            tls_only=environment.policy_conditions_enforced,
        ))
        TerraformOutput(self, "state_bucket", value=bucket.bucket_name)
        if state.lock_table:
            table = LockTable(self, "locks", LockTableProps(
                name=state.lock_table,
                deletion_protection=environment.protection.deletion_protection,
            ))
            TerraformOutput(self, "lock_table", value=table.table_name)
