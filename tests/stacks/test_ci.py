"""The ``ci-<suffix>`` stack: the pipeline's roles.

Trust policies are read from the synthesized ``aws_iam_policy_document`` of each role and
evaluated here by ``assumable``, a small evaluator of the condition operators IAM applies to
``AssumeRoleWithWebIdentity`` (``StringEquals``/``StringLike`` on the token's claims; any other
operator fails the test rather than being guessed). Each role admits its own job and denies a
pull request's own workflow, another branch, another repository and another environment.
"""

from __future__ import annotations

import fnmatch
import re

import pytest

from environments import NAMED, load
from environments.schema import github_environment
from tests.conftest import policy_statements

REAL = [name for name in NAMED if load(name).emulator is None]
ISSUER = "token.actions.githubusercontent.com"


def claims(
    environment: str,
    *,
    repository: str = "example-org/platform",
    workflow_ref: str = "refs/heads/main",
    ref: str = "refs/heads/main",
    workflow: str = ".github/workflows/terraform.yml",
    aud: str = "sts.amazonaws.com",
) -> dict[str, str]:
    """The claims of a GitHub job's OIDC token, as GitHub sets them for a job in ``environment``."""
    return {
        "aud": aud,
        "sub": f"repo:{repository}:environment:{environment}",
        "repository": repository,
        "job_workflow_ref": f"{repository}/{workflow}@{workflow_ref}",
        "ref": ref,
        "environment": environment,
    }


def _matches(operator: str, actual: str, expected: str) -> bool:
    if operator == "StringEquals":
        return actual == expected
    if operator == "StringLike":
        return re.fullmatch(re.escape(expected).replace(r"\*", ".*").replace(r"\?", "."), actual) is not None
    raise AssertionError(f"the evaluator does not know {operator}: extend it before using it in a trust policy")


def assumable(statements: list[dict], token: dict[str, str], provider: str) -> bool:
    """Whether a token with ``token``'s claims may assume the role: some Allow statement for
    ``sts:AssumeRoleWithWebIdentity`` from ``provider`` whose every condition holds (a condition
    holds when the claim is present and matches one of its values), and no Deny that applies."""
    context = {f"{ISSUER}:{claim}": value for claim, value in token.items()}

    def applies(statement: dict) -> bool:
        if "sts:AssumeRoleWithWebIdentity" not in statement["actions"]:
            return False
        principals = statement.get("principals", [])
        if not any(p["type"] == "Federated" and provider in p["identifiers"] for p in principals):
            return False
        return all(
            condition["variable"] in context
            and any(_matches(condition["test"], context[condition["variable"]], v) for v in condition["values"])
            for condition in statement.get("condition", [])
        )

    allowed = any(s["effect"] == "Allow" and applies(s) for s in statements)
    return allowed and not any(s["effect"] == "Deny" and applies(s) for s in statements)


def trust(platform, suffix: str, role: str) -> tuple[list[dict], str]:
    statements = policy_statements(platform, f"ci-{suffix}", f"{role}_trust")
    provider = platform.resource(f"ci-{suffix}", "aws_iam_openid_connect_provider")
    assert provider["url"] == f"https://{ISSUER}" and provider["client_id_list"] == ["sts.amazonaws.com"]
    [identifier] = statements[0]["principals"][0]["identifiers"]
    assert identifier.startswith("${aws_iam_openid_connect_provider.") and identifier.endswith(".arn}")
    return statements, identifier


def own_job(role: str, name: str) -> dict[str, str]:
    """The job the role is for: deploys run from main; plans and previews also for pull requests."""
    ref = "refs/heads/main" if role == "deploy" else "refs/pull/12/merge"
    return claims(github_environment(role, name), ref=ref)


ROLES = [
    (name, role)
    for name in REAL
    for role in ("plan", "deploy", "preview")
    if role != "preview" or load(name).copy_prefix
]


def test_every_real_environment_has_its_roles() -> None:
    assert ("dev", "preview") in ROLES and ("prod", "deploy") in ROLES and ("prod", "preview") not in ROLES


