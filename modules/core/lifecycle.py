"""``lifecycle(...)``: the one way a construct sets Terraform's ``lifecycle`` block.

``prevent_destroy`` comes from ``environment.protection`` (through the construct's props);
``ignore_changes`` names attributes another owner manages (autoscaling, a secret's value).
``None`` when nothing is set, so unprotected resources carry no empty block.
"""

from __future__ import annotations

from collections.abc import Sequence

from modules.core.framework import TerraformResourceLifecycle


def lifecycle(
    *, prevent_destroy: bool = False, ignore_changes: Sequence[str] = (), create_before_destroy: bool = False
) -> TerraformResourceLifecycle | None:
    if not (prevent_destroy or ignore_changes or create_before_destroy):
        return None
    return TerraformResourceLifecycle(
        prevent_destroy=prevent_destroy or None,
        ignore_changes=list(ignore_changes) or None,
        create_before_destroy=create_before_destroy or None,
    )
