"""The parsers of ``environments/schema/formats.py``: what each AWS format accepts and refuses
(one line naming the field), and that the configuration code reads ASCII only."""

from __future__ import annotations

import ast
import re

import pytest

from environments.schema.formats import (
    absolute_path_problems,
    email_problems,
    engine_version_problems,
    image_problems,
    matcher_problems,
    parse_image,
    parse_repository_reference,
    pinned_image_problems,
    plain_text_problems,
    schedule_problems,
    tag_problems,
    window_problems,
)
from tests.conftest import ROOT

DIGEST = "sha256:" + "a" * 64


@pytest.mark.parametrize(
    ("image", "registry", "repository", "tag", "digest"),
    [
        ("public.ecr.aws/nginx/nginx:1.27-alpine", "public.ecr.aws", "nginx/nginx", "1.27-alpine", None),
        ("111111111111.dkr.ecr.eu-west-1.amazonaws.com/api:1.0.0", None, "api", "1.0.0", None),
        (f"ghcr.io/acme/api:2.1@{DIGEST}", "ghcr.io", "acme/api", "2.1", DIGEST),
        ("localhost:5000/team/app_x:v1", "localhost:5000", "team/app_x", "v1", None),
        ("registry.example.com:8443/a/b/c:latest", "registry.example.com:8443", "a/b/c", "latest", None),
    ],
)
def test_images_parse_into_registry_repository_tag_and_digest(image, registry, repository, tag, digest) -> None:
    reference = parse_image(image)
    assert reference is not None and image_problems(image, "at") == []
    assert (reference.repository, reference.tag, reference.digest) == (repository, tag, digest)
    if registry is not None:
        assert reference.registry == registry


def test_a_private_ecr_image_names_its_account_and_region() -> None:
    reference = parse_image("111111111111.dkr.ecr.eu-west-1.amazonaws.com/team/api:1.0.0")
    assert reference is not None
    assert (reference.ecr_account, reference.ecr_region) == ("111111111111", "eu-west-1")
    assert parse_image("public.ecr.aws/nginx/nginx:1.27").ecr_account is None  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("image", "says"),
    [
        ('nginx:1.27","privileged"=true,"x"="', "must be registry/repository:tag"),
        ("nginx", "has no tag or digest"),  # a platform repository's name alone: which build?
        ("dev/api", "has no tag or digest"),
        ("Nginx:1.27", "must be registry/repository:tag"),
        ("dev/api/x:1", "must be registry/repository:tag"),
        ("public.ecr.aws/nginx/nginx", "has no tag"),
        (f"public.ecr.aws/nginx/nginx@{DIGEST}", "has no tag"),
        ("public.ecr.aws/NGINX/nginx:1", "must be registry/repository:tag"),
        ("public.ecr.aws/nginx/nginx:1.27 ", "must be registry/repository:tag"),
        ("public.ecr.aws/nginx/nginx:1.${x}", "must be registry/repository:tag"),
        ("public.ecr.aws/nginx/nginx:١.٢٧", "must be registry/repository:tag"),  # Arabic-Indic digits
        ("public.ecr.aws/nginx/nginx:1@sha256:abc", "must be registry/repository:tag"),
        ("", "must be registry/repository:tag"),
    ],
)
def test_images_that_are_not_references_are_refused(image: str, says: str) -> None:
    [line] = image_problems(image, "environments.dev.services[api].image")
    assert line.startswith("environments.dev.services[api].image ") and says in line


@pytest.mark.parametrize(
    ("image", "environment", "repository", "tag", "digest"),
    [
        ("api:1.2.3", None, "api", "1.2.3", None),
        (f"api@{DIGEST}", None, "api", None, DIGEST),
        (f"order-worker:v2@{DIGEST}", None, "order-worker", "v2", DIGEST),
        (f"dev/api@{DIGEST}", "dev", "api", None, DIGEST),
        # no registry named: a platform repository (this environment's must have it: the rules say so),
        # never Docker Hub by default
        ("nginx:1.27", None, "nginx", "1.27", None),
        ("library/nginx:1.27", "library", "nginx", "1.27", None),
    ],
)
def test_platform_repository_references_parse(image, environment, repository, tag, digest) -> None:
    reference = parse_repository_reference(image)
    assert reference is not None and image_problems(image, "at") == []
    assert (reference.environment, reference.repository, reference.tag, reference.digest) == (
        environment,
        repository,
        tag,
        digest,
    )
    assert parse_image(image) is None


def test_an_external_image_is_no_repository_reference() -> None:
    assert parse_repository_reference("public.ecr.aws/nginx/nginx:1.27") is None
    assert parse_repository_reference("localhost/api:1") is None


