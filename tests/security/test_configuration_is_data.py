"""Configuration is data, never code: a hostile pass over the configuration, kept.

Every input below is refused with exit 2 and exactly one line that names the field (or the
variable) and the fix, with no traceback and nothing written. The classes are issue 24's:
values that would act as Terraform expressions, variables that would replace what the platform
injects, names that would collide with names the platform makes, identity tags, Unicode and
malformed formats, choice strings with whitespace, and values that used to raise before their
type was checked.

Most inputs go through ``environments.from_environ`` in this process, the function ``main.py``
and ``set-env.sh`` use (a ``ConfigError`` with one line is the whole contract there: nothing is
imported from the framework, nothing written); a few run ``main.py`` in a subprocess for the
exit code, stderr and output folder, and a few go through make, whose command line must never
execute or drop part of a value.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from environments import ConfigError, from_environ, named, output_directory
from environments.base import CATALOG_TABLE
from environments.schema import (
    Environment,
    QueueConfig,
    ScheduledTaskConfig,
    TableConfig,
    TopicConfig,
    WebServiceConfig,
    WorkerConfig,
)
from tests.conftest import ROOT
from tests.environments.test_schema import replace_path

Change = Callable[[Environment], Environment]


def at(path: str, value: object) -> Change:
    return lambda environment: replace_path(environment, path, value)


def add_service(spec: object) -> Change:
    return lambda e: dataclasses.replace(e, services=(*e.services, spec))


def add_topic(topic: TopicConfig) -> Change:
    return lambda e: dataclasses.replace(
        e, messaging=dataclasses.replace(e.messaging, topics=(*e.messaging.topics, topic))
    )


def add_queue(queue: QueueConfig) -> Change:
    def change(e: Environment) -> Environment:
        first, *rest = e.messaging.topics
        topics = (dataclasses.replace(first, queues=(*first.queues, queue)), *rest)
        return dataclasses.replace(e, messaging=dataclasses.replace(e.messaging, topics=topics))

    return change


def both(*changes: Change) -> Change:
    def change(e: Environment) -> Environment:
        for each in changes:
            e = each(e)
        return e

    return change


API_ENV = "services[api].environment"
WORKER_ENV = "services[order-worker].environment"
DIGEST = "@sha256:" + "0" * 64

# (id, environment file changed, change, variables, the field the line starts with, what it says)
HOSTILE: list[tuple[str, str, Change | None, dict[str, str], str, str]] = [
    # -- values that would act as Terraform expressions or break out of one ----------------------
    ("image-injection", "dev", at("services[api].image", 'nginx:1.27","privileged"=true,"x"="'), {},
     "environments.dev.services[api].image", "must be registry/repository:tag"),
    ("image-closing", "dev", at("services[api].image", 'public.ecr.aws/nginx/nginx:1.27"}]'), {},
     "environments.dev.services[api].image", "must be registry/repository:tag"),
    ("image-template", "dev", at("services[api].image", "public.ecr.aws/nginx/nginx:${var.tag}"), {},
     "environments.dev.services[api].image", "holds '${' or '%{'"),
    ("tag-template", "dev", at("tags", {"CostCenter": "platform-dev", "Team": '${file("/etc/passwd")}'}), {},
     "environments.dev.tags['Team']", "holds '${' or '%{'"),
    ("tag-directive", "dev", at("tags", {"CostCenter": "platform-dev", "Team": "%{if true}x%{endif}"}), {},
     "environments.dev.tags['Team']", "which Terraform would evaluate"),
    ("tag-key-template", "dev", at("tags", {"CostCenter": "platform-dev", "${x}": "y"}), {},
     "environments.dev.tags key", "holds '${' or '%{'"),
    ("email-template", "dev", at("alarms.emails", ("${x}@example.com",)), {},
     "environments.dev.alarms.emails", "holds '${' or '%{'"),
    ("email-quote", "dev", at("alarms.emails", ('ops"@example.com',)), {},
     "environments.dev.alarms.emails", "is not an e-mail address"),
    ("health-path-template", "dev", at("services[api].health_check.path", "/${x}"), {},
     "environments.dev.services[api].health_check.path", "holds '${' or '%{'"),
    ("path-pattern-template", "dev", at("services[api].path_patterns", ("/api/${x}",)), {},
     "environments.dev.services[api].path_patterns", "holds '${' or '%{'"),
    ("host-pattern-template", "dev", at("services[api].host_patterns", ("${x}.example.com",)), {},
     "environments.dev.services[api].host_patterns", "holds '${' or '%{'"),
    ("domain-template", "dev", at("domain.name", "${x}.example.com"), {},
     "environments.dev.domain.name", "holds '${' or '%{'"),
    ("bucket-template", "dev", at("state.bucket", "${x}"), {}, "environments.dev.state.bucket", "holds '${'"),
    ("queue-template", "dev", add_queue(QueueConfig(name="q${x}")), {},
     "environments.dev.messaging.topics[orders].queues[q${x}].name", "holds '${' or '%{'"),
    ("ttl-attribute-template", "dev", at("tables[catalog].ttl_attribute", "${x}"), {},
     "environments.dev.tables[catalog].ttl_attribute", "holds '${' or '%{'"),
    ("schedule-template", "dev", at("services[nightly-report].schedule", "cron(0 3 * * ? *)${x}"), {},
     "environments.dev.services[nightly-report].schedule", "holds '${' or '%{'"),
    ("time-zone-template", "dev", at("services[nightly-report].time_zone", "${x}"), {},
     "environments.dev.services[nightly-report].time_zone", "holds '${' or '%{'"),
    ("api-path-template", "dev", at("cdn.api_path", "/api/%{x}"), {}, "environments.dev.cdn.api_path", "holds"),
    ("drift-template", "local", at("emulator.ignore_drift", {"aws_sqs_queue": ("${x}",)}), {},
     "environments.local.emulator.ignore_drift", "holds '${' or '%{'"),
    ("command-nul", "dev", at("services[order-worker].command", ("sh", "-c", "echo \x00")), {},
     "environments.dev.services[order-worker].command[2]", "holds a control character"),
    ("variable-escape", "dev", at(WORKER_ENV, {"LOG_FORMAT": "\x1b[2J"}), {},
     f"environments.dev.{WORKER_ENV}['LOG_FORMAT']", "holds a control character"),
    ("command-as-string", "dev", at("services[order-worker].command", "sh -c 'rm -rf /'"), {},
     "environments.dev.services[order-worker].command", "is the string"),
    # -- variables the platform injects --------------------------------------------------------------
    ("override-db-host", "dev", at(API_ENV, {"DB_HOST": "prod-db.example.com"}), {},
     f"environments.dev.{API_ENV} key 'DB_HOST'", "is set by the platform for its grant of the database"),
    ("override-db-password", "dev", at(API_ENV, {"DB_PASSWORD": "hunter2"}), {},
     f"environments.dev.{API_ENV} key 'DB_PASSWORD'", "the database's secret"),
    ("override-db-iam-user", "dev", at(API_ENV, {"DB_IAM_USER": "postgres"}), {},
     f"environments.dev.{API_ENV} key 'DB_IAM_USER'", "is set by the platform"),
    ("override-table", "dev", at(API_ENV, {"TABLE_ORDERS": "platform-orders-prod"}), {},
     f"environments.dev.{API_ENV} key 'TABLE_ORDERS'", "grant of table 'orders'"),
    ("override-topic", "dev", at(API_ENV, {"TOPIC_ORDERS_ARN": "arn:aws:sns:eu-west-1:333333333333:x"}), {},
     f"environments.dev.{API_ENV} key 'TOPIC_ORDERS_ARN'", "grant of topic 'orders'"),
    ("override-queue", "dev", at(WORKER_ENV, {"QUEUE_ORDER_PROCESSING_URL": "https://sqs/333333333333/prod"}), {},
     f"environments.dev.{WORKER_ENV} key 'QUEUE_ORDER_PROCESSING_URL'", "grant of queue 'order-processing'"),
    ("override-site", "dev", at("services[nightly-report].environment", {"SITE_BUCKET": "prod-site"}), {},
     "environments.dev.services[nightly-report].environment key 'SITE_BUCKET'", "the site bucket"),
    ("platform-variable-ungranted", "dev", at(WORKER_ENV, {"QUEUE_NOTIFICATIONS_URL": "x"}), {},
     f"environments.dev.{WORKER_ENV} key 'QUEUE_NOTIFICATIONS_URL'", "is the platform's variable for queue"),
    ("two-queues-one-variable", "dev", add_queue(QueueConfig(name="order_processing")), {},
     "environments.dev.messaging: queues 'order-processing' and 'order_processing'", "would both reach a granted service as QUEUE_ORDER_PROCESSING_URL"),
    # -- names the platform makes ----------------------------------------------------------------------
    ("service-db", "dev", add_service(WebServiceConfig(name="db", path_patterns=("/db/*",))), {},
     "environments.dev.services[db]", "'platform-db-cpu-dev' in eu-west-1, the same as Aurora's alarms"),
    ("worker-ecs-exec", "dev", add_service(WorkerConfig(name="ecs-exec", queues=("notifications",))), {},
     "environments.dev.services[ecs-exec]", "log group 'platform-ecs-exec-dev'"),
    ("schedule-vpc-flow-logs", "dev", add_service(ScheduledTaskConfig(name="vpc-flow-logs", schedule="rate(1 day)")),
     {}, "environments.dev.services[vpc-flow-logs]", "the same as the VPC's flow logs"),
    ("queue-nightly-report-schedule", "dev", add_queue(QueueConfig(name="nightly-report-schedule")), {},
     "environments.dev.", "'platform-nightly-report-schedule-dlq-dev'"),
    ("topic-edge-alarms-us-east-1", "local", add_topic(TopicConfig(name="edge-alarms")), {},
     "environments.local.messaging.topics[edge-alarms]", "SNS topic 'platform-edge-alarms-local' in us-east-1"),
    ("lock-table-like-a-table", "dev", at("state.lock_table", "platform-orders-dev"), {},
     "environments.dev.", "DynamoDB table 'platform-orders-dev'"),
    ("lock-table-like-a-copys-table", "dev", at("state.lock_table", "platform-orders-pr7"), {"ENVIRONMENT": "pr7"},
     "environments.dev.", "DynamoDB table 'platform-orders-pr7'"),
    ("state-bucket-like-the-site", "dev", at("state.bucket", "platform-site-dev-111111111111"), {},
     "environments.dev.state.bucket", "the same as the static site's bucket"),
    ("state-bucket-like-alb-logs", "dev", at("state.bucket", "platform-api-alb-logs-dev-111111111111"), {},
     "environments.dev.", "'platform-api-alb-logs-dev-111111111111'"),
    ("worker-alarm-like-a-queues", "dev",
     both(add_queue(QueueConfig(name="processing")), add_service(WorkerConfig(name="order", queues=("processing",)))),
     {}, "environments.dev.", "'platform-order-processing-oldest-message-dev'"),
    ("worker-alarms-construct", "dev", add_service(WorkerConfig(name="alarms", queues=("notifications",))), {},
     "environments.dev.services[alarms]", "construct id (service stack) 'alarms'"),
    ("table-alarms-construct", "dev", lambda e: dataclasses.replace(e, tables=(*e.tables, TableConfig(
        name="orders-alarms", attributes={"pk": "S"}, partition_key="pk"))), {},
     "environments.dev.tables[orders-alarms]", "construct id (data stack) 'table-orders-alarms'"),
    ("topic-alarms", "dev", add_topic(TopicConfig(name="alarms")), {},
     "environments.dev.messaging.topics[alarms].name", "is reserved for the alarm topic"),
    ("service-trailing-dash", "dev", add_service(WebServiceConfig(name="admin-", path_patterns=("/a/*",))), {},
     "environments.dev.services[admin-].name", "in words joined by single '-'"),
    ("service-double-dash", "dev", add_service(WorkerConfig(name="a--b", queues=("notifications",))), {},
     "environments.dev.services[a--b].name", "in words joined by single '-'"),
    ("table-trailing-dash", "dev", lambda e: dataclasses.replace(e, tables=(*e.tables, TableConfig(
        name="carts-", attributes={"pk": "S"}, partition_key="pk"))), {},
     "environments.dev.tables[carts-].name", "in words joined by single '-'"),
    # -- identity tags ----------------------------------------------------------------------------------
    ("tag-environment", "dev", at("tags", {"CostCenter": "platform-dev", "Environment": "prod"}), {},
     "environments.dev.tags['Environment']", "is set by the platform"),
    ("tag-suffix", "dev", at("tags", {"CostCenter": "platform-dev", "Suffix": "prod"}), {},
     "environments.dev.tags['Suffix']", "is set by the platform"),
    ("tag-project", "dev", at("tags", {"CostCenter": "platform-dev", "Project": "billing"}), {},
     "environments.dev.tags['Project']", "is set by the platform"),
    ("tag-lowercase-environment", "dev", at("tags", {"CostCenter": "platform-dev", "environment": "prod"}), {},
     "environments.dev.tags['environment']", "is set by the platform"),
    ("tag-ephemeral", "dev", at("tags", {"CostCenter": "platform-dev", "Ephemeral": "false"}), {},
     "environments.dev.tags['Ephemeral']", "is set by the platform"),
    ("tag-managed-by", "prod", at("tags", {"CostCenter": "platform-prod", "ManagedBy": "hand"}), {},
     "environments.prod.tags['ManagedBy']", "is set by the platform"),
    # -- Unicode and formats ---------------------------------------------------------------------------
    ("account-arabic-indic", "dev", at("account_id", "١١١١١١١١١١١١"), {},
     "environments.dev.account_id", "must be 12 digits 0-9"),
    ("account-fullwidth", "prod", at("account_id", "３３３３３３３３３３３３"), {},
     "environments.prod.account_id", "must be 12 digits 0-9"),
    ("cron-minute-99", "dev", at("services[nightly-report].schedule", "cron(99 * * * ? *)"), {},
     "environments.dev.services[nightly-report].schedule", "minutes '99' must hold values 0-59"),
    ("cron-day-of-week-8", "dev", at("services[nightly-report].schedule", "cron(0 3 ? * 8 *)"), {},
     "environments.dev.services[nightly-report].schedule", "day-of-week '8'"),
    ("cron-arabic-digit", "dev", at("services[nightly-report].schedule", "cron(٣ 3 * * ? *)"), {},
     "environments.dev.services[nightly-report].schedule", "minutes '٣'"),
    ("rate-zero", "dev", at("services[nightly-report].schedule", "rate(0 minutes)"), {},
     "environments.dev.services[nightly-report].schedule", "positive number"),
    ("rate-one-hours", "dev", at("services[nightly-report].schedule", "rate(1 hours)"), {},
     "environments.dev.services[nightly-report].schedule", "singular unit for 1"),
    ("at-february-30", "dev", at("services[nightly-report].schedule", "at(2030-02-30T00:00:00)"), {},
     "environments.dev.services[nightly-report].schedule", "not a real date and time"),
    ("zone-ca-central-1c", "dev", both(at("region", "ca-central-1"), at("network.zone_letters", "ac")), {},
     "environments.dev.network.zone_letters", "names ca-central-1c, which ca-central-1 does not have"),
    ("zone-us-west-1c", "dev", both(at("region", "us-west-1"), at("network.zone_letters", "ac")), {},
     "environments.dev.network.zone_letters", "names us-west-1c"),
    ("image-no-tag", "dev", at("services[api].image", "public.ecr.aws/nginx/nginx"), {},
     "environments.dev.services[api].image", "has no tag"),
    ("image-digest-only", "dev", at("services[api].image", "public.ecr.aws/nginx/nginx" + DIGEST), {},
     "environments.dev.services[api].image", "has no tag"),
    ("image-latest-prod", "prod", at("services[api].image", "public.ecr.aws/nginx/nginx:latest"), {},
     "environments.prod.services[api].image", "runs 'latest' in a protected environment"),
    # no registry: never Docker Hub by default, but a platform repository, which dev must have
    ("image-docker-hub-short", "dev", at("services[order-worker].image", "busybox:1.36"), {},
     "environments.dev.services[order-worker].image", "names repository 'busybox', which this environment does not have"),
    ("image-unicode-tag", "dev", at("services[api].image", "public.ecr.aws/nginx/nginx:1.٢٧"), {},
     "environments.dev.services[api].image", "must be registry/repository:tag"),
    ("backup-overlaps-maintenance", "dev", at("database.maintenance_window", "mon:03:30-mon:04:30"), {},
     "environments.dev.database.backup_window", "overlaps maintenance_window"),
    ("backup-too-short", "dev", at("database.backup_window", "03:00-03:15"), {},
     "environments.dev.database.backup_window", "at least 30 minutes"),
    ("engine-version-unicode", "dev", at("database.engine_version", "16.٤"), {},
     "environments.dev.database.engine_version", "must be an Aurora PostgreSQL 16.x version"),
    ("matcher-500", "dev", at("services[api].health_check.matcher", "500"), {},
     "environments.dev.services[api].health_check.matcher", "from 200 to 499"),
    ("matcher-backwards", "dev", at("services[api].health_check.matcher", "399-200"), {},
     "environments.dev.services[api].health_check.matcher", "from 200 to 499"),
    ("writable-path-dotdot", "dev", at("services[order-worker].writable_paths", ("/var/../etc",)), {},
     "environments.dev.services[order-worker].writable_paths", "normalized absolute path"),
    ("writable-paths-one-volume", "dev", at("services[order-worker].writable_paths", ("/tmp", "/TMP")), {},
     "environments.dev.services[order-worker].writable_paths", "gets the scratch volume of '/tmp'"),
    ("variable-name-digit", "dev", at(WORKER_ENV, {"1BAD": "x"}), {},
     f"environments.dev.{WORKER_ENV} key '1BAD'", "is not a variable name"),
    ("variable-name-unicode", "dev", at(WORKER_ENV, {"NAMÉ": "x"}), {},
     f"environments.dev.{WORKER_ENV} key 'NAMÉ'", "is not a variable name"),
    ("email-unicode", "dev", at("alarms.emails", ("öps@example.com",)), {},
     "environments.dev.alarms.emails", "is not an e-mail address"),
    ("health-path-unicode", "dev", at("services[api].health_check.path", "/héalth"), {},
     "environments.dev.services[api].health_check.path", "must be a plain URL path"),
    ("index-name-short", "dev", at("tables[catalog].indexes", (
        dataclasses.replace(CATALOG_TABLE.indexes[0], name="ix"), CATALOG_TABLE.indexes[1])), {},
     "environments.dev.tables[catalog].indexes[ix].name", "must be 3-255"),
    ("endpoint-octet", "local", None, {"ENVIRONMENT": "local", "LOCAL_AWS_ENDPOINT": "https://127.0.0.300:4566"},
     "environments.local.emulator.endpoint", "must be a loopback URL"),
    # -- the choice: whitespace and where output goes ----------------------------------------------------
    ("environment-trailing-space", "dev", None, {"ENVIRONMENT": "dev "}, "ENVIRONMENT 'dev '", "use 'dev'"),
    ("environment-blank", "dev", None, {"ENVIRONMENT": "  "}, "ENVIRONMENT '  '", "is blank"),
    ("environment-newline", "dev", None, {"ENVIRONMENT": "dev\n"}, "ENVIRONMENT 'dev\\n'", "control characters"),
    ("suffix-trailing-space", "dev", None, {"ENVIRONMENT": "dev", "ENVIRONMENT_SUFFIX": "pr12 "},
     "ENVIRONMENT_SUFFIX 'pr12 '", "use 'pr12'"),
    ("endpoint-leading-space", "local", None, {"ENVIRONMENT": "local", "LOCAL_AWS_ENDPOINT": " https://127.0.0.1:4566"},
     "LOCAL_AWS_ENDPOINT", "spaces"),
    # -- types checked before copies are derived -------------------------------------------------------------
    ("tags-list-copy", "dev", at("tags", ["CostCenter=platform-dev"]), {"ENVIRONMENT": "pr1"},
     "environments.dev.tags", "it must be a mapping of str to str"),
    ("domain-string-copy", "dev", at("domain", "dev.example.com"), {"ENVIRONMENT": "pr1"},
     "environments.dev.domain", "it must be DomainConfig or None"),
    ("state-dict-local", "local", at("state", {"bucket": "x"}), {"ENVIRONMENT": "local"},
     "environments.local.state", "it must be StateConfig"),
    ("services-list", "dev", at("services", []), {}, "environments.dev.services", "it must be a tuple"),
    ("network-none", "staging", at("network", None), {"ENVIRONMENT": "rc1"},
     "environments.staging.network", "it must be NetworkConfig"),
]  # fmt: skip
CASES = {case[0]: case for case in HOSTILE}


def use(case: tuple, patch: Callable[[str, object], None]) -> dict[str, str]:
    """Make the case's environment file declare the changed environment; its variables."""
    import environments

    _, name, change, variables, _, _ = case
    if change is not None:
        original = environments._import_environment
        changed = change(named(name))
        patch("_import_environment", lambda module: changed if module == f"environments.{name}" else original(module))
    return {"ENVIRONMENT": name, **variables}


