"""``terraform validate`` of every synthesized stack (every named environment and an
ephemeral copy) against the real provider schema from the mirror."""

from __future__ import annotations

import pytest

from tools.validate import validate


@pytest.mark.terraform
def test_every_stack_is_valid_terraform(platform) -> None:
    diagnostics = validate(platform.outdir)
    assert [str(d) for d in diagnostics] == []


@pytest.mark.slow
@pytest.mark.terraform
def test_shared_providers_still_check_every_stack_and_every_distinct_provider(platform, tmp_path) -> None:
    """The wrapper validates one provider configuration per shape: a stack whose provider differs
    in anything but its default tags' values keeps its own (and is checked), and a stack that
    inherits the shared provider still has every resource checked."""
    import json

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
        next(iter(config["resource"]["aws_s3_bucket"].values()))["no_such_bucket_argument"] = 1

    # the smallest stack, four times
    copy("state-dev", "a-state-dev", lambda config: None)
    copy("state-dev", "b-provider-dev", bad_provider)
    copy("state-dev", "c-tags-dev", bad_tag_block)
    copy("state-prod", "d-resource-prod", bad_resource)  # other tags and account: still shared
    found = " ".join(str(d) for d in validate(tmp_path) if d.severity == "error")
    assert "stacks/b-provider-dev/" in found and "no_such_argument" in found
    assert "stacks/c-tags-dev/" in found and "no_such_block_argument" in found
    assert "stacks/d-resource-prod/" in found and "no_such_bucket_argument" in found
    assert "a-state-dev" not in found
    shared = json.loads((tmp_path / "validate" / "stacks" / "d-resource-prod" / "cdk.tf.json").read_text())
    assert "provider" not in shared, "a stack of the same provider shape did not share its provider"
