"""Function services: Python 3.12 on arm64 from a folder zipped deterministically (the same files,
the same bytes and hash), in the VPC with its own security group, a KMS-encrypted log group, a
dead-letter queue, tracing from the spec, exactly its grants plus what running needs, and alarms
on errors, throttles and duration near the timeout."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest

from environments.naming import Kind, Namer
from environments.schema import FunctionConfig, ProtectionConfig
from modules.compute.function import Function, FunctionProps
from modules.compute.function_code import archive, write_archive
from modules.core import framework
from modules.security.iam import Statement

NAMER = Namer("platform", "test")
GRANT = Statement(sid="ReadWriteCatalog", actions=["dynamodb:GetItem"], resources=["arn:aws:dynamodb:::table/t"])


def synth(spec: FunctionConfig | None = None, **props) -> dict:
    stack = framework.TerraformStack(framework.Testing.app(), "test")
    framework.aws.provider.AwsProvider(stack, "aws", region="eu-west-1")
    spec = spec or FunctionConfig(name="catalog-api", source="functions/catalog")
    settings = {
        "protection": ProtectionConfig(),
        "function_name": NAMER.name(spec.name, Kind.LAMBDA),
        "role_name": NAMER.name(f"{spec.name}-function", Kind.IAM_ROLE),
        "log_group_name": NAMER.name(f"{spec.name}-function", Kind.LOG_GROUP),
        "security_group_name": NAMER.name(f"{spec.name}-function", Kind.SECURITY_GROUP),
        "dlq_name": NAMER.name(f"{spec.name}-function-dlq", Kind.SQS_QUEUE),
        "logs_kms_key_arn": "arn:aws:kms:eu-west-1:123456789012:key/logs",
        "kms_key_arn": "arn:aws:kms:eu-west-1:123456789012:key/service",
        "vpc_id": "vpc-1",
        "subnet_ids": ["subnet-a", "subnet-b"],
        "environment": {"TABLE_CATALOG": "platform-catalog-test"},
        "permissions": [GRANT],
        "alarm_name": NAMER.family(spec.name, Kind.ALARM),
        "topic_arn": "arn:aws:sns:eu-west-1:123456789012:alarms",
    } | props
    Function(stack, spec.name, FunctionProps(spec=spec, **settings))
    return json.loads(framework.Testing.synth(stack))


def one(synthesized: dict, kind: str) -> dict:
    [resource] = synthesized["resource"][kind].values()
    return resource


def test_python_312_on_arm64_with_the_configured_size_in_the_vpc() -> None:
    spec = FunctionConfig(name="catalog-api", source="functions/catalog", memory=512, timeout_seconds=10)
    function = one(synth(spec), "aws_lambda_function")
    assert (function["runtime"], function["architectures"], function["handler"]) == (
        "python3.12",
        ["arm64"],
        "handler.handler",
    )
    assert (function["memory_size"], function["timeout"]) == (512, 10)
    assert "reserved_concurrent_executions" not in function
    assert function["vpc_config"]["subnet_ids"] == ["subnet-a", "subnet-b"]
    assert function["vpc_config"]["security_group_ids"][0].startswith("${aws_security_group.")
    assert function["kms_key_arn"].endswith("key/service")
    assert function["environment"]["variables"] == {"TABLE_CATALOG": "platform-catalog-test"}
    assert function["logging_config"] == {"log_format": "JSON", "log_group": "platform-catalog-api-function-test"}


def test_the_defaults_are_256_mb_and_30_s() -> None:
    function = one(synth(), "aws_lambda_function")
    assert (function["memory_size"], function["timeout"]) == (256, 30)


def test_reserved_concurrency_and_tracing_from_the_spec() -> None:
    spec = FunctionConfig(name="catalog-api", source="functions/catalog", reserved_concurrency=5, tracing=True)
    synthesized = synth(spec)
    function = one(synthesized, "aws_lambda_function")
    assert function["reserved_concurrent_executions"] == 5 and function["tracing_config"] == {"mode": "Active"}
    assert _statements(synthesized)["Traces"]["actions"] == ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
    assert "Traces" not in _statements(synth())
    assert one(synth(), "aws_lambda_function")["tracing_config"] == {"mode": "PassThrough"}


def test_own_security_group_with_https_out_only_and_an_encrypted_log_group() -> None:
    synthesized = synth()
    group = one(synthesized, "aws_security_group")
    assert group["name"] == "platform-catalog-api-function-test"
    [egress] = synthesized["resource"]["aws_vpc_security_group_egress_rule"].values()
    assert (egress["from_port"], egress["to_port"], egress["cidr_ipv4"]) == (443, 443, "0.0.0.0/0")
    assert "aws_vpc_security_group_ingress_rule" not in synthesized["resource"]
    logs = one(synthesized, "aws_cloudwatch_log_group")
    assert logs["kms_key_id"].endswith("key/logs") and logs["retention_in_days"] == 30


def test_asynchronous_failures_go_to_its_encrypted_dead_letter_queue() -> None:
    synthesized = synth()
    queue = one(synthesized, "aws_sqs_queue")
    assert queue["name"] == "platform-catalog-api-function-dlq-test" and queue["kms_master_key_id"].endswith(
        "key/service"
    )
    function = one(synthesized, "aws_lambda_function")
    assert function["dead_letter_config"]["target_arn"].startswith("${aws_sqs_queue.")


def _statements(synthesized: dict) -> dict[str, dict]:
    [document] = [d for key, d in synthesized["data"]["aws_iam_policy_document"].items() if "_policy-document_" in key]
    return {statement["sid"]: statement for statement in document["statement"]}


def test_the_role_has_exactly_its_grants_and_what_running_needs() -> None:
    statements = _statements(synth())
    assert set(statements) == {
        "WriteItsLogs",
        "AttachToTheVpc",
        "DeadLetters",
        "EncryptDeadLetters",
        "DecryptItsVariables",
        "ReadWriteCatalog",
    }
    assert statements["ReadWriteCatalog"]["actions"] == ["dynamodb:GetItem"]
    assert statements["ReadWriteCatalog"]["resources"] == ["arn:aws:dynamodb:::table/t"]
    assert statements["WriteItsLogs"]["actions"] == ["logs:CreateLogStream", "logs:PutLogEvents"]
    assert statements["DeadLetters"]["actions"] == ["sqs:SendMessage"]
    assert statements["AttachToTheVpc"]["resources"] == ["*"]  # EC2 cannot scope them
    assert all(s["resources"] != ["*"] for sid, s in statements.items() if sid != "AttachToTheVpc")


def test_alarms_on_errors_throttles_and_duration_near_the_timeout() -> None:
    synthesized = synth(FunctionConfig(name="catalog-api", source="functions/catalog", timeout_seconds=10))
    alarms = {a["alarm_name"]: a for a in synthesized["resource"]["aws_cloudwatch_metric_alarm"].values()}
    assert set(alarms) == {
        "platform-catalog-api-errors-test",
        "platform-catalog-api-throttles-test",
        "platform-catalog-api-duration-test",
    }
    duration = alarms["platform-catalog-api-duration-test"]
    assert (duration["metric_name"], duration["threshold"], duration["statistic"]) == ("Duration", 8000, "Maximum")
    for alarm in alarms.values():
        assert alarm["namespace"] == "AWS/Lambda" and alarm["dimensions"] == {
            "FunctionName": "platform-catalog-api-test"
        }
        assert alarm["alarm_actions"] == ["arn:aws:sns:eu-west-1:123456789012:alarms"]


# --- the code's archive -------------------------------------------------------------------------


def test_the_same_files_give_the_same_bytes_whatever_their_times(tmp_path: Path) -> None:
    folder = tmp_path / "code"
    (folder / "pkg").mkdir(parents=True)
    (folder / "handler.py").write_text("def handler(event, context):\n    return 1\n")
    (folder / "pkg" / "util.py").write_text("X = 1\n")
    (folder / "__pycache__").mkdir()
    (folder / "__pycache__" / "handler.cpython-311.pyc").write_bytes(b"\0")
    first = archive(folder)
    os.utime(folder / "handler.py", (1_000_000_000, 1_000_000_000))
    assert archive(folder) == first
    names = zipfile.ZipFile(io.BytesIO(first)).namelist()
    assert names == ["handler.py", "pkg/util.py"]  # sorted, no bytecode
    (folder / "pkg" / "util.py").write_text("X = 2\n")
    assert archive(folder) != first


def test_two_synths_of_unchanged_code_give_byte_identical_archives_and_hashes(tmp_path: Path) -> None:
    source = Path("functions/catalog").resolve()
    one_path, one_hash = write_archive(source, tmp_path / "one")
    two_path, two_hash = write_archive(source, tmp_path / "two")
    assert one_path.read_bytes() == two_path.read_bytes() and one_hash == two_hash
    first = one(synth(), "aws_lambda_function")
    second = one(synth(), "aws_lambda_function")
    assert (first["source_code_hash"], first["filename"]) == (second["source_code_hash"], second["filename"])
    assert first["source_code_hash"] == one_hash


@pytest.mark.parametrize("entry", ["handler.py", "__init__.py"])
def test_the_catalog_archive_holds_the_handler(entry: str) -> None:
    names = zipfile.ZipFile(io.BytesIO(archive(Path("functions/catalog")))).namelist()
    assert entry in names
