"""``terraform validate`` of every synthesized stack (every named environment and an
ephemeral copy) against the real provider schema from the mirror."""

from __future__ import annotations

import pytest

from tools.validate import validate


@pytest.mark.terraform
def test_every_stack_is_valid_terraform(platform) -> None:
    diagnostics = validate(platform.outdir)
    assert [str(d) for d in diagnostics] == []
