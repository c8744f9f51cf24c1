"""``network-<suffix>``: the VPC, its subnets and routes, flow logs, the logs KMS key, and the
app tier's security group (made here so the data stack can admit it before the service exists),
and the environment's DNS zone (looked up or created; the service and edge stacks add records)."""

from __future__ import annotations

from environments.naming import Kind
from environments.schema import Environment
from modules.core.framework import Construct, TerraformOutput
from modules.network.dns_zone import DnsZone, DnsZoneProps
from modules.network.flow_logs import FlowLogs, FlowLogsProps
from modules.network.vpc import Vpc, VpcProps
from modules.security.kms_key import logs_service_user
from modules.security.security_group import SecurityGroup, SecurityGroupProps, allow_https_out
from stacks.base import PlatformStack


class NetworkStack(PlatformStack):
    """Attributes for later stacks: ``vpc``, ``logs_key``, ``app_security_group``, ``zone``
    (DnsZone, or None for an environment without a domain)."""

    def __init__(self, scope: Construct, environment: Environment) -> None:
        super().__init__(scope, "network", environment)
        network, name = environment.network, self.namer.name

        self.vpc = Vpc(self, "vpc", VpcProps(spec=network, region=environment.region, name=name("vpc", Kind.GENERIC)))
        self.logs_key = self.kms_key(
            "logs-key",
            "logs",
            "CloudWatch Logs encryption (flow logs, database and service logs)",
            service_users=[logs_service_user(self)],
        )
        FlowLogs(
            self,
            "flow-logs",
            FlowLogsProps(
                vpc_id=self.vpc.vpc_id,
                log_group_name=name("vpc-flow-logs", Kind.LOG_GROUP),
                role_name=name("vpc-flow-logs", Kind.IAM_ROLE),
                spec=network,
                kms_key_arn=self.logs_key.key_arn,
            ),
        )
        self.app_security_group = SecurityGroup(
            self,
            "app-sg",
            SecurityGroupProps(
                name=name("app", Kind.SECURITY_GROUP),
                description="API tasks: ingress from the load balancer, egress to the database and HTTPS",
                vpc_id=self.vpc.vpc_id,
            ),
        )
        allow_https_out(self.app_security_group, "https-out")

        self.zone: DnsZone | None = None
        if environment.domain is not None:
            self.zone = DnsZone(self, "dns", DnsZoneProps(spec=environment.domain, protection=environment.protection))
            if self.zone.name_servers is not None:
                TerraformOutput(
                    self,
                    "name_servers",
                    value=self.zone.name_servers,
                    description=f"Delegate {self.zone.zone_name} to these (an NS record in its parent zone)",
                )
