"""parliament over every IAM policy document the stacks render (tools/iam_lint.py): every
finding is accepted with a reason in tools/iam_accepted.py, every accepted entry is still
needed, and a deliberately broken document is caught."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tools import iam_lint
from tools.iam_accepted import ACCEPTED


@pytest.fixture(scope="session")
def findings(platform) -> list[iam_lint.Finding]:
    return iam_lint.lint(platform.outdir)


def test_every_finding_is_accepted_with_a_reason(findings, record_property) -> None:
    record_property("security", f"parliament (tools/iam_lint.py): {len(findings)} findings, all accepted")
    assert [str(f) for f in findings if not iam_lint.accepted(f)] == []
    assert {f.document.split("/")[0] for f in findings} >= {"ci", "service", "network"}, "the documents were read"


def test_every_accepted_entry_is_still_needed(findings) -> None:
    assert iam_lint.unused(findings) == []
    assert all(len(entry.reason) > 60 and entry.documents for entry in ACCEPTED.values())


def test_a_broken_policy_is_caught(platform, tmp_path: Path) -> None:
    """Seen failing: a task policy that may do anything with IAM, and a misspelt action."""
    stack = next(s for s in platform.stack_ids if s.startswith("service-"))
    broken = tmp_path / "stacks" / stack
    shutil.copytree(platform.outdir / "stacks" / stack, broken)
    config = json.loads((broken / "cdk.tf.json").read_text())
    document_id, document = next(
        (k, d) for k, d in config["data"]["aws_iam_policy_document"].items() if "app_task-policy-document" in k
    )
    document["statement"] += [
        {"effect": "Allow", "actions": ["iam:*"], "resources": ["*"]},
        {"effect": "Allow", "actions": ["s3:GetObjects"], "resources": ["arn:aws:s3:::bucket/*"]},
    ]
    (broken / "cdk.tf.json").write_text(json.dumps(config))
    refused = {f.issue for f in iam_lint.lint(tmp_path, cache_dir=None) if not iam_lint.accepted(f)}
    assert refused == {"UNKNOWN_ACTION", "RESOURCE_STAR"}, refused


def test_every_reference_gets_a_realistic_value() -> None:
    assert iam_lint.substitute("aws_sqs_queue.queue-orders_queue_1A2B3C4D.arn").startswith("arn:aws:sqs:eu-west-1:")
    assert iam_lint.substitute(
        "data.terraform_remote_state.cross-stack-reference-input-data-dev.outputs."
        "cross-stack-output-aws_dynamodb_tabletable-orders_table_1A2B3C4Darn"
    ).startswith("arn:aws:dynamodb:")
    with pytest.raises(iam_lint.UnknownReference, match="aws_glue_job"):
        iam_lint.substitute("aws_glue_job.x.arn")
