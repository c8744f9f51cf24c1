"""The data tier is watched: Aurora (CPU, connections against max_connections, ACU utilisation
or freeable memory, replica lag with readers) and DynamoDB (throttles, system errors), with
thresholds from configuration, to the alarm topic."""

from __future__ import annotations

import json

import pytest

import modules.core.framework as framework
from environments.base import ORDERS_TABLE
from environments.naming import Kind, Namer
from environments.schema import DatabaseConfig
from environments.schema.data_alarms import DatabaseAlarmsConfig, TableAlarmsConfig
from modules.data.database_alarms import DatabaseAlarms, DatabaseAlarmsProps, max_connections
from modules.data.table_alarms import TableAlarms, TableAlarmsProps

NAMER = Namer("platform", "test")
TOPIC = "arn:aws:sns:eu-west-1:111111111111:platform-alarms-test"


def database_alarms(database: DatabaseConfig, spec: DatabaseAlarmsConfig | None = None) -> dict[str, dict]:
    stack = framework.TerraformStack(framework.Testing.app(), "test")
    DatabaseAlarms(
        stack,
        "db",
        DatabaseAlarmsProps(
            spec=spec or DatabaseAlarmsConfig(),
            database=database,
            cluster_identifier="platform-db-test",
            alarm_name=NAMER.family("db", Kind.ALARM),
            topic_arn=TOPIC,
        ),
    )
    resources = json.loads(framework.Testing.synth(stack))["resource"]["aws_cloudwatch_metric_alarm"]
    return {a["alarm_name"].removeprefix("platform-db-").removesuffix("-test"): a for a in resources.values()}


def test_serverless_writer_only() -> None:
    alarms = database_alarms(DatabaseConfig(max_acu=2), DatabaseAlarmsConfig(cpu_percent=75, connections_percent=50))
    assert set(alarms) == {"cpu", "connections", "acu-utilization"}
    assert alarms["cpu"]["threshold"] == 75
    assert alarms["connections"]["threshold"] == max_connections(DatabaseConfig(max_acu=2)) // 2 == 225
    for alarm in alarms.values():
        assert alarm["dimensions"] == {"DBClusterIdentifier": "platform-db-test"}
        assert alarm["alarm_actions"] == [TOPIC] and alarm["evaluation_periods"] == 5


def test_provisioned_with_readers_watches_memory_and_replica_lag() -> None:
    alarms = database_alarms(DatabaseConfig(instance_class="db.r6g.large", instances=2))
    assert set(alarms) == {"cpu", "connections", "freeable-memory", "replica-lag"}
    assert alarms["freeable-memory"]["comparison_operator"] == "LessThanThreshold"
    assert alarms["freeable-memory"]["threshold"] == 256 * 1024 * 1024
    assert alarms["replica-lag"]["threshold"] == 30000  # AuroraReplicaLagMaximum is in milliseconds
    assert alarms["connections"]["threshold"] == 1802 * 80 // 100  # 16 GiB / 9531392


@pytest.mark.parametrize(
    ("instance_class", "limit"), [("db.t4g.medium", 225), ("db.r6g.xlarge", 3604), ("db.r6g.8xlarge", 5000)]
)
def test_max_connections_follows_aurora_postgresqls_formula(instance_class: str, limit: int) -> None:
    assert max_connections(DatabaseConfig(instance_class=instance_class)) == limit


def test_table_throttles_and_system_errors() -> None:
    stack = framework.TerraformStack(framework.Testing.app(), "test")
    TableAlarms(
        stack,
        "orders",
        TableAlarmsProps(
            spec=TableAlarmsConfig(throttled_requests=5),
            table=ORDERS_TABLE,
            table_name="platform-orders-test",
            alarm_name=NAMER.family("orders", Kind.ALARM),
            topic_arn=TOPIC,
        ),
    )
    resources = json.loads(framework.Testing.synth(stack))["resource"]["aws_cloudwatch_metric_alarm"]
    alarms = {a["alarm_name"]: a for a in resources.values()}
    throttles = alarms["platform-orders-throttles-test"]
    assert throttles["threshold"] == 5
    indexes = {
        q["metric"]["dimensions"].get("GlobalSecondaryIndexName") for q in throttles["metric_query"] if "metric" in q
    }
    assert indexes == {None, "by-day", "by-order-id"}  # the table and each index
    errors = alarms["platform-orders-system-errors-test"]
    assert {q["metric"]["metric_name"] for q in errors["metric_query"] if "metric" in q} == {"SystemErrors"}
    assert len(errors["metric_query"]) <= 11
    for alarm in alarms.values():
        assert alarm["alarm_actions"] == [TOPIC]


def test_a_global_table_alarms_on_replication_latency_to_each_replica_region() -> None:
    import dataclasses

    stack = framework.TerraformStack(framework.Testing.app(), "test")
    TableAlarms(
        stack,
        "orders",
        TableAlarmsProps(
            spec=TableAlarmsConfig(replication_latency_seconds=30),
            table=dataclasses.replace(ORDERS_TABLE, replica_regions=("eu-central-1", "eu-north-1")),
            table_name="platform-orders-test",
            alarm_name=NAMER.family("orders", Kind.ALARM),
            topic_arn=TOPIC,
        ),
    )
    resources = json.loads(framework.Testing.synth(stack))["resource"]["aws_cloudwatch_metric_alarm"]
    alarms = {a["alarm_name"]: a for a in resources.values()}
    for region in ("eu-central-1", "eu-north-1"):
        latency = alarms[f"platform-orders-replication-latency-{region}-test"]
        assert latency["namespace"] == "AWS/DynamoDB" and latency["metric_name"] == "ReplicationLatency"
        assert latency["dimensions"] == {"TableName": "platform-orders-test", "ReceivingRegion": region}
        assert latency["statistic"] == "Average" and latency["threshold"] == 30000  # milliseconds
        assert latency["alarm_actions"] == [TOPIC]
    assert len(alarms) == 4
