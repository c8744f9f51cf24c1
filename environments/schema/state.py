"""Where Terraform keeps the environment's state."""

from __future__ import annotations

import re
from dataclasses import dataclass

from environments.schema.rules import (
    _between,
    bucket_name_problems,
)


@dataclass(frozen=True, kw_only=True)
class StateConfig:
    """Where Terraform keeps this environment's state (S3 backend, one key per stack)."""

    bucket: str | None = None
    """State bucket, created by the ``state`` stack. ``STATE_BUCKET`` overrides it."""
    lock_table: str | None = None
    """Optional DynamoDB lock table; the S3 lockfile (``use_lockfile``) is always on."""
    noncurrent_version_days: int = 90
    """Days old state versions are kept in the bucket."""
    protect: bool = True
    """``prevent_destroy`` on the state bucket (and lock table): a plan that would delete every
    version of every stack's state fails. State buckets are never ``force_destroy``. Off only
    for ``environments/local.py``, whose buckets vanish with its AWS API."""

    def problems(self, at: str, *, required: bool) -> list[str]:
        if self.bucket is None:
            return (
                [
                    f"{at}.bucket is not set: set state.bucket in the environment file "
                    "(the state stack creates it: make bootstrap)"
                ]
                if required
                else []
            )
        out = bucket_name_problems(self.bucket, f"{at}.bucket")
        if self.lock_table is not None and not re.fullmatch(r"[a-zA-Z0-9_.-]{3,255}", self.lock_table, re.ASCII):
            out.append(
                f"{at}.lock_table {self.lock_table!r} is not a DynamoDB table name (3-255 of letters, digits, '_', '.', '-')"
            )
        return out + _between(self.noncurrent_version_days, 1, 3650, f"{at}.noncurrent_version_days")
