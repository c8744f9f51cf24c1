"""One CloudWatch dashboard per environment: a row per tier (CloudFront, the load balancer,
each service, the queues with their dead-letter queues, Aurora, DynamoDB), built from the same
configuration as the resources, so a new service, queue or table appears on it by itself.

Each row starts with a full-width text header; CloudWatch places widgets left to right, top to
bottom, in the order given. Every metric widget names its region (CloudFront's metrics live in
us-east-1, the rest in the environment's region), so the dashboard can live in either.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from modules.core.document import json_document
from modules.core.framework import Construct, aws

CLOUDFRONT_REGION = "us-east-1"


@dataclass(frozen=True, kw_only=True)
class ServicePanel:
    """A service's row: ECS CPU and memory; for a web service its target group too."""

    name: str
    cluster_name: str
    service_name: str
    target_group_arn_suffix: str | None = None


@dataclass(frozen=True, kw_only=True)
class QueuePanel:
    name: str
    """Physical queue name."""
    dlq_name: str


@dataclass(frozen=True, kw_only=True)
class DashboardProps:
    name: str
    """Dashboard name (from the Namer)."""
    region: str
    """The environment's region (everything but CloudFront)."""
    distribution_id: str | None = None
    load_balancer_arn_suffix: str | None = None
    services: Sequence[ServicePanel] = ()
    queues: Sequence[QueuePanel] = ()
    database_cluster: str | None = None
    database_serverless: bool = True
    tables: Sequence[str] = ()
    """Physical table names."""
    email: bool = False
    """The environment sends e-mail through SES: the account's sending, bounces, complaints and reputation."""
    replica_regions: Mapping[str, Sequence[str]] = field(default_factory=dict)
    """Physical table name -> its global-table replica regions (replication latency, and the
    replicas' own capacity in their regions)."""
    functions: Sequence[str] = ()
    """Physical Lambda function names (a row: invocations, errors, throttles, duration)."""
    http_api_id: str | None = None
    """The HTTP API's id (a row: requests, 4xx and 5xx, latency)."""
    broker: str | None = None
    """The RabbitMQ broker's name (a row: messages ready and unacknowledged, connections, consumers)."""
    cache_nodes: Sequence[str] = ()
    """The Valkey cache's member clusters (``<group>-001`` ...): a row each (engine CPU, memory,
    evictions, connections, replication lag)."""
    vm_groups: Sequence[str] = ()
    """The vms' Auto Scaling group names: a row each (CPU, network, failed status checks)."""


class Dashboard(Construct):
    """Attributes: ``dashboard_name``, ``dashboard_url`` (the console address)."""

    def __init__(self, scope: Construct, id_: str, props: DashboardProps) -> None:
        super().__init__(scope, id_)
        widgets = dashboard_widgets(props)
        self.dashboard = aws.cloudwatch_dashboard.CloudwatchDashboard(
            self, "dashboard", dashboard_name=props.name, dashboard_body=json_document({"widgets": widgets})
        )
        self.dashboard_name: str = self.dashboard.dashboard_name
        self.dashboard_url: str = (
            f"https://{props.region}.console.aws.amazon.com/cloudwatch/home?region={props.region}"
            f"#dashboards/dashboard/{props.name}"
        )


