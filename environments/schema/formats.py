"""Parsers for the AWS formats the schema accepts: container images, schedule expressions,
backup and maintenance windows, engine versions, health-check matchers, tags, e-mail addresses,
paths and commands.

Each ``*_problems(value, at)`` returns one line per broken value (``at`` is the field's path),
so a field's rule is read here, once. ASCII only: every pattern spells its classes out
(``[0-9]``, never ``\\d``) and is compiled with ``re.ASCII``, so a digit or letter of another
script never passes for one (``tests/environments/test_formats.py`` keeps the source so).
"""

from __future__ import annotations

import datetime
import posixpath
import re
from dataclasses import dataclass


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.ASCII)


# --- container images ---------------------------------------------------------------------
_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_PATH_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
IMAGE = _compile(
    rf"(?P<registry>{_DOMAIN_COMPONENT}(?:\.{_DOMAIN_COMPONENT})*(?::[0-9]{{1,5}})?)"
    rf"/(?P<repository>{_PATH_COMPONENT}(?:/{_PATH_COMPONENT})*)"
    r"(?::(?P<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?"
    r"(?:@(?P<digest>sha256:[a-f0-9]{64}))?"
)
"""``registry/repository[:tag][@sha256:digest]`` (the Docker reference grammar, registry required)."""
PRIVATE_ECR = _compile(r"(?P<account>[0-9]{12})\.dkr\.ecr\.(?P<region>[a-z0-9-]+)\.amazonaws\.com")
IMAGE_EXAMPLE = "public.ecr.aws/nginx/nginx:1.27"
REPOSITORY_IMAGE = _compile(
    r"(?:(?P<environment>[a-z][a-z0-9]{1,11})/)?"
    r"(?P<repository>[a-z][a-z0-9]*(?:-[a-z0-9]+)*)"
    r"(?::(?P<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?"
    r"(?:@(?P<digest>sha256:[a-f0-9]{64}))?"
)
"""``repository:tag``, ``repository@sha256:...`` (a repository of this environment: a service's
logical name) or ``<environment>/repository...`` (another environment's, ``registry.pull_from``)."""


@dataclass(frozen=True, kw_only=True)
class ImageReference:
    """A parsed container image: where it comes from and which build it is."""

    registry: str
    """``public.ecr.aws``, ``123456789012.dkr.ecr.eu-west-1.amazonaws.com``, ``ghcr.io`` ..."""
    repository: str
    tag: str | None = None
    digest: str | None = None
    """``sha256:<64 hex>``: pins the exact build whatever the tag now points at."""

    @property
    def ecr_account(self) -> str | None:
        """The account of a private ECR registry (None for any other registry)."""
        match = PRIVATE_ECR.fullmatch(self.registry)
        return match["account"] if match else None

    @property
    def ecr_region(self) -> str | None:
        match = PRIVATE_ECR.fullmatch(self.registry)
        return match["region"] if match else None


@dataclass(frozen=True, kw_only=True)
class RepositoryReference:
    """An image in one of the platform's own ECR repositories, by the repository's logical name
    (the service that owns it): this environment's, or ``environment``'s (promotion)."""

    environment: str | None
    """The named environment whose repository it is; None: this environment's."""
    repository: str
    tag: str | None = None
    digest: str | None = None


class ContainerSpec:
    """What every kind of service has: an ``image`` and scratch ``writable_paths``, read once."""

    image: str
    writable_paths: tuple[str, ...]

    @property
    def image_reference(self) -> ImageReference | None:
        """The parsed image (None for a repository reference or an image validation refuses)."""
        return parse_image(self.image)

    @property
    def repository_reference(self) -> RepositoryReference | None:
        """The platform repository the image is in (None for an external image: a registry named)."""
        return parse_repository_reference(self.image)

    @property
    def scratch_volumes(self) -> dict[str, str]:
        """Each writable path and the name of the task volume mounted there."""
        return {path: scratch_volume(path) for path in self.writable_paths}


def scratch_volume(path: str) -> str:
    """The task volume mounted at ``path`` (``/var/cache/nginx`` -> ``scratch-var-cache-nginx``)."""
    return "scratch" + re.sub(r"[^a-z0-9]+", "-", path.lower(), flags=re.ASCII).rstrip("-")


