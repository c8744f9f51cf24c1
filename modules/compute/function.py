"""A function service: AWS Lambda running a folder of this repository's code.

Python 3.12 on arm64 (Graviton: cheaper per GB-second), the code zipped deterministically at
synth (``function_code``: an unchanged folder plans no change), in the private subnets with a
security group of its own (HTTPS out only), logging to a KMS-encrypted log group with
retention, its variables encrypted with the service key, X-Ray active tracing when the spec
says ``tracing``, and a dead-letter queue of its own for asynchronous invocations that failed
every retry. Its role may write its log group, manage its network interfaces (AWS cannot scope
those), send to its dead-letter queue, and use exactly its grants (``service_access``).
Alarms on errors, throttles and a duration near the timeout notify the alarm topic.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from environments.schema import ProtectionConfig
from environments.schema.functions import FunctionConfig
from modules.compute.function_code import write_archive
from modules.core.framework import AssetType, Construct, TerraformAsset, aws
from modules.core.lifecycle import lifecycle
from modules.observability.alarm import MetricAlarm, MetricAlarmProps
from modules.observability.log_group import LogGroup, LogGroupProps
from modules.security.iam import Statement, deny_insecure_transport, policy_json, role_policy, service_role, via_service
from modules.security.security_group import SecurityGroup, SecurityGroupProps, allow_https_out

RUNTIME = "python3.12"
ARCHITECTURE = "arm64"
DLQ_RETENTION_SECONDS = 14 * 24 * 3600
DURATION_ALARM_SHARE = 0.8
"""The duration alarm fires when a run takes this share of the timeout."""
CODE_DIRECTORY = Path(tempfile.gettempdir()) / "platform-function-code"
"""Where the archives wait for the synth to copy them into the stack's assets."""
NETWORK_INTERFACE_ACTIONS = (
    "ec2:CreateNetworkInterface",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DeleteNetworkInterface",
    "ec2:AssignPrivateIpAddresses",
    "ec2:UnassignPrivateIpAddresses",
)
"""What Lambda needs to attach a function to the VPC; AWS offers no resource to scope them to."""


@dataclass(frozen=True, kw_only=True)
class FunctionProps:
    spec: FunctionConfig
    protection: ProtectionConfig
    """``prevent_destroy`` on the dead-letter queue: it holds the failed invocations."""
    function_name: str
    role_name: str
    log_group_name: str
    security_group_name: str
    dlq_name: str
    logs_kms_key_arn: str
    kms_key_arn: str
    """Encrypts the function's variables and its dead-letter queue (the service key)."""
    vpc_id: str
    subnet_ids: Sequence[str]
    environment: Mapping[str, str]
    """The spec's variables and those its grants inject."""
    permissions: Sequence[Statement]
    """Its grants' statements (``service_access``)."""
    alarm_name: Callable[[str], str]
    topic_arn: str


