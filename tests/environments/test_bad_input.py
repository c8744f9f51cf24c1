"""Every bad input is one line that names the field and the fix, exit 2, and nothing written:
wrong types, unknown keys, values outside a Literal, regions AWS does not have, bucket names
S3 refuses, overlapping environments, unsafe health-check paths, mimicking suffixes, leftover
variables, broken environment files and missing prerequisites.

``BAD_CONFIG`` and ``BAD_VARIABLES`` double as the catalogue of refused inputs: ``python -m
tests.environments.test_bad_input`` prints each with its message.
"""

from __future__ import annotations

import dataclasses
import io
import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from environments import ConfigError, from_environ, named
from environments.base import CATALOG_TABLE, ORDERS_TABLE
from environments.schema import Grants
from tests.conftest import ROOT
from tests.environments.test_schema import replace_path, use_environment

# (environment, field path, bad value, what the one line must say; it must also name the field)
BAD_CONFIG: list[tuple[str, str, Any, str]] = [
    ("dev", "network.az_count", "2", "environments.dev.network.az_count is '2' (str): it must be int"),
    (
        "dev",
        "network.nat_gateways",
        "two",
        "environments.dev.network.nat_gateways 'two' is not allowed: use one of 'single', 'per_az'",
    ),
    (
        "dev",
        "network.flow_log_traffic",
        "SOME",
        "environments.dev.network.flow_log_traffic 'SOME' is not allowed: use one of 'ALL', 'ACCEPT', 'REJECT'",
    ),
    (
        "dev",
        "network.must_not_overlap",
        "10.99.0.0/16",
        "environments.dev.network.must_not_overlap is the string '10.99.0.0/16': it must be a tuple of str; write ('10.99.0.0/16',)",
    ),
    ("dev", "database.min_acu", "0.5", "environments.dev.database.min_acu is '0.5' (str): it must be float"),
    ("dev", "database.iam_auth", "yes", "environments.dev.database.iam_auth is 'yes' (str): it must be bool"),
    ("dev", "services[api].cpu", 256.0, "environments.dev.services[api].cpu is 256.0 (float): it must be int"),
    (
        "dev",
        "services[api].desired_count",
        True,
        "environments.dev.services[api].desired_count is True (bool): it must be int",
    ),
    ("dev", "tables", CATALOG_TABLE, "environments.dev.tables is TableConfig("),
    (
        "dev",
        "services[api].environment",
        ["LOG_LEVEL=info"],
        "environments.dev.services[api].environment is ['LOG_LEVEL=info'] (list): it must be a mapping of str to str",
    ),
    (
        "dev",
        "services[api].capacity.spot_weight",
        None,
        "environments.dev.services[api].capacity.spot_weight is None (NoneType): it must be int",
    ),
    ("dev", "tags", {"Team": 5}, "environments.dev.tags['Team'] is 5 (int): it must be str"),
    (
        "prod",
        "protection.prevent_destroy",
        "false",
        "environments.prod.protection.prevent_destroy is 'false' (str): it must be bool",
    ),
    (
        "prod",
        "network.must_not_overlap",
        "10.0.0.0/8",
        "environments.prod.network.must_not_overlap is the string '10.0.0.0/8': it must be a tuple of str",
    ),
    ("dev", "alarms.emails", "ops@example.com", "environments.dev.alarms.emails is the string 'ops@example.com'"),
    (
        "dev",
        "database.instance_class",
        None,
        "environments.dev.database.instance_class is None (NoneType): it must be str",
    ),
    ("dev", "region", "zz-nowhere-1", "environments.dev.region 'zz-nowhere-1' is not an AWS region"),
    ("dev", "region", "eu-west-9", "environments.dev.region 'eu-west-9' is not an AWS region: use one of eu-central-1"),
    (
        "dev",
        "tables",
        (dataclasses.replace(CATALOG_TABLE, replica_regions=("mars-east-1",)), ORDERS_TABLE),
        "environments.dev.tables[catalog].replica_regions entry 'mars-east-1' is not an AWS region",
    ),
    (
        "dev",
        "tables",
        (dataclasses.replace(CATALOG_TABLE, replica_regions=("eu-west-1",)), ORDERS_TABLE),
        "environments.dev.tables[catalog].replica_regions entry 'eu-west-1' is the environment's own region",
    ),
    (
        "dev",
        "state.bucket",
        "a..b",
        "environments.dev.state.bucket 'a..b' is not a bucket name S3 accepts: no '..', '.-' or '-.'",
    ),
    (
        "dev",
        "state.bucket",
        "192.168.1.1",
        "environments.dev.state.bucket '192.168.1.1' is not a bucket name S3 accepts: not shaped like an IP address",
    ),
    ("dev", "state.bucket", "xn--state", "no 'xn--', 'sthree-' or 'amzn-s3-demo-' prefix"),
    ("dev", "state.bucket", "state-s3alias", "no '-s3alias', '--ol-s3', '.mrap', '--x-s3' or '--table-s3' ending"),
    ("dev", "state.bucket", "ab", "environments.dev.state.bucket 'ab' is not a bucket name S3 accepts: 3-63 of a-z"),
    (
        "dev",
        "state.bucket",
        "State-Bucket",
        "environments.dev.state.bucket 'State-Bucket' is not a bucket name S3 accepts",
    ),
    ("dev", "state.lock_table", "locks!", "environments.dev.state.lock_table 'locks!' is not a DynamoDB table name"),
    (
        "dev",
        "services[api].health_check.path",
        "/health; rm -rf /",
        "environments.dev.services[api].health_check.path '/health; rm -rf /' must be a plain URL path",
    ),
    (
        "dev",
        "services[api].health_check.path",
        "/$(id)",
        "environments.dev.services[api].health_check.path '/$(id)' must be a plain URL path",
    ),
    ("dev", "services[api].health_check.path", "/health?full=1", "no query (e.g. '/health')"),
    ("dev", "services[api].health_check.path", "/" + "a" * 1024, "must be a plain URL path of up to 1024 characters"),
    ("dev", "account_id", None, "environments.dev.account_id is not set: name the AWS account"),
    ("dev", "account_id", 111111111111, "environments.dev.account_id is 111111111111 (int): it must be str or None"),
    ("prod", "account_id", "33333333333a", "environments.prod.account_id '33333333333a' must be 12 digits"),
    ("dev", "copy_prefix", "p-r", "environments.dev.copy_prefix 'p-r' must be 1-4 letters a-z"),
    ("dev", "suffix", "prod", "environments.dev.suffix 'prod' must equal the environment's name 'dev'"),
    (
        "staging",
        "network.cidr",
        "10.20.0.0/16",
        "environments.staging.network.cidr 10.20.0.0/16 overlaps environments.dev.network.cidr 10.20.0.0/16",
    ),
    (
        "staging",
        "copy_prefix",
        "p",
        "environments.dev.copy_prefix 'pr' and environments.staging.copy_prefix 'p' start one another",
    ),
    (
        "staging",
        "state.bucket",
        "platform-tfstate-dev-eu-west-1",
        "environments.staging.state.bucket 'platform-tfstate-dev-eu-west-1' is environments.dev's state bucket too",
    ),
    (
        "staging",
        "domain.name",
        "dev.example.com",
        "environments.staging.domain 'dev.example.com' serves dev.example.com, origin.dev.example.com, which "
        "environments.dev serves too",
    ),
    (
        "prod",
        "domain.name",
        "pr7.dev.example.com",
        "environments.prod.domain 'pr7.dev.example.com' serves pr7.dev.example.com, origin.pr7.dev.example.com, "
        "which a copy of environments.dev (pr<digits>) would serve",
    ),
    ("staging", "tags", {"CostCenter": "platform-dev"}, "environments.staging.tags['CostCenter'] 'platform-dev' is"),
    (
        "staging",
        "account_id",
        "111111111111",
        "environments.staging.account_id 111111111111 in eu-west-1 is environments.dev's account and region too",
    ),
    (
        "dev",
        "services[api].min_count",
        5,
        "environments.dev.services[api]: need 0 <= min_count (5) <= desired_count (1) <= max_count (3)",
    ),
    ("dev", "database.max_acu", 0.25, "environments.dev.database.max_acu (0.25) must be 1-256 in steps of 0.5"),
    (
        "dev",
        "services[order-worker].grants",
        Grants(read_write_tables=("order",)),
        "environments.dev.services[order-worker].grants.read_write_tables names table 'order', which this environment "
        "does not have (its tables: catalog, orders)",
    ),
    (
        "dev",
        "services[nightly-report].schedule",
        "0 3 * * *",
        "environments.dev.services[nightly-report].schedule '0 3 * * *' must be 'cron(0 3 * * ? *)'",
    ),
    (
        "dev",
        "email.dmarc_policy",
        "strict",
        "environments.dev.email.dmarc_policy 'strict' is not allowed: use one of 'none', 'quarantine', 'reject'",
    ),
    (
        "dev",
        "email.bounce_rate_percent",
        0.0,
        "environments.dev.email.bounce_rate_percent (0.0%) must be between 0.1 and 100",
    ),
    (
        "dev",
        "email.mail_from_label",
        "mail.from",
        "environments.dev.email.mail_from_label 'mail.from' must be one DNS label such as 'mail'",
    ),
    (
        "staging",
        "services[order-worker].grants",
        Grants(read_write_tables=("orders",), send_email=True),
        "environments.staging.services[order-worker].grants.send_email is on but this environment has no email: "
        "set email=EmailConfig() or remove it",
    ),
    (
        "dev",
        "cache.node_type",
        "cache.x9.huge",
        "environments.dev.cache.node_type 'cache.x9.huge' is not a known current-generation node type",
    ),
    (
        "dev",
        "cache.node_type",
        "cache.t3.micro",
        "environments.dev.cache.node_type 'cache.t3.micro' is a previous-generation type: use a current one",
    ),
    (
        "dev",
        "cache.multi_az",
        True,
        "environments.dev.cache.multi_az is on with replicas=0: Multi-AZ with one node cannot fail over",
    ),
    ("dev", "cache.engine_version", "7.0", "environments.dev.cache.engine_version '7.0' must be one of 7.2, 8.0, 8.1"),
    ("dev", "cache.replicas", 6, "environments.dev.cache.replicas (6) must be between 0 and 5"),
    (
        "dev",
        "cache.snapshot_window",
        "05:30-06:30",
        "environments.dev.cache.snapshot_window '05:30-06:30' overlaps maintenance_window",
    ),
    (
        "dev",
        "cache.maintenance_window",
        "sun:05:00-sun:05:30",
        "environments.dev.cache.maintenance_window 'sun:05:00-sun:05:30' must last at least 60 minutes",
    ),
    (
        "staging",
        "services[api].grants",
        Grants(cache=True),
        "environments.staging.services[api].grants.cache is on but this environment has no cache: "
        "set cache=CacheConfig() or remove it",
    ),
    (
        "dev",
        "services[api].environment",
        {"CACHE_HOST": "x"},
        "environments.dev.services[api].environment key 'CACHE_HOST' is set by the platform for its grant of the cache",
    ),
]

