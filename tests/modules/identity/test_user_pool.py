"""The user pool: e-mail sign-in and verification, the password policy, MFA and threat
protection from configuration, deletion protection from protection, groups, code-flow clients
(public without a secret, confidential with one), token lifetimes, custom or prefix domain."""

from __future__ import annotations

import json
import re

from environments.naming import Kind, Namer
from environments.schema import AppClientConfig, IdentityConfig, PasswordPolicyConfig, ProtectionConfig
from modules.core import framework
from modules.identity.user_pool import UserPool, UserPoolProps

NAMER = Namer("platform", "test")


DEFAULT = IdentityConfig()


def synth(spec: IdentityConfig = DEFAULT, **props) -> tuple[dict, UserPool]:
    stack = framework.TerraformStack(framework.Testing.app(), "test")
    framework.aws.provider.AwsProvider(stack, "aws", region="eu-west-1")
    settings = {
        "protection": ProtectionConfig(),
        "pool_name": NAMER.name("users", Kind.GENERIC),
        "client_name": NAMER.family("users", Kind.GENERIC),
        "region": "eu-west-1",
        "domain": "auth.test.example.com",
        "certificate_arn": "arn:aws:acm:us-east-1:123456789012:certificate/abc",
        "app_origin": "https://test.example.com",
    } | props
    pool = UserPool(stack, "users", UserPoolProps(spec=spec, **settings))
    return json.loads(framework.Testing.synth(stack)), pool


def one(synthesized: dict, kind: str) -> dict:
    [resource] = synthesized["resource"][kind].values()
    return resource


def test_users_sign_in_with_a_verified_email_and_the_configured_password_policy() -> None:
    spec = IdentityConfig(password=PasswordPolicyConfig(min_length=14, require_symbols=False))
    pool = one(synth(spec)[0], "aws_cognito_user_pool")
    assert pool["name"] == "platform-users-test"
    assert pool["username_attributes"] == ["email"] and pool["auto_verified_attributes"] == ["email"]
    assert pool["password_policy"]["minimum_length"] == 14
    assert pool["password_policy"]["require_symbols"] is False and pool["password_policy"]["require_numbers"] is True
    assert pool["admin_create_user_config"]["allow_admin_create_user_only"] is True  # no self sign-up by default
    assert pool["account_recovery_setting"]["recovery_mechanism"] == [{"name": "verified_email", "priority": 1}]


def test_mfa_follows_configuration() -> None:
    for mfa, expected, totp in (("off", "OFF", False), ("optional", "OPTIONAL", True), ("required", "ON", True)):
        pool = one(synth(IdentityConfig(mfa=mfa))[0], "aws_cognito_user_pool")
        assert pool["mfa_configuration"] == expected
        assert ("software_token_mfa_configuration" in pool) is totp


def test_threat_protection_only_where_configured_with_the_plus_plan() -> None:
    pool = one(synth(IdentityConfig())[0], "aws_cognito_user_pool")
    assert "user_pool_add_ons" not in pool and "user_pool_tier" not in pool
    pool = one(synth(IdentityConfig(threat_protection="enforced"))[0], "aws_cognito_user_pool")
    assert pool["user_pool_add_ons"] == {"advanced_security_mode": "ENFORCED"} and pool["user_pool_tier"] == "PLUS"


def test_deletion_protection_and_prevent_destroy_follow_protection() -> None:
    pool = one(synth()[0], "aws_cognito_user_pool")
    assert pool["deletion_protection"] == "INACTIVE" and "lifecycle" not in pool
    protected = ProtectionConfig(deletion_protection=True, prevent_destroy=True, force_destroy_buckets=False)
    pool = one(synth(protection=protected)[0], "aws_cognito_user_pool")
    assert pool["deletion_protection"] == "ACTIVE" and pool["lifecycle"]["prevent_destroy"] is True


