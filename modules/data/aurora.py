"""Aurora PostgreSQL: an encrypted cluster in isolated subnets, reachable only from one
client security group, with the master password managed by RDS in Secrets Manager.

Serverless v2 (``db.serverless``) unless a provisioned class is given; the first instance is
the writer, the others are readers that Aurora places in other AZs and promotes on failure.
Connections must use TLS (``rds.force_ssl``). The ``postgresql`` log group is created here,
encrypted and with a retention, before the cluster exists (otherwise RDS would create it
unencrypted and keep it forever).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from environments.schema import DatabaseConfig, ProtectionConfig
from modules.core.context import AwsContext
from modules.core.framework import Construct, aws
from modules.core.lifecycle import lifecycle
from modules.observability.log_group import LogGroup, LogGroupProps
from modules.security.iam import Statement, assume_role_policy
from modules.security.security_group import SecurityGroup, SecurityGroupProps, allow_from_group

ENGINE = "aurora-postgresql"


@dataclass(frozen=True, kw_only=True)
class AuroraProps:
    spec: DatabaseConfig
    """The database section of the environment (engine, size, backups, monitoring)."""
    protection: ProtectionConfig
    """Deletion protection, final snapshots and ``prevent_destroy`` (``environment.protection``)."""
    cluster_identifier: str
    """Also names the cluster's log group (``/aws/rds/cluster/<identifier>/postgresql``)."""
    instance_identifier: Callable[[str], str]
    """The identifier of instance ``"0"``, ``"1"`` ... (a ``Namer.family``)."""
    subnet_group_name: str
    security_group_name: str
    parameter_group_name: str
    final_snapshot_identifier: str
    """Taken when ``protection.final_snapshot``."""
    monitoring_role_name: str
    """Taken when ``spec.enhanced_monitoring_seconds``."""
    vpc_id: str
    subnet_ids: Sequence[str]
    """Isolated subnets, one per AZ."""
    client_security_group_id: str
    """The only security group admitted on ``port``."""
    kms_key_arn: str
    """Encrypts storage, snapshots, the master secret and Performance Insights."""
    logs_kms_key_arn: str