def test_at_least_sixty_hostile_inputs() -> None:
    assert len({case[0] for case in HOSTILE}) == len(HOSTILE) >= 60


@pytest.mark.parametrize("case", HOSTILE, ids=list(CASES))
def test_each_hostile_input_is_one_line_naming_the_field(case: tuple, monkeypatch: pytest.MonkeyPatch) -> None:
    import environments

    variables = use(case, lambda attr, value: monkeypatch.setattr(environments, attr, value))
    with pytest.raises(ConfigError) as raised:  # never another exception: no traceback
        from_environ(variables)
    lines = raised.value.problems
    assert len(lines) == 1, lines
    assert all("\n" not in line for line in lines)
    field, says = case[4], case[5]
    assert lines[0].startswith(field), lines[0]
    assert says in lines[0], lines[0]


def test_what_is_not_a_collision_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rules are about real collisions: ``edge-alarms`` outside us-east-1 makes no name the
    edge stack makes, and free text in a container's variables and command is data."""
    import environments

    dev = named("dev")
    changed = add_topic(TopicConfig(name="edge-alarms"))(dev)
    changed = replace_path(changed, WORKER_ENV, {"GREETING": "say \"${HOME}\" %{x} \\ 'q'"})
    changed = replace_path(changed, "services[order-worker].command", ("sh", "-c", 'echo "${HOME}"'))
    original = environments._import_environment
    monkeypatch.setattr(
        environments, "_import_environment", lambda m: changed if m == "environments.dev" else original(m)
    )
    [environment] = from_environ({"ENVIRONMENT": "dev"})
    assert environment.messaging.topics[-1].name == "edge-alarms"


