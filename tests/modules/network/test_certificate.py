"""ACM certificates: DNS validation records in the zone, issued before use, replaced without a gap."""

from __future__ import annotations

import json

from modules.core import framework
from modules.network.certificate import Certificate, CertificateProps


def synth(**props) -> tuple[dict, Certificate]:
    stack = framework.TerraformStack(framework.Testing.app(), "test")
    framework.aws.provider.AwsProvider(stack, "aws", region="us-east-1")
    certificate = Certificate(stack, "cert", CertificateProps(domain_name="dev.example.com", zone_id="Z123", **props))
    return json.loads(framework.Testing.synth(stack)), certificate


def test_dns_validated_and_created_before_the_old_one_is_destroyed() -> None:
    synthesized, _ = synth()
    [certificate] = synthesized["resource"]["aws_acm_certificate"].values()
    assert certificate["domain_name"] == "dev.example.com" and certificate["validation_method"] == "DNS"
    assert certificate["lifecycle"]["create_before_destroy"] is True
    assert "subject_alternative_names" not in certificate


def test_one_validation_record_per_name_in_the_zone() -> None:
    synthesized, _ = synth(alternative_names=("www.dev.example.com",))
    [record] = synthesized["resource"]["aws_route53_record"].values()
    # for_each over the certificate's own validation options, keyed by the name they validate
    # (known at plan), iterating the set itself: tolist() of it would be unknown at plan
    assert record["for_each"] == (
        "${{ for option in aws_acm_certificate.cert_certificate_EC6438D5.domain_validation_options"
        " : option.domain_name => option }}"
    )
    assert record["zone_id"] == "Z123" and record["allow_overwrite"] is True
    assert record["name"] == "${each.value.resource_record_name}"
    assert record["records"] == ["${each.value.resource_record_value}"]
    [certificate] = synthesized["resource"]["aws_acm_certificate"].values()
    assert certificate["subject_alternative_names"] == ["www.dev.example.com"]


def test_consumers_get_the_arn_of_the_validation_so_they_wait_for_issuance() -> None:
    stack = framework.TerraformStack(framework.Testing.app(), "test")
    framework.aws.provider.AwsProvider(stack, "aws", region="us-east-1")
    certificate = Certificate(stack, "cert", CertificateProps(domain_name="dev.example.com", zone_id="Z123"))
    framework.TerraformOutput(stack, "used", value=certificate.certificate_arn)
    synthesized = json.loads(framework.Testing.synth(stack))
    [validation] = synthesized["resource"]["aws_acm_certificate_validation"].values()
    assert validation["certificate_arn"].startswith("${aws_acm_certificate.cert_certificate_")
    assert (
        validation["validation_record_fqdns"]
        == "${[ for key, val in aws_route53_record.cert_validation-record_9625C079: val.fqdn]}"
    )
    assert synthesized["output"]["used"]["value"].startswith("${aws_acm_certificate_validation.cert_validation_")
