"""Per service, in every synthesized environment: its task role reaches exactly what its grants
name (tables read or read-write, queues consumed or sent to, topics, the database, the site
bucket) and the keys those need, nothing else; its execution role reads the database secret
only when granted ``secret``."""

from __future__ import annotations

import re

import pytest

from environments.schema import WebServiceConfig
from tests.conftest import environment_of, suffixes

ENVIRONMENTS = suffixes()
WRITES = {"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"}
REFERENCES = [
    ("table", re.compile(r"aws_dynamodb_tabletable-(?P<name>[a-z0-9-]+)_table_")),
    ("queue", re.compile(r"aws_sqs_queuequeue-(?P<name>[A-Za-z0-9_-]+)_queue_")),
    ("topic", re.compile(r"aws_sns_topictopic-(?P<name>[A-Za-z0-9_-]+)_topic_")),
    ("key", re.compile(r"aws_kms_key(?P<name>[a-z]+)-key_")),
    ("database", re.compile(r":dbuser:.*aws_rds_clusteraurora_cluster_.*/(?P<name>[a-z_]+)$")),
    ("site", re.compile(r":s3:::platform-site-(?P<name>[a-z0-9]+)-")),
    ("site-key", re.compile(r":kms:us-east-1:.*:key/\*$")),
    ("email", re.compile(r"aws_ses_(?P<name>domain_identity|configuration_set)email_")),
]


def environment(suffix: str):
    return environment_of(suffix)


def task_documents(platform, stack_id: str, construct_id: str, role: str) -> list[dict]:
    """The statements of one service's ``role`` (task or execution) policy document."""
    documents = [
        d
        for d in platform.data(stack_id, "aws_iam_policy_document").values()
        if d["//"]["metadata"]["path"].startswith(f"{stack_id}/{construct_id}/")
        and d["//"]["metadata"]["path"].endswith(f"/{role}-policy-document")
    ]
    assert len(documents) <= 1, construct_id
    return documents[0]["statement"] if documents else []


def reached(statements: list[dict]) -> set[tuple[str, str]]:
    """What the statements reach, as (kind, what) pairs; anything unrecognised fails."""
    out = set()
    for statement in statements:
        if statement.get("sid", "").startswith("EcsExec"):
            continue  # ECS Exec (its own tests): session channels and the cluster's audit log
        if statement.get("sid") == "XRayWrite":  # tracing: X-Ray scopes none of its write actions
            assert statement["resources"] == ["*"] and all(a.startswith("xray:") for a in statement["actions"])
            out.add(("xray", "write"))
            continue
        if statement.get("sid") == "CacheConnect":  # the cache's group and the service's own user only
            [group, user] = statement["resources"]
            assert statement["actions"] == ["elasticache:Connect"] and ":replicationgroup:platform-cache-" in group
            out.add(("cache", re.search(r":user:platform-cache-(?P<name>[a-z0-9-]+)-[a-z0-9]+$", user)["name"]))
            continue
        if statement["resources"] and "aws_efs_file_system.files_" in statement["resources"][0]:
            [condition] = statement["condition"]  # through one access point only
            point = re.search(r"files_(?P<name>[a-z0-9-]+)-access-point_", condition["values"][0])
            write = "elasticfilesystem:ClientWrite" in statement["actions"]
            out.add(("volume", f"{point['name']}:{'read-write' if write else 'read'}"))
            continue
        for resource in statement["resources"]:
            for kind, pattern in REFERENCES:
                match = pattern.search(resource)
                if match:
                    if kind == "table":
                        out.add(
                            (
                                "read_write_tables" if WRITES & set(statement["actions"]) else "read_tables",
                                match["name"],
                            )
                        )
                    elif kind == "queue":
                        out.add(
                            (
                                "consume_queues" if "sqs:ReceiveMessage" in statement["actions"] else "send_queues",
                                match["name"],
                            )
                        )
                    elif kind == "site":
                        out.add(("site_bucket", "read-write" if "s3:PutObject" in statement["actions"] else "read"))
                    else:
                        out.add((kind, match.groupdict().get("name") or "us-east-1"))
                    break
            else:
                pytest.fail(f"unexpected resource {resource} in {statement.get('sid')}")
    # site read-write statements also hold the read ones: one entry per grant
    if ("site_bucket", "read-write") in out:
        out.discard(("site_bucket", "read"))
    return out


