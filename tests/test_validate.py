"""``terraform validate`` of every synthesized stack (every named environment and an
ephemeral copy) against the real provider schema from the mirror."""

from __future__ import annotations

import pytest

from tools.validate import validate


@pytest.mark.terraform
def test_every_stack_is_valid_terraform(platform) -> None:
    diagnostics = validate(platform.outdir)
    assert [str(d) for d in diagnostics] == []


@pytest.mark.terraform
def test_shared_providers_still_check_every_stack_and_every_distinct_provider(platform, tmp_path) -> None:
    """The wrapper validates one provider configuration per shape: a stack whose provider differs
    in anything but its default tags' values keeps its own (and is checked), and a stack that
    inherits the shared provider still has every resource checked."""
    import json
    import shutil

    def copy(stack: str, name: str, change) -> None:
        config = platform.json(stack)
        config = json.loads(json.dumps(config))
        change(config)
        (tmp_path / "stacks" / name).mkdir(parents=True)
        (tmp_path / "stacks" / name / "cdk.tf.json").write_text(json.dumps(config, indent=2))

    def bad_provider(config: dict) -> None:
        config["provider"]["aws"][0]["no_such_argument"] = True

    def bad_tag_block(config: dict) -> None:
        config["provider"]["aws"][0]["default_tags"][0]["no_such_block_argument"] = True

    def bad_resource(config: dict) -> None:
        next(iter(config["resource"]["aws_sqs_queue"].values()))["no_such_queue_argument"] = 1

    copy("messaging-dev", "a-messaging-dev", lambda config: None)
    copy("messaging-dev", "b-provider-dev", bad_provider)
    copy("messaging-dev", "c-tags-dev", bad_tag_block)
    copy("messaging-dev", "d-resource-dev", bad_resource)
    try:
        found = " ".join(str(d) for d in validate(tmp_path) if d.severity == "error")
    finally:
        shutil.rmtree(tmp_path / "validate", ignore_errors=True)
    assert "stacks/b-provider-dev/" in found and "no_such_argument" in found
    assert "stacks/c-tags-dev/" in found and "no_such_block_argument" in found
    assert "stacks/d-resource-dev/" in found and "no_such_queue_argument" in found
    assert "a-messaging-dev" not in found
