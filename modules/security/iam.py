"""Typed IAM policy statements rendered through ``aws_iam_policy_document``.

Constructs describe what they allow as ``Statement`` values; ``policy_json`` turns them into a
policy document data source (checked by the provider, readable in plans and snapshots).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from modules.core.context import AwsContext
from modules.core.framework import Construct, aws


@dataclass(frozen=True)
class Condition:
    test: str
    """Operator, e.g. ``StringEquals``, ``ArnLike``, ``Bool``."""
    variable: str
    """Context key, e.g. ``aws:SourceArn``."""
    values: Sequence[str]


@dataclass(frozen=True, kw_only=True)
class Statement:
    actions: Sequence[str]
    resources: Sequence[str] | None = None
    """Resource ARNs. ``["*"]`` only in key policies (where it means "this key") and for
    actions AWS does not scope to resources; None (trust policies) leaves the element out."""
    effect: Literal["Allow", "Deny"] = "Allow"
    principals: Mapping[str, Sequence[str]] = field(default_factory=dict)
    """Resource policies only: ``{"Service": [...]}``, ``{"AWS": [...]}``, ``{"*": ["*"]}``."""
    conditions: Sequence[Condition] = ()
    sid: str | None = None
    not_resources: Sequence[str] | None = None
    """Every resource but these (``NotResource``): for a ``Deny`` that leaves named resources out."""


def policy_json(scope: Construct, id_: str, statements: Sequence[Statement]) -> str:
    """The JSON of a policy document holding ``statements`` (an ``aws_iam_policy_document``).
    The document keeps the typed statements as ``statements`` (see ``replace_statements``)."""
    document = aws.data_aws_iam_policy_document.DataAwsIamPolicyDocument(scope, id_, statement=_rendered(statements))
    document.statements = tuple(statements)
    return document.json


def replace_statements(
    document: aws.data_aws_iam_policy_document.DataAwsIamPolicyDocument, statements: Sequence[Statement]
) -> None:
    """Give a document made by ``policy_json`` other statements (for Aspects that rewrite policies)."""
    document.put_statement(_rendered(statements))
    document.statements = tuple(statements)


def _rendered(statements: Sequence[Statement]) -> list:
    return [
        aws.data_aws_iam_policy_document.DataAwsIamPolicyDocumentStatement(
            sid=statement.sid,
            effect=statement.effect,
            actions=list(statement.actions),
            resources=list(statement.resources) if statement.resources is not None else None,
            not_resources=list(statement.not_resources) if statement.not_resources is not None else None,
            principals=[
                aws.data_aws_iam_policy_document.DataAwsIamPolicyDocumentStatementPrincipals(
                    type=kind, identifiers=list(identifiers)
                )
                for kind, identifiers in statement.principals.items()
            ]
            or None,
            condition=[
                aws.data_aws_iam_policy_document.DataAwsIamPolicyDocumentStatementCondition(
                    test=condition.test, variable=condition.variable, values=list(condition.values)
                )
                for condition in statement.conditions
            ]
            or None,
        )
        for statement in statements
    ]


def assume_role_policy(scope: Construct, id_: str, service: str, *, conditions: Sequence[Condition] = ()) -> str:
    """Trust policy letting one AWS service principal assume a role."""
    return policy_json(
        scope, id_, [Statement(actions=["sts:AssumeRole"], principals={"Service": [service]}, conditions=conditions)]
    )


def same_account(scope: Construct) -> Condition:
    """``aws:SourceAccount`` is the scope's account: the confused-deputy guard for an AWS service
    acting on this account's behalf."""
    return Condition("StringEquals", "aws:SourceAccount", [AwsContext.of(scope).account_id])


def service_trust_policy(scope: Construct, id_: str, service: str) -> str:
    """Trust policy letting the AWS service ``service`` (``scheduler``, ``ecs-tasks`` ...) assume
    a role, only on behalf of this account."""
    return assume_role_policy(
        scope, id_, AwsContext.of(scope).service_principal(service), conditions=[same_account(scope)]
    )


def service_role(scope: Construct, id_: str, *, name: str, service: str, trust_id: str) -> aws.iam_role.IamRole:
    """A role only ``service`` may assume, and only for this account; its trust policy is the
    document ``trust_id``. Give it permissions with ``role_policy``."""
    return aws.iam_role.IamRole(
        scope, id_, name=name, assume_role_policy=service_trust_policy(scope, trust_id, service)
    )


def role_policy(
    scope: Construct,
    id_: str,
    *,
    role: aws.iam_role.IamRole,
    name: str,
    document_id: str,
    statements: Sequence[Statement],
) -> aws.iam_role_policy.IamRolePolicy:
    """The inline policy ``name`` of ``role``, holding ``statements`` (the document ``document_id``)."""
    return aws.iam_role_policy.IamRolePolicy(
        scope, id_, role=role.id, name=name, policy=policy_json(scope, document_id, statements)
    )


def deny_insecure_transport(actions: Sequence[str], resources: Sequence[str]) -> Statement:
    """The resource-policy statement that refuses every request not made over TLS."""
    return Statement(
        sid="DenyInsecureTransport",
        effect="Deny",
        actions=actions,
        resources=resources,
        principals={"AWS": ["*"]},
        conditions=[Condition("Bool", "aws:SecureTransport", ["false"])],
    )


def via_service(scope: Construct, service: str) -> Condition:
    """``kms:ViaService``: a key grant that holds only for requests ``service`` (``sqs``,
    ``dynamodb`` ...) makes in the scope's region on the principal's behalf. The scope is the
    grantee, so the region comes from its own stack (no cross-stack lookups)."""
    context = AwsContext.of(scope)
    return Condition("StringEquals", "kms:ViaService", [context.service_principal(f"{service}.{context.region}")])


def statement_id(text: str) -> str:
    """``queue-order-processing`` -> ``QueueOrderProcessing`` (statement ids are alphanumeric)."""
    return "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", text))
