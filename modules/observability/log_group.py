"""A CloudWatch log group encrypted with a customer-managed key and with a retention."""

from __future__ import annotations

from dataclasses import dataclass

from modules.core.framework import Construct, aws


@dataclass(frozen=True, kw_only=True)
class LogGroupProps:
    name: str
    retention_days: int
    """One of CloudWatch's retention values (validated in the environment config)."""
    kms_key_arn: str
    """Key whose policy lets ``logs.<region>.amazonaws.com`` use it (``kms_key.logs_service_user``)."""


class LogGroup(Construct):
    """Attributes: ``log_group_name``, ``log_group_arn``."""

    def __init__(self, scope: Construct, id_: str, props: LogGroupProps) -> None:
        super().__init__(scope, id_)
        self.group = aws.cloudwatch_log_group.CloudwatchLogGroup(
            self,
            "group",
            name=props.name,
            retention_in_days=props.retention_days,
            kms_key_id=props.kms_key_arn,
        )
        self.log_group_name: str = self.group.name
        self.log_group_arn: str = self.group.arn
