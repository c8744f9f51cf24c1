"""Tracing: a traced service runs the ADOT collector sidecar (pinned, its configuration in the
task, OTLP on loopback, X-Ray out), its container starts once the collector has and gets the
OTLP endpoint, the two share the task's size, and its task role may exactly the X-Ray write
actions; an untraced service has none of it, and no task runs the X-Ray daemon."""

from __future__ import annotations

import json
import re

import pytest

from environments.schema.formats import parse_image
from modules.observability.tracing import COLLECTOR, COLLECTOR_CONFIG, OTLP_ENDPOINT, XRAY_WRITE_ACTIONS
from tests.conftest import environment_of, policy_statements, suffixes

SPLICED = re.compile(r"\$\{jsonencode\(.*?\)\}")
CASES = [(suffix, spec.name) for suffix in suffixes() for spec in environment_of(suffix).services]


def containers(platform, suffix: str, service: str) -> tuple[dict, list[dict]]:
    family = f"platform-{service}-{suffix}"
    [definition] = [
        d for d in platform.resources(f"service-{suffix}", "aws_ecs_task_definition").values() if d["family"] == family
    ]
    return definition, json.loads(SPLICED.sub('"ref"', definition["container_definitions"]))


def task_policy(platform, suffix: str, service: str) -> list[dict]:
    environment = environment_of(suffix)
    spec = next(s for s in environment.services if s.name == service)
    construct = "app" if spec is environment.service else f"{service}_app" if spec.kind == "web" else f"{service}_task"
    return policy_statements(platform, f"service-{suffix}", f"{construct}_task-policy-document")


@pytest.mark.parametrize(("suffix", "service"), CASES, ids=[f"{s}-{n}" for s, n in CASES])
def test_a_traced_service_runs_the_collector_beside_it_and_may_write_to_xray(
    platform, suffix: str, service: str
) -> None:
    environment = environment_of(suffix)
    spec = next(s for s in environment.services if s.name == service)
    definition, found = containers(platform, suffix, service)
    xray = [s for s in task_policy(platform, suffix, service) if any(a.startswith("xray:") for a in s["actions"])]
    if not spec.tracing:
        assert [c["name"] for c in found] == [f"platform-{service}-{suffix}"]
        assert not xray and "OTEL_EXPORTER_OTLP_ENDPOINT" not in {e["name"] for e in found[0]["environment"]}
        return
    app, collector = found
    tracing = environment.tracing
    assert collector["name"] == COLLECTOR and collector["image"] == tracing.collector_image
    reference = parse_image(collector["image"])
    assert reference is not None and (reference.digest or reference.tag not in (None, "latest"))
    assert collector["essential"] is False and collector["readonlyRootFilesystem"] is True
    assert collector["environment"] == [{"name": "AOT_CONFIG_CONTENT", "value": COLLECTOR_CONFIG}]
    assert collector["logConfiguration"]["options"]["awslogs-stream-prefix"] == COLLECTOR
    assert app["dependsOn"] == [{"containerName": COLLECTOR, "condition": "START"}]
    variables = {e["name"]: e["value"] for e in app["environment"]}
    assert variables["OTEL_EXPORTER_OTLP_ENDPOINT"] == OTLP_ENDPOINT and variables["OTEL_SERVICE_NAME"] == service
    assert app["cpu"] + collector["cpu"] == int(definition["cpu"])
    assert app["memory"] + collector["memory"] == int(definition["memory"])
    [statement] = xray
    assert statement["sid"] == "XRayWrite" and sorted(statement["actions"]) == sorted(XRAY_WRITE_ACTIONS)
    assert statement["resources"] == ["*"] and "condition" not in statement


def test_the_collector_receives_on_loopback_and_exports_to_xray_only() -> None:
    assert "endpoint: 127.0.0.1:4317" in COLLECTOR_CONFIG and "endpoint: 127.0.0.1:4318" in COLLECTOR_CONFIG
    assert "0.0.0.0" not in COLLECTOR_CONFIG
    exporters = COLLECTOR_CONFIG.split("exporters:\n", 1)[1].split("service:", 1)[0]
    assert exporters.split() == ["awsxray:"]


def test_no_task_runs_the_xray_daemon(platform) -> None:
    for stack in platform.stack_ids:
        for definition in platform.resources(stack, "aws_ecs_task_definition").values():
            assert "xray-daemon" not in definition["container_definitions"], stack


def test_the_defaults_the_api_is_traced_in_dev_and_prod_and_staging_is_not() -> None:
    for suffix in ("dev", "prod"):
        assert [s.name for s in environment_of(suffix).services if s.tracing] == ["api"]
    assert not any(s.tracing for s in environment_of("staging").services)  # without tracing, still synthesized
