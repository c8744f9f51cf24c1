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
    # moto neither keeps nor returns a function's dead-letter configuration (README, emulator gaps; the
    # provider then reads it back empty): check the wiring in the synthesized stack, and that the queue
    # it names exists, encrypted, with the function's role allowed to send to it
    stack = json.loads((deployment.stack_dir("service") / "cdk.tf.json").read_text())["resource"]
    [configured] = [f for f in stack["aws_lambda_function"].values() if f["function_name"] == function["FunctionName"]]
    target = configured["dead_letter_config"]["target_arn"]
    assert target.startswith("${aws_sqs_queue.") and target.endswith(".arn}"), target
    queue = stack["aws_sqs_queue"][target.removeprefix("${aws_sqs_queue.").removesuffix(".arn}")]
    assert queue["name"] == "platform-catalog-api-function-dlq-local"
    sqs = deployment.client("sqs")
    attributes = sqs.get_queue_attributes(
        QueueUrl=sqs.get_queue_url(QueueName=queue["name"])["QueueUrl"], AttributeNames=["All"]
    )["Attributes"]
    assert attributes["KmsMasterKeyId"]
    iam = deployment.client("iam")
    role = function["Role"].rsplit("/", 1)[-1]
    document = iam.get_role_policy(RoleName=role, PolicyName="this-function-only")["PolicyDocument"]
    document = json.loads(document) if isinstance(document, str) else document
    [dead_letters] = [s for s in document["Statement"] if s.get("Sid") == "DeadLetters"]
    assert dead_letters["Action"] in ("sqs:SendMessage", ["sqs:SendMessage"])
    assert dead_letters["Resource"] in (attributes["QueueArn"], [attributes["QueueArn"]])