def dashboard_widgets(props: DashboardProps) -> list[dict]:
    """The widgets, row by row (pure: the tests read it without synthesizing)."""
    rows: list[list[dict]] = []
    region = props.region
    if props.distribution_id is not None:
        cf = {"DistributionId": props.distribution_id, "Region": "Global"}
        rows.append(
            _row(
                "CloudFront",
                CLOUDFRONT_REGION,
                "AWS/CloudFront",
                cf,
                [
                    ("Requests", [("Requests", "Sum")]),
                    ("Error rates (%)", [("4xxErrorRate", "Average"), ("5xxErrorRate", "Average")]),
                ],
            )
        )
    if props.load_balancer_arn_suffix is not None:
        alb = {"LoadBalancer": props.load_balancer_arn_suffix}
        rows.append(
            _row(
                "Load balancer",
                region,
                "AWS/ApplicationELB",
                alb,
                [
                    ("Requests", [("RequestCount", "Sum")]),
                    ("5xx", [("HTTPCode_ELB_5XX_Count", "Sum"), ("HTTPCode_Target_5XX_Count", "Sum")]),
                    ("Response time (s)", [("TargetResponseTime", "p99")]),
                ],
            )
        )
    if props.http_api_id is not None:
        rows.append(
            _row(
                "HTTP API",
                region,
                "AWS/ApiGateway",
                {"ApiId": props.http_api_id},
                [
                    ("Requests", [("Count", "Sum")]),
                    ("Errors", [("4xx", "Sum"), ("5xx", "Sum")]),
                    ("Latency (ms)", [("Latency", "p99"), ("IntegrationLatency", "p99")]),
                ],
            )
        )
    for service in props.services:
        ecs = {"ClusterName": service.cluster_name, "ServiceName": service.service_name}
        row = _row(
            f"Service {service.name}",
            region,
            "AWS/ECS",
            ecs,
            [("CPU and memory (%)", [("CPUUtilization", "Average"), ("MemoryUtilization", "Average")])],
        )
        if service.target_group_arn_suffix is not None and props.load_balancer_arn_suffix is not None:
            tg = {"LoadBalancer": props.load_balancer_arn_suffix, "TargetGroup": service.target_group_arn_suffix}
            row.append(
                _metrics(
                    "Targets",
                    region,
                    [
                        ("AWS/ApplicationELB", "HealthyHostCount", tg, "Minimum"),
                        ("AWS/ApplicationELB", "UnHealthyHostCount", tg, "Maximum"),
                    ],
                )
            )
        rows.append(row)
    if props.functions:
        row = [_header("Functions")]
        for function in props.functions:
            dimensions = {"FunctionName": function}
            row.append(
                _metrics(
                    function,
                    region,
                    [
                        ("AWS/Lambda", "Invocations", dimensions, "Sum"),
                        ("AWS/Lambda", "Errors", dimensions, "Sum"),
                        ("AWS/Lambda", "Throttles", dimensions, "Sum"),
                        ("AWS/Lambda", "Duration", dimensions, "Maximum"),
                    ],
                )
            )
        rows.append(row)
    if props.queues:
        row = [_header("Queues")]
        for queue in props.queues:
            row.append(
                _metrics(
                    queue.name,
                    region,
                    [
                        ("AWS/SQS", "ApproximateNumberOfMessagesVisible", {"QueueName": queue.name}, "Maximum"),
                        ("AWS/SQS", "ApproximateAgeOfOldestMessage", {"QueueName": queue.name}, "Maximum"),
                        ("AWS/SQS", "ApproximateNumberOfMessagesVisible", {"QueueName": queue.dlq_name}, "Maximum"),
                    ],
                )
            )
        rows.append(row)
    if props.database_cluster is not None:
        db = {"DBClusterIdentifier": props.database_cluster}
        capacity = ("ACUUtilization", "Average") if props.database_serverless else ("FreeableMemory", "Minimum")
        rows.append(
            _row(
                "Aurora",
                region,
                "AWS/RDS",
                db,
                [
                    ("CPU (%)", [("CPUUtilization", "Maximum")]),
                    ("Connections", [("DatabaseConnections", "Maximum")]),
                    (capacity[0], [capacity]),
                ],
            )
        )
    if props.tables:
        row = [_header("DynamoDB")]
        for table in props.tables:
            t = {"TableName": table}
            row.append(
                _metrics(
                    table,
                    region,
                    [
                        ("AWS/DynamoDB", "ConsumedReadCapacityUnits", t, "Sum"),
                        ("AWS/DynamoDB", "ConsumedWriteCapacityUnits", t, "Sum"),
                        ("AWS/DynamoDB", "ThrottledRequests", t, "Sum"),
                    ],
                )
            )
            replicas = props.replica_regions.get(table, ())
            if replicas:
                latency = [
                    ("AWS/DynamoDB", "ReplicationLatency", {**t, "ReceivingRegion": r}, "Average") for r in replicas
                ]
                row.append(_metrics(f"{table} replication latency (ms)", region, latency))
            for replica in replicas:
                row.append(
                    _metrics(
                        f"{table} in {replica}",
                        replica,
                        [
                            ("AWS/DynamoDB", "ConsumedReadCapacityUnits", t, "Sum"),
                            ("AWS/DynamoDB", "ConsumedWriteCapacityUnits", t, "Sum"),
                            ("AWS/DynamoDB", "ThrottledRequests", t, "Sum"),
                        ],
                    )
                )
        rows.append(row)
    if props.email:
        rows.append(
            _row(
                "E-mail",
                region,
                "AWS/SES",
                {},
                [
                    ("Sent and delivered", [("Send", "Sum"), ("Delivery", "Sum")]),
                    ("Bounces and complaints", [("Bounce", "Sum"), ("Complaint", "Sum")]),
                    (
                        "Reputation (ratio)",
                        [("Reputation.BounceRate", "Maximum"), ("Reputation.ComplaintRate", "Maximum")],
                    ),
                ],
            )
        )
    if props.broker is not None:
        rows.append(
            _row(
                "Broker",
                region,
                "AWS/AmazonMQ",
                {"Broker": props.broker},
                [
                    ("Messages", [("MessageReadyCount", "Maximum"), ("MessageUnacknowledgedCount", "Maximum")]),
                    ("Connections and consumers", [("ConnectionCount", "Maximum"), ("ConsumerCount", "Maximum")]),
                    ("Rates", [("PublishRate", "Average"), ("AckRate", "Average")]),
                ],
            )
        )
    for node in props.cache_nodes:
        rows.append(
            _row(
                f"Cache {node}",
                region,
                "AWS/ElastiCache",
                {"CacheClusterId": node},
                [
                    (
                        "Engine CPU and memory (%)",
                        [("EngineCPUUtilization", "Average"), ("DatabaseMemoryUsagePercentage", "Maximum")],
                    ),
                    ("Evictions and connections", [("Evictions", "Sum"), ("CurrConnections", "Maximum")]),
                    (
                        "Hits, misses and replication lag (s)",
                        [("CacheHits", "Sum"), ("CacheMisses", "Sum"), ("ReplicationLag", "Maximum")],
                    ),
                ],
            )
        )
    for group in props.vm_groups:
        rows.append(
            _row(
                f"vm {group}",
                region,
                "AWS/EC2",
                {"AutoScalingGroupName": group},
                [
                    ("CPU (%)", [("CPUUtilization", "Average"), ("CPUUtilization", "Maximum")]),
                    ("Network (bytes)", [("NetworkIn", "Sum"), ("NetworkOut", "Sum")]),
                    ("Failed status checks", [("StatusCheckFailed", "Maximum")]),
                ],
            )
        )
    return [widget for row in rows for widget in row]


def _row(
    header: str,
    region: str,
    namespace: str,
    dimensions: dict,
    widgets: Sequence[tuple[str, Sequence[tuple[str, str]]]],
) -> list[dict]:
    """A row of one resource's metrics: its header, then a widget per ``(title, [(metric,
    statistic), ...])``, every metric of ``namespace`` with the resource's ``dimensions``."""
    return [
        _header(header),
        *(
            _metrics(title, region, [(namespace, metric, dimensions, stat) for metric, stat in metrics])
            for title, metrics in widgets
        ),
    ]


def _header(text: str) -> dict:
    return {"type": "text", "width": 24, "height": 1, "properties": {"markdown": f"## {text}"}}


def _metrics(title: str, region: str, metrics: Sequence[tuple[str, str, dict, str]]) -> dict:
    return {
        "type": "metric",
        "width": 8,
        "height": 6,
        "properties": {
            "title": title,
            "region": region,
            "view": "timeSeries",
            "period": 60,
            "metrics": [
                [
                    namespace,
                    metric,
                    *[part for key, value in sorted(dimensions.items()) for part in (key, value)],
                    {"stat": stat},
                ]
                for namespace, metric, dimensions, stat in metrics
            ],
        },
    }
