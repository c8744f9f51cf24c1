"""An API Gateway VPC link (HTTP APIs' kind) into the private subnets, with a security group of
its own that may reach only the internal load balancer, on 443: the load balancer's security
group admits that group (``allow_from_group``), nothing else of the link."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from modules.core.framework import Construct, aws
from modules.security.security_group import SecurityGroup, SecurityGroupProps, allow_from_group

ALB_PORT = 443
"""The VPC link reaches the load balancer's HTTPS listener only (TLS on every hop)."""


@dataclass(frozen=True, kw_only=True)
class VpcLinkProps:
    name: str
    """The link's and its security group's name."""
    vpc_id: str
    subnet_ids: Sequence[str]
    load_balancer_security_group_id: str


class VpcLink(Construct):
    """Attributes: ``vpc_link_id``, ``security_group_id``."""

    def __init__(self, scope: Construct, id_: str, props: VpcLinkProps) -> None:
        super().__init__(scope, id_)
        self.security_group = SecurityGroup(
            self,
            "security-group",
            SecurityGroupProps(
                name=props.name, description="The HTTP API's VPC link: to the load balancer only", vpc_id=props.vpc_id
            ),
        )
        self.security_group_id: str = self.security_group.security_group_id
        allow_from_group(
            self,
            "to-alb",
            target_id=props.load_balancer_security_group_id,
            source_id=self.security_group_id,
            port=ALB_PORT,
            description="The HTTP API's VPC link",
        )
        self.link = aws.apigatewayv2_vpc_link.Apigatewayv2VpcLink(
            self,
            "link",
            name=props.name,
            subnet_ids=list(props.subnet_ids),
            security_group_ids=[self.security_group_id],
        )
        self.vpc_link_id: str = self.link.id
