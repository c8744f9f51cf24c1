"""The environment's own domain: the name viewers use, where its records live, and the name
CloudFront uses for the load balancer."""

from __future__ import annotations

import re
from dataclasses import dataclass

DOMAIN_NAME = re.compile(r"(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}", re.ASCII)
"""A lowercase DNS name of at least two labels (no trailing dot, no wildcard)."""
LABEL = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?", re.ASCII)


@dataclass(frozen=True, kw_only=True)
class DomainConfig:
    """The environment's domain (``dev.example.com``): CloudFront serves it with an ACM
    certificate from us-east-1, and an internal load balancer answers CloudFront at
    ``<origin_label>.<name>`` with a certificate from the environment's region.

    The records live in a public hosted zone of the environment's account: ``zone`` names an
    existing one to look up (the domain itself or a parent, e.g. ``example.com``), or, left
    ``None``, a zone for ``name`` is created and its name servers are an output of the network
    stack, for the parent domain to delegate to (certificates are issued only once it has).
    An ephemeral copy serves ``<suffix>.<name>`` from its base's zone (``for_copy``).
    """

    name: str
    """The name viewers use, e.g. ``dev.example.com`` (or an apex such as ``example.com``)."""
    zone: str | None = None
    """An existing public hosted zone containing ``name``, looked up by name; ``None``: create
    a zone named ``name`` (delegate to the ``name_servers`` output)."""
    origin_label: str = "origin"
    """The load balancer's name is ``<origin_label>.<name>``: CloudFront connects to it (SNI and
    Host), and the regional certificate covers it. The record resolves to private addresses."""

    @property
    def zone_name(self) -> str:
        """The hosted zone the records go into."""
        return self.zone or self.name

    @property
    def creates_zone(self) -> bool:
        return self.zone is None

    @property
    def origin_name(self) -> str:
        return f"{self.origin_label}.{self.name}"

    @property
    def record_names(self) -> tuple[str, ...]:
        """Every DNS name the environment's stacks create records (and certificates) for; with
        the zone, what two environments must never share (``environments.named_rule_problems``)."""
        return (self.name, self.origin_name)

    def copy_names(self, prefix: str) -> re.Pattern[str]:
        """What the record names of any copy of this environment (suffix ``<prefix><digits>``) match."""
        placeholder = "copysuffix"
        names = [
            re.escape(n).replace(placeholder, f"{prefix}[0-9]{{1,8}}") for n in self.for_copy(placeholder).record_names
        ]
        return re.compile("|".join(names), re.ASCII)

    def for_copy(self, suffix: str) -> DomainConfig:
        """An ephemeral copy's domain: ``<suffix>.<name>``, records in the base's zone, which
        the copy looks up (it never creates or deletes a zone)."""
        return DomainConfig(name=f"{suffix}.{self.name}", zone=self.zone_name, origin_label=self.origin_label)

    def problems(self, at: str) -> list[str]:
        out: list[str] = []
        if not DOMAIN_NAME.fullmatch(self.name):
            out.append(
                f"{at}.name {self.name!r} must be a lowercase DNS name such as 'dev.example.com' "
                "(no trailing dot, no wildcard)"
            )
        if self.zone is not None:
            if not DOMAIN_NAME.fullmatch(self.zone):
                out.append(f"{at}.zone {self.zone!r} must be a lowercase DNS name such as 'example.com'")
            elif self.name != self.zone and not self.name.endswith(f".{self.zone}"):
                out.append(f"{at}.name {self.name!r} is not inside zone {self.zone!r}: use a zone that contains it")
        if not LABEL.fullmatch(self.origin_label):
            out.append(f"{at}.origin_label {self.origin_label!r} must be one DNS label such as 'origin'")
        elif len(self.origin_name) > 64:
            # ACM's limit for a certificate's subject (the regional certificate names it).
            out.append(
                f"{at}: {self.origin_name!r} is longer than the 64 characters ACM allows: shorten name or origin_label"
            )
        return out
