"""The VPC origin: HTTPS only, TLS 1.2, to the internal load balancer it names."""

from __future__ import annotations

import json

from modules.core import framework
from modules.edge.vpc_origin import VpcOrigin, VpcOriginProps

ALB = "arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/app/platform-api-dev/0123456789abcdef"


def test_https_only_with_tls_1_2_to_the_load_balancer() -> None:
    stack = framework.TerraformStack(framework.Testing.app(), "test")
    framework.aws.provider.AwsProvider(stack, "aws", region="us-east-1")
    VpcOrigin(stack, "api-origin", VpcOriginProps(name="platform-api-dev", load_balancer_arn=ALB))
    [origin] = json.loads(framework.Testing.synth(stack))["resource"]["aws_cloudfront_vpc_origin"].values()
    [config] = origin["vpc_origin_endpoint_config"]
    assert config["arn"] == ALB and config["name"] == "platform-api-dev"
    assert config["origin_protocol_policy"] == "https-only" and config["https_port"] == 443
    assert config["origin_ssl_protocols"] == [{"items": ["TLSv1.2"], "quantity": 1}]
