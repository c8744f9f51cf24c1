"""Composes one environment's stacks. Each stack reads only its slice of the environment;
cross-stack values pass as Python attributes (CDKTF wires outputs and remote state)."""

from __future__ import annotations

from environments.schema import Environment
from modules.core.framework import Construct
from stacks.base import PlatformStack
from stacks.ci import CiStack
from stacks.data import DataStack
from stacks.edge import EdgeStack
from stacks.identity import IdentityStack
from stacks.messaging import MessagingStack
from stacks.network import NetworkStack
from stacks.service import ServiceStack
from stacks.state import StateStack


def build_platform(app: Construct, environment: Environment) -> list[PlatformStack]:
    """Every stack of ``environment``, in deploy order: ``state`` first (local backend) and
    ``ci`` (the pipeline's roles), both bootstrapped by an account administrator, except for
    ephemeral copies, which keep their state in their base environment's bucket and use its roles."""
    state = [] if environment.ephemeral else [StateStack(app, environment), CiStack(app, environment)]
    network = NetworkStack(app, environment)
    messaging = MessagingStack(app, environment, network)
    data = DataStack(app, environment, network, messaging)
    identity = [IdentityStack(app, environment, network)] if environment.identity is not None else []
    service = ServiceStack(app, environment, network, data, messaging, identity[0].user_pool if identity else None)
    edge = EdgeStack(app, environment, service)
    return [*state, network, messaging, data, *identity, service, edge]
