"""The ECS service: its size, capacity split, health checks, scaling and load balancer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from environments.schema.discovery import DiscoveryFields
from environments.schema.files import VolumeFields
from environments.schema.formats import ContainerSpec, matcher_problems
from environments.schema.registry import RepositoryFields
from environments.schema.rules import (
    HEALTH_CHECK_PATH,
    _between,
    _container_problems,
    _ranges,
    _retention,
)
from environments.schema.tracing import TracingFields
from environments.typecheck import FREE_TEXT


@dataclass(frozen=True, kw_only=True)
class HealthCheckConfig:
    path: str = "/"
    interval_seconds: int = 15
    timeout_seconds: int = 5
    healthy_threshold: int = 2
    unhealthy_threshold: int = 3
    matcher: str = "200-399"

    def problems(self, at: str) -> list[str]:
        out: list[str] = []
        if not HEALTH_CHECK_PATH.fullmatch(self.path) or len(self.path) > 1024:
            out.append(
                f"{at}.path {self.path[:60]!r} must be a plain URL path of up to 1024 characters: '/' "
                "then letters, digits and . _ ~ - / only, no query (e.g. '/health')"
            )
        out += _between(self.interval_seconds, 5, 300, f"{at}.interval_seconds", "s")
        out += _between(self.timeout_seconds, 2, 120, f"{at}.timeout_seconds", "s")
        if self.timeout_seconds >= self.interval_seconds:
            out.append(
                f"{at}.timeout_seconds ({self.timeout_seconds}) must be less than interval_seconds ({self.interval_seconds})"
            )
        out += _between(self.healthy_threshold, 2, 10, f"{at}.healthy_threshold")
        out += _between(self.unhealthy_threshold, 2, 10, f"{at}.unhealthy_threshold")
        out += matcher_problems(self.matcher, f"{at}.matcher")
        return out


@dataclass(frozen=True, kw_only=True)
class CapacityConfig:
    """How tasks split between on-demand FARGATE and FARGATE_SPOT.

    The first ``on_demand_base`` tasks run on FARGATE; the rest are spread by weight.
    """

    on_demand_base: int = 0
    on_demand_weight: int = 0
    spot_weight: int = 1

    def problems(self, at: str) -> list[str]:
        out = _ranges(
            self, at, [("on_demand_base", 0, 100000), ("on_demand_weight", 0, 1000), ("spot_weight", 0, 1000)]
        )
        if self.on_demand_weight + self.spot_weight == 0:
            out.append(f"{at}: on_demand_weight + spot_weight must be > 0")
        return out


@dataclass(frozen=True, kw_only=True)
class ServiceConfig(RepositoryFields, DiscoveryFields, VolumeFields, TracingFields, ContainerSpec):
    """The API service: one container on Fargate behind the ALB."""

    name: str = "api"
    image: str = "public.ecr.aws/nginx/nginx:1.27-alpine"
    """Container image, ``registry/repository:tag[@sha256:digest]``; protected environments
    refuse ``latest`` without a digest. Pin a digest or an immutable tag in real environments."""
    command: tuple[str, ...] = field(default=(), metadata={FREE_TEXT: True})
    """The container's command, one argument per item; empty: the image's own. Any printable
    text: the task definition renders it as data (``json_document``)."""
    container_port: int = 80
    cpu: int = 256
    """Task CPU units; with ``memory`` it must be a pair Fargate accepts."""
    memory: int = 512
    desired_count: int = 1
    min_count: int = 1
    max_count: int = 4
    capacity: CapacityConfig = field(default_factory=CapacityConfig)
    autoscaling: bool = True
    """Target tracking on the service (off only for an AWS API without it: ``environments/local.py``)."""
    cpu_target_percent: int = 70
    memory_target_percent: int | None = None
    requests_per_target: int | None = None
    """ALB requests per target per minute to track; None leaves it out."""
    scale_in_cooldown_seconds: int = 300
    scale_out_cooldown_seconds: int = 60
    health_check: HealthCheckConfig = field(default_factory=HealthCheckConfig)
    health_check_grace_seconds: int = 60
    deregistration_delay_seconds: int = 30
    min_healthy_percent: int = 100
    max_percent: int = 200
    environment: Mapping[str, str] = field(default_factory=dict, metadata={FREE_TEXT: True})
    """Plain, non-secret container environment (values: any printable text, rendered as data).
    Secrets come from Secrets Manager by ARN; a name the platform injects (``Grants``) is refused."""
    log_retention_days: int = 30
    container_insights: bool = True
    execute_command: bool = False
    """ECS Exec into running tasks (sessions logged to an encrypted audit log group)."""
    exec_audit_log_days: int = 365
    """Retention of the ECS Exec session audit log."""
    writable_paths: tuple[str, ...] = ("/var/cache/nginx", "/var/run", "/tmp")
    """The root filesystem is read-only; these paths get task-local scratch volumes."""
    container_health_check: bool = True
    """Docker health check that fetches ``health_check.path`` with ``wget`` (needs wget in the
    image, as alpine/busybox images have; turn off for distroless images)."""
    alb_access_log_days: int = 30
    """Days ALB access logs are kept."""
    idle_timeout_seconds: int = 60

    def problems(self, at: str) -> list[str]:
        out: list[str] = []
        out += _container_problems(self, at)
        out += _between(self.container_port, 1, 65535, f"{at}.container_port")
        if not 0 <= self.min_count <= self.desired_count <= self.max_count:
            out.append(
                f"{at}: need 0 <= min_count ({self.min_count}) <= desired_count ({self.desired_count}) "
                f"<= max_count ({self.max_count})"
            )
        if self.max_count < 1:
            out.append(f"{at}.max_count ({self.max_count}) must be at least 1")
        out += self.capacity.problems(f"{at}.capacity")
        out += self.health_check.problems(f"{at}.health_check")
        out += _between(self.cpu_target_percent, 10, 95, f"{at}.cpu_target_percent", "%")
        if self.memory_target_percent is not None:
            out += _between(self.memory_target_percent, 10, 95, f"{at}.memory_target_percent", "%")
        if self.requests_per_target is not None:
            out += _between(self.requests_per_target, 1, 100000, f"{at}.requests_per_target")
        out += _ranges(
            self,
            at,
            [
                ("health_check_grace_seconds", 0, 2147483647),
                ("deregistration_delay_seconds", 0, 3600, "s"),
                ("min_healthy_percent", 0, 100, "%"),
                ("max_percent", 100, 200, "%"),
                ("idle_timeout_seconds", 1, 4000, "s"),
                ("alb_access_log_days", 1, 3650),
            ],
        )
        out += _retention(self.log_retention_days, f"{at}.log_retention_days")
        out += _retention(self.exec_audit_log_days, f"{at}.exec_audit_log_days")
        return out