SUBPROCESS_CASES = ["image-injection", "tags-list-copy", "environment-trailing-space"]
"""One of each kind of refusal, run as main.py runs: a value, a type before a copy, a variable."""
DRIVER = """
import sys, environments, main
from tests.security.test_configuration_is_data import CASES, use
variables = use(CASES[sys.argv[1]], lambda attr, value: setattr(environments, attr, value))
main.os.environ.update(variables)
sys.exit(main.main())
"""


def run_main(tmp_path: Path, case_id: str, **variables: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in ("ENVIRONMENT", "ENVIRONMENT_SUFFIX", "PLATFORM_CHOICE")}
    environ |= {"CDKTF_OUTDIR": str(tmp_path / "out"), **variables}
    return subprocess.run(
        [sys.executable, "-c", DRIVER, case_id], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("case_id", SUBPROCESS_CASES)
def test_main_exits_2_with_one_line_and_writes_nothing(case_id: str, tmp_path: Path) -> None:
    result = run_main(tmp_path, case_id)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: {CASES[case_id][4]}")
    assert not (tmp_path / "out").exists()


ODD_OUTPUT_FOLDERS = [
    ("stacks", "is inside the repository"),
    (".", "is inside the repository"),
    ("environments/out", "is inside the repository"),
    ("main.py", "is inside the repository"),
    ("/proc/cdktf.out", "is not writable"),
    ("/nonexistent-i24/out", "does not exist"),
    (" ", "is blank"),
    ("/tmp ", "spaces"),
]


@pytest.mark.parametrize(("outdir", "says"), ODD_OUTPUT_FOLDERS)
def test_an_odd_output_folder_is_one_line(outdir: str, says: str) -> None:
    with pytest.raises(ConfigError) as raised:
        output_directory({"CDKTF_OUTDIR": outdir})
    [line] = raised.value.problems
    assert line.startswith(f"CDKTF_OUTDIR {outdir!r}") and says in line, line


def test_a_file_as_output_folder_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(ConfigError) as raised:
        output_directory({"CDKTF_OUTDIR": str(tmp_path / "file")})
    assert raised.value.problems == [
        f"CDKTF_OUTDIR {str(tmp_path / 'file')!r} is a file, not a folder: choose a folder"
    ]


def test_main_writes_nothing_into_the_repository(tmp_path: Path) -> None:
    before = sorted(p.name for p in ROOT.iterdir())
    result = run_main(tmp_path, "none", CDKTF_OUTDIR="stacks", ENVIRONMENT="dev")
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith("error: CDKTF_OUTDIR 'stacks' is inside the repository")
    assert sorted(p.name for p in ROOT.iterdir()) == before


CASES["none"] = ("none", "dev", None, {}, "", "")


PROBE = 'probe: ; @$(ENV); echo "chosen: $$ENVIRONMENT/$$ENVIRONMENT_SUFFIX"\n'


@pytest.mark.parametrize("value", ["$(shell touch {marker})dev", 'dev"; touch {marker}; echo "$(id)`id`', "dev "])
def test_makes_command_line_never_runs_or_drops_part_of_a_value(value: str, tmp_path: Path) -> None:
    """The value reaches set-env.sh as written (its refusal quotes it whole) and nothing in it runs."""
    marker = tmp_path / "ran"
    value = value.format(marker=marker)
    (tmp_path / "probe.mk").write_text(PROBE)
    environ = {k: v for k, v in os.environ.items() if k not in ("ENVIRONMENT", "ENVIRONMENT_SUFFIX", "PLATFORM_CHOICE")}
    result = subprocess.run(
        ["make", "-s", "-f", "Makefile", "-f", str(tmp_path / "probe.mk"), "probe", f"ENVIRONMENT={value}"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "chosen:" not in result.stdout
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith(f"error: ENVIRONMENT {value!r}"), result.stderr
    assert not marker.exists()
