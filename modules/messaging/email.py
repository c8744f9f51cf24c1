"""Transactional e-mail through SES from the environment's domain (``EmailConfig``).

SES v1 resources throughout (``aws_ses_domain_identity``, ``aws_ses_domain_dkim``,
``aws_ses_domain_mail_from``, ``aws_ses_configuration_set``, ``aws_ses_event_destination``):
they carry the same settings as the v2 ones here, and the local emulator (moto) serves them,
DKIM tokens included, where its sesv2 returns none.

- the domain identity with Easy DKIM: three CNAMEs ``<token>._domainkey.<domain>`` in the zone
  (they also verify the domain);
- a custom MAIL FROM domain ``<label>.<domain>`` with its MX (SES's feedback endpoint of the
  region) and SPF records, so SPF aligns for DMARC;
- ``_dmarc.<domain>`` with the configured policy;
- a configuration set (TLS required, reputation metrics) whose event destination sends
  bounces, complaints and deliveries to an SNS topic encrypted with the messaging key (the key
  policy admits SES for this configuration set only: ``ses_key_user``).

A service gets ``grant_send(grantee)``: ``ses:SendEmail``/``ses:SendRawEmail`` on this identity
and this configuration set, with ``ses:FromAddress`` held to the domain.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from environments.schema.email import EmailConfig
from modules.core.context import AwsContext
from modules.core.framework import Construct, Fn, Token, aws
from modules.messaging.topic import Topic, TopicProps
from modules.observability.alarm import MetricAlarm, MetricAlarmProps
from modules.security.iam import Condition, Statement, same_account
from modules.security.kms_key import service_user

EVENTS = ("bounce", "complaint", "delivery")
"""What the configuration set reports to its topic (SES v1 ``matching_types``)."""
DKIM_TOKENS = 3
"""Easy DKIM always gives three tokens, one CNAME each."""
TTL = 600


@dataclass(frozen=True, kw_only=True)
class EmailProps:
    spec: EmailConfig
    domain: str
    """The environment's domain (``DomainConfig.name``): the identity mail is sent from."""
    zone_id: str
    """The hosted zone that holds ``domain``'s records (the network stack's)."""
    configuration_set_name: str
    """Physical name (from the Namer)."""
    topic_name: str
    """The event topic's physical name (from the Namer)."""
    kms_key_arn: str
    """Encrypts the event topic; its policy must admit SES for this set (``ses_key_user``)."""
    alarm_name: Callable[[str], str]
    """``Namer.family("email", Kind.ALARM)``: the bounce- and complaint-rate alarms."""
    alarm_topic_arn: str