class Function(Construct):
    """Attributes: ``function_name``, ``function_arn``, ``invoke_arn`` (an API integration's
    target), ``role_arn``, ``security_group_id``, ``dlq_arn``, ``source_code_hash``."""

    def __init__(self, scope: Construct, id_: str, props: FunctionProps) -> None:
        super().__init__(scope, id_)
        spec = props.spec
        self.log_group = LogGroup(
            self,
            "logs",
            LogGroupProps(
                name=props.log_group_name, retention_days=spec.log_retention_days, kms_key_arn=props.logs_kms_key_arn
            ),
        )
        self.security_group = SecurityGroup(
            self,
            "security-group",
            SecurityGroupProps(
                name=props.security_group_name, description=f"The {spec.name} function", vpc_id=props.vpc_id
            ),
        )
        allow_https_out(self.security_group, "https-out")
        self.security_group_id: str = self.security_group.security_group_id
        self.dlq = aws.sqs_queue.SqsQueue(
            self,
            "dlq",
            name=props.dlq_name,
            kms_master_key_id=props.kms_key_arn,
            message_retention_seconds=DLQ_RETENTION_SECONDS,
            lifecycle=lifecycle(prevent_destroy=props.protection.prevent_destroy),
        )
        aws.sqs_queue_policy.SqsQueuePolicy(
            self,
            "dlq-policy",
            queue_url=self.dlq.url,
            policy=policy_json(self, "dlq-policy-document", [deny_insecure_transport(["sqs:*"], [self.dlq.arn])]),
        )
        self.dlq_arn: str = self.dlq.arn

        role = service_role(self, "role", name=props.role_name, service="lambda", trust_id="trust")
        self.role_arn: str = role.arn
        own = [
            Statement(
                sid="WriteItsLogs",
                actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                resources=[f"{self.log_group.log_group_arn}:*"],
            ),
            Statement(sid="AttachToTheVpc", actions=list(NETWORK_INTERFACE_ACTIONS), resources=["*"]),
            Statement(sid="DeadLetters", actions=["sqs:SendMessage"], resources=[self.dlq.arn]),
            Statement(
                sid="EncryptDeadLetters",
                actions=["kms:GenerateDataKey*", "kms:Decrypt"],
                resources=[props.kms_key_arn],
                conditions=[via_service(self, "sqs")],
            ),
            Statement(
                sid="DecryptItsVariables",
                actions=["kms:Decrypt"],
                resources=[props.kms_key_arn],
                conditions=[via_service(self, "lambda")],
            ),
        ]
        if spec.tracing:
            own.append(
                Statement(sid="Traces", actions=["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resources=["*"])
            )
        role_policy(
            self,
            "policy",
            role=role,
            name="this-function-only",
            document_id="policy-document",
            statements=[*own, *props.permissions],
        )

        path, self.source_code_hash = write_archive(spec.source_path, CODE_DIRECTORY)
        code = TerraformAsset(self, "code", path=str(path), type=AssetType.FILE)
        self.function = aws.lambda_function.LambdaFunction(
            self,
            "function",
            function_name=props.function_name,
            role=role.arn,
            runtime=RUNTIME,
            architectures=[ARCHITECTURE],
            handler=spec.handler,
            filename=code.path,
            source_code_hash=self.source_code_hash,
            memory_size=spec.memory,
            timeout=spec.timeout_seconds,
            reserved_concurrent_executions=spec.reserved_concurrency,
            kms_key_arn=props.kms_key_arn,
            environment=aws.lambda_function.LambdaFunctionEnvironment(variables=dict(props.environment))
            if props.environment
            else None,
            vpc_config=aws.lambda_function.LambdaFunctionVpcConfig(
                subnet_ids=list(props.subnet_ids), security_group_ids=[self.security_group_id]
            ),
            tracing_config=aws.lambda_function.LambdaFunctionTracingConfig(
                mode="Active" if spec.tracing else "PassThrough"
            ),
            dead_letter_config=aws.lambda_function.LambdaFunctionDeadLetterConfig(target_arn=self.dlq.arn),
            logging_config=aws.lambda_function.LambdaFunctionLoggingConfig(
                log_format="JSON", log_group=props.log_group_name
            ),
            depends_on=[self.log_group.group],
        )
        self.function_name: str = self.function.function_name
        self.function_arn: str = self.function.arn
        self.invoke_arn: str = self.function.invoke_arn

        alarms: tuple[tuple[str, str, Literal["Sum", "Maximum"], float, str], ...] = (
            ("errors", "Errors", "Sum", 0, f"{spec.name} failed (an exception or a timeout)"),
            ("throttles", "Throttles", "Sum", 0, f"{spec.name} was throttled (concurrency exhausted)"),
            (
                "duration",
                "Duration",
                "Maximum",
                spec.timeout_seconds * 1000 * DURATION_ALARM_SHARE,
                f"{spec.name} ran for {int(DURATION_ALARM_SHARE * 100)} % of its {spec.timeout_seconds} s timeout",
            ),
        )
        for what, metric, statistic, threshold, description in alarms:
            MetricAlarm(
                self,
                f"{what}-alarm",
                MetricAlarmProps(
                    name=props.alarm_name(what),
                    description=description,
                    namespace="AWS/Lambda",
                    metric=metric,
                    dimensions={"FunctionName": props.function_name},
                    statistic=statistic,
                    threshold=threshold,
                    alarm_topic_arn=props.topic_arn,
                ),
            )
