"""Keep saved plans out of GitHub: their sensitive files live in the environment's state bucket.

    python -m tools.plan_store push --plans DIR   # move the plan files to the state bucket
    python -m tools.plan_store pull --plans DIR   # fetch them back for the manifest in DIR

A saved plan (``<stack>.tfplan``) and its JSON (``<stack>.json``) hold every value Terraform
knows, secrets included, in clear text. ``push`` uploads them to
``s3://<state bucket>/plans/<suffix>/<manifest SHA-256>/`` with the encryption the state itself
has (SSE-S3, as the S3 backend writes it; the bucket blocks public access and denies non-TLS
requests; ``plans/`` expires after ``pipeline.plan_retention_days``), then deletes them from
DIR, so the workflow artifact keeps only what anyone with read access may see: the manifest,
the report and the status. ``pull`` fetches exactly the files of the manifest in DIR (the one
whose SHA-256 was approved); ``tools.apply_plans`` then checks each against the SHA-256 the
manifest records. The plan role may write ``plans/<suffix>/``, the deploy role read it.

The bucket and suffix come from the environment chosen by ``ENVIRONMENT`` and
``ENVIRONMENT_SUFFIX`` (``set-env.sh``). Exit 0 done, 1 failed.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
PREFIX = "plans"
ENCRYPTION = "AES256"
"""As the state: the S3 backend writes with ``encrypt = true`` (SSE-S3)."""


def sensitive_files(plans: Path) -> list[Path]:
    """The files of a plans directory that hold plan values: every saved plan and its JSON."""
    return sorted(p for p in plans.iterdir() if p.suffix == ".tfplan" or (p.suffix == ".json" and p.name != MANIFEST))


def location(plans: Path, suffix: str) -> str:
    digest = hashlib.sha256((plans / MANIFEST).read_bytes()).hexdigest()
    return f"{PREFIX}/{suffix}/{digest}"


def push(client: Any, bucket: str, suffix: str, plans: Path) -> list[str]:
    """Upload the plan files of ``plans`` and delete them locally; returns the keys written."""
    where = location(plans, suffix)
    keys = []
    for path in sensitive_files(plans):
        key = f"{where}/{path.name}"
        client.upload_file(str(path), bucket, key, ExtraArgs={"ServerSideEncryption": ENCRYPTION})
        keys.append(key)
    for path in sensitive_files(plans):
        path.unlink()
    return keys


def pull(client: Any, bucket: str, suffix: str, plans: Path) -> list[str]:
    """Download the plan files stored for the manifest in ``plans``."""
    where = location(plans, suffix)
    listed = client.list_objects_v2(Bucket=bucket, Prefix=f"{where}/")
    keys = [item["Key"] for item in listed.get("Contents", [])]
    if not keys:
        raise LookupError(
            f"no saved plans at s3://{bucket}/{where}/: they expired or were never stored; run the deploy again"
        )
    for key in keys:
        client.download_file(bucket, key, str(plans / key.rsplit("/", 1)[1]))
    return keys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.plan_store", description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("push", "pull"))
    parser.add_argument("--plans", type=Path, required=True, help="the directory with manifest.json")
    args = parser.parse_args(argv)
    from environments import selected_or_report

    selected = selected_or_report(os.environ)
    if not selected:
        return 1
    [environment] = selected
    if not (args.plans / MANIFEST).is_file():
        print(f"error: no {MANIFEST} in {args.plans}: nothing was planned", file=sys.stderr)
        return 1
    import boto3

    client = boto3.client("s3", region_name=environment.region)
    bucket = environment.state.bucket or ""  # validation requires it for every real environment
    try:
        done = (push if args.action == "push" else pull)(client, bucket, environment.suffix, args.plans)
    except Exception as error:  # noqa: BLE001 - one line for any AWS or file error
        print(f"error: plan store {args.action} s3://{bucket}: {error}", file=sys.stderr)
        return 1
    print(f"{args.action}: {len(done)} plan files, s3://{bucket}/{location(args.plans, environment.suffix)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
