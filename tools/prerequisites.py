"""``python3 -m tools.prerequisites``: one line per missing or too-old tool, exit 2 if any.

Run by ``set-env.sh`` and ``make setup`` before anything needs the tools, so a missing
prerequisite is one line with the fix instead of a traceback from jsii or subprocess.
Standard library only (it runs before the toolchain is installed).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

MINIMUM = {"python3": (3, 11), "node": (20, 0), "terraform": (1, 10)}
WHY = {
    "python3": "the configuration and synth (README, Prerequisites)",
    "node": "cdktf's jsii runtime and cdktf-cli (Node.js 20 or newer)",
    "terraform": "validate, plan and apply (S3-native state locking needs 1.10)",
}


def _version(tool: str) -> tuple[int, ...] | None:
    if tool == "python3":
        return sys.version_info[:2]
    command = {"node": ["node", "--version"], "terraform": ["terraform", "version", "-json"]}[tool]
    try:
        output = subprocess.run(command, capture_output=True, text=True, timeout=30, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    if tool == "terraform":
        try:
            output = json.loads(output)["terraform_version"]
        except (ValueError, KeyError):
            return None
    match = re.search(r"(\d+)\.(\d+)", output)
    return (int(match.group(1)), int(match.group(2))) if match else None


def problems(tools: tuple[str, ...] = tuple(MINIMUM)) -> list[str]:
    out = []
    for tool in tools:
        wanted = ".".join(map(str, MINIMUM[tool]))
        if tool != "python3" and shutil.which(tool) is None:
            out.append(f"{tool} is not on PATH: install {tool} {wanted} or newer for {WHY[tool]}")
            continue
        found = _version(tool)
        if found is None:
            out.append(f"{tool} did not report its version: check that '{tool}' runs, {wanted} or newer is needed")
        elif found < MINIMUM[tool]:
            out.append(f"{tool} {'.'.join(map(str, found))} is too old: install {wanted} or newer for {WHY[tool]}")
    return out


def main(argv: list[str]) -> int:
    tools = tuple(argv) or tuple(MINIMUM)
    unknown = [t for t in tools if t not in MINIMUM]
    if unknown:
        print(f"error: unknown tool {unknown[0]!r}: use {', '.join(MINIMUM)}", file=sys.stderr)
        return 2
    found = problems(tools)
    for line in found:
        print(f"error: {line}", file=sys.stderr)
    return 2 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
