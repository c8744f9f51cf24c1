"""``state-<suffix>``: the bucket (and optional lock table) every stack keeps its state in.

Its own state lives in that bucket too (``<suffix>/state.tfstate``), so no state lives only on
one machine. The bucket must exist before that backend can be used: ``make bootstrap``
(``tools/bootstrap.py``) applies this stack once with a local backend, then moves the state in.
State buckets are never ``force_destroy`` and carry ``prevent_destroy`` (``state.protect``).
"""

from __future__ import annotations

from environments.schema import Environment
from modules.core.framework import Construct, TerraformOutput
from modules.storage.lock_table import LockTable, LockTableProps
from modules.storage.secure_bucket import SecureBucket, SecureBucketProps
from stacks.base import PlatformStack


class StateStack(PlatformStack):
    def __init__(self, scope: Construct, environment: Environment) -> None:
        super().__init__(scope, "state", environment)
        state, pipeline = environment.state, environment.pipeline
        if not state.bucket:  # validation sets or requires it; a construct needs a name
            raise ValueError(f"environments.{environment.name}.state.bucket is not set")
        # SSE-S3: the S3 backend writes with `encrypt = true` (AES256); see tests/security skips.
        bucket = SecureBucket(
            self,
            "bucket",
            SecureBucketProps(
                name=state.bucket,
                noncurrent_version_days=state.noncurrent_version_days,
                prevent_destroy=state.protect,
                force_destroy=False,  # emptying it would erase every version of every stack's state
                # The pipeline's saved plans (tools/plan_store.py) hold secrets: gone once no
                # approval can still be waiting for them.
                expire_prefixes={"plans/": pipeline.plan_retention_days} if pipeline else {},
            ),
        )
        TerraformOutput(self, "state_bucket", value=bucket.bucket_name)
        if state.lock_table:
            table = LockTable(
                self,
                "locks",
                LockTableProps(
                    name=state.lock_table,
                    deletion_protection=environment.protection.deletion_protection,
                    prevent_destroy=state.protect,
                ),
            )
            TerraformOutput(self, "lock_table", value=table.table_name)