def test_latest_needs_a_digest_where_protected() -> None:
    [line] = pinned_image_problems("public.ecr.aws/nginx/nginx:latest", "environments.prod.services[api].image")
    assert "runs 'latest' in a protected environment" in line
    assert pinned_image_problems(f"public.ecr.aws/nginx/nginx:latest@{DIGEST}", "at") == []
    assert pinned_image_problems("public.ecr.aws/nginx/nginx:1.27", "at") == []
    assert pinned_image_problems("api:latest", "at")  # a platform repository's too


@pytest.mark.parametrize(
    "expression",
    [
        "cron(0 3 * * ? *)",
        "cron(15 10 ? * MON-FRI *)",
        "cron(0/5 8-17 ? * 2-6 *)",
        "cron(0 12 L * ? *)",
        "cron(0 9 15W * ? *)",
        "cron(0 9 ? * 6L *)",
        "cron(0 9 ? * MON#1 *)",
        "cron(0,30 * ? * * 2025-2030)",
        "cron(0 0 1 JAN,JUL ? *)",
        "rate(1 minute)",
        "rate(2 days)",
        "at(2030-02-28T23:59:59)",
    ],
)
def test_schedules_scheduler_accepts_parse(expression: str) -> None:
    assert schedule_problems(expression, "at") == []


@pytest.mark.parametrize(
    ("expression", "says"),
    [
        ("cron(99 * * * ? *)", "minutes '99' must hold values 0-59"),
        ("cron(0 24 * * ? *)", "hours '24' must hold values 0-23"),
        ("cron(0 3 32 * ? *)", "day-of-month '32' must hold values 1-31"),
        ("cron(0 3 ? 13 MON *)", "month '13' must hold values 1-12 or JAN-DEC"),
        ("cron(0 3 ? * 8 *)", "day-of-week '8' must hold values 1-7 or SUN-SAT"),
        ("cron(0 3 * * ? 1969)", "year '1969' must hold values 1970-2199"),
        ("cron(0 17-8 * * ? *)", "running backwards"),
        ("cron(0/0 * * * ? *)", "has the step '0'"),
        ("cron(٣ 3 * * ? *)", "minutes '٣' must hold values"),
        ("cron(0  3 * * ? *)", "six fields separated by single spaces"),
        ("cron(0 3 ? * MON#6 *)", "must be <day>#<1-5>"),
        ("cron(? 3 * * ? *)", "minutes '?' must hold values"),
        ("rate(01 hours)", "positive number n (no leading zero)"),
        ("rate(1 week)", "positive number n (no leading zero)"),
        ("rate(١ hour)", "positive number n"),
        ("at(2030-02-30T00:00:00)", "not a real date and time"),
        ("at(2030-01-01T24:00:00)", "not a real date and time"),
        ("at(2030-1-1T00:00:00)", "must be 'cron(0 3 * * ? *)'"),
    ],
)
def test_schedules_are_parsed_field_by_field(expression: str, says: str) -> None:
    [line] = schedule_problems(expression, "environments.dev.services[nightly].schedule")
    assert line.startswith("environments.dev.services[nightly].schedule ") and says in line, line


@pytest.mark.parametrize(
    ("backup", "maintenance", "says"),
    [
        ("03:00-04:00", "sun:04:30-sun:05:30", None),
        ("23:30-00:30", "sat:22:00-sat:22:30", None),  # across midnight
        ("03:00-03:20", "sun:04:30-sun:05:30", "backup_window '03:00-03:20' must last at least 30 minutes"),
        ("3:00-04:00", "sun:04:30-sun:05:30", "backup_window '3:00-04:00' must be 'hh:mm-hh:mm'"),
        ("03:00-04:60", "sun:04:30-sun:05:30", "must be 'hh:mm-hh:mm'"),
        ("٠٣:00-04:00", "sun:04:30-sun:05:30", "must be 'hh:mm-hh:mm'"),
        ("03:00-04:00", "sun:04:30-sun:04:45", "maintenance_window 'sun:04:30-sun:04:45' must last at least 30"),
        ("03:00-04:00", "Sun:04:30-sun:05:30", "must be 'ddd:hh:mm-ddd:hh:mm'"),
        ("03:00-04:00", "wed:03:30-wed:04:30", "backup_window '03:00-04:00' overlaps maintenance_window"),
        ("23:30-00:30", "sun:00:00-sun:01:00", "overlaps maintenance_window"),  # Saturday's backup runs into Sunday
    ],
)
def test_backup_and_maintenance_windows(backup: str, maintenance: str, says: str | None) -> None:
    problems = window_problems(backup, maintenance, "environments.dev.database")
    if says is None:
        assert problems == []
    else:
        [line] = problems
        assert line.startswith("environments.dev.database.") and says in line, line


@pytest.mark.parametrize(
    ("version", "ok"),
    [("16.4", True), ("16.10", True), ("15.4", False), ("16.04", False), ("١٦.4", False), ("16", False)],
)
def test_engine_versions(version: str, ok: bool) -> None:
    assert (engine_version_problems(version, "at", major=16) == []) is ok


