"""Least privilege over every synthesized stack: IAM statements name their resources, trust
policies name one service, security groups admit only the sources the design names, and only
the ALB and the NAT gateways sit in public subnets."""

from __future__ import annotations

import json

import pytest

NOT_RESOURCE_SCOPED = {
    # AWS does not support resource-level permissions for these actions.
    "ecr:GetAuthorizationToken",
    "ssmmessages:CreateControlChannel",
    "ssmmessages:CreateDataChannel",
    "ssmmessages:OpenControlChannel",
    "ssmmessages:OpenDataChannel",
    # the X-Ray write actions of a traced service's task role (modules/observability/tracing.py)
    "xray:GetSamplingRules",
    "xray:GetSamplingStatisticSummaries",
    "xray:GetSamplingTargets",
    "xray:PutTelemetryRecords",
    "xray:PutTraceSegments",
    # a function in a VPC manages its network interfaces
    "ec2:CreateNetworkInterface",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DeleteNetworkInterface",
    "ec2:AssignPrivateIpAddresses",
    "ec2:UnassignPrivateIpAddresses",
}
PIPELINE_ACCOUNT_WIDE = {"ReadConfiguration", "ManagePlatform"}
"""The statements of the ``ci-<suffix>`` roles that are account-wide by design: the plan role
reads every resource's configuration (``Describe*``/``List*``/``Get*`` of metadata: most cannot
be scoped), and the deploy and preview roles manage the platform's services in an account that
is the environment's own (``modules/delivery/permissions.py``: IAM only by name, the pipeline's
own roles, the OIDC provider and the state bucket's guards denied; previews fenced to their
copies' tags and names). Nowhere else."""
PUBLIC_SUBNET_USERS = {"aws_route_table_association", "aws_nat_gateway", "aws_lb"}


def documents(platform):
    for stack_id in platform.stack_ids:
        for document_id, document in platform.data(stack_id, "aws_iam_policy_document").items():
            for statement in document["statement"]:
                yield stack_id, document_id, statement


def pipeline_wide(stack_id: str, statement: dict) -> bool:
    return stack_id.startswith("ci-") and statement.get("sid") in PIPELINE_ACCOUNT_WIDE


def test_no_statement_allows_every_action(platform) -> None:
    for stack_id, document_id, statement in documents(platform):
        assert "*" not in statement["actions"], f"{stack_id}/{document_id}"
        if "key_policy" not in document_id and not pipeline_wide(
            stack_id, statement
        ):  # a key policy's admin statement is kms:* for the account root
            assert not any(a.endswith(":*") for a in statement["actions"] if statement["effect"] == "Allow"), (
                f"{stack_id}/{document_id}: {statement['actions']}"
            )


def test_wildcard_resources_only_in_key_policies_and_for_unscoped_actions(platform) -> None:
    for stack_id, document_id, statement in documents(platform):
        if statement["effect"] == "Deny" or pipeline_wide(stack_id, statement):
            continue  # a Deny takes away; the pipeline's account-wide statements are listed above
        if "*" in statement.get("resources", []) and "key_policy" not in document_id:
            assert set(statement["actions"]) <= NOT_RESOURCE_SCOPED, f"{stack_id}/{document_id}: {statement}"


def test_trust_policies_name_one_service_and_no_resource(platform) -> None:
    trusts = [(s, d, st) for s, d, st in documents(platform) if "sts:AssumeRole" in st["actions"]]
    assert trusts
    for stack_id, document_id, statement in trusts:
        assert "resources" not in statement, f"{stack_id}/{document_id}"
        [principal] = statement["principals"]
        assert principal["type"] == "Service" and len(principal["identifiers"]) == 1


def test_key_policies_give_services_use_not_administration(platform) -> None:
    for stack_id, document_id, statement in documents(platform):
        if "key_policy" in document_id and statement["principals"][0]["type"] == "Service":
            assert "kms:*" not in statement["actions"] and statement.get("condition"), f"{stack_id}/{document_id}"


@pytest.mark.parametrize("stack_id", ["service-dev", "service-prod", "data-prod", "service-local", "data-pr1234"])
def test_ingress_comes_only_from_security_groups_or_cloudfront(platform, stack_id: str) -> None:
    rules = platform.resources(stack_id, "aws_vpc_security_group_ingress_rule").values()
    assert rules, f"{stack_id} has no ingress rule: the check would be empty"
    for rule in rules:
        assert "cidr_ipv4" not in rule and "cidr_ipv6" not in rule, rule
        assert rule.get("referenced_security_group_id") or rule.get("prefix_list_id"), rule


def test_no_ingress_is_open_to_the_internet(platform) -> None:
    for stack_id in platform.stack_ids:
        for key, rule in platform.resources(stack_id, "aws_vpc_security_group_ingress_rule").items():
            assert rule.get("cidr_ipv4") != "0.0.0.0/0" and rule.get("cidr_ipv6") != "::/0", f"{stack_id}/{key}"


def test_egress_to_the_internet_is_https_only(platform) -> None:
    """Any egress rule to a public range, IPv4 or IPv6 (0.0.0.0/0, ::/0 or a part of them), is
    TCP 443; private ranges (the VPC) and security-group peers are checked by their own rules."""
    import ipaddress

    checked = 0
    for stack_id in platform.stack_ids:
        for rule in platform.resources(stack_id, "aws_vpc_security_group_egress_rule").values():
            for family in ("cidr_ipv4", "cidr_ipv6"):
                cidr = rule.get(family)
                if cidr is None:
                    continue
                if "${" in cidr or ipaddress.ip_network(cidr).is_private:
                    continue  # a VPC range by reference, or a private range
                checked += 1
                assert (rule.get("from_port"), rule.get("to_port"), rule["ip_protocol"]) == (443, 443, "tcp"), (
                    f"{stack_id}: {rule}"
                )
    assert checked, "no egress rule to the internet was seen: the check would be empty"


def test_security_groups_have_no_inline_rules(platform) -> None:
    for stack_id in platform.stack_ids:
        for group in platform.resources(stack_id, "aws_security_group").values():
            assert "ingress" not in group and "egress" not in group


def test_only_the_alb_and_nat_live_in_public_subnets(platform) -> None:
    for stack_id in platform.stack_ids:
        for resource_type, resources in platform.json(stack_id).get("resource", {}).items():
            for key, resource in resources.items():
                text = json.dumps({k: v for k, v in resource.items() if k != "//"})
                # a public subnet, referenced directly or through the network stack's outputs
                if "aws_subnet.vpc_public-" in text or "aws_subnetvpc_public-" in text:
                    assert resource_type in PUBLIC_SUBNET_USERS, f"{stack_id}: {resource_type}.{key}"
