"""``make test``: the emulator deploy tests and the rest of the suite side by side.

The deploy tests (``-m deploy``) spend most of their time waiting on the AWS provider's own
waiters (SQS attribute propagation, S3 lifecycle, load balancer, Route 53), not on the CPU; the
rest of the suite is CPU-bound and runs on every core (pytest-xdist). So this starts the deploy
tests in the background, in two processes side by side, each with a moto of its own: the shared
deployment's tests (``deploy and not interrupted``, ~15 minutes) and the interrupted deploy
(``interrupted``, ~20 minutes), each writing its output to a log; it runs the rest in the
foreground, then prints the deploy logs. Exit status: the first non-zero of them.

Run: ``python -m tools.test_suite [--workers N] [--log PATH]``. ``pytest`` alone still runs the
whole suite in one process.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pytest(*args: str) -> list[str]:
    return [sys.executable, "-m", "pytest", *args]


DEPLOY_GROUPS = {"deploy": "deploy and not interrupted", "interrupted": "deploy and interrupted"}
"""The deploy tests that run side by side, each group in a pytest of its own: ``-m`` by log name."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.test_suite", description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", default="auto", help="pytest-xdist workers for the non-deploy tests")
    parser.add_argument(
        "--log", type=Path, default=ROOT / "cdktf.out" / "test-deploy.log", help="the deploy log (and -interrupted)"
    )
    args = parser.parse_args(argv)
    args.log.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    logs = {
        name: args.log if name == "deploy" else args.log.with_name(f"{args.log.stem}-{name}{args.log.suffix}")
        for name in DEPLOY_GROUPS
    }
    deploys: dict[str, subprocess.Popen] = {}
    for name, selection in DEPLOY_GROUPS.items():
        with logs[name].open("w") as output:
            deploys[name] = subprocess.Popen(
                pytest("-m", selection, "--durations=8"), cwd=ROOT, stdout=output, stderr=subprocess.STDOUT
            )
    try:
        rest = subprocess.run(pytest("-m", "not deploy", "-n", args.workers), cwd=ROOT).returncode
        listed = ", ".join(os.path.relpath(log, ROOT) for log in logs.values())
        print(f"\n(the deploy tests run on: their logs are {listed})", flush=True)
        deployed = {name: process.wait() for name, process in deploys.items()}
    except BaseException:  # Ctrl-C: let the deploy tests stop their emulators as pytest does
        for process in deploys.values():
            process.send_signal(signal.SIGINT)
        for process in deploys.values():
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
        raise
    for name, log in logs.items():
        print(f"\n{'=' * 30} deploy tests (pytest -m '{DEPLOY_GROUPS[name]}') {'=' * 30}", flush=True)
        sys.stdout.write(log.read_text())
    statuses = ", ".join(f"{name} exit {status}" for name, status in deployed.items())
    print(f"make test: {time.perf_counter() - start:.0f} s; rest exit {rest}, {statuses}", flush=True)
    return rest or next((status for status in deployed.values() if status), 0)


if __name__ == "__main__":
    sys.exit(main())