@pytest.mark.parametrize(
    ("matcher", "ok"),
    [
        ("200", True),
        ("200,204", True),
        ("200-399", True),
        ("499", True),
        ("100", False),
        ("500", False),
        ("399-200", False),
        ("200,200", False),
        ("200-299,404", False),
        ("２００", False),  # fullwidth digits
        ("", False),
    ],
)
def test_health_check_matchers(matcher: str, ok: bool) -> None:
    assert (matcher_problems(matcher, "at") == []) is ok


@pytest.mark.parametrize(
    ("tags", "says"),
    [
        ({"CostCenter": "platform-dev"}, None),
        ({"Owner": "team@example.com"}, None),
        ({"Environment": "prod"}, "tags['Environment'] is set by the platform"),
        ({"suffix": "prod"}, "tags['suffix'] is set by the platform"),
        ({"aws:createdBy": "me"}, "key 'aws:createdBy' breaks AWS tag rules"),
        ({"Team": '${file("/etc/passwd")}'}, "value '${file(\"/etc/passwd\")}' breaks AWS tag rules"),
        ({"Team": "a" * 257}, "breaks AWS tag rules"),
        ({"Tëam": "x"}, "key 'Tëam' breaks AWS tag rules"),
    ],
)
def test_tags(tags: dict, says: str | None) -> None:
    problems = tag_problems(tags, "environments.dev.tags", reserved=("Project", "Environment", "Suffix"))
    if says is None:
        assert problems == []
    else:
        [line] = problems
        assert line.startswith("environments.dev.tags") and says in line, line


@pytest.mark.parametrize(
    ("address", "ok"),
    [("ops@example.com", True), ("a.b+c@x.co.uk", True), ("ops@localhost", False), ("ópš@example.com", False)],
)
def test_emails(address: str, ok: bool) -> None:
    assert (email_problems(address, "at") == []) is ok


@pytest.mark.parametrize(
    ("path", "ok"),
    [
        ("/tmp", True),
        ("/var/cache/nginx", True),
        ("/", False),
        ("tmp", False),
        ("/tmp/", False),
        ("/var//run", False),
        ("/var/../etc", False),
        ("/./tmp", False),
        ("/tmp dir", False),
    ],
)
def test_paths_are_normalized_absolute(path: str, ok: bool) -> None:
    assert (absolute_path_problems(path, "at") == []) is ok


@pytest.mark.parametrize(("text", "ok"), [("echo hi", True), ("a\tb\nc", True), ("a\x00b", False), ("\x1b[2J", False)])
def test_plain_text(text: str, ok: bool) -> None:
    assert (plain_text_problems(text, "at") == []) is ok


CONFIGURATION_CODE = ("environments", "modules", "stacks")
UNICODE_CLASSES = re.compile(r"\\[dwsbDWSB]")
UNICODE_METHODS = ("isdigit", "isalpha", "isalnum", "isdecimal", "isnumeric", "isspace", "isidentifier")
RE_FUNCTIONS = {"compile": 1, "fullmatch": 2, "match": 2, "search": 2, "split": 2, "sub": 3, "findall": 2}


def test_configuration_code_reads_ascii_only() -> None:
    """No ``\\d``/``\\w``/``\\s``/``\\b`` (they accept other scripts' digits and letters), no
    ``str.isdigit()`` and kin, and in ``environments/`` every regular expression says ``re.ASCII``."""
    paths = [ROOT / "main.py"] + [p for folder in CONFIGURATION_CODE for p in sorted((ROOT / folder).rglob("*.py"))]
    wrong = []
    checked = 0
    for path in paths:
        where = path.relative_to(ROOT)
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and UNICODE_CLASSES.search(node.value):
                if not (isinstance(node, ast.Constant) and _is_docstring(tree, node)):
                    wrong.append(f"{where}:{node.lineno} uses {UNICODE_CLASSES.search(node.value).group()}")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if node.func.attr in UNICODE_METHODS:
                    wrong.append(f"{where}:{node.lineno} calls .{node.func.attr}()")
                is_re = isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                if is_re and node.func.attr in RE_FUNCTIONS and where.parts[0] == "environments":
                    checked += 1
                    flags = [k.value for k in node.keywords if k.arg == "flags"]
                    flags += node.args[RE_FUNCTIONS[node.func.attr] :]
                    if not any("ASCII" in ast.unparse(flag) for flag in flags):
                        wrong.append(f"{where}:{node.lineno} re.{node.func.attr}(...) without re.ASCII")
    assert checked > 20, "the scan found no regular expressions: it would pass on anything"
    assert wrong == []


def _is_docstring(tree: ast.AST, node: ast.Constant) -> bool:
    for parent in ast.walk(tree):
        body = getattr(parent, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and body[0].value is node:
            return True
    return False
