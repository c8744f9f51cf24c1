"""Pull-request previews (ephemeral copies ``pr<number>``) that always clean up.

    python -m tools.previews target --pr 12         # GITHUB_OUTPUT lines: environment, suffix, github-environment
    python -m tools.previews wanted --pr 12         # exit 0 if the PR is open and labelled, 3 if not (one line)
    python -m tools.previews room --pr 12           # exit 0 if one more preview fits pipeline.max_copies, 2 if not
    python -m tools.previews record --pr 12         # the synthesized stacks -> s3://<state bucket>/pr12/recorded-stacks.tar.gz
    python -m tools.previews fetch --pr 12          # ... back into cdktf.out/stacks (to destroy them); exit 4 if none
    python -m tools.previews forget --pr 12         # after a destroy: delete the preview's keys (states, recording)
    python -m tools.previews closed                 # JSON list of preview PR numbers whose PR is closed or unlabelled

Why: a preview is destroyed from the base branch's code with the configuration recorded when it
was deployed (the stacks as synthesized from the pull request), not the head's Python: a head
that no longer synthesizes can still be destroyed, and nothing the pull request changes runs
with the preview role at destroy time. The recording lives beside the preview's state keys in
the base environment's state bucket, so ``closed`` finds every preview ever deployed (its state
keys) and the scheduled sweep destroys those whose pull request is gone.

AWS access: the preview role of the base environment (``ci-<env>``); GitHub access:
``GITHUB_TOKEN`` (``pull-requests: read``). Exit 1 on any error, with one line.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import sys
import tarfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tools.github_api import Api, GitHub

LABEL = "deploy-preview"
PREFIX = "pr"
"""The copy prefix of pull-request previews (the base environment is the one that owns it)."""
RECORDING = "recorded-stacks.tar.gz"
WANTED, NOT_WANTED, NO_ROOM, NOT_RECORDED = 0, 3, 2, 4


class PreviewError(RuntimeError):
    """One line: what went wrong."""


class NotRecorded(PreviewError):
    """The preview was never deployed (or was forgotten after its destroy): nothing to destroy."""


def environment_of(suffix: str):
    from environments import ConfigError, from_environ

    try:
        [environment] = from_environ({"ENVIRONMENT": suffix})
    except ConfigError as error:
        raise PreviewError("; ".join(error.problems)) from None
    return environment


def target(pr: int) -> dict[str, str]:
    """What a preview job of pull request ``pr`` deploys, and in which GitHub environment."""
    from environments.schema import github_environment

    environment = environment_of(f"{PREFIX}{pr}")
    return {
        "environment": environment.name,
        "suffix": environment.suffix,
        "github-environment": github_environment("preview", environment.name),
    }


def wanted(api: Api, pr: int) -> tuple[bool, str]:
    """Whether pull request ``pr`` is open and labelled now (not when its event was queued)."""
    pull = api.get(f"repos/{api.repository}/pulls/{pr}")
    if pull is None:
        return False, f"pull request #{pr} does not exist"
    if pull["state"] != "open":
        return False, f"pull request #{pr} is {pull['state']}: no preview"
    if LABEL not in {label["name"] for label in pull["labels"]}:
        return False, f"pull request #{pr} has no {LABEL} label any more: no preview"
    return True, f"pull request #{pr} is open and labelled {LABEL}"


def deployed(s3: Any, bucket: str) -> list[int]:
    """The pull requests with a preview in ``bucket``: any key under ``pr<number>/``."""
    found: set[int] = set()
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=PREFIX, Delimiter="/"):
        for common in page.get("CommonPrefixes", []):
            match = re.fullmatch(rf"{PREFIX}(\d+)/", common["Prefix"])
            if match:
                found.add(int(match.group(1)))
    return sorted(found)


def closed(api: Api, s3: Any, bucket: str) -> list[int]:
    """Deployed previews whose pull request is closed, gone or unlabelled: to destroy."""
    return [pr for pr in deployed(s3, bucket) if not wanted(api, pr)[0]]


def room(s3: Any, bucket: str, pr: int, limit: int) -> tuple[bool, str]:
    others = [other for other in deployed(s3, bucket) if other != pr]
    if pr not in deployed(s3, bucket) and len(others) >= limit:
        listed = ", ".join(f"#{other}" for other in others)
        return False, (
            f"{len(others)} previews exist ({listed}), the most pipeline.max_copies ({limit}) allows: remove the "
            f"{LABEL} label from one (or raise the cap: each costs a VPC, a NAT gateway and an Elastic IP)"
        )
    return True, f"{len(others)} other previews, room for {limit}"


def record(s3: Any, bucket: str, suffix: str, outdir: Path) -> str:
    """Upload the synthesized stacks of ``suffix`` (without ``.terraform/``)."""
    stacks = sorted(p for p in (outdir / "stacks").glob(f"*-{suffix}") if (p / "cdk.tf.json").is_file())
    if not stacks:
        raise PreviewError(f"no stack ending in -{suffix} under {outdir}/stacks: synthesize first")
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for stack in stacks:
            for path in sorted(stack.rglob("*")):
                if path.is_file() and ".terraform" not in path.relative_to(stack).parts:
                    archive.add(path, arcname=str(path.relative_to(outdir / "stacks")))
    key = f"{suffix}/{RECORDING}"
    s3.put_object(Bucket=bucket, Key=key, Body=buffer.getvalue(), ServerSideEncryption="AES256")
    return key


def fetch(s3: Any, bucket: str, suffix: str, outdir: Path) -> list[str]:
    """Unpack the recorded stacks of ``suffix`` into ``<outdir>/stacks``; their names."""
    try:
        body = s3.get_object(Bucket=bucket, Key=f"{suffix}/{RECORDING}")["Body"].read()
    except s3.exceptions.NoSuchKey:
        raise NotRecorded(f"no recorded configuration of {suffix} in s3://{bucket}: nothing to destroy") from None
    target_dir = outdir / "stacks"
    target_dir.mkdir(parents=True, exist_ok=True)
    names = set()
    with tarfile.open(fileobj=io.BytesIO(body), mode="r:gz") as archive:
        for member in archive.getmembers():
            parts = Path(member.name).parts
            if (
                not member.isfile()
                or member.name.startswith("/")
                or ".." in parts
                or not parts[0].endswith(f"-{suffix}")
            ):
                raise PreviewError(f"the recording of {suffix} holds {member.name!r}: refusing to unpack it")
            names.add(parts[0])
        archive.extractall(target_dir, filter="data")
    return sorted(names)


def forget(s3: Any, bucket: str, suffix: str) -> int:
    """Delete every key of a destroyed preview (its empty states, its recording), so the sweep
    and the cap no longer count it. Returns how many."""
    keys = [
        {"Key": item["Key"]}
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=f"{suffix}/")
        for item in page.get("Contents", [])
    ]
    for start in range(0, len(keys), 1000):
        s3.delete_objects(Bucket=bucket, Delete={"Objects": keys[start : start + 1000], "Quiet": True})
    return len(keys)


def main(argv: list[str] | None = None, environ: Mapping[str, str] = os.environ) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.previews", description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("target", "wanted", "room", "record", "fetch", "forget", "closed"))
    parser.add_argument("--pr", type=int, help="the pull request's number")
    parser.add_argument("--outdir", type=Path, default=Path("cdktf.out"))
    parser.add_argument("--environment", help="closed: the base environment whose previews to list")
    args = parser.parse_args(argv)
    if args.action != "closed" and args.pr is None:
        parser.error(f"{args.action} needs --pr")
    try:
        if args.action == "target":
            print("\n".join(f"{k}={v}" for k, v in target(args.pr).items()))
            return 0
        api = GitHub.from_environ(environ)
        if args.action == "wanted":
            if api is None:
                raise PreviewError("GITHUB_TOKEN and GITHUB_REPOSITORY are needed to read the pull request")
            ok, why = wanted(api, args.pr)
            print(why)
            return WANTED if ok else NOT_WANTED
        import boto3

        environment = environment_of(f"{PREFIX}{args.pr}" if args.pr is not None else args.environment or "")
        s3 = boto3.client("s3", region_name=environment.region)
        bucket = environment.state.bucket or ""
        if args.action == "room":
            limit = environment.pipeline.max_copies if environment.pipeline else 0
            ok, why = room(s3, bucket, args.pr, limit)
            print(why if ok else f"error: {why}", file=sys.stdout if ok else sys.stderr)
            return 0 if ok else NO_ROOM
        if args.action == "record":
            print(f"recorded s3://{bucket}/{record(s3, bucket, environment.suffix, args.outdir)}")
        elif args.action == "fetch":
            print(f"fetched {', '.join(fetch(s3, bucket, environment.suffix, args.outdir))}")
        elif args.action == "forget":
            print(f"forgot {environment.suffix}: {forget(s3, bucket, environment.suffix)} keys deleted")
        else:
            if api is None:
                raise PreviewError("GITHUB_TOKEN and GITHUB_REPOSITORY are needed to read the pull requests")
            print(json.dumps(closed(api, s3, bucket)))
    except NotRecorded as error:
        print(str(error))
        return NOT_RECORDED
    except PreviewError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
