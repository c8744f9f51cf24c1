"""Virtual machines: a service kind (``kind="vm"``) run by an EC2 Auto Scaling group rather than
ECS, for software that needs a whole machine (a legacy daemon, an agent, an AMI from a vendor).

Instances boot the public Amazon Linux 2023 image of their architecture (the SSM parameter is
resolved at launch, so a new image rolls in with the next instance refresh), run the user-data
script from a file of this repository, and sit in the private subnets behind the shared load
balancer, routed as a web service is (path and/or host patterns, a health check), with the same
``grants`` by logical name as the other kinds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from environments.schema.formats import INSTANCE_TYPES, matcher_problems
from environments.schema.rules import LOGICAL_NAME_PATTERN, _between, _ranges
from environments.schema.service import HealthCheckConfig
from environments.schema.services import HOST_PATTERN, PATH_PATTERN, Grants, listener_priority

REPOSITORY = Path(__file__).resolve().parents[2]
"""Where ``user_data`` files are found (the repository's root)."""
USER_DATA = re.compile(r"[a-z][a-z0-9_.-]*(/[a-z][a-z0-9_.-]*)*", re.ASCII)
"""A file under the repository: lowercase words joined by '/', no '..'."""
AMI_PARAMETER = re.compile(r"/aws/service/[A-Za-z0-9_./-]{1,200}", re.ASCII)
"""A public SSM parameter holding an image id (AWS's own namespace only)."""
AL2023 = {
    "arm64": "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64",
    "x86_64": "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
}
"""The public Amazon Linux 2023 image parameters, by architecture."""
MAX_USER_DATA = 16 * 1024
"""EC2's limit for user data (bytes, before base64)."""


@dataclass(frozen=True, kw_only=True)
class VmConfig:
    """An Auto Scaling group of EC2 instances behind its route on the shared load balancer."""

    name: str
    """Logical name: the group, launch template, role, instance profile and security group are named after it."""
    kind: Literal["vm"] = "vm"
    instance_type: str = "t4g.micro"
    """An EC2 instance type (``environments/schema/formats.py``'s ``INSTANCE_TYPES``)."""
    min_size: int = 1
    max_size: int = 2
    desired_capacity: int = 1
    cpu_target_percent: int = 60
    """Target tracking on the group's average CPU."""
    ami_parameter: str | None = None
    """The SSM parameter holding the image id; None: Amazon Linux 2023 of the type's architecture."""
    user_data: str
    """The boot script, a file of this repository (``vms/legacy/user-data.sh``), at most 16 KB."""
    port: int = 8080
    """The port the instances answer on (the load balancer's target port)."""
    path_patterns: tuple[str, ...] = ("/legacy/*",)
    host_patterns: tuple[str, ...] = ()
    priority: int | None = None
    """The listener rule's priority; None: derived from the rule (``listener_priority``)."""
    health_check: HealthCheckConfig = field(default_factory=HealthCheckConfig)
    health_check_grace_seconds: int = 300
    """Seconds after launch before the load balancer's health check counts (boot + user data)."""
    deregistration_delay_seconds: int = 30
    root_volume_gb: int = 8
    grants: Grants = field(default_factory=Grants)

    @property
    def granted(self) -> Grants:
        return self.grants

    @property
    def container_port(self) -> int:
        """The target port (the name a route reads, as for a web service)."""
        return self.port

    @property
    def architecture(self) -> str:
        return INSTANCE_TYPES.get(self.instance_type, "x86_64")

    @property
    def image_parameter(self) -> str:
        return self.ami_parameter or AL2023[self.architecture]

    @property
    def user_data_path(self) -> Path:
        return REPOSITORY / self.user_data

    def rule_priority(self) -> int:
        return listener_priority(self)

    def problems(self, at: str) -> list[str]:
        out: list[str] = []
        if not LOGICAL_NAME_PATTERN.fullmatch(self.name):
            out.append(
                f"{at}.name {self.name!r} must be 1-30 of a-z and 0-9 in words joined by single '-', starting with a letter"
            )
        if self.instance_type not in INSTANCE_TYPES:
            out.append(
                f"{at}.instance_type {self.instance_type!r} is not an EC2 instance type this platform knows "
                "(e.g. 't4g.micro', 'm7g.large'): fix it or add it to INSTANCE_TYPES"
            )
        if not USER_DATA.fullmatch(self.user_data) or ".." in self.user_data:
            out.append(
                f"{at}.user_data {self.user_data!r} must be a file of this repository such as 'vms/legacy/user-data.sh'"
            )
        elif not self.user_data_path.is_file():
            out.append(f"{at}.user_data {self.user_data!r} is not a file of this repository: create it or fix the path")
        elif self.user_data_path.stat().st_size > MAX_USER_DATA:
            out.append(f"{at}.user_data {self.user_data!r} is larger than EC2's 16 KB: shorten it")
        elif not self.user_data_path.read_bytes().isascii():
            out.append(f"{at}.user_data {self.user_data!r} holds non-ASCII bytes: keep the script ASCII")
        if self.ami_parameter is not None and not AMI_PARAMETER.fullmatch(self.ami_parameter):
            out.append(
                f"{at}.ami_parameter {self.ami_parameter!r} must be a public parameter under '/aws/service/' "
                f"such as {AL2023['arm64']!r}"
            )
        if not 0 <= self.min_size <= self.max_size:
            out.append(f"{at}: min_size ({self.min_size}) is more than max_size ({self.max_size}): lower min_size")
        elif not self.min_size <= self.desired_capacity <= self.max_size:
            out.append(
                f"{at}.desired_capacity ({self.desired_capacity}) must be between min_size ({self.min_size}) "
                f"and max_size ({self.max_size})"
            )
        out += _ranges(
            self,
            at,
            [
                ("max_size", 1, 20),
                ("cpu_target_percent", 10, 90, "%"),
                ("port", 1024, 65535),
                ("health_check_grace_seconds", 0, 3600, "s"),
                ("deregistration_delay_seconds", 0, 3600, "s"),
                ("root_volume_gb", 8, 1024, " GB"),
            ],
        )
        if not self.path_patterns and not self.host_patterns:
            out.append(f"{at}: a vm needs path_patterns or host_patterns (its listener rule's condition)")
        if len(self.path_patterns) + len(self.host_patterns) > 5:
            out.append(
                f"{at}: path_patterns and host_patterns hold more than 5 values; a listener rule takes at most 5"
            )
        for pattern in self.path_patterns:
            if not PATH_PATTERN.fullmatch(pattern):
                out.append(f"{at}.path_patterns entry {pattern!r} must be a path pattern like '/legacy/*'")
        for pattern in self.host_patterns:
            if not HOST_PATTERN.fullmatch(pattern):
                out.append(
                    f"{at}.host_patterns entry {pattern!r} must be a lowercase host pattern like 'legacy.example.com'"
                )
        if self.priority is not None:
            out += _between(self.priority, 1, 50000, f"{at}.priority")
        if not PATH_PATTERN.fullmatch(self.health_check.path):
            out.append(f"{at}.health_check.path {self.health_check.path!r} must be a path such as '/health'")
        out += matcher_problems(self.health_check.matcher, f"{at}.health_check.matcher")
        return out


def vms_problems(
    vms: Sequence[VmConfig],
    at: str,
    *,
    services: Sequence[str],
    priorities: dict[int, str],
    tables: Sequence[str],
    queues: Sequence[str],
    topics: Sequence[str],
    iam_auth: bool,
) -> list[str]:
    """The rules between the vms and the rest of the environment (as ``services_problems``);
    ``priorities``: the web services' listener priorities -> their names."""
    out: list[str] = []
    names = [v.name for v in vms]
    for name in sorted({n for n in names if names.count(n) > 1}):
        out.append(f"{at}: {name!r} is the name of more than one vm: vm names must be unique")
    taken = dict(priorities)
    for spec in vms:
        where = f"{at}[{spec.name}]"
        if spec.name in services:
            out.append(f"{where}.name {spec.name!r} is a service's name too: a vm and a service need their own names")
        out += spec.problems(where)
        if "secret" in spec.grants.database:
            out.append(
                f"{where}.grants.database 'secret' injects secrets into a container, which a vm has not: "
                "use database=('iam',)"
            )
        priority = spec.rule_priority()
        if priority in taken:
            out.append(
                f"{where} gets listener priority {priority}, as {taken[priority]!r} does: set priority on one of them"
            )
        taken.setdefault(priority, spec.name)
        out += spec.grants.problems(f"{where}.grants", tables=tables, queues=queues, topics=topics, iam_auth=iam_auth)
    return out
