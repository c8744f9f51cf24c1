"""The public Route53 hosted zone an environment's names live in: either an existing zone,
looked up by name (nothing is created or ever deleted), or a zone this construct creates, whose
name servers the parent domain must then delegate to (``name_servers``; an output says which).

Records are added with ``alias`` (A/AAAA aliases to CloudFront or a load balancer), and
``Certificate`` puts its validation records here through ``zone_id``.
"""

from __future__ import annotations

from dataclasses import dataclass

from environments.schema import DomainConfig, ProtectionConfig
from modules.core.framework import Construct, aws
from modules.core.lifecycle import lifecycle

CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2"
"""The hosted zone id of every CloudFront distribution's domain name (fixed by AWS)."""


@dataclass(frozen=True, kw_only=True)
class DnsZoneProps:
    spec: DomainConfig
    """Which zone (``spec.zone_name``) and whether to create it (``spec.creates_zone``)."""
    protection: ProtectionConfig
    """A created zone gets ``prevent_destroy`` with ``protection.prevent_destroy`` (its
    delegation would dangle). It is never ``force_destroy``: the stacks that put records in it
    are destroyed first and take their records along."""
    comment: str = "Managed by cdktf"


class DnsZone(Construct):
    """Attributes: ``zone_id``, ``zone_name``, ``name_servers`` (a created zone's; ``None``
    for a looked-up one), ``created``."""

    def __init__(self, scope: Construct, id_: str, props: DnsZoneProps) -> None:
        super().__init__(scope, id_)
        name = props.spec.zone_name
        self.zone_name = name
        self.created = props.spec.creates_zone
        if self.created:
            zone = aws.route53_zone.Route53Zone(
                self,
                "zone",
                name=name,
                comment=props.comment,
                force_destroy=False,
                lifecycle=lifecycle(prevent_destroy=props.protection.prevent_destroy),
                tags={"Name": name},
            )
            self.zone_id: str = zone.zone_id
            self.name_servers: list[str] | None = zone.name_servers
        else:
            found = aws.data_aws_route53_zone.DataAwsRoute53Zone(self, "zone", name=name, private_zone=False)
            self.zone_id = found.zone_id
            self.name_servers = None

    def alias(
        self,
        id_: str,
        *,
        name: str,
        target_dns_name: str,
        target_zone_id: str,
        ipv6: bool = True,
        evaluate_target_health: bool = False,
        scope: Construct | None = None,
    ) -> list[aws.route53_record.Route53Record]:
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
                    name=target_dns_name, zone_id=target_zone_id, evaluate_target_health=evaluate_target_health
                ),
            )
            for kind in (("A", "AAAA") if ipv6 else ("A",))
        ]
