"""The node half of the lazy provider load (the Python half is the import hook in ``framework.py``).

The jsii runtime (the ``node`` process behind every jsii call) loads ``@cdktf/provider-aws`` by
``require``-ing the package, whose ``lib/index.js`` requires all ~2,135 submodules before it
returns: seconds and hundreds of MB on every synth, whatever the stack uses. The runtime
extracts each package from its tarball into a package cache (``JSII_RUNTIME_PACKAGE_CACHE_ROOT``,
one entry per package, version and tarball digest) and requires it from there. ``prepare`` (run by
``make setup`` through ``python -m tools.node_provider``) writes the provider's entry into a cache
inside the repository (``.cache/jsii-packages/``, git-ignored) with one change: its ``lib/index.js``
defines the same exports, each requiring its submodule on first access. The runtime then finds
the entry, uses it as it would its own, and only the classes a stack names are loaded.

``enable`` (called by ``framework.py`` before the runtime starts) points the runtime at that
cache only when the entry checks out: the stamp written by ``prepare`` names package
``@cdktf/provider-aws`` version ``20.1.0``, the installed tarball is the one it was made from
(size and mtime), the entry's ``package.json`` is that package and version, and its
``lib/index.js`` is the generated one (sha256). ``prepare`` writes nothing when the package's
``lib/index.js`` is not the plain list of ``exports.x = require("./x")`` it knows. Anything else
(no ``make setup``, another provider version, a changed layout, ``PLATFORM_EAGER_NODE_PROVIDER=1``)
leaves the runtime's default cache and the normal, eager load: slower, never broken.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import shutil
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE_ROOT = ROOT / ".cache" / "jsii-packages"
PACKAGE = "@cdktf/provider-aws"
VERSION = "20.1.0"
PYTHON_PACKAGE = "cdktf_cdktf_provider_aws"
TARBALL = f"provider-aws@{VERSION}.jsii.tgz"
STAMP = "lazy-provider.json"  # in CACHE_ROOT; the runtime only manages directories there
MARKER = ".jsii-runtime-package-cache"  # the runtime's "this entry is complete" file
DISABLE = "PLATFORM_EAGER_NODE_PROVIDER"  # =1: the normal eager load (A/B comparisons)
CACHE_VARIABLE = "JSII_RUNTIME_PACKAGE_CACHE_ROOT"

_REQUIRE = re.compile(r'^exports\.([A-Za-z_$][A-Za-z0-9_$]*) = require\("\./([a-z0-9][a-z0-9-]*)"\);$', re.ASCII)
_VOID = re.compile(r"^exports\.[A-Za-z_$][A-Za-z0-9_$]*( = exports\.[A-Za-z_$][A-Za-z0-9_$]*)* = void 0;$", re.ASCII)
_HEADER = {'"use strict";', 'Object.defineProperty(exports, "__esModule", { value: true });'}


@dataclass(frozen=True)
class Status:
    lazy: bool
    reason: str

    def __str__(self) -> str:
        return f"{'lazy' if self.lazy else 'eager'}: {self.reason}"


def tarball() -> Path | None:
    """The provider's jsii tarball, found without importing the Python package."""
    spec = importlib.util.find_spec(PYTHON_PACKAGE)
    for location in (spec.submodule_search_locations or []) if spec else []:
        path = Path(location) / "_jsii" / TARBALL
        if path.is_file():
            return path
    return None


def runtime_digest(path: Path) -> str:
    """The jsii kernel's cache key for a tarball: sha256 of its bytes, then NUL+name, NUL+version."""
    digest = hashlib.sha256()
    with path.open("rb") as data:
        while chunk := data.read(1 << 20):
            digest.update(chunk)
    for part in (PACKAGE, VERSION):
        digest.update(b"\0" + part.encode())
    return digest.hexdigest()


def entry_dir(root: Path, digest: str) -> Path:
    return root.joinpath(*PACKAGE.split("/"), VERSION, digest)


