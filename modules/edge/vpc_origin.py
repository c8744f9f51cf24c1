"""A CloudFront VPC origin: CloudFront's own network interfaces inside the VPC, through which a
distribution reaches an internal load balancer that has no public address at all.

CloudFront creates the interfaces (and their ``CloudFront-VPCOrigins-Service-SG`` security
group) in the load balancer's subnets the first time the origin is created; the VPC needs an
internet gateway, which ours has. The origin speaks HTTPS only, TLS 1.2, to the port of the
load balancer's HTTPS listener (plain HTTP only where ``https`` is False); the certificate on
that listener must cover the origin domain name the distribution uses for this origin (``Cdn``
sends that name as SNI and Host).

A VPC origin belongs to the distribution's account, so only this account's distributions can
reach the load balancer through it.
"""

from __future__ import annotations

from dataclasses import dataclass

from modules.core.framework import Construct, aws

ORIGIN_TLS = ("TLSv1.2",)
"""The only origin protocol CloudFront offers above TLS 1.1 (it negotiates 1.3 where the
listener allows it)."""


@dataclass(frozen=True, kw_only=True)
class VpcOriginProps:
    name: str
    """Shown in the CloudFront console; unique per account."""
    load_balancer_arn: str
    """An internal Application or Network Load Balancer (or an EC2 instance)."""
    port: int = 443
    """The load balancer listener's port."""
    https: bool = True
    """HTTPS only, TLS 1.2 (the listener has a certificate). False only for an environment
    explicitly without a domain: plain HTTP, inside AWS's network."""


class VpcOrigin(Construct):
    """Attributes: ``vpc_origin_id`` (for the distribution's ``vpc_origin_config``), ``vpc_origin_arn``."""

    def __init__(self, scope: Construct, id_: str, props: VpcOriginProps) -> None:
        super().__init__(scope, id_)
        vo = aws.cloudfront_vpc_origin
        self.origin = vo.CloudfrontVpcOrigin(
            self,
            "origin",
            vpc_origin_endpoint_config=[
                vo.CloudfrontVpcOriginVpcOriginEndpointConfig(
                    name=props.name,
                    arn=props.load_balancer_arn,
                    http_port=80 if props.https else props.port,
                    https_port=props.port if props.https else 443,
                    origin_protocol_policy="https-only" if props.https else "http-only",
                    origin_ssl_protocols=[
                        vo.CloudfrontVpcOriginVpcOriginEndpointConfigOriginSslProtocols(
                            items=list(ORIGIN_TLS), quantity=len(ORIGIN_TLS)
                        )
                    ],
                )
            ],
            tags={"Name": props.name},
        )
        self.vpc_origin_id: str = self.origin.id
        self.vpc_origin_arn: str = self.origin.arn
