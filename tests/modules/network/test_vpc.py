"""The VPC construct, through the network stacks of dev (one NAT) and prod (NAT per AZ)."""

from __future__ import annotations

import pytest

from environments import named


@pytest.mark.parametrize(("stack", "zones", "nats"), [("network-dev", 2, 1), ("network-prod", 3, 3)])
def test_three_tiers_per_zone_and_nat_per_config(platform, stack: str, zones: int, nats: int) -> None:
    subnets = platform.resources(stack, "aws_subnet").values()
    tiers = sorted(s["tags"]["Tier"] for s in subnets)
    assert tiers == sorted(["isolated", "private", "public"] * zones)
    assert all(s["map_public_ip_on_launch"] is False for s in subnets)
    assert len(platform.resources(stack, "aws_nat_gateway")) == nats
    assert len(platform.resources(stack, "aws_eip")) == nats


def test_subnet_ranges_come_from_the_configuration(platform) -> None:
    network = named("prod").network
    by_tier = {}
    for subnet in platform.resources("network-prod", "aws_subnet").values():
        by_tier.setdefault(subnet["tags"]["Tier"], []).append(subnet["cidr_block"])
    for tier in ("public", "private", "isolated"):
        assert sorted(by_tier[tier]) == sorted(network.subnet_cidrs(tier))


def test_routes_public_to_igw_private_to_nat_isolated_nowhere(platform) -> None:
    routes = platform.resources("network-prod", "aws_route")
    public = [r for k, r in routes.items() if "public" in k]
    private = [r for k, r in routes.items() if "private" in k]
    assert len(public) == 1 and "aws_internet_gateway" in public[0]["gateway_id"]
    assert len(private) == 3 and all("aws_nat_gateway" in r["nat_gateway_id"] for r in private)
    assert len({r["nat_gateway_id"] for r in private}) == 3  # each AZ uses its own NAT
    assert not [k for k in routes if "isolated" in k]


def test_dev_private_subnets_share_one_nat(platform) -> None:
    private = [r for k, r in platform.resources("network-dev", "aws_route").items() if "private" in k]
    assert len({r["nat_gateway_id"] for r in private}) == 1


def test_default_security_group_is_emptied(platform) -> None:
    group = platform.resource("network-dev", "aws_default_security_group")
    assert group["ingress"] == [] and group["egress"] == []


def test_gateway_endpoints_for_s3_and_dynamodb(platform) -> None:
    endpoints = platform.resources("network-dev", "aws_vpc_endpoint").values()
    assert sorted(e["vpc_endpoint_type"] for e in endpoints) == ["Gateway", "Gateway"]
    assert sorted(e["service_name"].rsplit(".", 1)[1] for e in endpoints) == ["dynamodb", "s3"]


def test_vpc_has_dns(platform) -> None:
    vpc = platform.resource("network-dev", "aws_vpc")
    assert vpc["enable_dns_support"] and vpc["enable_dns_hostnames"] and vpc["cidr_block"] == "10.20.0.0/16"
