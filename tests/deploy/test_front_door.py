"""The front door on the emulator: the ``local`` user pool as configured (e-mail sign-in, groups,
clients, the hosted UI's custom domain), a user created in it and put in ``admin`` is in that
group, and the catalogue's function exists as configured."""

from __future__ import annotations

import json

import pytest

from environments import named
from tests.deploy.conftest import Deployment

pytestmark = pytest.mark.deploy

LOCAL = named("local")


def _pool(deployment: Deployment) -> dict:
    cognito = deployment.client("cognito-idp")
    pool_id = deployment.outputs("identity")["user_pool_id"]["value"]
    return cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]


def test_the_user_pool_is_as_configured(deployment: Deployment) -> None:
    identity = LOCAL.identity
    assert identity is not None
    cognito = deployment.client("cognito-idp")
    pool = _pool(deployment)
    assert pool["Name"] == "platform-users-local"
    assert pool["UsernameAttributes"] == ["email"] and pool["AutoVerifiedAttributes"] == ["email"]
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == identity.password.min_length
    groups = cognito.list_groups(UserPoolId=pool["Id"])["Groups"]
    assert sorted(group["GroupName"] for group in groups) == sorted(identity.groups)
    clients = cognito.list_user_pool_clients(UserPoolId=pool["Id"], MaxResults=60)["UserPoolClients"]
    assert sorted(c["ClientName"] for c in clients) == sorted(
        f"platform-users-{c.name}-local" for c in identity.clients
    )
    outputs = deployment.outputs("identity")
    assert set(outputs["user_pool_client_ids"]["value"]) == {c.name for c in identity.clients}
    assert LOCAL.domain is not None
    assert outputs["hosted_ui_url"]["value"] == f"https://{identity.auth_label}.{LOCAL.domain.name}"
    domain = cognito.describe_user_pool_domain(Domain=f"{identity.auth_label}.{LOCAL.domain.name}")
    assert domain["DomainDescription"]["UserPoolId"] == pool["Id"]


def test_a_user_created_in_the_pool_is_in_the_admin_group(deployment: Deployment) -> None:
    cognito = deployment.client("cognito-idp")
    pool_id = _pool(deployment)["Id"]
    email = "admin@example.com"
    cognito.admin_create_user(
        UserPoolId=pool_id,
        Username=email,
        UserAttributes=[{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"}],
        MessageAction="SUPPRESS",
    )
    cognito.admin_add_user_to_group(UserPoolId=pool_id, Username=email, GroupName="admin")
    groups = cognito.admin_list_groups_for_user(UserPoolId=pool_id, Username=email)["Groups"]
    assert [group["GroupName"] for group in groups] == ["admin"]
    # the platform's destroy removes the pool with its users: nothing to clean up here


def test_the_catalog_function_is_created_as_configured(deployment: Deployment) -> None:
    """Created, not invoked (moto runs functions in Docker, which this machine has not)."""
    [spec] = [f for f in LOCAL.functions if f.name == "catalog-api"]
    function = deployment.client("lambda").get_function(FunctionName="platform-catalog-api-local")["Configuration"]
    assert (function["Runtime"], function["Architectures"], function["Handler"]) == (
        "python3.12",
        ["arm64"],
        spec.handler,
    )
    assert (function["MemorySize"], function["Timeout"]) == (spec.memory, spec.timeout_seconds)
    assert function["Environment"]["Variables"]["TABLE_CATALOG"] == "platform-catalog-local"
    assert function["VpcConfig"]["SubnetIds"] and function["VpcConfig"]["SecurityGroupIds"]
    # moto does not return the dead-letter configuration (README, emulator gaps): read what Terraform set
    state = json.loads(deployment.terraform("service", "show", "-json").stdout)
    [recorded] = [
        r["values"]
        for r in state["values"]["root_module"]["resources"]
        if r["type"] == "aws_lambda_function" and r["values"]["function_name"] == "platform-catalog-api-local"
    ]
    assert recorded["dead_letter_config"][0]["target_arn"].endswith(":platform-catalog-api-function-dlq-local")
