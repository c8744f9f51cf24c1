"""tools/adopt.py without AWS: every resource type the stacks make has a way back after a
cut-off apply (a rule, a reason it needs none, or a manual recovery in the runbook), objects
found by tags can be told apart by them, and the import IDs are the provider's formats. The
emulator deploy test (tests/deploy/test_interrupted_deploy.py) adopts for real."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT, Synthesized
from tools import adopt
from tools.adopt import RULES, Aws, ByName, ByTags


def test_every_resource_type_is_adopted_or_says_why_not(platform: Synthesized) -> None:
    made = {kind for stack in platform.stack_ids for kind in platform.json(stack).get("resource", {})}
    kinds = [set(RULES), set(adopt.NOT_NEEDED), set(adopt.MANUAL)]
    assert not (kinds[0] & kinds[1] or kinds[0] & kinds[2] or kinds[1] & kinds[2]), "each type has one answer"
    missing = sorted(made - set().union(*kinds))
    assert not missing, f"add each to RULES, NOT_NEEDED (with why) or MANUAL (and docs/recovery.md): {missing}"


def test_the_runbook_names_every_type_recovered_by_hand_and_every_rule() -> None:
    runbook = (ROOT / "docs" / "recovery.md").read_text()
    absent = [kind for kind in [*adopt.MANUAL, *RULES] if f"`{kind}`" not in runbook]
    assert not absent, f"docs/recovery.md does not name {absent}"


def planned_tags(synth: Synthesized, stack: str, arguments: dict) -> dict[str, str]:
    """What ``tags_all`` will be: the provider's default tags and the resource's own."""
    [provider] = [p for p in synth.json(stack)["provider"]["aws"] if not p.get("alias")]
    defaults = provider.get("default_tags", [{}])[0].get("tags", {})
    return {**defaults, **(arguments.get("tags") or {})}


def test_objects_found_by_tags_can_be_told_apart(platform: Synthesized) -> None:
    """Two resources of one type and stack with the same tags could not be adopted (which is
    which?): each needs its own Name tag, or the rule's check tells them apart (KMS keys by
    their description, certificates by their domain)."""
    told_apart_by = {"aws_kms_key": "description", "aws_acm_certificate": "domain_name"}
    clashes = []
    for stack in platform.stack_ids:
        for kind, rule in RULES.items():
            if not isinstance(rule, ByTags):
                continue
            seen: dict[str, str] = {}
            for name, arguments in platform.resources(stack, kind).items():
                key = repr(sorted(planned_tags(platform, stack, arguments).items()))
                key += str(arguments.get(told_apart_by.get(kind, ""), ""))
                if key in seen:
                    clashes.append(f"{stack}: {kind}.{name} and {seen[key]}")
                seen[key] = name
    assert not clashes, clashes


ACCOUNT = Aws({"region": "eu-west-1", "allowed_account_ids": ["111111111111"]})


@pytest.mark.parametrize(
    ("kind", "values", "expected"),
    [
        ("aws_iam_role", {"name": "platform-api-task-dev"}, "platform-api-task-dev"),
        ("aws_iam_role_policy", {"role": "r", "name": "p"}, "r:p"),
        (
            "aws_route53_record",
            {"zone_id": "Z1", "name": "origin.dev.example.com.", "type": "A"},
            "Z1_origin.dev.example.com_A",
        ),
        ("aws_route53_record", {"zone_id": "Z1", "name": "a.b", "type": "A", "set_identifier": "x"}, "Z1_a.b_A_x"),
        (
            "aws_ecs_service",
            {"cluster": "arn:aws:ecs:eu-west-1:1:cluster/platform-dev", "name": "api"},
            "platform-dev/api",
        ),
        ("aws_scheduler_schedule", {"name": "nightly"}, "default/nightly"),
        ("aws_scheduler_schedule", {"name": "nightly", "group_name": "jobs"}, "jobs/nightly"),
        ("aws_sns_topic", {"name": "platform-orders-dev"}, "arn:aws:sns:eu-west-1:111111111111:platform-orders-dev"),
        ("aws_route", {"route_table_id": "rtb-1", "destination_cidr_block": "0.0.0.0/0"}, "rtb-1_0.0.0.0/0"),
        ("aws_route_table_association", {"subnet_id": "subnet-1", "route_table_id": "rtb-1"}, "subnet-1/rtb-1"),
        ("aws_rds_cluster", {"cluster_identifier": "platform-db-dev"}, "platform-db-dev"),
        (
            "aws_iam_openid_connect_provider",
            {"url": "https://token.actions.githubusercontent.com"},
            "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com",
        ),
    ],
)
def test_import_ids_are_the_providers_formats(kind: str, values: dict, expected: str) -> None:
    rule = RULES[kind]
    assert isinstance(rule, ByName)
    assert rule.id(values, ACCOUNT) == expected


def test_an_id_made_of_a_value_not_known_yet_waits_for_a_later_round() -> None:
    rule = RULES["aws_route53_record"]
    assert isinstance(rule, ByName)
    with pytest.raises(adopt.Unknown):
        rule.id({"name": "a.b", "type": "A"}, ACCOUNT)  # the zone is being created


def test_what_needs_a_missing_object_is_known_from_the_plans_configuration() -> None:
    plan = {
        "configuration": {
            "root_module": {
                "resources": [
                    {"address": "aws_kms_key.k", "mode": "managed", "expressions": {}},
                    {
                        "address": "aws_sns_topic.t",
                        "mode": "managed",
                        "expressions": {"kms_master_key_id": {"references": ["aws_kms_key.k.arn", "aws_kms_key.k"]}},
                    },
                    {
                        "address": "aws_cloudwatch_metric_alarm.a",
                        "mode": "managed",
                        "expressions": {"alarm_actions": {"references": ["aws_sns_topic.t.arn", "aws_sns_topic.t"]}},
                        "depends_on": ["aws_iam_role.r"],
                    },
                    {
                        "address": "aws_iam_role.r",
                        "mode": "managed",
                        "expressions": {"name": {"references": ["data.terraform_remote_state.x.outputs"]}},
                    },
                ]
            }
        }
    }
    assert adopt.dependencies(plan) == {
        "aws_kms_key.k": set(),
        "aws_sns_topic.t": {"aws_kms_key.k"},
        "aws_cloudwatch_metric_alarm.a": {"aws_sns_topic.t", "aws_kms_key.k", "aws_iam_role.r"},
        "aws_iam_role.r": set(),
    }


def test_the_emulators_one_endpoint_serves_the_apis_the_provider_does_not_call() -> None:
    local = Aws({"region": "us-east-1", "endpoints": [{"ec2": "https://127.0.0.1:1", "kms": "https://127.0.0.1:1"}]})
    assert local.endpoint("resourcegroupstaggingapi") == "https://127.0.0.1:1"
    mixed = Aws({"region": "us-east-1", "endpoints": [{"ec2": "https://a", "kms": "https://b"}]})
    assert mixed.endpoint("resourcegroupstaggingapi") is None
    assert Aws({"region": "eu-west-1"}).endpoint("ec2") is None


def test_a_lookup_waits_while_a_value_it_matches_on_is_not_known() -> None:
    """An ingress rule whose peer group is being created is not looked up (it would match
    nothing and pass for absent): it waits for the round that knows the group's id."""
    planned = adopt.known_values(
        {
            "after": {"security_group_id": "sg-1", "ip_protocol": "tcp", "from_port": 5432, "to_port": 5432},
            "after_unknown": {"referenced_security_group_id": True, "id": True},
        }
    )
    rule = RULES["aws_vpc_security_group_ingress_rule"]
    assert isinstance(rule, adopt.ByLookup)
    with pytest.raises(adopt.Unknown):
        rule.find(planned, ACCOUNT)
