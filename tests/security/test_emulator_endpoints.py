"""An emulator environment reaches nothing but its emulator: every AWS service that its stacks'
resources and data sources call has an endpoint in the provider configuration, and every
endpoint (provider and state backend) is the loopback emulator. A service left out would send
its calls to AWS itself, as Route 53 once did in `make up` (the deploy test's AWS_ENDPOINT_URL
hid it)."""

from __future__ import annotations

import re

import pytest

SERVICE_OF = {
    # resource or data source type prefix -> the provider's endpoint name (longest prefix wins)
    "aws_acm_": "acm",
    "aws_apigatewayv2_": "apigatewayv2",
    "aws_appautoscaling_": "applicationautoscaling",
    "aws_autoscaling_": "autoscaling",
    "aws_launch_template": "ec2",
    "aws_caller_identity": "sts",
    "aws_cloudfront_": "cloudfront",
    "aws_cloudwatch_event_": "events",
    "aws_cloudwatch_log_": "logs",
    "aws_cloudwatch_": "cloudwatch",
    "aws_cognito_": "cognitoidp",
    "aws_db_": "rds",
    "aws_default_security_group": "ec2",
    "aws_dynamodb_": "dynamodb",
    "aws_ec2_": "ec2",
    "aws_ecr_": "ecr",
    "aws_ecs_": "ecs",
    "aws_efs_": "efs",
    "aws_elasticache_": "elasticache",
    "aws_eip": "ec2",
    "aws_flow_log": "ec2",
    "aws_iam_": "iam",
    "aws_internet_gateway": "ec2",
    "aws_kms_": "kms",
    "aws_lambda_": "lambda",
    "aws_mq_": "mq",
    "aws_lb": "elbv2",
    "aws_nat_gateway": "ec2",
    "aws_rds_": "rds",
    "aws_route53_": "route53",
    "aws_route": "ec2",
    "aws_s3_": "s3",
    "aws_scheduler_": "scheduler",
    "aws_secretsmanager_": "secretsmanager",
    "aws_security_group": "ec2",
    "aws_service_discovery_": "servicediscovery",
    "aws_ses_": "ses",
    "aws_sns_": "sns",
    "aws_sqs_": "sqs",
    "aws_subnet": "ec2",
    "aws_vpc": "ec2",
    "aws_wafv2_": "wafv2",
}
NO_API = {"aws_iam_policy_document", "aws_partition", "aws_region", "aws_elb_service_account", "terraform_remote_state"}
"""Computed by the provider or by Terraform itself: no call to AWS."""
LOOPBACK = re.compile(r"https?://(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?/?")


def service_of(type_name: str) -> str | None:
    if type_name in NO_API:
        return None
    prefixes = sorted((p for p in SERVICE_OF if type_name.startswith(p)), key=len, reverse=True)
    assert prefixes, f"{type_name}: which endpoint does it call? Add it to SERVICE_OF (or NO_API) in {__name__}"
    return SERVICE_OF[prefixes[0]]


@pytest.mark.parametrize("component", ["state", "ci", "network", "data", "messaging", "service", "edge"])
def test_every_service_called_has_a_loopback_endpoint(platform, component: str) -> None:
    config = platform.json(f"{component}-local")
    called = {
        service
        for block in ("resource", "data")
        for type_name in config.get(block, {})
        if (service := service_of(type_name)) is not None
    }
    assert called, f"{component}-local calls no service: the check would be empty"
    for provider in config["provider"]["aws"]:
        [endpoints] = provider["endpoints"]
        missing = called - set(endpoints)
        assert not missing, (
            f"{component}-local calls {sorted(missing)} without an emulator endpoint: add to EmulatorConfig.services"
        )
        assert all(LOOPBACK.fullmatch(url) for url in endpoints.values()), endpoints
    backend = config["terraform"]["backend"]["s3"]
    assert all(LOOPBACK.fullmatch(url) for url in backend["endpoints"].values()), backend["endpoints"]
