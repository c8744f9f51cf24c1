"""A Cognito user pool: e-mail sign-in with Cognito's verification, a password policy, MFA by
authenticator app, optional threat protection, groups, app clients and the hosted-UI domain.

Clients use the authorization-code flow only (no implicit flow): a public client (``web``) has
no secret and so must send a PKCE challenge, a confidential one (``dashboard``) gets a secret.
The hosted UI is either a custom domain (``auth.<domain>``: the stack passes its us-east-1
certificate and makes the alias record to ``cloudfront_distribution``) or Cognito's prefix domain.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from environments.schema.identity import IdentityConfig
from environments.schema.protection import ProtectionConfig
from modules.core.framework import Construct, aws
from modules.core.lifecycle import lifecycle

MFA = {"off": "OFF", "optional": "OPTIONAL", "required": "ON"}
THREAT_PROTECTION = {"audit": "AUDIT", "enforced": "ENFORCED"}


@dataclass(frozen=True, kw_only=True)
class UserPoolProps:
    spec: IdentityConfig
    protection: ProtectionConfig
    """``deletion_protection`` protects the pool, ``prevent_destroy`` keeps Terraform from destroying it."""
    pool_name: str
    client_name: Callable[[str], str]
    """A client's physical name from its logical one (``namer.family(...)``)."""
    region: str
    """The pool's region (its issuer and prefix domain name it)."""
    domain: str
    """The hosted UI's custom domain (``auth.dev.example.com``) with ``certificate_arn``, or the
    Cognito prefix (``platform-auth-dev-123456789012``) without."""
    certificate_arn: str | None = None
    """A us-east-1 ACM certificate for ``domain``: makes it a custom domain."""
    app_origin: str | None = None
    """``https://<domain>``: the clients' callback and logout URLs are their paths on it."""


class UserPool(Construct):
    """Attributes: ``user_pool_id``, ``user_pool_arn``, ``issuer_url`` (a JWT authorizer's
    issuer), ``client_ids`` (logical name -> id; every one an audience), ``hosted_ui_url``,
    ``cloudfront_distribution`` and ``cloudfront_distribution_zone_id`` (a custom domain's alias
    target), ``groups`` (names)."""

    def __init__(self, scope: Construct, id_: str, props: UserPoolProps) -> None:
        super().__init__(scope, id_)
        spec = props.spec
        threat = THREAT_PROTECTION.get(spec.threat_protection)
        # Construct ids are Terraform addresses: renaming "pool" replaces the pool and its users.
        self.pool = aws.cognito_user_pool.CognitoUserPool(
            self,
            "pool",
            name=props.pool_name,
            username_attributes=["email"],
            auto_verified_attributes=["email"],
            username_configuration=aws.cognito_user_pool.CognitoUserPoolUsernameConfiguration(case_sensitive=False),
            verification_message_template=aws.cognito_user_pool.CognitoUserPoolVerificationMessageTemplate(
                default_email_option="CONFIRM_WITH_CODE"
            ),
            account_recovery_setting=aws.cognito_user_pool.CognitoUserPoolAccountRecoverySetting(
                recovery_mechanism=[
                    aws.cognito_user_pool.CognitoUserPoolAccountRecoverySettingRecoveryMechanism(
                        name="verified_email", priority=1
                    )
                ]
            ),
            admin_create_user_config=aws.cognito_user_pool.CognitoUserPoolAdminCreateUserConfig(
                allow_admin_create_user_only=not spec.self_sign_up
            ),
            password_policy=aws.cognito_user_pool.CognitoUserPoolPasswordPolicy(
                minimum_length=spec.password.min_length,
                require_lowercase=spec.password.require_lowercase,
                require_uppercase=spec.password.require_uppercase,
                require_numbers=spec.password.require_numbers,
                require_symbols=spec.password.require_symbols,
                temporary_password_validity_days=spec.password.temporary_password_days,
            ),
            mfa_configuration=MFA[spec.mfa],
            software_token_mfa_configuration=(
                aws.cognito_user_pool.CognitoUserPoolSoftwareTokenMfaConfiguration(enabled=True)
                if spec.mfa != "off"
                else None
            ),
            user_pool_add_ons=(
                aws.cognito_user_pool.CognitoUserPoolUserPoolAddOns(advanced_security_mode=threat) if threat else None
            ),
            user_pool_tier="PLUS" if threat else None,
            deletion_protection="ACTIVE" if props.protection.deletion_protection else "INACTIVE",
            lifecycle=lifecycle(prevent_destroy=props.protection.prevent_destroy),
        )
        self.user_pool_id: str = self.pool.id
        self.user_pool_arn: str = self.pool.arn
        self.issuer_url: str = f"https://{self.pool.endpoint}"
        self.groups: tuple[str, ...] = spec.groups
        for group in spec.groups:
            aws.cognito_user_group.CognitoUserGroup(
                self, f"group-{group}", name=group, user_pool_id=self.pool.id, description=f"Users in {group}"
            )
        self.client_ids: dict[str, str] = {}
        for client in spec.clients:
            callbacks: Sequence[str] = (
                [f"{props.app_origin}{client.callback_path}"] if props.app_origin else []
            ) + list(client.extra_callback_urls)
            logouts = [f"{props.app_origin}{client.logout_path}"] if props.app_origin else []
            oauth = bool(callbacks)
            made = aws.cognito_user_pool_client.CognitoUserPoolClient(
                self,
                f"client-{client.name}",
                name=props.client_name(client.name),
                user_pool_id=self.pool.id,
                generate_secret=not client.public,
                explicit_auth_flows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                allowed_oauth_flows_user_pool_client=oauth,
                allowed_oauth_flows=["code"] if oauth else None,
                allowed_oauth_scopes=list(client.scopes) if oauth else None,
                callback_urls=list(callbacks) or None,
                logout_urls=logouts or None,
                supported_identity_providers=["COGNITO"],
                prevent_user_existence_errors="ENABLED",
                enable_token_revocation=True,
                access_token_validity=spec.access_token_minutes,
                id_token_validity=spec.id_token_minutes,
                refresh_token_validity=spec.refresh_token_days,
                token_validity_units=[
                    aws.cognito_user_pool_client.CognitoUserPoolClientTokenValidityUnits(
                        access_token="minutes", id_token="minutes", refresh_token="days"
                    )
                ],
            )
            self.client_ids[client.name] = made.id
        self.domain = aws.cognito_user_pool_domain.CognitoUserPoolDomain(
            self,
            "domain",
            domain=props.domain,
            user_pool_id=self.pool.id,
            certificate_arn=props.certificate_arn,
        )
        self.cloudfront_distribution: str = self.domain.cloudfront_distribution
        self.cloudfront_distribution_zone_id: str = self.domain.cloudfront_distribution_zone_id
        self.hosted_ui_url: str = (
            f"https://{props.domain}"
            if props.certificate_arn
            else f"https://{props.domain}.auth.{props.region}.amazoncognito.com"
        )
