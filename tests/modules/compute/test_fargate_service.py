"""The Fargate service: private, no public IPs, Spot strategy, rollback, secrets by ARN, and
two least-privilege roles."""

from __future__ import annotations

import pytest

from environments import named
from tests.conftest import OPTIONS_SUFFIX, environment_of, policy_statements, suffixes
from tests.modules.compute.test_ecs_cluster import configured_strategy
from tests.terraform_console import document


def service(platform, suffix: str) -> dict:
    return platform.resource(f"service-{suffix}", "aws_ecs_service", "app_service")


def containers(platform, suffix: str) -> tuple[dict, dict]:
    """The task definition and the service's container (first; a traced one's collector follows),
    read from the JSON document."""
    definition = platform.resource(f"service-{suffix}", "aws_ecs_task_definition", "app_task")
    container, *sidecars = document(definition["container_definitions"])
    assert [s["name"] for s in sidecars] == (["otel-collector"] if environment_of(suffix).service.tracing else [])
    return definition, container


@pytest.mark.parametrize("suffix", suffixes())
def test_private_subnets_without_public_ips(platform, suffix: str) -> None:
    network = service(platform, suffix)["network_configuration"]
    assert network["assign_public_ip"] is False
    assert all("private" in subnet for subnet in network["subnets"])
    # the app tier's group, then the service's own (its declared calls and volumes)
    assert "app-sg" in network["security_groups"][0]
    assert all("service-groups_" in group for group in network["security_groups"][1:])


@pytest.mark.parametrize("suffix", suffixes())
def test_service_uses_the_configured_strategy(platform, suffix: str) -> None:
    found = [
        (s["capacity_provider"], s["base"], s["weight"])
        for s in service(platform, suffix)["capacity_provider_strategy"]
    ]
    assert found == configured_strategy(suffix)


def test_deployments_roll_back_and_wait_for_the_listener(platform) -> None:
    svc = service(platform, "prod")
    assert svc["deployment_circuit_breaker"] == {"enable": True, "rollback": True}
    # and on its own 5xx and unhealthy-target alarms (CloudWatch deployment alarms)
    assert svc["alarms"]["enable"] is True and svc["alarms"]["rollback"] is True
    assert [n.split(".")[1].split("_")[1] for n in svc["alarms"]["alarm_names"]] == ["target-5xx", "unhealthy-hosts"]
    assert any("aws_lb_listener_rule" in d for d in svc["depends_on"])
    assert any("alarms_unhealthy-hosts" in d for d in svc["depends_on"])
    assert (svc["deployment_minimum_healthy_percent"], svc["deployment_maximum_percent"]) == (100, 200)
    assert svc["health_check_grace_period_seconds"] == 60
    assert any("aws_lb_listener" in d for d in svc["depends_on"])
    assert svc["lifecycle"]["ignore_changes"] == ["desired_count"]  # autoscaling owns it
    assert svc["load_balancer"][0]["container_port"] == 80


def test_task_definition_size_and_read_only_root(platform) -> None:
    definition, container = containers(platform, "prod")
    config = named("prod").service
    assert (definition["cpu"], definition["memory"]) == (str(config.cpu), str(config.memory))
    assert definition["network_mode"] == "awsvpc" and definition["requires_compatibilities"] == ["FARGATE"]
    assert container["readonlyRootFilesystem"] is True
    # the scratch paths, then the shared reports volume (read-only: the report writes it)
    assert [v["name"] for v in definition["volume"]] == [
        "scratch-var-cache-nginx",
        "scratch-var-run",
        "scratch-tmp",
        "files-reports",
    ]
    assert [m["sourceVolume"] for m in container["mountPoints"]] == [v["name"] for v in definition["volume"]]
    assert [m["readOnly"] for m in container["mountPoints"]] == [False, False, False, True]
    assert container["logConfiguration"]["options"]["awslogs-group"].startswith("aws_cloudwatch_log_group.")
    assert container["healthCheck"]["command"][0] == "CMD-SHELL"
    assert container["stopTimeout"] == config.stop_timeout_seconds


def test_database_credentials_are_injected_by_arn_never_as_values(platform) -> None:
    _, container = containers(platform, "dev")
    secrets = {s["name"]: s["valueFrom"] for s in container["secrets"]}
    assert secrets["DB_PASSWORD"].startswith("data.terraform_remote_state.") and secrets["DB_PASSWORD"].endswith(
        ":password::"
    )
    assert secrets["DB_USERNAME"].endswith(":username::")
    assert not {"DB_PASSWORD", "DB_USERNAME"} & {v["name"] for v in container["environment"]}