class TransactionalEmail(Construct):
    """Attributes: ``domain``, ``identity_arn``, ``configuration_set_name``,
    ``configuration_set_arn``, ``topic`` (the event Topic), ``alarm_names``; ``grant_send(grantee)``."""

    def __init__(self, scope: Construct, id_: str, props: EmailProps) -> None:
        super().__init__(scope, id_)
        spec, domain, zone = props.spec, props.domain, props.zone_id
        context = AwsContext.of(self)
        self.domain = domain
        identity = aws.ses_domain_identity.SesDomainIdentity(self, "identity", domain=domain)
        self.identity_arn: str = identity.arn
        dkim = aws.ses_domain_dkim.SesDomainDkim(self, "dkim", domain=identity.domain)
        for index in range(DKIM_TOKENS):
            token = Token.as_string(Fn.element(dkim.dkim_tokens, index))
            # A DKIM record's name is a token SES makes: unknown when a re-run plans, so it cannot be
            # adopted by name (tools/adopt.py) after a cut-off apply made it. No other record can
            # have that name, so the create may overwrite it (docs/recovery.md).
            self._record(
                f"dkim-{index}",
                zone,
                f"{token}._domainkey.{domain}",
                "CNAME",
                f"{token}.dkim.amazonses.com",
                overwrite=True,
            )

        mail_from = f"{spec.mail_from_label}.{domain}"
        aws.ses_domain_mail_from.SesDomainMailFrom(
            self,
            "mail-from",
            domain=identity.domain,
            mail_from_domain=mail_from,
            # Until the MX record resolves SES falls back to amazonses.com rather than refusing mail.
            behavior_on_mx_failure="UseDefaultValue",
        )
        self._record("mail-from-mx", zone, mail_from, "MX", f"10 feedback-smtp.{context.region}.amazonses.com")
        self._record("mail-from-spf", zone, mail_from, "TXT", "v=spf1 include:amazonses.com -all")
        dmarc = f"v=DMARC1; p={spec.dmarc_policy}"
        if spec.dmarc_reports is not None:
            dmarc += f"; rua=mailto:{spec.dmarc_reports}"
        self._record("dmarc", zone, f"_dmarc.{domain}", "TXT", dmarc)

        self.configuration_set = aws.ses_configuration_set.SesConfigurationSet(
            self,
            "configuration-set",
            name=props.configuration_set_name,
            delivery_options=(
                aws.ses_configuration_set.SesConfigurationSetDeliveryOptions(tls_policy="Require")
                if spec.require_tls
                else None
            ),
            reputation_metrics_enabled=spec.reputation_metrics,
            sending_enabled=True,
        )
        self.configuration_set_name: str = self.configuration_set.name
        self.configuration_set_arn: str = self.configuration_set.arn
        set_arn = configuration_set_arn(self, props.configuration_set_name)
        self.topic = Topic(
            self,
            "events",
            TopicProps(
                name=props.topic_name,
                kms_key_arn=props.kms_key_arn,
                publishers=[
                    Statement(
                        sid="SesEventsPublish",
                        actions=["sns:Publish"],
                        principals={"Service": [context.service_principal("ses")]},
                        conditions=[same_account(self), Condition("ArnEquals", "aws:SourceArn", [set_arn])],
                    )
                ],
            ),
        )
        aws.ses_event_destination.SesEventDestination(
            self,
            "event-destination",
            name="events",  # one per configuration set: named within it
            configuration_set_name=self.configuration_set.name,
            enabled=True,
            matching_types=list(EVENTS),
            sns_destination=aws.ses_event_destination.SesEventDestinationSnsDestination(topic_arn=self.topic.topic_arn),
            depends_on=[self.topic.policy],
        )

        # The account's sending reputation (AWS pauses sending past its limits), to the alarm topic.
        self.alarm_names: list[str] = [
            MetricAlarm(
                self,
                alarm,
                MetricAlarmProps(
                    name=props.alarm_name(alarm),
                    description=f"SES {what} rate above {percent:g} % (AWS reviews, then pauses, the account's sending)",
                    namespace="AWS/SES",
                    metric=metric,
                    threshold=percent / 100,  # the metric is a ratio
                    period_seconds=300,
                    alarm_topic_arn=props.alarm_topic_arn,
                ),
            ).alarm_name
            for alarm, what, metric, percent in (
                ("bounce-rate", "bounce", "Reputation.BounceRate", spec.bounce_rate_percent),
                ("complaint-rate", "complaint", "Reputation.ComplaintRate", spec.complaint_rate_percent),
            )
        ]

    def _record(self, id_: str, zone_id: str, name: str, kind: str, value: str, *, overwrite: bool = False) -> None:
        aws.route53_record.Route53Record(
            self,
            id_,
            zone_id=zone_id,
            name=name,
            type=kind,
            ttl=TTL,
            records=[value],
            allow_overwrite=overwrite or None,
        )

    def grant_send(self, grantee: Construct) -> list[Statement]:  # noqa: ARG002 - the grantee's own policy holds it
        """Send (``SendEmail``, ``SendRawEmail``) from this domain's addresses, as this identity
        and through this configuration set (the only set the statement names)."""
        return [
            Statement(
                sid="SendEmail",
                actions=["ses:SendEmail", "ses:SendRawEmail"],
                resources=[self.identity_arn, self.configuration_set_arn],
                conditions=[Condition("StringLike", "ses:FromAddress", [f"*@{self.domain}"])],
            )
        ]


def configuration_set_arn(scope: Construct, name: str) -> str:
    """The configuration set's ARN from its name (for policies that cannot reference it)."""
    return AwsContext.of(scope).arn("ses", f"configuration-set/{name}")


def ses_key_user(scope: Construct, configuration_set_name: str) -> Statement:
    """Key-policy statement letting SES encrypt the events of one configuration set of this
    account into a topic encrypted with the key."""
    context = AwsContext.of(scope)
    return service_user(
        context.service_principal("ses"),
        actions=["kms:GenerateDataKey*", "kms:Decrypt"],
        conditions=[
            same_account(scope),
            Condition("ArnEquals", "aws:SourceArn", [configuration_set_arn(scope, configuration_set_name)]),
        ],
    )
