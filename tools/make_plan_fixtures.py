"""Make the plan fixtures of ``tests/tools/test_plan_report.py`` with real Terraform runs.

    source ./set-env.sh local >/dev/null && .venv/bin/python -m tools.make_plan_fixtures [SCENARIO ...]

Starts moto (``tools.emulator``) on a free loopback port. For each scenario below it writes a
tiny Terraform JSON configuration into a temporary directory, applies the scenario's base
version (if any), optionally changes something behind Terraform's back (drift), saves a plan of
the target version and writes ``terraform show -json`` of that plan, re-indented but otherwise
as Terraform made it, to ``tests/tools/fixtures/plans/<scenario>.json``.

Terraform comes from PATH with the project's CLI configuration (the provider mirror). The
endpoint and the test credentials reach the provider through the environment
(``AWS_ENDPOINT_URL``, ``AWS_CA_BUNDLE``, ...), not the configuration, so the emulator's random
port never lands in a fixture. What still differs between runs: timestamps, ARNs and ids moto
generates (KMS key ids, RDS resource ids). Name scenarios to make only those.

One fixture is derived rather than planned as is: ``deferred``. Released Terraform (1.11 here)
never defers a change (deferred actions are an experiment of alpha builds), so it is the real
``create`` plan with one resource moved into ``deferred_changes`` in the format Terraform
writes (``{"resource_change": ..., "reason": ...}``) and ``complete`` set to false.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tools.emulator import Emulator

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "tools" / "fixtures" / "plans"
REGION = "eu-west-1"

Resources = dict[str, dict[str, dict]]
"""``{resource type: {name: arguments}}``, as in Terraform JSON's ``resource`` block."""

PROVIDER = {
    "aws": {
        "region": REGION,
        "skip_credentials_validation": True,
        "skip_metadata_api_check": "true",
        "skip_region_validation": True,
        "skip_requesting_account_id": False,
        "s3_use_path_style": True,
    }
}

# Secrets the report must never print: the tests look for them in the fixtures and the report.
SSM_SECRET_BEFORE = "fixture-ssm-secret-before-1f4e"
SSM_SECRET_AFTER = "fixture-ssm-secret-after-9c2b"
DB_PASSWORD = "fixture-db-password-7a3d"
SECRET_STRING = "fixture-secret-string-5e8f"
OUTPUT_PLAIN_BEFORE = "fixture-output-plain-before-3b1c"
"""An output that becomes sensitive: only its after_sensitive marks it."""
OUTPUT_SECRET_BEFORE = "fixture-output-secret-before-8d0e"
"""An output that stops being sensitive: only its before_sensitive marks it."""
OUTPUT_PLAIN_AFTER = "fixture-output-plain-after-6a2f"
OUTPUT_SECRET_AFTER = "fixture-output-secret-after-4c9d"


def kms_key(description: str) -> dict:
    return {"description": description, "deletion_window_in_days": 7, "enable_key_rotation": True}


def queue(name: str, **arguments: object) -> dict:
    return {"name": name, "visibility_timeout_seconds": 30, **arguments}


def table(name: str) -> dict:
    return {
        "name": name,
        "billing_mode": "PAY_PER_REQUEST",
        "hash_key": "pk",
        "attribute": [{"name": "pk", "type": "S"}],
        "point_in_time_recovery": {"enabled": True},
        "server_side_encryption": {"enabled": True},
    }


def aurora(name: str, key: str) -> dict:
    return {
        "cluster_identifier": name,
        "engine": "aurora-postgresql",
        "engine_version": "16.4",
        "database_name": "app",
        "master_username": "app_admin",
        "master_password": "${var.db_password}",
        "storage_encrypted": True,
        "kms_key_id": f"${{aws_kms_key.{key}.arn}}",
        "skip_final_snapshot": True,
    }


def read_policy(name: str, *actions: str) -> dict:
    """An IAM policy: its document is a long JSON string (the report cuts long values)."""
    document = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ReadOrders",
                "Effect": "Allow",
                "Action": ["dynamodb:GetItem", "dynamodb:Query", *actions],
                "Resource": f"arn:aws:dynamodb:{REGION}:123456789012:table/fixture-orders",
            }
        ],
    }
    return {"name": name, "description": "Read the orders table", "policy": json.dumps(document)}


