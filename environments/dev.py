"""``dev``: the shared development environment, and the base of pull-request copies.

Cheap: one NAT gateway, Aurora Serverless v2 from 0.5 ACU, every task on FARGATE_SPOT.
"""

import dataclasses

from environments.base import BASE, FILES, ORDER_WORKER, REPORT_MOUNTS
from environments.edit import replace_service, replace_services
from environments.schema import (
    CacheConfig,
    DatabaseConfig,
    DomainConfig,
    EmailConfig,
    NetworkConfig,
    StateConfig,
)

ENVIRONMENT = dataclasses.replace(
    BASE,
    name="dev",
    suffix="dev",
    account_id="111111111111",  # your development account: a fork sets its own
    copy_prefix="pr",  # pull-request previews: pr1234
    tags={"CostCenter": "platform-dev"},
    network=NetworkConfig(cidr="10.20.0.0/16", nat_gateways="single", flow_log_retention_days=14),
    # Change to your own, globally unique bucket (made by `make bootstrap ENVIRONMENT=dev`).
    state=StateConfig(bucket="platform-tfstate-dev-eu-west-1"),
    database=DatabaseConfig(min_acu=0.5, max_acu=2, instances=1, backup_retention_days=1),
    domain=DomainConfig(name="dev.example.com"),  # a zone of its own: delegate example.com's NS record to it
    files=FILES,  # the shared reports volume (environments/base.py)
    cache=CacheConfig(),  # Valkey, IAM-authenticated users, TLS required (environments/schema/cache.py)
    email=EmailConfig(dmarc_policy="none"),  # monitor only while the domain's senders are settled
)
for service, mounts in REPORT_MOUNTS.items():
    ENVIRONMENT = replace_service(ENVIRONMENT, service, volumes=mounts)
ENVIRONMENT = replace_service(ENVIRONMENT, "api", tracing=True)  # traces to X-Ray through the collector sidecar
ENVIRONMENT = replace_services(ENVIRONMENT, log_retention_days=14)
ENVIRONMENT = replace_service(ENVIRONMENT, "api", desired_count=1, min_count=1, max_count=3)
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
