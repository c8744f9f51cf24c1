"""``staging``: production's shape at a smaller size, for release candidates."""

import dataclasses

from environments.base import BASE
from environments.edit import replace_service, without_http_api
from environments.schema import (
    CapacityConfig,
    DatabaseConfig,
    DomainConfig,
    NetworkConfig,
    ProtectionConfig,
    StateConfig,
)

ENVIRONMENT = dataclasses.replace(
    BASE,
    name="staging",
    suffix="staging",
    account_id="222222222222",  # your staging account: a fork sets its own
    copy_prefix="rc",  # release-candidate copies: rc12
    tags={"CostCenter": "platform-staging"},
    network=NetworkConfig(cidr="10.30.0.0/16", nat_gateways="single", flow_log_retention_days=30),
    protection=ProtectionConfig(confirm=True),
    state=StateConfig(bucket="platform-tfstate-staging-eu-west-1"),
    database=DatabaseConfig(min_acu=0.5, max_acu=4, instances=2, backup_retention_days=3),
    domain=DomainConfig(name="staging.example.com"),  # a zone of its own: delegate example.com's NS record to it
)
ENVIRONMENT = replace_service(
    ENVIRONMENT,
    "api",
    desired_count=2,
    min_count=2,
    max_count=6,
    capacity=CapacityConfig(on_demand_base=1, on_demand_weight=1, spot_weight=3),
    log_retention_days=30,
)
# Staging keeps the layout without the HTTP API: CloudFront's API path reaches the ALB through the VPC origin.
ENVIRONMENT = without_http_api(ENVIRONMENT)
