"""State locks: which run holds each lock the wrappers take, and what to do with one left behind.

Every stack's state is locked by Terraform's S3 backend: the lock file ``<key>.tflock`` beside
the state (``use_lockfile``) and, when ``state.lock_table`` is set, an item in that DynamoDB
table too, with the same content. A lock holds Terraform's ``LockInfo``: ID, operation, who
(``user@host``), when. The lock file is what is read here; ``terraform force-unlock`` releases both.

- **Recorded.** While a wrapper's Terraform runs an operation that locks (``plan``, ``apply``,
  ``destroy``), ``guard`` keeps ``<outdir>/runs/<stack>.json``: the state, the operation, this
  host, the wrapper's and Terraform's process ids (with their start times, so a reused pid is
  not mistaken for them), the start time and, once Terraform has taken it, the lock's ID. The
  record goes when Terraform ends and its lock is gone; it stays when Terraform was killed
  holding the lock.
- **Released when provably dead.** Before such an operation, ``guard`` reads the stack's lock.
  A lock that a record of this checkout on this host says was taken by a Terraform that no
  longer runs is released (``terraform force-unlock``), with one line saying whose it was.
- **Explained otherwise.** A lock held by a run of this checkout that still runs is never
  touched (Terraform waits for it, ``-lock-timeout``). Any other lock (another host, e.g. a CI
  runner that died, or a person's plan) is reported in one line: who, operation, age, ID, and
  how to release it if that run is dead: ``make unlock ENVIRONMENT=... STACK=...``, which shows
  the lock, asks the same confirmation as ``make apply`` for a protected environment, and
  releases exactly the lock it showed.

    python -m tools.locks show [--stack network] [--print-id]    # each stack's lock, one line
    python -m tools.locks unlock --stack network --id <ID>         # make unlock (after confirming)

Exit status of ``show``: 0 locked (with ``--stack``) or listed, 3 not locked; ``unlock``: 0
released, 1 refused (held by a live run here, or not the lock that was shown), 3 not locked.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pwd
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tools import terraform_run

NOT_LOCKED = 3
WATCH_SECONDS = 120.0
"""How long the watcher looks for the lock a starting Terraform takes (it takes it within
seconds, after initialising the backend)."""
WATCH_INTERVAL = 0.5


def who() -> str:
    """What Terraform writes as a lock's ``Who`` from this process: ``user@host``."""
    return f"{pwd.getpwuid(os.getuid()).pw_name}@{socket.gethostname()}"


@dataclass(frozen=True)
class Backend:
    """Where a stack's state and lock live: its S3 backend block from ``cdk.tf.json``."""

    bucket: str
    key: str
    region: str
    lockfile: bool
    settings: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def path(self) -> str:
        """What Terraform records as a lock's ``Path``."""
        return f"{self.bucket}/{self.key}"

    @classmethod
    def of(cls, stack_dir: Path) -> Backend | None:
        """The stack's S3 backend, or None (a local backend: its lock dies with its process)."""
        config = json.loads((stack_dir / "cdk.tf.json").read_text())
        s3 = config.get("terraform", {}).get("backend", {}).get("s3")
        if s3 is None or (stack_dir / "backend_override.tf.json").exists():
            return None
        return cls(
            bucket=s3["bucket"],
            key=s3["key"],
            region=s3.get("region", os.environ.get("AWS_REGION", "")),
            lockfile=bool(s3.get("use_lockfile")),
            settings=s3,
        )

    def client(self, service: str):
        """A boto3 client with the backend's own settings (endpoint, credentials, TLS)."""
        import boto3
        from botocore.config import Config

        endpoints = self.settings.get("endpoints") or {}
        options: dict[str, Any] = {"region_name": self.region}
        if endpoints.get(service):
            options["endpoint_url"] = endpoints[service]
        if self.settings.get("insecure"):
            options["verify"] = False  # the emulator's self-signed certificate (loopback only)
            _quiet_insecure()
        if self.settings.get("access_key"):
            options["aws_access_key_id"] = self.settings["access_key"]
            options["aws_secret_access_key"] = self.settings.get("secret_key")
        session = boto3.Session(profile_name=self.settings.get("profile"))
        config = Config(
            s3={"addressing_style": "path" if self.settings.get("use_path_style") else "auto"},
            retries={"max_attempts": 3, "mode": "standard"},
            connect_timeout=5,
            read_timeout=15,
        )
        return session.client(service, config=config, **options)


