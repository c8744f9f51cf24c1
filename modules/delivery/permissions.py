"""What each pipeline role may do, as policy statements: plan (read-only), deploy (the
environment's resources) and preview (only its copies' resources).

Every ARN comes in as wiring from the stack (state bucket, key prefixes, name patterns); the
action lists below are the platform's services, kept complete by
``tests/modules/delivery/test_permissions.py`` (every resource type the stacks make belongs to
one of ``MANAGED_SERVICES``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from modules.security.iam import Condition, Statement

MANAGED_SERVICES = (
    "acm",
    "apigateway",
    "application-autoscaling",
    "autoscaling",
    "cloudfront",
    "cloudwatch",
    "cognito-idp",
    "dynamodb",
    "ec2",
    "ecr",
    "ecs",
    "elasticache",
    "elasticfilesystem",
    "elasticloadbalancing",
    "events",
    "kms",
    "lambda",
    "logs",
    "mq",
    "rds",
    "route53",
    "s3",
    "scheduler",
    "secretsmanager",
    "servicediscovery",
    "ses",
    "sns",
    "sqs",
    "wafv2",
)
"""IAM service prefixes of everything the platform's stacks create (IAM apart: its roles are
allowed by name only)."""

READ_ACTIONS = (
    "acm:DescribeCertificate",
    "acm:GetCertificate",
    "acm:ListCertificates",
    "acm:ListTagsForCertificate",
    "apigateway:GET",
    "application-autoscaling:Describe*",
    "application-autoscaling:ListTagsForResource",
    "autoscaling:Describe*",
    "cloudfront:Get*",
    "cloudfront:List*",
    "cloudwatch:Describe*",
    "cloudwatch:GetDashboard",
    "cloudwatch:ListDashboards",
    "cloudwatch:ListTagsForResource",
    "cognito-idp:Describe*",
    "cognito-idp:GetGroup",
    "cognito-idp:GetUserPoolMfaConfig",
    "cognito-idp:List*",
    "dynamodb:Describe*",
    "dynamodb:ListTables",
    "dynamodb:ListTagsOfResource",
    "ec2:Describe*",
    "ec2:GetManagedPrefixListEntries",
    "elasticache:Describe*",
    "elasticache:List*",
    "ecr:DescribeRegistry",
    "ecr:DescribeRepositories",
    "ecr:GetLifecyclePolicy",
    "ecr:GetRegistryScanningConfiguration",
    "ecr:GetRepositoryPolicy",
    "ecr:ListTagsForResource",
    "ecs:Describe*",
    "ecs:List*",
    "elasticfilesystem:Describe*",
    "elasticfilesystem:ListTagsForResource",
    "elasticloadbalancing:Describe*",
    "events:Describe*",
    "events:List*",
    "iam:Get*",
    "iam:List*",
    "kms:DescribeKey",
    "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:ListAliases",
    "kms:ListResourceTags",
    "lambda:GetFunction",
    "lambda:GetFunctionCodeSigningConfig",
    "lambda:GetFunctionConcurrency",
    "lambda:GetPolicy",
    "lambda:ListTags",
    "lambda:ListVersionsByFunction",
    "logs:Describe*",
    "logs:ListTagsForResource",
    "logs:ListTagsLogGroup",
    "mq:DescribeBroker",
    "mq:ListBrokers",
    "mq:ListTags",
    "rds:Describe*",
    "rds:ListTagsForResource",
    "route53:Get*",
    "route53:List*",
    "s3:GetAccelerateConfiguration",
    "s3:GetBucket*",
    "s3:GetEncryptionConfiguration",
    "s3:GetLifecycleConfiguration",
    "s3:GetReplicationConfiguration",
    "s3:ListAllMyBuckets",
    "scheduler:GetSchedule",
    "scheduler:GetScheduleGroup",
    "scheduler:ListScheduleGroups",
    "scheduler:ListSchedules",
    "scheduler:ListTagsForResource",
    "secretsmanager:DescribeSecret",
    "secretsmanager:GetResourcePolicy",
    "secretsmanager:GetRandomPassword",
    "servicediscovery:Get*",
    "servicediscovery:List*",
    "ses:Describe*",
    "ses:GetIdentity*",
    "sns:GetSubscriptionAttributes",
    "sns:GetTopicAttributes",
    "sns:ListSubscriptionsByTopic",
    "sns:ListTagsForResource",
    "sqs:GetQueueAttributes",
    "sqs:GetQueueUrl",
    "sqs:ListQueueTags",
    "wafv2:Get*",
    "wafv2:List*",
)
"""What ``terraform plan`` reads to refresh the platform's resources: their configuration and
tags, never their data (no ``dynamodb:GetItem``, ``sqs:ReceiveMessage``, ``logs:GetLogEvents``,
``secretsmanager:GetSecretValue``, ``kms:Decrypt``)."""

SECRET_AND_DATA_READS = (
    "dynamodb:BatchGetItem",
    "dynamodb:GetItem",
    "dynamodb:Query",
    "dynamodb:Scan",
    "kms:Decrypt",
    "logs:GetLogEvents",
    "logs:FilterLogEvents",
    "secretsmanager:GetSecretValue",
    "sqs:ReceiveMessage",
    "ssm:GetParameter",
    "ssm:GetParameters",
    "ssm:GetParametersByPath",
)
"""Denied to the plan role outright, whatever else is ever attached to it."""

STATE_BUCKET_CHANGES = (
    "s3:DeleteBucket",
    "s3:DeleteBucketPolicy",
    "s3:DeleteObjectVersion",
    "s3:PutBucketAcl",
    "s3:PutBucketOwnershipControls",
    "s3:PutBucketPolicy",
    "s3:PutBucketPublicAccessBlock",
    "s3:PutBucketVersioning",
    "s3:PutEncryptionConfiguration",
    "s3:PutLifecycleConfiguration",
)
"""What no pipeline role may do to the state bucket: it is the bootstrap's (an account
administrator's), so a deploy can neither drop a version of a state nor the bucket's guards."""

ROLE_MANAGEMENT = (
    "iam:AttachRolePolicy",
    "iam:CreateRole",
    "iam:DeleteRole",
    "iam:DeleteRolePolicy",
    "iam:DetachRolePolicy",
    "iam:GetRole",
    "iam:GetRolePolicy",
    "iam:ListAttachedRolePolicies",
    "iam:ListInstanceProfilesForRole",
    "iam:ListRolePolicies",
    "iam:ListRoleTags",
    "iam:PassRole",
    "iam:PutRolePolicy",
    "iam:TagRole",
    "iam:UntagRole",
    "iam:UpdateAssumeRolePolicy",
    "iam:UpdateRole",
    "iam:UpdateRoleDescription",
)
"""What the stacks do to the roles they own (task, execution, scheduler, flow-log roles)."""

INSTANCE_PROFILE_MANAGEMENT = (
    "iam:AddRoleToInstanceProfile",
    "iam:CreateInstanceProfile",
    "iam:DeleteInstanceProfile",
    "iam:GetInstanceProfile",
    "iam:RemoveRoleFromInstanceProfile",
    "iam:TagInstanceProfile",
    "iam:UntagInstanceProfile",
)
"""What the stacks do to the vms' instance profiles (named as their roles: ``stacks/vms.py``)."""


