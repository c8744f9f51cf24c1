"""How hard stateful resources are to lose."""

from __future__ import annotations

from dataclasses import dataclass

from environments.schema.rules import (
    _between,
)


@dataclass(frozen=True, kw_only=True)
class ProtectionConfig:
    """How hard stateful resources are to lose. Non-prod stays destroyable."""

    deletion_protection: bool = False
    """AWS-side deletion protection (Aurora, DynamoDB, ALB)."""
    prevent_destroy: bool = False
    """Terraform ``lifecycle.prevent_destroy`` on stateful resources: a plan that destroys fails."""
    final_snapshot: bool = False
    """Take a final Aurora snapshot (deterministic identifier) on cluster deletion."""
    kms_deletion_window_days: int = 7
    """Waiting period before a scheduled KMS key deletion (7-30)."""
    force_destroy_buckets: bool = True
    """Allow Terraform to empty and delete S3 buckets (ephemeral environments need it)."""
    secret_recovery_days: int = 0
    """Days a deleted Secrets Manager secret stays restorable (0: at once, so a destroyed
    environment can be re-created with the same names; 7-30 otherwise)."""
    confirm: bool = False
    """``make deploy``/``apply``/``destroy`` from a terminal ask for the environment's name to
    be typed before anything changes (CI, with ``CI=true``, is not asked)."""

    def problems(self, at: str) -> list[str]:
        out = _between(self.kms_deletion_window_days, 7, 30, f"{at}.kms_deletion_window_days")
        if self.secret_recovery_days != 0 and not 7 <= self.secret_recovery_days <= 30:
            out.append(f"{at}.secret_recovery_days ({self.secret_recovery_days}) must be 0 or between 7 and 30")
        if self.prevent_destroy and self.force_destroy_buckets:
            out.append(
                f"{at}.force_destroy_buckets must be False when prevent_destroy is True "
                "(a protected environment never empties its buckets)"
            )
        return out
