"""The walkthroughs of docs/architecture.md, kept honest: in a copy of the repository, an
environment (``qa``) and a service (``smoke-check``) are added exactly as the checklists say, and
nothing else is touched; then the synth, ``terraform validate``, the security scan, the tests'
lists and the deploy guard all see them. And the ``qa`` a user gets by copying staging's file
under a new name is refused, one line per thing it would take from staging."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from environments import NAMED, named, named_rule_problems
from tests.conftest import ROOT

QA = '''"""``qa``: a throwaway environment of the growing test (tests/test_growing.py)."""

import dataclasses

from environments.base import BASE
from environments.edit import replace_service
from environments.schema import CapacityConfig, DomainConfig, NetworkConfig, ProtectionConfig, StateConfig

ENVIRONMENT = dataclasses.replace(
    BASE,
    name="qa",
    suffix="qa",
    account_id="444444444444",
    copy_prefix="qc",
    tags={"CostCenter": "platform-qa"},
    network=NetworkConfig(cidr="10.50.0.0/16", nat_gateways="single"),
    protection=ProtectionConfig(confirm=True),
    state=StateConfig(bucket="platform-tfstate-qa-eu-west-1"),
    domain=DomainConfig(name="qa.example.com"),
)
# protected: one on-demand task under the Spot ones
ENVIRONMENT = replace_service(
    ENVIRONMENT, "api", desired_count=2, min_count=2, capacity=CapacityConfig(on_demand_base=1, spot_weight=3)
)
'''
SMOKE = """

SMOKE_CHECK = ScheduledTaskConfig(
    name="smoke-check",
    schedule="rate(1 hour)",
    command=("sh", "-c", "echo smoke"),
    grants=Grants(read_tables=("catalog",)),
)
SERVICES = (*SERVICES, SMOKE_CHECK)
"""
README_ROW = "| `qa` | a throwaway environment of the growing test |\n"


def checklist_edits(tree: Path) -> list[str]:
    """The files the checklists name, edited as they say; returns them (relative)."""
    (tree / "environments" / "qa.py").write_text(QA)
    init = tree / "environments" / "__init__.py"
    old = "NAMED = (" + ", ".join(f'"{name}"' for name in NAMED) + ")"
    assert old in init.read_text()
    init.write_text(init.read_text().replace(old, old[:-1] + ', "qa")'))
    base = tree / "environments" / "base.py"
    text = base.read_text()
    services = text.index("\nSERVICES = ")
    line_end = text.index("\n", services + 1)
    base.write_text(text[: line_end + 1] + SMOKE + text[line_end + 1 :])
    readme = tree / "README.md"
    text = readme.read_text()
    last_named = f"| `{NAMED[-1]}` |"
    at = text.index("\n", text.index(last_named)) + 1
    readme.write_text(text[:at] + README_ROW + text[at:])
    return ["README.md", "environments/__init__.py", "environments/base.py", "environments/qa.py"]


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the working tree (tracked and new files) with the toolchain's caches linked in."""
    tree = tmp_path_factory.mktemp("repository")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in (n.decode() for n in listed if n):
        if (ROOT / name).is_file():
            (tree / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, tree / name)
    (tree / ".cache").mkdir()
    for cache in ("jsii-packages", "jsii-runtime"):
        if (ROOT / ".cache" / cache).is_dir():
            (tree / ".cache" / cache).symlink_to(ROOT / ".cache" / cache)
    subprocess.run(["git", "init", "-q"], cwd=tree, check=True)
    subprocess.run(["git", "add", "-A"], cwd=tree, check=True)
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "before"], cwd=tree, check=True
    )
    changed = checklist_edits(tree)
    status = subprocess.run(["git", "status", "--porcelain"], cwd=tree, capture_output=True, text=True, check=True)
    assert sorted(line[3:] for line in status.stdout.splitlines()) == changed, "the checklists touch these files only"
    return tree


