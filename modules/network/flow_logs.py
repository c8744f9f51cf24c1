"""VPC flow logs to an encrypted CloudWatch log group, written by a role scoped to that group."""

from __future__ import annotations

from dataclasses import dataclass

from environments.schema import NetworkConfig
from modules.core.framework import Construct, aws
from modules.observability.log_group import LogGroup, LogGroupProps
from modules.security.iam import Statement, role_policy, service_role


@dataclass(frozen=True, kw_only=True)
class FlowLogsProps:
    vpc_id: str
    log_group_name: str
    role_name: str
    spec: NetworkConfig
    """The network section: flow log traffic type and retention."""
    kms_key_arn: str


class FlowLogs(Construct):
    def __init__(self, scope: Construct, id_: str, props: FlowLogsProps) -> None:
        super().__init__(scope, id_)
        self.log_group = LogGroup(
            self,
            "logs",
            LogGroupProps(
                name=props.log_group_name,
                retention_days=props.spec.flow_log_retention_days,
                kms_key_arn=props.kms_key_arn,
            ),
        )
        role = service_role(self, "role", name=props.role_name, service="vpc-flow-logs", trust_id="trust")
        role_policy(
            self,
            "write",
            role=role,
            name="write-flow-logs",
            document_id="write-policy",
            statements=[
                Statement(
                    actions=["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                    resources=[self.log_group.log_group_arn, f"{self.log_group.log_group_arn}:*"],
                ),
            ],
        )
        aws.flow_log.FlowLog(
            self,
            "flow-log",
            vpc_id=props.vpc_id,
            traffic_type=props.spec.flow_log_traffic,
            log_destination_type="cloud-watch-logs",
            log_destination=self.log_group.log_group_arn,
            iam_role_arn=role.arn,
            max_aggregation_interval=60,
        )
