"""Pointing an environment at a local AWS API."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

LOOPBACK = re.compile(
    r"https?://(?:(?P<ip>127\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3})|localhost|\[::1\])(?::(?P<port>[0-9]{1,5}))?/?",
    re.ASCII,
)
IDENTIFIER = re.compile(r"[a-z][a-z0-9_]{0,63}", re.ASCII)
RESOURCE_TYPE = re.compile(r"aws_[a-z0-9_]{1,64}", re.ASCII)


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
        "apigatewayv2",
        "applicationautoscaling",
        "autoscaling",
        "cloudfront",
        "cloudwatch",
        "cognitoidp",
        "dynamodb",
        "ec2",
        "ecr",
        "ecs",
        "efs",
        "elasticache",
        "elbv2",
        "events",
        "iam",
        "kms",
        "lambda",
        "logs",
        "mq",
        "rds",
        "route53",
        "s3",
        "scheduler",
        "secretsmanager",
        "servicediscovery",
        "ses",
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
        out: list[str] = []
        match = LOOPBACK.fullmatch(self.endpoint)
        if (
            not match
            or any(int(octet) > 255 for octet in (match["ip"] or "127.0.0.0").split(".")[1:])
            or (match["port"] is not None and not 1 <= int(match["port"]) <= 65535)
        ):
            out.append(
                f"{at}.endpoint {self.endpoint!r} must be a loopback URL such as https://127.0.0.1:4566 (LOCAL_AWS_ENDPOINT sets it)"
            )
        out += [
            f"{at}.services entry {name!r} must be an AWS SDK service name such as 'sqs'"
            for name in self.services
            if not IDENTIFIER.fullmatch(name)
        ]
        for resource_type, attributes in self.ignore_drift.items():
            if not RESOURCE_TYPE.fullmatch(resource_type):
                out.append(f"{at}.ignore_drift key {resource_type!r} must be a resource type such as 'aws_sqs_queue'")
            out += [
                f"{at}.ignore_drift[{resource_type!r}] entry {name!r} must be an attribute name such as 'redrive_policy'"
                for name in attributes
                if not IDENTIFIER.fullmatch(name)
            ]
        return out
