"""tools/terraform_run.py: a stop request reaches Terraform once, Terraform saves its state and
releases its lock, a second signal or the bound ends it, and nothing new starts after a stop.

The clean stop runs the real ``tools.apply_plans`` on a tiny stack whose apply sleeps in a
``local-exec`` provisioner; the bound and the second signal use a stand-in ``terraform`` that
ignores SIGINT (a real Terraform stops too quickly to be caught hanging)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tools import terraform_run

pytestmark = pytest.mark.terraform
SUFFIX = "t"


def wait_for(condition, timeout: float = 60.0, what: str = "", process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if process is not None and process.poll() is not None:
            pytest.fail(f"exited ({process.returncode}) before {what}")
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.1)


def session_processes(sid: int) -> list[int]:
    """Live processes of a session (a stopped run must leave none behind)."""
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


def slow_stack(outdir: Path, backend: dict | None = None) -> Path:
    """``slow-t``: ``first``, then ``slow``, whose creation sleeps ``$SLEEP`` seconds."""
    directory = outdir / "stacks" / f"slow-{SUFFIX}"
    directory.mkdir(parents=True, exist_ok=True)
    config = {
        "terraform": {"backend": backend or {"local": {"path": "terraform.tfstate"}}},
        "resource": {
            "terraform_data": {
                "first": {"input": "first"},
                "slow": {
                    "input": "slow",
                    "depends_on": ["terraform_data.first"],
                    "provisioner": [{"local-exec": {"command": "echo sleeping; sleep $${SLEEP:-0}"}}],
                },
            }
        },
    }
    (directory / "cdk.tf.json").write_text(json.dumps(config))
    return directory


def start(tool: str, outdir: Path, *args: str, env: dict | None = None) -> subprocess.Popen:
    """``python -m tools.<tool>`` in a session of its own, its output in files beside ``outdir``."""
    return subprocess.Popen(
        [sys.executable, "-m", f"tools.{tool}", "--suffix", SUFFIX, "--outdir", str(outdir), *args],
        cwd=ROOT,
        env={**os.environ, "CHECKPOINT_DISABLE": "1", **(env or {})},
        stdout=(outdir.parent / f"{tool}.out").open("w"),
        stderr=(outdir.parent / f"{tool}.err").open("w"),
        text=True,
        start_new_session=True,
    )


def log_says(path: Path, text: str) -> bool:
    return path.is_file() and text in path.read_text()


def test_sigterm_mid_apply_lets_terraform_save_its_state_and_release_its_lock(tmp_path: Path) -> None:
    outdir = tmp_path / "out"
    stack_dir = slow_stack(outdir)
    deploy = start("apply_plans", outdir, "--deploy", "--plans", str(tmp_path / "plans"), env={"SLEEP": "120"})
    try:
        apply_log = outdir / "runs" / f"slow-{SUFFIX}.apply.log"
        wait_for(lambda: log_says(apply_log, "sleeping"), what="the provisioner to run", process=deploy)
        assert (stack_dir / ".terraform.tfstate.lock.info").exists(), "Terraform holds its lock while applying"
        started = time.monotonic()
        os.kill(deploy.pid, signal.SIGTERM)
        status = deploy.wait(timeout=60)
    finally:
        for pid in session_processes(deploy.pid):
            os.kill(pid, signal.SIGKILL)
    stderr = (tmp_path / "apply_plans.err").read_text()
    assert status == 128 + signal.SIGTERM, stderr
    assert time.monotonic() - started < 30, "stopped within seconds, not after the provisioner's 120 s"
    assert "SIGTERM: asked 1 running Terraform(s) to stop" in stderr
    assert f"stopped: slow-{SUFFIX}: terraform apply stopped: it saved what it had done and released its lock" in stderr
    assert "Interrupt received" in apply_log.read_text(), "Terraform itself got the stop (SIGINT)"
    assert session_processes(deploy.pid) == [], "no Terraform (or provisioner) is left running"
    assert not (stack_dir / ".terraform.tfstate.lock.info").exists(), "the lock is released"
    state = json.loads((stack_dir / "terraform.tfstate").read_text())
    saved = {r["name"]: [i.get("status") for i in r["instances"]] for r in state["resources"]}
    assert saved == {"first": [None], "slow": ["tainted"]}, "what was created is in the state"


FAKE_TERRAFORM = textwrap.dedent(
    """\
    #!{python}
    import signal, sys, time
    def ignore(signum, frame):
        print("ignoring", signal.Signals(signum).name, flush=True)
    signal.signal(signal.SIGINT, ignore)
    print("started", *sys.argv[1:], flush=True)
    time.sleep(120)
    """
)


@pytest.fixture
def stubborn_terraform(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A ``terraform`` on PATH that ignores SIGINT; a fresh stop state for this test."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "terraform"
    fake.write_text(FAKE_TERRAFORM.format(python=sys.executable))
    fake.chmod(0o755)
    monkeypatch.setattr(terraform_run, "_stop", None)
    return {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}


def run_in_thread(stack_dir: Path, env: dict[str, str], log: Path) -> tuple[threading.Thread, dict]:
    outcome: dict = {}

    def target() -> None:
        try:
            outcome["done"] = terraform_run.run(["apply"], stack_dir, env=env, log=log)
        except terraform_run.Stopped as stopped:
            outcome["stopped"] = stopped
            outcome["at"] = time.monotonic()

    thread = threading.Thread(target=target)
    thread.start()
    wait_for(lambda: log_says(log, "started apply"), what="the stand-in terraform to start")
    return thread, outcome


def test_a_terraform_that_does_not_stop_is_killed_at_the_bound(
    tmp_path: Path, stubborn_terraform: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(terraform_run, "STOP_TIMEOUT", 1.0)
    log = tmp_path / "run.log"
    thread, outcome = run_in_thread(tmp_path, stubborn_terraform, log)
    asked = time.monotonic()
    terraform_run.request_stop(signal.SIGTERM)
    thread.join(timeout=15)
    assert not thread.is_alive()
    assert "ignoring SIGINT" in log.read_text(), "it was asked first, with SIGINT"
    assert 1.0 <= outcome["at"] - asked < 5.0, "then killed once the bound passed"
    assert "was killed before it stopped: the next run releases its lock" in str(outcome["stopped"])
    assert outcome["stopped"].status == 128 + signal.SIGTERM


def test_a_second_signal_kills_at_once_and_nothing_new_starts(
    tmp_path: Path, stubborn_terraform: dict[str, str]
) -> None:
    log = tmp_path / "run.log"
    thread, outcome = run_in_thread(tmp_path, stubborn_terraform, log)
    terraform_run.request_stop(signal.SIGINT)
    wait_for(lambda: log_says(log, "ignoring SIGINT"), timeout=10, what="the forwarded SIGINT")
    assert thread.is_alive(), "the first signal asks; it does not kill"
    asked = time.monotonic()
    terraform_run.request_stop(signal.SIGINT)
    thread.join(timeout=10)
    assert outcome["at"] - asked < 3.0, "the second signal killed it"
    assert "was killed before it stopped" in str(outcome["stopped"])
    with pytest.raises(terraform_run.Stopped, match="not started"):
        terraform_run.run(["apply"], tmp_path, env=stubborn_terraform)
    assert not log_says(tmp_path / "never.log", "started")


def test_stop_asks_the_recorded_runs_of_a_dead_wrapper_and_kills_at_the_bound(
    tmp_path: Path, stubborn_terraform: dict[str, str]
) -> None:
    """``python -m tools.terraform_run stop``, the step CI runs after cancelling a deploy: the
    wrapper is gone (the runner killed the step's shell), its Terraform still runs."""
    from tools import locks

    outdir = tmp_path / "out"
    polite = subprocess.Popen(
        [
            sys.executable,
            "-c",
            # SIGINT's default restored: a shell that starts a job in the background (nohup ... &)
            # hands it SIGINT ignored, and Python keeps an ignored SIGINT ignored. Terraform
            # (Go's signal.Notify) takes the signal back whatever it inherited.
            "import signal, time; signal.signal(signal.SIGINT, signal.SIG_DFL); print('started', flush=True); time.sleep(120)",
        ],
        process_group=0,
        stdout=subprocess.PIPE,
        text=True,
    )  # SIGINT's default: it stops
    stubborn = subprocess.Popen(
        ["terraform", "apply"],
        env={**os.environ, **stubborn_terraform},
        process_group=0,
        stdout=subprocess.PIPE,
        text=True,
    )
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    try:
        for name, process in (("polite-t", polite), ("stubborn-t", stubborn)):
            locks._write(
                outdir,
                locks.Record(
                    stack=name,
                    state=f"bucket/{name}.tfstate",
                    operation="apply",
                    host="here",
                    who="me@here",
                    wrapper_pid=dead.pid,
                    wrapper_started=None,
                    terraform_pid=process.pid,
                    terraform_started=terraform_run.start_time(process.pid),
                    started="2025-01-01T00:00:00+00:00",
                ),
            )
        # Both have started (the stand-in's handler is in place) before they are asked: on a
        # loaded machine a fixed sleep was too short and the polite one was killed at the bound.
        assert polite.stdout and polite.stdout.readline().startswith("started")
        assert stubborn.stdout and stubborn.stdout.readline().startswith("started apply")
        status = terraform_run.main(["stop", "--outdir", str(outdir), "--timeout", "4"])
        assert status == 1, "one of them had to be killed"
        assert polite.wait(timeout=5) == -signal.SIGINT
        assert stubborn.wait(timeout=5) == -signal.SIGKILL
    finally:
        for process in (polite, stubborn):
            if process.poll() is None:
                process.kill()
