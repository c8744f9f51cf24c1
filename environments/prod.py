"""``prod``: three AZs, a NAT gateway per AZ, a Multi-AZ Aurora reader, on-demand base tasks,
WAF, long retention, and every stateful resource protected from deletion."""

import dataclasses

from environments.base import BASE, FILES, ORDER_WORKER, REPORT_MOUNTS
from environments.edit import replace_identity, replace_service, replace_services, replace_table
from environments.schema import (
    AlarmsConfig,
    CacheConfig,
    CapacityConfig,
    CdnConfig,
    DatabaseConfig,
    DomainConfig,
    EmailConfig,
    HttpApiConfig,
    NetworkConfig,
    ProtectionConfig,
    StateConfig,
)

ENVIRONMENT = dataclasses.replace(
    BASE,
    name="prod",
    suffix="prod",
    account_id="333333333333",  # your production account: a fork sets its own
    copy_prefix=None,  # never copied: a copy would be an unprotected prod in prod's account
    tags={"CostCenter": "platform-prod", "DataClassification": "confidential"},
    network=NetworkConfig(cidr="10.40.0.0/16", az_count=3, nat_gateways="per_az", flow_log_retention_days=365),
    protection=ProtectionConfig(
        deletion_protection=True,
        prevent_destroy=True,
        final_snapshot=True,
        kms_deletion_window_days=30,
        force_destroy_buckets=False,
        secret_recovery_days=30,
        confirm=True,
    ),
    state=StateConfig(bucket="platform-tfstate-prod-eu-west-1", noncurrent_version_days=365),
    database=DatabaseConfig(
        min_acu=1,
        max_acu=16,
        instances=2,  # writer + reader in another AZ: failover in about a minute
        backup_retention_days=14,
        performance_insights=True,
        enhanced_monitoring_seconds=60,
        log_retention_days=365,
    ),
    domain=DomainConfig(
        name="example.com", zone="example.com"
    ),  # your domain: its public zone exists in prod's account
    email=EmailConfig(dmarc_policy="reject"),
    cdn=CdnConfig(waf=True, price_class="PriceClass_200", access_logs=True, log_retention_days=365),
    alarms=AlarmsConfig(cpu_high_percent=80, memory_high_percent=80),
    files=FILES,  # the shared reports volume; protected: backed up daily, never destroyed
    cache=CacheConfig(
        node_type="cache.r7g.large", replicas=1, multi_az=True, snapshot_retention_days=7, slow_log_retention_days=365
    ),  # Valkey, IAM-authenticated users, TLS required (environments/schema/cache.py)
)
for service, mounts in REPORT_MOUNTS.items():
    ENVIRONMENT = replace_service(ENVIRONMENT, service, volumes=mounts)
ENVIRONMENT = replace_service(ENVIRONMENT, "api", tracing=True)  # traces to X-Ray through the collector sidecar
ENVIRONMENT = replace_services(ENVIRONMENT, log_retention_days=365)
ENVIRONMENT = dataclasses.replace(ENVIRONMENT, http_api=HttpApiConfig(log_retention_days=365))  # a year of access logs
# Every production user has a second factor, and Cognito's threat protection blocks sign-ins
# with compromised credentials (the Plus feature plan).
ENVIRONMENT = replace_identity(ENVIRONMENT, mfa="required", threat_protection="enforced")
ENVIRONMENT = replace_service(
    ENVIRONMENT,
    "api",
    cpu=512,
    memory=1024,
    desired_count=2,
    min_count=2,
    max_count=10,
    # Two tasks always on on-demand FARGATE; the rest 1:3 on-demand to Spot.
    capacity=CapacityConfig(on_demand_base=2, on_demand_weight=1, spot_weight=3),
    requests_per_target=1000,
    alb_access_log_days=90,
)
ENVIRONMENT = replace_service(ENVIRONMENT, "order-worker", max_count=10)
# The catalogue is read close to its readers: a global table with replicas in two more regions
# (each encrypted with a replica of the tables key, with point-in-time recovery).
ENVIRONMENT = replace_table(ENVIRONMENT, "catalog", replica_regions=("eu-central-1", "eu-north-1"))
# Order confirmations: the worker sends from the environment's domain (SES, environment.email).
ENVIRONMENT = replace_service(
    ENVIRONMENT, "order-worker", grants=dataclasses.replace(ORDER_WORKER.grants, send_email=True)
)
# The api caches in Valkey as its own IAM-authenticated user (environment.cache).
ENVIRONMENT = replace_service(
    ENVIRONMENT,
    "api",
    grants=dataclasses.replace(next(s for s in ENVIRONMENT.services if s.name == "api").grants, cache=True),
)