def parse_image(text: str) -> ImageReference | None:
    """The reference ``text`` names, or None when it is not ``registry/repository[:tag][@digest]``."""
    match = IMAGE.fullmatch(text) if len(text) <= 255 else None
    if not match:
        return None
    registry = match["registry"]
    if "." not in registry and ":" not in registry and registry != "localhost":
        return None  # 'library/nginx:1': the first part is a path, not a registry
    return ImageReference(registry=registry, repository=match["repository"], tag=match["tag"], digest=match["digest"])


def parse_repository_reference(text: str) -> RepositoryReference | None:
    """The platform repository ``text`` names (``api:1.2.3``, ``api@sha256:...``,
    ``dev/api@sha256:...``), or None when it names a registry or is no reference at all."""
    if parse_image(text) is not None or len(text) > 255:
        return None
    match = REPOSITORY_IMAGE.fullmatch(text)
    if not match:
        return None
    return RepositoryReference(
        environment=match["environment"], repository=match["repository"], tag=match["tag"], digest=match["digest"]
    )


def image_problems(image: str, at: str) -> list[str]:
    """An image names its registry, its repository and a tag (a digest may pin it further), or
    is a platform repository's ``repository:tag`` / ``repository@sha256:...``."""
    local = parse_repository_reference(image)
    if local is not None:
        if local.tag is None and local.digest is None:
            return [f"{at} {image!r} has no tag or digest: add the build it runs, e.g. '{image}:1.2.3'"]
        return []
    reference = parse_image(image)
    if reference is None:
        return [
            f"{at} {image[:80]!r} must be registry/repository:tag[@sha256:digest] in lowercase ASCII, "
            f"e.g. {IMAGE_EXAMPLE!r}, or a platform repository's 'repository:tag' / 'repository@sha256:...'"
        ]
    if reference.tag is None:
        return [f"{at} {image!r} has no tag: add the version it runs, e.g. '{image.split('@')[0]}:1.2.3'"]
    return []


def pinned_image_problems(image: str, at: str) -> list[str]:
    """A protected environment never runs ``latest`` unless a digest pins the build."""
    reference = parse_image(image) or parse_repository_reference(image)
    if reference is not None and reference.tag == "latest" and reference.digest is None:
        return [
            f"{at} {image!r} runs 'latest' in a protected environment: pin a version tag or a digest "
            "(@sha256:...), so a deploy runs the build that was reviewed"
        ]
    return []


# --- schedules ------------------------------------------------------------------------------
RATE = _compile(r"rate\((?P<value>[1-9][0-9]{0,5}) (?P<unit>minute|minutes|hour|hours|day|days)\)")
CRON = _compile(r"cron\((?P<fields>[^()]*)\)")
AT = _compile(r"at\((?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})T(?P<H>[0-9]{2}):(?P<M>[0-9]{2}):(?P<S>[0-9]{2})\)")
MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
DAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")
_CRON_FIELDS = (
    # name, low, high, names (value 1 first), extra forms
    ("minutes", 0, 59, (), ()),
    ("hours", 0, 23, (), ()),
    ("day-of-month", 1, 31, (), ("L", "W")),
    ("month", 1, 12, MONTHS, ()),
    ("day-of-week", 1, 7, DAYS, ("L", "#")),
    ("year", 1970, 2199, (), ()),
)
_NUMBER = _compile(r"[0-9]{1,4}")
SCHEDULE_EXAMPLES = "'cron(0 3 * * ? *)', 'rate(1 hour)' or 'at(2030-01-01T00:00:00)'"


def schedule_problems(expression: str, at: str) -> list[str]:
    """EventBridge Scheduler's expressions: ``rate(n unit)`` (n >= 1, the unit singular for 1 and
    plural otherwise), ``cron(minutes hours day-of-month month day-of-week year)`` with each field
    in its range and exactly one of day-of-month and day-of-week ``?``, or ``at(...)`` a real time."""
    rate = RATE.fullmatch(expression)
    if rate:
        if (rate["value"] == "1") == rate["unit"].endswith("s"):
            return [
                f"{at} {expression!r}: use a positive number with a singular unit for 1 ('rate(1 hour)') "
                "and a plural one otherwise ('rate(5 minutes)')"
            ]
        return []
    if expression.startswith("rate("):
        return [
            f"{at} {expression!r} must be 'rate(<n> <unit>)' with a positive number n (no leading zero) "
            "and the unit minute(s), hour(s) or day(s)"
        ]
    cron = CRON.fullmatch(expression)
    if cron:
        return _cron_problems(cron["fields"], expression, at)
    when = AT.fullmatch(expression)
    if when:
        try:
            y, m, d, hh, mm, ss = (int(when[k]) for k in ("y", "m", "d", "H", "M", "S"))
            datetime.datetime(y, m, d, hh, mm, ss)  # noqa: DTZ001 - the schedule's time zone is time_zone
        except ValueError:
            return [f"{at} {expression!r} is not a real date and time (yyyy-mm-ddThh:mm:ss)"]
        return []
    return [f"{at} {expression!r} must be {SCHEDULE_EXAMPLES}"]