def run(tree: Path, *args: str, **variables: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "ENVIRONMENT_SUFFIX": "", **variables}
    env.pop("PLATFORM_CHOICE", None)
    return subprocess.run([sys.executable, *args], cwd=tree, env=env, capture_output=True, text=True)


@pytest.mark.slow
@pytest.mark.terraform
def test_a_new_environment_and_service_reach_synth_validate_scan_tests_and_guards(tree: Path) -> None:
    out = tree / "cdktf.out"
    synth = run(tree, "main.py", ENVIRONMENT="qa", CDKTF_OUTDIR=str(out))
    assert synth.returncode == 0, synth.stderr
    stacks = sorted(p.name for p in (out / "stacks").iterdir())
    assert stacks == [f"{c}-qa" for c in ("ci", "data", "edge", "identity", "messaging", "network", "service", "state")]
    service = json.loads((out / "stacks" / "service-qa" / "cdk.tf.json").read_text())
    assert "platform-smoke-check-qa" in json.dumps(service["resource"]["aws_scheduler_schedule"])
    reach = run(
        tree,
        "-c",
        "from environments import NAMED, named; print(sorted({s.name for n in NAMED for s in named(n).services "
        "if s.name == 'smoke-check'}), [n for n in NAMED if 'smoke-check' not in {s.name for s in named(n).services}])",
    )
    assert reach.stdout.split() == ["['smoke-check']", "[]"], reach.stderr  # the service reaches every environment

    with ThreadPoolExecutor(2) as both:  # validate and scan read the same synth: side by side
        validating = both.submit(run, tree, "-m", "tools.validate", str(out))
        scanning = both.submit(run, tree, "-m", "tools.security_scan", str(out))  # qa alone: others' skips unused
        validate, scan = validating.result(), scanning.result()
    assert validate.returncode == 0, validate.stderr + validate.stdout
    [row] = [line.split() for line in scan.stdout.splitlines() if line.startswith("qa ")]
    assert int(row[1]) > 300 and row[2] == "0", scan.stdout + scan.stderr
    assert not [line for line in scan.stdout.splitlines() if line.startswith("FAILED")], scan.stdout

    assert "qa" in run(tree, "-m", "environments", "--list").stdout.split()
    guard = run(tree, "-m", "environments", "--unreviewed-only", "make deploy", ENVIRONMENT="qa")
    assert guard.returncode == 2 and "qa takes only reviewed plans" in guard.stderr
    copy = run(tree, "-m", "environments", "--unreviewed-only", "make deploy", ENVIRONMENT="qc12")
    assert copy.returncode == 0, copy.stderr
    listed = run(tree, "-c", "from tests.conftest import suffixes; print(' '.join(suffixes()))")
    assert {"qa", "qc1234"} <= set(listed.stdout.split()), listed.stderr  # every per-environment test sees it
    lists = run(tree, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_one_list.py", "-k", "not make_deploy")
    assert lists.returncode == 0, lists.stdout[-3000:]


def test_a_copy_of_stagings_file_under_a_new_name_is_refused_naming_what_it_takes() -> None:
    staging = named("staging")
    qa = dataclasses.replace(
        staging,
        name="qa",
        suffix="qa",
        copy_prefix="qa",
        network=dataclasses.replace(staging.network, cidr="10.50.0.0/16"),
    )
    assert named_rule_problems([named(name) for name in NAMED] + [qa]) == [
        "environments.qa.state.bucket 'platform-tfstate-staging-eu-west-1' is environments.staging's state bucket "
        "too: give each environment a bucket of its own",
        "environments.qa.domain 'staging.example.com' serves staging.example.com, origin.staging.example.com, which "
        "environments.staging serves too: give each environment a domain of its own",
        "environments.qa.tags['CostCenter'] 'platform-staging' is environments.staging's too: the bill could not "
        "tell them apart, give each environment its own",
        "environments.qa.account_id 222222222222 in eu-west-1 is environments.staging's account and region too: "
        "give each environment its own account, or list 'staging' in environments.qa.shares_account_with",
    ]
