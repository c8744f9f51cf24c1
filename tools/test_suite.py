"""``make test``: the emulator deploy tests and the rest of the suite side by side.

The deploy tests (``-m deploy``, ~15 minutes) spend most of their time waiting on the AWS
provider's own waiters (SQS attribute propagation, S3 lifecycle, load balancer, Route 53), not
on the CPU; the rest of the suite is CPU-bound and runs on every core (pytest-xdist). So this
starts the deploy tests in the background, writing their output to a log, runs the rest in the
foreground, then prints the deploy log. Exit status: the first non-zero of the two.

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.test_suite", description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", default="auto", help="pytest-xdist workers for the non-deploy tests")
    parser.add_argument("--log", type=Path, default=ROOT / "cdktf.out" / "test-deploy.log", help="the deploy log")
    args = parser.parse_args(argv)
    args.log.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    with args.log.open("w") as log:
        deploy = subprocess.Popen(
            pytest("-m", "deploy", "--durations=8"), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            rest = subprocess.run(pytest("-m", "not deploy", "-n", args.workers), cwd=ROOT).returncode
            print(f"\n(the deploy tests run on: their log is {os.path.relpath(args.log, ROOT)})", flush=True)
            deployed = deploy.wait()
        except BaseException:  # Ctrl-C: let the deploy tests stop their emulator as pytest does
            deploy.send_signal(signal.SIGINT)
            try:
                deploy.wait(timeout=60)
            except subprocess.TimeoutExpired:
                deploy.kill()
            raise
    print(f"\n{'=' * 30} deploy tests (pytest -m deploy) {'=' * 30}", flush=True)
    sys.stdout.write(args.log.read_text())
    print(f"make test: {time.perf_counter() - start:.0f} s; rest exit {rest}, deploy exit {deployed}", flush=True)
    return rest or deployed


if __name__ == "__main__":
    sys.exit(main())