@pytest.mark.parametrize(("name", "role"), ROLES, ids=[f"{n}-{r}" for n, r in ROLES])
def test_a_role_admits_its_own_job_only(platform, name: str, role: str) -> None:
    statements, provider = trust(platform, name, role)
    own = own_job(role, name)
    assert assumable(statements, own, provider), "the role's own job must be admitted"
    if role != "deploy":  # plans and previews also run for pushes to main (deploy review, drift, sweep)
        assert assumable(statements, {**own, "ref": "refs/heads/main"}, provider)
    other_environment = next(n for n in REAL if n != name)
    denied = {
        "a pull request's own workflow": {
            **own,
            "job_workflow_ref": "example-org/platform/.github/workflows/terraform.yml@refs/pull/12/merge",
        },
        "a pull request outside any environment": {**own, "sub": "repo:example-org/platform:pull_request"},
        "another branch": {
            **own,
            "job_workflow_ref": "example-org/platform/.github/workflows/terraform.yml@refs/heads/feature",
            "ref": "refs/heads/feature",
        },
        "another branch calling main's workflow": {**own, "ref": "refs/heads/feature"} if role == "deploy" else None,
        "a pull request calling main's workflow": {**own, "ref": "refs/pull/12/merge"} if role == "deploy" else None,
        "another repository": claims(github_environment(role, name), repository="evil-org/platform", ref=own["ref"]),
        "another workflow of this repository": {
            **own,
            "job_workflow_ref": "example-org/platform/.github/workflows/pr.yml@refs/heads/main",
        },
        "another environment": {**own, "sub": f"repo:example-org/platform:environment:{other_environment}"},
        "the same environment's other role": {
            **own,
            "sub": "repo:example-org/platform:environment:"
            + github_environment("plan" if role != "plan" else "deploy", name),
        },
        "another audience": {**own, "aud": "https://github.com/example-org"},
    }
    admitted = [why for why, token in denied.items() if token is not None and assumable(statements, token, provider)]
    assert admitted == [], f"ci-{name} {role} role admits {admitted}"


def test_the_evaluator_admits_what_a_loose_trust_policy_would(platform) -> None:
    """Seen failing: a trust policy without the workflow and branch pins (the docs' old manual
    setup, `sub` only) lets another branch's workflow in; the evaluator says so."""
    statements, provider = trust(platform, "dev", "deploy")
    loose = [
        {
            **statements[0],
            "condition": [c for c in statements[0]["condition"] if c["variable"].endswith((":sub", ":aud"))],
        }
    ]
    branch = {
        **own_job("deploy", "dev"),
        "job_workflow_ref": "example-org/platform/.github/workflows/terraform.yml@refs/heads/feature",
        "ref": "refs/heads/feature",
    }
    assert assumable(loose, branch, provider) and not assumable(statements, branch, provider)
    with pytest.raises(AssertionError, match="ForAllValues:StringEquals"):
        _matches("ForAllValues:StringEquals", "a", "a")


def allowed_actions(statements: list[dict]) -> list[str]:
    return [action for s in statements if s["effect"] == "Allow" for action in s["actions"]]


def grants(statements: list[dict], action: str) -> bool:
    return any(fnmatch.fnmatchcase(action, pattern) for pattern in allowed_actions(statements))


@pytest.mark.parametrize("name", REAL)
def test_the_plan_role_reads_no_secret_or_data_and_writes_only_its_plans(platform, name: str) -> None:
    statements = policy_statements(platform, f"ci-{name}", "plan_permissions")
    for data_read in (
        "secretsmanager:GetSecretValue",
        "kms:Decrypt",
        "dynamodb:GetItem",
        "dynamodb:Query",
        "dynamodb:Scan",
        "sqs:ReceiveMessage",
        "logs:GetLogEvents",
        "ssm:GetParameter",
        "s3:PutBucketPolicy",
        "ec2:RunInstances",
        "iam:PassRole",
    ):
        assert not grants(statements, data_read), f"the {name} plan role may {data_read}"
    [deny] = [s for s in statements if s["sid"] == "NoSecretsOrData"]
    assert deny["effect"] == "Deny" and {"secretsmanager:GetSecretValue", "kms:Decrypt"} <= set(deny["actions"])
    writes = [s for s in statements if s["effect"] == "Allow" and any("Put" in a for a in s["actions"])]
    assert [(s["actions"], [r.split(":::")[1] for r in s["resources"]]) for s in writes] == [
        (["s3:PutObject"], [f"{load(name).state.bucket}/plans/{name}/*"])
    ]
    [state] = [s for s in statements if s["sid"] == "ReadStateAndManagedObjects"]
    assert any(r.endswith(f":::{load(name).state.bucket}/{name}/*") for r in state["resources"])


