"""The message broker: an optional Amazon MQ for RabbitMQ broker per environment.

Services reach it with the grant ``broker`` (``Grants.broker``): their own security group is
admitted on AMQPS (5671), and their container gets the endpoint (``BROKER_ENDPOINT``) and the
generated admin credentials (``BROKER_USERNAME``/``BROKER_PASSWORD`` from Secrets Manager).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from zoneinfo import available_timezones

from environments.schema.rules import _ranges

ENGINE_VERSIONS = ("3.13",)
"""RabbitMQ versions Amazon MQ (and provider 5.100) accepts for new brokers: with automatic minor
upgrades, only the major.minor is named."""
INSTANCE_TYPES = {
    # instance type -> (memory in GiB, may run a cluster)
    "mq.t3.micro": (1, False),  # burstable: single-instance only
    "mq.m5.large": (8, True),
    "mq.m5.xlarge": (16, True),
    "mq.m5.2xlarge": (32, True),
    "mq.m5.4xlarge": (64, True),
    "mq.m7g.medium": (4, True),
    "mq.m7g.large": (8, True),
    "mq.m7g.xlarge": (16, True),
    "mq.m7g.2xlarge": (32, True),
    "mq.m7g.4xlarge": (64, True),
    "mq.m7g.8xlarge": (128, True),
    "mq.m7g.12xlarge": (192, True),
    "mq.m7g.16xlarge": (256, True),
}
"""Amazon MQ's RabbitMQ instance types: their memory, and whether a cluster may use them."""
MEMORY_HIGH_WATERMARK = 0.4
"""RabbitMQ's default memory high watermark (share of the node's memory), where it blocks publishers."""
DAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
TIME_OF_DAY = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]", re.ASCII)


@dataclass(frozen=True, kw_only=True)
class BrokerConfig:
    """An Amazon MQ for RabbitMQ broker: private (no public accessibility) in the private subnets,
    encrypted with the service key, admin credentials generated into Secrets Manager, general
    logs to CloudWatch, alarms to the alarm topic."""

    engine_version: str = "3.13"
    """RabbitMQ major.minor (one of ``ENGINE_VERSIONS``); minor versions are upgraded automatically."""
    deployment_mode: Literal["SINGLE_INSTANCE", "CLUSTER_MULTI_AZ"] = "SINGLE_INSTANCE"
    """One node in one private subnet, or a three-node cluster across the private subnets."""
    instance_type: str = "mq.t3.micro"
    """A key of ``INSTANCE_TYPES``; a cluster needs an mq.m5 or mq.m7g type."""
    maintenance_day: str = "SUNDAY"
    """Day of the weekly maintenance window (``MONDAY`` ... ``SUNDAY``)."""
    maintenance_time: str = "03:00"
    """Start of the window, ``HH:MM`` (24 h) in ``maintenance_time_zone``."""
    maintenance_time_zone: str = "UTC"
    """An IANA time zone (``Europe/Berlin``) or ``UTC``."""
    memory_percent: float = 80.0
    """Alarm when a node's memory use passes this share of its high watermark (the watermark is
    ``MEMORY_HIGH_WATERMARK`` of the instance type's memory)."""
    messages_unacknowledged: int = 1000
    """Alarm when more messages than this are delivered but not acknowledged."""
    messages_ready: int = 10000
    """Alarm when more messages than this wait in the queues (queue depth)."""
    connections: int = 500
    """Alarm when more connections than this are open."""

    @property
    def memory_alarm_bytes(self) -> int:
        """The memory alarm's threshold: ``memory_percent`` of the high watermark."""
        gib = INSTANCE_TYPES.get(self.instance_type, (1, False))[0]
        return int(gib * 2**30 * MEMORY_HIGH_WATERMARK * self.memory_percent / 100)

    @property
    def cluster(self) -> bool:
        return self.deployment_mode == "CLUSTER_MULTI_AZ"

    def problems(self, at: str) -> list[str]:
        out: list[str] = []
        if self.engine_version not in ENGINE_VERSIONS:
            out.append(f"{at}.engine_version {self.engine_version!r} must be one of {', '.join(ENGINE_VERSIONS)}")
        if self.deployment_mode not in ("SINGLE_INSTANCE", "CLUSTER_MULTI_AZ"):
            out.append(f"{at}.deployment_mode {self.deployment_mode!r} must be SINGLE_INSTANCE or CLUSTER_MULTI_AZ")
        allowed = INSTANCE_TYPES.get(self.instance_type)
        if allowed is None:
            out.append(
                f"{at}.instance_type {self.instance_type!r} is not an Amazon MQ RabbitMQ type: use one of "
                f"{', '.join(INSTANCE_TYPES)}"
            )
        elif not allowed[1] and self.cluster:
            out.append(
                f"{at}.instance_type {self.instance_type!r} cannot run a cluster: choose mq.m5.large or mq.m7g.medium "
                "or larger, or deployment_mode='SINGLE_INSTANCE'"
            )
        if self.maintenance_day not in DAYS:
            out.append(f"{at}.maintenance_day {self.maintenance_day!r} must be one of {', '.join(DAYS)}")
        if not TIME_OF_DAY.fullmatch(self.maintenance_time):
            out.append(f"{at}.maintenance_time {self.maintenance_time!r} must be HH:MM (24 h), such as '03:00'")
        if self.maintenance_time_zone != "UTC" and (
            not self.maintenance_time_zone.isascii() or self.maintenance_time_zone not in available_timezones()
        ):
            out.append(
                f"{at}.maintenance_time_zone {self.maintenance_time_zone!r} must be an IANA time zone such as "
                "'Europe/Berlin', or 'UTC'"
            )
        out += _ranges(
            self,
            at,
            [
                ("memory_percent", 1, 100, "%"),
                ("messages_unacknowledged", 1, 10_000_000, ""),
                ("messages_ready", 1, 100_000_000, ""),
                ("connections", 1, 100_000, ""),
            ],
        )
        return out