def protected_cluster(name: str, protected: bool) -> dict:
    """An Aurora cluster with its protections on, or all of them turned off."""
    return {
        "cluster_identifier": name,
        "engine": "aurora-postgresql",
        "engine_version": "16.4",
        "master_username": "app_admin",
        "master_password": "${var.db_password}",
        "deletion_protection": protected,
        "backup_retention_period": 7 if protected else 1,
        "skip_final_snapshot": not protected,
        "final_snapshot_identifier": f"{name}-final",
        "apply_immediately": True,
    }


def protected_table(name: str, protected: bool) -> dict:
    return {**table(name), "deletion_protection_enabled": protected, "point_in_time_recovery": {"enabled": protected}}


def protection(protected: bool) -> Resources:
    resources: Resources = {
        "aws_rds_cluster": {"main": protected_cluster("fixture-protect-db", protected)},
        "aws_dynamodb_table": {"orders": protected_table("fixture-protect-orders", protected)},
        "aws_s3_bucket": {"assets": {"bucket": "fixture-protect-assets"}},
        "aws_s3_bucket_versioning": {
            "assets": {
                "bucket": "${aws_s3_bucket.assets.id}",
                "versioning_configuration": {"status": "Enabled" if protected else "Suspended"},
            }
        },
        "aws_cloudwatch_log_group": {
            "audit": {"name": "/fixture/protect/audit", "retention_in_days": 365 if protected else 7}
        },
    }
    if protected:  # removed in the target: a delete of a resource that holds no data
        resources["aws_iam_policy"] = {"read": read_policy("fixture-protect-read")}
    return resources


def create_orphan_policy(environ: dict[str, str]) -> None:
    """An IAM policy made outside Terraform, for the import scenario to adopt."""
    import boto3

    iam = boto3.client(
        "iam",
        region_name=REGION,
        endpoint_url=environ["AWS_ENDPOINT_URL"],
        verify=environ.get("AWS_CA_BUNDLE", True),
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    policy = read_policy("fixture-import-adopted")
    iam.create_policy(PolicyName=policy["name"], Description=policy["description"], PolicyDocument=policy["policy"])


def defer_one(plan: dict) -> dict:
    """The ``create`` plan with its queue deferred, as an experimental Terraform writes it."""
    [queue] = [change for change in plan["resource_changes"] if change["address"] == "aws_sqs_queue.jobs"]
    plan["resource_changes"].remove(queue)
    plan["deferred_changes"] = [{"resource_change": queue, "reason": "resource_config_unknown"}]
    plan["complete"] = False
    return plan


def add_drift(environ: dict[str, str]) -> None:
    """Change the update scenario's queue behind Terraform's back: refresh reports it as drift."""
    import boto3

    sqs = boto3.client(
        "sqs",
        region_name=REGION,
        endpoint_url=environ["AWS_ENDPOINT_URL"],
        verify=environ.get("AWS_CA_BUNDLE", True),
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    url = sqs.get_queue_url(QueueName="fixture-update-jobs")["QueueUrl"]
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"DelaySeconds": "5"})


@dataclass(frozen=True)
class Scenario:
    name: str
    """The fixture's file name, and so the stack name the report shows."""
    target: Resources
    base: Resources | None = None
    """Applied first; None: the plan starts from an empty state."""
    between: Callable[[dict[str, str]], None] | None = None
    """Runs after the base apply, with the emulator's variables (to make drift)."""
    variables: dict[str, dict] | None = None
    outputs: dict[str, dict] | None = None
    """The target's outputs."""
    base_outputs: dict[str, dict] | None = None
    base_variables: dict[str, dict] | None = None
    """The base's variables, when they differ from the target's."""
    blocks: dict[str, list] | None = None
    """More top-level blocks of the target (``import``, ``removed``)."""
    derive: Callable[[dict], dict] | None = None
    """Turns the real plan into the fixture (see ``defer_one``)."""


