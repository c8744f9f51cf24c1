"""Prepare and check the node side of a synth: the jsii package cache that lets node load only the
provider classes used, and the jsii kernel started without its relay process.

    python -m tools.node_provider            # prepare .cache/jsii-packages and .cache/jsii-runtime, then check them (make setup)
    python -m tools.node_provider --check    # what modules.core.framework will decide, and a node-side count
    python -m tools.node_provider --forget   # stop using it (the eager load, for comparisons)

The mechanisms live in ``modules/core/node_provider.py`` and ``modules/core/jsii_runtime.py``. The check starts the jsii runtime once with the
cache (which also lets the runtime extract cdktf and constructs into it and build its type index)
and counts, inside node, the provider modules loaded by loading the assembly and one class:
a handful when the lazy index is in use, ~2,150 when not. A failed check removes the stamp, so
the runtime falls back to its normal load. Never fails ``make setup``: the fallback works.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from modules.core import jsii_runtime, node_provider

ROOT = node_provider.ROOT
REPORTER = ROOT / "tools" / "node_module_report.cjs"
PROBE = """
import time
import modules.core.framework as framework
from modules.core import jsii_runtime, node_provider
from modules.core.framework import aws

aws.vpc.Vpc  # one submodule, as a stack would
print(framework.node_provider_status())
# The runtime indexes each assembly it caches in a worker thread, once; wait for it here so that
# no synth pays for it (without the index every run parses the provider's 120 MB .jsii file).
root = node_provider.CACHE_ROOT
entries = [m.parent for pattern in ("*/*/*/", "*/*/*/*/") for m in root.glob(pattern + node_provider.MARKER)]
deadline = time.monotonic() + 300
while time.monotonic() < deadline and not all((e / ".jsii.runtime.v1.json").is_file() for e in entries):
    time.sleep(0.2)
"""


def node_module_counts(command: list[str], env: dict[str, str] | None = None) -> tuple[list[dict], str]:
    """Run ``command`` with the reporter preloaded into every node process; the reports and stdout."""
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.jsonl"
        variables = {
            **os.environ,
            **(env or {}),
            "PLATFORM_NODE_MODULE_REPORT": str(report),
            "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20",
        }
        variables["NODE_OPTIONS"] = f"{variables.get('NODE_OPTIONS', '')} --require {REPORTER}".strip()
        done = subprocess.run(command, cwd=ROOT, env=variables, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
        lines = report.read_text().splitlines() if report.exists() else []
        return [json.loads(line) for line in lines], done.stdout


def provider_modules_loaded(reports: list[dict]) -> int:
    return max((r["provider_modules"] for r in reports), default=-1)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only check, do not prepare")
    parser.add_argument("--forget", action="store_true", help="remove the stamp: the runtime loads eagerly")
    args = parser.parse_args(argv)

    try:
        runtime = jsii_runtime.check() if args.check else jsii_runtime.prepare()
    except Exception as error:  # noqa: BLE001 - an optimisation: synth works behind jsii's relay
        runtime = jsii_runtime.Status(False, f"not prepared ({error})")
    print(f"jsii runtime: {runtime}")
    if args.forget:
        node_provider.forget()
        print("node provider: eager (stamp removed; make setup prepares it again)")
        return 0
    status = node_provider.check() if args.check else node_provider.prepare()
    if not status.lazy:
        print(f"node provider: {status} (synth works, loading the whole provider)")
        return 0
    reports, stdout = node_module_counts([sys.executable, "-c", PROBE])
    count = provider_modules_loaded(reports)
    if 0 <= count <= 20:
        print(f"node provider: {stdout.strip()} ({count} provider modules loaded for one class)")
        return 0
    if not args.check:
        node_provider.forget()
    print(
        f"warning: node loaded {count} provider modules with the lazy cache; "
        f"{'left it unused' if not args.check else 'run make setup'} (synth works, loading the whole provider)"
    )
    return 0 if not args.check else 1


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except Exception as error:  # noqa: BLE001 - set-up must not fail over an optimisation
        node_provider.forget()
        print(f"warning: node provider cache not prepared ({error}); synth loads the whole provider")
        sys.exit(0 if "--check" not in sys.argv else 1)
