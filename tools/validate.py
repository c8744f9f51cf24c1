"""``terraform validate`` every synthesized stack with one provider load.

Loading the AWS provider's schema costs ~2.5 s per ``terraform validate``. Instead of paying it
per stack, this writes a wrapper root module under ``<outdir>/validate/`` that calls a copy of
every stack as a child module, initialises it once (providers linked from the mirror) and
validates it once: Terraform checks every stack's resources, data sources, references and
outputs against the real provider schema.

Terraform also starts one provider process per provider configuration (~1 s of CPU each), so
the copies share them: a stack whose provider blocks have the shape of those of a stack
validated before it (the same arguments and blocks, the same non-string values) leaves them out
and inherits the wrapper's default provider. Every shape of provider configuration is still
validated; the string values (region, account ids, tag names and values) are checked by
``environments/``.
Backend blocks are left out of the copies (Terraform ignores them in child modules);
``terraform init`` of each stack checks those.

Run: ``python -m tools.validate cdktf.out [stack ...]``; exit 1 when any stack is invalid.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tools import terraform_run


@dataclass(frozen=True)
class Diagnostic:
    severity: str
    summary: str
    detail: str
    where: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.where}: {self.summary}: {self.detail}".strip()


def stack_dirs(outdir: Path, only: list[str] | None = None) -> list[Path]:
    stacks = sorted(p for p in (outdir / "stacks").iterdir() if (p / "cdk.tf.json").is_file())
    if only:
        stacks = [p for p in stacks if p.name in only]
    return stacks


def provider_key(providers: dict) -> str | None:
    """What makes two stacks' provider blocks the same shape for validation, or None when
    they cannot be shared (aliased providers must be passed to a module explicitly)."""
    if any(len(configs) != 1 or "alias" in configs[0] for configs in providers.values()):
        return None

    def shape(value: Any) -> Any:  # strings differ per stack and environment (tags, region, account)
        if isinstance(value, dict):  # a tags map's keys are data too (Ephemeral, DataClassification)
            return {k: {"": ""} if k == "tags" and isinstance(v, dict) and v else shape(v) for k, v in value.items()}
        if isinstance(value, list):
            return [shape(v) for v in value]
        return "" if isinstance(value, str) else value

    return json.dumps({name: shape(configs[0]) for name, configs in providers.items()}, sort_keys=True)


def write_wrapper(outdir: Path, stacks: list[Path]) -> Path:
    """The wrapper root module: one child module per stack, copied without its backend and,
    where a stack validated before has the same provider configuration, without its providers."""
    root = outdir / "validate"
    shutil.rmtree(root / "stacks", ignore_errors=True)
    (root / "stacks").mkdir(parents=True)
    modules, seen = {}, set()
    for stack in stacks:
        config = json.loads((stack / "cdk.tf.json").read_text())
        config.get("terraform", {}).pop("backend", None)
        key = provider_key(config.get("provider", {}))
        if key is not None and key in seen:
            config.pop("provider")
        elif key is not None:
            seen.add(key)
        (root / "stacks" / stack.name).mkdir()
        (root / "stacks" / stack.name / "cdk.tf.json").write_text(json.dumps(config, indent=2))
        modules[stack.name] = {"source": f"./stacks/{stack.name}"}
    # The provider the stripped copies inherit: validate checks its arguments, never configures it.
    wrapper = {"module": modules, "provider": {"aws": [{"region": "us-east-1"}]}}
    (root / "main.tf.json").write_text(json.dumps(wrapper, indent=2))
    return root


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """``terraform <args>``, stoppable (``tools.terraform_run``)."""
    return terraform_run.run(args, cwd)


def validate(outdir: Path, only: list[str] | None = None) -> list[Diagnostic]:
    """Diagnostics of every stack under ``outdir/stacks`` (errors and unexpected warnings)."""
    stacks = stack_dirs(outdir, only)
    if not stacks:
        return [Diagnostic("error", "no stacks", f"nothing synthesized under {outdir}/stacks", str(outdir))]
    root = write_wrapper(outdir, stacks)
    shutil.rmtree(root / ".terraform" / "modules", ignore_errors=True)
    init = run(["init", "-backend=false", "-input=false", "-no-color"], root)
    if init.returncode != 0:
        return [Diagnostic("error", "terraform init failed", init.stderr.strip() or init.stdout.strip(), str(root))]
    result = run(["validate", "-json", "-no-color"], root)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        return [Diagnostic("error", "terraform validate failed", result.stderr.strip(), str(root))]
    found = []
    for item in report.get("diagnostics", []):
        rng = item.get("range") or {}
        where = f"{rng.get('filename', '?')}:{(rng.get('start') or {}).get('line', '?')}"
        found.append(Diagnostic(item["severity"], item["summary"], item.get("detail", ""), where))
    if not report.get("valid", False) and not any(d.severity == "error" for d in found):
        found.append(Diagnostic("error", "invalid configuration", result.stderr.strip(), str(root)))
    return found


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m tools.validate OUTDIR [STACK ...]", file=sys.stderr)
        return 1
    outdir, only = Path(argv[0]), argv[1:] or None
    from tools.prerequisites import problems as missing_tools

    for problem in missing_tools(("terraform",)):
        print(f"error: {problem}", file=sys.stderr)
        return 2
    with terraform_run.stoppable():
        try:
            diagnostics = validate(outdir, only)
        except terraform_run.Stopped as stopped:
            print(f"stopped: {stopped}", file=sys.stderr)
            return stopped.status
    for diagnostic in diagnostics:
        print(diagnostic, file=sys.stderr)
    stacks = stack_dirs(outdir, only)
    errors = [d for d in diagnostics if d.severity == "error"]
    print(f"terraform validate: {len(stacks)} stacks, {len(errors)} errors, {len(diagnostics) - len(errors)} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
