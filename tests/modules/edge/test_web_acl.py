"""WAF for CloudFront where configured (prod): managed rules, rate limit, logging."""

from __future__ import annotations


def test_prod_web_acl_has_managed_rules_and_a_rate_limit(platform) -> None:
    acl = platform.resource("edge-prod", "aws_wafv2_web_acl")
    assert acl["scope"] == "CLOUDFRONT" and acl["default_action"] == {"allow": {}}
    rules = {r["name"]: r for r in acl["rule"]}
    assert rules["AWSManagedRulesCommonRuleSet"]["statement"]["managed_rule_group_statement"]["vendor_name"] == "AWS"
    assert rules["rate-limit-per-ip"]["statement"]["rate_based_statement"] == {
        "limit": 2000,
        "aggregate_key_type": "IP",
    }
    assert rules["rate-limit-per-ip"]["action"] == {"block": {}}


def test_waf_logs_to_an_encrypted_aws_waf_logs_group(platform) -> None:
    groups = [g for g in platform.resources("edge-prod", "aws_cloudwatch_log_group").values()]
    [group] = groups
    assert group["name"].startswith("aws-waf-logs-") and "edge-key" in group["kms_key_id"]
    assert platform.resource("edge-prod", "aws_wafv2_web_acl_logging_configuration")


def test_dev_has_no_waf(platform) -> None:
    assert not platform.resources("edge-dev", "aws_wafv2_web_acl")