def public_parameters(state: StateAccess) -> Statement:
    """Read AWS's public SSM parameters (the vms' Amazon Linux image ids: a launch template's
    ``resolve:ssm:`` is read with the caller's ``ssm:GetParameters``), in the state bucket's
    partition, and no parameter of the account's own."""
    partition = state.bucket_arn.split(":s3:", 1)[0]  # arn:<partition>
    return Statement(
        sid="ReadPublicImageParameters",
        actions=["ssm:GetParameter", "ssm:GetParameters"],
        resources=[f"{partition}:ssm:*:*:parameter/aws/service/*"],  # /aws/ is reserved to AWS
    )


def instance_profiles(roles: Sequence[str]) -> list[str]:
    """The instance-profile ARN patterns of the role ARN patterns ``roles`` (the same names)."""
    return [role.replace(":role/", ":instance-profile/", 1) for role in roles]


ESCALATION = (
    "iam:AddUserToGroup",
    "iam:AttachUserPolicy",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:CreateOpenIDConnectProvider",
    "iam:CreateUser",
    "iam:DeleteOpenIDConnectProvider",
    "iam:PutUserPolicy",
    "iam:UpdateOpenIDConnectProviderThumbprint",
    "organizations:*",
)
"""Never a pipeline role's: users and keys, and the OIDC provider the pipeline trusts."""


@dataclass(frozen=True, kw_only=True)
class StateAccess:
    """Where one role's states and saved plans are: ARNs of the state bucket and its keys."""

    bucket_arn: str
    """``arn:aws:s3:::<state bucket>``."""
    state_objects: Sequence[str]
    """The role's state keys, e.g. ``<bucket arn>/dev/*`` (a preview: ``<bucket arn>/pr*``)."""
    plan_objects: Sequence[str] = ()
    """The role's saved plans, e.g. ``<bucket arn>/plans/dev/*``."""


