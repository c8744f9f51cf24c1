"""A VPC with public, private (app) and isolated (database) subnets over N availability zones.

Routing: public subnets reach the internet through the internet gateway; private subnets
through NAT (one gateway, or one per AZ); isolated subnets have no route out at all. S3 and
DynamoDB traffic from private subnets stays on gateway endpoints (free, no NAT charges).
The default security group is emptied so nothing can use it by accident.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from environments.schema import NetworkConfig
from modules.core.framework import Construct, aws


@dataclass(frozen=True, kw_only=True)
class VpcProps:
    spec: NetworkConfig
    """The network section of the environment: range, zones, subnet tiers, NAT gateways."""
    region: str
    """The region the zones are in (``spec.zone_letters`` are letters after it)."""
    name: str
    """Name tag prefix (from the Namer); subnets are ``<name>-<tier>-<n>``."""


class Vpc(Construct):
    """Attributes: ``vpc_id``, ``cidr``, ``public_subnet_ids``, ``private_subnet_ids``,
    ``isolated_subnet_ids``, ``private_route_table_ids``."""

    def __init__(self, scope: Construct, id_: str, props: VpcProps) -> None:
        super().__init__(scope, id_)
        zones = props.spec.zones(props.region)
        az_count = len(zones)
        self.zone_names = list(zones)

        self.vpc = aws.vpc.Vpc(
            self,
            "vpc",
            cidr_block=props.spec.cidr,
            enable_dns_support=True,
            enable_dns_hostnames=True,
            tags={"Name": props.name},
        )
        self.vpc_id: str = self.vpc.id
        self.cidr: str = props.spec.cidr
        aws.default_security_group.DefaultSecurityGroup(
            self,
            "default-sg",
            vpc_id=self.vpc_id,
            ingress=[],
            egress=[],
            tags={"Name": f"{props.name}-default-unused"},
        )
        gateway = aws.internet_gateway.InternetGateway(self, "igw", vpc_id=self.vpc_id, tags={"Name": props.name})

        public = self._subnets("public", props.spec.subnet_cidrs("public"), props.name)
        private = self._subnets("private", props.spec.subnet_cidrs("private"), props.name)
        isolated = self._subnets("isolated", props.spec.subnet_cidrs("isolated"), props.name)

        public_routes = self._route_table("public", props.name, public)
        aws.route.Route(
            self,
            "public-default",
            route_table_id=public_routes.id,
            destination_cidr_block="0.0.0.0/0",
            gateway_id=gateway.id,
        )

        nat_ids = []
        for index in range(az_count if props.spec.nat_gateways == "per_az" else 1):
            address = aws.eip.Eip(
                self, f"nat-ip-{index}", domain="vpc", tags={"Name": f"{props.name}-nat-{index}"}, depends_on=[gateway]
            )
            nat = aws.nat_gateway.NatGateway(
                self,
                f"nat-{index}",
                allocation_id=address.id,
                subnet_id=public[index].id,
                tags={"Name": f"{props.name}-nat-{index}"},
            )
            nat_ids.append(nat.id)

        private_tables = []
        for index, subnet in enumerate(private):
            table = self._route_table(f"private-{index}", props.name, [subnet])
            aws.route.Route(
                self,
                f"private-{index}-default",
                route_table_id=table.id,
                destination_cidr_block="0.0.0.0/0",
                nat_gateway_id=nat_ids[index % len(nat_ids)],
            )
            private_tables.append(table)
        isolated_table = self._route_table("isolated", props.name, isolated)  # no route out

        region = aws.data_aws_region.DataAwsRegion(self, "region")
        for service in ("s3", "dynamodb"):
            aws.vpc_endpoint.VpcEndpoint(
                self,
                f"{service}-endpoint",
                vpc_id=self.vpc_id,
                service_name=f"com.amazonaws.{region.name}.{service}",
                vpc_endpoint_type="Gateway",
                route_table_ids=[t.id for t in private_tables] + [isolated_table.id],
                tags={"Name": f"{props.name}-{service}"},
            )

        self.public_subnet_ids: list[str] = [s.id for s in public]
        self.private_subnet_ids: list[str] = [s.id for s in private]
        self.isolated_subnet_ids: list[str] = [s.id for s in isolated]
        self.private_route_table_ids: list[str] = [t.id for t in private_tables]

    def _subnets(self, tier: str, cidrs: Sequence[str], name: str) -> list:
        return [
            aws.subnet.Subnet(
                self,
                f"{tier}-{index}",
                vpc_id=self.vpc_id,
                cidr_block=cidr,
                availability_zone=self.zone_names[index],
                map_public_ip_on_launch=False,  # nothing gets a public IP by accident, not even in public subnets
                tags={"Name": f"{name}-{tier}-{index}", "Tier": tier},
            )
            for index, cidr in enumerate(cidrs)
        ]

    def _route_table(self, id_: str, name: str, subnets: Sequence) -> aws.route_table.RouteTable:
        table = aws.route_table.RouteTable(self, f"{id_}-routes", vpc_id=self.vpc_id, tags={"Name": f"{name}-{id_}"})
        for index, subnet in enumerate(subnets):
            aws.route_table_association.RouteTableAssociation(
                self, f"{id_}-routes-{index}", route_table_id=table.id, subnet_id=subnet.id
            )
        return table
