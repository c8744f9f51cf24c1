"""The data stack: what it takes from the network stack, and the replica wiring."""

from __future__ import annotations

from tests.conftest import OPTIONS_SUFFIX


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


def test_default_data_stack_has_no_extra_providers(platform) -> None:
    assert len(platform.json("data-prod")["provider"]["aws"]) == 1
