"""Tracing: an OpenTelemetry collector beside a service's container, exporting its traces to
AWS X-Ray.

A service with ``tracing=True`` runs the AWS Distro for OpenTelemetry collector as a sidecar
(its image pinned by version or digest, its configuration in the task definition), sends it
OTLP on ``127.0.0.1`` (``OTEL_EXPORTER_OTLP_ENDPOINT``), starts only once the collector has
started, and its task role may exactly the X-Ray write actions. The sidecar's CPU and memory
come out of the task's: a task too small to keep ``MIN_APP_CPU`` / ``MIN_APP_MEMORY`` for the
application is refused. (The X-Ray daemon is in maintenance since 2026: not used.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from environments.schema.formats import image_problems, parse_image
from environments.schema.rules import FARGATE_MEMORY, _ranges

if TYPE_CHECKING:  # the services module imports this one for TracingFields
    from environments.schema.services import ServiceSpec

COLLECTOR_IMAGE = "public.ecr.aws/aws-observability/aws-otel-collector:v0.49.0"
"""The ADOT collector, pinned by version (a digest may pin it further: ``...:v0.49.0@sha256:...``)."""
MIN_APP_CPU = 128
MIN_APP_MEMORY = 256
TRACING_VARIABLES = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_SERVICE_NAME")
"""What tracing puts into the application's container: configured variables of these names are refused."""


@dataclass(frozen=True, kw_only=True)
class TracingConfig:
    """The collector sidecar every traced service of the environment runs."""

    collector_image: str = COLLECTOR_IMAGE
    """An external image pinned by a version tag (never ``latest``) or a digest."""
    collector_cpu: int = 64
    """CPU units the sidecar takes from the task (32-1024)."""
    collector_memory: int = 128
    """MiB the sidecar takes from the task: its hard limit (64-2048)."""

    def problems(self, at: str) -> list[str]:
        out = image_problems(self.collector_image, f"{at}.collector_image")
        reference = parse_image(self.collector_image)
        if not out and reference is None:
            out.append(f"{at}.collector_image {self.collector_image!r} must name its registry (an external image)")
        elif reference is not None and reference.tag == "latest" and reference.digest is None:
            out.append(f"{at}.collector_image {self.collector_image!r} must be pinned: a version tag or a digest")
        out += _ranges(self, at, [("collector_cpu", 32, 1024), ("collector_memory", 64, 2048)])
        return out


@dataclass(frozen=True, kw_only=True)
class TracingFields:
    """What every kind of service declares about tracing (``ServiceConfig``, ``TaskConfig``)."""

    tracing: bool = False
    """Run the environment's collector sidecar (``tracing``) and export this service's traces to X-Ray."""


def tracing_problems(services: Sequence[ServiceSpec], tracing: TracingConfig, at: str) -> list[str]:
    """A traced service keeps room for its application beside the sidecar, and leaves the
    tracing variables to the platform."""
    out: list[str] = []
    for spec in services:
        if not spec.tracing:
            continue
        where = f"{at}[{spec.name}]"
        cpu, memory = spec.cpu - tracing.collector_cpu, spec.memory - tracing.collector_memory
        sized = spec.memory in FARGATE_MEMORY.get(spec.cpu, ())  # else the size itself is the one line
        if sized and (cpu < MIN_APP_CPU or memory < MIN_APP_MEMORY):
            out.append(
                f"{where}.tracing: the collector sidecar ({tracing.collector_cpu} CPU units, "
                f"{tracing.collector_memory} MiB) leaves {cpu} CPU units and {memory} MiB of the {spec.cpu}/"
                f"{spec.memory} task for the application, which needs at least {MIN_APP_CPU} and {MIN_APP_MEMORY}: "
                "give the task more cpu/memory, or turn tracing off"
            )
        for variable in TRACING_VARIABLES:
            if variable in spec.environment:
                out.append(f"{where}.environment key {variable!r} is set by the platform for tracing: remove it")
    return out
