"""Service discovery inside the VPC (Cloud Map): the environment's private DNS namespace, a
registration per discoverable service, and the security-group rules of the declared calls.

``ServiceNamespace``: a private DNS namespace on the VPC (Cloud Map makes its Route 53 private
zone). ``register(...)`` makes a service's registration: multivalue A records of its tasks'
addresses (awsvpc: each task has its own), which ECS keeps current through the service's
``service_registries``. ``allow_call(...)``: the callee's own security group admits the
caller's on the callee's port, and the caller's lets exactly that out; nothing else is opened.
"""

from __future__ import annotations

from dataclasses import dataclass

from environments.schema import DiscoveryConfig
from modules.core.framework import Construct, aws
from modules.security.security_group import allow_from_group


@dataclass(frozen=True, kw_only=True)
class ServiceNamespaceProps:
    spec: DiscoveryConfig
    name: str
    """The namespace's DNS name (``DiscoveryConfig.namespace_name``)."""
    vpc_id: str


class ServiceNamespace(Construct):
    """Attributes: ``namespace_id``, ``namespace_name``, ``hosted_zone_id``."""

    def __init__(self, scope: Construct, id_: str, props: ServiceNamespaceProps) -> None:
        super().__init__(scope, id_)
        self._ttl = props.spec.ttl_seconds
        self.namespace = aws.service_discovery_private_dns_namespace.ServiceDiscoveryPrivateDnsNamespace(
            self,
            "namespace",
            name=props.name,
            vpc=props.vpc_id,
            description="The environment's services, by name, inside its VPC",
        )
        self.namespace_id: str = self.namespace.id
        self.namespace_name: str = self.namespace.name
        self.hosted_zone_id: str = self.namespace.hosted_zone
        self.registrations: dict[str, aws.service_discovery_service.ServiceDiscoveryService] = {}

    def register(self, service: str) -> str:
        """``<service>.<namespace>``: the registration a service's tasks are kept in; its ARN
        (the ECS service's ``service_registries``)."""
        discovery = aws.service_discovery_service
        registration = discovery.ServiceDiscoveryService(
            self,
            service,
            name=service,
            description=f"The tasks of {service}",
            dns_config=discovery.ServiceDiscoveryServiceDnsConfig(
                namespace_id=self.namespace.id,
                routing_policy="MULTIVALUE",
                dns_records=[discovery.ServiceDiscoveryServiceDnsConfigDnsRecords(type="A", ttl=self._ttl)],
            ),
            force_destroy=True,  # ECS deregisters its tasks; never left holding a stopped one
        )
        self.registrations[service] = registration
        return registration.arn


def allow_call(scope: Construct, id_: str, *, caller_group_id: str, callee_group_id: str, port: int) -> None:
    """The caller's tasks may reach the callee's ``port``: an ingress rule on the callee's group
    from the caller's, and the egress rule on the caller's to the callee's."""
    allow_from_group(
        scope,
        id_,
        target_id=callee_group_id,
        source_id=caller_group_id,
        port=port,
        description="A declared service-to-service call",
    )
