"""The account's OpenID Connect provider for GitHub Actions."""

from __future__ import annotations

from dataclasses import dataclass

from modules.core.framework import Construct, aws

GITHUB_ISSUER = "token.actions.githubusercontent.com"
"""The host of GitHub's OIDC issuer: also the prefix of its claims' IAM condition keys."""
STS_AUDIENCE = "sts.amazonaws.com"
"""The audience ``aws-actions/configure-aws-credentials`` asks GitHub for."""


@dataclass(frozen=True, kw_only=True)
class GithubOidcProviderProps:
    issuer: str = GITHUB_ISSUER
    """The issuer's host; its ``https://`` URL is the provider's."""
    audiences: tuple[str, ...] = (STS_AUDIENCE,)
    """The ``aud`` values IAM accepts from it (the provider's client ids)."""


class GithubOidcProvider(Construct):
    """``aws_iam_openid_connect_provider`` for GitHub Actions: one per account (IAM refuses a
    second provider of the same URL). No thumbprints: IAM verifies GitHub's certificate against
    its own trusted CAs.

    Attributes: ``provider_arn``, ``issuer`` (the host, prefix of the condition keys
    ``<issuer>:sub`` ...)."""

    def __init__(self, scope: Construct, id_: str, props: GithubOidcProviderProps) -> None:
        super().__init__(scope, id_)
        # "provider" is the Terraform address: renaming it replaces the account's provider.
        provider = aws.iam_openid_connect_provider.IamOpenidConnectProvider(
            self,
            "provider",
            url=f"https://{props.issuer}",
            client_id_list=list(props.audiences),
        )
        self.provider_arn: str = provider.arn
        self.issuer = props.issuer
