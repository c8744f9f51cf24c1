"""The edge stack lives in us-east-1 whatever the environment's region, and alarms there."""

from __future__ import annotations


def test_edge_stack_is_in_us_east_1_with_its_state_in_the_home_bucket(platform) -> None:
    [provider] = platform.json("edge-prod")["provider"]["aws"]
    assert provider["region"] == "us-east-1"
    backend = platform.json("edge-prod")["terraform"]["backend"]["s3"]
    assert backend["region"] == "eu-west-1" and backend["key"] == "prod/edge.tfstate"


def test_cloudfront_5xx_alarm_notifies_the_edge_alarm_topic(platform) -> None:
    [alarm] = platform.resources("edge-prod", "aws_cloudwatch_metric_alarm").values()
    assert (alarm["namespace"], alarm["metric_name"]) == ("AWS/CloudFront", "5xxErrorRate")
    assert alarm["dimensions"]["Region"] == "Global" and alarm["threshold"] == 5
    topic = platform.resource("edge-prod", "aws_sns_topic")
    assert topic["name"] == "platform-edge-alarms-prod" and "edge-key" in topic["kms_master_key_id"]


def test_useful_outputs(platform) -> None:
    outputs = platform.json("edge-dev")["output"]
    assert {"cloudfront_domain_name", "cloudfront_distribution_id", "site_bucket"} <= set(outputs)
    assert "alb_dns_name" in platform.json("service-dev")["output"]
