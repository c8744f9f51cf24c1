"""A DynamoDB table for Terraform state locks (optional: the S3 lockfile already locks)."""

from __future__ import annotations

from dataclasses import dataclass

from modules.core.framework import Construct, aws
from modules.core.lifecycle import lifecycle


@dataclass(frozen=True, kw_only=True)
class LockTableProps:
    name: str
    deletion_protection: bool = False
    prevent_destroy: bool = False
    """Terraform ``prevent_destroy``: a plan that would delete the lock table fails."""


class LockTable(Construct):
    def __init__(self, scope: Construct, id_: str, props: LockTableProps) -> None:
        super().__init__(scope, id_)
        table = aws.dynamodb_table.DynamodbTable(
            self,
            "table",
            name=props.name,
            billing_mode="PAY_PER_REQUEST",
            hash_key="LockID",  # the attribute name Terraform's S3 backend uses
            attribute=[aws.dynamodb_table.DynamodbTableAttribute(name="LockID", type="S")],
            point_in_time_recovery=aws.dynamodb_table.DynamodbTablePointInTimeRecovery(enabled=True),
            server_side_encryption=aws.dynamodb_table.DynamodbTableServerSideEncryption(enabled=True),
            deletion_protection_enabled=props.deletion_protection,
            lifecycle=lifecycle(prevent_destroy=props.prevent_destroy),
        )
        self.table_name: str = table.name
