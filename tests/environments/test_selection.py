"""Choosing environments from the variables set-env.sh exports."""

from __future__ import annotations

import pytest

from environments import ConfigError, from_environ


def test_default_is_local() -> None:
    [environment] = from_environ({})
    assert environment.name == "local" and environment.suffix == "local"
    assert environment.state.bucket == "platform-tfstate-local"


def test_suffix_makes_an_ephemeral_destroyable_copy() -> None:
    [environment] = from_environ({"ENVIRONMENT": "prod", "ENVIRONMENT_SUFFIX": "prod-copy"})
    assert environment.name == "prod" and environment.suffix == "prod-copy" and environment.ephemeral
    assert not environment.protection.prevent_destroy and environment.protection.force_destroy_buckets


def test_pull_request_shorthand_derives_from_dev() -> None:
    [environment] = from_environ({"ENVIRONMENT": "pr1234"})
    assert (environment.name, environment.suffix, environment.ephemeral) == ("dev", "pr1234", True)
    assert environment.tags["Ephemeral"] == "true"


def test_all_is_every_named_environment() -> None:
    assert [e.suffix for e in from_environ({"ENVIRONMENT": "all"})] == ["local", "dev", "staging", "prod"]


def test_state_bucket_and_endpoint_overrides() -> None:
    [dev] = from_environ({"ENVIRONMENT": "dev", "STATE_BUCKET": "acme-state"})
    assert dev.state.bucket == "acme-state"
    [local] = from_environ({"ENVIRONMENT": "local", "LOCAL_AWS_ENDPOINT": "http://127.0.0.1:5000"})
    assert local.emulator.endpoint == "http://127.0.0.1:5000"


@pytest.mark.parametrize(("environ", "message"), [
    ({"ENVIRONMENT": "qa"}, "ENVIRONMENT 'qa' is unknown: use one of local, dev, staging, prod, all"),
    ({"ENVIRONMENT": "dev", "ENVIRONMENT_SUFFIX": "PR-1"}, "ENVIRONMENT_SUFFIX 'PR-1' is invalid"),
    ({"ENVIRONMENT": "all", "ENVIRONMENT_SUFFIX": "x1"}, "ENVIRONMENT_SUFFIX cannot be combined with ENVIRONMENT=all"),
    ({"ENVIRONMENT": "pr12", "ENVIRONMENT_SUFFIX": "pr13"}, "ENVIRONMENT=pr12 already names the suffix"),
    ({"ENVIRONMENT": "local", "LOCAL_AWS_ENDPOINT": "http://192.168.1.2:4566"}, "must be a loopback URL"),
    ({"ENVIRONMENT": "dev", "STATE_BUCKET": "Bad_Bucket"}, "state.bucket 'Bad_Bucket' is not a valid S3 bucket name"),
])
def test_bad_selection_is_one_clear_line(environ: dict, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        from_environ(environ)
    assert len(raised.value.problems) == 1 and message in raised.value.problems[0]
