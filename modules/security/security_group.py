"""A security group without inline rules; rules are separate resources added by the
constructs that own each relationship (``allow_from_group``), so stacks can add them later."""

from __future__ import annotations

from dataclasses import dataclass

from modules.core.framework import Construct, aws


@dataclass(frozen=True, kw_only=True)
class SecurityGroupProps:
    name: str
    description: str
    vpc_id: str


class SecurityGroup(Construct):
    """Attribute ``security_group_id``. Starts with no ingress and no egress at all."""

    def __init__(self, scope: Construct, id_: str, props: SecurityGroupProps) -> None:
        super().__init__(scope, id_)
        self.group = aws.security_group.SecurityGroup(
            self,
            "group",
            name=props.name,
            description=props.description,
            vpc_id=props.vpc_id,
            revoke_rules_on_delete=True,
            tags={"Name": props.name},
        )
        self.security_group_id: str = self.group.id


def allow_from_group(
    scope: Construct, id_: str, *, target_id: str, source_id: str, port: int, description: str
) -> None:
    """TCP ``port`` into ``target_id`` from members of ``source_id``, and the matching egress
    rule on the source, so both sides say exactly which peer they talk to."""
    sides = (
        ("in", aws.vpc_security_group_ingress_rule.VpcSecurityGroupIngressRule, target_id, source_id),
        ("out", aws.vpc_security_group_egress_rule.VpcSecurityGroupEgressRule, source_id, target_id),
    )
    for side, rule, group_id, peer_id in sides:
        rule(
            scope,
            f"{id_}-{side}",
            security_group_id=group_id,
            referenced_security_group_id=peer_id,
            ip_protocol="tcp",
            from_port=port,
            to_port=port,
            description=description,
        )


def allow_https_out(group: SecurityGroup, id_: str) -> None:
    """HTTPS to anywhere (AWS APIs, ECR, Secrets Manager through NAT or endpoints)."""
    aws.vpc_security_group_egress_rule.VpcSecurityGroupEgressRule(
        group,
        id_,
        security_group_id=group.security_group_id,
        cidr_ipv4="0.0.0.0/0",
        ip_protocol="tcp",
        from_port=443,
        to_port=443,
        description="HTTPS to AWS APIs and registries",
    )
