"""Shared fixtures. The platform is synthesized once for every test that needs it (snapshot,
construct, validate and security tests): once per set of inputs, shared by the pytest-xdist
workers and by later runs through ``.cache/synth/`` (``cached_synth``)."""

from __future__ import annotations

import fcntl
import functools
import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from environments.schema import Environment

ROOT = Path(__file__).resolve().parent.parent
COPY_DIGITS = "1234"
"""Every environment that allows copies is synthesized with one, suffixed ``<copy_prefix>1234``."""
EPHEMERAL_SUFFIX = "pr1234"
"""The copy of dev (dev's ``copy_prefix`` is ``pr``): the example of an ephemeral copy."""
OPTIONS_SUFFIX = "opts"
"""An extra environment that turns on the optional features no named environment uses
(global-table replicas, provisioned capacity, ...), so validate and security cover them too."""


def options_environment():
    import dataclasses

    from environments import named
    from environments.base import CATALOG_TABLE, ORDERS_TABLE
    from environments.schema import BrokerConfig, Grants, RegistryConfig, VmConfig

    prod = named("prod")
    # A named-like environment of its own (prod's protection, its own suffix): prod itself
    # cannot be copied, and the options must be seen under prod's protections anyway.
    return dataclasses.replace(
        prod,
        name=OPTIONS_SUFFIX,
        suffix=OPTIONS_SUFFIX,
        tables=(
            dataclasses.replace(CATALOG_TABLE, billing="PROVISIONED", read_capacity=(5, 50), write_capacity=(5, 20)),
            dataclasses.replace(ORDERS_TABLE, replica_regions=("eu-central-1",)),
        ),
        # enhanced (Inspector) scanning and another lifecycle; images from the platform's repositories
        registry=RegistryConfig(enhanced_scanning=True, keep_tagged_images=50, untagged_days=3),
        # a RabbitMQ cluster across the private subnets (local runs a single instance)
        broker=BrokerConfig(
            deployment_mode="CLUSTER_MULTI_AZ", instance_type="mq.m7g.medium", maintenance_time_zone="Europe/Berlin"
        ),
        services=(
            dataclasses.replace(
                prod.service,
                image="111111111111.dkr.ecr.eu-west-1.amazonaws.com/api:1.0.0",
                execute_command=True,
                container_insights=False,
                memory_target_percent=75,
            ),
            # a second web service on the load balancer, by host: its own route and rule
            dataclasses.replace(
                prod.service,
                name="admin",
                path_patterns=("/*",),
                host_patterns=("admin.example.com",),
                api_routes=(),  # by host only: the HTTP API forwards with its own host
                api_open_routes=(),
                grants=Grants(read_tables=("catalog",)),
                image="api:1.0.0",  # the api's repository (another service's)
                repository=None,
            ),
            dataclasses.replace(
                prod.services[1],
                image=f"order-worker@sha256:{'0' * 64}",  # its own, by digest
                grants=dataclasses.replace(prod.services[1].grants, broker=True),  # the broker's only grantee
            ),
            *prod.services[2:],
        ),
        # a vm (EC2 Auto Scaling) behind its own route, with a grant
        vms=(VmConfig(name="legacy", user_data="vms/legacy/user-data.sh", grants=Grants(read_tables=("catalog",))),),
    ).validate()


