"""Users: a Cognito user pool (e-mail sign-in), its groups, app clients and hosted-UI domain."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from environments.schema.formats import callback_url_problems
from environments.schema.rules import LOGICAL_NAME_PATTERN, _ranges

GROUP_NAME = re.compile(r"[a-z][a-z0-9-]{0,63}", re.ASCII)
"""A group's name: 1-64 of a-z, 0-9 and '-', starting with a letter (its ``cognito:groups`` claim)."""
CALLBACK_PATH = re.compile(r"/[A-Za-z0-9._~/-]{0,200}", re.ASCII)


@dataclass(frozen=True, kw_only=True)
class PasswordPolicyConfig:
    """What a password must hold (Cognito checks it at sign-up and reset)."""

    min_length: int = 12
    """8-99: NIST's floor is 8; 12 is the default here."""
    require_lowercase: bool = True
    require_uppercase: bool = True
    require_numbers: bool = True
    require_symbols: bool = True
    temporary_password_days: int = 3
    """How long an administrator-set temporary password works (1-365 days)."""

    def problems(self, at: str) -> list[str]:
        return _ranges(self, at, (("min_length", 8, 99), ("temporary_password_days", 1, 365, " days")))


@dataclass(frozen=True, kw_only=True)
class AppClientConfig:
    """An application that signs users in through the hosted UI (authorization-code flow)."""

    name: str
    """Logical name (``web``); the client's name is ``<project>-<name>-<suffix>``."""
    public: bool = True
    """A public client (a browser or mobile app) has no secret and must use PKCE; a confidential
    one (a server) gets a secret."""
    callback_path: str = "/auth/callback"
    """Where Cognito sends a signed-in user: ``https://<domain><callback_path>``."""
    logout_path: str = "/"
    """Where Cognito sends a signed-out user: ``https://<domain><logout_path>``."""
    extra_callback_urls: tuple[str, ...] = ()
    """Further callback URLs (a developer's ``http://localhost:3000/auth/callback`` only in the
    emulator's environment: HTTPS everywhere else)."""
    scopes: tuple[str, ...] = ("openid", "email", "profile")
    """OAuth scopes the client may ask for."""

    def problems(self, at: str, *, https_only: bool) -> list[str]:
        at = f"{at}[{self.name}]"
        out: list[str] = []
        if not LOGICAL_NAME_PATTERN.fullmatch(self.name):
            out.append(
                f"{at}.name {self.name!r} must be 1-30 of a-z and 0-9 in words joined by single '-', starting with a letter"
            )
        for label in ("callback_path", "logout_path"):
            path = getattr(self, label)
            if not CALLBACK_PATH.fullmatch(path):
                out.append(
                    f"{at}.{label} {path!r} must be a path such as '/auth/callback' (letters, digits, . _ ~ / -)"
                )
        for url in self.extra_callback_urls:
            out += callback_url_problems(url, f"{at}.extra_callback_urls", https_only=https_only)
        allowed = {"openid", "email", "profile", "phone", "aws.cognito.signin.user.admin"}
        out += [
            f"{at}.scopes entry {scope!r} is not one of {sorted(allowed)}"
            for scope in self.scopes
            if scope not in allowed
        ]
        if "openid" not in self.scopes:
            out.append(f"{at}.scopes must include 'openid' (the hosted UI's sign-in returns an ID token)")
        return out


DEFAULT_GROUPS = ("admin", "test")
DEFAULT_CLIENTS = (AppClientConfig(name="web"), AppClientConfig(name="dashboard", public=False))


@dataclass(frozen=True, kw_only=True)
class IdentityConfig:
    """A Cognito user pool: users sign in with their e-mail address, which Cognito verifies.

    The hosted UI answers at ``auth.<domain>`` (its own us-east-1 certificate and alias record)
    where the environment has a domain, else at Cognito's prefix domain
    (``<project>-auth-<suffix>-<account>.auth.<region>.amazoncognito.com``). Deletion protection
    follows ``protection.deletion_protection``. Outputs: the pool's id, the clients' ids, the
    issuer URL and the hosted UI's URL (identity stack)."""

    mfa: Literal["off", "optional", "required"] = "optional"
    """Second factor (an authenticator app, TOTP): off, offered, or required of every user."""
    password: PasswordPolicyConfig = field(default_factory=PasswordPolicyConfig)
    threat_protection: Literal["off", "audit", "enforced"] = "off"
    """Cognito's threat protection (compromised credentials, adaptive authentication): needs the
    Plus feature plan, which this sets when not ``off`` (billed per active user)."""
    groups: tuple[str, ...] = DEFAULT_GROUPS
    """The groups users can be put in; a token carries its user's in ``cognito:groups``."""
    clients: tuple[AppClientConfig, ...] = DEFAULT_CLIENTS
    access_token_minutes: int = 60
    id_token_minutes: int = 60
    refresh_token_days: int = 30
    self_sign_up: bool = False
    """Whether anyone may sign up through the hosted UI; off, administrators create users."""
    auth_label: str = "auth"
    """With a domain, the hosted UI's name is ``<auth_label>.<domain>``."""

    def problems(self, at: str, *, https_only: bool) -> list[str]:
        out = self.password.problems(f"{at}.password")
        out += _ranges(
            self,
            at,
            (
                ("access_token_minutes", 5, 1440, " minutes"),
                ("id_token_minutes", 5, 1440, " minutes"),
                ("refresh_token_days", 1, 3650, " days"),
            ),
        )
        out += [
            f"{at}.groups entry {group!r} must be 1-64 of a-z, 0-9 and '-', starting with a letter"
            for group in self.groups
            if not GROUP_NAME.fullmatch(group)
        ]
        if len(set(self.groups)) != len(self.groups):
            out.append(f"{at}.groups has duplicates {sorted(self.groups)}")
        if not self.clients:
            out.append(f"{at}.clients is empty: add at least one AppClientConfig (e.g. name='web')")
        names = [client.name for client in self.clients]
        if len(set(names)) != len(names):
            out.append(f"{at}.clients has duplicate names {sorted(names)}")
        for client in self.clients:
            out += client.problems(f"{at}.clients", https_only=https_only)
        if not re.fullmatch(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?", self.auth_label, re.ASCII):
            out.append(f"{at}.auth_label {self.auth_label!r} must be one DNS label (a-z, 0-9, '-')")
        return out
