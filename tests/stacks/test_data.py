"""The data stack: what it takes from the network stack, and the replica wiring."""

from __future__ import annotations

import pytest

from tests.conftest import OPTIONS_SUFFIX, environment_of, suffixes


def test_reads_network_values_through_remote_state(platform) -> None:
    remotes = platform.data("data-dev", "terraform_remote_state").values()
    assert all(r["backend"] == "s3" for r in remotes)
    # the network's values, and the alarm topic of messaging (the data tier's alarms)
    assert sorted(r["config"]["key"] for r in remotes) == ["dev/messaging.tfstate", "dev/network.tfstate"]


def test_replica_regions_get_a_replica_of_the_tables_key_through_an_aliased_provider(platform) -> None:
    stack = f"data-{OPTIONS_SUFFIX}"
    providers = platform.json(stack)["provider"]["aws"]
    assert {p.get("alias") for p in providers} == {None, "eu_central_1"}
    assert {p["region"] for p in providers if p.get("alias")} == {"eu-central-1"}
    replica = platform.resource(stack, "aws_kms_replica_key")
    assert replica["provider"] == "aws.eu_central_1" and "tables-key" in replica["primary_key_arn"]
    orders = platform.resource(stack, "aws_dynamodb_table", "orders")
    assert "aws_kms_replica_key" in orders["replica"][0]["kms_key_arn"]


def test_a_data_stack_without_replicas_has_no_extra_providers(platform) -> None:
    assert len(platform.json("data-dev")["provider"]["aws"]) == 1


def test_prod_replicates_the_catalog_to_two_regions_with_their_own_keys_and_pitr(platform) -> None:
    catalog = platform.resource("data-prod", "aws_dynamodb_table", "catalog")
    assert [r["region_name"] for r in catalog["replica"]] == ["eu-central-1", "eu-north-1"]
    keys = {key["provider"]: key for key in platform.resources("data-prod", "aws_kms_replica_key").values()}
    assert set(keys) == {"aws.eu_central_1", "aws.eu_north_1"}
    for replica in catalog["replica"]:
        alias = replica["region_name"].replace("-", "_")
        assert f"aws_kms_replica_key.tables-key_replica-{alias}_" in replica["kms_key_arn"]
        assert replica["point_in_time_recovery"] is True
    assert catalog["stream_enabled"] is True  # global tables need the stream
    # the replicas are watched: replication latency per replica region, to the alarm topic
    alarms = {a["alarm_name"]: a for a in platform.resources("data-prod", "aws_cloudwatch_metric_alarm").values()}
    for region in ("eu-central-1", "eu-north-1"):
        alarm = alarms[f"platform-catalog-replication-latency-{region}-prod"]
        assert alarm["metric_name"] == "ReplicationLatency"
        assert alarm["dimensions"]["ReceivingRegion"] == region
    orders = platform.resource("data-prod", "aws_dynamodb_table", "orders")
    assert "replica" not in orders


@pytest.mark.parametrize("suffix", suffixes(lambda e: e.emulator is not None))
def test_emulator_environments_list_no_replicas(platform, suffix: str) -> None:
    # moto ignores DynamoDB replicas and the provider waits for them forever (README, emulator gaps)
    assert not any(t.replica_regions for t in environment_of(suffix).tables)
    assert all("replica" not in t for t in platform.resources(f"data-{suffix}", "aws_dynamodb_table").values())
