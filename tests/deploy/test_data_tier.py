"""The rest of the data and messaging tier on the emulator: SES e-mail from the environment's
domain (identity, DKIM, MAIL FROM, the records in the zone, the configuration set and its event
destination), read back through the AWS API, and nothing of it left after the destroy.

Marked ``deploy``: ``make test-fast`` skips it (tests/deploy/conftest.py deploys once per run)."""

from __future__ import annotations

import pytest

from tests.deploy.conftest import Deployment

pytestmark = pytest.mark.deploy

DOMAIN = "local.platform.test"
CONFIGURATION_SET = "platform-email-local"


def _records(deployment: Deployment) -> list[dict]:
    route53 = deployment.client("route53")
    [zone] = [z for z in route53.list_hosted_zones()["HostedZones"] if z["Name"] == f"{DOMAIN}."]
    return route53.list_resource_record_sets(HostedZoneId=zone["Id"])["ResourceRecordSets"]


def test_email_identity_has_dkim_and_its_records(deployment: Deployment) -> None:
    ses = deployment.client("ses")
    assert DOMAIN in ses.list_identities(IdentityType="Domain")["Identities"]
    tokens = ses.get_identity_dkim_attributes(Identities=[DOMAIN])["DkimAttributes"][DOMAIN]["DkimTokens"]
    assert len(tokens) == 3
    records = {(r["Name"].rstrip("."), r["Type"]): r for r in _records(deployment)}
    for token in tokens:
        cname = records[(f"{token}._domainkey.{DOMAIN}", "CNAME")]
        assert cname["ResourceRecords"] == [{"Value": f"{token}.dkim.amazonses.com"}]
    mail_from = ses.get_identity_mail_from_domain_attributes(Identities=[DOMAIN])["MailFromDomainAttributes"][DOMAIN]
    assert mail_from["MailFromDomain"] == f"mail.{DOMAIN}"
    assert records[(f"mail.{DOMAIN}", "MX")]["ResourceRecords"] == [
        {"Value": "10 feedback-smtp.us-east-1.amazonses.com"}
    ]
    spf = records[(f"mail.{DOMAIN}", "TXT")]["ResourceRecords"][0]["Value"]
    assert "v=spf1 include:amazonses.com" in spf
    dmarc = records[(f"_dmarc.{DOMAIN}", "TXT")]["ResourceRecords"][0]["Value"]
    assert "v=DMARC1; p=quarantine" in dmarc


def test_email_events_go_to_the_encrypted_topic(deployment: Deployment) -> None:
    ses = deployment.client("ses")
    described = ses.describe_configuration_set(
        ConfigurationSetName=CONFIGURATION_SET, ConfigurationSetAttributeNames=["eventDestinations"]
    )
    [destination] = described["EventDestinations"]
    assert sorted(destination["MatchingEventTypes"]) == ["bounce", "complaint", "delivery"]
    topic_arn = destination["SNSDestination"]["TopicARN"]
    assert topic_arn.endswith(":platform-email-events-local")
    attributes = deployment.client("sns").get_topic_attributes(TopicArn=topic_arn)["Attributes"]
    assert attributes["KmsMasterKeyId"]


@pytest.mark.after_destroy
def test_no_email_is_left_after_the_destroy(deployment: Deployment) -> None:
    ses = deployment.client("ses")
    assert DOMAIN not in ses.list_identities()["Identities"]
    assert CONFIGURATION_SET not in [c["Name"] for c in ses.list_configuration_sets()["ConfigurationSets"]]