def test_groups_from_configuration() -> None:
    synthesized, pool = synth(IdentityConfig(groups=("admin", "editors")))
    groups = synthesized["resource"]["aws_cognito_user_group"].values()
    assert sorted(group["name"] for group in groups) == ["admin", "editors"]
    assert pool.groups == ("admin", "editors")


def test_clients_use_the_code_flow_public_without_and_confidential_with_a_secret() -> None:
    synthesized, pool = synth()
    clients = {c["name"]: c for c in synthesized["resource"]["aws_cognito_user_pool_client"].values()}
    assert set(clients) == {"platform-users-web-test", "platform-users-dashboard-test"}
    assert set(pool.client_ids) == {"web", "dashboard"}
    web, dashboard = clients["platform-users-web-test"], clients["platform-users-dashboard-test"]
    assert web["generate_secret"] is False and dashboard["generate_secret"] is True
    for client in (web, dashboard):
        assert client["allowed_oauth_flows"] == ["code"]  # never implicit: a public client must use PKCE
        assert client["callback_urls"] == ["https://test.example.com/auth/callback"]
        assert client["logout_urls"] == ["https://test.example.com/"]
        assert client["supported_identity_providers"] == ["COGNITO"]
        assert client["prevent_user_existence_errors"] == "ENABLED"
        assert (client["access_token_validity"], client["id_token_validity"], client["refresh_token_validity"]) == (
            60,
            60,
            30,
        )
        assert client["token_validity_units"] == [
            {"access_token": "minutes", "id_token": "minutes", "refresh_token": "days"}
        ]


def test_token_lifetimes_and_extra_callbacks_from_configuration() -> None:
    spec = IdentityConfig(
        access_token_minutes=15,
        clients=(AppClientConfig(name="web", extra_callback_urls=("https://app.example.com/cb",)),),
    )
    client = one(synth(spec)[0], "aws_cognito_user_pool_client")
    assert client["access_token_validity"] == 15
    assert client["callback_urls"] == ["https://test.example.com/auth/callback", "https://app.example.com/cb"]


def test_a_client_without_any_callback_has_no_hosted_ui_flow() -> None:
    client = one(
        synth(IdentityConfig(clients=(AppClientConfig(name="web"),)), app_origin=None)[0],
        "aws_cognito_user_pool_client",
    )
    assert client["allowed_oauth_flows_user_pool_client"] is False and "allowed_oauth_flows" not in client


def test_custom_domain_with_its_certificate_or_the_prefix_domain() -> None:
    synthesized, pool = synth()
    domain = one(synthesized, "aws_cognito_user_pool_domain")
    assert domain["domain"] == "auth.test.example.com" and domain["certificate_arn"].startswith("arn:aws:acm:us-east-1")
    assert pool.hosted_ui_url == "https://auth.test.example.com"
    synthesized, pool = synth(domain="platform-auth-test-123456789012", certificate_arn=None, app_origin=None)
    domain = one(synthesized, "aws_cognito_user_pool_domain")
    assert domain["domain"] == "platform-auth-test-123456789012" and "certificate_arn" not in domain
    assert pool.hosted_ui_url == "https://platform-auth-test-123456789012.auth.eu-west-1.amazoncognito.com"


def test_the_issuer_is_the_pools_endpoint() -> None:
    stack = framework.TerraformStack(framework.Testing.app(), "test")
    framework.aws.provider.AwsProvider(stack, "aws", region="eu-west-1")
    pool = UserPool(
        stack,
        "users",
        UserPoolProps(
            spec=IdentityConfig(),
            protection=ProtectionConfig(),
            pool_name="p",
            client_name=lambda name: name,
            region="eu-west-1",
            domain="prefix",
        ),
    )
    framework.TerraformOutput(stack, "issuer", value=pool.issuer_url)
    synthesized = json.loads(framework.Testing.synth(stack))
    issuer = synthesized["output"]["issuer"]["value"]
    assert re.fullmatch(r"https://\$\{aws_cognito_user_pool\.users_pool_[0-9A-F]+\.endpoint\}", issuer)
