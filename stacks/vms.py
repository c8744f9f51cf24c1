"""The service stack's vms (``environment.vms``): each a ``VmService`` (construct id: its name)
routed on the shared load balancer (an ``instance`` target group and a listener rule), with its
names from the Namer and exactly the access its grants name (``service_access``), as the other
kinds of service. The root volumes are encrypted with one key for the stack's vms (``vms-key``,
made only when there are vms), whose policy lets the Auto Scaling service-linked role use it: the
group launches the instances, so it is the one that opens the encrypted volumes."""

from __future__ import annotations

from environments.naming import Kind
from modules.compute.service_grants import Grantables, service_access
from modules.compute.vm_service import VmService, VmServiceProps
from modules.core.context import AwsContext
from modules.network.load_balancer import LoadBalancer
from modules.security.iam import Condition, Statement
from modules.security.kms_key import USE_ACTIONS
from stacks.base import PlatformStack
from stacks.network import NetworkStack

AUTOSCALING_ROLE = "aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"


def build_vms(
    stack: PlatformStack,
    *,
    grantables: Grantables,
    network: NetworkStack,
    alb: LoadBalancer,
    alarm_topic_arn: str,
) -> dict[str, VmService]:
    """Every vm of the stack's environment, by logical name."""
    environment = stack.environment
    if not environment.vms:
        return {}
    context = AwsContext.of(stack)
    scaling_role = f"arn:{context.partition}:iam::{context.account_id}:role/{AUTOSCALING_ROLE}"
    key = stack.kms_key(
        "vms-key",
        "vms",
        "The vms' root volumes",
        service_users=[
            Statement(
                sid="AutoScalingUsesIt",
                actions=list(USE_ACTIONS),
                resources=["*"],
                principals={"AWS": [scaling_role]},
            ),
            Statement(
                sid="AutoScalingGrantsEc2",
                actions=["kms:CreateGrant"],
                resources=["*"],
                principals={"AWS": [scaling_role]},
                conditions=[Condition("Bool", "kms:GrantIsForAWSResource", ["true"])],
            ),
        ],
    )
    name, built = stack.namer.name, {}
    for spec in environment.vms:
        access = service_access(stack, spec.name, spec.granted, grantables)
        route = alb.add_route(spec.name, spec, name(spec.name, Kind.TARGET_GROUP), target_type="instance")
        own = f"{spec.name}-vm"
        built[spec.name] = VmService(
            stack,
            spec.name,
            VmServiceProps(
                spec=spec,
                group_name=name(spec.name, Kind.AUTOSCALING_GROUP),
                launch_template_name=name(spec.name, Kind.LAUNCH_TEMPLATE),
                role_name=name(own, Kind.IAM_ROLE),
                instance_profile_name=name(own, Kind.IAM_ROLE),
                security_group_name=name(own, Kind.SECURITY_GROUP),
                policy_name=stack.namer.family(spec.name, Kind.SCALING_POLICY)("cpu"),
                alarm_name=stack.namer.family(spec.name, Kind.ALARM),
                vpc_id=network.vpc.vpc_id,
                subnet_ids=network.vpc.private_subnet_ids,
                kms_key_arn=key.key_arn,
                route=route,
                load_balancer_security_group_id=alb.security_group_id,
                load_balancer_arn_suffix=alb.load_balancer_arn_suffix,
                attachments=[alb.listener, route.rule] if route.rule is not None else [alb.listener],
                permissions=access.statements,
                topic_arn=alarm_topic_arn,
            ),
        )
    return built