def expected(spec) -> set[tuple[str, str]]:
    grants = spec.granted
    out = {
        (field, name.removesuffix(".fifo"))
        for field in ("read_tables", "read_write_tables", "consume_queues", "send_queues")
        for name in getattr(grants, field)
    }
    out |= {("topic", name.removesuffix(".fifo")) for name in grants.publish_topics}
    if grants.read_tables or grants.read_write_tables:
        out.add(("key", "tables"))
    if grants.consume_queues or grants.send_queues or grants.publish_topics:
        out.add(("key", "messaging"))
    if "iam" in grants.database:
        out.add(("database", "app"))
    if grants.site_bucket != "none":
        out |= {("site_bucket", grants.site_bucket), ("site-key", "us-east-1")}
    out |= {("volume", f"{v.name}:{'read' if v.read_only else 'read-write'}") for v in spec.volumes}
    if spec.tracing:
        out.add(("xray", "write"))
    if grants.send_email:
        out |= {("email", "domain_identity"), ("email", "configuration_set")}
    if grants.cache:
        out.add(("cache", spec.name))
    return out


CASES = [(suffix, spec.name) for suffix in ENVIRONMENTS for spec in environment(suffix).services]


@pytest.mark.security
@pytest.mark.parametrize(("suffix", "service"), CASES, ids=[f"{s}-{n}" for s, n in CASES])
def test_a_services_roles_reach_exactly_its_grants(platform, suffix: str, service: str) -> None:
    env = environment(suffix)
    spec = next(s for s in env.services if s.name == service)
    first_web = isinstance(spec, WebServiceConfig) and spec is env.service
    construct_id = "Default" if first_web else service
    stack_id = f"service-{suffix}"
    task = task_documents(platform, stack_id, construct_id, "task")
    assert reached(task) == expected(spec), f"{stack_id} {service}"
    execution_statements = task_documents(platform, stack_id, construct_id, "execution")
    execution = {s.get("sid") for s in execution_statements}
    injected = "secret" in spec.granted.database or spec.granted.broker
    assert ("ReadInjectedSecrets" in execution) == injected, f"{stack_id} {service}"
    # the broker's secret only for a service granted the broker
    read = [r for s in execution_statements if s.get("sid") == "ReadInjectedSecrets" for r in s["resources"]]
    assert any("aws_secretsmanager_secret.broker_" in r for r in read) == spec.granted.broker, f"{stack_id} {service}"
    # it pulls exactly the repository its image is in (a platform repository or a private ECR one)
    pulls = [r for s in execution_statements if s.get("sid") == "PullOwnImage" for r in s["resources"]]
    reference = spec.repository_reference
    if reference is not None and reference.environment is None:
        assert pulls == [f"${{aws_ecr_repository.{repository_id(platform, stack_id, reference.repository)}.arn}}"]
    elif reference is not None:
        assert [p.rsplit("/", 1)[1] for p in pulls] == [f"platform-{reference.repository}-{reference.environment}"]
    else:
        private = spec.image_reference is not None and spec.image_reference.ecr_account is not None
        assert len(pulls) == (1 if private else 0), f"{stack_id} {service}: {pulls}"


def repository_id(platform, stack_id: str, repository: str) -> str:
    [found] = [k for k in platform.resources(stack_id, "aws_ecr_repository") if k.startswith(f"registry_{repository}_")]
    return found


@pytest.mark.security
def test_every_service_is_checked(platform) -> None:
    """Each service's task role was found (a renamed construct would make the check empty)."""
    for suffix, service in CASES:
        env = environment(suffix)
        spec = next(s for s in env.services if s.name == service)
        construct_id = "Default" if spec is env.service else service
        documents = [
            d
            for d in platform.data(f"service-{suffix}", "aws_iam_policy_document").values()
            if d["//"]["metadata"]["path"].startswith(f"service-{suffix}/{construct_id}/")
        ]
        assert documents, f"service-{suffix} {service}: no policy documents found"
