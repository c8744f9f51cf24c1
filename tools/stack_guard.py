"""Check synthesized stacks made by code the pipeline does not trust before any credential sees them.

    python -m tools.stack_guard --outdir cdktf.out --suffix pr12

A pull request's code is synthesized in a job without credentials; the job that plans or deploys
it (with a role) runs only the base branch's tools on the JSON it produced. Terraform itself must
then run nothing else: this refuses, with one line each and exit 2, a stack directory of another
suffix, a provider other than ``hashicorp/aws`` (``external``, ``http``, ``local`` ... run code
or reach hosts at plan time), a ``module`` block (fetched and run from anywhere), a provisioner
(a command at apply), and a backend other than the environment's state bucket and key prefix.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ALLOWED_PROVIDERS = {"aws": ("aws", "hashicorp/aws", "registry.terraform.io/hashicorp/aws")}


def problems(outdir: Path, suffix: str, bucket: str | None) -> list[str]:
    out: list[str] = []
    stacks = outdir / "stacks"
    found = sorted(p for p in stacks.iterdir() if p.is_dir()) if stacks.is_dir() else []
    if not found:
        return [f"no synthesized stack under {stacks}"]
    for stack in found:
        if not stack.name.endswith(f"-{suffix}"):
            out.append(f"{stack.name}: not a stack of {suffix}")
            continue
        try:
            config = json.loads((stack / "cdk.tf.json").read_text())
        except (OSError, ValueError) as error:
            out.append(f"{stack.name}: cdk.tf.json unreadable ({error})")
            continue
        terraform = config.get("terraform", {})
        for name, spec in terraform.get("required_providers", {}).items():
            source = spec.get("source", name) if isinstance(spec, dict) else name
            if source not in ALLOWED_PROVIDERS.get(name, ()):
                out.append(f"{stack.name}: provider {name} ({source}) is not allowed: only hashicorp/aws")
        if config.get("module"):
            out.append(f"{stack.name}: module blocks are not allowed ({', '.join(config['module'])})")
        for type_name, resources in config.get("resource", {}).items():
            for key, resource in resources.items():
                if isinstance(resource, dict) and "provisioner" in resource:
                    out.append(f"{stack.name}: {type_name}.{key} has a provisioner")
        for type_name in config.get("data", {}):
            if not type_name.startswith("aws_") and type_name != "terraform_remote_state":
                out.append(f"{stack.name}: data source {type_name} is not allowed")
        backends = terraform.get("backend", {})
        s3 = backends.get("s3")
        if set(backends) != {"s3"} or not isinstance(s3, dict):
            out.append(f"{stack.name}: the backend must be s3, not {sorted(backends) or 'none'}")
        elif (bucket and s3.get("bucket") != bucket) or not str(s3.get("key", "")).startswith(f"{suffix}/"):
            out.append(
                f"{stack.name}: the state must be s3://{bucket}/{suffix}/..., not s3://{s3.get('bucket')}/{s3.get('key')}"
            )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.stack_guard", description=__doc__.splitlines()[0])
    parser.add_argument("--outdir", type=Path, default=Path("cdktf.out"))
    parser.add_argument("--suffix", required=True)
    args = parser.parse_args(argv)
    from environments import ConfigError, from_environ

    try:
        [environment] = from_environ({"ENVIRONMENT": args.suffix})
    except ConfigError as error:
        print(f"error: {'; '.join(error.problems)}", file=sys.stderr)
        return 2
    found = problems(args.outdir, args.suffix, environment.state.bucket)
    for problem in found:
        print(f"error: {problem}", file=sys.stderr)
    return 2 if found else 0


if __name__ == "__main__":
    sys.exit(main())
