"""Configuration rules: each broken rule gives one line that names the field and the fix, and
all problems are reported together."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pytest

from environments import NAMED, load, named
from environments.base import ORDERS_TOPIC, TABLES
from environments.schema import ConfigError, Environment, QueueConfig, TableConfig, TopicConfig


def replace_path(config: Any, path: str, value: Any) -> Any:
    """``replace_path(env, "database.max_acu", 1)``: a copy with one nested field changed;
    ``services[api].cpu`` changes a field of the tuple's item named ``api``."""
    head, _, rest = path.partition(".")
    item = re.fullmatch(r"(\w+)\[([\w-]+)\]", head)
    if item:
        field, name = item.groups()
        items = tuple(replace_path(i, rest, value) if i.name == name else i for i in getattr(config, field))
        return dataclasses.replace(config, **{field: items})
    if not rest:
        return dataclasses.replace(config, **{head: value})
    return dataclasses.replace(config, **{head: replace_path(getattr(config, head), rest, value)})


BAD_QUEUE = TopicConfig(name="orders", queues=(*ORDERS_TOPIC.queues, QueueConfig(name="order processing!")))
BAD_TABLE = TableConfig(name="t", attributes={"PK": "S"}, partition_key="PK", sort_key="SK")
TTL_KEY_TABLE = TableConfig(name="t", attributes={"PK": "S"}, partition_key="PK", ttl_attribute="PK")

# (environment, field path, bad value, text the single error line must contain[, field it names])
BAD_CONFIGS = [
    ("dev", "network.cidr", "10.0.0.0/8", "network.cidr 10.0.0.0/8 must be an IPv4 range from /16 to /24"),
    ("dev", "network.cidr", "10.0.0.1/16", "network.cidr '10.0.0.1/16' is not an IPv4 network"),
    ("dev", "network.cidr", "8.8.0.0/16", "is not a private (RFC 1918) range"),
    (
        "dev",
        "network.must_not_overlap",
        ("10.20.128.0/20",),
        "network.cidr 10.20.0.0/16 overlaps 10.20.128.0/20",
        "network.cidr",
    ),
    ("dev", "network.private_prefix", 17, "network.private_prefix /17 is too large"),
    ("dev", "network.public_prefix", 29, "network.public_prefix /29 is smaller than AWS's smallest subnet"),
    ("dev", "network.az_count", 5, "network.az_count (5) must be between 2 and 3"),
    ("dev", "network.zone_letters", "aab", "network.zone_letters 'aab' must be distinct letters a-z"),
    ("dev", "network.zone_letters", "a", "network.zone_letters 'a' names fewer zones than az_count (2)"),
    (
        "dev",
        "network.flow_log_retention_days",
        10,
        "network.flow_log_retention_days (10) is not a CloudWatch Logs retention",
    ),
    ("dev", "state.bucket", None, "state.bucket is not set: set state.bucket in the environment file"),
    ("dev", "state.bucket", "My_Bucket", "state.bucket 'My_Bucket' is not a bucket name S3 accepts"),
    ("dev", "region", "europe", "region 'europe' is not an AWS region"),
    ("dev", "account_id", "1234", "account_id '1234' must be 12 digits"),
    ("dev", "database.min_acu", 4, "database.max_acu (2) must be >= min_acu (4)", "database.max_acu"),
    ("dev", "database.max_acu", 2.3, "database.max_acu (2.3) must be 1-256 in steps of 0.5"),
    ("dev", "database.backup_retention_days", 40, "database.backup_retention_days (40 days) must be between 1 and 35"),
    ("dev", "database.engine_version", "15.4", "database.engine_version '15.4' must be an Aurora PostgreSQL 16.x"),
    ("dev", "database.master_username", "postgres", "database.master_username 'postgres'"),
    ("dev", "services[api].cpu", 300, "services[api].cpu (300) must be one of"),
    ("dev", "services[api].memory", 4096, "services[api].memory (4096) is not valid with cpu 256"),
    (
        "dev",
        "services[api].min_count",
        5,
        "need 0 <= min_count (5) <= desired_count (1) <= max_count (3)",
        "services[api]",
    ),
    (
        "dev",
        "services[api].health_check.path",
        "health",
        "services[api].health_check.path 'health' must be a plain URL path",
    ),
    ("dev", "services[api].container_port", 70000, "services[api].container_port (70000) must be between 1 and 65535"),
    ("dev", "services[api].environment", {"API_TOKEN": "x"}, "looks like a secret: store it in Secrets Manager"),
    (
        "dev",
        "services[api].environment",
        {"DB_PASSWORD": "x"},
        "is set by the platform for its grant of the database's secret",
    ),
    (
        "dev",
        "services[api].log_retention_days",
        45,
        "services[api].log_retention_days (45) is not a CloudWatch Logs retention",
    ),
    ("dev", "messaging.topics", (BAD_QUEUE,), "queues[order processing!].name 'order processing!' may hold only"),
    ("dev", "tables", (BAD_TABLE, *TABLES), "tables[t].sort_key 'SK' is not declared: add it to attributes"),
    ("dev", "tables", (TTL_KEY_TABLE, *TABLES), "tables[t].ttl_attribute 'PK' is a key attribute"),
    (
        "prod",
        "protection.kms_deletion_window_days",
        3,
        "protection.kms_deletion_window_days (3) must be between 7 and 30",
    ),
    (
        "prod",
        "domain",
        None,
        "environments.prod.domain is not set: a protected environment (protection.confirm) serves its own domain",
    ),
    ("staging", "domain", None, "environments.staging.domain is not set: a protected environment"),
    (
        "dev",
        "domain",
        None,
        "environments.dev.domain is not set: set domain=DomainConfig(name=..., zone=...), or without_domain=True",
    ),
    ("dev", "without_domain", True, "environments.dev.without_domain is True but domain is set: remove one of them"),
    (
        "local",
        "emulator.endpoint",
        "http://10.0.0.5:4566",
        "emulator.endpoint 'http://10.0.0.5:4566' must be a loopback URL",
    ),
]


