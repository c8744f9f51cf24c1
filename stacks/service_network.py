"""The service stack's service-to-service network: each service's own security group (when a
declared call or a mounted file system names it), the private DNS namespace and the
registrations of the discoverable services, and one rule pair per declared call.

Every service's tasks are in the app tier's security group (HTTPS out, the database); a
service that calls, is called or mounts the file system is also in a group of its own,
``<project>-<service>-tasks-<suffix>``, which starts closed: only the rules made here (a
declared call), the file system's (a declared volume) and the cache's (the grant ``cache``) open
it, each naming its peer.
"""

from __future__ import annotations

from environments.naming import Kind, Namer
from environments.schema import Environment
from environments.schema.cache import CACHE_PORT
from environments.schema.discovery import service_port
from modules.core.framework import Construct, TerraformOutput
from modules.network.service_discovery import ServiceNamespace, ServiceNamespaceProps, allow_call
from modules.security.security_group import SecurityGroup, SecurityGroupProps, allow_from_group


def needs_own_group(environment: Environment) -> list[str]:
    """The services that call, are called, mount a volume or use the broker or the cache: each gets a
    group of its own."""
    called = {callee for spec in environment.services for callee in spec.calls}
    return [
        spec.name
        for spec in environment.services
        if spec.calls or spec.name in called or bool(spec.volumes) or spec.granted.broker or spec.granted.cache
    ]


class ServiceNetwork:
    """``groups`` (service -> its own security group id), ``registry_arns`` (discoverable service ->
    its registration's ARN), ``namespace`` (ServiceNamespace or None)."""

    def __init__(self, stack, vpc_id: str, cache_group_id: str | None = None) -> None:  # noqa: ANN001 - the ServiceStack
        environment: Environment = stack.environment
        namer: Namer = stack.namer
        self.groups: dict[str, str] = {}
        self.registry_arns: dict[str, str] = {}
        self.namespace: ServiceNamespace | None = None
        own = needs_own_group(environment)
        if own:
            scope = Construct(stack, "service-groups")
            for service in own:
                group = SecurityGroup(
                    scope,
                    service,
                    SecurityGroupProps(
                        name=namer.name(f"{service}-tasks", Kind.SECURITY_GROUP),
                        description=f"The tasks of {service}: only its declared calls and volumes",
                        vpc_id=vpc_id,
                    ),
                )
                self.groups[service] = group.security_group_id
            for spec in environment.services:
                for callee in spec.calls:
                    port = service_port(next(s for s in environment.services if s.name == callee))
                    if port is None:  # validation refuses it: one line
                        raise ValueError(f"service {spec.name!r} calls {callee!r}, which has no port")
                    allow_call(
                        scope,
                        f"{spec.name}-calls-{callee}",
                        caller_group_id=self.groups[spec.name],
                        callee_group_id=self.groups[callee],
                        port=port,
                    )
            for spec in environment.services:
                if spec.granted.cache:  # the cache admits exactly the services granted it
                    if cache_group_id is None:  # validation refuses it: one line
                        raise ValueError(f"service {spec.name!r} is granted the cache, which this environment has not")
                    allow_from_group(
                        scope,
                        f"{spec.name}-to-cache",
                        target_id=cache_group_id,
                        source_id=self.groups[spec.name],
                        port=CACHE_PORT,
                        description=f"Valkey from {spec.name}",
                    )
        discoverable = [spec.name for spec in environment.services if spec.discoverable]
        if discoverable:
            discovery = environment.discovery
            self.namespace = ServiceNamespace(
                stack,
                "discovery",
                ServiceNamespaceProps(spec=discovery, name=discovery.namespace_name(environment.suffix), vpc_id=vpc_id),
            )
            for service in discoverable:
                self.registry_arns[service] = self.namespace.register(service)
            TerraformOutput(
                stack,
                "service_namespace",
                value=self.namespace.namespace_name,
                description="Inside the VPC, <service>.<this> resolves to a discoverable service's tasks",
            )
