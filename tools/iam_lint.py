"""Lint every IAM policy document the stacks render with parliament (PyPI, pinned).

    python -m tools.iam_lint [cdktf.out]     # one line per finding not accepted in tools/iam_accepted.py

Every ``aws_iam_policy_document`` of every synthesized stack (task and execution roles, key
policies, bucket, queue and topic policies, the pipeline's roles and their trust) becomes the
IAM JSON it renders to, with each Terraform reference replaced by a realistic value of its kind
(``${aws_sqs_queue.x.arn}`` -> ``arn:aws:sqs:eu-west-1:123456789012:platform-queue-dev``; a
reference this table does not know fails, rather than being linted as a placeholder). Each
finding is accepted only by an entry of ``tools/iam_accepted.py`` naming its issue, the
documents it holds for and why; an entry that matches nothing fails too. Exit 1 when a finding
is not accepted.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

ACCOUNT, REGION = "123456789012", "eu-west-1"
ARNS = {
    "aws_cloudfront_distribution": f"arn:aws:cloudfront::{ACCOUNT}:distribution/E2EXAMPLE0ABCD",
    "aws_cloudwatch_log_group": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:platform-logs-dev",
    "aws_dynamodb_table": f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/platform-table-dev",
    "aws_ecr_repository": f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/platform-api-dev",
    "aws_ecs_cluster": f"arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/platform-cluster-dev",
    "aws_efs_access_point": f"arn:aws:elasticfilesystem:{REGION}:{ACCOUNT}:access-point/fsap-0123456789abcdef0",
    "aws_efs_file_system": f"arn:aws:elasticfilesystem:{REGION}:{ACCOUNT}:file-system/fs-0123456789abcdef0",
    "aws_elb_service_account": "arn:aws:iam::156460612806:root",
    "aws_iam_openid_connect_provider": f"arn:aws:iam::{ACCOUNT}:oidc-provider/token.actions.githubusercontent.com",
    "aws_iam_role": f"arn:aws:iam::{ACCOUNT}:role/platform-role-dev",
    "aws_kms_key": f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    "aws_rds_cluster": f"arn:aws:rds:{REGION}:{ACCOUNT}:cluster:platform-db-dev",
    "aws_s3_bucket": "arn:aws:s3:::platform-bucket-dev-123456789012",
    "aws_secretsmanager_secret": f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:platform-broker-admin-dev-AbCdEf",
    "aws_ses_configuration_set": f"arn:aws:ses:{REGION}:{ACCOUNT}:configuration-set/platform-email-dev",
    "aws_ses_domain_identity": f"arn:aws:ses:{REGION}:{ACCOUNT}:identity/dev.example.com",
    "aws_sns_topic": f"arn:aws:sns:{REGION}:{ACCOUNT}:platform-topic-dev",
    "aws_sqs_queue": f"arn:aws:sqs:{REGION}:{ACCOUNT}:platform-queue-dev",
}
"""A realistic ARN of each resource type whose ARN a policy references."""
VALUES = {
    "master_user_secret0secret_arn": f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:rds!cluster-0a1b2c3d-AbCdEf",
    "cluster_resource_id": "cluster-ABCDEFGHIJKLMNOPQRSTUVWXY0",
    "account_id": ACCOUNT,
    "partition": "aws",
    "dns_suffix": "amazonaws.com",
    "name": REGION,  # data.aws_region
}
"""Other attributes, by the attribute's (or cross-stack output's) ending."""
REFERENCE = re.compile(r"\$\{([^}]*)\}")


class UnknownReference(ValueError):
    pass


def substitute(reference: str) -> str:
    """A realistic value for one Terraform reference (without ``${}``)."""
    resource = re.fullmatch(r"(?:data\.)?(aws_[a-z0-9_]+?)\.[^.]+\.arn", reference)
    if resource and resource.group(1) in ARNS:
        return ARNS[resource.group(1)]
    output = re.fullmatch(
        r"data\.terraform_remote_state\.[^.]+\.outputs\.cross-stack-output-(aws_[a-z0-9_]+?)[-\w]*", reference
    )
    if output:
        ending = next((key for key in VALUES if reference.endswith(key)), None)
        if ending:
            return VALUES[ending]
        kind = next(
            (
                kind
                for kind in sorted(ARNS, key=len, reverse=True)
                if reference.split("cross-stack-output-")[1].startswith(kind)
            ),
            None,
        )
        if kind and reference.endswith("arn"):
            return ARNS[kind]
    attribute = reference.rsplit(".", 1)[-1]
    if reference.startswith("data.aws_") and attribute in VALUES:
        return VALUES[attribute]
    raise UnknownReference(f"no realistic value for ${{{reference}}}: add its kind to tools/iam_lint.py")


def _one(values: list) -> list | str:
    """A one-element list as its element: as the provider renders it (and parliament reads it)."""
    return values[0] if len(values) == 1 else values


def rendered(statements: list[dict]) -> dict:
    """The IAM JSON of a Terraform ``aws_iam_policy_document``'s statements."""
    out = []
    for statement in statements:
        item: dict = {"Effect": statement.get("effect", "Allow")}
        if statement.get("sid"):
            item["Sid"] = statement["sid"]
        for key, name in (
            ("actions", "Action"),
            ("not_actions", "NotAction"),
            ("resources", "Resource"),
            ("not_resources", "NotResource"),
        ):
            if statement.get(key):
                item[name] = _one(statement[key])
        principals = statement.get("principals") or []
        if principals:
            item["Principal"] = (
                "*"
                if [(p["type"], p["identifiers"]) for p in principals] == [("*", ["*"])]
                else {p["type"]: _one(p["identifiers"]) for p in principals}
            )
        conditions: dict = {}
        for condition in statement.get("condition") or []:
            conditions.setdefault(condition["test"], {})[condition["variable"]] = _one(condition["values"])
        if conditions:
            item["Condition"] = conditions
        out.append(item)
    document = json.dumps({"Version": "2012-10-17", "Statement": out})
    return json.loads(REFERENCE.sub(lambda m: substitute(m.group(1)), document))