SCENARIO_CREATE_TARGET: Resources = {
    "aws_kms_key": {"data": kms_key("fixture-create data key")},
    "aws_s3_bucket": {"assets": {"bucket": "fixture-create-assets"}},
    "aws_dynamodb_table": {"orders": table("fixture-create-orders")},
    "aws_sqs_queue": {"jobs": queue("fixture-create-jobs", kms_master_key_id="${aws_kms_key.data.arn}")},
    "aws_secretsmanager_secret": {"api": {"name": "fixture-create-api", "recovery_window_in_days": 0}},
    "aws_secretsmanager_secret_version": {
        "api": {"secret_id": "${aws_secretsmanager_secret.api.id}", "secret_string": SECRET_STRING},
    },
}

SCENARIOS = (
    Scenario(
        name="create",
        target=SCENARIO_CREATE_TARGET,
        outputs={
            "queue_url": {"value": "${aws_sqs_queue.jobs.url}"},
            "api_secret": {"value": "${aws_secretsmanager_secret_version.api.secret_string}", "sensitive": True},
        },
    ),
    Scenario(
        name="update",
        base={
            "aws_sqs_queue": {"jobs": queue("fixture-update-jobs", tags={"Team": "api"})},
            "aws_ssm_parameter": {
                "token": {"name": "/fixture/update/token", "type": "SecureString", "value": SSM_SECRET_BEFORE}
            },
            "aws_iam_policy": {"read": read_policy("fixture-update-read", "dynamodb:BatchGetItem")},
        },
        between=add_drift,
        target={
            "aws_sqs_queue": {
                "jobs": queue("fixture-update-jobs", tags={"Team": "platform"}, visibility_timeout_seconds=60)
            },
            "aws_ssm_parameter": {
                "token": {"name": "/fixture/update/token", "type": "SecureString", "value": SSM_SECRET_AFTER}
            },
            # A new name forces a replacement of a resource that holds no data: no warning.
            "aws_iam_policy": {"read": read_policy("fixture-update-read-v2", "dynamodb:BatchGetItem", "dynamodb:Scan")},
        },
    ),
    Scenario(
        name="replace-aurora",
        base={
            "aws_kms_key": {"old": kms_key("fixture-replace old key"), "new": kms_key("fixture-replace new key")},
            "aws_rds_cluster": {"main": aurora("fixture-replace-db", key="old")},
        },
        # Moving an encrypted cluster to another KMS key forces a new cluster.
        target={
            "aws_kms_key": {"old": kms_key("fixture-replace old key"), "new": kms_key("fixture-replace new key")},
            "aws_rds_cluster": {"main": aurora("fixture-replace-db", key="new")},
        },
        variables={"db_password": {"type": "string", "sensitive": True, "default": DB_PASSWORD}},
    ),
    Scenario(
        name="destroy-table",
        base={
            "aws_dynamodb_table": {"orders": table("fixture-destroy-orders")},
            "aws_sqs_queue": {"events": queue("fixture-destroy-events")},
        },
        target={"aws_sqs_queue": {"events": queue("fixture-destroy-events")}},
    ),
    Scenario(
        name="protection",
        base=protection(True),
        target=protection(False),
        variables={"db_password": {"type": "string", "sensitive": True, "default": DB_PASSWORD}},
    ),
    Scenario(
        name="import-forget",
        base={"aws_sqs_queue": {"old": queue("fixture-forget-old"), "kept": queue("fixture-forget-kept")}},
        between=create_orphan_policy,
        target={
            "aws_sqs_queue": {"kept": queue("fixture-forget-kept")},
            "aws_iam_policy": {"adopted": read_policy("fixture-import-adopted")},
        },
        blocks={
            "import": [
                {"to": "aws_iam_policy.adopted", "id": "arn:aws:iam::123456789012:policy/fixture-import-adopted"}
            ],
            "removed": [{"from": "aws_sqs_queue.old", "lifecycle": [{"destroy": False}]}],
        },
    ),
    Scenario(
        # Values whose sensitivity changes: Terraform marks a changed output on both sides, but a
        # resource attribute only on the side whose value came from a sensitive variable.
        name="sensitive-sides",
        base={
            "aws_sqs_queue": {
                "tagged": queue("fixture-sensitive-tagged", tags={"Token": "${var.token}", "Secret": "${var.secret}"})
            }
        },
        base_variables={
            "token": {"type": "string", "default": OUTPUT_PLAIN_BEFORE},
            "secret": {"type": "string", "sensitive": True, "default": OUTPUT_SECRET_BEFORE},
        },
        target={
            "aws_sqs_queue": {
                "tagged": queue("fixture-sensitive-tagged", tags={"Token": "${var.token}", "Secret": "${var.secret}"})
            }
        },
        variables={
            "token": {"type": "string", "sensitive": True, "default": OUTPUT_PLAIN_AFTER},
            "secret": {"type": "string", "default": OUTPUT_SECRET_AFTER},
        },
        base_outputs={
            "token": {"value": "${var.token}"},
            "secret": {"value": "${var.secret}", "sensitive": True},
        },
        outputs={
            "token": {"value": "${var.token}", "sensitive": True},
            "secret": {"value": "${var.secret}"},
        },
    ),
    Scenario(
        name="deferred",
        target=SCENARIO_CREATE_TARGET,
        derive=defer_one,
    ),
    Scenario(
        name="noop",
        base={
            "aws_dynamodb_table": {"orders": table("fixture-noop-orders")},
            "aws_sqs_queue": {"events": queue("fixture-noop-events")},
        },
        target={
            "aws_dynamodb_table": {"orders": table("fixture-noop-orders")},
            "aws_sqs_queue": {"events": queue("fixture-noop-events")},
        },
    ),
)