class AuroraPostgres(Construct):
    """Attributes: ``endpoint``, ``reader_endpoint``, ``port``, ``database_name``,
    ``master_secret_arn``, ``cluster_arn``, ``cluster_resource_id``, ``security_group_id``."""

    def __init__(self, scope: Construct, id_: str, props: AuroraProps) -> None:
        super().__init__(scope, id_)
        identifier = props.cluster_identifier
        serverless = props.spec.serverless

        subnets = aws.db_subnet_group.DbSubnetGroup(
            self,
            "subnets",
            name=props.subnet_group_name,
            description=f"Isolated subnets of {identifier}",
            subnet_ids=list(props.subnet_ids),
        )
        self.security_group = SecurityGroup(
            self,
            "sg",
            SecurityGroupProps(
                name=props.security_group_name,
                description=f"{identifier}: PostgreSQL from the app tier only",
                vpc_id=props.vpc_id,
            ),
        )
        allow_from_group(
            self,
            "from-app",
            target_id=self.security_group.security_group_id,
            source_id=props.client_security_group_id,
            port=props.spec.port,
            description="PostgreSQL from the app tier",
        )

        parameters = aws.rds_cluster_parameter_group.RdsClusterParameterGroup(
            self,
            "parameters",
            name=props.parameter_group_name,
            family=f"aurora-postgresql{props.spec.engine_version.split('.')[0]}",
            description=f"{identifier}: TLS only, connection and slow-query logging",
            parameter=[
                aws.rds_cluster_parameter_group.RdsClusterParameterGroupParameter(name=key, value=value)
                for key, value in (
                    ("rds.force_ssl", "1"),
                    ("log_connections", "1"),
                    ("log_disconnections", "1"),
                    ("log_min_duration_statement", str(props.spec.slow_query_ms)),
                    ("log_statement", "ddl"),  # schema changes, not every statement (data stays out of logs)
                )
            ],
        )
        log_group = LogGroup(
            self,
            "logs",
            LogGroupProps(
                name=f"/aws/rds/cluster/{identifier}/postgresql",  # the name RDS exports to
                retention_days=props.spec.log_retention_days,
                kms_key_arn=props.logs_kms_key_arn,
            ),
        )

        self.cluster = aws.rds_cluster.RdsCluster(
            self,
            "cluster",
            cluster_identifier=identifier,
            engine=ENGINE,
            engine_mode="provisioned",
            engine_version=props.spec.engine_version,
            database_name=props.spec.database_name,
            master_username=props.spec.master_username,
            manage_master_user_password=True,  # the password never exists in code or state
            master_user_secret_kms_key_id=props.kms_key_arn,
            port=props.spec.port,
            db_subnet_group_name=subnets.name,
            vpc_security_group_ids=[self.security_group.security_group_id],
            db_cluster_parameter_group_name=parameters.name,
            storage_encrypted=True,
            kms_key_id=props.kms_key_arn,
            iam_database_authentication_enabled=props.spec.iam_auth,
            backup_retention_period=props.spec.backup_retention_days,
            preferred_backup_window=props.spec.backup_window,
            preferred_maintenance_window=props.spec.maintenance_window,
            copy_tags_to_snapshot=True,
            enabled_cloudwatch_logs_exports=["postgresql"],
            deletion_protection=props.protection.deletion_protection,
            skip_final_snapshot=not props.protection.final_snapshot,
            final_snapshot_identifier=props.final_snapshot_identifier if props.protection.final_snapshot else None,
            serverlessv2_scaling_configuration=aws.rds_cluster.RdsClusterServerlessv2ScalingConfiguration(
                min_capacity=props.spec.min_acu,
                max_capacity=props.spec.max_acu,
            )
            if serverless
            else None,
            depends_on=[log_group.group],
            lifecycle=lifecycle(prevent_destroy=props.protection.prevent_destroy),
        )

        monitoring_role_arn = None
        if props.spec.enhanced_monitoring_seconds:
            monitoring_role_arn = self._monitoring_role(props.monitoring_role_name)
        self.instances = [
            aws.rds_cluster_instance.RdsClusterInstance(
                self,
                f"instance-{index}",
                identifier=props.instance_identifier(str(index)),
                cluster_identifier=self.cluster.id,
                engine=ENGINE,
                engine_version=props.spec.engine_version,
                instance_class=props.spec.instance_class,
                publicly_accessible=False,
                auto_minor_version_upgrade=True,
                promotion_tier=0 if index == 0 else 1,
                performance_insights_enabled=props.spec.performance_insights,
                performance_insights_kms_key_id=props.kms_key_arn if props.spec.performance_insights else None,
                performance_insights_retention_period=7 if props.spec.performance_insights else None,
                monitoring_interval=props.spec.enhanced_monitoring_seconds,
                monitoring_role_arn=monitoring_role_arn,
            )
            for index in range(props.spec.instances)
        ]

        self.endpoint: str = self.cluster.endpoint
        self.reader_endpoint: str = self.cluster.reader_endpoint
        self.port: int = props.spec.port
        self.database_name: str = props.spec.database_name
        self.cluster_arn: str = self.cluster.arn
        self.cluster_resource_id: str = self.cluster.cluster_resource_id
        self.master_secret_arn: str = self.cluster.master_user_secret.get(0).secret_arn
        self.security_group_id: str = self.security_group.security_group_id
        self.kms_key_arn: str = props.kms_key_arn

    def _monitoring_role(self, role_name: str) -> str:
        context = AwsContext.of(self)
        role = aws.iam_role.IamRole(
            self,
            "monitoring-role",
            name=role_name,
            assume_role_policy=assume_role_policy(
                self, "monitoring-trust", context.service_principal("monitoring.rds")
            ),
        )
        aws.iam_role_policy_attachment.IamRolePolicyAttachment(
            self,
            "monitoring-policy",
            role=role.name,
            policy_arn=f"arn:{context.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
        )
        return role.arn

    def grant_connect(self, grantee: Construct, db_user: str) -> list[Statement]:
        """``rds-db:connect`` as ``db_user`` with an IAM token instead of a password (IAM
        database authentication; the user is created in PostgreSQL with ``GRANT rds_iam``)."""
        context = AwsContext.of(grantee)
        return [
            Statement(
                sid="ConnectWithIamToken",
                actions=["rds-db:connect"],
                resources=[context.arn("rds-db", f"dbuser:{self.cluster_resource_id}/{db_user}")],
            )
        ]
