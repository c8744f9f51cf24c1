"""A deploy that is cut off finishes when it is run again (issue 29), on a moto of its own.

``make deploy`` (``tools.apply_plans --deploy``) of the ``local`` platform is killed inside the
apply of every level of stacks, at a moment Terraform's own output chooses: while an object that
is made slowly is being created (it exists in the account, no state has it yet). Each kill is
SIGKILL to every process of the deploy, Terraform's included, as when a runner dies. The same
command is then run again: it releases the lock the dead run left, adopts what it created, and
goes on until the next kill. Once, the deploy is stopped cleanly instead (SIGTERM): the state then
holds every object the emulator has and no lock is left. At the end: rc 0, a second plan with no
changes, and after the destroy (``make down``'s) the emulator holds exactly what it held before
the deploy (moto's inventory, ``tests/deploy/inventory.py``).

Marked ``deploy`` and ``interrupted``: ``make test`` runs it beside the other deploy tests (which
share one deployment), each on a moto of its own (``tools/test_suite.py``).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.deploy.conftest import WAVES, Deployment
from tests.deploy.inventory import added, describe, inventory, unknown_to_state
from tools.emulator import Emulator

pytestmark = [pytest.mark.deploy, pytest.mark.interrupted]
STATE_BUCKET = "platform-tfstate-local"
RUN_TIMEOUT = 900.0
"""Seconds one run of the deploy may take (a whole deploy takes about 8 minutes here)."""


@dataclass(frozen=True)
class Cut:
    """Where a run is cut: the first line of ``stack``'s apply output that matches ``line``."""

    level: int
    stack: str
    line: str
    signum: int = signal.SIGKILL

    def __str__(self) -> str:
        return f"{signal.Signals(self.signum).name} in {self.stack}'s apply at /{self.line}/"


# Each line is Terraform's "still creating" of an object that takes a while in the emulator: the
# object exists, its create has not returned, so no state can hold it.
CUTS = (
    Cut(0, "messaging-local", r"aws_sqs_queue\.\S+: Still creating\.\.\. \[10s elapsed\]"),
    Cut(1, "data-local", r"aws_rds_cluster\.\S+: Still creating\.\.\. \[10s elapsed\]"),
    Cut(2, "service-local", r"aws_lb\.\S+: Still creating\.\.\. \[10s elapsed\]", signal.SIGTERM),
    Cut(2, "service-local", r"aws_route53_record\.\S+: Still creating\.\.\. \[10s elapsed\]"),
    Cut(3, "edge-local", r"aws_cloudfront_distribution\.\S+: Still creating\.\.\. \[10s elapsed\]"),
)
TIMINGS: dict[str, float] = {}
NOTES: list[str] = []