# (variables, what the one line must say)
BAD_VARIABLES: list[tuple[dict[str, str], str]] = [
    ({"ENVIRONMENT": "qa"}, "ENVIRONMENT 'qa' is unknown: use one of local, dev, staging, prod, all"),
    ({"ENVIRONMENT": "DEV"}, "ENVIRONMENT 'DEV' is unknown"),
    (
        {"ENVIRONMENT": "dev", "ENVIRONMENT_SUFFIX": "prod"},
        "ENVIRONMENT_SUFFIX 'prod' is reserved for the prod environment: unset ENVIRONMENT_SUFFIX to build dev",
    ),
    (
        {"ENVIRONMENT": "dev", "ENVIRONMENT_SUFFIX": "staging"},
        "ENVIRONMENT_SUFFIX 'staging' is reserved for the staging environment",
    ),
    (
        {"ENVIRONMENT": "dev", "ENVIRONMENT_SUFFIX": "dlq-dev"},
        "ENVIRONMENT_SUFFIX 'dlq-dev' is invalid: use 2-12 of a-z and 0-9, starting with a letter and without '-'",
    ),
    (
        {"ENVIRONMENT": "dev", "ENVIRONMENT_SUFFIX": "prod1"},
        "ENVIRONMENT_SUFFIX 'prod1' is not a name for a copy of dev: use 'pr' and 1-8 digits",
    ),
    (
        {"ENVIRONMENT": "dev", "ENVIRONMENT_SUFFIX": "pr123456789"},
        "ENVIRONMENT_SUFFIX 'pr123456789' is not a name for a copy of dev",
    ),
    (
        {"ENVIRONMENT": "prod", "ENVIRONMENT_SUFFIX": "pr1"},
        "prod cannot be copied (environments.prod.copy_prefix is None)",
    ),
    (
        {"ENVIRONMENT": "local", "ENVIRONMENT_SUFFIX": "pr1"},
        "local cannot be copied (environments.local.copy_prefix is None)",
    ),
    (
        {"ENVIRONMENT": "staging", "ENVIRONMENT_SUFFIX": "pr1"},
        "ENVIRONMENT_SUFFIX 'pr1' names a copy of dev, not of staging: use ENVIRONMENT=dev",
    ),
    ({"ENVIRONMENT": "all", "ENVIRONMENT_SUFFIX": "pr1"}, "ENVIRONMENT_SUFFIX cannot be combined with ENVIRONMENT=all"),
    (
        {"ENVIRONMENT": "pr12", "ENVIRONMENT_SUFFIX": "pr13"},
        "ENVIRONMENT=pr12 already names the suffix; unset ENVIRONMENT_SUFFIX",
    ),
    (
        {"ENVIRONMENT": "dev", "STATE_BUCKET": "platform-tfstate-prod-eu-west-1"},
        "STATE_BUCKET is set but no longer read",
    ),
    (
        {"ENVIRONMENT": "local", "LOCAL_AWS_ENDPOINT": "http://10.0.0.1:4566"},
        "environments.local.emulator.endpoint 'http://10.0.0.1:4566' must be a loopback URL",
    ),
    ({"ENVIRONMENT": "local", "LOCAL_AWS_ENDPOINT": "https://aws.example.com"}, "must be a loopback URL"),
]

