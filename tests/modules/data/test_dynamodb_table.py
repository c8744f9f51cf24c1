"""DynamoDB tables from their specs: keys and GSIs, TTL, PITR, KMS, protection, streams,
provisioned autoscaling and global-table replicas."""

from __future__ import annotations

import json

import pytest

import modules.core.framework as framework
from environments.schema import IndexConfig, ProtectionConfig, TableConfig
from tests.conftest import environment_of, suffixes


def table(platform, suffix: str, name: str) -> dict:
    return platform.resource(f"data-{suffix}", "aws_dynamodb_table", f"table-{name}")


@pytest.mark.parametrize("suffix", suffixes())
def test_every_table_has_pitr_and_the_tables_key(platform, suffix: str) -> None:
    for resource in platform.resources(f"data-{suffix}", "aws_dynamodb_table").values():
        assert resource["point_in_time_recovery"] == {"enabled": True}
        assert resource["server_side_encryption"]["enabled"] is True
        assert "aws_kms_key.tables-key" in resource["server_side_encryption"]["kms_key_arn"]
        assert resource["name"].endswith(f"-{suffix}")


def test_catalog_single_table_design(platform) -> None:
    catalog = table(platform, "dev", "catalog")
    assert (catalog["name"], catalog["hash_key"], catalog["range_key"]) == ("platform-catalog-dev", "PK", "SK")
    assert catalog["billing_mode"] == "PAY_PER_REQUEST"
    indexes = {i["name"]: i for i in catalog["global_secondary_index"]}
    assert (indexes["by-category"]["hash_key"], indexes["by-category"]["range_key"]) == ("category", "name")
    assert (indexes["by-category-price"]["hash_key"], indexes["by-category-price"]["range_key"]) == (
        "category",
        "price",
    )
    assert {a["name"]: a["type"] for a in catalog["attribute"]}["price"] == "N"
    assert catalog["ttl"] == {"attribute_name": "expires_at", "enabled": True}


def test_orders_by_user_and_by_day_with_a_stream(platform) -> None:
    orders = table(platform, "dev", "orders")
    assert (orders["hash_key"], orders["range_key"]) == ("user_id", "created_at")
    assert {i["name"] for i in orders["global_secondary_index"]} == {"by-day", "by-order-id"}
    assert orders["stream_enabled"] is True and orders["stream_view_type"] == "NEW_AND_OLD_IMAGES"


@pytest.mark.parametrize("suffix", suffixes())
def test_protection_follows_the_environment(platform, suffix: str) -> None:
    protected = environment_of(suffix).protection.deletion_protection
    orders = table(platform, suffix, "orders")
    assert orders["deletion_protection_enabled"] is protected
    assert orders.get("lifecycle", {}).get("prevent_destroy", False) is protected


def test_tables_key_is_multi_region_from_the_start(platform) -> None:
    key = platform.resource("data-dev", "aws_kms_key", "tables-key")
    assert key["multi_region"] is True and key["enable_key_rotation"] is True


def synth_table(spec: TableConfig) -> dict:
    from modules.data.dynamodb_table import DynamoTable, DynamoTableProps

    stack = framework.TerraformStack(framework.Testing.app(), "test")
    DynamoTable(
        stack,
        "t",
        DynamoTableProps(
            name="platform-t-test",
            spec=spec,
            kms_key_arn="arn:aws:kms:eu-west-1:111111111111:key/1",
            replica_kms_key_arns={"eu-central-1": "arn:aws:kms:eu-central-1:111111111111:key/1"},
            protection=ProtectionConfig(),
        ),
    )
    return json.loads(framework.Testing.synth(stack))


def test_provisioned_tables_autoscale_table_and_indexes() -> None:
    spec = TableConfig(
        name="t",
        attributes={"PK": "S", "G": "S"},
        partition_key="PK",
        indexes=(IndexConfig(name="g", partition_key="G"),),
        billing="PROVISIONED",
        read_capacity=(5, 100),
        write_capacity=(2, 20),
    )
    synthesized = synth_table(spec)
    resource = next(iter(synthesized["resource"]["aws_dynamodb_table"].values()))
    assert resource["read_capacity"] == 5 and resource["write_capacity"] == 2
    assert resource["lifecycle"]["ignore_changes"] == ["read_capacity", "write_capacity"]
    targets = synthesized["resource"]["aws_appautoscaling_target"].values()
    assert sorted((t["scalable_dimension"], t["min_capacity"], t["max_capacity"]) for t in targets) == [
        ("dynamodb:index:ReadCapacityUnits", 5, 100),
        ("dynamodb:index:WriteCapacityUnits", 2, 20),
        ("dynamodb:table:ReadCapacityUnits", 5, 100),
        ("dynamodb:table:WriteCapacityUnits", 2, 20),
    ]
    policies = synthesized["resource"]["aws_appautoscaling_policy"].values()
    assert {p["target_tracking_scaling_policy_configuration"]["target_value"] for p in policies} == {70}


def test_replicas_get_their_regional_key_and_turn_the_stream_on() -> None:
    spec = TableConfig(name="t", attributes={"PK": "S"}, partition_key="PK", replica_regions=("eu-central-1",))
    resource = next(iter(synth_table(spec)["resource"]["aws_dynamodb_table"].values()))
    assert resource["replica"] == [
        {
            "region_name": "eu-central-1",
            "point_in_time_recovery": True,
            "propagate_tags": True,
            "kms_key_arn": "arn:aws:kms:eu-central-1:111111111111:key/1",
        }
    ]
    assert resource["stream_enabled"] is True and resource["stream_view_type"] == "NEW_AND_OLD_IMAGES"
