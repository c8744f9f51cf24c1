"""Declared once, reaching every environment: ``environments/edit.py``'s edits, and the error for
a declaration in ``environments/base.py`` that no environment ends up with."""

from __future__ import annotations

import dataclasses

import pytest

from environments import NAMED, declared_but_unused, named
from environments.base import BASE, SERVICES
from environments.edit import (
    replace_queue,
    replace_service,
    replace_services,
    replace_table,
    with_queue,
    with_service,
    with_table,
    with_topic,
    without_service,
)
from environments.schema import ConfigError, QueueConfig, TableConfig, TopicConfig, WorkerConfig

DEV = named("dev")
INVOICES = WorkerConfig(name="invoice-worker", queues=("invoices",))


def test_every_service_declared_in_base_runs_in_every_named_environment() -> None:
    assert BASE.services == SERVICES
    for name in NAMED:
        assert [s.name for s in named(name).services] == [s.name for s in SERVICES], name


def test_edits_change_only_what_they_name() -> None:
    edited = replace_service(DEV, "api", desired_count=2, max_count=4)
    api, others = edited.services[0], edited.services[1:]
    assert (api.desired_count, api.max_count, api.min_count) == (2, 4, DEV.services[0].min_count)
    assert others == DEV.services[1:]
    assert {s.log_retention_days for s in replace_services(DEV, log_retention_days=90).services} == {90}
    assert [s.name for s in without_service(DEV, "nightly-report").services] == ["api", "order-worker"]
    assert with_service(DEV, INVOICES).services[-1] == INVOICES
    assert replace_table(DEV, "orders", stream=None).tables[1].stream is None
    assert (
        with_table(DEV, TableConfig(name="audit", attributes={"PK": "S"}, partition_key="PK")).tables[-1].name
        == "audit"
    )
    queued = with_queue(DEV, topic="orders", queue=QueueConfig(name="invoices"))
    assert [q.name for q in queued.messaging.topics[0].queues][-1] == "invoices"
    changed = replace_queue(queued, topic="orders", name="invoices", max_receive_count=9)
    assert changed.messaging.topics[0].queues[-1].max_receive_count == 9
    assert with_topic(DEV, TopicConfig(name="audit")).messaging.topics[-1].name == "audit"
    # an edited environment is still valid, and the service it adds can use the queue it adds
    with_service(queued, INVOICES).validate()


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda: replace_service(DEV, "apii", cpu=512),
            "environments.dev: replace_service('apii') names no service (its services: api, order-worker, "
            "nightly-report)",
        ),
        (
            lambda: replace_service(DEV, "api", cpus=512),
            "environments.dev.services[api]: WebServiceConfig has no field 'cpus'",
        ),
        (
            lambda: with_service(DEV, SERVICES[0]),
            "environments.dev: with_service adds service 'api', which it already has",
        ),
        (lambda: without_service(DEV, "x"), "environments.dev: without_service('x') names no service"),
        (lambda: with_queue(DEV, topic="order", queue=QueueConfig(name="q")), "with_queue('order') names no topic"),
        (
            lambda: replace_queue(DEV, topic="orders", name="nope", visibility_timeout_seconds=1),
            "replace_queue('nope') names no queue (its queues: order-processing, notifications)",
        ),
    ],
)
def test_an_edit_of_something_absent_or_present_is_one_line(edit, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        edit()
    assert len(raised.value.problems) == 1 and message in raised.value.problems[0]


def test_a_declaration_no_environment_has_is_one_line(monkeypatch) -> None:
    from environments import base

    environments = [named(name) for name in NAMED]
    assert declared_but_unused(environments) == []
    monkeypatch.setattr(base, "INVOICE_WORKER", INVOICES, raising=False)
    monkeypatch.setattr(base, "AUDIT_QUEUE", QueueConfig(name="audit"), raising=False)
    assert declared_but_unused(environments) == [
        "environments/base.py declares service 'invoice-worker' (INVOICE_WORKER) but no environment has it: add it "
        "to BASE (every environment) or to one environment's file (environments/edit.py)",
        "environments/base.py declares queue 'audit' (AUDIT_QUEUE) but no environment has it: add it to BASE "
        "(every environment) or to one environment's file (environments/edit.py)",
    ]
    one = dataclasses.replace(environments[1], services=(*environments[1].services, INVOICES))
    assert len(declared_but_unused([environments[0], one])) == 1  # only the queue is still unused
