"""Transactional e-mail (SES v1): the domain identity, DKIM's three CNAMEs, the MAIL FROM domain
with its MX and SPF records, DMARC, the configuration set reporting to a KMS-encrypted topic
that admits SES for this set only, and the send grant (this identity, this set, this domain)."""

from __future__ import annotations

import json

import pytest

import modules.core.framework as framework
from environments.schema import EmailConfig
from tests.conftest import environment_of, policy_statements, suffixes

KEY = "arn:aws:kms:eu-west-1:111111111111:key/1"
TOPIC = "arn:aws:sns:eu-west-1:111111111111:platform-alarms-dev"


def synth_email(**spec) -> tuple[dict, object]:
    from modules.messaging.email import EmailProps, TransactionalEmail

    stack = framework.TerraformStack(framework.Testing.app(), "test")
    email = TransactionalEmail(
        stack,
        "email",
        EmailProps(
            spec=EmailConfig(**spec),
            domain="dev.example.com",
            zone_id="Z123",
            configuration_set_name="platform-email-dev",
            topic_name="platform-email-events-dev",
            kms_key_arn=KEY,
            alarm_name=lambda what: f"platform-email-{what}-dev",
            alarm_topic_arn=TOPIC,
        ),
    )
    return json.loads(framework.Testing.synth(stack)), email


def records(document: dict) -> dict[str, dict]:
    return {
        key.removeprefix("email_").rsplit("_", 1)[0]: r for key, r in document["resource"]["aws_route53_record"].items()
    }


def test_dkim_gives_three_cnames_in_the_zone() -> None:
    document, _ = synth_email()
    found = records(document)
    for index in range(3):
        record = found[f"dkim-{index}"]
        assert record["type"] == "CNAME" and record["zone_id"] == "Z123"
        token = "${element(aws_ses_domain_dkim.email_dkim_"
        assert record["name"].startswith(token) and record["name"].endswith(f", {index})}}._domainkey.dev.example.com")
        assert record["records"][0].endswith(f", {index})}}.dkim.amazonses.com")
    [dkim] = document["resource"]["aws_ses_domain_dkim"].values()
    assert dkim["domain"].startswith("${aws_ses_domain_identity.email_identity")


def test_mail_from_has_its_mx_and_spf_and_dmarc_follows_the_configuration() -> None:
    document, _ = synth_email(dmarc_policy="reject", dmarc_reports="dmarc@example.com")
    found = records(document)
    [mail_from] = document["resource"]["aws_ses_domain_mail_from"].values()
    assert mail_from["mail_from_domain"] == "mail.dev.example.com"
    assert found["mail-from-mx"]["name"] == "mail.dev.example.com" and found["mail-from-mx"]["type"] == "MX"
    assert found["mail-from-mx"]["records"][0].startswith("10 feedback-smtp.${data.aws_region.")
    assert found["mail-from-spf"]["records"] == ["v=spf1 include:amazonses.com -all"]
    assert found["dmarc"]["name"] == "_dmarc.dev.example.com" and found["dmarc"]["type"] == "TXT"
    assert found["dmarc"]["records"] == ["v=DMARC1; p=reject; rua=mailto:dmarc@example.com"]


def test_the_configuration_set_requires_tls_and_reports_bounces_complaints_deliveries_to_an_encrypted_topic() -> None:
    document, _ = synth_email()
    [configuration_set] = document["resource"]["aws_ses_configuration_set"].values()
    assert configuration_set["name"] == "platform-email-dev"
    assert configuration_set["delivery_options"] == {"tls_policy": "Require"}
    assert configuration_set["reputation_metrics_enabled"] is True
    [destination] = document["resource"]["aws_ses_event_destination"].values()
    assert sorted(destination["matching_types"]) == ["bounce", "complaint", "delivery"]
    assert destination["sns_destination"]["topic_arn"].startswith("${aws_sns_topic.email_events_topic")
    [topic] = document["resource"]["aws_sns_topic"].values()
    assert topic["name"] == "platform-email-events-dev" and topic["kms_master_key_id"] == KEY


