"""The identity section's rules: each bad value is one line naming the field and the fix, and
the named environments' user pools as the issue asks (groups, clients, MFA required in prod)."""

from __future__ import annotations

from typing import Any

import pytest

from environments import named
from environments.edit import replace_identity
from environments.schema import ConfigError
from tests.conftest import environment_of, suffixes
from tests.environments.test_schema import replace_path

BAD_IDENTITY: list[tuple[str, str, Any, str]] = [
    (
        "dev",
        "identity.password.min_length",
        6,
        "environments.dev.identity.password.min_length (6) must be between 8 and 99",
    ),
    (
        "dev",
        "identity.clients[web].extra_callback_urls",
        ("http://app.example.com/auth/callback",),
        "environments.dev.identity.clients[web].extra_callback_urls entry 'http://app.example.com/auth/callback' "
        "must use https:// outside the emulator's environment",
    ),
    (
        "dev",
        "identity.clients[web].extra_callback_urls",
        ("https://app.example.com/cb?next=x",),
        "environments.dev.identity.clients[web].extra_callback_urls entry 'https://app.example.com/cb?next=x' must be "
        "an absolute URL such as 'https://app.example.com/auth/callback' (lowercase host, optional port and path, "
        "no query or fragment)",
    ),
    (
        "dev",
        "identity.groups",
        ("admin", "Admins!"),
        "environments.dev.identity.groups entry 'Admins!' must be 1-64 of a-z, 0-9 and '-', starting with a letter",
    ),
    (
        "dev",
        "identity.groups",
        ("admin", "admin"),
        "environments.dev.identity.groups has duplicates ['admin', 'admin']",
    ),
    (
        "dev",
        "identity.access_token_minutes",
        2,
        "environments.dev.identity.access_token_minutes (2 minutes) must be between 5 and 1440",
    ),
    (
        "dev",
        "identity.clients[web].scopes",
        ("email",),
        "environments.dev.identity.clients[web].scopes must include 'openid' (the hosted UI's sign-in returns an ID token)",
    ),
    (
        "dev",
        "identity.clients",
        (),
        "environments.dev.identity.clients is empty: add at least one AppClientConfig (e.g. name='web')",
    ),
    (
        "dev",
        "identity.auth_label",
        "origin",
        "environments.dev.identity.auth_label 'origin' is domain.origin_label too: choose another",
    ),
    (
        "dev",
        "identity.mfa",
        "sometimes",
        "environments.dev.identity.mfa 'sometimes' is not allowed: use one of 'off', 'optional', 'required'",
    ),
]


@pytest.mark.parametrize("case", BAD_IDENTITY, ids=[f"{c[1]}={c[2]!r}"[:50] for c in BAD_IDENTITY])
def test_bad_identity_is_one_line_naming_the_field(case: tuple[str, str, Any, str]) -> None:
    environment, path, value, message = case
    with pytest.raises(ConfigError) as raised:
        replace_path(named(environment), path, value).validate()
    assert raised.value.problems == [message]


def test_http_callbacks_are_for_the_emulators_environment_only() -> None:
    local = next(suffix for suffix in suffixes(lambda e: e.emulator is not None and e.identity is not None))
    environment = environment_of(local)
    changed = replace_path(environment, "identity.clients[web].extra_callback_urls", ("http://localhost:3000/cb",))
    changed.validate()


def test_replace_identity_refuses_an_unknown_field_and_an_environment_without_identity() -> None:
    with pytest.raises(ConfigError, match=r"environments.dev.identity: IdentityConfig has no field 'mfa_mode'"):
        replace_identity(named("dev"), mfa_mode="on")
    without = replace_path(named("dev"), "identity", None)
    with pytest.raises(ConfigError, match=r"environments.dev.identity is not set"):
        replace_identity(without, mfa="required")


@pytest.mark.parametrize("suffix", suffixes(lambda e: e.identity is not None))
def test_the_default_pools_have_admin_and_test_groups_and_web_and_dashboard_clients(suffix: str) -> None:
    identity = environment_of(suffix).identity
    assert identity is not None
    assert identity.groups == ("admin", "test")
    assert {client.name: client.public for client in identity.clients} == {"web": True, "dashboard": False}
    assert identity.password.min_length >= 8


@pytest.mark.parametrize("suffix", suffixes(lambda e: e.protection.deletion_protection and e.identity is not None))
def test_environments_that_protect_their_data_require_mfa(suffix: str) -> None:
    """prod (and what derives from it) sets mfa="required" and threat protection in its file."""
    identity = environment_of(suffix).identity
    assert identity is not None and identity.mfa == "required"