def parse_eager_index(text: str) -> dict[str, str] | None:
    """``{export name: submodule dir}`` of the package's eager ``lib/index.js``, or None when the
    file holds anything but the header, comments and ``exports.x = require("./x");`` lines."""
    submodules: dict[str, str] = {}
    declared: set[str] = set()
    in_comment = False
    for raw in text.splitlines():
        line = raw.strip()
        if in_comment:
            in_comment = not line.endswith("*/")
        elif not line or line in _HEADER or line.startswith("//"):
            pass
        elif line.startswith("/*"):
            in_comment = not line.endswith("*/")
        elif match := _REQUIRE.match(line):
            if match[1] in submodules:
                return None
            submodules[match[1]] = match[2]
        elif _VOID.match(line):
            declared |= set(re.findall(r"exports\.([A-Za-z0-9_$]+)", line, re.ASCII))
        else:
            return None
    if not submodules or (declared and declared != set(submodules)):
        return None
    return submodules


def lazy_index(submodules: dict[str, str]) -> str:
    table = "\n".join(f'  {json.dumps(name)}: "./{path}",' for name, path in submodules.items())
    return f""""use strict";
// Written by modules/core/node_provider.py (make setup) in place of {PACKAGE} {VERSION}'s lib/index.js:
// the same {len(submodules)} exports, each submodule required on first access instead of all at load.
Object.defineProperty(exports, "__esModule", {{ value: true }});
const submodules = {{
{table}
}};
function define(name, value) {{
  Object.defineProperty(exports, name, {{ value, configurable: true, enumerable: true, writable: true }});
}}
for (const name of Object.keys(submodules)) {{
  Object.defineProperty(exports, name, {{
    configurable: true,
    enumerable: true,
    get() {{
      const value = require(submodules[name]);
      define(name, value);
      return value;
    }},
    set(value) {{
      define(name, value);
    }},
  }});
}}
"""


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read_json(path: Path) -> dict:
    try:
        value = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def check(root: Path = CACHE_ROOT) -> Status:
    """Whether the runtime may use ``root``: the start-up verification (a few stats and one
    small hash; no tarball read)."""
    if os.environ.get(DISABLE, "") not in ("", "0"):
        return Status(False, f"{DISABLE} is set")
    if os.environ.get("JSII_RUNTIME_PACKAGE_CACHE", "enabled").lower() != "enabled":
        return Status(False, "the jsii package cache is disabled (JSII_RUNTIME_PACKAGE_CACHE)")
    chosen = os.environ.get(CACHE_VARIABLE, "")
    if chosen and Path(chosen).resolve() != root.resolve():
        return Status(False, f"{CACHE_VARIABLE} points elsewhere ({chosen})")
    stamp = _read_json(root / STAMP)
    if not stamp:
        return Status(False, f"no {root / STAMP}: run make setup")
    if (stamp.get("package"), stamp.get("version")) != (PACKAGE, VERSION):
        return Status(False, f"the cache was made for {stamp.get('package')} {stamp.get('version')}")
    source = tarball()
    if source is None:
        return Status(False, f"no {TARBALL} in the installed {PYTHON_PACKAGE}")
    info = source.stat()
    if (str(source), info.st_size, info.st_mtime_ns) != (
        stamp.get("tarball"),
        stamp.get("tarball_size"),
        stamp.get("tarball_mtime_ns"),
    ):
        return Status(False, "the installed provider package changed since the cache was made: run make setup")
    entry = entry_dir(root, str(stamp.get("digest", "")))
    manifest = _read_json(entry / "package.json")
    if (manifest.get("name"), manifest.get("version"), manifest.get("main")) != (PACKAGE, VERSION, "lib/index.js"):
        return Status(False, f"no {PACKAGE} {VERSION} entry at {entry}")
    if not (entry / MARKER).is_file():
        return Status(False, f"the entry at {entry} is incomplete")
    try:
        if _sha256(entry / "lib" / "index.js") != stamp.get("index_sha256"):
            return Status(False, f"{entry}/lib/index.js is not the generated lazy index")
    except OSError:
        return Status(False, f"no {entry}/lib/index.js")
    return Status(True, f"{PACKAGE} {VERSION} from {entry}")


