"""One dashboard per environment: a row per tier, built from the same configuration."""

from __future__ import annotations

import json

import modules.core.framework as framework
from modules.observability.dashboard import Dashboard, DashboardProps, QueuePanel, ServicePanel, dashboard_widgets
from tests.terraform_console import document

PROPS = DashboardProps(
    name="platform-test",
    region="eu-west-1",
    distribution_id="E123",
    load_balancer_arn_suffix="app/platform-api-test/1",
    services=[
        ServicePanel(
            name="api", cluster_name="c", service_name="platform-api-test", target_group_arn_suffix="targetgroup/x/1"
        ),
        ServicePanel(name="order-worker", cluster_name="c", service_name="platform-order-worker-test"),
    ],
    queues=[QueuePanel(name="platform-order-processing-test", dlq_name="platform-order-processing-dlq-test")],
    database_cluster="platform-db-test",
    tables=["platform-orders-test"],
    functions=["platform-catalog-api-test"],
)


def test_a_row_per_tier_in_order() -> None:
    headers = [w["properties"]["markdown"] for w in dashboard_widgets(PROPS) if w["type"] == "text"]
    assert headers == [
        "## CloudFront",
        "## Load balancer",
        "## Service api",
        "## Service order-worker",
        "## Functions",
        "## Queues",
        "## Aurora",
        "## DynamoDB",
    ]


def test_cloudfront_metrics_come_from_us_east_1_and_the_rest_from_the_region() -> None:
    for widget in dashboard_widgets(PROPS):
        if widget["type"] == "metric":
            namespace = widget["properties"]["metrics"][0][0]
            assert widget["properties"]["region"] == ("us-east-1" if namespace == "AWS/CloudFront" else "eu-west-1")


def test_queues_show_their_dead_letter_queues() -> None:
    [queue] = [w for w in dashboard_widgets(PROPS) if w["properties"].get("title") == "platform-order-processing-test"]
    assert [m[3] for m in queue["properties"]["metrics"]] == ["platform-order-processing-test"] * 2 + [
        "platform-order-processing-dlq-test"
    ]


def test_synthesized_with_its_console_address() -> None:
    stack = framework.TerraformStack(framework.Testing.app(), "test")
    dashboard = Dashboard(stack, "dashboard", PROPS)
    [resource] = json.loads(framework.Testing.synth(stack))["resource"]["aws_cloudwatch_dashboard"].values()
    assert resource["dashboard_name"] == "platform-test"
    assert document(resource["dashboard_body"]) == {"widgets": dashboard_widgets(PROPS)}
    assert dashboard.dashboard_url.endswith("region=eu-west-1#dashboards/dashboard/platform-test")


def test_a_global_tables_replicas_show_their_latency_and_their_own_regions_capacity() -> None:
    import dataclasses

    props = dataclasses.replace(PROPS, replica_regions={"platform-orders-test": ("eu-central-1", "eu-north-1")})
    widgets = {w["properties"].get("title"): w for w in dashboard_widgets(props) if w["type"] == "metric"}
    latency = widgets["platform-orders-test replication latency (ms)"]["properties"]
    assert latency["region"] == "eu-west-1"
    assert [(m[1], m[3]) for m in latency["metrics"]] == [
        ("ReplicationLatency", "eu-central-1"),
        ("ReplicationLatency", "eu-north-1"),
    ]
    for region in ("eu-central-1", "eu-north-1"):
        assert widgets[f"platform-orders-test in {region}"]["properties"]["region"] == region


def test_an_environment_that_sends_email_gets_its_row() -> None:
    import dataclasses

    assert "## E-mail" not in [w["properties"].get("markdown") for w in dashboard_widgets(PROPS)]
    widgets = dashboard_widgets(dataclasses.replace(PROPS, email=True))
    assert widgets[-4]["properties"]["markdown"] == "## E-mail"
    metrics = {m[1] for w in widgets[-3:] for m in w["properties"]["metrics"]}
    assert {"Send", "Bounce", "Complaint", "Reputation.BounceRate", "Reputation.ComplaintRate"} <= metrics


def test_functions_show_invocations_errors_throttles_and_duration() -> None:
    [function] = [w for w in dashboard_widgets(PROPS) if w["properties"].get("title") == "platform-catalog-api-test"]
    assert [(m[1], m[3]) for m in function["properties"]["metrics"]] == [
        ("Invocations", "platform-catalog-api-test"),
        ("Errors", "platform-catalog-api-test"),
        ("Throttles", "platform-catalog-api-test"),
        ("Duration", "platform-catalog-api-test"),
    ]


def test_the_http_api_has_a_row_of_its_own() -> None:
    import dataclasses

    widgets = dashboard_widgets(dataclasses.replace(PROPS, http_api_id="abc123"))
    row = [w for w in widgets if w["type"] == "metric" and w["properties"]["metrics"][0][0] == "AWS/ApiGateway"]
    assert {m[1] for w in row for m in w["properties"]["metrics"]} >= {"Count", "5xx", "Latency"}
    assert all(m[2:4] == ["ApiId", "abc123"] for w in row for m in w["properties"]["metrics"])
    assert not any(w["properties"].get("markdown") == "## HTTP API" for w in dashboard_widgets(PROPS))


def test_each_cache_node_and_each_vm_has_a_row_of_its_own() -> None:
    import dataclasses

    widgets = dashboard_widgets(
        dataclasses.replace(
            PROPS,
            cache_nodes=["platform-cache-test-001", "platform-cache-test-002"],
            vm_groups=["platform-legacy-test"],
        )
    )
    headers = [w["properties"]["markdown"] for w in widgets if w["type"] == "text"]
    assert headers[-3:] == [
        "## Cache platform-cache-test-001",
        "## Cache platform-cache-test-002",
        "## vm platform-legacy-test",
    ]
    cache = [w for w in widgets if w["type"] == "metric" and w["properties"]["metrics"][0][0] == "AWS/ElastiCache"]
    assert {m[1] for w in cache for m in w["properties"]["metrics"]} >= {
        "EngineCPUUtilization",
        "Evictions",
        "ReplicationLag",
    }
    assert {tuple(m[2:4]) for w in cache for m in w["properties"]["metrics"]} == {
        ("CacheClusterId", "platform-cache-test-001"),
        ("CacheClusterId", "platform-cache-test-002"),
    }
    vm = [w for w in widgets if w["type"] == "metric" and w["properties"]["metrics"][0][0] == "AWS/EC2"]
    assert all(
        m[2:4] == ["AutoScalingGroupName", "platform-legacy-test"] for w in vm for m in w["properties"]["metrics"]
    )
    assert not [w for w in dashboard_widgets(PROPS) if "Cache" in w["properties"].get("markdown", "")]
