"""The jsii kernel started directly, without the stdio relay process jsii puts in front of it.

jsii's Python runtime starts ``node bin/jsii-runtime.js``; that script only spawns a second node
process, the kernel (``lib/program.js``, with ``--preserve-symlinks``), and relays stdio between
them: every one of a synth's ~780 round trips crosses two pipes and two event loops, and the relay
is a node process of its own (~50 MiB). ``prepare()`` (``make setup``) writes, into
``.cache/jsii-runtime/``, a copy of the installed jsii's own ``program.js`` that reads and writes
the protocol on stdin/stdout instead of file descriptor 3 (one literal changed, and only if it is
there exactly once), an ``entry.js`` that sends what JavaScript code prints to stdout to stderr
in the relay's wrapping, and ``node.sh`` (``node --preserve-symlinks``, as the relay starts the
kernel: the kernel links packages out of its cache only with that flag). ``enable()`` points jsii
at them (``JSII_RUNTIME``, ``JSII_NODE``) after checking that they were made from the installed
jsii; anything else (no ``make setup``, another jsii, ``PLATFORM_JSII_RELAY=1``, a ``JSII_RUNTIME``
or ``JSII_NODE`` of the user's) leaves jsii's normal start: slower, never broken. The output is
byte-identical either way (``tests/test_node_lazy_load.py`` compares them).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.resources
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "jsii-runtime"
STAMP = "stamp.json"
PROTOCOL_FD = b"readFD:3,writeFD:3"
"""How the kernel (``program.js``) opens its protocol channel: file descriptor 3, which the relay
connects to its own stdin and stdout."""
PROTOCOL_STDIO = b"readFD:0,writeFD:1"
OPT_OUT = "PLATFORM_JSII_RELAY"

ENTRY = """\
"use strict";
// Written by modules/core/jsii_runtime.py (make setup): the jsii kernel without its relay process.
// stdout (fd 1) carries the jsii protocol, written synchronously by the kernel. What JavaScript
// code prints to process.stdout goes to stderr, wrapped as jsii's relay wraps it (the Python side
// unwraps it); process.stdout is replaced before its first use, so node never makes fd 1 non-blocking.
const fs = require("fs");
const { Writable } = require("stream");
const relayed = new Writable({
  write(chunk, _encoding, done) {
    fs.writeSync(2, JSON.stringify({ stdout: Buffer.from(chunk).toString("base64") }) + "\\n");
    done();
  },
});
Object.defineProperty(process, "stdout", { configurable: true, enumerable: true, get: () => relayed });
require("./lib/program.js");
"""
NODE = """\
#!/bin/sh
# Written by modules/core/jsii_runtime.py (make setup): node as jsii's relay starts the kernel.
exec node --preserve-symlinks "$@"
"""


@dataclass(frozen=True)
class Status:
    direct: bool
    reason: str

    def __str__(self) -> str:
        return f"{'direct' if self.direct else 'relay'}: {self.reason}"


def _embedded(name: str) -> bytes:
    import jsii._embedded.jsii as embedded

    return importlib.resources.files(embedded).joinpath(name).read_bytes()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _files() -> dict[str, bytes] | None:
    """What the cache holds, made from the installed jsii; None when its kernel is not the known shape."""
    program = _embedded("lib__program.js")
    if program.count(PROTOCOL_FD) != 1:
        return None
    return {
        "lib/program.js": program.replace(PROTOCOL_FD, PROTOCOL_STDIO),
        "lib/runtime-index-worker.js": _embedded("lib__runtime-index-worker.js"),
        "entry.js": ENTRY.encode(),
        "node.sh": NODE.encode(),
    }


def _expected_stamp(files: dict[str, bytes]) -> dict:
    return {
        "jsii": importlib.metadata.version("jsii"),
        "files": {name: _sha256(data) for name, data in sorted(files.items())},
    }


def check(root: Path = CACHE) -> Status:
    """Whether ``root`` holds the direct runtime made from the installed jsii."""
    try:
        stamp = json.loads((root / STAMP).read_text())
    except (OSError, ValueError):
        return Status(False, f"no {root / STAMP} (make setup writes it)")
    files = _files()
    if files is None:
        return Status(False, "the installed jsii's kernel does not open its protocol on fd 3 once")
    if stamp != _expected_stamp(files):
        return Status(False, f"{root} was made from another jsii (make setup writes it again)")
    for name, data in files.items():
        try:
            if _sha256((root / name).read_bytes()) != _sha256(data):
                return Status(False, f"{root / name} differs from what make setup wrote")
        except OSError:
            return Status(False, f"no {root / name}")
    return Status(True, f"jsii {stamp['jsii']} kernel from {root}")


def prepare(root: Path = CACHE) -> Status:
    """Write the direct runtime for the installed jsii into ``root`` (idempotent)."""
    files = _files()
    if files is None:
        (root / STAMP).unlink(missing_ok=True)
        return Status(False, "the installed jsii's kernel does not open its protocol on fd 3 once: left to the relay")
    (root / STAMP).unlink(missing_ok=True)
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (root / "node.sh").chmod(0o755)
    (root / STAMP).write_text(json.dumps(_expected_stamp(files), indent=2) + "\n")
    return check(root)


_status: Status | None = None


def _runtime_started() -> bool:
    """Every binding's ``<package>._jsii`` module loads its assembly, which starts the runtime."""
    return any(name == "cdktf" or name.endswith("._jsii") for name in sys.modules)


def enable(root: Path = CACHE) -> Status:
    """Point jsii at the direct runtime in ``root`` if it checks out. Call before the runtime starts."""
    global _status
    if _status is not None:
        return _status
    ours = {"JSII_RUNTIME": str(root / "entry.js"), "JSII_NODE": str(root / "node.sh")}
    if os.environ.get(OPT_OUT, "").strip() not in ("", "0"):
        _status = Status(False, f"{OPT_OUT} is set")
        for name, value in ours.items():  # inherited from a parent that used it
            if os.environ.get(name) == value:
                del os.environ[name]
    elif _runtime_started():
        _status = Status(False, "the jsii runtime was started before modules.core.framework")
    elif any(os.environ.get(k, v) != v for k, v in ours.items()):
        _status = Status(False, "JSII_RUNTIME or JSII_NODE is set to another runtime")
    else:
        _status = check(root)
        if _status.direct:
            os.environ.update(ours)
    return _status


def status() -> Status | None:
    """What ``enable`` decided in this process (None before it ran)."""
    return _status
