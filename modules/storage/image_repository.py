"""An ECR repository for one service's images, and the alert on what its scans find.

``ImageRepository``: immutable tags (a tag is one build, forever), scan on push, the
environment's customer-managed key, a lifecycle policy (the newest ``keep_tagged_images``
tagged images are kept, untagged ones expire after ``untagged_days``) and a repository policy
in which exactly ``pullers`` may pull and exactly ``pushers`` may push: both allowed by name
(``aws:PrincipalArn``, so a role of another account or one not made yet can be named) and
everyone else denied the same actions, so no identity policy of the account can widen it.

``ImageFindingsAlert``: an EventBridge rule that sends the alarm topic every scan of these
repositories that finds HIGH or CRITICAL vulnerabilities (basic scan on push, or enhanced
scanning's findings).

``RegistryScanning``: the registry's enhanced scanning, continuous, for repositories named
like the environment's (account-wide: one per account and region).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from environments.schema import ProtectionConfig, RegistryConfig
from modules.core.context import AwsContext
from modules.core.document import json_document
from modules.core.framework import Construct, aws
from modules.core.lifecycle import lifecycle
from modules.security.iam import Condition, Statement, policy_json

PULL_ACTIONS = ("ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer")
"""What pulling an image takes (``ecr:GetAuthorizationToken`` is the puller's own, account-wide)."""
PUSH_ACTIONS = (
    "ecr:BatchCheckLayerAvailability",
    "ecr:CompleteLayerUpload",
    "ecr:InitiateLayerUpload",
    "ecr:PutImage",
    "ecr:UploadLayerPart",
)
"""What pushing an image takes."""
DENIED_PULLS = ("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer")
"""Pull actions denied to everyone but the pullers (``BatchCheckLayerAvailability`` is a push's too)."""
DENIED_PUSHES = ("ecr:CompleteLayerUpload", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart")
SEVERITIES = ("CRITICAL", "HIGH")


@dataclass(frozen=True, kw_only=True)
class Principal:
    """IAM roles of one account, by ARN; ``*`` and ``?`` match the roles of ephemeral copies."""

    account_id: str
    role_arns: Sequence[str]


@dataclass(frozen=True, kw_only=True)
class ImageRepositoryProps:
    spec: RegistryConfig
    """Lifecycle of the environment's repositories."""
    protection: ProtectionConfig
    """``prevent_destroy`` on the repository; without it, destroy deletes its images too."""
    name: str
    kms_key_arn: str
    pullers: Sequence[Principal]
    """The execution roles of the services that run its images, in this environment and in the
    environments that pull from it (``registry.pull_from``)."""
    pushers: Sequence[str]
    """Role ARNs of this account that push (the environment's CI deploy role)."""


class ImageRepository(Construct):
    """Attributes: ``repository_name``, ``repository_arn``, ``repository_url``."""

    def __init__(self, scope: Construct, id_: str, props: ImageRepositoryProps) -> None:
        super().__init__(scope, id_)
        if not props.pushers:
            raise ValueError(f"{self.node.path}: a repository needs the role that pushes to it")
        ecr = aws.ecr_repository
        self.repository = ecr.EcrRepository(
            self,
            "repository",
            name=props.name,
            image_tag_mutability="IMMUTABLE",
            image_scanning_configuration=ecr.EcrRepositoryImageScanningConfiguration(scan_on_push=True),
            encryption_configuration=[
                ecr.EcrRepositoryEncryptionConfiguration(encryption_type="KMS", kms_key=props.kms_key_arn)
            ],
            force_delete=not props.protection.prevent_destroy,
            lifecycle=lifecycle(prevent_destroy=props.protection.prevent_destroy),
        )
        aws.ecr_lifecycle_policy.EcrLifecyclePolicy(
            self, "lifecycle", repository=self.repository.name, policy=json_document(lifecycle_rules(props.spec))
        )
        aws.ecr_repository_policy.EcrRepositoryPolicy(
            self,
            "policy",
            repository=self.repository.name,
            policy=policy_json(self, "policy-document", self.policy_statements(props)),
        )
        self.repository_name: str = self.repository.name
        self.repository_arn: str = self.repository.arn
        self.repository_url: str = self.repository.repository_url

    def policy_statements(self, props: ImageRepositoryProps) -> list[Statement]:
        """Pull for exactly the pullers, push for exactly the pushers, both denied to the rest."""
        context = AwsContext.of(self)
        pullers = sorted({arn for principal in props.pullers for arn in principal.role_arns})
        accounts = sorted({principal.account_id for principal in props.pullers if principal.role_arns})
        statements: list[Statement] = []
        if pullers:
            statements.append(
                Statement(
                    sid="PullByTheServicesThatRunIt",
                    actions=PULL_ACTIONS,
                    principals={"AWS": [f"arn:{context.partition}:iam::{account}:root" for account in accounts]},
                    conditions=[Condition("ArnLike", "aws:PrincipalArn", pullers)],
                )
            )
        statements += [
            Statement(
                sid="PushByTheDeployRole",
                actions=PUSH_ACTIONS,
                principals={"AWS": [f"arn:{context.partition}:iam::{context.account_id}:root"]},
                conditions=[Condition("ArnEquals", "aws:PrincipalArn", sorted(props.pushers))],
            ),
            Statement(
                sid="NoOtherPulls",
                effect="Deny",
                actions=DENIED_PULLS,
                principals={"AWS": ["*"]},
                conditions=[Condition("ArnNotLike", "aws:PrincipalArn", pullers)] if pullers else [],
            ),
            Statement(
                sid="NoOtherPushes",
                effect="Deny",
                actions=DENIED_PUSHES,
                principals={"AWS": ["*"]},
                conditions=[Condition("ArnNotEquals", "aws:PrincipalArn", sorted(props.pushers))],
            ),
        ]
        return statements


def lifecycle_rules(spec: RegistryConfig) -> dict:
    """Untagged images expire after ``untagged_days``; of the tagged ones the newest
    ``keep_tagged_images`` stay."""
    return {
        "rules": [
            {
                "rulePriority": 1,
                "description": f"Untagged images expire {spec.untagged_days} days after their push",
                "selection": {
                    "tagStatus": "untagged",
                    "countType": "sinceImagePushed",
                    "countUnit": "days",
                    "countNumber": spec.untagged_days,
                },
                "action": {"type": "expire"},
            },
            {
                "rulePriority": 2,
                "description": f"Keep the newest {spec.keep_tagged_images} tagged images",
                "selection": {
                    "tagStatus": "tagged",
                    "tagPatternList": ["*"],
                    "countType": "imageCountMoreThan",
                    "countNumber": spec.keep_tagged_images,
                },
                "action": {"type": "expire"},
            },
        ]
    }


@dataclass(frozen=True, kw_only=True)
class ImageFindingsAlertProps:
    name: str
    """The rule's name (``Namer.name(..., Kind.EVENT_RULE)``: the alarm topic admits this
    environment's rules by name)."""
    repository_names: Sequence[str]
    topic_arn: str
    enhanced: bool = False
    """Enhanced scanning reports Inspector findings, not scan-complete events."""


class ImageFindingsAlert(Construct):
    """Attributes: ``rule_name``, ``event_pattern`` (the pattern, as data)."""

    def __init__(self, scope: Construct, id_: str, props: ImageFindingsAlertProps) -> None:
        super().__init__(scope, id_)
        if not props.repository_names:
            raise ValueError(f"{self.node.path}: no repository to watch")
        self.event_pattern = findings_pattern(props.repository_names, enhanced=props.enhanced)
        rule = aws.cloudwatch_event_rule.CloudwatchEventRule(
            self,
            "rule",
            name=props.name,
            description="Image scans of this environment's repositories that found HIGH or CRITICAL vulnerabilities",
            event_pattern=json_document(self.event_pattern),
        )
        aws.cloudwatch_event_target.CloudwatchEventTarget(
            self, "target", rule=rule.name, target_id="alarm-topic", arn=props.topic_arn
        )
        self.rule_name: str = rule.name


def findings_pattern(repository_names: Sequence[str], *, enhanced: bool) -> dict:
    """The events of a scan with HIGH or CRITICAL findings in one of ``repository_names``."""
    names = sorted(repository_names)
    if enhanced:
        return {
            "source": ["aws.inspector2"],
            "detail-type": ["Inspector2 Finding"],
            "detail": {
                "severity": list(SEVERITIES),
                "status": ["ACTIVE"],
                "resources": {"details": {"awsEcrContainerImage": {"repositoryName": names}}},
            },
        }
    return {
        "source": ["aws.ecr"],
        "detail-type": ["ECR Image Scan"],
        "detail": {
            "scan-status": ["COMPLETE"],
            "repository-name": names,
            "$or": [{"finding-severity-counts": {severity: [{"numeric": [">", 0]}]}} for severity in SEVERITIES],
        },
    }


@dataclass(frozen=True, kw_only=True)
class RegistryScanningProps:
    repository_pattern: str
    """ECR's wildcard filter for the environment's repositories (``<project>-*-<suffix>``)."""


class RegistryScanning(Construct):
    """Enhanced, continuous scanning of the repositories named like ``repository_pattern``."""

    def __init__(self, scope: Construct, id_: str, props: RegistryScanningProps) -> None:
        super().__init__(scope, id_)
        scanning = aws.ecr_registry_scanning_configuration
        scanning.EcrRegistryScanningConfiguration(
            self,
            "configuration",
            scan_type="ENHANCED",
            rule=[
                scanning.EcrRegistryScanningConfigurationRule(
                    scan_frequency="CONTINUOUS_SCAN",
                    repository_filter=[
                        scanning.EcrRegistryScanningConfigurationRuleRepositoryFilter(
                            filter=props.repository_pattern, filter_type="WILDCARD"
                        )
                    ],
                )
            ],
        )
