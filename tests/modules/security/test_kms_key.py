"""KMS keys: rotation on, deletion window and prevent_destroy from the protection config, and a
key policy that names its service users with conditions."""

from __future__ import annotations

import pytest

from tests.conftest import policy_statements


@pytest.mark.parametrize(("stack", "window", "protected"), [("network-dev", 7, False), ("network-prod", 30, True)])
def test_rotation_window_and_protection(platform, stack: str, window: int, protected: bool) -> None:
    key = platform.resource(stack, "aws_kms_key", "logs-key")
    assert key["enable_key_rotation"] is True
    assert key["deletion_window_in_days"] == window
    assert key.get("lifecycle", {}).get("prevent_destroy", False) is protected
    alias = platform.resource(stack, "aws_kms_alias", "logs-key")
    assert alias["name"] == f"alias/platform-logs-{stack.split('-')[1]}"


def test_logs_key_policy_limits_cloudwatch_to_this_accounts_log_groups(platform) -> None:
    admin, logs = policy_statements(platform, "network-dev", "logs-key_policy")
    assert admin["principals"][0]["identifiers"][0].endswith(":root")
    assert logs["principals"][0]["identifiers"][0].startswith("logs.")
    assert "kms:*" not in logs["actions"]
    [condition] = logs["condition"]
    assert condition["variable"] == "kms:EncryptionContext:aws:logs:arn"
    assert ":log-group:*" in condition["values"][0]
