"""Flow logs: every VPC logs to a KMS-encrypted group through a role scoped to that group."""

from __future__ import annotations

import pytest

from tests.conftest import policy_statements


@pytest.mark.parametrize(("stack", "retention"), [("network-dev", 14), ("network-prod", 365)])
def test_flow_log_to_encrypted_group_with_configured_retention(platform, stack: str, retention: int) -> None:
    flow = platform.resource(stack, "aws_flow_log")
    assert flow["traffic_type"] == "ALL" and flow["log_destination_type"] == "cloud-watch-logs"
    assert "aws_vpc" in flow["vpc_id"]
    group = platform.resource(stack, "aws_cloudwatch_log_group", "flow-logs")
    assert group["retention_in_days"] == retention
    assert group["kms_key_id"].startswith("${aws_kms_key.logs-key")


def test_role_is_trusted_by_flow_logs_only_and_writes_only_its_group(platform) -> None:
    [trust] = policy_statements(platform, "network-dev", "flow-logs_trust")
    [principal] = trust["principals"]
    assert principal["type"] == "Service" and principal["identifiers"][0].startswith("vpc-flow-logs.")
    assert trust["condition"][0]["variable"] == "aws:SourceAccount"
    [write] = policy_statements(platform, "network-dev", "flow-logs_write-policy")
    assert "*" not in write["resources"]
    assert all("aws_cloudwatch_log_group.flow-logs" in r for r in write["resources"])
