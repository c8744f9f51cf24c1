"""The OpenTelemetry collector sidecar of a traced service: its container definition, what the
application's container gets from it, and the task role's X-Ray statement.

The collector (AWS Distro for OpenTelemetry) receives OTLP on the task's loopback only
(``127.0.0.1:4317`` gRPC, ``:4318`` HTTP), batches and exports traces to X-Ray with the task
role's credentials; its configuration is in the task definition (``AOT_CONFIG_CONTENT``), its
logs in the service's log group. It is not essential: a collector that dies costs traces, never
the service. The application's container starts once the collector has started
(``dependsOn`` ``START``).
"""

from __future__ import annotations

from environments.schema import TracingConfig
from modules.security.iam import Statement

COLLECTOR = "otel-collector"
"""The sidecar's container name."""
OTLP_ENDPOINT = "http://127.0.0.1:4317"
XRAY_WRITE_ACTIONS = (
    "xray:GetSamplingRules",
    "xray:GetSamplingStatisticSummaries",
    "xray:GetSamplingTargets",
    "xray:PutTelemetryRecords",
    "xray:PutTraceSegments",
)
"""The X-Ray write actions (AWS's ``AWSXrayWriteOnlyAccess``): traces in, sampling rules out."""
COLLECTOR_CONFIG = """\
extensions:
  health_check:
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:4317
      http:
        endpoint: 127.0.0.1:4318
processors:
  batch/traces:
    timeout: 1s
    send_batch_size: 50
exporters:
  awsxray:
service:
  extensions: [health_check]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch/traces]
      exporters: [awsxray]
"""
"""OTLP from the task's loopback, batched, to X-Ray: nothing else is received or exported."""


def collector_container(spec: TracingConfig, *, log_group_name: str, region: str) -> dict:
    """The sidecar's container definition."""
    return {
        "name": COLLECTOR,
        "image": spec.collector_image,
        "essential": False,
        "cpu": spec.collector_cpu,
        "memory": spec.collector_memory,
        "readonlyRootFilesystem": True,
        "environment": [{"name": "AOT_CONFIG_CONTENT", "value": COLLECTOR_CONFIG}],
        "logConfiguration": {
            "logDriver": "awslogs",
            "options": {"awslogs-group": log_group_name, "awslogs-region": region, "awslogs-stream-prefix": COLLECTOR},
        },
    }


def traced_variables(service: str) -> dict[str, str]:
    """What the application's container gets: where to send OTLP, and its service name."""
    return {"OTEL_EXPORTER_OTLP_ENDPOINT": OTLP_ENDPOINT, "OTEL_SERVICE_NAME": service}


def traced_container(container: dict, spec: TracingConfig, *, cpu: int, memory: int) -> dict:
    """The application's container beside the sidecar: the task's size less the sidecar's, and
    started once the collector has."""
    return {
        **container,
        "cpu": cpu - spec.collector_cpu,
        "memory": memory - spec.collector_memory,
        "dependsOn": [{"containerName": COLLECTOR, "condition": "START"}],
    }


def xray_statements() -> list[Statement]:
    return [Statement(sid="XRayWrite", actions=XRAY_WRITE_ACTIONS, resources=["*"])]  # not resource-scoped
