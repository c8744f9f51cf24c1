"""A DynamoDB table from its declarative spec (``TableConfig``): keys, GSIs, TTL, stream,
on-demand or provisioned capacity with target-tracking autoscaling, and global-table replicas.

Point-in-time recovery and encryption with a customer-managed key are always on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from environments.schema import ProtectionConfig, TableConfig
from modules.core.framework import Construct, aws
from modules.core.lifecycle import lifecycle
from modules.security.iam import Statement, statement_id, via_service

UTILISATION_TARGET = 70.0
"""Provisioned capacity scales to keep consumed/provisioned near this percentage."""

READ_ACTIONS = ("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan")
"""Item reads (``grant_read``)."""
WRITE_ACTIONS = ("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem")
"""Item writes: what ``grant_read_write`` adds to the reads."""


@dataclass(frozen=True, kw_only=True)
class DynamoTableProps:
    name: str
    """Physical table name (from the Namer)."""
    spec: TableConfig
    kms_key_arn: str
    replica_kms_key_arns: Mapping[str, str] = field(default_factory=dict)
    """Region -> key ARN in that region, for every ``spec.replica_regions`` entry."""
    protection: ProtectionConfig
    """Deletion protection and ``prevent_destroy`` (``environment.protection``)."""


class DynamoTable(Construct):
    """Attributes: ``table_name``, ``table_arn``, ``index_arns`` (``<table arn>/index/*``), ``stream_arn``;
    ``grant_read(grantee)``, ``grant_read_write(grantee)``."""

    def __init__(self, scope: Construct, id_: str, props: DynamoTableProps) -> None:
        super().__init__(scope, id_)
        spec, ddb = props.spec, aws.dynamodb_table
        provisioned = spec.billing == "PROVISIONED"
        read, write = (spec.read_capacity[0], spec.write_capacity[0]) if provisioned else (None, None)
        stream_view = spec.stream or ("NEW_AND_OLD_IMAGES" if spec.replica_regions else None)

        protection = lifecycle(
            prevent_destroy=props.protection.prevent_destroy,
            # autoscaling owns the capacity once the table exists
            ignore_changes=["read_capacity", "write_capacity"] if provisioned else (),
        )
        self.table = ddb.DynamodbTable(
            self,
            "table",
            name=props.name,
            billing_mode=spec.billing,
            hash_key=spec.partition_key,
            range_key=spec.sort_key,
            read_capacity=read,
            write_capacity=write,
            attribute=[ddb.DynamodbTableAttribute(name=n, type=t) for n, t in sorted(spec.attributes.items())],
            global_secondary_index=[
                ddb.DynamodbTableGlobalSecondaryIndex(
                    name=index.name,
                    hash_key=index.partition_key,
                    range_key=index.sort_key,
                    projection_type=index.projection,
                    non_key_attributes=list(index.non_key_attributes) or None,
                    read_capacity=read,
                    write_capacity=write,
                )
                for index in spec.indexes
            ]
            or None,
            ttl=ddb.DynamodbTableTtl(attribute_name=spec.ttl_attribute, enabled=True) if spec.ttl_attribute else None,
            point_in_time_recovery=ddb.DynamodbTablePointInTimeRecovery(enabled=True),
            server_side_encryption=ddb.DynamodbTableServerSideEncryption(enabled=True, kms_key_arn=props.kms_key_arn),
            deletion_protection_enabled=props.protection.deletion_protection,
            stream_enabled=stream_view is not None,
            stream_view_type=stream_view,
            replica=[
                ddb.DynamodbTableReplica(
                    region_name=region,
                    kms_key_arn=props.replica_kms_key_arns[region],
                    point_in_time_recovery=True,
                    propagate_tags=True,
                )
                for region in spec.replica_regions
            ]
            or None,
            lifecycle=protection,
        )
        self._kms_key_arn = props.kms_key_arn
        self.table_name: str = self.table.name
        self.table_arn: str = self.table.arn
        self.index_arns: str = f"{self.table.arn}/index/*"
        self.stream_arn: str | None = self.table.stream_arn if stream_view else None
        if provisioned:
            self._autoscaling(spec)

    def grant_read(self, grantee: Construct) -> list[Statement]:
        """Item reads on this table and its indexes, and decryption through DynamoDB only."""
        return self._grant(grantee, "Read", READ_ACTIONS, "DecryptWith", ["kms:Decrypt", "kms:DescribeKey"])

    def grant_read_write(self, grantee: Construct) -> list[Statement]:
        """Item reads and writes on this table and its indexes (no table management), and use
        of its key through DynamoDB only."""
        return self._grant(
            grantee,
            "ReadWrite",
            [*READ_ACTIONS, *WRITE_ACTIONS],
            "UseKeyOf",
            ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:DescribeKey"],
        )

    def _grant(
        self, grantee: Construct, sid: str, item_actions: Sequence[str], key_sid: str, key_actions: Sequence[str]
    ) -> list[Statement]:
        """``item_actions`` on the table and its indexes (with the condition checks and the
        description every client needs), and ``key_actions`` on its key through DynamoDB only."""
        table = statement_id(self.node.id)
        return [
            Statement(
                sid=f"{sid}{table}",
                actions=[*item_actions, "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable"],
                resources=[self.table_arn, self.index_arns],
            ),
            Statement(
                sid=f"{key_sid}{table}",
                actions=key_actions,
                resources=[self._kms_key_arn],
                conditions=[via_service(grantee, "dynamodb")],
            ),
        ]

    def _autoscaling(self, spec: TableConfig) -> None:
        targets = [("table", f"table/{self.table.name}", "table")]
        targets += [(f"index-{i.name}", f"table/{self.table.name}/index/{i.name}", "index") for i in spec.indexes]
        for id_, resource_id, scope in targets:
            for unit, (low, high) in (("Read", spec.read_capacity), ("Write", spec.write_capacity)):
                target = aws.appautoscaling_target.AppautoscalingTarget(
                    self,
                    f"{id_}-{unit.lower()}-target",
                    service_namespace="dynamodb",
                    resource_id=resource_id,
                    scalable_dimension=f"dynamodb:{scope}:{unit}CapacityUnits",
                    min_capacity=low,
                    max_capacity=high,
                )
                aws.appautoscaling_policy.AppautoscalingPolicy(
                    self,
                    f"{id_}-{unit.lower()}-policy",
                    name=f"{id_}-{unit.lower()}-utilisation",
                    policy_type="TargetTrackingScaling",
                    service_namespace=target.service_namespace,
                    resource_id=target.resource_id,
                    scalable_dimension=target.scalable_dimension,
                    target_tracking_scaling_policy_configuration=(
                        aws.appautoscaling_policy.AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration(
                            target_value=UTILISATION_TARGET,
                            predefined_metric_specification=(
                                aws.appautoscaling_policy.AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecification(
                                    predefined_metric_type=f"DynamoDB{unit}CapacityUtilization"
                                )
                            ),
                        )
                    ),
                )
