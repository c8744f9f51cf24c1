"""The common edits of an environment file, so no file rebuilds nested tuples by hand.

Services, tables and topics (with their queues) are declared once, in ``environments/base.py``,
and reach every environment through ``BASE``. An environment file changes what differs:

    ENVIRONMENT = dataclasses.replace(BASE, name="dev", suffix="dev", ...)
    ENVIRONMENT = replace_services(ENVIRONMENT, log_retention_days=14)          # every service
    ENVIRONMENT = replace_service(ENVIRONMENT, "api", desired_count=1, max_count=3)
    ENVIRONMENT = with_service(ENVIRONMENT, REPORTS_WORKER)                      # this one only
    ENVIRONMENT = with_queue(ENVIRONMENT, topic="orders", queue=QueueConfig(name="audit"))

Each returns a new (frozen) environment. A name that is not there, or already is, is a
``ConfigError`` of one line naming the environment and the fix; validation of the values
themselves happens when the environment is loaded, as for any other field.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any, TypeVar

from environments.schema import (
    ConfigError,
    Environment,
    QueueConfig,
    ServiceSpec,
    TableConfig,
    TopicConfig,
    WebServiceConfig,
)

Item = TypeVar("Item", ServiceSpec, TableConfig, TopicConfig, QueueConfig)


def _names(items: Sequence[Any]) -> str:
    return ", ".join(item.name for item in items) or "none"


def _index(environment: Environment, items: Sequence[Any], kind: str, name: str, edit: str) -> int:
    for position, item in enumerate(items):
        if item.name == name:
            return position
    raise ConfigError(
        [f"environments.{environment.name}: {edit}({name!r}) names no {kind} (its {kind}s: {_names(items)})"]
    )


def _replace(item: Item, changes: dict[str, Any], at: str) -> Item:
    fields = {f.name for f in dataclasses.fields(item)}
    unknown = sorted(set(changes) - fields)
    if unknown:
        raise ConfigError([f"{at}: {type(item).__name__} has no field {', '.join(map(repr, unknown))}"])
    return dataclasses.replace(item, **changes)


def _added(environment: Environment, items: Sequence[Item], kind: str, item: Item, edit: str) -> tuple[Item, ...]:
    if any(existing.name == item.name for existing in items):
        raise ConfigError(
            [
                f"environments.{environment.name}: {edit} adds {kind} {item.name!r}, which it already has: "
                f"use replace_{kind}(..., {item.name!r}, ...) to change it"
            ]
        )
    return tuple(items) + (item,)


# --- services -----------------------------------------------------------------------------


def replace_service(environment: Environment, name: str, **changes: Any) -> Environment:
    """The service ``name`` with ``changes`` (fields of its kind), everything else as it was."""
    services = list(environment.services)
    position = _index(environment, services, "service", name, "replace_service")
    services[position] = _replace(services[position], changes, f"environments.{environment.name}.services[{name}]")
    return dataclasses.replace(environment, services=tuple(services))


def replace_services(environment: Environment, **changes: Any) -> Environment:
    """Every service with ``changes`` (fields all service kinds have, such as ``log_retention_days``)."""
    at = f"environments.{environment.name}.services"
    return dataclasses.replace(
        environment, services=tuple(_replace(s, changes, f"{at}[{s.name}]") for s in environment.services)
    )


def with_service(environment: Environment, service: ServiceSpec) -> Environment:
    """``environment`` running one more service."""
    return dataclasses.replace(
        environment, services=_added(environment, environment.services, "service", service, "with_service")
    )


def without_service(environment: Environment, name: str) -> Environment:
    """``environment`` without the service ``name`` (it runs everywhere else)."""
    services = list(environment.services)
    del services[_index(environment, services, "service", name, "without_service")]
    return dataclasses.replace(environment, services=tuple(services))


# --- tables -------------------------------------------------------------------------------


def replace_table(environment: Environment, name: str, **changes: Any) -> Environment:
    tables = list(environment.tables)
    position = _index(environment, tables, "table", name, "replace_table")
    tables[position] = _replace(tables[position], changes, f"environments.{environment.name}.tables[{name}]")
    return dataclasses.replace(environment, tables=tuple(tables))


def with_table(environment: Environment, table: TableConfig) -> Environment:
    return dataclasses.replace(
        environment, tables=_added(environment, environment.tables, "table", table, "with_table")
    )


# --- topics and queues --------------------------------------------------------------------


def _with_topics(environment: Environment, topics: Sequence[TopicConfig]) -> Environment:
    return dataclasses.replace(environment, messaging=dataclasses.replace(environment.messaging, topics=tuple(topics)))


def with_topic(environment: Environment, topic: TopicConfig) -> Environment:
    topics = environment.messaging.topics
    return _with_topics(environment, _added(environment, topics, "topic", topic, "with_topic"))


def with_queue(environment: Environment, *, topic: str, queue: QueueConfig) -> Environment:
    """``queue`` subscribed to the existing ``topic``."""
    topics = list(environment.messaging.topics)
    position = _index(environment, topics, "topic", topic, "with_queue")
    queues = _added(environment, topics[position].queues, "queue", queue, "with_queue")
    topics[position] = dataclasses.replace(topics[position], queues=queues)
    return _with_topics(environment, topics)


def replace_queue(environment: Environment, *, topic: str, name: str, **changes: Any) -> Environment:
    topics = list(environment.messaging.topics)
    position = _index(environment, topics, "topic", topic, "replace_queue")
    queues = list(topics[position].queues)
    at = f"environments.{environment.name}.messaging.topics[{topic}].queues[{name}]"
    index = _index(environment, queues, "queue", name, "replace_queue")
    queues[index] = _replace(queues[index], changes, at)
    topics[position] = dataclasses.replace(topics[position], queues=tuple(queues))
    return _with_topics(environment, topics)


__all__ = [
    "replace_queue",
    "replace_service",
    "replace_services",
    "replace_table",
    "with_queue",
    "with_service",
    "with_table",
    "with_topic",
    "without_http_api",
    "without_service",
]


def replace_identity(environment: Environment, **changes: Any) -> Environment:
    """``replace_identity(ENVIRONMENT, mfa="required")``: the user pool's settings changed here
    (an environment without ``identity`` is refused: give it ``identity=IdentityConfig()`` first)."""
    if environment.identity is None:
        raise ConfigError(
            [
                f"environments.{environment.name}.identity is not set: replace_identity needs identity=IdentityConfig(...)"
            ]
        )
    unknown = sorted(set(changes) - {f.name for f in dataclasses.fields(environment.identity)})
    if unknown:
        at = f"environments.{environment.name}.identity"
        raise ConfigError([f"{at}: IdentityConfig has no field {', '.join(map(repr, unknown))}"])
    return dataclasses.replace(environment, identity=dataclasses.replace(environment.identity, **changes))


def without_http_api(environment: Environment) -> Environment:
    """``without_http_api(ENVIRONMENT)``: no HTTP API, and no service or function keeps its
    ``api_routes`` (CloudFront's API path then reaches the load balancer as before)."""
    if environment.http_api is None:
        raise ConfigError(
            [f"environments.{environment.name}.http_api is not set: without_http_api has nothing to drop"]
        )
    unrouted: dict[str, Any] = {"api_routes": (), "api_open_routes": (), "api_scopes": (), "api_groups": ()}
    return dataclasses.replace(
        environment,
        http_api=None,
        services=tuple(
            dataclasses.replace(s, **unrouted) if isinstance(s, WebServiceConfig) else s for s in environment.services
        ),
        functions=tuple(dataclasses.replace(f, **unrouted) for f in environment.functions),
    )