# (fixture module standing in for environments/dev.py, what the one line must say)
BAD_FILES = [
    (
        "unknown_key",
        "tests/environments/fixtures/unknown_key.py line 5: NetworkConfig has no field 'az_countt': check the spelling",
    ),
    ("missing_field", "tests/environments/fixtures/missing_field.py line 5: TableConfig needs 'name': add it"),
    ("name_error", "tests/environments/fixtures/name_error.py line 5: NameError: name 'NETWORK' is not defined"),
    ("not_an_environment", "ENVIRONMENT must be an Environment(...), not dict"),
]


@pytest.mark.parametrize("case", BAD_CONFIG, ids=[f"{c[0]}.{c[1]}={c[2]!r}"[:50] for c in BAD_CONFIG])
def test_bad_configuration_is_one_line_exit_2_and_nothing_written(
    case, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, tmp_path: Path
) -> None:
    import main

    environment, path, value, message = case
    use_environment(monkeypatch, replace_path(named(environment), path, value))
    monkeypatch.setenv("ENVIRONMENT", environment)
    for variable in ("ENVIRONMENT_SUFFIX", "STATE_BUCKET", "LOCAL_AWS_ENDPOINT"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("CDKTF_OUTDIR", str(tmp_path / "out"))
    assert main.main() == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("error: environments.") and message in line, line
    assert path.split(".")[0] in line  # the field's section (or the field) is named
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("environ", "message"), BAD_VARIABLES, ids=[str(v) for v, _ in BAD_VARIABLES])
def test_bad_variables_are_one_line(environ: dict, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        from_environ(environ)
    [line] = raised.value.problems
    assert message in line


@pytest.mark.parametrize(("module", "message"), BAD_FILES)
def test_a_broken_environment_file_is_one_line_naming_file_and_line(
    module: str, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import environments

    original = environments._import_environment
    monkeypatch.setattr(
        environments,
        "_import_environment",
        lambda name: original(f"tests.environments.fixtures.{module}" if name == "environments.dev" else name),
    )
    with pytest.raises(ConfigError) as raised:
        from_environ({"ENVIRONMENT": "dev"})
    [line] = raised.value.problems
    assert message in line


def run(command: list[str], *, path: str | None = None, **variables: str) -> subprocess.CompletedProcess:
    environ = {
        k: v
        for k, v in os.environ.items()
        if k not in ("ENVIRONMENT", "ENVIRONMENT_SUFFIX", "PLATFORM_CHOICE", "STATE_BUCKET", "CI")
    }
    environ.update(variables)
    if path is not None:
        environ["PATH"] = path
    return subprocess.run(command, cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120)


def _path_without(tmp_path: Path, *tools: str) -> str:
    """A PATH that has python3 (and what else the shell needs) but none of ``tools``."""
    shadow = tmp_path / "bin"
    shadow.mkdir(exist_ok=True)
    for directory in os.environ["PATH"].split(os.pathsep):
        for entry in Path(directory).glob("*") if Path(directory).is_dir() else []:
            target = shadow / entry.name
            if entry.name not in tools and not target.exists():
                target.symlink_to(entry)
    return str(shadow)


def test_no_node_is_one_line_from_main(tmp_path: Path) -> None:
    result = run(
        [sys.executable, "main.py"],
        path=_path_without(tmp_path, "node"),
        ENVIRONMENT="dev",
        CDKTF_OUTDIR=str(tmp_path / "out"),
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error: node is not on PATH: install node 20.0 or newer for cdktf's jsii runtime and cdktf-cli (Node.js 20 or newer)"
    ]
    assert not (tmp_path / "out").exists()


def test_no_terraform_is_one_line_from_validate(tmp_path: Path) -> None:
    result = run([sys.executable, "-m", "tools.validate", str(tmp_path)], path=_path_without(tmp_path, "terraform"))
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("error: terraform is not on PATH: install terraform 1.10 or newer")


def test_too_old_python_and_terraform_are_one_line_each_from_set_env(tmp_path: Path) -> None:
    fakes = tmp_path / "fakes"
    fakes.mkdir()
    (fakes / "python3").write_text(
        '#!/bin/sh\n[ "$1" = -c ] && case "$2" in *version.split*) echo 3.9.2;; esac\nexit 1\n'
    )
    (fakes / "python3").chmod(0o755)
    result = run(["bash", "-c", "source ./set-env.sh dev"], path=f"{fakes}:{os.environ['PATH']}")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error: python3 is 3.9.2: Python 3.11 or newer is needed (README, Prerequisites)"
    ]
    (fakes / "python3").unlink()
    (fakes / "terraform").write_text('#!/bin/sh\necho \'{"terraform_version": "1.9.8"}\'\n')
    (fakes / "terraform").chmod(0o755)
    result = run(["bash", "-c", "source ./set-env.sh dev"], path=f"{fakes}:{os.environ['PATH']}")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error: terraform 1.9 is too old: install 1.10 or newer for validate, plan and apply (S3-native state locking needs 1.10)"
    ]


