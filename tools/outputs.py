"""Print what a deploy made, from ``cdktf deploy --outputs-file`` JSON.

python -m tools.outputs cdktf.out/outputs.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

SHOWN = {
    "cloudfront_domain_name": "Site and API (CloudFront)",
    "alb_dns_name": "Load balancer",
    "database_endpoint": "Aurora writer",
    "database_reader_endpoint": "Aurora readers",
    "database_secret_arn": "Database credentials (secret)",
    "queue_urls": "Queues",
    "topic_arns": "Topics",
    "table_names": "DynamoDB tables",
    "cluster_name": "ECS cluster",
    "dashboard_url": "Dashboard",
}


def render(outputs: dict[str, dict]) -> str:
    found = {key: value for stack in outputs.values() for key, value in stack.items() if key in SHOWN}
    lines = []
    for key, label in SHOWN.items():
        if key not in found:
            continue
        value = found[key]
        if isinstance(value, dict):
            lines.append(f"{label}:")
            lines += [f"  {name:<20} {item}" for name, item in sorted(value.items())]
        else:
            lines.append(f"{label + ':':<32} {value}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    path = Path(argv[0] if argv else "cdktf.out/outputs.json")
    if not path.is_file():
        print(f"outputs: {path} not found (run the deploy first)", file=sys.stderr)
        return 1
    print(render(json.loads(path.read_text())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
