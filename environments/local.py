"""``local``: the whole platform against a local AWS API (moto by default, LocalStack works).

Cheap and destroyable. Where the emulator lacks an API or does not round-trip an attribute,
this file (and only this file) turns the feature off or ignores the drift; the README lists
each gap with its reason.
"""

import dataclasses

from environments.base import BASE, FILES, ORDER_WORKER, REPORT_MOUNTS
from environments.edit import replace_service, replace_services
from environments.schema import (
    BrokerConfig,
    CacheConfig,
    CdnConfig,
    DomainConfig,
    EmailConfig,
    EmulatorConfig,
    Grants,
    NetworkConfig,
    StateConfig,
    VmConfig,
)

ENVIRONMENT = dataclasses.replace(
    BASE,
    name="local",
    suffix="local",
    region="us-east-1",
    account_id="123456789012",  # the account moto answers for
    network=NetworkConfig(cidr="10.10.0.0/16", flow_log_retention_days=7),
    # The emulator's buckets vanish with it: no prevent_destroy on the state bucket here.
    state=StateConfig(protect=False),
    messaging=dataclasses.replace(BASE.messaging, redrive_allow_policy=False),
    # moto crashes (500) deleting the delete markers a versioned bucket keeps after its objects
    # are destroyed, so nothing is uploaded into the site bucket here (README, emulator gaps).
    # moto has no CloudFront VPC origins: without the HTTP API (which CloudFront's API path goes to
    # here) the load balancer would be internet-facing, reached over HTTPS as a custom origin
    # (still only from CloudFront's prefix list); moto has no response-headers policies either:
    # AWS's managed SecurityHeadersPolicy by id.
    cdn=CdnConfig(upload_default_site=False, api_origin="public-alb", response_headers="aws-managed"),
    # A zone of its own in the emulator (moto serves Route53), and certificates from moto's ACM
    # (issued after MOTO_ACM_VALIDATION_WAIT seconds; tools/emulator.py sets it short).
    domain=DomainConfig(name="local.platform.test"),
    # moto has no PutBackupPolicy and no DeleteFileSystemPolicy: no backup policy (local protects
    # nothing anyway) and no file system policy here (README, emulator gaps).
    files=dataclasses.replace(FILES, backup=False, file_system_policy=False),
    # moto's SES v1 has no PutConfigurationSetDeliveryOptions and returns no reputation options:
    # the configuration set neither requires TLS nor publishes reputation metrics here.
    email=EmailConfig(require_tls=False, reputation_metrics=False),
    # Valkey with IAM-authenticated users: the emulator's ElastiCache fixes (tools/emulator_elasticache.py)
    # make the replication group, its member clusters and the user group round-trip.
    cache=CacheConfig(),
    # The one named environment with a RabbitMQ broker (single instance; the tests' options
    # environment runs a multi-AZ cluster): the order-worker is its grantee.
    broker=BrokerConfig(),
    # The one named environment with a vm (EC2 Auto Scaling behind the load balancer's /legacy/*).
    vms=(VmConfig(name="legacy", user_data="vms/legacy/user-data.sh", grants=Grants(read_tables=("catalog",))),),
    # moto ignores DynamoDB replicas (the provider waits for them forever): no table here lists
    # replica_regions (BASE has none; prod's catalog replicates).
    emulator=EmulatorConfig(
        ignore_drift={
            # moto reports a Serverless v1 scaling_configuration for every Aurora cluster
            "aws_rds_cluster": ("scaling_configuration",),
            # moto does not return a service's capacity provider strategy (that alone would replace
            # the service on every plan), its managed-tags flag, grace period, AZ rebalancing
            # or deployment controller
            "aws_ecs_service": (
                "capacity_provider_strategy",
                "enable_ecs_managed_tags",
                "health_check_grace_period_seconds",
                "availability_zone_rebalancing",
                "deployment_controller",
            ),
            # moto drops the origins' origin_access_control_id, adds legacy forwarded_values and
            # reports sni-only for the default certificate
            "aws_cloudfront_distribution": (
                "origin",
                "default_cache_behavior",
                "ordered_cache_behavior",
                "viewer_certificate",
            ),
            # moto re-spaces the redrive JSON; worse, updating it clears the queue policy
            "aws_sqs_queue": ("redrive_policy",),
            # moto returns no reputation or sending options of an SES configuration set
            "aws_ses_configuration_set": ("reputation_metrics_enabled", "sending_enabled"),
            # moto does not return a Lambda function's dead-letter or logging configuration
            "aws_lambda_function": ("dead_letter_config", "logging_config"),
            # moto does not return a Cognito custom domain's certificate (that alone would replace the domain)
            "aws_cognito_user_pool_domain": ("certificate_arn",),
            # moto returns a launch template's own tag specification (resource type
            # "launch-template"), no warm-up of an Auto Scaling group, and an empty predictive
            # configuration and no enabled flag on a target-tracking policy
            "aws_launch_template": ("tag_specifications",),
            "aws_autoscaling_group": ("default_instance_warmup",),
            "aws_autoscaling_policy": ("enabled", "predictive_scaling_configuration"),
            # moto does not return security group rule descriptions
            "aws_vpc_security_group_ingress_rule": ("description",),
            "aws_vpc_security_group_egress_rule": ("description",),
        },
    ),
)
ENVIRONMENT = replace_services(ENVIRONMENT, log_retention_days=7)
for service, mounts in REPORT_MOUNTS.items():
    ENVIRONMENT = replace_service(ENVIRONMENT, service, volumes=mounts)
ENVIRONMENT = replace_service(ENVIRONMENT, "api", tracing=True)  # traces to X-Ray through the collector sidecar
# moto answers the provider's ListTagsForResource of a scalable target with HTTP 500: no
# autoscaling here, so the worker runs one task (README, emulator gaps).
ENVIRONMENT = replace_service(ENVIRONMENT, "api", autoscaling=False)
ENVIRONMENT = replace_service(ENVIRONMENT, "order-worker", autoscaling=False)
ENVIRONMENT = replace_service(
    ENVIRONMENT, "order-worker", grants=dataclasses.replace(ORDER_WORKER.grants, send_email=True, broker=True)
)
ENVIRONMENT = replace_service(
    ENVIRONMENT,
    "api",
    grants=dataclasses.replace(next(s for s in ENVIRONMENT.services if s.name == "api").grants, cache=True),
)