def _cron_problems(text: str, expression: str, at: str) -> list[str]:
    fields = text.split(" ")
    if len(fields) != 6:
        return [
            f"{at} {expression!r}: a cron expression has six fields separated by single spaces, minutes hours "
            "day-of-month month day-of-week year, e.g. 'cron(0 3 * * ? *)'"
        ]
    for value, (name, low, high, names, extras) in zip(fields, _CRON_FIELDS, strict=True):
        if value == "?" and name in ("day-of-month", "day-of-week"):
            continue
        wrong = _cron_field_problem(value, low, high, names, extras)
        if wrong:
            return [f"{at} {expression!r}: {name} {value!r} {wrong}"]
    if (fields[2] == "?") == (fields[4] == "?"):
        return [f"{at} {expression!r}: exactly one of day-of-month and day-of-week must be '?'"]
    return []


def _cron_field_problem(value: str, low: int, high: int, names: tuple[str, ...], extras: tuple[str, ...]) -> str:
    """Why one cron field is wrong ('' when it is right): a list of ``*``, ``n``, ``a-b``, each
    with an optional ``/step``, plus ``L``/``W`` (day of month) and ``L``/``#`` (day of week)."""
    in_range = f"must hold values {low}-{high}" + (f" or {names[0]}-{names[-1]}" if names else "")

    def number(token: str) -> int | None:
        if _NUMBER.fullmatch(token):
            return int(token)
        if token.upper() in names:
            return names.index(token.upper()) + 1
        return None

    for item in value.split(","):
        base, slash, step = item.partition("/")
        if slash and (not _NUMBER.fullmatch(step) or not 1 <= int(step) <= high):
            return f"has the step {step!r}: use a number from 1 to {high}"
        if base == "*":
            continue
        if "L" in extras and "W" in extras and base in ("L", "LW"):
            continue
        if "W" in extras and base.endswith("W") and not slash:
            day = number(base[:-1])
            if day is None or not low <= day <= high:
                return in_range
            continue
        if "#" in extras and "#" in base and not slash:
            day_text, _, nth = base.partition("#")
            day = number(day_text)
            if day is None or not low <= day <= high or nth not in ("1", "2", "3", "4", "5"):
                return "must be <day>#<1-5> (e.g. 'MON#1', the first Monday)"
            continue
        if "L" in extras and "#" in extras and base.endswith("L") and not slash:
            day = number(base[:-1]) if base != "L" else 1
            if day is None or not low <= day <= high:
                return in_range
            continue
        first, dash, last = base.partition("-")
        start, end = number(first), number(last) if dash else number(first)
        if start is None or end is None or not low <= start <= high or not low <= end <= high:
            return in_range
        if start > end:
            return f"has the range {base!r} running backwards: write the lower value first"
    return ""


# --- windows ----------------------------------------------------------------------------------
_TIME = r"(?P<{0}h>[01][0-9]|2[0-3]):(?P<{0}m>[0-5][0-9])"
DAILY_WINDOW = _compile(_TIME.format("a") + "-" + _TIME.format("b"))
WEEKLY_WINDOW = _compile(
    r"(?P<ad>mon|tue|wed|thu|fri|sat|sun):"
    + _TIME.format("a")
    + r"-(?P<bd>mon|tue|wed|thu|fri|sat|sun):"
    + _TIME.format("b")
)
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY, _WEEK = 24 * 60, 7 * 24 * 60


def daily_window(text: str) -> tuple[int, int] | None:
    """``hh:mm-hh:mm`` (UTC) as (start, length) in minutes of the day; None if malformed."""
    match = DAILY_WINDOW.fullmatch(text)
    if not match:
        return None
    start = int(match["ah"]) * 60 + int(match["am"])
    end = int(match["bh"]) * 60 + int(match["bm"])
    return start, (end - start) % _DAY


