"""The task definition: configuration values reach the container as data, never as Terraform
expressions, and a variable the platform injects cannot be replaced by a configured one."""

from __future__ import annotations

import json

import pytest

import modules.core.framework as framework
from environments.schema.services import WorkerConfig
from modules.compute.task_definition import ContainerSecret, TaskDefinition, TaskDefinitionProps
from tests.terraform_console import evaluate

HOSTILE = {
    "QUOTES": 'nginx:1.27","privileged"=true,"x"="',
    "TEMPLATE": '${file("/etc/passwd")}',
    "DIRECTIVE": "%{ if true }yes%{ endif }",
    "ESCAPED": "$${already} %%{escaped}",
    "BACKSLASHES": "C:\\path\\ \\n \\u0041 \\",
    "NEWLINES": "line one\nline two\ttab",
    "HCL": '" = true, "privileged" = true, "x" = "',
    "UNICODE": "café ☕ <b>&amp;</b> \u2028",
}
COMMAND = ("sh", "-c", "echo \"${HOME}\" %{x} $((1+1)) \\ 'quoted'", "${jsonencode(1)}")


def synth(spec: WorkerConfig, wiring: dict[str, str] | None = None) -> tuple[dict, framework.TerraformStack]:
    stack = framework.TerraformStack(framework.Testing.app(), "test")
    framework.aws.provider.AwsProvider(stack, "aws", region="eu-west-1")
    queue = framework.aws.sqs_queue.SqsQueue(stack, "q", name="q")
    secret = framework.aws.sqs_queue.SqsQueue(stack, "s", name="s")  # any resource's ARN: a reference
    TaskDefinition(
        stack,
        "task",
        TaskDefinitionProps(
            spec=spec,
            family="platform-worker-test",
            execution_role_name="platform-worker-execution-test",
            task_role_name="platform-worker-task-test",
            log_group_name="platform-worker-test",
            logs_kms_key_arn="arn:aws:kms:eu-west-1:111111111111:key/1",
            environment={"QUEUE_Q_URL": queue.url, **(wiring or {})},
            secrets=[
                ContainerSecret(
                    variable="DB_PASSWORD",
                    secret_arn=secret.arn,
                    json_key="password",
                    kms_key_arn="arn:aws:kms:eu-west-1:111111111111:key/2",
                )
            ],
        ),
    )
    [definition] = json.loads(framework.Testing.synth(stack))["resource"]["aws_ecs_task_definition"].values()
    return definition, stack


def test_configured_values_reach_the_container_exactly_as_written() -> None:
    """Quotes, backslashes, ``${...}``/``%{...}`` sequences and newlines in variables and in the
    command come out of Terraform as the same text: nothing in them is evaluated or breaks out."""
    spec = WorkerConfig(name="worker", queues=("q",), environment=HOSTILE, command=COMMAND)
    definition, _ = synth(spec)
    [container] = json.loads(evaluate(definition["container_definitions"]))
    assert container.get("privileged") is None and "x" not in container
    assert container["image"] == spec.image
    assert container["command"] == list(COMMAND)
    values = {v["name"]: v["value"] for v in container["environment"]}
    assert {k: values[k] for k in HOSTILE} == HOSTILE
    # references stay references (here: their own address, as terraform_console stands them in)
    assert values["QUEUE_Q_URL"] == "aws_sqs_queue.q.url"
    assert container["secrets"] == [{"name": "DB_PASSWORD", "valueFrom": "aws_sqs_queue.s.arn:password::"}]
    assert container["logConfiguration"]["options"]["awslogs-group"].startswith("aws_cloudwatch_log_group.")


def test_a_configured_variable_never_replaces_an_injected_one() -> None:
    """Validation refuses it (``Grants``); the construct refuses it too, rather than letting the
    configured value win silently (dev pointed at another environment's queue)."""
    spec = WorkerConfig(name="worker", queues=("q",), environment={"QUEUE_Q_URL": "https://sqs/prod-queue"})
    with pytest.raises(ValueError, match="QUEUE_Q_URL is injected by the platform"):
        synth(spec)
    spec = WorkerConfig(name="worker", queues=("q",), environment={"DB_PASSWORD": "x"})
    with pytest.raises(ValueError, match="DB_PASSWORD is injected by the platform"):
        synth(spec)