def test_execution_role_reads_exactly_the_injected_secret(platform) -> None:
    statements = {s["sid"]: s for s in policy_statements(platform, "service-dev", "app_execution-policy-document")}
    assert statements["ReadInjectedSecrets"]["actions"] == ["secretsmanager:GetSecretValue"]
    [secret] = statements["ReadInjectedSecrets"]["resources"]
    assert "master_user_secret" in secret
    assert statements["DecryptInjectedSecrets"]["condition"][0]["variable"] == "kms:ViaService"
    assert statements["WriteOwnLogs"]["resources"][0].endswith(":*")
    assert "EcrLogin" not in statements  # a public image needs no ECR permissions


def test_private_ecr_image_gets_pull_rights_on_its_repository_only(platform) -> None:
    statements = {
        s["sid"]: s for s in policy_statements(platform, f"service-{OPTIONS_SUFFIX}", "app_execution-policy-document")
    }
    assert statements["PullOwnImage"]["resources"][0].endswith(":ecr:eu-west-1:111111111111:repository/api")
    assert statements["EcrLogin"]["resources"] == ["*"]


def test_task_role_is_scoped_to_named_resources(platform) -> None:
    statements = policy_statements(platform, "service-dev", "app_task-policy-document")
    sids = {s["sid"] for s in statements}
    # exactly the api's grants (environments/base.py): no queue, which the worker consumes
    assert sids == {
        "ReadWriteTableCatalog",
        "UseKeyOfTableCatalog",
        "ReadWriteTableOrders",
        "UseKeyOfTableOrders",
        "PublishTopicOrders",
        "EncryptForTopicOrders",
        "ConnectWithIamToken",
        "MountReports",  # the shared reports volume, read-only
        "XRayWrite",  # traced: X-Ray scopes none of its write actions (tests/modules/observability/test_tracing.py)
        "CacheConnect",  # dev grants the api the cache: elasticache:Connect as its own user
    }
    for statement in statements:
        if statement["sid"] == "XRayWrite":
            continue
        assert "*" not in statement["resources"], statement["sid"]
        assert not any(action.endswith(":*") for action in statement["actions"]), statement["sid"]


def test_exec_adds_only_session_channels(platform) -> None:
    statements = {
        s["sid"]: s for s in policy_statements(platform, f"service-{OPTIONS_SUFFIX}", "app_task-policy-document")
    }
    assert statements["EcsExecChannels"]["resources"] == ["*"]
    assert all(a.startswith("ssmmessages:") for a in statements["EcsExecChannels"]["actions"])
    assert service(platform, OPTIONS_SUFFIX)["enable_execute_command"] is True


def test_roles_trust_ecs_tasks_of_this_account_only(platform) -> None:
    [trust] = policy_statements(platform, "service-dev", "app_ecs-tasks-trust")
    assert trust["principals"][0]["identifiers"][0].startswith("ecs-tasks.")
    assert trust["condition"][0]["variable"] == "aws:SourceAccount"
    assert "resources" not in trust


def test_logs_are_encrypted_with_configured_retention(platform) -> None:
    group = platform.resource("service-prod", "aws_cloudwatch_log_group", "app_logs")
    assert group["name"] == "platform-api-prod" and group["retention_in_days"] == 365
    assert "logs-key" in group["kms_key_id"]


def test_load_balancer_may_reach_the_containers_port_only(platform) -> None:
    rules = platform.resources("service-dev", "aws_vpc_security_group_ingress_rule")
    [into_app] = [r for k, r in rules.items() if k.startswith("app_from-alb")]
    assert (into_app["from_port"], into_app["to_port"]) == (80, 80)
    assert "app-sg" in into_app["security_group_id"] and "alb_sg" in into_app["referenced_security_group_id"]


def test_container_environment_names_resources_not_secrets(platform) -> None:
    _, container = containers(platform, "dev")
    variables = {v["name"]: v["value"] for v in container["environment"]}
    for variable in ("DB_HOST", "DB_PORT", "TABLE_CATALOG", "TABLE_ORDERS", "TOPIC_ORDERS_ARN"):
        assert variable in variables
    assert variables["DB_HOST"].startswith("data.terraform_remote_state.")  # a reference, encoded by Terraform
    assert "QUEUE_ORDER_PROCESSING_URL" not in variables  # not granted: not even named