def weekly_window(text: str) -> tuple[int, int] | None:
    """``ddd:hh:mm-ddd:hh:mm`` (UTC) as (start, length) in minutes of the week; None if malformed."""
    match = WEEKLY_WINDOW.fullmatch(text)
    if not match:
        return None
    start = _WEEKDAYS.index(match["ad"]) * _DAY + int(match["ah"]) * 60 + int(match["am"])
    end = _WEEKDAYS.index(match["bd"]) * _DAY + int(match["bh"]) * 60 + int(match["bm"])
    return start, (end - start) % _WEEK


def window_problems(backup: str, maintenance: str, at: str) -> list[str]:
    """RDS's rules: both windows at least 30 minutes, the daily backup window never inside the
    weekly maintenance window."""
    out: list[str] = []
    daily, weekly = daily_window(backup), weekly_window(maintenance)
    if daily is None:
        out.append(f"{at}.backup_window {backup!r} must be 'hh:mm-hh:mm' in UTC, e.g. '03:00-04:00'")
    elif daily[1] < 30:
        out.append(f"{at}.backup_window {backup!r} must last at least 30 minutes")
    if weekly is None:
        out.append(
            f"{at}.maintenance_window {maintenance!r} must be 'ddd:hh:mm-ddd:hh:mm' in UTC, e.g. 'sun:04:30-sun:05:30'"
        )
    elif weekly[1] < 30:
        out.append(f"{at}.maintenance_window {maintenance!r} must last at least 30 minutes")
    if out or daily is None or weekly is None:
        return out
    for day in range(7):
        if _overlap((day * _DAY + daily[0], daily[1]), weekly, _WEEK):
            return [
                f"{at}.backup_window {backup!r} overlaps maintenance_window {maintenance!r}: RDS refuses it, "
                "move one of them"
            ]
    return []


def _overlap(one: tuple[int, int], other: tuple[int, int], period: int) -> bool:
    """Whether two (start, length) intervals on a circle of ``period`` minutes share a minute."""
    (a, a_length), (b, b_length) = one, other
    return (b - a) % period < a_length or (a - b) % period < b_length


# --- versions, matchers -------------------------------------------------------------------------
AURORA_POSTGRES_VERSION = _compile(r"(?P<major>1[0-9])\.(?P<minor>0|[1-9][0-9]{0,2})")


def engine_version_problems(version: str, at: str, *, major: int) -> list[str]:
    match = AURORA_POSTGRES_VERSION.fullmatch(version)
    if not match or int(match["major"]) != major:
        return [f"{at} {version!r} must be an Aurora PostgreSQL {major}.x version such as '{major}.4'"]
    return []


_CODE = _compile(r"[0-9]{3}")


def matcher_problems(matcher: str, at: str) -> list[str]:
    """An ALB HTTP matcher: codes 200-499, as a list ('200,202') or one range ('200-399')."""
    wrong = [
        f"{at} {matcher!r} must be HTTP codes from 200 to 499: one ('200'), a list ('200,204') or a range ('200-399')"
    ]
    first, dash, last = matcher.partition("-")
    if dash:
        if not (_CODE.fullmatch(first) and _CODE.fullmatch(last)):
            return wrong
        low, high = int(first), int(last)
        return [] if 200 <= low < high <= 499 else wrong
    codes = matcher.split(",")
    if not all(_CODE.fullmatch(code) and 200 <= int(code) <= 499 for code in codes) or len(set(codes)) != len(codes):
        return wrong
    return []


# --- tags, addresses, paths, commands -----------------------------------------------------------
TAG_TEXT = r"[A-Za-z0-9 _.:/=+@-]"
TAG_KEY = _compile(TAG_TEXT + "{1,128}")
TAG_VALUE = _compile(TAG_TEXT + "{0,256}")
EMAIL = _compile(r"[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}")
PATH_PART = _compile(r"[A-Za-z0-9._-]{1,255}")


