"""Transactional e-mail: SES sending from the environment's own domain."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from environments.schema.dns import LABEL
from environments.schema.formats import email_problems
from environments.schema.rules import _ranges


@dataclass(frozen=True, kw_only=True)
class EmailConfig:
    """SES sending from ``domain.name``: the domain identity with Easy DKIM (three CNAMEs in the
    environment's zone), a custom MAIL FROM subdomain (its MX and SPF records), a DMARC record,
    and a configuration set that reports bounces, complaints and deliveries to a KMS-encrypted
    SNS topic. A service sends with the grant ``send_email`` (``Grants.send_email``).

    Needs the environment's ``domain`` (the records go into its zone). SES accounts start in the
    sandbox: production sending needs AWS's approval, once per account and region."""

    mail_from_label: str = "mail"
    """The MAIL FROM domain is ``<mail_from_label>.<domain>`` (its MX and SPF records), so SPF
    aligns with the From domain for DMARC."""
    dmarc_policy: Literal["none", "quarantine", "reject"] = "quarantine"
    """What receivers do with mail that fails DMARC (``p=``): ``none`` only monitors."""
    dmarc_reports: str | None = None
    """Address receiving DMARC aggregate reports (``rua=mailto:``); None: no reports."""
    require_tls: bool = True
    """The configuration set delivers only over TLS (``TlsPolicy=Require``)."""
    reputation_metrics: bool = True
    """Publish the configuration set's bounce and complaint rates to CloudWatch."""
    bounce_rate_percent: float = 5.0
    """Alarm when the account's bounce rate (``Reputation.BounceRate``) passes this: AWS reviews
    an account above 5 % and may pause its sending at 10 %."""
    complaint_rate_percent: float = 0.1
    """Alarm when the account's complaint rate passes this: AWS reviews above 0.1 %, may pause at 0.5 %."""

    def problems(self, at: str) -> list[str]:
        out: list[str] = []
        if not LABEL.fullmatch(self.mail_from_label):
            out.append(f"{at}.mail_from_label {self.mail_from_label!r} must be one DNS label such as 'mail'")
        if self.dmarc_reports is not None:
            out += email_problems(self.dmarc_reports, f"{at}.dmarc_reports")
        out += _ranges(self, at, [("bounce_rate_percent", 0.1, 100, "%"), ("complaint_rate_percent", 0.01, 100, "%")])
        return out
