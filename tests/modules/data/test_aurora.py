"""Aurora PostgreSQL through the data stacks: encryption, managed password, isolated subnets,
the single admitted client, backups, logs and protection per environment."""

from __future__ import annotations

import pytest

import modules.core.framework as framework
from tests.conftest import environment_of, suffixes


def cluster(platform, suffix: str) -> dict:
    return platform.resource(f"data-{suffix}", "aws_rds_cluster")


@pytest.mark.parametrize("suffix", suffixes())
def test_encrypted_with_the_database_key_and_a_managed_password(platform, suffix: str) -> None:
    db = cluster(platform, suffix)
    assert db["engine"] == "aurora-postgresql" and db["engine_version"].startswith("16.")
    assert db["storage_encrypted"] is True and "aws_kms_key.database-key" in db["kms_key_id"]
    assert db["manage_master_user_password"] is True
    assert db["master_user_secret_kms_key_id"] == db["kms_key_id"]
    assert "master_password" not in db and "master_password_wo" not in db
    assert db["copy_tags_to_snapshot"] is True and db["enabled_cloudwatch_logs_exports"] == ["postgresql"]


def test_lives_in_the_isolated_subnets(platform) -> None:
    group = platform.resource("data-prod", "aws_db_subnet_group")
    assert len(group["subnet_ids"]) == 3
    assert all("isolated" in ref for ref in group["subnet_ids"])  # remote-state outputs of the isolated subnets


def test_admits_postgres_only_from_the_app_security_group(platform) -> None:
    rules = platform.resources("data-dev", "aws_vpc_security_group_ingress_rule")
    [rule] = rules.values()
    assert (rule["from_port"], rule["to_port"], rule["ip_protocol"]) == (5432, 5432, "tcp")
    assert "app-sg" in rule["referenced_security_group_id"] and "cidr_ipv4" not in rule
    assert "aurora_sg" in rule["security_group_id"]
    [egress] = platform.resources("data-dev", "aws_vpc_security_group_egress_rule").values()
    assert egress["to_port"] == 5432 and "aurora_sg" in egress["referenced_security_group_id"]


def test_tls_is_forced_and_slow_queries_logged(platform) -> None:
    parameters = {
        p["name"]: p["value"] for p in platform.resource("data-dev", "aws_rds_cluster_parameter_group")["parameter"]
    }
    assert parameters["rds.force_ssl"] == "1" and parameters["log_min_duration_statement"] == "1000"
    assert platform.resource("data-dev", "aws_rds_cluster_parameter_group")["family"] == "aurora-postgresql16"


def test_log_group_is_encrypted_and_made_before_the_cluster(platform) -> None:
    group = platform.resource("data-prod", "aws_cloudwatch_log_group", "aurora_logs")
    assert group["name"] == "/aws/rds/cluster/platform-db-prod/postgresql"
    assert group["retention_in_days"] == 365 and "logs-key" in group["kms_key_id"]
    assert any("aws_cloudwatch_log_group" in d for d in cluster(platform, "prod")["depends_on"])


@pytest.mark.parametrize("suffix", suffixes())
def test_backups_and_instances_follow_the_configuration(platform, suffix: str) -> None:
    config = environment_of(suffix).database
    retention, instances = config.backup_retention_days, config.instances
    db = cluster(platform, suffix)
    assert db["backup_retention_period"] == retention
    assert db["preferred_backup_window"] == config.backup_window
    members = platform.resources(f"data-{suffix}", "aws_rds_cluster_instance").values()
    assert len(members) == instances
    assert all(m["instance_class"] == "db.serverless" and m["publicly_accessible"] is False for m in members)
    assert sorted(m["promotion_tier"] for m in members) == [0] + [1] * (instances - 1)
    assert db["serverlessv2_scaling_configuration"] == {"min_capacity": config.min_acu, "max_capacity": config.max_acu}


def test_prod_is_protected_and_keeps_a_final_snapshot(platform) -> None:
    db = cluster(platform, "prod")
    assert db["deletion_protection"] is True and db["lifecycle"]["prevent_destroy"] is True
    assert db["skip_final_snapshot"] is False and db["final_snapshot_identifier"] == "platform-db-final-prod"


@pytest.mark.parametrize("suffix", suffixes(lambda e: not e.protection.deletion_protection))
def test_non_prod_is_destroyable(platform, suffix: str) -> None:
    db = cluster(platform, suffix)
    assert db["deletion_protection"] is False and db["skip_final_snapshot"] is True
    assert "prevent_destroy" not in db.get("lifecycle", {}) and "final_snapshot_identifier" not in db


def test_prod_has_performance_insights_and_enhanced_monitoring(platform) -> None:
    for member in platform.resources("data-prod", "aws_rds_cluster_instance").values():
        assert (
            member["performance_insights_enabled"] is True
            and "database-key" in member["performance_insights_kms_key_id"]
        )
        assert member["monitoring_interval"] == 60 and "monitoring-role" in member["monitoring_role_arn"]
    assert not platform.resources("data-dev", "aws_iam_role")


def test_a_provisioned_class_has_no_serverless_scaling() -> None:
    from environments.schema import DatabaseConfig, ProtectionConfig
    from modules.data.aurora import AuroraPostgres, AuroraProps

    stack = framework.TerraformStack(framework.Testing.app(), "test")
    AuroraPostgres(
        stack,
        "db",
        AuroraProps(
            spec=DatabaseConfig(instance_class="db.r6g.large", instances=3),
            protection=ProtectionConfig(),
            cluster_identifier="platform-db-test",
            instance_identifier=lambda n: f"platform-db-{n}-test",
            subnet_group_name="platform-db-test",
            security_group_name="platform-db-test",
            parameter_group_name="platform-db-test",
            final_snapshot_identifier="platform-db-final-test",
            monitoring_role_name="platform-db-monitoring-test",
            vpc_id="vpc-1",
            subnet_ids=["subnet-1", "subnet-2"],
            client_security_group_id="sg-1",
            kms_key_arn="arn:aws:kms:eu-west-1:111111111111:key/1",
            logs_kms_key_arn="arn:aws:kms:eu-west-1:111111111111:key/2",
        ),
    )
    synthesized = framework.Testing.synth(stack)
    assert framework.Testing.to_have_resource_with_properties(
        synthesized, "aws_rds_cluster_instance", {"instance_class": "db.r6g.large", "promotion_tier": 1}
    )
    assert "serverlessv2_scaling_configuration" not in synthesized