def configuration(scenario: Scenario, resources: Resources, *, base: bool = False) -> dict:
    config: dict = {"provider": PROVIDER}
    if resources:
        config["resource"] = resources
    variables = scenario.base_variables if base and scenario.base_variables else scenario.variables
    if variables:
        config["variable"] = variables
    outputs = scenario.base_outputs if base else scenario.outputs
    if outputs:
        config["output"] = outputs
    if scenario.blocks and not base:
        config.update(scenario.blocks)
    return config


def terraform(workdir: Path, env: dict[str, str], *args: str) -> str:
    result = subprocess.run(["terraform", *args], cwd=workdir, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"error: terraform {args[0]} failed in {workdir.name}:\n{result.stderr}{result.stdout}")
    return result.stdout


def make_plan(scenario: Scenario, workdir: Path, env: dict[str, str]) -> dict:
    config_file = workdir / "main.tf.json"
    if scenario.base is not None:
        config_file.write_text(json.dumps(configuration(scenario, scenario.base, base=True), indent=2))
        terraform(workdir, env, "init", "-input=false", "-no-color")
        terraform(workdir, env, "apply", "-input=false", "-auto-approve", "-no-color")
        if scenario.between is not None:
            scenario.between(env)
    config_file.write_text(json.dumps(configuration(scenario, scenario.target), indent=2))
    terraform(workdir, env, "init", "-input=false", "-no-color")
    terraform(workdir, env, "plan", "-input=false", "-no-color", "-out=plan.tfplan")
    plan = json.loads(terraform(workdir, env, "show", "-json", "plan.tfplan"))
    return scenario.derive(plan) if scenario.derive else plan


def main(argv: list[str] | None = None) -> int:
    wanted = set(sys.argv[1:] if argv is None else argv)
    unknown = wanted - {scenario.name for scenario in SCENARIOS}
    if unknown:
        raise SystemExit(
            f"error: unknown scenario {', '.join(sorted(unknown))}: choose from {', '.join(s.name for s in SCENARIOS)}"
        )
    env = {**os.environ, "TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1"}
    if not Path(env.get("TF_CLI_CONFIG_FILE", "")).is_file():
        from tools.tfcli import write

        env["TF_CLI_CONFIG_FILE"] = str(write())
    FIXTURES.mkdir(parents=True, exist_ok=True)
    with Emulator.run() as emulator, tempfile.TemporaryDirectory(prefix="plan-fixtures-") as scratch:
        env.update(emulator.environ(REGION))
        for scenario in (s for s in SCENARIOS if not wanted or s.name in wanted):
            print(f"{scenario.name}: apply and plan ...", flush=True)
            workdir = Path(scratch) / scenario.name
            workdir.mkdir()
            plan = make_plan(scenario, workdir, env)
            path = FIXTURES / f"{scenario.name}.json"
            path.write_text(json.dumps(plan, indent=2) + "\n")
            print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