@dataclass(frozen=True)
class Lock:
    """Terraform's ``LockInfo`` of a held lock."""

    id: str
    operation: str
    who: str
    created: datetime
    path: str
    version: str = ""

    @classmethod
    def parse(cls, text: str) -> Lock:
        info = json.loads(text)
        return cls(
            id=info["ID"],
            operation=info.get("Operation", ""),
            who=info.get("Who", ""),
            created=parse_time(info.get("Created", "")),
            path=info.get("Path", ""),
            version=info.get("Version", ""),
        )

    def describe(self, now: datetime | None = None) -> str:
        """``root@ci-7 (apply, 2 h 5 min old, ID 1f2e…)``"""
        operation = self.operation.removeprefix("OperationType").lower() or "unknown operation"
        return f"{self.who or 'someone'} ({operation}, {age(self.created, now)} old, ID {self.id})"


def _quiet_insecure() -> None:
    """No warning per request for the emulator's certificate (``insecure`` is for loopback only)."""
    import urllib3

    urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)


def parse_time(text: str) -> datetime:
    """Go's RFC 3339 with nanoseconds (``2025-01-02T03:04:05.123456789Z``) as a UTC datetime."""
    if not text:
        return datetime.fromtimestamp(0, UTC)
    head, _, rest = text.partition(".")
    if rest:  # keep microseconds, drop the rest of the fraction, keep the zone
        digits = "".join(c for c in rest if c.isdigit())
        zone = rest[len(digits) :]
        text = f"{head}.{digits[:6]}{zone}"
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def age(then: datetime, now: datetime | None = None) -> str:
    seconds = max(0, int(((now or datetime.now(UTC)) - then).total_seconds()))
    if seconds < 60:
        return f"{seconds} s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60} min"


def read_lock(backend: Backend) -> Lock | None:
    """The lock on the backend's state (its S3 lock file), or None. Every stack locks with the
    lock file (``use_lockfile``); with a DynamoDB lock table as well, Terraform takes both with the
    same ``LockInfo``, and ``force-unlock`` releases both."""
    if not backend.lockfile:
        return None
    s3 = backend.client("s3")
    try:
        body = s3.get_object(Bucket=backend.bucket, Key=f"{backend.key}.tflock")["Body"].read()
    except s3.exceptions.NoSuchKey:
        return None
    except Exception as error:  # noqa: BLE001 - a bucket not there yet has no lock
        if _code(error) in ("NoSuchBucket", "404", "NotFound"):
            return None
        raise
    return Lock.parse(body.decode())


def _code(error: Exception) -> str:
    return str(getattr(error, "response", {}).get("Error", {}).get("Code", ""))


# --- records of the runs that take locks ----------------------------------------------------


@dataclass(frozen=True)
class Record:
    """A Terraform run of this checkout that takes (or took) a state lock."""

    stack: str
    state: str
    operation: str
    host: str
    who: str
    wrapper_pid: int
    wrapper_started: int | None
    terraform_pid: int
    terraform_started: int | None
    started: str
    lock_id: str | None = None
    log: str = ""

    def alive(self) -> bool:
        """Whether the recorded Terraform still runs (on this host: the caller checks ``host``)."""
        return terraform_run.alive(self.terraform_pid, self.terraform_started)

    def describe(self) -> str:
        return f"{self.operation} by pid {self.terraform_pid} on {self.host}, {age(parse_time(self.started))} ago"

    def took(self, lock: Lock) -> bool:
        """Whether ``lock`` is the one this run took: its recorded ID, or, when Terraform was
        killed before the ID could be read, a lock of the same state taken by this user on this
        host after the run started."""
        if lock.path and lock.path != self.state:
            return False
        if self.lock_id is not None:
            return lock.id == self.lock_id
        started = parse_time(self.started).timestamp()
        return lock.who == self.who and started - 2 <= lock.created.timestamp() <= started + WATCH_SECONDS


def runs_dir(outdir: Path) -> Path:
    return outdir / "runs"


def record_path(outdir: Path, stack: str) -> Path:
    return runs_dir(outdir) / f"{stack}.json"


def records(outdir: Path) -> list[Record]:
    found = []
    for path in sorted(runs_dir(outdir).glob("*.json")):
        with contextlib.suppress(ValueError, TypeError, OSError):
            found.append(Record(**json.loads(path.read_text())))
    return found


def _write(outdir: Path, record: Record) -> None:
    path = record_path(outdir, record.stack)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(asdict(record), indent=2) + "\n")
    temporary.replace(path)


def outdir_of(stack_dir: Path) -> Path:
    """``<outdir>`` of ``<outdir>/stacks/<stack>``."""
    return stack_dir.resolve().parent.parent


# --- before and while a locking run ---------------------------------------------------------


def terraform_in(stack_dir: Path) -> list[int]:
    """The pids of the Terraform processes of this host working in ``stack_dir`` (a person's
    ``terraform plan`` there holds the lock too): a lock is never released while one runs."""
    target = stack_dir.resolve()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            if (entry / "comm").read_text().strip() == "terraform" and Path(os.readlink(entry / "cwd")) == target:
                found.append(int(entry.name))
    return found