def plan_statements(state: StateAccess, *, readable_objects: Sequence[str] = ()) -> list[Statement]:
    """Read-only: the configuration of every resource (``READ_ACTIONS``), the environment's
    state, ``readable_objects`` (objects Terraform manages, such as the site's default page,
    read back on refresh); and write only its saved plans. No secret or data read."""
    return [
        Statement(sid="ReadConfiguration", actions=READ_ACTIONS, resources=["*"]),
        Statement(sid="ListStateBucket", actions=["s3:ListBucket"], resources=[state.bucket_arn]),
        Statement(
            sid="ReadStateAndManagedObjects",
            actions=["s3:GetObject"],
            resources=[*state.state_objects, *readable_objects],
        ),
        *(
            [Statement(sid="StoreSavedPlans", actions=["s3:PutObject"], resources=list(state.plan_objects))]
            if state.plan_objects
            else []
        ),
        Statement(sid="NoSecretsOrData", effect="Deny", actions=SECRET_AND_DATA_READS, resources=["*"]),
        Statement(
            sid="NoOtherObjects",
            effect="Deny",
            actions=["s3:GetObject"],
            not_resources=[*state.state_objects, *readable_objects, *state.plan_objects],
        ),
    ]


def deploy_statements(
    state: StateAccess,
    *,
    roles: Sequence[str],
    service_linked_roles: str,
    pipeline_roles: str,
    oidc_providers: str,
) -> list[Statement]:
    """Create, change and delete the platform's resources; manage only the IAM roles ``roles``
    (ARN patterns of the environment's names); read and write its states and saved plans; never
    touch the pipeline's own roles (``pipeline_roles``, an ARN pattern), the OIDC providers, IAM
    users or keys, nor the state bucket's protection."""
    return [
        Statement(sid="ManagePlatform", actions=[f"{service}:*" for service in MANAGED_SERVICES], resources=["*"]),
        Statement(sid="ManageOwnRoles", actions=ROLE_MANAGEMENT, resources=list(roles)),
        Statement(
            sid="ManageOwnInstanceProfiles", actions=INSTANCE_PROFILE_MANAGEMENT, resources=instance_profiles(roles)
        ),
        public_parameters(state),
        Statement(
            sid="ServiceLinkedRoles",
            actions=["iam:CreateServiceLinkedRole"],
            resources=[service_linked_roles],
        ),
        Statement(sid="ListStateBucket", actions=["s3:ListBucket"], resources=[state.bucket_arn]),
        Statement(
            sid="ReadWriteState",
            actions=["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
            resources=list(state.state_objects),
        ),
        *(
            [Statement(sid="ReadSavedPlans", actions=["s3:GetObject"], resources=list(state.plan_objects))]
            if state.plan_objects
            else []
        ),
        Statement(
            sid="StateBucketIsTheBootstraps",
            effect="Deny",
            actions=STATE_BUCKET_CHANGES,
            resources=[state.bucket_arn, f"{state.bucket_arn}/*"],
        ),
        Statement(sid="NoEscalation", effect="Deny", actions=ESCALATION, resources=["*"]),
        Statement(sid="NotThePipeline", effect="Deny", actions=["iam:*"], resources=[pipeline_roles, oidc_providers]),
    ]


def preview_statements(
    state: StateAccess,
    *,
    roles: Sequence[str],
    buckets: Sequence[str],
    suffix_tag: str,
    suffix_pattern: str,
    service_linked_roles: str,
    pipeline_roles: str,
    oidc_providers: str,
) -> list[Statement]:
    """``deploy_statements`` for the copies of an environment (previews), held to the copies'
    names: IAM roles only by the copies' name patterns (``roles``), S3 only the copies' buckets
    (``buckets``) and state keys, and every other service's resources only where their
    ``suffix_tag`` tag (every resource carries the provider's default tags) matches
    ``suffix_pattern``: a resource of the environment itself, tagged with its own suffix, is
    denied, at creation (``aws:RequestTag``) and after (``aws:ResourceTag``)."""
    copies_only = [
        Statement(
            sid="OnlyCopiesResources",
            effect="Deny",
            actions=[f"{service}:*" for service in MANAGED_SERVICES if service != "s3"],
            resources=["*"],
            conditions=[
                Condition("StringNotLike", f"aws:ResourceTag/{suffix_tag}", [suffix_pattern]),
                Condition("Null", f"aws:ResourceTag/{suffix_tag}", ["false"]),
            ],
        ),
        Statement(
            sid="OnlyCopiesTags",
            effect="Deny",
            actions=[f"{service}:*" for service in MANAGED_SERVICES if service != "s3"],
            resources=["*"],
            conditions=[
                Condition("StringNotLike", f"aws:RequestTag/{suffix_tag}", [suffix_pattern]),
                Condition("Null", f"aws:RequestTag/{suffix_tag}", ["false"]),
            ],
        ),
        Statement(
            sid="OnlyCopiesBuckets",
            effect="Deny",
            actions=["s3:*"],
            not_resources=[
                *buckets,
                *(f"{bucket}/*" for bucket in buckets),
                state.bucket_arn,
                *state.state_objects,
            ],
        ),
    ]
    return [
        *deploy_statements(
            state,
            roles=roles,
            service_linked_roles=service_linked_roles,
            pipeline_roles=pipeline_roles,
            oidc_providers=oidc_providers,
        ),
        *copies_only,
    ]
