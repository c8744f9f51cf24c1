"""Choosing environments from the variables set-env.sh exports."""

from __future__ import annotations

import pytest

from environments import NAMED, ConfigError, from_environ


def test_default_is_local() -> None:
    [environment] = from_environ({})
    assert environment.name == "local" and environment.suffix == "local"
    assert environment.state.bucket == "platform-tfstate-local"


def test_suffix_makes_an_ephemeral_destroyable_copy() -> None:
    [environment] = from_environ({"ENVIRONMENT": "staging", "ENVIRONMENT_SUFFIX": "rc7"})
    assert environment.name == "staging" and environment.suffix == "rc7" and environment.ephemeral
    assert not environment.protection.prevent_destroy and environment.protection.force_destroy_buckets
    assert not environment.protection.confirm


def test_pull_request_shorthand_derives_from_dev() -> None:
    [environment] = from_environ({"ENVIRONMENT": "pr1234"})
    assert (environment.name, environment.suffix, environment.ephemeral) == ("dev", "pr1234", True)
    assert environment.identity_tags("service")["Ephemeral"] == "true"
    assert "Ephemeral" not in environment.tags  # the platform's tag, set by the provider after the environment's


def test_all_is_every_named_environment() -> None:
    assert [e.suffix for e in from_environ({"ENVIRONMENT": "all"})] == list(NAMED)


def test_endpoint_override() -> None:
    [local] = from_environ({"ENVIRONMENT": "local", "LOCAL_AWS_ENDPOINT": "http://127.0.0.1:5000"})
    assert local.emulator.endpoint == "http://127.0.0.1:5000"


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"ENVIRONMENT": "qa"}, "ENVIRONMENT 'qa' is unknown: use one of local, dev, staging, prod, all"),
        ({"ENVIRONMENT": "dev", "ENVIRONMENT_SUFFIX": "PR-1"}, "ENVIRONMENT_SUFFIX 'PR-1' is invalid"),
        (
            {"ENVIRONMENT": "all", "ENVIRONMENT_SUFFIX": "x1"},
            "ENVIRONMENT_SUFFIX cannot be combined with ENVIRONMENT=all",
        ),
        ({"ENVIRONMENT": "pr12", "ENVIRONMENT_SUFFIX": "pr13"}, "ENVIRONMENT=pr12 already names the suffix"),
        ({"ENVIRONMENT": "local", "LOCAL_AWS_ENDPOINT": "http://192.168.1.2:4566"}, "must be a loopback URL"),
        ({"ENVIRONMENT": "dev", "STATE_BUCKET": "other-bucket"}, "STATE_BUCKET is set but no longer read"),
    ],
)
def test_bad_selection_is_one_clear_line(environ: dict, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        from_environ(environ)
    assert len(raised.value.problems) == 1 and message in raised.value.problems[0]
