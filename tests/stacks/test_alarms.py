"""One page per incident: in each environment, no two alarms that notify a person watch the
same metric of the same resource (namespace, metric name and dimensions), whichever stacks they
are in. A second alarm on a metric may drive scaling or roll a deployment back, silently."""

from __future__ import annotations

import json
import re
from collections import defaultdict

from tests.conftest import Synthesized

REFERENCE = re.compile(r"^\$\{([a-z0-9_]+)\.([^.}]+)\.([a-z_]+)\}$")


def resolved(value: str, config: dict) -> str:
    """A dimension that references an argument of a resource of the same stack
    (``${aws_sqs_queue.q.name}``), as its value; anything else as it is."""
    match = REFERENCE.match(value)
    if match:
        kind, key, attribute = match.groups()
        return str(config.get("resource", {}).get(kind, {}).get(key, {}).get(attribute, value))
    return value


def watched_metrics(alarm: dict, config: dict) -> list[str]:
    """``namespace metric {dimensions}`` of every metric an alarm reads (plain or metric math)."""
    metrics = (
        [alarm] if "metric_name" in alarm else [q["metric"] for q in alarm.get("metric_query", []) if "metric" in q]
    )
    return [
        f"{m.get('namespace')} {m.get('metric_name')} "
        + json.dumps({k: resolved(v, config) for k, v in m.get("dimensions", {}).items()}, sort_keys=True)
        for m in metrics
    ]


def pages_per_metric(platform: Synthesized, suffix: str) -> dict[str, list[str]]:
    """``metric -> [names of the notifying alarms that watch it]`` across the stacks of ``suffix``."""
    found: dict[str, list[str]] = defaultdict(list)
    for stack_id in platform.stack_ids:
        if stack_id.rsplit("-", 1)[1] != suffix:
            continue
        for alarm in platform.resources(stack_id, "aws_cloudwatch_metric_alarm").values():
            notifies = any("sns_topic" in str(a) or ":sns:" in str(a) for a in alarm.get("alarm_actions", []))
            if notifies:
                for metric in watched_metrics(alarm, platform.json(stack_id)):
                    found[metric].append(f"{stack_id}: {alarm['alarm_name']}")
    return found


def test_no_two_paging_alarms_watch_the_same_metric(platform) -> None:
    suffixes = sorted({stack_id.rsplit("-", 1)[1] for stack_id in platform.stack_ids})
    twice = [
        f"{metric}: {', '.join(alarms)}"
        for suffix in suffixes
        for metric, alarms in pages_per_metric(platform, suffix).items()
        if len(alarms) > 1
    ]
    counted = sum(len(pages_per_metric(platform, suffix)) for suffix in suffixes)
    assert counted > 50, "the check found almost no paging alarms: it would pass on anything"
    queues = [m for m in pages_per_metric(platform, "dev") if m.startswith("AWS/SQS ")]
    assert queues and not [m for m in queues if "${" in m], "a queue name left unresolved: compared by its reference"
    assert twice == []
