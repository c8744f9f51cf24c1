"""The public Route53 hosted zone an environment's names live in: either an existing zone,
looked up by name (nothing is created or ever deleted), or a zone this construct creates, whose
name servers the parent domain must then delegate to (``name_servers``; an output says which).

Records are added with ``alias`` (A/AAAA aliases to CloudFront or a load balancer), and
``Certificate`` puts its validation records here through ``zone_id``.
"""

from __future__ import annotations

from dataclasses import dataclass

from modules.framework import Construct, aws
from modules.lifecycle import lifecycle

CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2"
"""The hosted zone id of every CloudFront distribution's domain name (fixed by AWS)."""


@dataclass(frozen=True, kw_only=True)
class DnsZoneProps:
    name: str
    """The zone's apex (``example.com``, ``dev.example.com``)."""
    create: bool = False
    """True: create the zone (delegate to ``name_servers`` from the parent). False: look up
    the existing public zone of that name in this account."""
    comment: str = "Managed by cdktf"
    force_destroy: bool = False
    """A created zone: let Terraform delete the records others left in it on destroy
    (ephemeral and emulator environments)."""
    prevent_destroy: bool = False
    """A created zone: a plan that would delete it fails (its delegation would dangle)."""


class DnsZone(Construct):
    """Attributes: ``zone_id``, ``zone_name``, ``name_servers`` (a created zone's; ``None``
    for a looked-up one), ``created``."""

    def __init__(self, scope: Construct, id_: str, props: DnsZoneProps) -> None:
        super().__init__(scope, id_)
        self.zone_name = props.name
        self.created = props.create
        if props.create:
            zone = aws.route53_zone.Route53Zone(
                self,
                "zone",
                name=props.name,
                comment=props.comment,
                force_destroy=props.force_destroy,
                lifecycle=lifecycle(prevent_destroy=props.prevent_destroy),
                tags={"Name": props.name},
            )
            self.zone_id: str = zone.zone_id
            self.name_servers: list[str] | None = zone.name_servers
        else:
            found = aws.data_aws_route53_zone.DataAwsRoute53Zone(self, "zone", name=props.name, private_zone=False)
            self.zone_id = found.zone_id
            self.name_servers = None

    def alias(self, id_: str, *, name: str, target_dns_name: str, target_zone_id: str, ipv6: bool = True,
              evaluate_target_health: bool = False, scope: Construct | None = None) -> list[aws.route53_record.Route53Record]:
        """``name`` as an A (and, with ``ipv6``, AAAA) alias of a CloudFront distribution or a
        load balancer, made in ``scope`` (the stack that owns the target; default: the zone's).
        Aliases cost nothing per query and follow the target's addresses."""
        return [
            aws.route53_record.Route53Record(
                scope or self,
                f"{id_}-{kind.lower()}",
                zone_id=self.zone_id,
                name=name,
                type=kind,
                alias=aws.route53_record.Route53RecordAlias(
                    name=target_dns_name, zone_id=target_zone_id, evaluate_target_health=evaluate_target_health),
            )
            for kind in (("A", "AAAA") if ipv6 else ("A",))
        ]
