"""Run Terraform so that a stop request reaches it once and it can finish cleanly.

Every wrapper that runs Terraform (``plan_stacks``, ``apply_plans``, ``bootstrap``, ``validate``,
``locks``) runs it through ``run``:

- Terraform runs in a process group of its own, its output going to files: a terminal's Ctrl-C
  (sent to the foreground group only) does not reach it twice, and a wrapper that dies does not
  take it down with a broken pipe half-way through writing its state.
- Inside ``stoppable()`` (each tool's ``main``), the first SIGINT or SIGTERM is forwarded to every
  running Terraform's group as one SIGINT, as a terminal's Ctrl-C would be: Terraform finishes
  the operations in flight, writes the state and releases the lock. The wrapper waits for that
  up to ``STOP_TIMEOUT`` and starts no new Terraform run (``Stopped``). A second signal, or the
  bound, kills them (SIGKILL): what they were doing is left for the next run, which releases
  their locks and adopts what they created (``tools.locks``, ``tools.adopt``,
  ``docs/recovery.md``).
- The exit status of a stopped tool is 128 + the signal's number (130 for SIGINT, 143 for
  SIGTERM), as a shell reports a command ended by that signal.

``python -m tools.terraform_run stop [--outdir cdktf.out] [--timeout S]`` asks every run that a
wrapper recorded under ``<outdir>/runs/`` (``tools.locks``) to stop and waits for it: the step a
CI job runs after its deploy step was cancelled (the runner signals only the step's shell, whose
children go on running).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

STOP_TIMEOUT = 300.0
"""Seconds a stopping Terraform gets to finish what is in flight, write its state and release its
lock before it is killed. Terraform cancels its providers' waits, so a clean stop takes seconds;
the bound is for a provider call that hangs. CI's cancel step waits within the job's
``cancel-timeout-minutes`` (.github/workflows/terraform.yml)."""
KILL_GRACE = 5.0
"""Seconds between SIGKILL and giving up waiting for a process to be reaped."""
ENVIRONMENT = {"TF_IN_AUTOMATION": "1", "TF_INPUT": "0", "CHECKPOINT_DISABLE": "1"}


class Stopped(Exception):
    """A stop was requested (SIGINT/SIGTERM): the runs in flight ended, no new one starts.
    The message says what became of them, in one line per stack."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.status = exit_status()


@dataclass
class _Stop:
    signum: int
    at: float
    killed: bool = False


_live: dict[int, subprocess.Popen] = {}
"""Running Terraform processes by pid (each the leader of its own process group)."""
_mutex = threading.Lock()
_stop: _Stop | None = None


def stopping() -> bool:
    """Whether a stop was requested in this process."""
    return _stop is not None


def exit_status() -> int:
    """128 + the signal that asked to stop (0 when none did)."""
    return 128 + _stop.signum if _stop is not None else 0


def _say(message: str) -> None:
    # os.write: safe from a signal handler that interrupted a print of the main thread.
    os.write(sys.stderr.fileno(), f"{message}\n".encode())


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signum)


def _kill_all(reason: str) -> None:
    with _mutex:
        if _stop is not None:
            _stop.killed = True
        running = list(_live.values())
    for process in running:
        _signal_group(process, signal.SIGKILL)
    if running:
        _say(f"{reason}: killed {len(running)} Terraform run(s); the next run releases their locks (docs/recovery.md)")


def _watchdog(deadline: float) -> None:
    while time.monotonic() < deadline:
        with _mutex:
            if not _live:
                return
        time.sleep(0.2)
    _kill_all(f"Terraform did not stop within {STOP_TIMEOUT:.0f} s")


def request_stop(signum: int) -> None:
    """What the signal handler does: the first request forwards SIGINT to every running
    Terraform and starts the bound; a second one kills them."""
    global _stop
    with _mutex:
        first = _stop is None
        if first:
            _stop = _Stop(signum, time.monotonic())
        running = list(_live.values())
    name = signal.Signals(signum).name
    if not first:
        _kill_all(f"{name} again")
        return
    for process in running:
        _signal_group(process, signal.SIGINT)
    _say(
        f"{name}: asked {len(running)} running Terraform(s) to stop: they finish what is in flight, save the state "
        f"and release the lock (up to {STOP_TIMEOUT:.0f} s); {name} again kills them"
    )
    threading.Thread(target=_watchdog, args=(time.monotonic() + STOP_TIMEOUT,), daemon=True).start()


def _handler(signum: int, _frame: object) -> None:
    request_stop(signum)