def force_unlock(stack_dir: Path, lock_id: str) -> None:
    done = terraform_run.run(["force-unlock", "-force", "-no-color", lock_id], stack_dir)
    if done.returncode != 0:
        raise RuntimeError(f"terraform force-unlock failed: {(done.stderr or done.stdout).strip()[-500:]}")


def unlock_hint(stack: str) -> str:
    component, _, suffix = stack.rpartition("-")
    return f"make unlock ENVIRONMENT={os.environ.get('ENVIRONMENT') or suffix} ENVIRONMENT_SUFFIX={suffix} STACK={component}"


def check(stack_dir: Path, *, waits: str, say: Callable[[str], None] = print) -> None:
    """Before a locking run: release this stack's lock if a run recorded here took it and is
    dead; say in one line whose it is otherwise (the run then waits ``waits`` for it). The
    stack is initialised (``force-unlock`` needs the backend)."""
    backend = Backend.of(stack_dir)
    if backend is None:
        return
    try:
        lock = read_lock(backend)
    except Exception as error:  # noqa: BLE001 - reading is a courtesy: Terraform still locks
        say(f"{stack_dir.name}: could not read the state lock ({type(error).__name__}: {error}); Terraform still locks")
        return
    if lock is None:
        return
    outdir, host = outdir_of(stack_dir), socket.gethostname()
    record = next(
        (r for r in records(outdir) if r.stack == stack_dir.name and r.host == host and r.took(lock)),
        None,
    )
    if record is not None and not record.alive():
        working = terraform_in(stack_dir)
        if working:
            say(
                f"{stack_dir.name}: the state lock was taken by a run that is no longer running ({record.describe()}), "
                f"but Terraform (pid {', '.join(map(str, working))}) works in {stack_dir}: left alone, waiting for it "
                f"(up to {waits})"
            )
            return
        force_unlock(stack_dir, lock.id)
        record_path(outdir, record.stack).unlink(missing_ok=True)
        say(
            f"{stack_dir.name}: released the state lock left by a run that is no longer running "
            f"({record.describe()}, lock ID {lock.id})"
        )
        return
    if record is not None:
        say(
            f"{stack_dir.name}: the state lock is held by a running {record.describe()}: waiting for it (up to {waits})"
        )
        return
    say(
        f"{stack_dir.name}: the state lock is held by {lock.describe()}: waiting for it (up to {waits}); "
        f"if that run is dead: {unlock_hint(stack_dir.name)}"
    )


@contextlib.contextmanager
def guard(
    stack_dir: Path, operation: str, *, waits: str, say: Callable[[str], None] = print
) -> Iterator[Callable[[subprocess.Popen], None]]:
    """Around a Terraform run that takes the stack's lock: ``check`` first, then yield the
    ``on_start`` callback for ``terraform_run.run`` that records the run (and the lock's ID once
    Terraform has taken it). On the way out the record goes, unless Terraform left its lock."""
    backend = Backend.of(stack_dir)
    if backend is None:
        yield lambda _process: None
        return
    check(stack_dir, waits=waits, say=say)
    outdir = outdir_of(stack_dir)
    state: dict[str, Record] = {}
    done = threading.Event()

    def on_start(process: subprocess.Popen) -> None:
        record = Record(
            stack=stack_dir.name,
            state=backend.path,
            operation=operation,
            host=socket.gethostname(),
            who=who(),
            wrapper_pid=os.getpid(),
            wrapper_started=terraform_run.start_time(os.getpid()),
            terraform_pid=process.pid,
            terraform_started=terraform_run.start_time(process.pid),
            started=datetime.now(UTC).isoformat(timespec="milliseconds"),
        )
        state["record"] = record
        _write(outdir, record)
        threading.Thread(target=_watch, args=(backend, outdir, state, done), daemon=True).start()

    try:
        yield on_start
    finally:
        done.set()
        record = state.get("record")
        if record is not None and not record.alive():
            try:
                lock = read_lock(backend)
                left = lock is not None and state["record"].took(lock)
            except Exception:  # noqa: BLE001 - unknown: keep the record, the next run decides
                left = True
            if not left:
                record_path(outdir, record.stack).unlink(missing_ok=True)


def _watch(backend: Backend, outdir: Path, state: dict[str, Record], done: threading.Event) -> None:
    """Read the lock until the run's Terraform has taken it, and record its ID."""
    deadline = time.monotonic() + WATCH_SECONDS
    while not done.is_set() and time.monotonic() < deadline:
        record = state["record"]
        with contextlib.suppress(Exception):
            lock = read_lock(backend)
            if lock is not None and record.took(lock):
                state["record"] = replace(record, lock_id=lock.id)
                if not done.is_set():
                    _write(outdir, state["record"])
                return
        done.wait(WATCH_INTERVAL)