def use_environment(monkeypatch: pytest.MonkeyPatch, replacement: Environment) -> None:
    """``environments/<replacement.name>.py`` declares ``replacement``; the other files stay."""
    import environments

    original = environments._import_environment

    def patched(module: str) -> Environment:
        return replacement if module == f"environments.{replacement.name}" else original(module)

    monkeypatch.setattr(environments, "_import_environment", patched)


@pytest.mark.parametrize("case", BAD_CONFIGS, ids=[f"{c[0]}.{c[1]}={c[2]!r}"[:60] for c in BAD_CONFIGS])
def test_bad_configuration_exits_2_with_one_line_naming_the_field_and_writes_nothing(
    case: tuple, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, tmp_path
) -> None:
    import main

    environment, path, value, message = case[:4]
    field = case[4] if len(case) > 4 else path
    use_environment(monkeypatch, replace_path(named(environment), path, value))
    monkeypatch.setenv("ENVIRONMENT", environment)
    for variable in ("ENVIRONMENT_SUFFIX", "STATE_BUCKET", "LOCAL_AWS_ENDPOINT"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("CDKTF_OUTDIR", str(tmp_path / "out"))
    assert main.main() == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"error: environments.{environment}.{field}"), line  # names the whole field path
    assert message in line
    assert not (tmp_path / "out").exists()


def test_every_problem_is_reported_at_once() -> None:
    config = replace_path(replace_path(named("dev"), "database.min_acu", 8), "services[api].cpu", 3)
    with pytest.raises(ConfigError) as raised:
        config.validate()
    assert len(raised.value.problems) == 2
    assert str(raised.value).count("\n") == 1


@pytest.mark.parametrize("name", NAMED)
def test_named_environments_are_valid(name: str) -> None:
    assert isinstance(load(name), Environment)


def test_subnets_keep_their_ranges_when_an_az_is_added() -> None:
    two = named("dev").network
    three = dataclasses.replace(two, az_count=3)
    for tier in ("public", "private", "isolated"):
        assert three.subnet_cidrs(tier)[:2] == two.subnet_cidrs(tier)


def test_subnet_tiers_do_not_overlap() -> None:
    import ipaddress

    network = named("prod").network
    cidrs = [ipaddress.ip_network(c) for tier in ("public", "private", "isolated") for c in network.subnet_cidrs(tier)]
    assert all(not a.overlaps(b) for i, a in enumerate(cidrs) for b in cidrs[i + 1 :])
    assert all(c.subnet_of(network.network) for c in cidrs)


def test_named_environments_use_distinct_vpc_ranges() -> None:
    import ipaddress

    ranges = [ipaddress.ip_network(named(n).network.cidr) for n in NAMED]
    assert all(not a.overlaps(b) for i, a in enumerate(ranges) for b in ranges[i + 1 :])


def test_prod_protects_what_it_keeps_and_dev_stays_destroyable() -> None:
    prod, dev = named("prod").protection, named("dev").protection
    assert prod.deletion_protection and prod.prevent_destroy and prod.final_snapshot
    assert prod.kms_deletion_window_days == 30 and not prod.force_destroy_buckets
    assert not (dev.deletion_protection or dev.prevent_destroy or dev.final_snapshot)
