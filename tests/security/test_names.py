"""Every physical name in every stack fits its AWS rules for any valid suffix, including the
longest, and no two resources of one kind share a name (property-based)."""

from __future__ import annotations

import json
import re
from collections import Counter

from hypothesis import example, given, settings
from hypothesis import strategies as st

import modules.core.framework as framework
from environments import ephemeral, named
from environments.naming import SUFFIX_PATTERN, Kind

NAMED_BY = {
    # resource type -> (argument holding the physical name, its naming rule)
    "aws_s3_bucket": ("bucket", Kind.S3_BUCKET),
    "aws_lb": ("name", Kind.ALB),
    "aws_lb_target_group": ("name", Kind.TARGET_GROUP),
    "aws_rds_cluster": ("cluster_identifier", Kind.RDS_CLUSTER),
    "aws_rds_cluster_instance": ("identifier", Kind.RDS_INSTANCE),
    "aws_db_subnet_group": ("name", Kind.RDS_SUBNET_GROUP),
    "aws_rds_cluster_parameter_group": ("name", Kind.RDS_PARAMETER_GROUP),
    "aws_iam_role": ("name", Kind.IAM_ROLE),
    "aws_sqs_queue": ("name", Kind.SQS_QUEUE),
    "aws_sns_topic": ("name", Kind.SNS_TOPIC),
    "aws_dynamodb_table": ("name", Kind.DYNAMODB_TABLE),
    "aws_cloudwatch_log_group": ("name", Kind.LOG_GROUP),
    "aws_ecs_cluster": ("name", Kind.ECS_CLUSTER),
    "aws_ecs_service": ("name", Kind.ECS_SERVICE),
    "aws_ecs_task_definition": ("family", Kind.TASK_FAMILY),
    "aws_security_group": ("name", Kind.SECURITY_GROUP),
    "aws_kms_alias": ("name", Kind.KMS_ALIAS),
    "aws_cloudwatch_metric_alarm": ("alarm_name", Kind.ALARM),
    "aws_cloudfront_origin_access_control": ("name", Kind.CLOUDFRONT),
    "aws_cloudfront_response_headers_policy": ("name", Kind.CLOUDFRONT),
    "aws_wafv2_web_acl": ("name", Kind.WAF),
    "aws_appautoscaling_policy": ("name", Kind.SCALING_POLICY),
}
ACCOUNT_ID = re.compile(r"\$\{data\.aws_caller_identity\.[^}]+\.account_id\}")

suffixes = st.from_regex(SUFFIX_PATTERN, fullmatch=True)


def physical_names(suffix: str) -> dict[str, list[str]]:
    """``{resource type: [names]}`` of an ephemeral copy of prod (the most resources) at ``suffix``."""
    from stacks import build_platform

    names: dict[str, list[str]] = {}
    for stack in build_platform(framework.Testing.app(), ephemeral(named("prod"), suffix)):
        resources = json.loads(framework.Testing.synth(stack)).get("resource", {})
        for resource_type, (argument, _) in NAMED_BY.items():
            for resource in resources.get(resource_type, {}).values():
                names.setdefault(resource_type, []).append(ACCOUNT_ID.sub("123456789012", resource[argument]))
        for cluster in resources.get("aws_rds_cluster", {}).values():
            if "final_snapshot_identifier" in cluster:
                names.setdefault("final_snapshot", []).append(cluster["final_snapshot_identifier"])
    return names


@settings(max_examples=5, deadline=None)
@given(suffix=suffixes)
@example(suffix="ab")
@example(suffix="abcdefghijkl")  # the longest suffix allowed: 12 characters
@example(suffix="pr12345678")  # the longest copy name
def test_every_name_fits_its_kind_for_any_suffix(suffix: str) -> None:
    names = physical_names(suffix)
    assert set(NAMED_BY) <= set(names)
    for resource_type, values in names.items():
        kind = Kind.RDS_SNAPSHOT if resource_type == "final_snapshot" else NAMED_BY[resource_type][1]
        for name in values:
            assert "${" not in name, f"{resource_type}: {name} is not fully known at synth"
            checked = name.removeprefix("alias/") if resource_type == "aws_kms_alias" else name
            assert kind.value.violations(checked) == [], f"{resource_type}: {name}"
            # the suffix as a whole part of the name (not merely a substring of another part)
            assert re.search(rf"(^|[-/]){suffix}($|[-/.])", name), f"{resource_type}: {name} lacks the suffix"
        duplicates = [n for n, count in Counter(values).items() if count > 1]
        assert duplicates == [], f"{resource_type}: {duplicates}"
