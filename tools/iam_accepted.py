"""Every parliament finding this project accepts, in one place, each with the reason.

A finding is accepted only when its issue is listed here AND its document (``<component>/<policy
document id>``, an ``fnmatch`` pattern) matches one of the entry's. ``tests/security/
test_iam_lint.py`` fails on any other finding, and on an entry that no finding needs any more.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Accepted:
    reason: str
    documents: tuple[str, ...]


ACCEPTED: dict[str, Accepted] = {
    "MALFORMED": Accepted(
        "Trust policies (a role's assume_role_policy) and ECR repository policies are resource policies "
        "of the role or repository and have no Resource element; parliament reads every document as an "
        "identity policy.",
        ("*trust*", "service/registry_*_policy-document_*"),
    ),
    "UNKNOWN_FEDERATION_SOURCE": Accepted(
        "The pipeline's roles trust the account's GitHub OIDC provider "
        "(token.actions.githubusercontent.com), which parliament's list of known providers lacks; "
        "each trust pins aud, sub and job_workflow_ref (tests/stacks/test_ci.py evaluates them).",
        ("ci/*_trust_*",),
    ),
    "RESOURCE_STAR": Accepted(
        'Key policies: Resource "*" means the key itself. The pipeline\'s plan role reads every '
        "resource's configuration and its deploy and preview roles manage the platform's services in "
        "an account that is the environment's own (tools/checkov_skips.py CKV_AWS_109 has the detail). A "
        "function's role manages its network interfaces and writes X-Ray traces, which have no resource.",
        ("*key_policy_*", "ci/*_permissions_*", "service/*_policy-document_*"),
    ),
    "PERMISSIONS_MANAGEMENT_ACTIONS": Accepted(
        "Key policies keep key administration with the account root; the scheduler passes only its "
        "task's two roles (iam:PassRole by ARN); rds-db:connect is IAM database authentication to the "
        "one cluster user the grant names; the pipeline's deploy and preview roles manage roles by the "
        "environment's (or its copies') names, never the pipeline's own.",
        (
            "*key_policy_*",
            "service/*scheduler-policy-document_*",
            "service/*task-policy-document_*",
            "ci/deploy_permissions_*",
            "ci/preview_permissions_*",
        ),
    ),
    "CREDENTIALS_EXPOSURE": Accepted(
        "rds-db:connect issues the short-lived IAM authentication token of the database user the "
        "service's grant names (database=('iam',)): the documented way to connect without a password; "
        "ecr:GetAuthorizationToken is how an execution role pulls a private ECR image, and how the "
        "pipeline's deploy and preview roles push the services' images (no resource scope exists for it). "
        "The pipeline's roles read the user pool's app clients (DescribeUserPoolClient "
        "returns a confidential client's secret, which Terraform keeps in the state as it does every "
        "attribute) and its deploy and preview roles manage the pool (cognito-idp:*, which includes "
        "AssociateSoftwareToken, a user's own MFA enrolment, never used by Terraform).",
        (
            "service/*task-policy-document_*",
            "service/*execution-policy-document_*",
            "ci/*_permissions_*",
        ),
    ),
    "PRIVILEGE_ESCALATION": Accepted(
        "The pipeline's deploy and preview roles create the platform's roles and pass them to ECS, "
        "EventBridge Scheduler and VPC flow logs: a deployer can. IAM users, keys and the pipeline's "
        "own roles and OIDC provider are denied to them.",
        ("ci/deploy_permissions_*", "ci/preview_permissions_*"),
    ),
    "UNKNOWN_CONDITION_FOR_ACTION": Accepted(
        "parliament's IAM definitions lack two documented KMS condition keys: "
        "kms:EncryptionContext:aws:logs:arn (CloudWatch Logs' use of a key, scoped to this account's "
        "log groups) and kms:ResourceAliases (a task's use of the keys it was granted by alias).",
        ("*key_policy_*", "service/*task-policy-document_*"),
    ),
    "MISMATCHED_TYPE": Accepted(
        "kms:EncryptionContext:aws:logs:arn holds a log group's ARN; AWS's CloudWatch Logs guide "
        "matches it with ArnLike, which parliament types as a plain string.",
        ("*key_policy_*",),
    ),
}
