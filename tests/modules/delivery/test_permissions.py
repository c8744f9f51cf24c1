"""The pipeline's permission lists cover what the stacks make: every resource type of every
synthesized stack belongs to one of ``MANAGED_SERVICES`` (or to IAM, allowed by name), and the
plan role can read each of those services' configuration."""

from __future__ import annotations

from modules.delivery.permissions import MANAGED_SERVICES, READ_ACTIONS
from tests.security.test_emulator_endpoints import service_of

IAM_PREFIX = {
    "apigatewayv2": "apigateway",
    "applicationautoscaling": "application-autoscaling",
    "cognitoidp": "cognito-idp",
    "efs": "elasticfilesystem",
    "elbv2": "elasticloadbalancing",
}
"""The provider's endpoint names that are not the IAM service prefix."""


def test_every_resource_type_is_a_managed_service(platform) -> None:
    used = {
        IAM_PREFIX.get(endpoint, endpoint)
        for stack_id in platform.stack_ids
        for type_name in platform.json(stack_id).get("resource", {})
        if (endpoint := service_of(type_name)) is not None
    }
    assert {"ec2", "rds", "iam"} <= used, "the check found too few services: it would pass on anything"
    missing = used - set(MANAGED_SERVICES) - {"iam"}
    assert not missing, f"the stacks make {sorted(missing)}: add them to MANAGED_SERVICES and READ_ACTIONS"
    unread = used - {action.split(":")[0] for action in READ_ACTIONS}
    assert not unread, f"the plan role cannot read {sorted(unread)}: add their Describe/List/Get actions"
