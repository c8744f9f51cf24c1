"""No two resources get one physical name: the registry of names (``environments/names.py``)
lists every name the stacks make, and validation refuses a configuration that would make one
twice.

How this is kept fast and still real (each synth costs seconds of jsii round trips):

- the registry is checked against real synths: every name in the suite's shared synth of every
  tested environment is the registry's, under the same namespace, and the registry lists no
  other (``test_the_registry_is_what_the_stacks_make``: no extra synth);
- random configurations (services of every kind, tables, topics, queues, lock tables and
  regions, their names drawn from the platform's own components) go through validation by the
  hundred, in Python: it never raises, every refusal names a field, and what it accepts has no
  name twice in the registry;
- a few of the accepted ones are synthesized for real: their synthesized names are unique in
  each namespace and all in the registry.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from environments import named
from environments.names import GLOBAL, NAMESPACES, planned_names
from environments.schema import (
    ConfigError,
    Environment,
    Grants,
    MessagingConfig,
    QueueConfig,
    ScheduledTaskConfig,
    TableConfig,
    TopicConfig,
    WebServiceConfig,
    WorkerConfig,
)
from tests.conftest import synthesized_environments

NAMESPACE_OF: dict[str, tuple[tuple[str, str], ...]] = {
    # resource type -> (argument holding a physical name, its namespace in the registry)
    "aws_s3_bucket": (("bucket", "S3 bucket"),),
    "aws_iam_role": (("name", "IAM role"),),
    "aws_cloudfront_origin_access_control": (("name", "CloudFront origin access control"),),
    "aws_cloudfront_response_headers_policy": (("name", "CloudFront response headers policy"),),
    "aws_cloudwatch_dashboard": (("dashboard_name", "CloudWatch dashboard"),),
    "aws_cloudwatch_metric_alarm": (("alarm_name", "CloudWatch alarm"),),
    "aws_cloudwatch_log_group": (("name", "CloudWatch log group"),),
    "aws_kms_alias": (("name", "KMS alias"),),
    "aws_sns_topic": (("name", "SNS topic"),),
    "aws_sqs_queue": (("name", "SQS queue"),),
    "aws_dynamodb_table": (("name", "DynamoDB table"),),
    "aws_ecs_cluster": (("name", "ECS cluster"),),
    "aws_ecs_service": (("name", "ECS service"),),
    "aws_ecs_task_definition": (("family", "ECS task family"),),
    "aws_cloudwatch_event_rule": (("name", "EventBridge rule"),),
    "aws_scheduler_schedule": (("name", "EventBridge schedule"),),
    "aws_lb": (("name", "load balancer"),),
    "aws_lb_target_group": (("name", "target group"),),
    "aws_security_group": (("name", "security group"),),
    "aws_rds_cluster": (("cluster_identifier", "RDS cluster"), ("final_snapshot_identifier", "DB snapshot")),
    "aws_rds_cluster_instance": (("identifier", "RDS instance"),),
    "aws_db_subnet_group": (("name", "DB subnet group"),),
    "aws_rds_cluster_parameter_group": (("name", "DB cluster parameter group"),),
    "aws_wafv2_web_acl": (("name", "WAF web ACL"),),
    "aws_ecr_repository": (("name", "ECR repository"),),
    "aws_efs_file_system": (("creation_token", "EFS file system"),),
    "aws_ses_configuration_set": (("name", "SES configuration set"),),
    "aws_cognito_user_pool": (("name", "Cognito user pool"),),
    "aws_lambda_function": (("function_name", "Lambda function"),),
    "aws_cognito_user_pool_domain": (("domain", "Cognito domain"),),
    "aws_apigatewayv2_api": (("name", "HTTP API"),),
    "aws_apigatewayv2_vpc_link": (("name", "API Gateway VPC link"),),
    "aws_mq_broker": (("broker_name", "Amazon MQ broker"),),
    "aws_secretsmanager_secret": (("name", "secret"),),
    "aws_cloudwatch_log_resource_policy": (("policy_name", "log resource policy"),),
    "aws_autoscaling_group": (("name", "Auto Scaling group"),),
    "aws_launch_template": (("name", "EC2 launch template"),),
    "aws_iam_instance_profile": (("name", "IAM instance profile"),),
    "aws_elasticache_replication_group": (
        ("replication_group_id", "ElastiCache replication group"),
        ("final_snapshot_identifier", "ElastiCache snapshot"),
    ),
    "aws_elasticache_subnet_group": (("name", "ElastiCache subnet group"),),
    "aws_elasticache_user_group": (("user_group_id", "ElastiCache user group"),),
    "aws_elasticache_user": (("user_id", "ElastiCache user"),),
}
NOT_REGISTERED = {
    "aws_iam_role_policy": "an inline policy's name is its role's own",
    "aws_appautoscaling_policy": "a scaling policy's name is its scalable target's own",
    "aws_autoscaling_policy": "a scaling policy's name is its Auto Scaling group's own",
    "aws_route53_record": "a DNS name (the domain rules)",
    "aws_route53_zone": "a DNS name (the domain rules)",
    "aws_acm_certificate": "a DNS name (the domain rules)",
    "aws_service_discovery_private_dns_namespace": "a DNS name inside the VPC (discovery.namespace)",
    "aws_service_discovery_service": "a name inside the namespace: the service's own",
    "aws_ses_event_destination": "named within its configuration set",
    "aws_cognito_user_group": "a group's name is its user pool's own",
    "aws_cognito_user_pool_client": "a client's name is its user pool's own",
    "aws_apigatewayv2_authorizer": "an authorizer's name is its API's own",
    "aws_apigatewayv2_stage": "the stage is $default, its API's own",
}
NAME_ARGUMENTS = ("name", "bucket", "alarm_name", "dashboard_name", "family", "identifier", "cluster_identifier")
"""Arguments that hold a physical name in some resource type: a literal one must be explained."""
NOT_NAMES = {"aws_rds_cluster_parameter_group": ("family",)}
"""Arguments of those names that are not names (the parameter group family ``aurora-postgresql16``)."""
ACCOUNT = re.compile(r"\$\{data\.aws_caller_identity\.[^}]+\.account_id\}")


def synthesized_names(documents: dict[str, dict], environment: Environment) -> list[tuple[str, str, str]]:
    """``(namespace, region, name)`` of every registered physical name in one environment's
    synthesized stacks (``stack id -> cdk.tf.json``); a resource type with a name argument that is
    neither registered nor explained in ``NOT_REGISTERED`` fails."""
    found: list[tuple[str, str, str]] = []
    for stack_id, document in sorted(documents.items()):
        [provider] = [p for p in document["provider"]["aws"] if "alias" not in p]
        region = provider["region"]
        for resource_type, resources in document.get("resource", {}).items():
            if resource_type in NOT_REGISTERED:
                continue
            arguments = NAMESPACE_OF.get(resource_type, ())
            for resource in resources.values():
                unexplained = [
                    a
                    for a in NAME_ARGUMENTS
                    if isinstance(resource.get(a), str)
                    and not resource[a].startswith("${")
                    and a not in dict(arguments)
                    and a not in NOT_NAMES.get(resource_type, ())
                ]
                assert not unexplained, f"{stack_id}: {resource_type}.{unexplained[0]}: add it to environments/names.py"
                for argument, namespace in arguments:
                    value = resource.get(argument)
                    if isinstance(value, str) and not value.startswith("${"):
                        name = ACCOUNT.sub(environment.account_id or "", value).removeprefix("alias/")
                        found.append((namespace, GLOBAL if NAMESPACES[namespace] else region, name))
            if resource_type == "aws_dynamodb_table":  # a global table's replicas have its name
                for resource in resources.values():
                    for replica in resource.get("replica", []):
                        found.append(("DynamoDB table", replica["region_name"], resource["name"]))
            if resource_type == "aws_cloudfront_vpc_origin":
                for resource in resources.values():
                    [config] = resource["vpc_origin_endpoint_config"]
                    found.append(("CloudFront VPC origin", GLOBAL, config["name"]))
    return found


CONSTRUCT_IDS = {"service": "construct id (service stack)", "data": "construct id (data stack)"}


def construct_ids(stack_id: str, document: dict) -> set[tuple[str, str, str]]:
    """The top-level construct ids of a service or data stack's resources and data sources (from
    CDKTF's metadata paths): a stack's own parts and the ones configuration names."""
    namespace = CONSTRUCT_IDS.get(stack_id.rsplit("-", 1)[0])
    if namespace is None:
        return set()
    found = set()
    for section in ("resource", "data"):
        for resources in document.get(section, {}).values():
            for resource in resources.values():
                path = resource.get("//", {}).get("metadata", {}).get("path", "")
                if path.count("/") >= 1 and not path.split("/")[1].startswith("cross-stack-"):
                    found.add((namespace, GLOBAL, path.split("/")[1]))
    return found


def registry(environment: Environment) -> set[tuple[str, str, str]]:
    return {(n.namespace, n.region, n.name.removeprefix("alias/")) for n in planned_names(environment)}


def test_the_registry_is_what_the_stacks_make(platform) -> None:
    """Every tested environment (named ones, their copies, the options environment): the names of
    its synth are exactly the registry's, apart from the state bucket and lock table a copy uses
    but its base makes."""
    for suffix, environment in synthesized_environments().items():
        documents = {s: platform.json(s) for s in platform.stack_ids if s.rsplit("-", 1)[1] == suffix}
        made = synthesized_names(documents, environment)
        listed = registry(environment)
        assert set(made) - listed == set(), f"{suffix}: made but not in environments/names.py"
        ids = {key for stack_id, document in documents.items() for key in construct_ids(stack_id, document)}
        assert ids - listed == set(), f"{suffix}: construct ids not in environments/names.py"
        listed = {key for key in listed if key[0] not in CONSTRUCT_IDS.values()}  # ids without resources too
        used_not_made = {
            (n.namespace, n.region, n.name) for n in planned_names(environment) if n.owner.startswith("state.")
        }
        extra = listed - set(made) - (used_not_made if environment.ephemeral else set())
        assert extra == set(), f"{suffix}: in environments/names.py but not made"


# Names drawn from the platform's own components and their endings, to make collisions likely.
VOCABULARY = [
    "db", "db-cpu", "db-final", "db-monitoring", "ecs-exec", "vpc-flow-logs", "nightly-report",
    "nightly-report-schedule", "edge-alarms", "edge-cdn", "edge-waf", "alarms", "cluster", "api",
    "api-alb", "api-elb", "api-execution", "api-task", "orders", "order", "order-processing",
    "notifications", "app", "task-failed", "dashboard", "site", "logs", "service", "edge", "tfstate",
    "catalog", "x", "x-task", "x-dlq",
]  # fmt: skip
names = st.one_of(
    st.sampled_from(VOCABULARY), st.from_regex(r"[a-z][a-z0-9]{0,5}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)
)
unique_names = st.lists(names, max_size=3, unique=True)


@st.composite
def configurations(draw: st.DrawFn) -> Environment:
    """dev with random tables, topics, queues, services, lock table and region."""
    base = named("dev")
    tables = tuple(TableConfig(name=n, attributes={"pk": "S"}, partition_key="pk") for n in draw(unique_names))
    topics = tuple(
        TopicConfig(name=topic, queues=tuple(QueueConfig(name=q) for q in draw(unique_names)))
        for topic in draw(unique_names)
    )
    queues = [q.name for t in topics for q in t.queues]
    services: list = [WebServiceConfig(name=draw(names), path_patterns=("/api/*",))]
    for index, name in enumerate(draw(unique_names)):
        kind = draw(st.sampled_from(["web", "worker", "scheduled"] if queues else ["web", "scheduled"]))
        if kind == "web":
            services.append(WebServiceConfig(name=name, path_patterns=(f"/p{index}/*",)))
        elif kind == "worker":
            services.append(WorkerConfig(name=name, queues=(draw(st.sampled_from(queues)),)))
        else:
            services.append(ScheduledTaskConfig(name=name, schedule="rate(1 hour)"))
    lock = draw(st.one_of(st.none(), names.map(lambda n: f"platform-{n}-dev")))
    return dataclasses.replace(
        base,
        region=draw(st.sampled_from(["eu-west-1", "us-east-1"])),
        tables=tables,
        messaging=MessagingConfig(topics=topics),
        services=tuple(services),
        # the catalogue's function without its grant: the drawn tables are others
        functions=tuple(dataclasses.replace(f, grants=Grants()) for f in base.functions),
        state=dataclasses.replace(base.state, lock_table=lock),
    )


@settings(max_examples=200, deadline=None)
@given(environment=configurations())
def test_validation_never_accepts_one_name_twice(environment: Environment) -> None:
    problems = environment.problems()  # never raises: every problem is a line
    assert all(line.startswith("environments.dev") for line in problems)
    if not problems:
        planned = [(n.namespace, n.region, n.name) for n in planned_names(environment)]
        assert [key for key, count in Counter(planned).items() if count > 1] == []


ACCEPTED_EXAMPLE = dataclasses.replace(
    named("dev"),
    region="us-east-1",
    tables=(TableConfig(name="order", attributes={"pk": "S"}, partition_key="pk"),),
    messaging=MessagingConfig(
        topics=(TopicConfig(name="edge-alarmz", queues=(QueueConfig(name="order-processing"),)),)
    ),
    services=(
        WebServiceConfig(name="db-x", path_patterns=("/api/*",)),
        WorkerConfig(name="x-task", queues=("order-processing",)),
        ScheduledTaskConfig(name="x", schedule="rate(1 hour)"),
    ),
    functions=tuple(dataclasses.replace(f, grants=Grants()) for f in named("dev").functions),
)


@pytest.mark.slow
@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(environment=configurations().filter(lambda e: not e.problems()))
@example(environment=ACCEPTED_EXAMPLE)
def test_accepted_configurations_synthesize_each_name_once_all_in_the_registry(environment: Environment) -> None:
    import modules.core.framework as framework
    from stacks import build_platform

    try:
        environment.validate()
    except ConfigError as error:  # the example must stay valid as the rules grow
        raise AssertionError(error.problems) from None
    app = framework.Testing.app()
    stacks = build_platform(app, environment)  # two constructs of one id would stop it here
    documents = {s.node.id: json.loads(framework.Testing.synth(s)) for s in stacks}
    made = synthesized_names(documents, environment)
    assert [key for key, count in Counter(made).items() if count > 1] == []
    listed = registry(environment)
    assert set(made) <= listed
    for stack in stacks:
        namespace = CONSTRUCT_IDS.get(stack.component)
        if namespace is not None:
            assert {(namespace, GLOBAL, child.node.id) for child in stack.node.children} <= listed