_status: Status | None = None


def enable(root: Path = CACHE_ROOT) -> Status:
    """Point the jsii runtime at ``root`` if it checks out. Call before the runtime starts."""
    global _status
    if _status is None:
        # Every binding's ``<package>._jsii`` module loads its assembly, which starts the runtime.
        if any(name == "cdktf" or name.endswith("._jsii") for name in sys.modules):
            _status = Status(False, "the jsii runtime was started before modules.core.framework")
        else:
            _status = check(root)
            if _status.lazy:
                os.environ[CACHE_VARIABLE] = str(root)
    return _status


def status() -> Status | None:
    """What ``enable`` decided in this process (None before it ran)."""
    return _status


def prepare(root: Path = CACHE_ROOT) -> Status:
    """Write the lazy entry for the installed provider into ``root`` (idempotent). Returns what
    ``check`` then says; writes nothing the runtime would use when the package is not known."""
    source = tarball()
    if source is None:
        return Status(False, f"no {TARBALL} in the installed {PYTHON_PACKAGE}")
    info = source.stat()
    stamp = _read_json(root / STAMP)
    if (stamp.get("tarball"), stamp.get("tarball_size"), stamp.get("tarball_mtime_ns")) == (
        str(source),
        info.st_size,
        info.st_mtime_ns,
    ) and check(root).lazy:
        return check(root)

    (root / STAMP).unlink(missing_ok=True)
    digest = runtime_digest(source)
    entry = entry_dir(root, digest)
    work = entry.parent / f".{digest}.{os.getpid()}.tmp"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    root.chmod(0o700)  # as the runtime makes its own cache root
    try:
        with tarfile.open(source, "r:gz") as archive:
            members = []
            for member in archive.getmembers():
                head, _, rest = member.name.partition("/")
                if head != "package" or not rest:
                    continue
                member.name = rest  # the runtime extracts with strip: 1
                members.append(member)
            archive.extractall(work, members=members, filter="data")
        manifest = _read_json(work / "package.json")
        if (manifest.get("name"), manifest.get("version"), manifest.get("main")) != (PACKAGE, VERSION, "lib/index.js"):
            return Status(False, f"the tarball is not {PACKAGE} {VERSION} with lib/index.js: left to the runtime")
        submodules = parse_eager_index((work / "lib" / "index.js").read_text())
        if submodules is None:
            return Status(False, "lib/index.js is not the list of submodule requires this knows: left to the runtime")
        missing = [path for path in submodules.values() if not (work / "lib" / path / "index.js").is_file()]
        if missing:
            return Status(False, f"submodules listed but absent ({', '.join(missing[:3])}): left to the runtime")
        (work / "lib" / "index.js").write_text(lazy_index(submodules))
        (work / MARKER).write_text("")
        shutil.rmtree(entry, ignore_errors=True)
        work.rename(entry)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    (root / STAMP).write_text(
        json.dumps(
            {
                "package": PACKAGE,
                "version": VERSION,
                "tarball": str(source),
                "tarball_size": info.st_size,
                "tarball_mtime_ns": info.st_mtime_ns,
                "digest": digest,
                "index_sha256": _sha256(entry / "lib" / "index.js"),
                "submodules": len(submodules),
            },
            indent=2,
        )
        + "\n"
    )
    return check(root)


def forget(root: Path = CACHE_ROOT) -> None:
    """Stop using the cache (the runtime falls back to the eager load)."""
    (root / STAMP).unlink(missing_ok=True)
