"""A WAFv2 web ACL for CloudFront: AWS's common and known-bad-inputs rule sets, and a per-IP
rate limit. Must be created in us-east-1 (CloudFront scope); logs go to a log group whose
name starts with ``aws-waf-logs-`` as WAF requires."""

from __future__ import annotations

from dataclasses import dataclass

from modules.core.framework import Construct, aws
from modules.observability.log_group import LogGroup, LogGroupProps

MANAGED_RULE_GROUPS = (
    "AWSManagedRulesCommonRuleSet",  # OWASP-style exploits
    "AWSManagedRulesKnownBadInputsRuleSet",  # Log4Shell and other known-bad payloads
    "AWSManagedRulesAnonymousIpList",  # Tor, anonymising proxies
)
COUNT_ONLY = {"AWSManagedRulesAnonymousIpList": ["HostingProviderIPList"]}
"""Rules that only count: API clients legitimately run in cloud hosting providers."""


@dataclass(frozen=True, kw_only=True)
class WebAclProps:
    name: str
    rate_limit: int
    """Requests per 5 minutes from one IP before it is blocked."""
    log_retention_days: int
    logs_kms_key_arn: str


class WebAcl(Construct):
    """Attribute ``web_acl_arn`` (CloudFront's ``web_acl_id`` takes the ARN for WAFv2)."""

    def __init__(self, scope: Construct, id_: str, props: WebAclProps) -> None:
        super().__init__(scope, id_)
        waf = aws.wafv2_web_acl

        def visibility(metric: str):  # noqa: ANN202 - a Wafv2WebAclRuleVisibilityConfig
            return waf.Wafv2WebAclRuleVisibilityConfig(
                cloudwatch_metrics_enabled=True, metric_name=metric, sampled_requests_enabled=True
            )

        rules = [
            waf.Wafv2WebAclRule(
                name=group,
                priority=priority,
                override_action=waf.Wafv2WebAclRuleOverrideAction(none={}),
                # `statement` is untyped in the binding: Terraform's own block names, as is.
                statement={
                    "managed_rule_group_statement": {
                        "name": group,
                        "vendor_name": "AWS",
                        "rule_action_override": [
                            {"name": rule, "action_to_use": {"count": {}}} for rule in COUNT_ONLY.get(group, [])
                        ],
                    }
                },
                visibility_config=visibility(group),
            )
            for priority, group in enumerate(MANAGED_RULE_GROUPS, start=1)
        ]
        rules.append(
            waf.Wafv2WebAclRule(
                name="rate-limit-per-ip",
                priority=len(rules) + 1,
                action=waf.Wafv2WebAclRuleAction(block={}),
                statement={"rate_based_statement": {"limit": props.rate_limit, "aggregate_key_type": "IP"}},
                visibility_config=visibility("rate-limit-per-ip"),
            )
        )
        self.acl = waf.Wafv2WebAcl(
            self,
            "acl",
            name=props.name,
            scope="CLOUDFRONT",
            description="Common exploits, known bad inputs and a per-IP rate limit",
            default_action=waf.Wafv2WebAclDefaultAction(allow={}),
            rule=rules,
            visibility_config=waf.Wafv2WebAclVisibilityConfig(
                cloudwatch_metrics_enabled=True, metric_name=props.name, sampled_requests_enabled=True
            ),
        )
        logs = LogGroup(
            self,
            "logs",
            LogGroupProps(
                name=f"aws-waf-logs-{props.name}",
                retention_days=props.log_retention_days,
                kms_key_arn=props.logs_kms_key_arn,
            ),
        )
        aws.wafv2_web_acl_logging_configuration.Wafv2WebAclLoggingConfiguration(
            self,
            "logging",
            resource_arn=self.acl.arn,
            log_destination_configs=[logs.log_group_arn],
        )
        self.web_acl_arn: str = self.acl.arn
