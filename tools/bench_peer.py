"""The peer benchmark: our Python synth against the same stacks written as a TypeScript CDKTF app.

    python -m tools.bench_peer               # make bench-peer: 5 interleaved rounds
    python -m tools.bench_peer --runs 9

Installs its own pinned Node dependencies (``cdktf@0.21.0``, ``@cdktf/provider-aws@20.1.0``,
``constructs@10.8.1``) into ``.bench-peer/`` (git-ignored, not the project's toolchain), synthesizes
our platform once, and generates from each ``cdk.tf.json`` a CDKTF app in JavaScript (what ``tsc``
makes of the TypeScript) that builds the same resources and data sources with their typed
constructors imported from submodules (``require("@cdktf/provider-aws/lib/vpc")``), at the same
construct paths (so the same logical ids), with the configuration converted to the typed props
through the provider's jsii assembly; meta-arguments and anything not in the typed props go
through ``addOverride``. It reports how much of the peer's output equals ours, then runs, in
interleaved rounds under the same load: the peer (``node``), our synth (``python main.py``) and our
synth with the eager node load (``PLATFORM_EAGER_NODE_PROVIDER=1``, what synth cost before the
lazy cache), for ``ENVIRONMENT=dev`` and ``all``; medians of wall time and peak summed RSS, and
the ratios the project aims for.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from modules.core import node_provider
from tools.bench import PYTHON, QUIET, ROOT, Sample, run_once

PEER = ROOT / ".bench-peer"
DEPENDENCIES = {"@cdktf/provider-aws": "20.1.0", "cdktf": "0.21.0", "constructs": "10.8.1"}
PROVIDER_NS = "@cdktf/provider-aws"


def install() -> None:
    manifest = {
        "name": "platform-bench-peer",
        "private": True,
        "description": "Written by tools/bench_peer.py: the TypeScript CDKTF peer's pinned dependencies.",
        "dependencies": DEPENDENCIES,
    }
    PEER.mkdir(exist_ok=True)
    text = json.dumps(manifest, indent=2) + "\n"
    stamp = PEER / "node_modules" / ".installed"
    if (PEER / "package.json").exists() and (PEER / "package.json").read_text() == text and stamp.exists():
        return
    (PEER / "package.json").write_text(text)
    print("bench-peer: npm install into .bench-peer/ ...", flush=True)
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "--no-package-lock"], cwd=PEER, check=True
    )
    stamp.write_text("")


def _camel(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _snake(camel: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", camel).lower()


class Assembly:
    """Type lookups in the provider's jsii assembly (read once, at generation time only)."""

    def __init__(self) -> None:
        entry = next(node_provider.CACHE_ROOT.glob("@cdktf/provider-aws/20.1.0/*/.jsii"), None)
        if entry is None:
            entry = PEER / "node_modules" / "@cdktf" / "provider-aws" / ".jsii"
        self.types = json.loads(entry.read_text())["types"]
        bases = {"cdktf.TerraformResource", "cdktf.TerraformDataSource"}
        self.classes = {
            t["namespace"]: fqn
            for fqn, t in self.types.items()
            if t.get("kind") == "class" and t.get("base") in bases and "namespace" in t
        }

    def resource(self, terraform_type: str, data: bool) -> tuple[str, str, str]:
        """(module dir, class name, config struct fqn) of a provider resource or data type."""
        base = terraform_type.removeprefix("aws_")
        directory = ("data-aws-" if data else "") + base.replace("_", "-")
        fqn = self.classes.get(_camel(directory.replace("-", "_")))
        if fqn is None:
            raise SystemExit(f"bench-peer: no provider class for {terraform_type}")
        config = self.types[fqn]["initializer"]["parameters"][2]["type"]["fqn"]
        return directory, fqn.rsplit(".", 1)[1], config

    def convert(self, value, type_ref: dict):
        """``value`` (Terraform JSON) as the typed props for ``type_ref``; (converted, overrides)."""
        if "union" in type_ref:
            for member in type_ref["union"]["types"]:
                if member.get("fqn") == "cdktf.IResolvable":
                    continue
                if isinstance(value, list) == ("collection" in member and member["collection"]["kind"] == "array"):
                    return self.convert(value, member)
            return value
        if "collection" in type_ref:
            element = type_ref["collection"]["elementtype"]
            if type_ref["collection"]["kind"] == "array" and isinstance(value, list):
                return [self.convert(item, element) for item in value]
            if isinstance(value, dict):
                return {key: self.convert(item, element) for key, item in value.items()}
            return value
        fqn = type_ref.get("fqn")
        if fqn and isinstance(value, dict) and self.types.get(fqn, {}).get("datatype"):
            props, _ = self.struct(value, fqn)
            return props
        if fqn and isinstance(value, list) and len(value) == 1 and self.types.get(fqn, {}).get("datatype"):
            props, _ = self.struct(value[0], fqn)
            return props
        return value

    def struct(self, value: dict, fqn: str) -> tuple[dict, dict]:
        properties = {_snake(p["name"]): p for p in self.types[fqn].get("properties", [])}
        props, rest = {}, {}
        for key, item in value.items():
            if key == "//":
                continue
            prop = properties.get(key)
            if prop is None:
                rest[key] = item
            else:
                props[prop["name"]] = self.convert(item, prop["type"])
        return props, rest