@pytest.mark.parametrize("name", REAL)
def test_the_deploy_role_manages_only_its_own_roles_and_never_the_pipeline(platform, name: str) -> None:
    statements = policy_statements(platform, f"ci-{name}", "deploy_permissions")
    iam = [s for s in statements if s["effect"] == "Allow" and any(a.startswith("iam:") for a in s["actions"])]
    resources = sorted(r.split(":iam::")[1].split(":", 1)[1] for s in iam for r in s["resources"])
    assert resources == [
        f"instance-profile/platform-*-{name}",
        "role/aws-service-role/*",
        f"role/platform-*-{name}",
    ], "roles and instance profiles by the environment's names only"
    assert not grants(statements, "iam:CreateUser") and not grants(statements, "iam:CreateAccessKey")
    [guard] = [s for s in statements if s["sid"] == "NotThePipeline"]
    assert guard["effect"] == "Deny" and guard["actions"] == ["iam:*"]
    assert sorted(r.split(":iam::")[1].split(":", 1)[1] for r in guard["resources"]) == ["oidc-provider/*", "role/ci/*"]
    [state] = [s for s in statements if s["sid"] == "StateBucketIsTheBootstraps"]
    assert state["effect"] == "Deny" and {"s3:DeleteObjectVersion", "s3:PutBucketVersioning"} <= set(state["actions"])
    role = platform.resource(f"ci-{name}", "aws_iam_role", "deploy_role")
    assert role["path"] == "/ci/" and role["name"] == f"platform-ci-deploy-{name}"


def test_the_preview_role_is_held_to_the_copies_names(platform) -> None:
    statements = policy_statements(platform, "ci-dev", "preview_permissions")
    [roles] = [s for s in statements if s["sid"] == "ManageOwnRoles"]
    patterns = [r.split(":role/")[1] for r in roles["resources"]]
    assert patterns == [f"platform-*-pr{'?' * n}" for n in range(1, 9)]
    role_name = lambda name: any(fnmatch.fnmatchcase(name, p) for p in patterns)  # noqa: E731
    assert role_name("platform-api-task-pr1234") and role_name("platform-order-worker-task-pr12345678")
    assert not role_name("platform-api-task-dev") and not role_name("platform-order-processing-dev")
    [tags] = [s for s in statements if s["sid"] == "OnlyCopiesResources"]
    assert tags["effect"] == "Deny" and "ec2:*" in tags["actions"]
    assert {(c["test"], c["variable"], tuple(c["values"])) for c in tags["condition"]} == {
        ("StringNotLike", "aws:ResourceTag/Suffix", ("pr*",)),
        ("Null", "aws:ResourceTag/Suffix", ("false",)),
    }
    [buckets] = [s for s in statements if s["sid"] == "OnlyCopiesBuckets"]
    state_keys = [r for r in buckets["not_resources"] if r.endswith("platform-tfstate-dev-eu-west-1/pr*")]
    assert buckets["effect"] == "Deny" and state_keys, "previews write only their own state keys"
    bucket_names = [r.split(":::")[1] for r in buckets["not_resources"]]
    assert "platform-*-pr????-${data.aws_caller_identity.aws-context_account_8AB0A92B.account_id}" in bucket_names
    trust_statements, _ = trust(platform, "dev", "preview")
    assert not [c for c in trust_statements[0]["condition"] if c["variable"].endswith(":ref")], (
        "previews deploy pull requests: no run-branch pin, the names are the fence"
    )


def test_copies_and_the_emulator_get_no_roles_of_their_own_but_local_deploys_its_ci_stack(platform) -> None:
    assert "ci-pr1234" not in platform.stack_ids and "ci-rc12" not in platform.stack_ids
    assert "ci-local" in platform.stack_ids
    outputs = platform.json("ci-dev")["output"]
    assert set(outputs) == {"plan_role_arn", "deploy_role_arn", "preview_role_arn"}
    assert set(platform.json("ci-prod")["output"]) == {"plan_role_arn", "deploy_role_arn"}


def test_a_bad_repository_is_one_line() -> None:
    import dataclasses

    from environments import named
    from environments.schema import ConfigError, PipelineConfig

    broken = dataclasses.replace(named("dev"), pipeline=PipelineConfig(repository="example org/platform"))
    with pytest.raises(ConfigError) as raised:
        broken.validate()
    assert raised.value.problems == [
        "environments.dev.pipeline.repository 'example org/platform' must be <owner>/<name> as GitHub spells it "
        "(owner: 1-39 letters, digits and single inner '-'; name: letters, digits, '.', '_', '-'), "
        "e.g. example-org/platform"
    ]


@pytest.mark.parametrize("name", REAL)
def test_saved_plans_expire_from_the_state_bucket_once_no_approval_can_wait(platform, name: str) -> None:
    from environments.schema.pipeline import APPROVAL_TIMEOUT_DAYS

    [rules] = [c["rule"] for c in platform.resources(f"state-{name}", "aws_s3_bucket_lifecycle_configuration").values()]
    [plans] = [rule for rule in rules if rule["filter"] == [{"prefix": "plans/"}]]
    days = plans["expiration"][0]["days"]
    assert days == load(name).pipeline.plan_retention_days >= APPROVAL_TIMEOUT_DAYS
    assert plans["noncurrent_version_expiration"] == [{"noncurrent_days": 1}]
