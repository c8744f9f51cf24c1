"""Measure what a developer waits for: the provider import, the jsii floor, synth, tests.

    python -m tools.bench                # every measurement, median of 3 runs each
    python -m tools.bench --runs 5 --skip-tests

Each measurement runs in a fresh process (as a user's command would) and records its wall
time and its peak memory: the peak of the summed RSS of the process and its children (the
Node.js jsii runtime), sampled every 20 ms from /proc, and the peak of their summed PSS (which
splits shared pages among their users: the honest figure where a tool forks workers, as checkov
does in the test suite, and summed RSS counts the parent's pages once per child). Reported:

  (a) naive   ``import cdktf_cdktf_provider_aws``: the eager import every Python user pays
  (b) floor   loading only the jsii assemblies (cdktf, constructs, provider): the runtime floor
  (c) dev     ``ENVIRONMENT=dev python main.py``: every stack of one environment
  (d) all     ``ENVIRONMENT=all python main.py``: every stack of every named environment
  (e) tests   ``pytest -m "not deploy and not slow" -n auto`` (``make test-fast``): unit, snapshot, validate
              and security tests on every core

and the ratios the project holds itself to: (c)/(b) <= 2, (a)/(c) >= 3, (a)/(d) >= 1.5,
peak RSS of (c) and (d) <= 1.2 x (a), (e) <= 60 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
QUIET = {"JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20", "CHECKPOINT_DISABLE": "1"}

FLOOR = (
    "import modules.core.framework  # installs the lazy loader; imports cdktf and constructs\n"
    "import cdktf_cdktf_provider_aws._jsii  # loads the provider's jsii assembly, nothing else\n"
)


@dataclass(frozen=True)
class Sample:
    seconds: float
    peak_mib: float
    peak_pss_mib: float


@dataclass(frozen=True)
class Measurement:
    label: str
    samples: list[Sample]

    @property
    def seconds(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def peak_mib(self) -> float:
        return statistics.median(s.peak_mib for s in self.samples)

    @property
    def peak_pss_mib(self) -> float:
        return statistics.median(s.peak_pss_mib for s in self.samples)

    def __str__(self) -> str:
        runs = ", ".join(f"{s.seconds:.2f}" for s in self.samples)
        return (
            f"{self.label:<44} {self.seconds:7.2f} s  {self.peak_mib:7.0f} MiB RSS  "
            f"{self.peak_pss_mib:6.0f} MiB PSS   (runs: {runs})"
        )


def _read_kib(path: str, field: str) -> int:
    with open(path) as lines:
        return next((int(line.split()[1]) for line in lines if line.startswith(field)), 0)


def _tree_memory_kib(pid: int) -> tuple[int, int]:
    """Summed (RSS, PSS) of ``pid`` and all its descendants."""
    rss, pss, stack = 0, 0, [pid]
    while stack:
        current = stack.pop()
        try:
            rss += _read_kib(f"/proc/{current}/status", "VmRSS:")
            pss += _read_kib(f"/proc/{current}/smaps_rollup", "Pss:")
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    stack += [int(child) for child in children.read().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return rss, pss


def run_once(command: list[str], env: dict[str, str], cwd: Path = ROOT, interval: float = 0.02) -> Sample:
    """One run, its memory sampled every ``interval`` seconds (reading ``smaps_rollup`` of a
    large process tree costs CPU: the test suite is sampled less often, or the sampling slows it)."""
    peak, peak_pss = 0, 0
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, peak_pss
        while not done.is_set():
            rss, pss = _tree_memory_kib(process.pid)
            peak, peak_pss = max(peak, rss), max(peak_pss, pss)
            done.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    if process.returncode not in (0,):
        raise SystemExit(f"bench: {' '.join(command)} failed ({process.returncode}):\n{stderr[-2000:]}")
    return Sample(elapsed, peak / 1024, peak_pss / 1024)


def measure(label: str, command: list[str], runs: int, interval: float = 0.02, **variables: str) -> Measurement:
    env = {**os.environ, **QUIET, **variables}
    samples = [run_once(command, env, interval=interval) for _ in range(runs)]
    measurement = Measurement(label, samples)
    print(measurement, flush=True)
    return measurement


def check(label: str, value: float, limit: float, *, at_most: bool) -> bool:
    ok = value <= limit if at_most else value >= limit
    print(f"  {'ok  ' if ok else 'MISS'} {label:<52} {value:6.2f} ({'<=' if at_most else '>='} {limit})")
    return ok


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median reported)")
    parser.add_argument("--test-runs", type=int, default=1, help="runs of the test suite")
    parser.add_argument("--skip-tests", action="store_true", help="do not time the test suite")
    args = parser.parse_args(argv)

    print(f"bench: {args.runs} runs each, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}\n")
    with tempfile.TemporaryDirectory() as out:
        naive = measure(
            "(a) naive import cdktf_cdktf_provider_aws", [PYTHON, "-c", "import cdktf_cdktf_provider_aws"], args.runs
        )
        floor = measure("(b) jsii floor (assemblies only)", [PYTHON, "-c", FLOOR], args.runs)
        eager_floor = measure(
            "    the same, node loading the whole provider",
            [PYTHON, "-c", FLOOR],
            args.runs,
            PLATFORM_EAGER_NODE_PROVIDER="1",
        )
        dev = measure(
            "(c) synth ENVIRONMENT=dev",
            [PYTHON, "main.py"],
            args.runs,
            ENVIRONMENT="dev",
            ENVIRONMENT_SUFFIX="",
            CDKTF_OUTDIR=f"{out}/dev",
        )
        every = measure(
            "(d) synth ENVIRONMENT=all",
            [PYTHON, "main.py"],
            args.runs,
            ENVIRONMENT="all",
            ENVIRONMENT_SUFFIX="",
            CDKTF_OUTDIR=f"{out}/all",
        )
        tests = None
        if not args.skip_tests:
            tests = measure(
                "(e) make test-fast",
                [PYTHON, "-m", "pytest", "-q", "-m", "not deploy and not slow", "-n", "auto", "-p", "no:cacheprovider"],
                args.test_runs,
                interval=0.25,
                PYTHONDONTWRITEBYTECODE="",  # as make test-fast runs it
            )

    print("\ntargets:")
    results: list[bool] = [
        check("(c)/(b) dev synth vs jsii floor", dev.seconds / floor.seconds, 2.0, at_most=True),
    ]
    print(f"       (c) against the eager-load floor (no target)           {dev.seconds / eager_floor.seconds:6.2f}")
    results += [
        check("(a)/(c) naive import vs dev synth", naive.seconds / dev.seconds, 3.0, at_most=False),
        check("(a)/(d) naive import vs all synth", naive.seconds / every.seconds, 1.5, at_most=False),
        check("peak RSS (c)/(a)", dev.peak_mib / naive.peak_mib, 1.2, at_most=True),
        check("peak RSS (d)/(a)", every.peak_mib / naive.peak_mib, 1.2, at_most=True),
    ]
    if tests is not None:
        results.append(check("(e) make test-fast, seconds", tests.seconds, 60, at_most=True))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