@contextlib.contextmanager
def stoppable() -> Iterator[None]:
    """SIGINT and SIGTERM ask the Terraform runs of this process to stop (see the module)."""
    previous = {s: signal.signal(s, _handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _start(process: subprocess.Popen) -> None:
    """Register a started process; if a stop came in meanwhile, pass it on at once."""
    with _mutex:
        _live[process.pid] = process
        stop = _stop
    if stop is not None:
        _signal_group(process, signal.SIGKILL if stop.killed else signal.SIGINT)


def run(
    args: Sequence[str],
    cwd: Path,
    *,
    log: Path | None = None,
    env: Mapping[str, str] | None = None,
    on_start: Callable[[subprocess.Popen], None] | None = None,
) -> subprocess.CompletedProcess:
    """``terraform <args>`` in ``cwd``. Its stdout and stderr come back as text; with ``log``
    they are written (together, as they come) to that file, which holds the whole output while
    it runs, and returned as stdout. ``on_start`` is called with the process once it runs.
    Raises ``Stopped`` if a stop was requested before or while it ran."""
    if stopping():
        raise Stopped(f"{Path(cwd).name}: not started (stopping)")
    environment = {**os.environ, **ENVIRONMENT, **(env or {})}
    with contextlib.ExitStack() as files:
        if log is not None:
            log.parent.mkdir(parents=True, exist_ok=True)
            out = files.enter_context(log.open("w+"))
            err: int | IO[str] = subprocess.STDOUT
        else:
            out = files.enter_context(tempfile.TemporaryFile("w+"))
            err = files.enter_context(tempfile.TemporaryFile("w+"))
        process = subprocess.Popen(
            ["terraform", *args],
            cwd=cwd,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            text=True,
            process_group=0,
        )
        _start(process)
        try:
            if on_start is not None:
                on_start(process)
            returncode = process.wait()
        finally:
            with _mutex:
                _live.pop(process.pid, None)
        out.seek(0)
        stdout = out.read()
        stderr = _read(err) if not isinstance(err, int) else ""
    if stopping():
        raise Stopped(_outcome(Path(cwd).name, args[0] if args else "terraform", returncode, stdout + stderr, log))
    return subprocess.CompletedProcess(["terraform", *args], returncode, stdout, stderr)


def _read(file: IO[str]) -> str:
    file.seek(0)
    return file.read()


def _outcome(stack: str, command: str, returncode: int, output: str, log: Path | None) -> str:
    where = f" (its output: {log})" if log is not None else ""
    if returncode == -signal.SIGKILL:
        return f"{stack}: terraform {command} was killed before it stopped: the next run releases its lock{where}"
    if returncode == 0:
        return f"{stack}: terraform {command} finished before it was asked to stop"
    return f"{stack}: terraform {command} stopped: it saved what it had done and released its lock{where}"


# --- `python -m tools.terraform_run stop`: the runs other processes recorded -------------------


def alive(pid: int, started: int | None = None) -> bool:
    """Whether ``pid`` runs and, given ``started`` (its start time in clock ticks after boot, as
    ``/proc/<pid>/stat`` has it), is still the process that was recorded, not a reuse of its pid."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return False
    fields = stat.rsplit(")", 1)[1].split()
    if fields[0] == "Z":  # exited, not yet reaped
        return False
    return started is None or int(fields[19]) == started


def start_time(pid: int) -> int | None:
    """A process's start time in clock ticks after boot (``/proc/<pid>/stat`` field 22)."""
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])
    except (FileNotFoundError, ProcessLookupError, PermissionError, IndexError, ValueError):
        return None


def stop_recorded(outdir: Path, timeout: float = STOP_TIMEOUT) -> int:
    """Ask each wrapper recorded under ``<outdir>/runs`` to stop (SIGTERM: it forwards the stop
    to its Terraform and starts no other), or, when the wrapper is gone, its Terraform (SIGINT);
    wait for the Terraform processes to end, up to ``timeout``, then kill what is left.
    Returns 0 when every run stopped by itself, 1 when one had to be killed."""
    from tools.locks import Record, records

    found = [r for r in records(outdir) if alive(r.terraform_pid, r.terraform_started)]
    if not found:
        print("no Terraform run of this checkout is running")
        return 0
    asked: set[int] = set()
    for record in found:
        if alive(record.wrapper_pid, record.wrapper_started) and record.wrapper_pid not in asked:
            asked.add(record.wrapper_pid)
            with contextlib.suppress(ProcessLookupError):
                os.kill(record.wrapper_pid, signal.SIGTERM)
        elif not alive(record.wrapper_pid, record.wrapper_started):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(record.terraform_pid, signal.SIGINT)
        print(f"{record.stack}: asked terraform {record.operation} (pid {record.terraform_pid}) to stop", flush=True)
    deadline = time.monotonic() + timeout

    def running(records_: list[Record]) -> list[Record]:
        return [r for r in records_ if alive(r.terraform_pid, r.terraform_started)]

    while running(found) and time.monotonic() < deadline:
        time.sleep(0.5)
    left = running(found)
    for record in left:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(record.terraform_pid, signal.SIGKILL)
        print(f"{record.stack}: terraform {record.operation} did not stop within {timeout:.0f} s: killed", flush=True)
    for record in found:
        if record not in left:
            print(f"{record.stack}: terraform {record.operation} stopped", flush=True)
    return 1 if left else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.terraform_run", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    stop = commands.add_parser("stop", help="ask the recorded Terraform runs of this checkout to stop, and wait")
    stop.add_argument("--outdir", type=Path, default=Path(os.environ.get("CDKTF_OUTDIR") or "cdktf.out"))
    stop.add_argument("--timeout", type=float, default=STOP_TIMEOUT, help="seconds (default %(default)s)")
    args = parser.parse_args(argv)
    return stop_recorded(args.outdir, args.timeout)


if __name__ == "__main__":
    sys.exit(main())
