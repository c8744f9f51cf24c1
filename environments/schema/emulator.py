"""Pointing an environment at a local AWS API."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, kw_only=True)
class EmulatorConfig:
    """Point the provider and the S3 backend at a local AWS API (moto or LocalStack).

    ``LOCAL_AWS_ENDPOINT`` overrides ``endpoint``. HTTPS, as on AWS; the emulator's
    self-signed certificate is accepted (``insecure``) only because the endpoint must be a
    loopback address. Every field below other than ``endpoint`` works around an emulator gap,
    in this environment only; the README lists each one ("Emulator gaps").
    """

    endpoint: str = "https://127.0.0.1:4566"
    services: tuple[str, ...] = (
        # Every service the stacks call: one missing sends its calls to AWS itself
        # (tests/security/test_emulator_endpoints.py keeps this list complete).
        "acm",
        "applicationautoscaling",
        "cloudfront",
        "cloudwatch",
        "dynamodb",
        "ec2",
        "ecs",
        "elbv2",
        "events",
        "iam",
        "kms",
        "logs",
        "rds",
        "route53",
        "s3",
        "scheduler",
        "secretsmanager",
        "sns",
        "sqs",
        "sts",
        "wafv2",
    )
    ignore_drift: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Per Terraform resource type, attributes the emulator does not round-trip: ignored
    (``lifecycle.ignore_changes``) so a second plan is clean."""
    policy_conditions: bool = False
    """Whether the emulator evaluates conditions in resource policies. moto does not: it
    applies a conditional Deny (such as the TLS-only bucket statement) to every object
    request, so that statement is left out while this is False."""

    def problems(self, at: str) -> list[str]:
        match = re.fullmatch(r"https?://(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?/?", self.endpoint)
        if not match:
            return [
                f"{at}.endpoint {self.endpoint!r} must be a loopback URL such as https://127.0.0.1:4566 (LOCAL_AWS_ENDPOINT sets it)"
            ]
        return []
