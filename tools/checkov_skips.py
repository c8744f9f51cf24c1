"""Every checkov finding this project accepts, in one place, each with the reason.

A finding is accepted only when its check id is listed here AND its stack and resource match
one of the entry's patterns AND its environment is one the entry names. Everything else fails
the security test; an entry that matches nothing any more fails it too (so this list cannot
rot). Patterns are ``fnmatch`` patterns over ``<component>/<checkov resource id>``, e.g.
``service/*alb_http_*``.
"""

from __future__ import annotations

from dataclasses import dataclass

NON_PROD = ("local", "dev", "staging")
ALL = ("local", "dev", "staging", "prod")


@dataclass(frozen=True)
class Skip:
    reason: str
    resources: tuple[str, ...]
    environments: tuple[str, ...] = ALL


SKIPS: dict[str, Skip] = {
    # --- trade-offs of the non-production environments (cost, destroyability) ---------------
    "CKV_AWS_139": Skip("Non-prod Aurora clusters must be destroyable by `make destroy` (ephemeral PR copies); "
                        "prod sets deletion_protection (protection.deletion_protection).",
                        ("data/*aurora_cluster_*",), NON_PROD),
    "CKV_AWS_150": Skip("Non-prod load balancers must be destroyable; prod enables deletion protection.",
                        ("service/*alb_*",), NON_PROD),
    "CKV_AWS_118": Skip("Enhanced monitoring costs per instance-second; on in prod (database.enhanced_monitoring_seconds).",
                        ("data/*aurora_instance-*",), NON_PROD),
    "CKV_AWS_353": Skip("Performance Insights is on in prod (database.performance_insights); off elsewhere for cost.",
                        ("data/*aurora_instance-*",), NON_PROD),
    "CKV_AWS_338": Skip("Non-prod keeps logs 7-30 days for cost; prod keeps flow, database and service logs 365 days.",
                        ("network/*flow-logs*", "data/*aurora_logs*", "service/*app_logs*"), NON_PROD),
    "CKV_AWS_68": Skip("WAF (cdn.waf) costs a fixed monthly fee per ACL and rule; on in prod, off for non-prod.",
                       ("edge/*cdn_distribution_*",), NON_PROD),
    "CKV2_AWS_47": Skip("Non-prod distributions have no WAF (see CKV_AWS_68); prod's ACL has the Log4j and "
                        "anonymous-IP managed rule groups.", ("edge/*cdn_distribution_*",), NON_PROD),
    "CKV_AWS_86": Skip("CloudFront access logs (cdn.access_logs) are on in prod only, for cost.",
                       ("edge/*cdn_distribution_*",), NON_PROD),

    # --- no certificate in the shipped configuration ------------------------------------------
    "CKV_AWS_2": Skip("The shipped environments have no ACM certificate (it is account- and domain-specific): "
                      "with service.certificate_arn the listener is HTTPS. Until then only CloudFront, with the "
                      "secret origin header, reaches the ALB.", ("service/*alb_http_*",)),
    "CKV_AWS_103": Skip("Same as CKV_AWS_2: the HTTPS listener uses ELBSecurityPolicy-TLS13-1-2 once a "
                        "certificate is configured.", ("service/*alb_http_*",)),
    "CKV2_AWS_20": Skip("Same as CKV_AWS_2: with a certificate, port 80 redirects to 443 (HTTP_301).",
                        ("service/*alb_*",)),
    "CKV2_AWS_42": Skip("No custom domain in the shipped configuration: cdn.aliases + cdn.certificate_arn switch "
                        "the distribution to its own certificate with TLSv1.2_2021.", ("edge/*cdn_distribution_*",)),
    "CKV_AWS_174": Skip("The default *.cloudfront.net certificate cannot set a minimum TLS version; with "
                        "cdn.certificate_arn it is TLSv1.2_2021.", ("edge/*cdn_distribution_*",)),

    # --- by design ----------------------------------------------------------------------------
    "CKV_AWS_378": Skip("TLS ends at the ALB; targets are reached over HTTP inside the VPC, from the ALB's security "
                        "group only.", ("service/*alb_targets_*",)),
    "CKV2_AWS_28": Skip("The ALB admits only CloudFront's origin-facing prefix list and forwards only requests with "
                        "the secret origin header; the WAF sits on CloudFront in front of it.", ("service/*alb_*",)),
    "CKV2_AWS_32": Skip("The AWS-managed SecurityHeadersPolicy is attached to both behaviours by id; checkov only "
                        "recognises a policy resource defined in the same configuration.", ("edge/*cdn_distribution_*",)),
    "CKV_AWS_310": Skip("One origin per behaviour in one region; origin failover would need a second site bucket "
                        "and ALB in another region.", ("edge/*cdn_distribution_*",)),
    "CKV_AWS_374": Skip("A public web API for a global audience: no country is blocked.", ("edge/*cdn_distribution_*",)),
    "CKV2_AWS_5": Skip("The app security group is created in the network stack and attached to the ECS service in "
                       "the service stack; checkov sees one stack at a time.", ("network/*app-sg_group_*",)),
    "CKV2_AWS_57": Skip("The origin header secret is regenerated by re-creating its version (taint); a rotation "
                        "Lambda would also have to update CloudFront and the ALB rule atomically.",
                        ("service/*origin-secret_*",)),
    "CKV2_AWS_8": Skip("Aurora keeps continuous backups (point-in-time restore) for database.backup_retention_days "
                       "and a final snapshot in prod; AWS Backup plans are an organisation-level choice.",
                       ("data/*aurora_cluster_*",)),
    "CKV_AWS_109": Skip("KMS key policies: Resource \"*\" means \"this key\"; administration stays with the account "
                        "root, services get use-only actions with conditions.", ("*key_policy_*",)),
    "CKV_AWS_111": Skip("KMS key policies: write actions on Resource \"*\" (this key) only for the account root "
                        "and for conditioned service principals (see CKV_AWS_109).", ("*key_policy_*",)),
    "CKV_AWS_356": Skip("KMS key policies: a key policy's Resource can only be \"*\", meaning the key itself "
                        "(see CKV_AWS_109).", ("*key_policy_*",)),
    "CKV_AWS_260": Skip("False positive: checkov reads neither prefix_list_id nor referenced_security_group_id of "
                        "aws_vpc_security_group_ingress_rule; these rules admit the CloudFront prefix list and the "
                        "ALB's security group, not 0.0.0.0/0.", ("service/*alb_from-cloudfront_*", "service/*app_from-alb-in_*")),
    "CKV_AWS_145": Skip("These buckets cannot use SSE-KMS: ALB access logs and CloudFront standard logs support "
                        "SSE-S3 only, and the S3 backend writes state with SSE-S3 (`encrypt = true`). All are "
                        "encrypted at rest.", ("state/*bucket_*", "service/*alb_access-logs_*", "edge/*cdn_access-logs_*")),
    "CKV2_AWS_65": Skip("CloudFront standard logging writes with an ACL, so its log bucket keeps ACLs enabled "
                        "(BucketOwnerPreferred); every other bucket enforces ownership.", ("edge/*cdn_access-logs_*",)),
    "CKV_AWS_18": Skip("S3 server access logs would need a log bucket per region and account; object-level access "
                       "is audited with CloudTrail data events at the organisation level.", ("*",)),
    "CKV_AWS_144": Skip("Cross-region replication doubles storage cost; state, site and logs are versioned or "
                        "re-creatable, and disaster recovery to another region is not a goal of this platform.",
                        ("*",)),
    "CKV2_AWS_62": Skip("Nothing consumes S3 event notifications in this platform.", ("*",)),
}
