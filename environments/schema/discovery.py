"""Service-to-service calls inside the VPC: a private DNS namespace (Cloud Map) per environment,
a registration for every service that is ``discoverable`` (it has a port), and the calls each
service declares.

``order-api.<namespace>`` resolves, inside the VPC, to the tasks of ``order-api``. Only the
declared callers (``calls=("order-api",)``) get an ingress rule on the callee's own security
group for its port; every other service stays closed to it. Two services calling each other is
fine (each is a caller and a callee); a call to a service without a port is not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from environments.schema.rules import _between

if TYPE_CHECKING:  # the services module imports this one for DiscoveryFields
    from environments.schema.services import ServiceSpec

NAMESPACE_NAME = re.compile(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}", re.ASCII)


@dataclass(frozen=True, kw_only=True)
class DiscoveryConfig:
    """The environment's private DNS namespace (made when a service is discoverable)."""

    namespace: str | None = None
    """Its DNS name; None: ``<suffix>.internal`` (each copy has its own, in its own VPC)."""
    ttl_seconds: int = 10
    """TTL of the services' A records: how long a task that stopped may still be resolved (5-300)."""

    def namespace_name(self, suffix: str) -> str:
        return self.namespace or f"{suffix}.internal"

    def problems(self, at: str) -> list[str]:
        out = _between(self.ttl_seconds, 5, 300, f"{at}.ttl_seconds", "s")
        if self.namespace is not None and not NAMESPACE_NAME.fullmatch(self.namespace):
            out.append(
                f"{at}.namespace {self.namespace!r} must be a lowercase DNS name such as 'dev.internal' "
                "(or None for <suffix>.internal)"
            )
        return out


@dataclass(frozen=True, kw_only=True)
class DiscoveryFields:
    """What every kind of service declares about calls (``ServiceConfig``, ``TaskConfig``)."""

    discoverable: bool = False
    """Register the service's tasks in the namespace as ``<name>.<namespace>`` (it needs a port:
    a web service's ``container_port``, a worker's ``port``)."""
    calls: tuple[str, ...] = ()
    """Services it calls by name (each discoverable): its tasks may reach each one's port, and
    nothing else of theirs."""


def service_port(spec: ServiceSpec) -> int | None:
    """The port a service listens on: a web service's ``container_port``, a worker's ``port``
    (None: it listens on none; a scheduled task never does)."""
    if spec.kind == "web":
        return spec.container_port
    return getattr(spec, "port", None)


def discovery_problems(services: Sequence[ServiceSpec], at: str) -> list[str]:
    """A discoverable service has a port; a call names another discoverable service with a port."""
    out: list[str] = []
    by_name = {spec.name: spec for spec in services}
    for spec in services:
        where = f"{at}[{spec.name}]"
        if spec.discoverable and service_port(spec) is None:
            kind = "a scheduled task runs no service" if spec.kind == "scheduled" else "set port"
            out.append(f"{where}.discoverable needs a port to register: {kind}")
        if len(set(spec.calls)) != len(spec.calls):
            out.append(f"{where}.calls lists a service more than once: remove the repeat")
        for callee in dict.fromkeys(spec.calls):
            target = by_name.get(callee)
            if callee == spec.name:
                out.append(f"{where}.calls names {callee!r}, the service itself: a task reaches itself on localhost")
            elif target is None:
                out.append(
                    f"{where}.calls names service {callee!r}, which this environment does not have "
                    f"(its services: {', '.join(by_name)})"
                )
            elif service_port(target) is None:
                out.append(
                    f"{where}.calls names {callee!r}, which has no port to call "
                    f"({'a scheduled task' if target.kind == 'scheduled' else 'set its port'})"
                )
            elif not target.discoverable:
                out.append(f"{where}.calls names {callee!r}, which is not discoverable: set discoverable=True on it")
    return out
