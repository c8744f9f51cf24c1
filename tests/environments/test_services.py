"""Services as configuration: the rules of each kind, schedules, grants by name, and the
listener-rule priorities (property-based: deterministic, in range, independent of the other
services, more specific rules first, and never two services on one rule)."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from environments.schema.services import (
    Grants,
    ScheduledTaskConfig,
    WebServiceConfig,
    WorkerConfig,
    listener_priority,
    route_problems,
    schedule_problems,
    services_problems,
)

TABLES, QUEUES, TOPICS = ("catalog", "orders"), ("order-processing", "notifications"), ("orders",)
API = WebServiceConfig(grants=Grants(read_write_tables=("catalog",), publish_topics=("orders",)))
WORKER = WorkerConfig(
    name="order-worker",
    queues=("order-processing",),
    grants=Grants(read_write_tables=("orders",), consume_queues=("order-processing",)),
)
NIGHTLY = ScheduledTaskConfig(name="nightly", schedule="cron(0 3 * * ? *)", time_zone="Europe/Dublin")


def problems(*services, protected: bool = False, iam_auth: bool = True) -> list[str]:
    return services_problems(
        services,
        "environments.dev.services",
        tables=TABLES,
        queues=QUEUES,
        topics=TOPICS,
        iam_auth=iam_auth,
        protected=protected,
    )


def test_the_three_default_kinds_are_valid() -> None:
    assert problems(API, WORKER, NIGHTLY) == []


@pytest.mark.parametrize(
    "expression",
    [
        "cron(0 3 * * ? *)",
        "cron(15 10 ? * MON-FRI *)",
        "cron(0/5 8-17 ? * 2-6 *)",
        "rate(1 hour)",
        "rate(5 minutes)",
        "rate(2 days)",
        "at(2030-01-01T00:00:00)",
    ],
)
def test_schedules_scheduler_accepts(expression: str) -> None:
    assert schedule_problems(expression, "at") == []


@pytest.mark.parametrize(
    ("expression", "says"),
    [
        ("0 3 * * *", "must be 'cron(0 3 * * ? *)'"),
        ("cron(0 3 * * *)", "six fields"),
        ("cron(0 3 * * MON *)", "exactly one of day-of-month and day-of-week"),
        ("cron(0 3 ? * ? *)", "exactly one of day-of-month and day-of-week"),
        ("rate(1 hours)", "singular unit for 1"),
        ("rate(5 minute)", "singular unit for 1"),
        ("rate(0 minutes)", "positive number"),
        ("cron(0 3 * * ? *); rm -rf /", "must be 'cron("),
    ],
)
def test_broken_schedules_are_one_line_each(expression: str, says: str) -> None:
    [line] = schedule_problems(expression, "environments.dev.services[nightly].schedule")
    assert says in line and line.startswith("environments.dev.services[nightly].schedule")


def test_time_zone_must_be_an_iana_zone() -> None:
    [line] = problems(API, dataclasses.replace(NIGHTLY, time_zone="Dublin"))
    assert line == (
        "environments.dev.services[nightly].time_zone 'Dublin' is not an IANA time zone "
        "such as 'UTC' or 'Europe/Dublin'"
    )


@pytest.mark.parametrize(
    ("grants", "line"),
    [
        (
            Grants(read_tables=("order",)),
            "environments.dev.services[order-worker].grants.read_tables names table "
            "'order', which this environment does not have (its tables: catalog, orders)",
        ),
        (
            Grants(send_queues=("payments",)),
            "environments.dev.services[order-worker].grants.send_queues names queue "
            "'payments', which this environment does not have (its queues: "
            "notifications, order-processing)",
        ),
        (
            Grants(publish_topics=("order",)),
            "environments.dev.services[order-worker].grants.publish_topics names topic "
            "'order', which this environment does not have (its topics: orders)",
        ),
    ],
)
def test_a_grant_naming_something_that_does_not_exist_is_one_line(grants: Grants, line: str) -> None:
    assert problems(API, dataclasses.replace(WORKER, grants=grants)) == [line]


def test_iam_database_grant_needs_iam_auth() -> None:
    [line] = problems(dataclasses.replace(API, grants=Grants(database=("iam",))), iam_auth=False)
    assert "database has 'iam' but database.iam_auth is off" in line


def test_a_worker_consumes_queues_that_exist() -> None:
    [line] = problems(API, dataclasses.replace(WORKER, queues=("orders-processing",)))
    assert line.startswith("environments.dev.services[order-worker].queues names 'orders-processing'")


def test_service_names_are_unique_and_one_web_service_is_needed() -> None:
    assert problems(WORKER, dataclasses.replace(NIGHTLY, name="order-worker")) == [
        "environments.dev.services: 'order-worker' is the name of more than one service: service names must be unique",
        "environments.dev.services has no web service: the load balancer needs one (kind 'web', e.g. the 'api')",
    ]


def test_deregistration_must_fit_inside_the_stop_timeout() -> None:
    [line] = problems(dataclasses.replace(API, deregistration_delay_seconds=60, stop_timeout_seconds=30))
    assert "deregistration_delay_seconds (60) must fit inside stop_timeout_seconds (30)" in line


def test_stop_timeout_is_at_most_spots_two_minutes() -> None:
    [line] = problems(API, dataclasses.replace(WORKER, stop_timeout_seconds=300))
    assert line == "environments.dev.services[order-worker].stop_timeout_seconds (300s) must be between 2 and 120"


def test_protected_environments_keep_an_on_demand_base_for_web_services() -> None:
    [line] = problems(API, WORKER, protected=True)
    assert line.startswith("environments.dev.services[api].capacity.on_demand_base is 0 in a protected environment")


def test_two_services_on_the_same_rule_are_refused() -> None:
    other = dataclasses.replace(API, name="api2")
    [line] = route_problems([API, other], "environments.dev.services")
    assert line.startswith("environments.dev.services[api2] routes the same paths and hosts as 'api'")


def test_two_services_on_the_same_priority_are_refused() -> None:
    other = dataclasses.replace(API, name="admin", path_patterns=("/admin/*",), priority=listener_priority(API))
    [line] = route_problems([API, other], "environments.dev.services")
    assert f"gets listener priority {listener_priority(API)}, as 'api' does: set priority on one of them" in line


names = st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True)
paths = st.from_regex(r"/[a-z]{0,12}(/\*)?", fullmatch=True)
hosts = st.from_regex(r"[a-z]{1,10}\.example\.com", fullmatch=True)
web_services = st.builds(
    lambda name, path, host: WebServiceConfig(name=name, path_patterns=(path,), host_patterns=(host,) if host else ()),
    names,
    paths,
    st.none() | hosts,
)


@settings(max_examples=200, deadline=None)
@given(web_services, st.lists(web_services, max_size=5))
def test_a_priority_is_in_range_and_depends_only_on_its_own_service(service, others) -> None:
    priority = listener_priority(service)
    assert 1 <= priority <= 50000
    # The same service among any other services (added, removed, reordered) keeps its number.
    assert listener_priority(dataclasses.replace(service)) == priority
    assert [listener_priority(s) for s in [*others, service]][-1] == priority


@settings(max_examples=200, deadline=None)
@given(names, names, st.from_regex(r"/[a-z]{1,20}", fullmatch=True))
def test_more_specific_rules_are_evaluated_first(first, second, prefix) -> None:
    broad = WebServiceConfig(name=first, path_patterns=("/*",))
    narrow = WebServiceConfig(name=second, path_patterns=(f"{prefix}/*",))
    with_host = WebServiceConfig(name=second, path_patterns=("/*",), host_patterns=("api.example.com",))
    assert listener_priority(narrow) < listener_priority(broad)
    assert listener_priority(with_host) < listener_priority(broad)


@settings(max_examples=200, deadline=None)
@given(st.lists(web_services, min_size=1, max_size=8, unique_by=lambda s: s.name))
def test_accepted_routes_never_share_a_priority_or_a_condition(services) -> None:
    if route_problems(services, "services"):
        return  # refused with a line naming the clash: nothing is synthesized
    priorities = [listener_priority(s) for s in services]
    conditions = [(s.path_patterns, s.host_patterns) for s in services]
    assert len(set(priorities)) == len(priorities)
    assert len(set(conditions)) == len(conditions)
