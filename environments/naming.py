"""Physical names: one rule for the whole platform.

Every name is ``<project>-<component>-<suffix>`` (the suffix is the environment's), made to
fit the length limit and character rules of its resource kind. The suffix never contains the
separator ``-``, so it is always the last part of a name and two different suffixes can never
produce the same name, whatever the components are called. A name that would be too long
is shortened deterministically: the ``<project>-<component>`` head is cut and a 6-character
hash of the full name is inserted before the suffix, so two long names never collapse into one
and the suffix always stays visible at the end.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

PROJECT_PATTERN = re.compile(r"[a-z][a-z0-9-]{1,15}", re.ASCII)
SUFFIX_PATTERN = re.compile(r"[a-z][a-z0-9]{1,11}", re.ASCII)
"""The suffix alphabet: no '-', the separator of every name's parts."""
HASH_LENGTH = 6


class NamingError(ValueError):
    """A name or a name part breaks a rule; the message says which and how to fix it."""


@dataclass(frozen=True)
class NameRule:
    """What AWS accepts for one kind of name."""

    max_length: int
    allowed: str  # regex character class of the allowed characters, e.g. "a-z0-9-"
    min_length: int = 1
    starts_with_letter: bool = False
    alnum_ends: bool = False  # first and last character must be a letter or digit
    no_double_hyphen: bool = False
    fifo_capable: bool = False  # a ".fifo" ending is allowed and counts in max_length

    def violations(self, name: str) -> list[str]:
        problems = []
        if not self.min_length <= len(name) <= self.max_length:
            problems.append(f"length {len(name)} not in {self.min_length}..{self.max_length}")
        body = name[: -len(".fifo")] if self.fifo_capable and name.endswith(".fifo") else name
        if not re.fullmatch(f"[{self.allowed}]+", body, re.ASCII):
            problems.append(f"characters outside [{self.allowed}]")
        if self.starts_with_letter and not re.match("[A-Za-z]", name, re.ASCII):
            problems.append("must start with a letter")
        if self.alnum_ends and not (
            re.match("[A-Za-z0-9]", name, re.ASCII) and re.search("[A-Za-z0-9]$", body, re.ASCII)
        ):
            problems.append("must start and end with a letter or digit")
        if self.no_double_hyphen and ("--" in name or name.endswith("-")):
            problems.append("no '--' and no trailing '-'")
        return problems


class Kind(Enum):
    """Resource kinds and their AWS naming rules (limits from the AWS service quotas pages)."""

    ALB = NameRule(32, "a-z0-9-", alnum_ends=True)
    TARGET_GROUP = NameRule(32, "a-z0-9-", alnum_ends=True)
    RDS_CLUSTER = NameRule(63, "a-z0-9-", starts_with_letter=True, no_double_hyphen=True)
    RDS_INSTANCE = NameRule(63, "a-z0-9-", starts_with_letter=True, no_double_hyphen=True)
    RDS_PARAMETER_GROUP = NameRule(255, "a-z0-9-", starts_with_letter=True, no_double_hyphen=True)
    RDS_SUBNET_GROUP = NameRule(255, "a-z0-9-", starts_with_letter=True)
    RDS_SNAPSHOT = NameRule(255, "a-z0-9-", starts_with_letter=True, no_double_hyphen=True)
    S3_BUCKET = NameRule(63, "a-z0-9-", min_length=3, alnum_ends=True, no_double_hyphen=True)
    IAM_ROLE = NameRule(64, "a-zA-Z0-9+=,.@_-")
    IAM_POLICY = NameRule(128, "a-zA-Z0-9+=,.@_-")
    SQS_QUEUE = NameRule(80, "a-zA-Z0-9_-", fifo_capable=True)
    SNS_TOPIC = NameRule(256, "a-zA-Z0-9_-", fifo_capable=True)
    DYNAMODB_TABLE = NameRule(255, "a-zA-Z0-9_.-", min_length=3)
    LOG_GROUP = NameRule(512, "a-zA-Z0-9._/#-")
    ECS_CLUSTER = NameRule(255, "a-zA-Z0-9_-")
    ECS_SERVICE = NameRule(255, "a-zA-Z0-9_-")
    TASK_FAMILY = NameRule(255, "a-zA-Z0-9_-")
    SECURITY_GROUP = NameRule(255, "a-zA-Z0-9 ._:/()#,@+=&;{}!$*-")
    KMS_ALIAS = NameRule(250, "a-zA-Z0-9/_-")  # the "alias/" prefix is added by KmsKey
    SECRET = NameRule(512, "a-zA-Z0-9/_+=.@-")
    ALARM = NameRule(255, "a-zA-Z0-9 ._:/()#,@+=&;{}!$*-")
    CLOUDFRONT = NameRule(64, "a-zA-Z0-9_-")  # OAC, functions, response policies
    WAF = NameRule(128, "a-zA-Z0-9_-")
    SCALING_POLICY = NameRule(255, "a-zA-Z0-9_-")
    DASHBOARD = NameRule(255, "a-zA-Z0-9_-")
    SCHEDULE = NameRule(64, "a-zA-Z0-9_.-")
    EVENT_RULE = NameRule(64, "a-zA-Z0-9_.-")  # the same rule as SCHEDULE: an alias of it
    ECR_REPOSITORY = NameRule(256, "a-z0-9._/-", min_length=2, alnum_ends=True, no_double_hyphen=True)
    LAMBDA = NameRule(64, "a-zA-Z0-9_-")
    GENERIC = NameRule(255, "a-zA-Z0-9_-")
    SES_CONFIGURATION_SET = NameRule(64, "a-zA-Z0-9_-")
    MQ_BROKER = NameRule(50, "a-zA-Z0-9_-")
    LAUNCH_TEMPLATE = NameRule(128, "a-zA-Z0-9()./_-")
    AUTOSCALING_GROUP = NameRule(255, "a-zA-Z0-9_.-")
    CACHE_GROUP = NameRule(40, "a-z0-9-", starts_with_letter=True, no_double_hyphen=True)
    CACHE_USER = NameRule(40, "a-zA-Z0-9-", starts_with_letter=True, no_double_hyphen=True)
    CACHE_SUBNET_GROUP = NameRule(255, "a-z0-9-", starts_with_letter=True, no_double_hyphen=True, min_length=2)