def generate(stack_json: Path, assembly: Assembly, imports: dict[str, str]) -> str:
    """The JavaScript that builds one stack."""
    synthesized = json.loads(stack_json.read_text())
    stack_id = synthesized["//"]["metadata"]["stackName"]
    lines = [
        f"{{\n  const stack = new TerraformStack(app, {json.dumps(stack_id)});",
        '  const scopes = new Map([["", stack]]);',
    ]

    for config in synthesized.get("provider", {}).get("aws", []):
        props, rest = assembly.struct(config, f"{PROVIDER_NS}.provider.AwsProviderConfig")
        imports["AwsProvider"] = "@cdktf/provider-aws/lib/provider"
        name = "aws" if "alias" not in config else f"aws-{config['alias']}"
        lines.append(f"  new AwsProvider(stack, {json.dumps(name)}, {json.dumps(props)});")
        assert not rest, rest
    backend = synthesized.get("terraform", {}).get("backend", {})
    for kind, config in backend.items():
        cls = {"s3": "S3Backend", "local": "LocalBackend"}[kind]
        props = {_camel(key): value for key, value in config.items()}
        lines.append(f"  new {cls}(stack, {json.dumps(props)});")

    blocks = []
    for section, data in (("resource", False), ("data", True)):
        for terraform_type, items in synthesized.get(section, {}).items():
            for logical_id, config in items.items():
                # Cross-stack references' remote state has no metadata: it sits at the stack root.
                path = config.get("//", {}).get("metadata", {}).get("path", f"{stack_id}/{logical_id}").split("/")[1:]
                blocks.append((len(path), path, terraform_type, data, logical_id, config))
    for _, path, terraform_type, data, logical_id, config in sorted(blocks, key=lambda b: b[:2]):
        scope = "/".join(path[:-1])
        if terraform_type == "terraform_remote_state":
            line = (
                f"new TerraformDataSource(scope(scopes, {json.dumps(scope)}), {json.dumps(path[-1])}, "
                f'{{terraformResourceType: "terraform_remote_state"}})'
            )
            props, rest = {}, {k: v for k, v in config.items() if k != "//"}
            line = f"(r => (r.overrideLogicalId({json.dumps(logical_id)}), r))({line})"
        else:
            directory, name, config_fqn = assembly.resource(terraform_type, data)
            imports[name] = f"@cdktf/provider-aws/lib/{directory}"
            props, rest = assembly.struct(config, config_fqn)
            line = f"new {name}(scope(scopes, {json.dumps(scope)}), {json.dumps(path[-1])}, {json.dumps(props)})"
        if rest:
            lines.append(f"  {{ const r = {line};")
            lines += [f"    r.addOverride({json.dumps(key)}, {json.dumps(value)});" for key, value in rest.items()]
            lines.append(f"    scopes.set({json.dumps('/'.join(path))}, r); }}")
        else:
            lines.append(f"  scopes.set({json.dumps('/'.join(path))}, {line});")

    for output_id, config in synthesized.get("output", {}).items():
        props = {_camel(key): value for key, value in config.items()}
        lines.append(
            f"  new TerraformOutput(stack, {json.dumps(output_id)}, {json.dumps(props)})"
            f".overrideLogicalId({json.dumps(output_id)});"
        )
    lines.append("}")
    return "\n".join(lines)


def write_app(synth_dir: Path, app_file: Path, assembly: Assembly) -> None:
    imports: dict[str, str] = {}
    stacks = [generate(path, assembly, imports) for path in sorted(synth_dir.glob("stacks/*/cdk.tf.json"))]
    header = [
        "// Generated by tools/bench_peer.py from the platform's synthesized JSON: the same stacks as a",
        "// TypeScript CDKTF app would build them (typed constructors imported from submodules).",
        '"use strict";',
        'const { App, TerraformStack, TerraformOutput, TerraformDataSource, S3Backend, LocalBackend } = require("cdktf");',
        'const { Construct } = require("constructs");',
    ]
    header += [f"const {{ {name} }} = require({json.dumps(module)});" for name, module in sorted(imports.items())]
    header += [
        "function scope(scopes, path) {",
        "  if (scopes.has(path)) return scopes.get(path);",
        '  const cut = path.lastIndexOf("/");',
        '  const parent = scope(scopes, cut < 0 ? "" : path.slice(0, cut));',
        "  const made = new Construct(parent, path.slice(cut + 1));",
        "  scopes.set(path, made);",
        "  return made;",
        "}",
        'const app = new App({ outdir: process.env.CDKTF_OUTDIR || "cdktf.out", skipValidation: false });',
    ]
    app_file.write_text("\n".join(header + stacks + ["app.synth();", ""]))