def test_the_topic_admits_ses_only_for_this_configuration_set_of_this_account() -> None:
    document, _ = synth_email()
    [policy] = [d for k, d in document["data"]["aws_iam_policy_document"].items() if "events_policy" in k]
    [ses] = [s for s in policy["statement"] if s["effect"] == "Allow"]
    assert ses["principals"][0]["identifiers"][0].startswith("ses.")
    assert ses["actions"] == ["sns:Publish"] and ses["resources"][0].startswith("${aws_sns_topic.email_events_topic")
    conditions = {c["variable"]: c for c in ses["condition"]}
    assert set(conditions) == {"aws:SourceAccount", "aws:SourceArn"}
    assert conditions["aws:SourceArn"]["values"][0].endswith(":configuration-set/platform-email-dev")


def test_local_options_leave_tls_policy_and_reputation_metrics_out() -> None:
    document, _ = synth_email(require_tls=False, reputation_metrics=False)
    [configuration_set] = document["resource"]["aws_ses_configuration_set"].values()
    assert "delivery_options" not in configuration_set
    assert configuration_set["reputation_metrics_enabled"] is False


def test_the_send_grant_names_this_identity_and_set_and_holds_the_sender_to_the_domain() -> None:
    _, email = synth_email()
    [statement] = email.grant_send(email)
    assert list(statement.actions) == ["ses:SendEmail", "ses:SendRawEmail"]
    assert list(statement.resources) == [email.identity_arn, email.configuration_set_arn]
    [condition] = statement.conditions
    assert (condition.test, condition.variable, list(condition.values)) == (
        "StringLike",
        "ses:FromAddress",
        ["*@dev.example.com"],
    )


@pytest.mark.parametrize("suffix", suffixes(lambda e: e.email is not None))
def test_the_messaging_key_admits_ses_for_the_environments_configuration_set_only(platform, suffix: str) -> None:
    statements = policy_statements(platform, f"messaging-{suffix}", "messaging-key_policy")
    [ses] = [s for s in statements if s.get("principals", [{}])[0].get("identifiers", [""])[0].startswith("ses.")]
    assert ses["actions"] == ["kms:GenerateDataKey*", "kms:Decrypt"]
    arn = {c["variable"]: c for c in ses["condition"]}["aws:SourceArn"]["values"][0]
    assert arn.endswith(f":configuration-set/{environment_of(suffix).project}-email-{suffix}")


def test_the_sending_reputation_is_watched_on_the_alarm_topic() -> None:
    document, email = synth_email(bounce_rate_percent=2, complaint_rate_percent=0.05)
    alarms = {a["alarm_name"]: a for a in document["resource"]["aws_cloudwatch_metric_alarm"].values()}
    assert set(alarms) == {"platform-email-bounce-rate-dev", "platform-email-complaint-rate-dev"}
    assert len(email.alarm_names) == 2
    bounce, complaint = alarms["platform-email-bounce-rate-dev"], alarms["platform-email-complaint-rate-dev"]
    assert (bounce["namespace"], bounce["metric_name"], bounce["threshold"]) == (
        "AWS/SES",
        "Reputation.BounceRate",
        0.02,
    )
    assert (complaint["metric_name"], complaint["threshold"]) == ("Reputation.ComplaintRate", 0.0005)
    assert bounce["alarm_actions"] == complaint["alarm_actions"] == [TOPIC]


def test_only_the_dkim_records_may_overwrite_a_record_a_cut_off_apply_made() -> None:
    """A DKIM record's name is a token known only after SES made it, so a re-run cannot adopt it
    by name (tools/adopt.py); its create overwrites instead (the interrupted-deploy test failed
    with 'already exists' on the three CNAMEs). Records with names known at plan time are adopted
    and never overwrite."""
    document, _ = synth_email()
    overwriting = sorted(name for name, r in records(document).items() if r.get("allow_overwrite"))
    assert overwriting == ["dkim-0", "dkim-1", "dkim-2"]
