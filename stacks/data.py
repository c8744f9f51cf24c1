"""``data-<suffix>``: Aurora PostgreSQL and the DynamoDB tables, with their KMS keys and alarms.

Stateful, so it is its own stack (smallest blast radius) and everything in it follows
``environment.protection``: deletion protection, final snapshot and ``prevent_destroy`` in prod.
"""

from __future__ import annotations

from environments.naming import Kind
from environments.schema import Environment
from modules.core.framework import Construct, TerraformOutput
from modules.data.aurora import AuroraPostgres, AuroraProps
from modules.data.cache import ValkeyCache, ValkeyCacheProps
from modules.data.cache_alarms import CacheAlarms, CacheAlarmsProps
from modules.data.database_alarms import DatabaseAlarms, DatabaseAlarmsProps
from modules.data.dynamodb_table import DynamoTable, DynamoTableProps
from modules.data.table_alarms import TableAlarms, TableAlarmsProps
from stacks.base import PlatformStack
from stacks.messaging import MessagingStack
from stacks.network import NetworkStack


class DataStack(PlatformStack):
    """Attributes for later stacks: ``database`` (AuroraPostgres), ``tables`` (logical name ->
    DynamoTable), ``database_key`` and ``tables_key`` (KmsKey), ``cache`` (ValkeyCache or None)."""

    def __init__(
        self, scope: Construct, environment: Environment, network: NetworkStack, messaging: MessagingStack
    ) -> None:
        super().__init__(scope, "data", environment)
        protection, name = environment.protection, self.namer.name

        self.database_key = self.kms_key(
            "database-key", "database", "Aurora storage, snapshots, master secret and Performance Insights"
        )
        self.database = AuroraPostgres(
            self,
            "aurora",
            AuroraProps(
                spec=environment.database,
                protection=protection,
                cluster_identifier=name("db", Kind.RDS_CLUSTER),
                instance_identifier=self.namer.family("db", Kind.RDS_INSTANCE),
                subnet_group_name=name("db", Kind.RDS_SUBNET_GROUP),
                security_group_name=name("db", Kind.SECURITY_GROUP),
                parameter_group_name=name("db", Kind.RDS_PARAMETER_GROUP),
                final_snapshot_identifier=name("db-final", Kind.RDS_SNAPSHOT),
                monitoring_role_name=name("db-monitoring", Kind.IAM_ROLE),
                vpc_id=network.vpc.vpc_id,
                subnet_ids=network.vpc.isolated_subnet_ids,
                client_security_group_id=network.app_security_group.security_group_id,
                kms_key_arn=self.database_key.key_arn,
                logs_kms_key_arn=network.logs_key.key_arn,
            ),
        )

        # Multi-Region from the start: adding a replica region later must not replace the key.
        self.tables_key = self.kms_key(
            "tables-key",
            "tables",
            "DynamoDB tables (multi-Region, so global-table replicas can use replicas of it)",
            multi_region=True,
        )
        replica_keys = {}
        for region in sorted({r for table in environment.tables for r in table.replica_regions}):
            alias = region.replace("-", "_")
            replica_keys[region] = self.tables_key.replicate(alias, self.add_aws_provider(alias=alias, region=region))
        self.tables = {
            table.name: DynamoTable(
                self,
                f"table-{table.name}",
                DynamoTableProps(
                    name=name(table.name, Kind.DYNAMODB_TABLE),
                    spec=table,
                    kms_key_arn=self.tables_key.key_arn,
                    replica_kms_key_arns=replica_keys,
                    protection=protection,
                ),
            )
            for table in environment.tables
        }
        # The data tier is watched: thresholds in environment.alarms, to the alarm topic.
        alarms, topic_arn = environment.alarms, messaging.alarm_topic.topic_arn
        DatabaseAlarms(
            self,
            "database-alarms",
            DatabaseAlarmsProps(
                spec=alarms.database,
                database=environment.database,
                cluster_identifier=name("db", Kind.RDS_CLUSTER),
                alarm_name=self.namer.family("db", Kind.ALARM),
                topic_arn=topic_arn,
            ),
        )
        for table in environment.tables:
            TableAlarms(
                self,
                f"table-{table.name}-alarms",
                TableAlarmsProps(
                    spec=alarms.tables,
                    table=table,
                    table_name=name(table.name, Kind.DYNAMODB_TABLE),
                    alarm_name=self.namer.family(table.name, Kind.ALARM),
                    topic_arn=topic_arn,
                ),
            )
        self.cache: ValkeyCache | None = None
        if environment.cache is not None:
            self.cache = self._cache(environment, network, topic_arn)
        TerraformOutput(self, "database_endpoint", value=self.database.endpoint)
        TerraformOutput(self, "database_reader_endpoint", value=self.database.reader_endpoint)
        TerraformOutput(
            self,
            "database_secret_arn",
            value=self.database.master_secret_arn,
            description="Secrets Manager secret with the master credentials (managed by RDS)",
        )
        TerraformOutput(self, "table_names", value={name: table.table_name for name, table in self.tables.items()})

    def _cache(self, environment: Environment, network: NetworkStack, topic_arn: str) -> ValkeyCache:
        """The Valkey cache, a user for each service granted it, and its alarms."""
        assert environment.cache is not None
        name, protection = self.namer.name, environment.protection
        group_id = name("cache", Kind.CACHE_GROUP)
        key = self.kms_key("cache-key", "cache", "ElastiCache for Valkey: data at rest and snapshots")
        cache = ValkeyCache(
            self,
            "cache",
            ValkeyCacheProps(
                spec=environment.cache,
                protection=protection,
                replication_group_id=group_id,
                subnet_group_name=name("cache", Kind.CACHE_SUBNET_GROUP),
                user_group_id=name("cache", Kind.CACHE_GROUP),
                default_user_id=name("cache-default", Kind.CACHE_USER),
                client_user_ids={
                    spec.name: name(f"cache-{spec.name}", Kind.CACHE_USER)
                    for spec in environment.services
                    if spec.granted.cache
                },
                security_group_name=name("cache", Kind.SECURITY_GROUP),
                final_snapshot_identifier=name("cache-final", Kind.CACHE_GROUP),
                vpc_id=network.vpc.vpc_id,
                subnet_ids=network.vpc.isolated_subnet_ids,
                kms_key_arn=key.key_arn,
                logs_kms_key_arn=network.logs_key.key_arn,
            ),
        )
        CacheAlarms(
            self,
            "cache-alarms",
            CacheAlarmsProps(
                spec=environment.cache,
                replication_group_id=group_id,
                alarm_name=self.namer.family("cache", Kind.ALARM),
                topic_arn=topic_arn,
            ),
        )
        TerraformOutput(self, "cache_endpoint", value=cache.endpoint, description="The cache's primary endpoint (TLS)")
        TerraformOutput(self, "cache_reader_endpoint", value=cache.reader_endpoint)
        return cache
