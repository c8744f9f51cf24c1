"""Grants by name: each granted name becomes the resource's own statements, secrets and
variables, and nothing that was not granted appears (property-based over every combination);
a name the environment does not have is one line."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import modules.core.framework as framework
from environments.schema.services import Grants
from modules.compute.service_grants import Grantables, SiteBucket, UnknownGrant, service_access
from modules.security.iam import Statement


class Fake:
    """A resource whose grants name its ARN, so a statement says whose it is."""

    def __init__(self, kind: str, name: str) -> None:
        self.arn = f"arn:aws:{kind}:eu-west-1:111111111111:{name}"
        self.table_name = self.queue_url = self.topic_arn = self.arn
        self.endpoint, self.reader_endpoint, self.port, self.database_name = "db", "db-ro", 5432, "app"
        self.master_secret_arn = f"{self.arn}:secret"

    def _grant(self, action: str) -> list[Statement]:
        return [Statement(actions=[action], resources=[self.arn])]

    def grant_read(self, grantee):
        return self._grant("read")  # noqa: E704

    def grant_read_write(self, grantee):
        return self._grant("read-write")  # noqa: E704

    def grant_consume(self, grantee):
        return self._grant("consume")  # noqa: E704

    def grant_send(self, grantee):
        return self._grant("send")  # noqa: E704

    def grant_publish(self, grantee):
        return self._grant("publish")  # noqa: E704

    def grant_connect(self, grantee, user):
        return self._grant(f"connect:{user}")  # noqa: E704


TABLES = {n: Fake("dynamodb", n) for n in ("catalog", "orders", "sessions")}
QUEUES = {n: Fake("sqs", n) for n in ("order-processing", "notifications")}
TOPICS = {n: Fake("sns", n) for n in ("orders", "audit")}
DATABASE = Fake("rds", "db")
EVERYTHING = Grantables(
    tables=TABLES,
    queues=QUEUES,
    topics=TOPICS,
    database=DATABASE,
    database_key_arn="arn:aws:kms:eu-west-1:111111111111:key/db",
    site=SiteBucket(
        bucket_name="platform-site-test-111111111111", region="us-east-1", key_alias="alias/platform-edge-test"
    ),
)


_STACK: list = []


def stack():
    if not _STACK:
        _STACK.append(framework.TerraformStack(framework.Testing.app(), "test"))
    return _STACK[0]


def subsets(names):
    if not names:
        return st.just(())
    return st.lists(st.sampled_from(sorted(names)), unique=True).map(tuple)


grants = st.builds(
    Grants,
    read_tables=subsets(TABLES),
    consume_queues=subsets(QUEUES),
    send_queues=subsets(QUEUES),
    publish_topics=subsets(TOPICS),
    database=subsets(["secret", "iam"]),
    site_bucket=st.sampled_from(["none", "read", "read-write"]),
)


@settings(max_examples=150, deadline=None)
@given(grants, st.data())
def test_a_service_reaches_exactly_what_it_was_granted(grant: Grants, data) -> None:
    # read_write_tables drawn apart from read_tables (a table is in one of the two)
    read_write = data.draw(subsets(set(TABLES) - set(grant.read_tables)))
    grant = Grants(**{**grant.__dict__, "read_write_tables": read_write})
    access = service_access(stack(), "worker", grant, EVERYTHING)
    reached = {(s.actions[0], r) for s in access.statements for r in (s.resources or ()) if not r.startswith("arn:${")}
    expected = {("read", TABLES[n].arn) for n in grant.read_tables}
    expected |= {("read-write", TABLES[n].arn) for n in grant.read_write_tables}
    expected |= {("consume", QUEUES[n].arn) for n in grant.consume_queues}
    expected |= {("send", QUEUES[n].arn) for n in grant.send_queues}
    expected |= {("publish", TOPICS[n].arn) for n in grant.publish_topics}
    expected |= {("connect:app", DATABASE.arn)} if "iam" in grant.database else set()
    assert reached == expected
    site = [s for s in access.statements if s.sid and s.sid.startswith("Site")]
    assert bool(site) == (grant.site_bucket != "none")
    writes = {a for s in site for a in s.actions if a in ("s3:PutObject", "s3:DeleteObject")}
    assert bool(writes) == (grant.site_bucket == "read-write")
    assert [s.variable for s in access.secrets] == (
        ["DB_USERNAME", "DB_PASSWORD"] if "secret" in grant.database else []
    )
    # the container hears only of what it may touch
    named = {v for v in access.environment.values()}
    for resources, names in (
        (TABLES, grant.read_tables + grant.read_write_tables),
        (QUEUES, grant.consume_queues + grant.send_queues),
        (TOPICS, grant.publish_topics),
    ):
        for name, resource in resources.items():
            assert (resource.arn in named) == (name in names), name


def test_nothing_granted_is_nothing_reached() -> None:
    access = service_access(stack(), "nightly", Grants(), EVERYTHING)
    assert (access.statements, access.secrets, access.environment) == ([], [], {})


def test_the_site_key_is_matched_by_alias_and_used_through_s3_only() -> None:
    access = service_access(stack(), "api", Grants(site_bucket="read"), EVERYTHING)
    statements = {s.sid: s for s in access.statements}
    assert statements["SiteObjects"].actions == ["s3:GetObject"]
    [objects] = statements["SiteObjects"].resources or ()
    assert objects.endswith(":s3:::platform-site-test-111111111111/*")
    conditions = {c.variable: c for c in statements["SiteKey"].conditions}
    assert conditions["kms:ResourceAliases"].values == ["alias/platform-edge-test"]
    assert conditions["kms:ViaService"].values[0].startswith("s3.us-east-1.")
    assert statements["SiteKey"].actions == ["kms:Decrypt"]


def test_an_unknown_name_is_one_line() -> None:
    with pytest.raises(UnknownGrant) as raised:
        service_access(stack(), "order-worker", Grants(read_write_tables=("order",)), EVERYTHING)
    assert str(raised.value) == (
        "service 'order-worker' is granted tables ['order'] that this environment does not "
        "have (its tables: catalog, orders, sessions)"
    )
    assert "\n" not in json.dumps(str(raised.value))
