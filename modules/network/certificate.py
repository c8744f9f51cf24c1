"""An ACM certificate validated through DNS records in a Route53 zone.

The certificate is created before the one it replaces is destroyed (``create_before_destroy``),
so a listener or distribution always holds an issued certificate while a name changes.
Consumers use ``certificate_arn``, which comes from the ``aws_acm_certificate_validation``
resource: whatever reads it waits until ACM has issued the certificate, never attaching a
pending one. One validation record per name (``for_each`` over the certificate's own
``domain_validation_options``, keyed by name), so adding a name adds a record.

The region is the provider's: a certificate for CloudFront must be made with a us-east-1
provider, one for a load balancer in the load balancer's region.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from modules.core.framework import Construct, TerraformIterator, Token, aws
from modules.core.lifecycle import lifecycle


@dataclass(frozen=True, kw_only=True)
class CertificateProps:
    domain_name: str
    """The certificate's subject (``dev.example.com``)."""
    zone_id: str
    """The public hosted zone the validation records go into; it must be authoritative for
    every name (delegated), or ACM never issues."""
    alternative_names: Sequence[str] = ()
    """Further names the certificate covers (subject alternative names)."""
    key_algorithm: Literal["RSA_2048", "EC_prime256v1", "EC_secp384r1"] = "RSA_2048"
    """RSA 2048 is accepted by every client and by CloudFront and ALB alike."""
    validation_ttl_seconds: int = 300
    """TTL of the validation CNAMEs (they stay: ACM renews through them)."""
    provider: aws.provider.AwsProvider | None = None
    """The provider of the certificate's region, when it is not the stack's (a Cognito custom
    domain's certificate is in us-east-1 whatever the pool's region)."""


class Certificate(Construct):
    """Attributes: ``certificate_arn`` (issued; waits for validation), ``domain_name``,
    ``certificate`` and ``validation`` (the resources, for tests and dependencies)."""

    def __init__(self, scope: Construct, id_: str, props: CertificateProps) -> None:
        super().__init__(scope, id_)
        # Construct ids are Terraform addresses: renaming "certificate" replaces the certificate.
        self.certificate = aws.acm_certificate.AcmCertificate(
            self,
            "certificate",
            domain_name=props.domain_name,
            subject_alternative_names=list(props.alternative_names) or None,
            validation_method="DNS",
            key_algorithm=props.key_algorithm,
            provider=props.provider,
            lifecycle=lifecycle(create_before_destroy=True),
            tags={"Name": props.domain_name},
        )
        # Keyed by the name each option validates, which is known at plan (the records are not).
        # Not TerraformIterator.from_complex_list: its tolist() of a set with unknown members is
        # unknown as a whole, and for_each refuses it.
        options = TerraformIterator.from_map(
            Token.as_any_map(
                f"${{{{ for option in {self.certificate.fqn}.domain_validation_options : option.domain_name => option }}}}"
            )
        )
        records = aws.route53_record.Route53Record(
            self,
            "validation-record",
            for_each=options,
            zone_id=props.zone_id,
            name=options.get_string("resource_record_name"),
            type=options.get_string("resource_record_type"),
            records=[options.get_string("resource_record_value")],
            ttl=props.validation_ttl_seconds,
            # A re-created certificate for the same name asks for the same record.
            allow_overwrite=True,
        )
        self.validation = aws.acm_certificate_validation.AcmCertificateValidation(
            self,
            "validation",
            certificate_arn=self.certificate.arn,
            provider=props.provider,
            validation_record_fqdns=Token.as_list(TerraformIterator.from_resources(records).pluck_property("fqdn")),
        )
        self.certificate_arn: str = self.validation.certificate_arn
        self.domain_name = props.domain_name
