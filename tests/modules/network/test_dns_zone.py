"""The environment's hosted zone: looked up or created (with its name servers), and alias records."""

from __future__ import annotations

import json

from environments.schema import DomainConfig, ProtectionConfig
from modules.core import framework
from modules.network.dns_zone import CLOUDFRONT_ZONE_ID, DnsZone, DnsZoneProps


def synth(zone: str | None = "dev.example.com", prevent_destroy: bool = False) -> tuple[dict, DnsZone]:
    stack = framework.TerraformStack(framework.Testing.app(), "test")
    framework.aws.provider.AwsProvider(stack, "aws", region="us-east-1")
    zone = DnsZone(
        stack,
        "dns",
        DnsZoneProps(
            spec=DomainConfig(name="dev.example.com", zone=zone),
            protection=ProtectionConfig(prevent_destroy=prevent_destroy),
        ),
    )
    zone.alias("site", name="dev.example.com", target_dns_name="d1.cloudfront.net", target_zone_id=CLOUDFRONT_ZONE_ID)
    zone.alias(
        "origin",
        name="origin.dev.example.com",
        target_dns_name="internal-x.elb.amazonaws.com",
        target_zone_id="Z32O12XQLNTSW2",
        ipv6=False,
    )
    if zone.name_servers is not None:
        framework.TerraformOutput(stack, "name_servers", value=zone.name_servers)
    framework.TerraformOutput(stack, "zone_id", value=zone.zone_id)
    return json.loads(framework.Testing.synth(stack)), zone


def test_an_existing_public_zone_is_looked_up_and_never_created() -> None:
    synthesized, zone = synth()
    assert "aws_route53_zone" not in synthesized.get("resource", {})
    [found] = synthesized["data"]["aws_route53_zone"].values()
    assert found["name"] == "dev.example.com" and found["private_zone"] is False
    assert zone.name_servers is None and synthesized["output"]["zone_id"]["value"].startswith(
        "${data.aws_route53_zone."
    )


def test_a_created_zone_gives_its_name_servers_to_delegate_to() -> None:
    synthesized, zone = synth(zone=None, prevent_destroy=True)
    assert "data" not in synthesized or "aws_route53_zone" not in synthesized["data"]
    [created] = synthesized["resource"]["aws_route53_zone"].values()
    assert created["name"] == "dev.example.com" and created["force_destroy"] is False
    assert created["lifecycle"] == {"prevent_destroy": True}
    assert synthesized["output"]["name_servers"]["value"].endswith(".name_servers}")
    assert zone.created is True


def test_aliases_are_a_and_aaaa_for_cloudfront_and_a_for_the_load_balancer() -> None:
    synthesized, _ = synth()
    records = {(r["name"], r["type"]): r for r in synthesized["resource"]["aws_route53_record"].values()}
    assert sorted(records) == [("dev.example.com", "A"), ("dev.example.com", "AAAA"), ("origin.dev.example.com", "A")]
    site = records[("dev.example.com", "AAAA")]["alias"]
    assert site == {"name": "d1.cloudfront.net", "zone_id": CLOUDFRONT_ZONE_ID, "evaluate_target_health": False}
    assert all("data.aws_route53_zone" in r["zone_id"] for r in records.values())