def test_a_leftover_suffix_never_wins_over_a_new_environment() -> None:
    script = (
        "source ./set-env.sh prod >/dev/null && ENVIRONMENT=dev && source ./set-env.sh >/dev/null "
        '&& echo "$ENVIRONMENT/$ENVIRONMENT_SUFFIX"'
    )
    result = run(["bash", "-c", script])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "dev/dev"
    assert "ENVIRONMENT_SUFFIX=prod was chosen with ENVIRONMENT=prod; reset for ENVIRONMENT=dev" in result.stderr


PROBE_MAKEFILE = 'probe: ; @$(ENV); echo "$$ENVIRONMENT/$$ENVIRONMENT_SUFFIX"\n'
"""A target of the real Makefile's variables: what a recipe's set-env.sh ends up choosing."""


def make_probe(tmp_path: Path, *arguments: str, shell: str = "") -> subprocess.CompletedProcess:
    probe = tmp_path / "probe.mk"
    probe.write_text(PROBE_MAKEFILE)
    command = " ".join(["make", "-s", "-f", "Makefile", "-f", str(probe), "probe", *map(shlex.quote, arguments)])
    return run(["bash", "-c", f"{shell}{command}"])


def test_make_passes_its_command_line_choice_over_the_shells(tmp_path: Path) -> None:
    result = make_probe(tmp_path, "ENVIRONMENT=staging", shell="source ./set-env.sh dev pr12 >/dev/null && ")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "staging/staging"


