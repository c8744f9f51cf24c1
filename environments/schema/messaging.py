"""SNS topics, the SQS queues they fan out to, and the alarm topic's name."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from environments.schema.rules import (
    QUEUE_NAME_PATTERN,
    _ranges,
)
from environments.typecheck import FREE_TEXT


class FifoNamed:
    """A topic or queue is FIFO when its logical name ends with ``.fifo``."""

    name: str

    @property
    def fifo(self) -> bool:
        return self.name.endswith(".fifo")

    @property
    def base_name(self) -> str:
        """The name without ``.fifo``: physical names get the ending back from the Namer."""
        return self.name.removesuffix(".fifo")


@dataclass(frozen=True, kw_only=True)
class QueueConfig(FifoNamed):
    """An SQS queue subscribed to a topic, with its own dead-letter queue."""

    name: str
    """Logical name (FIFO when it ends with ``.fifo``, which its topic must then be too)."""
    visibility_timeout_seconds: int = 30
    retention_seconds: int = 4 * 24 * 3600
    max_receive_count: int = 5
    """Receives before a message moves to the dead-letter queue."""
    dlq_retention_seconds: int = 14 * 24 * 3600
    raw_message_delivery: bool = False
    filter_policy: Mapping[str, object] | None = field(default=None, metadata={FREE_TEXT: True})
    """SNS subscription filter policy on message attributes (rendered as data: ``json_document``)."""
    max_message_age_seconds: int = 15 * 60
    """Alarm when the oldest message is older than this (60 up to ``retention_seconds``)."""

    @property
    def dlq_base_name(self) -> str:
        """Logical name of the dead-letter queue (``<base name>-dlq``, FIFO like the queue)."""
        return f"{self.base_name}-dlq"

    def problems(self, at: str) -> list[str]:
        at = f"{at}[{self.name}]"
        out: list[str] = []
        if not QUEUE_NAME_PATTERN.fullmatch(self.name):
            out.append(
                f"{at}.name {self.name!r} may hold only letters, digits, '-', '_' (up to 60) and an optional '.fifo' ending"
            )
        out += _ranges(
            self,
            at,
            [
                ("visibility_timeout_seconds", 0, 43200, "s"),
                ("retention_seconds", 60, 1209600, "s"),
                ("dlq_retention_seconds", 60, 1209600, "s"),
                ("max_receive_count", 1, 1000),
            ],
        )
        if self.dlq_retention_seconds < self.retention_seconds:
            out.append(
                f"{at}.dlq_retention_seconds must be >= retention_seconds, or messages expire in the DLQ before you can inspect them"
            )
        if not 60 <= self.max_message_age_seconds <= self.retention_seconds:
            out.append(
                f"{at}.max_message_age_seconds ({self.max_message_age_seconds}s) must be between 60 and "
                f"retention_seconds ({self.retention_seconds}s): older messages have expired, so the alarm could never fire"
            )
        if self.filter_policy is not None:
            import json  # only here; the module needs it nowhere else

            try:
                json.dumps(dict(self.filter_policy))
            except (TypeError, ValueError):
                out.append(
                    f"{at}.filter_policy must be a JSON object of attribute -> list of conditions, "
                    "e.g. {'event_type': ['order_placed']}"
                )
        return out


@dataclass(frozen=True, kw_only=True)
class TopicConfig(FifoNamed):
    """An SNS topic and the queues it fans out to."""

    name: str
    """Logical name; FIFO when it ends with ``.fifo``."""
    queues: tuple[QueueConfig, ...] = ()

    def problems(self, at: str) -> list[str]:
        at = f"{at}[{self.name}]"
        out: list[str] = []
        if not QUEUE_NAME_PATTERN.fullmatch(self.name):
            out.append(
                f"{at}.name {self.name!r} may hold only letters, digits, '-', '_' and an optional '.fifo' ending"
            )
        for queue in self.queues:
            if queue.fifo != self.fifo:
                out.append(
                    f"{at}: queue {queue.name!r} must {'' if self.fifo else 'not '}end with '.fifo' like its topic"
                )
        return out


ALARM_TOPIC = "alarms"
"""Logical name of the environment's alarm topic, which the messaging stack always makes (the
service and data stacks send their alarms to it); no configured topic may use it."""


@dataclass(frozen=True, kw_only=True)
class MessagingConfig:
    """SNS topics and the SQS queues they fan out to (``messaging-<suffix>`` stack)."""

    topics: tuple[TopicConfig, ...] = ()
    """Topics, each with its subscribed queues; every queue gets a ``<name>-dlq`` dead-letter queue."""
    redrive_allow_policy: bool = True
    """Restrict each DLQ to its own source queue (off only for an AWS API without it: ``environments/local.py``)."""

    def problems(self, at: str) -> list[str]:
        out: list[str] = []
        for topic in self.topics:
            out += topic.problems(f"{at}.topics")
            if topic.base_name == ALARM_TOPIC:
                out.append(
                    f"{at}.topics[{topic.name}].name {topic.name!r} is reserved for the alarm topic: choose another name"
                )
            for queue in topic.queues:
                out += queue.problems(f"{at}.topics[{topic.name}].queues")
        names = [t.base_name for t in self.topics] + [q.base_name for t in self.topics for q in t.queues]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            out.append(f"{at}: topic and queue names must be unique, {duplicates} repeat")
        for topic in self.topics:
            for queue in topic.queues:
                if queue.dlq_base_name in names:
                    out.append(
                        f"{at}.topics[{topic.name}].queues[{queue.name}]: its dead-letter queue "
                        f"{queue.dlq_base_name!r} has the name of another queue or topic: rename one of them"
                    )
        return out
