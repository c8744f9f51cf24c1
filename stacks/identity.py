"""``identity-<suffix>`` (environments with ``identity``): the Cognito user pool, its groups and
app clients, and the hosted UI: ``<auth_label>.<domain>`` with a us-east-1 certificate and an
alias record where the environment has a domain, Cognito's prefix domain otherwise."""

from __future__ import annotations

from environments.naming import Kind
from environments.schema import Environment
from modules.core.context import AwsContext
from modules.core.framework import Construct, TerraformOutput
from modules.identity.user_pool import UserPool, UserPoolProps
from modules.network.certificate import Certificate, CertificateProps
from stacks.base import PlatformStack
from stacks.network import NetworkStack

CERTIFICATE_REGION = "us-east-1"
"""A Cognito custom domain is served by CloudFront: its certificate lives in us-east-1."""


class IdentityStack(PlatformStack):
    """Attributes for later stacks: ``user_pool`` (UserPool: ``issuer_url``, ``client_ids``, ``groups``)."""

    def __init__(self, scope: Construct, environment: Environment, network: NetworkStack) -> None:
        super().__init__(scope, "identity", environment)
        spec, domain, zone = environment.identity, environment.domain, network.zone
        assert spec is not None, "build_platform makes the identity stack only for environments with identity"
        certificate = None
        if domain is not None and zone is not None:
            auth_name = f"{spec.auth_label}.{domain.name}"
            provider = (
                self.add_aws_provider(alias="us_east_1", region=CERTIFICATE_REGION)
                if environment.region != CERTIFICATE_REGION
                else None
            )
            certificate = Certificate(
                self,
                "auth-certificate",
                CertificateProps(domain_name=auth_name, zone_id=zone.zone_id, provider=provider),
            )
        self.user_pool = UserPool(
            self,
            "users",
            UserPoolProps(
                spec=spec,
                protection=environment.protection,
                pool_name=self.namer.name("users", Kind.GENERIC),
                client_name=self.namer.family("users", Kind.GENERIC),
                region=environment.region,
                # Cognito's prefix domains are global per region and follow S3's bucket rules:
                # the account in the name keeps them one per account, as buckets.
                domain=auth_name if certificate else self.namer.bucket("auth", AwsContext.of(self).account_id),
                certificate_arn=certificate.certificate_arn if certificate else None,
                app_origin=f"https://{domain.name}" if domain is not None else None,
            ),
        )
        if certificate is not None and zone is not None:
            zone.alias(
                "auth",
                name=auth_name,
                target_dns_name=self.user_pool.cloudfront_distribution,
                target_zone_id=self.user_pool.cloudfront_distribution_zone_id,
                scope=self,
            )
        TerraformOutput(self, "user_pool_id", value=self.user_pool.user_pool_id)
        TerraformOutput(self, "user_pool_client_ids", value=self.user_pool.client_ids)
        TerraformOutput(self, "issuer_url", value=self.user_pool.issuer_url, description="The JWT issuer")
        TerraformOutput(self, "hosted_ui_url", value=self.user_pool.hosted_ui_url, description="The sign-in pages")