def test_the_banner_names_environment_suffix_account_region_and_state() -> None:
    result = run([sys.executable, "-m", "environments", "--banner"], ENVIRONMENT="dev", ENVIRONMENT_SUFFIX="pr7")
    assert result.returncode == 0
    assert result.stderr.strip() == (
        "target: environment=dev suffix=pr7 (copy of dev) account=111111111111 (AWS) "
        "region=eu-west-1 state=s3://platform-tfstate-dev-eu-west-1/pr7/"
    )


@pytest.mark.parametrize(
    ("environment", "ci", "typed", "tty", "proceeds"),
    [
        ("prod", "", "prod\n", True, True),
        ("prod", "", "prd\n", True, False),
        ("prod", "", "", False, False),  # a script without a terminal: refused, not assumed
        ("prod", "true", "", False, True),  # CI: its approval gate stands in
        ("staging", "", "dev\n", True, False),
        ("dev", "", "", False, True),  # not protected: nothing asked
    ],
)
def test_protected_environments_need_their_name_typed(environment, ci, typed, tty, proceeds) -> None:
    from environments import load
    from environments.__main__ import confirm

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return tty

    assert confirm(load(environment), "deploy", {"CI": ci}, Terminal(typed)) is proceeds


if __name__ == "__main__":  # the catalogue for the README and the closing note
    import environments as _environments

    def _message(action) -> str:
        try:
            action()
        except ConfigError as error:
            return " | ".join(error.problems)
        return "(accepted!)"

    for environment, path, value, _ in BAD_CONFIG:
        original = _environments._import_environment
        broken = replace_path(named(environment), path, value)
        _environments._import_environment = lambda m, b=broken, o=original: b if m == f"environments.{b.name}" else o(m)
        print(
            f"- `{environment}.{path} = {value!r}`"[:110],
            "→",
            _message(lambda e=environment: from_environ({"ENVIRONMENT": e})),
        )
        _environments._import_environment = original
    for environ, _ in BAD_VARIABLES:
        shown = " ".join(f"{k}={v}" for k, v in environ.items())
        print(f"- `{shown}` →", _message(lambda e=environ: from_environ(e)))
