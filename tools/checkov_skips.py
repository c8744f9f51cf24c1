"""Every checkov finding this project accepts, in one place, each with the reason.

A finding is accepted only when its check id is listed here AND its stack and resource match
one of the entry's patterns AND the entry's ``applies`` holds for its environment's
configuration (a property, never a list of names: a new environment is judged by what it
configures). Everything else fails the security test; an entry that matches nothing any more
fails it too (so this list cannot rot). Patterns are ``fnmatch`` patterns over
``<component>/<checkov resource id>``, e.g. ``service/*alb_http_*``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from environments.schema import Environment, WebServiceConfig
from environments.schema.http_api import ApiRouteFields


def everywhere(_: Environment) -> bool:
    return True


def unprotected(environment: Environment) -> bool:
    """Stateful resources stay destroyable (``protection.deletion_protection`` off)."""
    return not environment.protection.deletion_protection


def short_log_retention(environment: Environment) -> bool:
    """Some log group keeps its logs less than a year (checkov's threshold)."""
    retentions = [
        environment.network.flow_log_retention_days,
        environment.database.log_retention_days,
        *([environment.cache.slow_log_retention_days] if environment.cache else []),
        *(service.log_retention_days for service in environment.services),
        *(function.log_retention_days for function in environment.functions),
        *([environment.http_api.log_retention_days] if environment.http_api is not None else []),
    ]
    return min(retentions) < 365


def creates_its_zone(environment: Environment) -> bool:
    return environment.domain is not None and environment.domain.creates_zone


@dataclass(frozen=True)
class Skip:
    reason: str
    resources: tuple[str, ...]
    applies: Callable[[Environment], bool] = everywhere
    """Whether the skip holds for an environment, from its configuration."""


def functions_without_reserved_concurrency(environment: Environment) -> bool:
    return any(function.reserved_concurrency is None for function in environment.functions)


def open_api_routes(environment: Environment) -> bool:
    routed: list[ApiRouteFields] = [
        *(s for s in environment.services if isinstance(s, WebServiceConfig)),
        *environment.functions,
    ]
    return environment.http_api is not None and any(
        spec.api_open_routes or (spec.api_routes and spec.api_auth == "none") for spec in routed
    )


SKIPS: dict[str, Skip] = {
    "CKV_AWS_309": Skip(
        "An HTTP API route is open only where the configuration says so (api_auth='none' or "
        "api_open_routes: the catalogue's reads); every other route has the JWT authorizer, and "
        "tests/stacks/test_service_api.py checks each route's authorization against the configuration.",
        ("service/*http-api_*_route_*",),
        open_api_routes,
    ),
    "CKV_AWS_115": Skip(
        "A function without reserved_concurrency runs in the account's shared pool: reserving "
        "concurrency takes it from every other function and fails in accounts whose limit is still "
        "AWS's starting 10 (reserved_concurrency sets it per function where a limit is wanted).",
        ("service/*_function_*",),
        functions_without_reserved_concurrency,
    ),
    "CKV_AWS_272": Skip(
        "Functions deploy code synthesized from this repository, reviewed as the plan that names its "
        "hash (source_code_hash); there is no signing profile in the pipeline to sign it with.",
        ("service/*_function_*",),
        lambda e: bool(e.functions),
    ),
    "CKV_AWS_110": Skip(
        "The pipeline's deploy role is the account's deployer: it creates the platform's roles and "
        "passes them to the services that run them (ECS, EventBridge Scheduler, Lambda); IAM users, "
        "access keys and the pipeline's own roles are denied to it (NoEscalation).",
        ("ci/*deploy_permissions_*",),
        lambda e: bool(e.functions),
    ),
    # --- trade-offs of the non-production environments (cost, destroyability) ---------------
    "CKV_AWS_139": Skip(
        "Non-prod Aurora clusters must be destroyable by `make destroy` (ephemeral PR copies); "
        "prod sets deletion_protection (protection.deletion_protection).",
        ("data/*aurora_cluster_*",),
        unprotected,
    ),
    "CKV_AWS_150": Skip(
        "Non-prod load balancers must be destroyable; prod enables deletion protection.",
        ("service/*alb_*",),
        unprotected,
    ),
    "CKV_AWS_118": Skip(
        "Enhanced monitoring costs per instance-second; on in prod (database.enhanced_monitoring_seconds).",
        ("data/*aurora_instance-*",),
        lambda e: not e.database.enhanced_monitoring_seconds,
    ),
    "CKV_AWS_353": Skip(
        "Performance Insights is on in prod (database.performance_insights); off elsewhere for cost.",
        ("data/*aurora_instance-*",),
        lambda e: not e.database.performance_insights,
    ),
    "CKV_AWS_338": Skip(
        "Non-prod keeps logs 7-30 days for cost; prod keeps flow, database, service and HTTP API access logs 365 days.",
        (
            "network/*flow-logs*",
            "data/*aurora_logs*",
            "data/*cache_slow-log*",
            "service/*app_logs*",
            "service/*_task_logs*",
            "service/*_logs_group_*",
            "service/*http-api_access-logs_group_*",
        ),
        short_log_retention,
    ),
    "CKV_AWS_68": Skip(
        "WAF (cdn.waf) costs a fixed monthly fee per ACL and rule; on in prod, off for non-prod.",
        ("edge/*cdn_distribution_*",),
        lambda e: not e.cdn.waf,
    ),
    "CKV2_AWS_47": Skip(
        "Non-prod distributions have no WAF (see CKV_AWS_68); prod's ACL has the Log4j and "
        "anonymous-IP managed rule groups.",
        ("edge/*cdn_distribution_*",),
        lambda e: not e.cdn.waf,
    ),
    "CKV_AWS_86": Skip(
        "CloudFront access logs (cdn.access_logs) are on in prod only, for cost.",
        ("edge/*cdn_distribution_*",),
        lambda e: not e.cdn.access_logs,
    ),
    # --- the environment's own domain --------------------------------------------------------
    # Every shipped environment has a domain (environment.domain): HTTPS listeners with a regional
    # certificate, CloudFront with its own certificate and TLSv1.2_2021, no HTTP listener at all;
    # the TLS skips (CKV_AWS_2, CKV_AWS_103, CKV2_AWS_20, CKV2_AWS_42, CKV_AWS_174) are gone.
    "CKV2_AWS_38": Skip(
        "DNSSEC signing of a created zone needs a KMS signing key and a DS record in the parent zone, "
        "which the parent's owner adds out of band like the NS delegation; a zone's owner turns it on "
        "once delegated.",
        ("network/*dns_zone_*",),
        creates_its_zone,
    ),
    "CKV2_AWS_39": Skip(
        "Route53 query logs (CloudWatch Logs in us-east-1, billed per query) would record public "
        "lookups of public names; nothing in these zones is secret.",
        ("network/*dns_zone_*",),
        creates_its_zone,
    ),
    "CKV_AWS_259": Skip(
        "HSTS is sent with max-age two years and includeSubDomains; `preload` asks browsers to hard-code "
        "HTTPS for the whole registrable domain, which cannot be undone quickly: the domain owner's "
        "decision, not a platform default.",
        ("edge/*cdn_headers_policy_*",),
        lambda e: e.cdn.response_headers != "aws-managed",
    ),
    "CKV2_AWS_32": Skip(
        "local only: the emulator has no response-headers policies, so the AWS-managed "
        "SecurityHeadersPolicy is attached by id (cdn.response_headers), which checkov cannot see.",
        ("edge/*cdn_distribution_*",),
        lambda e: e.cdn.response_headers == "aws-managed",
    ),
    "CKV_AWS_365": Skip(
        "local only: the emulator has no PutConfigurationSetDeliveryOptions, so the e-mail "
        "configuration set does not require TLS there (email.require_tls); every real environment does.",
        ("messaging/*email_configuration-set_*",),
        lambda e: e.email is not None and not e.email.require_tls,
    ),
    # --- by design ----------------------------------------------------------------------------
    "CKV_AWS_378": Skip(
        "A vm's target group: the load balancer terminates TLS and reaches the instances in the "
        "private subnets over HTTP, as it reaches the Fargate tasks (no certificate can name an "
        "instance); the vm's security group admits the load balancer's group only.",
        ("service/*_targets_*",),
        lambda e: bool(e.vms),
    ),
    "CKV2_AWS_57": Skip(
        "The broker's admin password: Amazon MQ for RabbitMQ has no Secrets Manager rotation "
        "function, and a rotated secret would no longer match the broker's user. The password is "
        "generated by Secrets Manager at create and never leaves it (no state output, no logs).",
        ("service/*broker_secret_*",),
        lambda e: e.broker is not None,
    ),
    "CKV_AWS_310": Skip(
        "One origin per behaviour in one region; origin failover would need a second site bucket "
        "and ALB in another region.",
        ("edge/*cdn_distribution_*",),
    ),
    "CKV_AWS_374": Skip(
        "A public web API for a global audience: no country is blocked.", ("edge/*cdn_distribution_*",)
    ),
    "CKV2_AWS_5": Skip(
        "The app security group is created in the network stack and attached to the ECS service in "
        "the service stack; checkov sees one stack at a time. A scheduled task's own group (its declared "
        "calls and volumes) is attached by its EventBridge Scheduler schedule's ECS target, which checkov "
        "does not count as an attachment.",
        ("network/*app-sg_group_*", "service/*service-groups_*_group_*"),
    ),
    "CKV2_AWS_8": Skip(
        "Aurora keeps continuous backups (point-in-time restore) for database.backup_retention_days "
        "and a final snapshot in prod; AWS Backup plans are an organisation-level choice.",
        ("data/*aurora_cluster_*",),
    ),
    "CKV_AWS_109": Skip(
        'KMS key policies: Resource "*" means "this key"; administration stays with the account '
        "root, services get use-only actions with conditions. The pipeline's deploy and preview "
        "roles (ci) create and delete the platform's resources and policies in an account that "
        "is the environment's own: IAM only for roles by the environment's (or its copies') names, "
        "the pipeline's roles, OIDC providers and the state bucket's guards denied.",
        ("*key_policy_*", "ci/*deploy_permissions_*", "ci/*preview_permissions_*"),
    ),
    "CKV_AWS_111": Skip(
        'KMS key policies: write actions on Resource "*" (this key) only for the account root '
        "and for conditioned service principals (see CKV_AWS_109). The pipeline's deploy and "
        "preview roles write the platform's resources account-wide by design (see CKV_AWS_109; "
        "the preview role is fenced to its copies' tags and names by Deny statements). A function's "
        "role creates and deletes its network interfaces in the VPC: EC2 offers no resource to scope "
        "CreateNetworkInterface and its kin to (AWS's own AWSLambdaVPCAccessExecutionRole uses *).",
        (
            "*key_policy_*",
            "ci/*deploy_permissions_*",
            "ci/*preview_permissions_*",
            "service/*_policy-document_*",
        ),
    ),
    "CKV_AWS_356": Skip(
        'KMS key policies: a key policy\'s Resource can only be "*", meaning the key itself (see CKV_AWS_109). '
        "The pipeline's plan role reads every resource's configuration (Describe/List/Get of metadata, "
        "most not scopable; secret and data reads denied) and its deploy role manages the platform's "
        "services in the environment's own account (see CKV_AWS_109). A function's role manages its "
        "network interfaces, which EC2 cannot scope (see CKV_AWS_111), and writes X-Ray traces, which "
        "have no resource either.",
        ("*key_policy_*", "ci/*plan_permissions_*", "ci/*deploy_permissions_*", "service/*_policy-document_*"),
    ),
    "CKV_AWS_107": Skip(
        "The pipeline's deploy role manages Secrets Manager secrets of the platform (Aurora's master "
        "secret is RDS-managed; the role creates and deletes secrets, it is the account's deployer); "
        "IAM users and access keys are denied to it (NoEscalation).",
        ("ci/*deploy_permissions_*",),
    ),
    "CKV_AWS_108": Skip(
        "The pipeline's deploy role manages the platform's tables, queues and buckets account-wide "
        "(see CKV_AWS_109): a deployer of an account can read what it deploys. The plan role, which "
        "pull requests use, denies every data read (NoSecretsOrData).",
        ("ci/*deploy_permissions_*",),
    ),
    "CKV_AWS_260": Skip(
        "False positive: checkov reads neither prefix_list_id nor referenced_security_group_id of "
        "aws_vpc_security_group_ingress_rule; these rules admit the CloudFront prefix list and the "
        "ALB's security group, a declared caller's own group (service-to-service calls) and the mounting "
        "services' own groups (the file system's NFS port), not 0.0.0.0/0.",
        ("service/*alb_from-cloudfront_*", "service/*app_from-alb-in_*", "service/*service-groups_*-calls-*-in_*"),
    ),
    "CKV_AWS_145": Skip(
        "These buckets cannot use SSE-KMS: ALB access logs and CloudFront standard logs support "
        "SSE-S3 only, and the S3 backend writes state with SSE-S3 (`encrypt = true`). All are "
        "encrypted at rest.",
        ("state/*bucket_*", "service/*alb_access-logs_*", "edge/*cdn_access-logs_*"),
    ),
    "CKV2_AWS_65": Skip(
        "CloudFront standard logging writes with an ACL, so its log bucket keeps ACLs enabled "
        "(BucketOwnerPreferred); every other bucket enforces ownership.",
        ("edge/*cdn_access-logs_*",),
    ),
    "CKV_AWS_18": Skip(
        "S3 server access logs would need a log bucket per region and account; object-level access "
        "is audited with CloudTrail data events at the organisation level.",
        ("*",),
    ),
    "CKV_AWS_144": Skip(
        "Cross-region replication doubles storage cost; state, site and logs are versioned or "
        "re-creatable, and disaster recovery to another region is not a goal of this platform.",
        ("*",),
    ),
    "CKV2_AWS_62": Skip("Nothing consumes S3 event notifications in this platform.", ("*",)),
    "CKV2_AWS_50": Skip(
        "A one-node cache (cache.replicas 0, dev and local) has no replica to fail over to; prod runs "
        "a replica in another AZ with Multi-AZ automatic failover.",
        ("data/*cache_group_*",),
        lambda e: e.cache is not None and not e.cache.multi_az,
    ),
}
