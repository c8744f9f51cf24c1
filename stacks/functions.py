"""The service stack's functions (``environment.functions``): each a ``Function`` (construct id:
its name) with its names from the Namer and exactly the access its grants name
(``service_access``), as the other kinds of service."""

from __future__ import annotations

from environments.naming import Kind
from modules.compute.function import Function, FunctionProps
from modules.compute.service_grants import Grantables, service_access
from modules.security.kms_key import KmsKey
from stacks.base import PlatformStack
from stacks.network import NetworkStack


def build_functions(
    stack: PlatformStack, *, grantables: Grantables, network: NetworkStack, key: KmsKey, alarm_topic_arn: str
) -> dict[str, Function]:
    """Every function of the stack's environment, by logical name."""
    name, built = stack.namer.name, {}
    for spec in stack.environment.functions:
        access = service_access(stack, spec.name, spec.granted, grantables)
        own = f"{spec.name}-function"
        built[spec.name] = Function(
            stack,
            spec.name,
            FunctionProps(
                spec=spec,
                protection=stack.environment.protection,
                function_name=name(spec.name, Kind.LAMBDA),
                role_name=name(own, Kind.IAM_ROLE),
                log_group_name=name(own, Kind.LOG_GROUP),
                security_group_name=name(own, Kind.SECURITY_GROUP),
                dlq_name=name(f"{own}-dlq", Kind.SQS_QUEUE),
                logs_kms_key_arn=network.logs_key.key_arn,
                kms_key_arn=key.key_arn,
                vpc_id=network.vpc.vpc_id,
                subnet_ids=network.vpc.private_subnet_ids,
                environment={**spec.environment, **access.environment},
                permissions=access.statements,
                alarm_name=stack.namer.family(spec.name, Kind.ALARM),
                topic_arn=alarm_topic_arn,
            ),
        )
    return built
