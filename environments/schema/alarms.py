"""Alarm thresholds and who is told."""

from __future__ import annotations

from dataclasses import dataclass, field

from environments.schema.data_alarms import DatabaseAlarmsConfig, TableAlarmsConfig
from environments.schema.formats import email_problems
from environments.schema.rules import _ranges


@dataclass(frozen=True, kw_only=True)
class AlarmsConfig:
    emails: tuple[str, ...] = ()
    """Addresses subscribed to the environment's alarm topic (each confirms by mail)."""
    alb_5xx_per_minute: int = 10
    target_response_seconds: float = 1.5
    cpu_high_percent: int = 85
    memory_high_percent: int = 85
    cloudfront_5xx_percent: float = 5.0
    database: DatabaseAlarmsConfig = field(default_factory=DatabaseAlarmsConfig)
    """Aurora: CPU, connections, freeable memory or ACU utilisation, replica lag."""
    tables: TableAlarmsConfig = field(default_factory=TableAlarmsConfig)
    """Every DynamoDB table: throttled requests, system errors."""

    def problems(self, at: str) -> list[str]:
        out = [line for e in self.emails for line in email_problems(e, f"{at}.emails")]
        lowered = [e.lower() for e in self.emails]
        out += [
            f"{at}.emails lists {e!r} more than once: remove the repeat"
            for e in sorted(set(lowered))
            if lowered.count(e) > 1
        ]
        out += _ranges(
            self,
            at,
            [
                ("cpu_high_percent", 1, 100, "%"),
                ("memory_high_percent", 1, 100, "%"),
                ("cloudfront_5xx_percent", 0.1, 100, "%"),
            ],
        )
        out += self.database.problems(f"{at}.database")
        out += self.tables.problems(f"{at}.tables")
        return out