@dataclass(frozen=True)
class Finding:
    issue: str
    document: str
    """``<component>/<document id>``: the stack's component and the policy document's logical id."""
    detail: str

    def __str__(self) -> str:
        return f"{self.issue} {self.document}: {self.detail}"


def documents(outdir: Path) -> Iterator[tuple[str, dict]]:
    for config_path in sorted((outdir / "stacks").glob("*/cdk.tf.json")):
        component = config_path.parent.name.rsplit("-", 1)[0]
        config = json.loads(config_path.read_text())
        for document_id, document in config.get("data", {}).get("aws_iam_policy_document", {}).items():
            yield f"{component}/{document_id}", rendered(document.get("statement", []))


CACHE = Path(__file__).resolve().parent.parent / ".cache" / "iam-lint"
"""``<parliament version>.json``: ``{SHA-256 of a rendered document: its findings}``. parliament's
verdict is a function of the document alone, and expanding ``ec2:*`` and the like takes seconds,
so a document seen before is not analyzed again (git-ignored, like the synth cache)."""


def analyze(policy: dict, cache: dict[str, list[list[str]]]) -> list[list[str]]:
    """``[[issue, detail]]`` of one rendered document, from ``cache`` when it was seen before."""
    text = json.dumps(policy, sort_keys=True)
    key = hashlib.sha256(text.encode()).hexdigest()
    if key not in cache:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # parliament imports pkg_resources
            from parliament import analyze_policy_string
        analyzed = analyze_policy_string(text, include_community_auditors=True)
        cache[key] = sorted(
            [f.issue, json.dumps([f.detail, f.location], sort_keys=True, default=str)[:300]] for f in analyzed.findings
        )
    return cache[key]


def lint(outdir: Path, cache_dir: Path | None = CACHE) -> list[Finding]:
    from importlib.metadata import version

    path = cache_dir / f"parliament-{version('parliament')}.json" if cache_dir else None
    cache: dict[str, list[list[str]]] = {}
    if path and path.is_file():
        try:
            cache = json.loads(path.read_text())
        except ValueError:
            cache = {}
    known = len(cache)
    found = {
        Finding(issue, name, detail) for name, policy in documents(outdir) for issue, detail in analyze(policy, cache)
    }
    if path and len(cache) != known:
        path.parent.mkdir(parents=True, exist_ok=True)
        scratch = path.with_suffix(f".{os.getpid()}.tmp")
        scratch.write_text(json.dumps(cache, sort_keys=True))
        scratch.replace(path)  # atomic: a concurrent reader sees the old cache or the new one
    return sorted(found, key=str)


def accepted(finding: Finding) -> bool:
    from tools.iam_accepted import ACCEPTED

    entry = ACCEPTED.get(finding.issue)
    return entry is not None and any(fnmatchcase(finding.document, pattern) for pattern in entry.documents)


def unused(findings: list[Finding]) -> list[str]:
    """Accepted entries (issue, pattern) that no finding needs any more."""
    from tools.iam_accepted import ACCEPTED

    return [
        f"{issue} {pattern}"
        for issue, entry in ACCEPTED.items()
        for pattern in entry.documents
        if not any(f.issue == issue and fnmatchcase(f.document, pattern) for f in findings)
    ]


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    outdir = Path(args[0] if args else "cdktf.out")
    findings = lint(outdir)
    refused = [f for f in findings if not accepted(f)]
    for finding in refused:
        print(f"error: {finding}")
    print(f"parliament: {len(findings)} findings, {len(findings) - len(refused)} accepted in tools/iam_accepted.py")
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main())