# --- make unlock ------------------------------------------------------------------------------


def stack_dir_for(outdir: Path, stack: str, suffix: str) -> Path:
    name = stack if stack.endswith(f"-{suffix}") else f"{stack}-{suffix}"
    return outdir / "stacks" / name


def init(stack_dir: Path) -> None:
    done = terraform_run.run(["init", "-input=false", "-no-color"], stack_dir)
    if done.returncode != 0:
        raise RuntimeError(f"terraform init failed: {(done.stderr or done.stdout).strip()[-500:]}")


def live_record(stack_dir: Path, lock: Lock) -> Record | None:
    host = socket.gethostname()
    return next(
        (
            r
            for r in records(outdir_of(stack_dir))
            if r.stack == stack_dir.name and r.host == host and r.took(lock) and r.alive()
        ),
        None,
    )


def show(stack_dirs: list[Path], print_id: bool) -> int:
    locked = 0
    for stack_dir in stack_dirs:
        backend = Backend.of(stack_dir)
        lock = read_lock(backend) if backend is not None else None
        if lock is None:
            print(f"{stack_dir.name}: not locked", file=sys.stderr if print_id else sys.stdout)
            continue
        locked += 1
        running = live_record(stack_dir, lock)
        held = f"a running {running.describe()}" if running else lock.describe()
        print(f"{stack_dir.name}: the state lock is held by {held}", file=sys.stderr if print_id else sys.stdout)
        if print_id:
            print(lock.id)
    return 0 if locked or len(stack_dirs) > 1 else NOT_LOCKED


def unlock(stack_dir: Path, lock_id: str) -> int:
    backend = Backend.of(stack_dir)
    if backend is None:
        print(f"error: {stack_dir.name} has no S3 backend: nothing to unlock", file=sys.stderr)
        return 1
    init(stack_dir)
    lock = read_lock(backend)
    if lock is None:
        print(f"{stack_dir.name}: not locked (any more)")
        return NOT_LOCKED
    if lock.id != lock_id:
        print(
            f"error: {stack_dir.name}: the lock is now {lock.describe()}, not the one shown ({lock_id}): "
            "nothing released; run make unlock again",
            file=sys.stderr,
        )
        return 1
    running = live_record(stack_dir, lock)
    if running is not None:
        print(
            f"error: {stack_dir.name}: the lock is held by a running {running.describe()}: never released; "
            "stop that run instead (Ctrl-C, or python -m tools.terraform_run stop)",
            file=sys.stderr,
        )
        return 1
    force_unlock(stack_dir, lock.id)
    record_path(outdir_of(stack_dir), stack_dir.name).unlink(missing_ok=True)
    print(f"{stack_dir.name}: released the state lock of {lock.describe()}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.locks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--suffix", default=os.environ.get("ENVIRONMENT_SUFFIX"), help="default: $ENVIRONMENT_SUFFIX")
    parser.add_argument("--outdir", type=Path, default=Path(os.environ.get("CDKTF_OUTDIR") or "cdktf.out"))
    commands = parser.add_subparsers(dest="command", required=True)
    shown = commands.add_parser("show", help="each stack's lock, one line")
    shown.add_argument("--stack", help="one stack (its component, e.g. network); default: every stack")
    shown.add_argument("--print-id", action="store_true", help="print the lock's ID on stdout (the line on stderr)")
    released = commands.add_parser("unlock", help="release the lock with this ID (make unlock)")
    released.add_argument("--stack", required=True)
    released.add_argument("--id", required=True, help="the ID `show` printed: nothing else is released")
    args = parser.parse_args(argv)
    if not args.suffix:
        parser.error("--suffix is required when ENVIRONMENT_SUFFIX is not set")
    if args.command == "show" and not args.stack:
        stack_dirs = sorted(
            p for p in (args.outdir / "stacks").glob(f"*-{args.suffix}") if (p / "cdk.tf.json").is_file()
        )
    else:
        stack_dirs = [stack_dir_for(args.outdir, args.stack, args.suffix)]
    missing = [d for d in stack_dirs if not (d / "cdk.tf.json").is_file()]
    if missing or not stack_dirs:
        name = missing[0].name if missing else f"*-{args.suffix}"
        print(
            f"error: no synthesized stack {name} under {args.outdir}/stacks: check STACK, then make synth",
            file=sys.stderr,
        )
        return 2
    with terraform_run.stoppable():
        try:
            if args.command == "show":
                return show(stack_dirs, args.print_id)
            return unlock(stack_dirs[0], args.id)
        except (RuntimeError, terraform_run.Stopped) as error:
            print(f"error: {error}", file=sys.stderr)
            return 1


if __name__ == "__main__":
    sys.exit(main())