def compare(ours: Path, peer: Path) -> str:
    """How much of the peer's output equals ours: stacks byte-identical, blocks equal."""
    identical, blocks, equal = 0, 0, 0
    stacks = sorted(p.relative_to(ours) for p in ours.glob("stacks/*/cdk.tf.json"))
    for relative in stacks:
        mine, theirs = (
            (ours / relative).read_bytes(),
            (peer / relative).read_bytes() if (peer / relative).exists() else b"{}",
        )
        identical += mine == theirs
        a, b = json.loads(mine), json.loads(theirs)
        for section in ("resource", "data", "output", "provider"):
            for key, items in a.get(section, {}).items():
                for name, item in items.items() if isinstance(items, dict) else enumerate(items):
                    blocks += 1
                    other = b.get(section, {}).get(key, {})
                    other = other.get(name) if isinstance(other, dict) else (other[name] if name < len(other) else None)
                    equal += _without_metadata(item) == _without_metadata(other)
    return (
        f"{equal}/{blocks} resource, data, output and provider blocks equal (besides their '//' metadata); "
        f"{identical}/{len(stacks)} files byte-identical (the peer's '//' records its overrides and outputs)"
    )


def _without_metadata(block):
    return {k: v for k, v in block.items() if k != "//"} if isinstance(block, dict) else block


def median(samples: list[Sample], field: str) -> float:
    return statistics.median(getattr(s, field) for s in samples)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="interleaved rounds (median reported)")
    args = parser.parse_args(argv)

    install()
    node = shutil.which("node") or "node"
    base_env = {**os.environ, **QUIET, "ENVIRONMENT_SUFFIX": ""}
    print(f"bench-peer: {args.runs} interleaved rounds, {os.cpu_count()} CPUs; node provider {node_provider.check()}\n")
    assembly = None
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        candidates = []
        for environment in ("dev", "all"):
            ours = work / f"ours-{environment}"
            env = {**base_env, "ENVIRONMENT": environment, "CDKTF_OUTDIR": str(ours)}
            subprocess.run([PYTHON, "main.py"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
            assembly = assembly or Assembly()
            app_file = PEER / f"main-{environment}.js"
            write_app(ours, app_file, assembly)
            peer_out = work / f"peer-{environment}"
            subprocess.run(
                [node, str(app_file)],
                cwd=PEER,
                env={**base_env, "CDKTF_OUTDIR": str(peer_out)},
                check=True,
                stdout=subprocess.DEVNULL,
            )
            print(f"peer app {app_file.relative_to(ROOT)}: {compare(ours, peer_out)}")
            out = str(work / f"timed-{environment}")
            candidates += [
                (
                    f"TS peer (node {app_file.name})",
                    environment,
                    [node, str(app_file)],
                    {**base_env, "CDKTF_OUTDIR": out + "-peer"},
                    PEER,
                ),
                ("python main.py", environment, [PYTHON, "main.py"], {**env, "CDKTF_OUTDIR": out + "-py"}, ROOT),
                (
                    "python main.py, eager node load",
                    environment,
                    [PYTHON, "main.py"],
                    {**env, "CDKTF_OUTDIR": out + "-eager", node_provider.DISABLE: "1"},
                    ROOT,
                ),
            ]
        results: dict[tuple[str, str], list[Sample]] = {(c[0], c[1]): [] for c in candidates}
        for round_number in range(args.runs):
            for label, environment, command, env, cwd in candidates:
                results[(label, environment)].append(run_once(command, env, cwd=cwd))
            print(f"  round {round_number + 1}/{args.runs} done", flush=True)

    print(f"\n{'ENVIRONMENT':<12}{'candidate':<36}{'median wall':>12}{'peak RSS':>12}{'peak PSS':>12}")
    for (label, environment), samples in results.items():
        print(
            f"{environment:<12}{label:<36}{median(samples, 'seconds'):>10.2f} s"
            f"{median(samples, 'peak_mib'):>8.0f} MiB{median(samples, 'peak_pss_mib'):>8.0f} MiB"
        )
    print("\nratios (targets of issue 17):")
    ok = True
    for environment in ("dev", "all"):
        peer_runs = results[(f"TS peer (node main-{environment}.js)", environment)]
        ours_runs = results[("python main.py", environment)]
        eager_runs = results[("python main.py, eager node load", environment)]
        checks: list[tuple[str, float, float | None]] = [
            ("synth vs eager node load (today's)", median(ours_runs, "seconds") / median(eager_runs, "seconds"), 0.5)
        ]
        if environment == "dev":
            checks += [
                ("synth vs TS peer", median(ours_runs, "seconds") / median(peer_runs, "seconds"), 3.0),
                ("peak RSS vs TS peer", median(ours_runs, "peak_mib") / median(peer_runs, "peak_mib"), 1.5),
            ]
        else:
            checks += [
                ("synth vs TS peer (no target)", median(ours_runs, "seconds") / median(peer_runs, "seconds"), None)
            ]
        for label, value, limit in checks:
            verdict = "    " if limit is None else ("ok  " if value <= limit else "MISS")
            ok &= limit is None or value <= limit
            print(f"  {verdict} {environment:<4} {label:<38} {value:5.2f}" + (f" (<= {limit})" if limit else ""))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