def tag_problems(tags: dict[str, str], at: str, *, reserved: tuple[str, ...]) -> list[str]:
    """AWS's tag rules in ASCII (letters, digits, spaces and ``_ . : / = + - @``, keys up to 128,
    values up to 256, no ``aws:`` prefix), and none of the tags the platform sets itself."""
    out: list[str] = []
    for key, value in tags.items():
        if key.lower() in (r.lower() for r in reserved):
            out.append(
                f"{at}[{key!r}] is set by the platform ({', '.join(reserved)} say which environment a "
                "resource belongs to): remove it from tags"
            )
        elif not TAG_KEY.fullmatch(key) or key.lower().startswith("aws:"):
            out.append(
                f"{at} key {key!r} breaks AWS tag rules: 1-128 of letters, digits, spaces and _ . : / = + - @, "
                "not starting with 'aws:'"
            )
        elif not TAG_VALUE.fullmatch(value):
            out.append(
                f"{at}[{key!r}] value {value[:60]!r} breaks AWS tag rules: up to 256 of letters, digits, "
                "spaces and _ . : / = + - @"
            )
    return out


def email_problems(address: str, at: str) -> list[str]:
    if not EMAIL.fullmatch(address):
        return [f"{at} entry {address!r} is not an e-mail address such as 'ops@example.com' (ASCII)"]
    return []


def absolute_path_problems(path: str, at: str) -> list[str]:
    """A normalized absolute path other than ``/``: no ``.``, ``..``, ``//`` or trailing ``/``."""
    parts = path.split("/")
    if (
        not path.startswith("/")
        or path == "/"
        or posixpath.normpath(path) != path
        or not all(PATH_PART.fullmatch(p) and p not in (".", "..") for p in parts[1:])
    ):
        return [
            f"{at} entry {path!r} must be a normalized absolute path like '/tmp' "
            "(letters, digits, '.', '_', '-'; no '..' or '//')"
        ]
    return []


_CONTROL = _compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def plain_text_problems(text: str, at: str) -> list[str]:
    """Text handed to a program as is (a command's argument, a variable's value): no NUL and no
    control character other than tab and newline."""
    if _CONTROL.search(text):
        return [f"{at} {text[:60]!r} holds a control character: only printable text, tabs and newlines"]
    return []


# --- callback URLs --------------------------------------------------------------------------
CALLBACK_URL = _compile(
    r"(?P<scheme>https?)://(?P<host>[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*)"
    r"(?::[0-9]{1,5})?(?P<path>/[A-Za-z0-9._~/-]*)?"
)
"""A sign-in callback or sign-out URL: scheme, lowercase host, optional port and path; no query,
fragment or user information (Cognito matches them exactly)."""


def callback_url_problems(url: str, at: str, *, https_only: bool) -> list[str]:
    """A URL Cognito may send a signed-in (or signed-out) user to; ``https_only`` outside an
    emulator's environment (a token in the clear is a token for anyone on the path)."""
    match = CALLBACK_URL.fullmatch(url)
    if match is None:
        return [
            f"{at} entry {url!r} must be an absolute URL such as 'https://app.example.com/auth/callback' "
            "(lowercase host, optional port and path, no query or fragment)"
        ]
    if https_only and match["scheme"] != "https":
        return [f"{at} entry {url!r} must use https:// outside the emulator's environment"]
    return []


# --- EC2 instance types -------------------------------------------------------------------------
def _instance_types() -> dict[str, str]:
    """The families and sizes a vm may use -> the architecture (for the image). A table, not a
    pattern: a type that reads well but does not exist ('t4g.huge') is refused at synth."""
    table: dict[str, str] = {}
    families: dict[tuple[str, str], tuple[str, ...]] = {
        ("t4g", "arm64"): ("nano", "micro", "small", "medium", "large", "xlarge", "2xlarge"),
        ("t3", "x86_64"): ("nano", "micro", "small", "medium", "large", "xlarge", "2xlarge"),
        ("t3a", "x86_64"): ("nano", "micro", "small", "medium", "large", "xlarge", "2xlarge"),
    }
    general = ("large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge")
    for family in ("m7g", "c7g", "r7g", "m6g", "c6g", "r6g"):
        families[(family, "arm64")] = ("medium", *general)
    for family in ("m7i", "c7i", "r7i", "m6i", "c6i", "r6i"):
        families[(family, "x86_64")] = general
    for (family, architecture), sizes in families.items():
        for size in sizes:
            table[f"{family}.{size}"] = architecture
    return table


INSTANCE_TYPES: dict[str, str] = _instance_types()
"""EC2 instance type -> ``arm64`` or ``x86_64``."""
