"""The VPC and its subnet tiers."""

from __future__ import annotations

import ipaddress
import math
import re
from dataclasses import dataclass
from typing import Literal

from environments.schema.rules import (
    _between,
    _retention,
)
from environments.zones import ZONES


@dataclass(frozen=True, kw_only=True)
class NetworkConfig:
    """The VPC and its three subnet tiers.

    The VPC is split into fixed regions so adding an AZ never moves an existing subnet: the
    first half of ``cidr`` holds the private (app) subnets, the third quarter the public
    subnets and the last quarter the isolated (database) subnets; subnet ``i`` of a tier is the
    ``i``-th block of that tier's prefix inside its region.
    """

    cidr: str = "10.0.0.0/16"
    """VPC IPv4 range, /16 to /24."""
    az_count: int = 2
    """Availability zones used (2-3); each tier has one subnet per AZ."""
    zone_letters: str = "abc"
    """The zones, in order, as letters after the region name (``eu-west-1a`` ...): pinned,
    so a zone AWS adds or withdraws never moves a subnet."""
    private_prefix: int = 20
    """Prefix length of each private (app) subnet."""
    public_prefix: int = 24
    """Prefix length of each public subnet (ALB, NAT)."""
    isolated_prefix: int = 24
    """Prefix length of each isolated (database) subnet: no route to the internet."""
    nat_gateways: Literal["single", "per_az"] = "single"
    """One NAT gateway for the VPC (cheap) or one per AZ (survives an AZ outage)."""
    flow_log_retention_days: int = 30
    """Retention of the VPC flow log group."""
    flow_log_traffic: Literal["ALL", "ACCEPT", "REJECT"] = "ALL"
    must_not_overlap: tuple[str, ...] = ()
    """Ranges this VPC must stay clear of (on-premises, peered VPCs, VPN clients)."""

    @property
    def network(self) -> ipaddress.IPv4Network:
        return ipaddress.IPv4Network(self.cidr)  # validated: an IPv4 range, host bits zero

    def tier_region(self, tier: Literal["private", "public", "isolated"]) -> ipaddress.IPv4Network:
        half, third, fourth = self._regions()
        return {"private": half, "public": third, "isolated": fourth}[tier]

    def _regions(self) -> tuple[ipaddress.IPv4Network, ...]:
        vpc = self.network
        half_a, _half_b = vpc.subnets(prefixlen_diff=1)
        quarters = list(vpc.subnets(prefixlen_diff=2))
        return half_a, quarters[2], quarters[3]

    def zones(self, region: str) -> tuple[str, ...]:
        """The availability zone names used, in order."""
        return tuple(f"{region}{letter}" for letter in self.zone_letters[: self.az_count])

    def subnet_cidrs(self, tier: Literal["private", "public", "isolated"]) -> tuple[str, ...]:
        """The CIDRs of one tier's subnets, one per AZ, in AZ order."""
        prefix = {"private": self.private_prefix, "public": self.public_prefix, "isolated": self.isolated_prefix}[tier]
        blocks = self.tier_region(tier).subnets(new_prefix=prefix)
        return tuple(str(next(blocks)) for _ in range(self.az_count))

    def zone_problems(self, region: str, at: str) -> list[str]:
        """The zones used exist in ``region`` (``environments/zones.py``): ``ca-central-1`` has
        a, b and d, so ``zone_letters='abc'`` would name a zone that is not there."""
        if region not in ZONES:
            return [
                f"{at}.zone_letters: the zones of {region} are not known here: add them to environments/zones.py "
                "(python -m environments.zones) or choose another region"
            ]
        have = ZONES[region]
        missing = [letter for letter in self.zone_letters[: self.az_count] if letter not in have]
        if missing:
            return [
                f"{at}.zone_letters {self.zone_letters!r} names {', '.join(region + m for m in missing)}, which "
                f"{region} does not have: use letters of {', '.join(have)}"
            ]
        return []

    def problems(self, at: str) -> list[str]:
        try:
            vpc = ipaddress.ip_network(self.cidr)
        except ValueError:
            return [f"{at}.cidr {self.cidr!r} is not an IPv4 network with its host bits zero (e.g. 10.0.0.0/16)"]
        out: list[str] = []
        if vpc.version != 4 or not 16 <= vpc.prefixlen <= 24:
            out.append(f"{at}.cidr {self.cidr} must be an IPv4 range from /16 to /24")
            return out
        if not vpc.is_private:
            out.append(f"{at}.cidr {self.cidr} is not a private (RFC 1918) range: use 10.x, 172.16-31.x or 192.168.x")
        out += _between(self.az_count, 2, 3, f"{at}.az_count")
        if not re.fullmatch(r"[a-z]+", self.zone_letters, re.ASCII) or len(set(self.zone_letters)) != len(
            self.zone_letters
        ):
            out.append(f"{at}.zone_letters {self.zone_letters!r} must be distinct letters a-z, e.g. 'abc'")
        elif 2 <= self.az_count <= 3 and len(self.zone_letters) < self.az_count:
            out.append(f"{at}.zone_letters {self.zone_letters!r} names fewer zones than az_count ({self.az_count})")
        for tier, prefix in (
            ("private", self.private_prefix),
            ("public", self.public_prefix),
            ("isolated", self.isolated_prefix),
        ):
            region = self.tier_region(tier)  # type: ignore[arg-type]
            largest = region.prefixlen + math.ceil(math.log2(max(self.az_count, 1)))
            if prefix > 28:
                out.append(f"{at}.{tier}_prefix /{prefix} is smaller than AWS's smallest subnet (/28)")
            elif prefix < largest:
                out.append(
                    f"{at}.{tier}_prefix /{prefix} is too large: {self.az_count} {tier} subnets must fit "
                    f"in {region} (the {tier} part of {self.cidr}); use /{largest} or longer, or a larger cidr"
                )
        for other in self.must_not_overlap:
            try:
                if vpc.overlaps(ipaddress.ip_network(other)):
                    out.append(
                        f"{at}.cidr {self.cidr} overlaps {other} listed in must_not_overlap: choose another range"
                    )
            except ValueError:
                out.append(f"{at}.must_not_overlap entry {other!r} is not a network like 10.1.0.0/16")
        out += _retention(self.flow_log_retention_days, f"{at}.flow_log_retention_days")
        return out