SLOWEST_FIRST = (
    "tests/test_growing.py",
    "tests/test_validate.py",
    "tests/security/test_checkov.py",
    "tests/test_workflows.py",
)
"""Tests that take many seconds each start first, so pytest-xdist's workers finish together
instead of one of them starting a long test at the end."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        path = item.nodeid.split("::", 1)[0]
        return SLOWEST_FIRST.index(path) if path in SLOWEST_FIRST else len(SLOWEST_FIRST)

    items.sort(key=rank)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--snapshot-update",
        action="store_true",
        help="rewrite the stack snapshots (tests/stacks/snapshots/) from this synth; review the diff",
    )


def _use_project_terraform_config() -> None:
    configured = os.environ.get("TF_CLI_CONFIG_FILE", "")
    if not configured or not Path(configured).is_file():
        from tools.tfcli import write

        os.environ["TF_CLI_CONFIG_FILE"] = str(write())
    os.environ.setdefault("CHECKPOINT_DISABLE", "1")


_use_project_terraform_config()


@dataclass
class Synthesized:
    """One synth of every named environment, an ephemeral copy of dev and of staging, and the
    options environment: the JSON Terraform reads, per stack."""

    outdir: Path
    _json: dict[str, dict] = field(default_factory=dict)

    def json(self, stack_id: str) -> dict:
        if stack_id not in self._json:
            self._json[stack_id] = json.loads((self.outdir / "stacks" / stack_id / "cdk.tf.json").read_text())
        return self._json[stack_id]

    def resources(self, stack_id: str, resource_type: str) -> dict[str, dict]:
        """``{logical id: arguments}`` of one resource type in one stack."""
        return self.json(stack_id).get("resource", {}).get(resource_type, {})

    def resource(self, stack_id: str, resource_type: str, id_part: str = "") -> dict:
        """The single resource of a type whose logical id contains ``id_part``."""
        found = {k: v for k, v in self.resources(stack_id, resource_type).items() if id_part in k}
        if len(found) > 1 and id_part:  # "app_service" is also in "admin_app_service": the prefix wins
            found = {k: v for k, v in found.items() if k.startswith(id_part)}
        assert len(found) == 1, f"{stack_id}: expected one {resource_type} matching {id_part!r}, found {sorted(found)}"
        return next(iter(found.values()))

    def data(self, stack_id: str, data_type: str) -> dict[str, dict]:
        return self.json(stack_id).get("data", {}).get(data_type, {})

    @cached_property
    def stack_ids(self) -> list[str]:
        return sorted(p.name for p in (self.outdir / "stacks").iterdir() if (p / "cdk.tf.json").is_file())


@functools.cache
def synthesized_environments() -> dict[str, Environment]:
    """``suffix -> environment`` of everything the suite synthesizes: every named environment
    (``environments.NAMED``), a copy of each that allows copies, and the options environment.
    Tests that cover "every environment" take their list from here (``suffixes``), never from
    literal names, so a new environment is covered the moment it is declared."""
    from environments import NAMED, load

    named = {name: load(name) for name in NAMED}
    copies = {
        f"{e.copy_prefix}{COPY_DIGITS}": load(e.name, f"{e.copy_prefix}{COPY_DIGITS}")
        for e in named.values()
        if e.copy_prefix
    }
    return {**named, **copies, OPTIONS_SUFFIX: options_environment()}


def suffixes(where: Callable[[Environment], bool] = lambda environment: True) -> list[str]:
    """The synthesized suffixes whose environment satisfies ``where`` (a property of its
    configuration: ``lambda e: e.protection.deletion_protection``, ``lambda e: e.emulator``)."""
    return [suffix for suffix, environment in synthesized_environments().items() if where(environment)]


def environment_of(suffix: str) -> Environment:
    return synthesized_environments()[suffix]


def synthesize_platform(outdir: Path) -> None:
    """What the suite tests: ``synthesized_environments()``, in one app."""
    from modules.core.framework import App
    from stacks import build_platform

    app = App(outdir=str(outdir))
    for environment in synthesized_environments().values():
        build_platform(app, environment)
    app.synth()


SYNTH_CACHE = ROOT / ".cache" / "synth"
"""Synths of the suite's environments, one folder per key of their inputs (git-ignored)."""
SYNTH_INPUTS_IGNORED = ("tests/", "docs/", ".github/", ".ci/")
"""What cannot change a synth: everything else in the checkout is part of the key."""


def synth_inputs_key(root: Path = ROOT) -> str:
    """A digest of every file that can change the synth (sources, configuration, lockfiles, this
    file), as the working tree has them, and of the Python that runs it."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    digest = hashlib.sha256(sys.version.encode())
    for name in sorted(n.decode() for n in listed if n):
        if name.startswith(SYNTH_INPUTS_IGNORED) and name != "tests/conftest.py" or name.endswith(".md"):
            continue
        path = root / name
        if path.is_file():
            digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def cached_synth(cache: Path = SYNTH_CACHE, key: str | None = None, synth=synthesize_platform) -> Path:
    """The synth for ``key`` (the inputs' digest): made once and shared by every pytest-xdist worker
    and every later run until an input changes. The first worker to take the lock synthesizes into
    a folder of its own and renames it into place; the others wait and read it."""
    key = key or synth_inputs_key()
    done = cache / key
    if (done / "stacks").is_dir():
        return done
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (done / "stacks").is_dir():
            work = cache / f".{key}.{os.getpid()}"
            shutil.rmtree(work, ignore_errors=True)
            synth(work)
            work.rename(done)
            for old in sorted(cache.iterdir(), key=lambda p: p.stat().st_mtime)[:-SYNTH_CACHE_KEEP]:
                if old.name != ".lock" and old != done:
                    shutil.rmtree(old, ignore_errors=True)
    return done


SYNTH_CACHE_KEEP = 4
"""Folders kept in the cache (with the lock file): a few recent trees, e.g. while switching branches."""


@pytest.fixture(scope="session")
def platform() -> Synthesized:
    return Synthesized(outdir=cached_synth())


def policy_statements(synth: Synthesized, stack_id: str, document_id_part: str) -> list[dict]:
    """The statements of the ``aws_iam_policy_document`` whose id contains ``document_id_part``."""
    documents = {k: v for k, v in synth.data(stack_id, "aws_iam_policy_document").items() if document_id_part in k}
    if len(documents) > 1:  # "app_task-policy-document" is also in "admin_app_task-policy-document": the prefix wins
        documents = {k: v for k, v in documents.items() if k.startswith(document_id_part)}
    assert len(documents) == 1, f"expected one policy document matching {document_id_part!r}, found {sorted(documents)}"
    return next(iter(documents.values()))["statement"]


SUMMARY_SECTIONS = ("security", "local deploy (moto)")
"""Tests record lines for the end-of-run summary as ``record_property(section, text)``: user
properties travel with the test reports, so the summary also works under pytest-xdist."""
_SUMMARY: dict[str, list[str]] = {}


def pytest_runtest_logreport(report) -> None:
    if report.when == "teardown":  # the last report of a test carries all its properties
        for section, text in report.user_properties:
            if section in SUMMARY_SECTIONS:
                _SUMMARY.setdefault(section, []).append(text)


def pytest_terminal_summary(terminalreporter) -> None:
    """Print the security scan's counts per environment and the deploy timings."""
    for section in SUMMARY_SECTIONS:
        if _SUMMARY.get(section):
            terminalreporter.write_sep("-", section)
            for text in _SUMMARY[section]:
                terminalreporter.write_line(text)