def session(sid: int) -> list[int]:
    """The live processes of a session: the deploy and every Terraform it started."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == sid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


class Deploy:
    """Runs of ``tools.apply_plans --deploy`` on one synth output, each in a session of its own."""

    def __init__(self, deployment: Deployment, workdir: Path) -> None:
        self.deployment = deployment
        self.workdir = workdir
        self.runs = 0

    def start(self) -> tuple[subprocess.Popen, Path]:
        self.runs += 1
        log = self.workdir / f"run-{self.runs}.log"
        for stale in (self.deployment.outdir / "runs").glob("*.apply.log"):
            stale.unlink()  # each cut watches the output of its own run
        process = subprocess.Popen(
            [sys.executable, "-m", "tools.apply_plans", "--deploy", "--suffix", "local"]
            + ["--outdir", str(self.deployment.outdir), "--plans", str(self.workdir / "plans")],
            cwd=ROOT,
            env=self.deployment.env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return process, log

    def cut(self, cut: Cut) -> tuple[int, str]:
        """Run until ``cut``'s line appears, then cut; the run's status and output."""
        process, log = self.start()
        apply_log = self.deployment.outdir / "runs" / f"{cut.stack}.apply.log"
        pattern = re.compile(cut.line)
        deadline = time.monotonic() + RUN_TIMEOUT
        try:
            while not (apply_log.is_file() and pattern.search(apply_log.read_text())):
                if process.poll() is not None:
                    pytest.fail(f"the deploy ended ({process.returncode}) before {cut}:\n{log.read_text()[-4000:]}")
                if time.monotonic() > deadline:
                    pytest.fail(f"no {cut} within {RUN_TIMEOUT:.0f} s")
                time.sleep(0.2)
            if cut.signum == signal.SIGKILL:
                for pid in session(process.pid):
                    os.kill(pid, signal.SIGKILL)
            else:
                os.kill(process.pid, cut.signum)
            status = process.wait(timeout=RUN_TIMEOUT)
        finally:
            for pid in session(process.pid):
                os.kill(pid, signal.SIGKILL)
        return status, log.read_text()

    def finish(self) -> tuple[int, str]:
        process, log = self.start()
        try:
            status = process.wait(timeout=RUN_TIMEOUT)
        finally:
            for pid in session(process.pid):
                os.kill(pid, signal.SIGKILL)
        return status, log.read_text()


def lock_files(deployment: Deployment) -> list[str]:
    listed = deployment.client("s3").list_objects_v2(Bucket=STATE_BUCKET, Prefix="local/").get("Contents", [])
    return sorted(o["Key"] for o in listed if o["Key"].endswith(".tflock"))


def states(deployment: Deployment) -> list[dict]:
    s3 = deployment.client("s3")
    listed = s3.list_objects_v2(Bucket=STATE_BUCKET, Prefix="local/").get("Contents", [])
    return [
        json.loads(s3.get_object(Bucket=STATE_BUCKET, Key=o["Key"])["Body"].read())
        for o in listed
        if o["Key"].endswith(".tfstate")
    ]


def explain(deployment: Deployment, orphans: dict[str, list[str]]) -> str:
    """The orphans, with what tells where each came from (a key's description and tags), and what
    every run adopted."""
    lines = [describe(orphans)]
    kms = deployment.client("kms")
    for key in orphans.get("kms key", []):
        metadata = kms.describe_key(KeyId=key)["KeyMetadata"]
        tags = kms.list_resource_tags(KeyId=key).get("Tags", [])
        lines.append(f"{key}: {metadata.get('Description')!r} created {metadata.get('CreationDate')} tags {tags}")
    logs = sorted(deployment.outdir.parent.glob("run-*.log"))
    lines += [f"{log.name}: {line}" for log in logs for line in log.read_text().splitlines() if ": adopting " in line]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def emulator(request: pytest.FixtureRequest):
    failed_before = request.session.testsfailed
    running = Emulator.start(0)
    try:
        yield running
    finally:
        failed = request.session.testsfailed > failed_before or sys.exc_info()[0] is not None
        running.stop(keep_log=failed)
        with request.config.pluginmanager.getplugin("capturemanager").global_and_fixture_disabled():
            print("\n" + "\n".join(NOTES), *(f"{k:<40} {v:7.1f} s" for k, v in TIMINGS.items()), sep="\n")
            if failed:
                print(f"moto's log is kept: {running.log_file}")


def test_a_deploy_cut_in_every_level_finishes_when_run_again_and_leaves_nothing(
    emulator: Emulator, tmp_path: Path
) -> None:
    deployment = Deployment(emulator, tmp_path)
    deployment.synth()
    deployment.bootstrap()
    before = inventory(deployment.client)
    runs = Deploy(deployment, tmp_path)
    start = time.perf_counter()

    for cut in CUTS:
        status, output = runs.cut(cut)
        NOTES.append(f"run {runs.runs}: {cut}: exit {status}")
        if cut.signum == signal.SIGTERM:
            # A clean stop: Terraform finished what was in flight, saved it, released every lock.
            assert status == 128 + signal.SIGTERM, output[-4000:]
            assert "stopped: " in output and "it saved what it had done and released its lock" in output
            assert lock_files(deployment) == []
            orphans = unknown_to_state(added(before, inventory(deployment.client)), states(deployment))
            assert not orphans, f"after a clean stop every object is in a state:\n{explain(deployment, orphans)}"
        else:
            assert f"{cut.stack.split('-')[0]}.tfstate.tflock" in " ".join(lock_files(deployment)), (
                "the dead run's lock"
            )
        # The same command again: it runs until the next cut, and the last time to the end.
    status, output = runs.finish()
    NOTES.append(f"run {runs.runs}: to the end: exit {status}")
    assert status == 0, output[-6000:]
    TIMINGS[f"deploy cut {len(CUTS)} times, then finished"] = time.perf_counter() - start
    logs = "\n".join(path.read_text() for path in sorted(tmp_path.glob("run-*.log")))
    released = re.findall(r"^(\S+): released the state lock left by a run that is no longer running", logs, re.M)
    adopted = re.findall(r"^(\S+): adopting (\d+) existing object", logs, re.M)
    NOTES.append(f"released the locks of dead runs: {released}")
    NOTES.append(f"adopted: {adopted}")
    killed = {cut.stack for cut in CUTS if cut.signum == signal.SIGKILL}
    assert killed <= set(released), "every lock a killed run left was released by the next run"
    assert {stack for stack, _ in adopted} >= killed, "each run after a kill adopted what the killed one made"
    adopting = re.findall(r"^\S+: adopting .*$", logs, re.M)
    for cut in CUTS:
        if cut.signum == signal.SIGKILL:
            kind = cut.line.split("\\.")[0]
            assert any(line.startswith(cut.stack) and f"{kind}." in line for line in adopting), (
                f"{cut.stack}: the {kind} being created when the run was killed was adopted"
            )
    assert lock_files(deployment) == []

    # Everything is in a state and nothing more is to be done.
    orphans = unknown_to_state(added(before, inventory(deployment.client)), states(deployment))
    assert not orphans, f"objects no state knows:\n{explain(deployment, orphans)}"
    planned = deployment.tool("plan_stacks", "--plans", str(tmp_path / "replan"))
    assert planned.returncode == 0, f"not clean after the interrupted deploy:\n{planned.stdout[-6000:]}"
    manifest = json.loads((tmp_path / "replan" / "manifest.json").read_text())
    assert {s["name"]: s["status"] for s in manifest["stacks"]} == {
        f"{c}-local": "no changes" for c in ("state", "ci", *(c for wave in WAVES for c in wave))
    }

    # make down: the emulator holds what it held before the deploy.
    start = time.perf_counter()
    destroyed = deployment.tool("apply_plans", "--destroy")
    assert destroyed.returncode == 0, destroyed.stdout[-4000:] + destroyed.stderr[-4000:]
    TIMINGS["destroy"] = time.perf_counter() - start
    left = added(before, inventory(deployment.client))
    assert not left, f"left behind after the destroy:\n{describe(left)}"
