"""Bad input to the service extras (repositories, calls, volumes, tracing) is one line each,
exit 2, nothing written; and what looks wrong but is fine (two services calling each other)
is accepted.

``BAD_EXTRAS``: (environment, field path, bad value, what the one line must say).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from environments import NAMED, ConfigError, named, named_rule_problems
from environments.schema import RegistryConfig, Volume, VolumeConfig
from tests.environments.test_schema import replace_path, use_environment

DIGEST = "sha256:" + "0" * 64

BAD_EXTRAS: list[tuple[str, str, Any, str]] = [
    # -- repositories ---------------------------------------------------------------------------
    (
        "dev",
        "registry.keep_tagged_images",
        0,
        "environments.dev.registry.keep_tagged_images (0) must be between 1 and 1000",
    ),
    ("dev", "registry.untagged_days", 0, "environments.dev.registry.untagged_days (0) must be between 1 and 365"),
    (
        "dev",
        "services[nightly-report].image",
        "reports:1.0",
        "environments.dev.services[nightly-report].image 'reports:1.0' names repository 'reports', which this "
        "environment does not have (its repositories: api, order-worker)",
    ),
    (
        "dev",
        "services[api].image",
        f"staging/api@{DIGEST}",
        f"environments.dev.services[api].image 'staging/api@{DIGEST}' pulls from environment 'staging', which "
        "registry.pull_from does not list",
    ),
    (
        "dev",
        "services[order-worker].repository",
        False,
        "environments.dev.services[order-worker].image 'order-worker:1.0' is in its own repository, but repository "
        "is False",
    ),
    ("dev", "registry.pull_from", ("dev",), "environments.dev.registry.pull_from names 'dev', this environment itself"),
    (
        "dev",
        "registry.pull_from",
        ("Prod",),
        "environments.dev.registry.pull_from names environment 'Prod', which does not exist",
    ),
    # -- calls ----------------------------------------------------------------------------------
    (
        "dev",
        "services[order-worker].calls",
        ("order-api",),
        "environments.dev.services[order-worker].calls names service 'order-api', which this environment does not "
        "have (its services: api, order-worker, nightly-report)",
    ),
    (
        "dev",
        "services[api].calls",
        ("api",),
        "environments.dev.services[api].calls names 'api', the service itself",
    ),
    (
        "dev",
        "services[api].calls",
        ("order-worker",),
        "environments.dev.services[api].calls names 'order-worker', which has no port to call (set its port)",
    ),
    (
        "dev",
        "services[api].calls",
        ("nightly-report",),
        "environments.dev.services[api].calls names 'nightly-report', which has no port to call (a scheduled task)",
    ),
    (
        "dev",
        "services[api].discoverable",
        False,
        "environments.dev.services[order-worker].calls names 'api', which is not discoverable: set "
        "discoverable=True on it",
    ),
    (
        "dev",
        "services[nightly-report].discoverable",
        True,
        "environments.dev.services[nightly-report].discoverable needs a port to register: a scheduled task runs "
        "no service",
    ),
    ("dev", "services[order-worker].port", 0, "environments.dev.services[order-worker].port (0) must be between 1"),
    (
        "dev",
        "discovery.namespace",
        "Dev_Internal",
        "environments.dev.discovery.namespace 'Dev_Internal' must be a lowercase DNS name",
    ),
    # -- volumes --------------------------------------------------------------------------------
    (
        "dev",
        "services[api].volumes",
        (Volume(name="invoices", path="/invoices"),),
        "environments.dev.services[api].volumes names volume 'invoices', which this environment does not have "
        "(its volumes: reports)",
    ),
    (
        "staging",
        "services[api].volumes",
        (Volume(name="reports", path="/reports"),),
        "environments.staging.services[api].volumes names volume 'reports', but this environment has no file "
        "system: set files=FilesConfig(volumes=(...)) or remove the volume",
    ),
    (
        "dev",
        "services[api].volumes",
        (Volume(name="reports", path="reports"),),
        "environments.dev.services[api].volumes[reports].path entry 'reports' must be a normalized absolute path",
    ),
    (
        "dev",
        "services[api].volumes",
        (Volume(name="reports", path="/tmp"),),
        "environments.dev.services[api].volumes[reports].path '/tmp' is a writable scratch path too",
    ),
    (
        "dev",
        "files.volumes",
        (VolumeConfig(name="reports", posix_uid=0, posix_gid=20001),),
        "environments.dev.files.volumes[reports].posix_uid (0) must be between 1 and 4294967294 (not 0: root)",
    ),
    (
        "dev",
        "files.volumes",
        (
            VolumeConfig(name="reports", posix_uid=7, posix_gid=7),
            VolumeConfig(name="exports", posix_uid=7, posix_gid=8),
        ),
        "environments.dev.files.volumes[exports].posix_uid (7) is 'reports''s too: each volume has its own user",
    ),
    (
        "dev",
        "files.infrequent_access_days",
        45,
        "environments.dev.files.infrequent_access_days (45) must be one of 1, 7, 14, 30, 60, 90, 180, 270, 365",
    ),
    # -- tracing --------------------------------------------------------------------------------
    (
        "dev",
        "tracing.collector_memory",
        384,
        "environments.dev.services[api].tracing: the collector sidecar (64 CPU units, 384 MiB) leaves 192 CPU units "
        "and 128 MiB of the 256/512 task for the application, which needs at least 128 and 256: give the task more "
        "cpu/memory, or turn tracing off",
    ),
    (
        "dev",
        "tracing.collector_image",
        "public.ecr.aws/aws-observability/aws-otel-collector:latest",
        "environments.dev.tracing.collector_image 'public.ecr.aws/aws-observability/aws-otel-collector:latest' must "
        "be pinned: a version tag or a digest",
    ),
    (
        "dev",
        "services[api].environment",
        {"OTEL_SERVICE_NAME": "x"},
        "environments.dev.services[api].environment key 'OTEL_SERVICE_NAME' is set by the platform for tracing",
    ),
]


def _prepare(environment: str, path: str, value: Any):
    config = named(environment)
    if path == "services[order-worker].repository":
        config = replace_path(config, "services[order-worker].image", "order-worker:1.0")
    return replace_path(config, path, value)


@pytest.mark.parametrize("case", BAD_EXTRAS, ids=[f"{c[0]}.{c[1]}={c[2]!r}"[:60] for c in BAD_EXTRAS])
def test_bad_extras_are_one_line_exit_2_and_nothing_written(
    case, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, tmp_path: Path
) -> None:
    import main

    environment, path, value, message = case
    use_environment(monkeypatch, _prepare(environment, path, value))
    monkeypatch.setenv("ENVIRONMENT", environment)
    for variable in ("ENVIRONMENT_SUFFIX", "STATE_BUCKET", "LOCAL_AWS_ENDPOINT"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("CDKTF_OUTDIR", str(tmp_path / "out"))
    assert main.main() == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("error: environments.") and message in line, line
    assert not (tmp_path / "out").exists()


def _between(replacement) -> list[str]:
    return named_rule_problems([replacement if n == replacement.name else named(n) for n in NAMED])


def test_pulling_from_an_environment_that_does_not_exist_is_one_line() -> None:
    prod = dataclasses.replace(named("prod"), registry=RegistryConfig(pull_from=("qa",)))
    assert _between(prod) == [
        "environments.prod.registry.pull_from names environment 'qa', which does not exist "
        "(the environments: local, dev, staging, prod)"
    ]


def test_a_repository_the_source_environment_does_not_have_is_one_line() -> None:
    prod = named("prod")
    prod = dataclasses.replace(
        prod,
        registry=RegistryConfig(pull_from=("dev",)),
        services=(dataclasses.replace(prod.service, image=f"dev/reports@{DIGEST}"), *prod.services[1:]),
    )
    assert prod.problems() == []
    assert _between(prod) == [
        f"environments.prod.services[api].image 'dev/reports@{DIGEST}' names repository 'reports' of dev, "
        "which dev does not have (its repositories: api, order-worker)"
    ]


def test_promotion_that_says_so_is_accepted() -> None:
    prod = named("prod")
    prod = dataclasses.replace(
        prod,
        registry=RegistryConfig(pull_from=("dev",)),
        services=(dataclasses.replace(prod.service, image=f"dev/api@{DIGEST}"), *prod.services[1:]),
    )
    assert prod.problems() == [] and _between(prod) == []


def test_enhanced_scanning_is_refused_where_the_account_is_shared() -> None:
    dev = dataclasses.replace(
        named("dev"), shares_account_with=("staging",), registry=RegistryConfig(enhanced_scanning=True)
    )
    with pytest.raises(ConfigError) as error:
        dev.validate()
    assert error.value.problems == [
        "environments.dev.registry.enhanced_scanning is the account's registry setting, and this environment "
        "shares its account (shares_account_with): keep basic scan on push"
    ]


def test_two_services_calling_each_other_is_fine() -> None:
    """A cycle of calls is two declared calls, each opening one port one way: accepted."""
    dev = named("dev")
    dev = replace_path(dev, "services[order-worker].port", 8080)
    dev = replace_path(dev, "services[order-worker].discoverable", True)
    dev = replace_path(dev, "services[api].calls", ("order-worker",))
    assert dev.problems() == []
