"""JSON attributes keep every value as data: what Terraform makes of a ``json_document`` is the
structure it was given, byte for byte in its strings, with references encoded by Terraform."""

from __future__ import annotations

import ast
import json

import pytest

import modules.core.framework as framework
from modules.core.document import json_document
from tests.conftest import ROOT
from tests.terraform_console import document, evaluate

HOSTILE = [
    'a", "privileged" = true, "x" = "',
    '${file("/etc/passwd")}',
    "%{ if true }yes%{ endif }",
    "$${escaped} %%{escaped} $ { % {",
    'back\\slash \\" \\n',
    "new\nline\ttab\r",
    "\u2028 café <script>&amp;",
    "@0000000000000000:0@",
]


def stack_with_queue() -> tuple[framework.TerraformStack, str]:
    stack = framework.TerraformStack(framework.Testing.app(), "test")
    queue = framework.aws.sqs_queue.SqsQueue(stack, "q", name="q")
    return stack, queue.arn


def synthesized(stack: framework.TerraformStack, text: str) -> str:
    framework.aws.sqs_queue.SqsQueue(stack, "holder", name="holder", policy=text)
    resources = json.loads(framework.Testing.synth(stack))["resource"]["aws_sqs_queue"]
    return next(q["policy"] for q in resources.values() if q["name"] == "holder")


def test_hostile_strings_come_out_of_terraform_unchanged() -> None:
    stack, arn = stack_with_queue()
    value = {"strings": HOSTILE, "keys": {s: s for s in HOSTILE}, "n": [1, 2.5, True, None], "ref": arn}
    attribute = synthesized(stack, json_document(value))
    expected = {**value, "ref": "aws_sqs_queue.q.arn"}
    assert json.loads(evaluate(attribute)) == expected  # Terraform itself
    assert document(attribute) == expected  # the tests' reader agrees


def test_a_reference_inside_text_is_encoded_by_terraform() -> None:
    stack, arn = stack_with_queue()
    attribute = synthesized(stack, json_document({"valueFrom": f"{arn}:password::"}))
    assert json.loads(evaluate(attribute)) == {"valueFrom": "aws_sqs_queue.q.arn:password::"}


@pytest.mark.parametrize("around", ['"', "${x}", "%{x}", "\\", " ", "\n"])
def test_a_reference_is_never_mixed_with_text_that_hcl_would_read(around: str) -> None:
    _, arn = stack_with_queue()
    with pytest.raises(ValueError, match="a reference inside text other than plain ASCII punctuation"):
        json_document({"value": f"{arn}{around}"})


@pytest.mark.parametrize("value", [{1: "x"}, {"set": {1, 2}}, {"nan": float("nan")}, {"bytes": b"x"}])
def test_only_json_values(value: object) -> None:
    with pytest.raises((TypeError, ValueError)):
        json_document(value)


def test_the_platforms_documents_read_the_same_in_terraform(platform) -> None:
    """The reader the other tests use (``document``) agrees with Terraform on every kind of
    document the platform writes."""
    attributes = [
        platform.resource("service-opts", "aws_ecs_task_definition", "app_task")["container_definitions"],
        platform.resource("service-dev", "aws_cloudwatch_event_rule", "task-failures")["event_pattern"],
        platform.resource("edge-dev", "aws_cloudwatch_dashboard")["dashboard_body"],
        platform.resource("messaging-dev", "aws_sqs_queue", "queue-order-processing_queue")["redrive_policy"],
        platform.resource("messaging-dev", "aws_sns_topic_subscription", "queue-notifications_")["filter_policy"],
    ]
    for attribute in attributes:
        assert json.loads(evaluate(attribute)) == document(attribute)


NOT_ATTRIBUTES = {
    "modules/core/document.py",  # the one place
    "modules/core/node_provider.py",  # writes a JavaScript file for node, not an attribute
    "modules/core/jsii_runtime.py",  # writes the jsii kernel's entry, not an attribute
}
WRITERS = {("Fn", "jsonencode"), ("Fn", "format"), ("Fn", "join"), ("Fn", "templatestring"), ("json", "dumps")}


def test_json_document_is_the_one_place_constructs_and_stacks_write_json() -> None:
    """Any other ``Fn.jsonencode``/``json.dumps`` would put values back into HCL or into an
    unescaped template: find every such place here."""
    wrong = []
    for folder in ("modules", "stacks"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path.relative_to(ROOT).as_posix() in NOT_ATTRIBUTES:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                    if (node.value.id, node.attr) in WRITERS:
                        wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value.id}.{node.attr}")
    assert wrong == []
