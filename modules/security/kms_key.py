"""A customer-managed KMS key with rotation, an alias, and a key policy naming its users."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from modules.core.context import AwsContext
from modules.core.framework import Construct, aws
from modules.core.lifecycle import lifecycle
from modules.security.iam import Condition, Statement, policy_json

USE_ACTIONS = ("kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey")


@dataclass(frozen=True, kw_only=True)
class KmsKeyProps:
    alias: str
    """Alias name without the ``alias/`` prefix (from the Namer)."""
    description: str
    deletion_window_days: int = 30
    """Days between a scheduled deletion and the key's destruction (7-30)."""
    prevent_destroy: bool = False
    service_users: Sequence[Statement] = ()
    """Key-policy statements for AWS services that use the key (logs, SNS, CloudFront ...).
    Principals in the same account get access through IAM policies instead."""
    multi_region: bool = False
    """A multi-Region primary key, so ``replicate`` can copy it (DynamoDB global tables)."""


class KmsKey(Construct):
    """Symmetric encryption key. The account root keeps administration (without it the key
    could become unmanageable); services are allowed only what ``service_users`` states."""

    def __init__(self, scope: Construct, id_: str, props: KmsKeyProps) -> None:
        super().__init__(scope, id_)
        context = AwsContext.of(self)
        root = f"arn:{context.partition}:iam::{context.account_id}:root"
        statements = [
            Statement(sid="AccountAdministers", actions=["kms:*"], resources=["*"], principals={"AWS": [root]}),
            *props.service_users,
        ]
        self._props = props
        self._policy = policy_json(self, "policy", statements)
        self.key = aws.kms_key.KmsKey(
            self,
            "key",
            description=props.description,
            enable_key_rotation=True,
            deletion_window_in_days=props.deletion_window_days,
            multi_region=props.multi_region or None,
            policy=self._policy,
            lifecycle=self._lifecycle(),
        )
        aws.kms_alias.KmsAlias(self, "alias", name=f"alias/{props.alias}", target_key_id=self.key.key_id)
        self.key_arn: str = self.key.arn
        self.key_id: str = self.key.key_id

    def _lifecycle(self):  # noqa: ANN202 - a TerraformResourceLifecycle or None
        return lifecycle(prevent_destroy=self._props.prevent_destroy)

    def replicate(self, region_id: str, provider: aws.provider.AwsProvider) -> str:
        """A replica of this multi-Region key in ``provider``'s region; returns its ARN."""
        if not self._props.multi_region:
            raise ValueError(f"{self.node.path}: only a multi_region key can be replicated")
        replica = aws.kms_replica_key.KmsReplicaKey(
            self,
            f"replica-{region_id}",
            provider=provider,
            primary_key_arn=self.key.arn,
            description=self._props.description,
            deletion_window_in_days=self._props.deletion_window_days,
            policy=self._policy,
            lifecycle=self._lifecycle(),
        )
        return replica.arn


def service_user(principal: str, *, actions: Sequence[str] = USE_ACTIONS, conditions=()) -> Statement:
    """A key-policy statement letting one service principal use the key."""
    return Statement(actions=actions, resources=["*"], principals={"Service": [principal]}, conditions=conditions)


def logs_service_user(scope: Construct) -> Statement:
    """Lets CloudWatch Logs in this region use the key, for log groups of this account only."""
    context = AwsContext.of(scope)
    return service_user(
        context.service_principal(f"logs.{context.region}"),
        conditions=[Condition("ArnLike", "kms:EncryptionContext:aws:logs:arn", [context.arn("logs", "log-group:*")])],
    )


def cloudfront_service_user(scope: Construct) -> Statement:
    """Lets CloudFront decrypt objects for this account's distributions (OAC with SSE-KMS)."""
    context = AwsContext.of(scope)
    return service_user(
        context.service_principal("cloudfront"),
        actions=["kms:Decrypt"],
        conditions=[
            Condition(
                "ArnLike", "AWS:SourceArn", [f"arn:{context.partition}:cloudfront::{context.account_id}:distribution/*"]
            )
        ],
    )
