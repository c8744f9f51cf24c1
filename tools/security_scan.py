"""Checkov over every synthesized stack, judged against ``tools/checkov_skips.py``.

    python -m tools.security_scan cdktf.out        # exit 1 on any unaccepted finding

Checkov runs once, offline (``--skip-download``, ``BC_SKIP_MAPPING=TRUE``), over all stack
folders; each failed check is then accepted only if a skip entry names its check, its stack
and resource, and its environment. The report counts passed / failed / skipped per
environment and lists anything unaccepted, and any skip entry that matched nothing. A skip holds where its ``applies`` says so of the
environment's configuration, never by the environment's name.
"""

from __future__ import annotations

import fnmatch
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from environments.schema import Environment
from tools.checkov_skips import SKIPS, Skip


@dataclass(frozen=True)
class Finding:
    check_id: str
    check_name: str
    stack: str
    resource: str
    environment: str

    @property
    def component(self) -> str:
        return self.stack.rsplit("-", 1)[0]

    def __str__(self) -> str:
        return f"{self.check_id} {self.stack} {self.resource}: {self.check_name}"


@dataclass
class ScanReport:
    passed: Counter = field(default_factory=Counter)
    failed: list[Finding] = field(default_factory=list)
    skipped: list[Finding] = field(default_factory=list)
    unused_skips: list[str] = field(default_factory=list)

    def table(self) -> str:
        environments = sorted(set(self.passed) | {f.environment for f in self.failed + self.skipped})
        failed, skipped = Counter(f.environment for f in self.failed), Counter(f.environment for f in self.skipped)
        rows = [f"{'environment':<14}{'passed':>8}{'failed':>8}{'skipped':>9}"]
        rows += [f"{e:<14}{self.passed[e]:>8}{failed[e]:>8}{skipped[e]:>9}" for e in environments]
        return "\n".join(rows)


def accepted_by(finding: Finding, skip: Skip | None, environment: Environment) -> bool:
    return (
        skip is not None
        and skip.applies(environment)
        and any(fnmatch.fnmatch(f"{finding.component}/{finding.resource}", pattern) for pattern in skip.resources)
    )


def run_checkov(stack_dirs: list[Path]) -> dict:
    """One checkov run over copies of ``stack_dirs`` gathered in one folder (checkov writes
    one JSON document per ``-d`` otherwise)."""
    env = {**os.environ, "BC_SKIP_MAPPING": "TRUE", "LOG_LEVEL": "ERROR"}
    with tempfile.TemporaryDirectory() as gathered:
        for stack in stack_dirs:
            (Path(gathered) / stack.name).mkdir()
            document = json.loads((stack / "cdk.tf.json").read_text())
            # checkov 3.3's terraform_json parser takes every key of the `terraform` block for a
            # nested block and fails the whole file on the string `required_version` (no check
            # reads it), so the copy it scans leaves it out.
            document.get("terraform", {}).pop("required_version", None)
            (Path(gathered) / stack.name / "cdk.tf.json").write_text(json.dumps(document))
        command = [
            str(Path(sys.executable).with_name("checkov")),
            "-d",
            gathered,
            "--framework",
            "terraform_json",
            "--skip-download",
            "--compact",
            "-o",
            "json",
        ]
        result = subprocess.run(command, capture_output=True, text=True, env=env)
    if result.returncode not in (0, 1) or not result.stdout.strip():
        raise RuntimeError(f"checkov failed ({result.returncode}): {result.stderr.strip()[-2000:]}")
    report = json.loads(result.stdout)
    unparsed = report.get("results", {}).get("parsing_errors", [])
    if unparsed:  # a file checkov cannot parse is a file nobody scanned: never a silent pass
        raise RuntimeError(
            f"checkov could not parse {len(unparsed)} stack(s), e.g. {unparsed[0]}: {result.stderr.strip()[-1500:]}"
        )
    return report


def scan(stacks: dict[Path, Environment]) -> ScanReport:
    """``stacks`` maps each stack folder to its environment (the skips judge its configuration)."""
    by_name = {path.name: environment for path, environment in stacks.items()}
    results = run_checkov(sorted(stacks))["results"]
    report = ScanReport()

    def stack_of(item: dict) -> str:
        return Path(item["file_path"]).parent.name  # "/<stack>/cdk.tf.json"

    for item in results.get("passed_checks", []):
        report.passed[by_name[stack_of(item)].name] += 1
    used: set[str] = set()
    for item in results.get("failed_checks", []):
        stack = stack_of(item)
        finding = Finding(item["check_id"], item["check_name"], stack, item["resource"], by_name[stack].name)
        if accepted_by(finding, SKIPS.get(finding.check_id), by_name[stack]):
            report.skipped.append(finding)
            used.add(finding.check_id)
        else:
            report.failed.append(finding)
    report.unused_skips = sorted(set(SKIPS) - used)
    return report


def named_stacks(outdir: Path) -> dict[Path, Environment]:
    """Stack folders of the named environments (suffix == environment name), with their environment."""
    from environments import NAMED, load

    environments = {name: load(name) for name in NAMED}
    return {
        path: environments[path.name.rsplit("-", 1)[1]]
        for path in sorted((outdir / "stacks").iterdir())
        if path.name.rsplit("-", 1)[1] in environments
    }


def main(argv: list[str]) -> int:
    outdir = Path(argv[0] if argv else "cdktf.out")
    report = scan(named_stacks(outdir))
    print(report.table())
    for finding in report.failed:
        print(f"FAILED {finding}")
    for check_id in report.unused_skips:
        print(f"UNUSED skip {check_id}: remove it from tools/checkov_skips.py")
    return 1 if report.failed or report.unused_skips else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