def short_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:HASH_LENGTH]


@dataclass(frozen=True)
class Namer:
    """Makes the physical names of one environment: ``Namer("platform", "dev")``."""

    project: str
    suffix: str

    def __post_init__(self) -> None:
        check_project(self.project)
        check_suffix(self.suffix)

    def name(self, component: str, kind: Kind, *, reserve: int = 0, fifo: bool = False) -> str:
        """``<project>-<component>-<suffix>`` fitted to ``kind``.

        ``reserve`` keeps that many characters free for text the caller appends (a bucket's
        account id); ``fifo`` appends ``.fifo`` (counted in the limit, as AWS does).
        """
        rule = kind.value
        ending = ".fifo" if fifo else ""
        full = f"{self.project}-{component}-{self.suffix}"
        limit = rule.max_length - reserve - len(ending)
        name = full if len(full) <= limit else self._shorten(full, component, limit)
        name += ending
        problems = rule.violations(name)
        if problems:
            raise NamingError(
                f"name {name!r} ({kind.name}) is invalid: {'; '.join(problems)}; "
                f"change the component {component!r} or the project/suffix"
            )
        return name

    def family(self, component: str, kind: Kind) -> Callable[[str], str]:
        """Names of the several resources of one kind a construct makes for ``component``:
        ``family("orders", Kind.ALARM)("dlq-messages")`` is ``<project>-orders-dlq-messages-<suffix>``.
        Constructs take the callable, so every name still comes from here."""
        return lambda what: self.name(f"{component}-{what}", kind)

    def pattern(self, component: str | None = None) -> str:
        """A wildcard matching every name made here (for ``component``, or for any), and no name
        of another environment: names end with ``-<suffix>``, and a suffix has no ``-``."""
        return f"{self.project}-{component}-*-{self.suffix}" if component else f"{self.project}-*-{self.suffix}"

    def bucket(self, component: str, account_id: str) -> str:
        """``<project>-<component>-<suffix>-<account id>``: bucket names are global, so the
        account id (12 digits, usually a Terraform reference) makes them unique."""
        return f"{self.name(component, Kind.S3_BUCKET, reserve=len('-123456789012'))}-{account_id}"

    def _shorten(self, full: str, component: str, limit: int) -> str:
        tail = f"-{short_hash(full)}-{self.suffix}"
        room = limit - len(tail)
        if room < 1:
            raise NamingError(
                f"suffix {self.suffix!r} leaves no room in a {limit}-character name; use a shorter ENVIRONMENT_SUFFIX"
            )
        head = f"{self.project}-{component}"[:room].rstrip("-")
        return head + tail


COPY_DIGITS = 8
"""A copy's suffix is its base's copy prefix and 1 to this many digits (``environments.COPY_PATTERN``)."""


def copy_patterns(project: str, prefix: str, *, ending: str = "") -> list[str]:
    """IAM wildcards for every name of every copy ``<prefix><digits>`` of an environment, and
    for no other name: ``<project>-*-<prefix>?``, ``<project>-*-<prefix>??`` ... (``ending``
    follows, e.g. ``-<account id>`` for buckets). One ``?`` per digit, never a trailing ``*``:
    ``<project>-*-pr*`` would also match ``platform-order-processing-dev``."""
    return [f"{project}-*-{prefix}{'?' * digits}{ending}" for digits in range(1, COPY_DIGITS + 1)]


def check_suffix(suffix: str) -> None:
    """The environment suffix: 2-12 of a-z and 0-9, starting with a letter, never a '-'."""
    if not isinstance(suffix, str) or not SUFFIX_PATTERN.fullmatch(suffix):
        raise NamingError(
            f"ENVIRONMENT_SUFFIX {suffix!r} is invalid: use 2-12 of a-z and 0-9, starting with a "
            "letter and without '-' (it separates the parts of every name), e.g. pr1234"
        )


def check_project(project: str) -> None:
    if (
        not isinstance(project, str)
        or not PROJECT_PATTERN.fullmatch(project or "")
        or "--" in project
        or project.endswith("-")
    ):
        raise NamingError(
            f"project {project!r} is invalid: use 2-16 characters of a-z, 0-9 and single '-', "
            "starting with a letter (set it in environments/base.py)"
        )
