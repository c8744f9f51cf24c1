"""tools/locks.py against S3-native locking on moto: a lock whose recorded holder died is released
by the next run with one line; a lock held by a live run is never touched (and a SIGTERM to that
run releases it cleanly); any other lock is explained in one line and released only by
``unlock`` with the ID that was shown."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import boto3
import pytest

from tests.conftest import ROOT
from tests.tools.test_terraform_run import SUFFIX, log_says, session_processes, slow_stack, start, wait_for
from tools import locks
from tools.emulator import Emulator

pytestmark = pytest.mark.terraform
BUCKET = "locks-test-state"


@pytest.fixture(scope="module")
def emulator(tmp_path_factory: pytest.TempPathFactory):
    with Emulator.run(state_dir=tmp_path_factory.mktemp("moto")) as running:
        s3 = boto3.client(
            "s3",
            endpoint_url=running.endpoint,
            region_name="us-east-1",
            aws_access_key_id="test",
            aws_secret_access_key="test",
            verify=str(running.cert_file),
        )
        s3.create_bucket(Bucket=BUCKET)
        yield running, s3


def s3_backend(endpoint: str, key: str) -> dict:
    return {
        "s3": {
            "bucket": BUCKET,
            "key": key,
            "region": "us-east-1",
            "encrypt": True,
            "use_lockfile": True,
            "access_key": "test",
            "secret_key": "test",
            "endpoints": {"s3": endpoint, "sts": endpoint, "iam": endpoint, "dynamodb": endpoint},
            "insecure": True,
            "use_path_style": True,
            "skip_credentials_validation": True,
            "skip_metadata_api_check": True,
            "skip_region_validation": True,
            "skip_requesting_account_id": True,
        }
    }


def lock_key(key: str) -> str:
    return f"{key}.tflock"


def locked(s3, key: str) -> dict | None:
    try:
        return json.loads(s3.get_object(Bucket=BUCKET, Key=lock_key(key))["Body"].read())
    except s3.exceptions.NoSuchKey:
        return None


def record(outdir: Path) -> dict | None:
    path = outdir / "runs" / f"slow-{SUFFIX}.json"
    return json.loads(path.read_text()) if path.is_file() else None


def applying_with_lock(outdir: Path) -> bool:
    found = record(outdir) or {}
    return found.get("operation") == "apply" and found.get("lock_id") is not None


def kill_session(sid: int) -> None:
    """SIGKILL to every process of the run, Terraform's own process group included: a machine
    that dies takes all of them."""
    for pid in session_processes(sid):
        os.kill(pid, signal.SIGKILL)


def init(stack_dir: Path) -> None:
    subprocess.run(["terraform", "init", "-input=false", "-no-color"], cwd=stack_dir, check=True, capture_output=True)


def test_a_lock_left_by_a_run_that_died_is_released_by_the_next_run(emulator, tmp_path: Path) -> None:
    moto, s3 = emulator
    key = f"{uuid.uuid4()}/slow.tfstate"
    outdir = tmp_path / "out"
    slow_stack(outdir, s3_backend(moto.endpoint, key))
    first = start("apply_plans", outdir, "--deploy", "--plans", str(tmp_path / "plans"), env={"SLEEP": "120"})
    try:
        wait_for(lambda: log_says(outdir / "runs" / f"slow-{SUFFIX}.apply.log", "sleeping"), process=first)
        wait_for(lambda: applying_with_lock(outdir), what="the apply's recorded lock", process=first)
    finally:
        kill_session(first.pid)
    first.wait(timeout=10)
    held = locked(s3, key)
    recorded = record(outdir)
    assert held is not None and recorded is not None, "the killed apply left its lock and its record"
    assert (recorded["lock_id"], recorded["host"], recorded["operation"]) == (held["ID"], socket.gethostname(), "apply")

    again = start("apply_plans", outdir, "--deploy", "--plans", str(tmp_path / "plans"), env={"SLEEP": "0"})
    try:
        assert again.wait(timeout=120) == 0, (tmp_path / "apply_plans.err").read_text()
    finally:
        kill_session(again.pid)
    said = (tmp_path / "apply_plans.out").read_text()
    assert (
        f"slow-{SUFFIX}: released the state lock left by a run that is no longer running "
        f"(apply by pid {recorded['terraform_pid']} on {socket.gethostname()}"
    ) in said
    assert said.count("released the state lock") == 1
    assert locked(s3, key) is None and record(outdir) is None


def test_a_live_runs_lock_is_never_touched_and_sigterm_releases_it(emulator, tmp_path: Path) -> None:
    moto, s3 = emulator
    key = f"{uuid.uuid4()}/slow.tfstate"
    outdir = tmp_path / "out"
    stack_dir = slow_stack(outdir, s3_backend(moto.endpoint, key))
    running = start("apply_plans", outdir, "--deploy", "--plans", str(tmp_path / "plans"), env={"SLEEP": "120"})
    try:
        wait_for(lambda: applying_with_lock(outdir), what="the apply's recorded lock", process=running)
        lock_id, terraform_pid = record(outdir)["lock_id"], record(outdir)["terraform_pid"]
        said: list[str] = []
        locks.check(stack_dir, waits="1m", say=said.append)
        [line] = said
        assert line.startswith(
            f"slow-{SUFFIX}: the state lock is held by a running apply by pid {terraform_pid} on {socket.gethostname()}, "
        ) and line.endswith(" s ago: waiting for it (up to 1m)"), line
        refused = subprocess.run(
            [sys.executable, "-m", "tools.locks", "--suffix", SUFFIX, "--outdir", str(outdir)]
            + ["unlock", "--stack", "slow", "--id", lock_id],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert refused.returncode == 1 and "never released" in refused.stderr, refused.stderr
        assert locked(s3, key)["ID"] == lock_id, "the live run's lock is untouched"
        os.kill(running.pid, signal.SIGTERM)
        assert running.wait(timeout=60) == 128 + signal.SIGTERM
    finally:
        kill_session(running.pid)
    assert locked(s3, key) is None, "the stopped apply released its lock"
    assert record(outdir) is None
    state = json.loads(s3.get_object(Bucket=BUCKET, Key=key)["Body"].read())
    assert {r["name"] for r in state["resources"]} == {"first", "slow"}, "what it made is in the state"


def test_another_hosts_lock_is_explained_and_released_only_by_unlock_with_its_id(emulator, tmp_path: Path) -> None:
    moto, s3 = emulator
    key = f"{uuid.uuid4()}/slow.tfstate"
    outdir = tmp_path / "out"
    stack_dir = slow_stack(outdir, s3_backend(moto.endpoint, key))
    init(stack_dir)
    lock_id = str(uuid.uuid4())
    created = (datetime.now(UTC) - timedelta(hours=2, minutes=5)).strftime("%Y-%m-%dT%H:%M:%S.123456789Z")
    info = {
        "ID": lock_id,
        "Operation": "OperationTypeApply",
        "Info": "",
        "Who": "runner@ci-runner-7",
        "Version": "1.11.4",
        "Created": created,
        "Path": f"{BUCKET}/{key}",
    }
    s3.put_object(Bucket=BUCKET, Key=lock_key(key), Body=json.dumps(info).encode())
    said: list[str] = []
    locks.check(stack_dir, waits="10m", say=said.append)
    assert said == [
        f"slow-{SUFFIX}: the state lock is held by runner@ci-runner-7 (apply, 2 h 5 min old, ID {lock_id}): "
        f"waiting for it (up to 10m); if that run is dead: make unlock ENVIRONMENT={os.environ.get('ENVIRONMENT') or SUFFIX} "
        f"ENVIRONMENT_SUFFIX={SUFFIX} STACK=slow"
    ]
    assert locked(s3, key)["ID"] == lock_id, "explained, not released"

    def tool(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "tools.locks", "--suffix", SUFFIX, "--outdir", str(outdir), *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )

    shown = tool("show", "--stack", "slow", "--print-id")
    assert (shown.returncode, shown.stdout) == (0, f"{lock_id}\n")
    assert "held by runner@ci-runner-7 (apply, 2 h 5 min old" in shown.stderr
    wrong = tool("unlock", "--stack", "slow", "--id", str(uuid.uuid4()))
    assert wrong.returncode == 1 and "not the one shown" in wrong.stderr
    assert locked(s3, key)["ID"] == lock_id
    released = tool("unlock", "--stack", "slow", "--id", lock_id)
    assert released.returncode == 0, released.stderr
    assert released.stdout.startswith(f"slow-{SUFFIX}: released the state lock of runner@ci-runner-7 (apply")
    assert locked(s3, key) is None
    assert tool("show", "--stack", "slow").returncode == locks.NOT_LOCKED


def test_lock_times_are_read_as_terraform_writes_them() -> None:
    when = locks.parse_time("2025-03-04T05:06:07.123456789Z")
    assert when == datetime(2025, 3, 4, 5, 6, 7, 123456, tzinfo=UTC)
    assert locks.age(when, when + timedelta(seconds=59)) == "59 s"
    assert locks.age(when, when + timedelta(minutes=61, seconds=3)) == "1 h 1 min"


def test_a_run_killed_before_its_lock_was_recorded_is_known_by_user_host_and_time() -> None:
    started = datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC)
    run = locks.Record(
        stack="slow-t",
        state="b/k",
        operation="apply",
        host="vm",
        who="root@vm",
        wrapper_pid=1,
        wrapper_started=None,
        terraform_pid=2,
        terraform_started=None,
        started=started.isoformat(),
    )

    def lock(who: str, after: timedelta, path: str = "b/k") -> locks.Lock:
        return locks.Lock("id", "OperationTypeApply", who, started + after, path)

    assert run.took(lock("root@vm", timedelta(seconds=2)))
    assert not run.took(lock("root@other", timedelta(seconds=2))), "another host's"
    assert not run.took(lock("root@vm", timedelta(seconds=-30))), "taken before the run started"
    assert not run.took(lock("root@vm", timedelta(minutes=10))), "taken long after: another run's"
    assert not run.took(lock("root@vm", timedelta(seconds=2), path="b/other")), "another state's"
    assert replace(run, lock_id="id").took(lock("root@other", timedelta(hours=1))), "a recorded ID decides"
