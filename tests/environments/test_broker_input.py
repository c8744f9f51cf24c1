"""Bad broker configuration is one line each, naming the field and the fix; granting ``broker``
in an environment without one is one line too."""

from __future__ import annotations

import dataclasses

import pytest

from environments import ConfigError, named
from environments.schema import BrokerConfig, Grants

BAD_BROKER: list[tuple[dict, str]] = [
    ({"engine_version": "3.11"}, "environments.dev.broker.engine_version '3.11' must be one of 3.13"),
    (
        {"instance_type": "mq.t2.micro"},
        "environments.dev.broker.instance_type 'mq.t2.micro' is not an Amazon MQ RabbitMQ type",
    ),
    (
        {"deployment_mode": "CLUSTER_MULTI_AZ", "instance_type": "mq.t3.micro"},
        "environments.dev.broker.instance_type 'mq.t3.micro' cannot run a cluster",
    ),
    ({"deployment_mode": "ACTIVE_STANDBY_MULTI_AZ"}, "environments.dev.broker.deployment_mode"),
    ({"maintenance_day": "Sunday"}, "environments.dev.broker.maintenance_day 'Sunday' must be one of MONDAY"),
    ({"maintenance_time": "3:00"}, "environments.dev.broker.maintenance_time '3:00' must be HH:MM (24 h)"),
    ({"maintenance_time": "24:00"}, "environments.dev.broker.maintenance_time '24:00' must be HH:MM (24 h)"),
    ({"maintenance_time_zone": "Europe/Nowhere"}, "environments.dev.broker.maintenance_time_zone 'Europe/Nowhere'"),
    ({"memory_percent": 0}, "environments.dev.broker.memory_percent (0%) must be between 1 and 100"),
    ({"connections": 0}, "environments.dev.broker.connections (0) must be between 1 and 100000"),
]


def problems_of(environment) -> list[str]:  # noqa: ANN001
    with pytest.raises(ConfigError) as raised:
        environment.validate()
    return str(raised.value).splitlines()


@pytest.mark.parametrize(("fields", "message"), BAD_BROKER, ids=[str(f) for f, _ in BAD_BROKER])
def test_bad_broker_configuration_is_one_line(fields: dict, message: str) -> None:
    environment = dataclasses.replace(named("dev"), broker=BrokerConfig(**fields))
    lines = [line for line in problems_of(environment) if "broker" in line]
    assert len(lines) == 1 and message in lines[0], lines


def test_granting_the_broker_without_one_is_one_line() -> None:
    dev = named("dev")
    worker = dev.services[1]
    services = (dev.services[0], dataclasses.replace(worker, grants=dataclasses.replace(worker.grants, broker=True)))
    lines = problems_of(dataclasses.replace(dev, services=(*services, *dev.services[2:])))
    assert [line for line in lines if "broker" in line] == [
        f"environments.dev.services[{worker.name}].grants.broker is on but this environment has no broker: "
        "set broker=BrokerConfig() or remove it"
    ]


def test_a_granted_variable_cannot_be_set_by_configuration() -> None:
    dev = named("dev")
    api = dataclasses.replace(dev.services[0], environment={"BROKER_ENDPOINT": "amqps://elsewhere:5671"})
    lines = problems_of(dataclasses.replace(dev, services=(api, *dev.services[1:])))
    assert any("BROKER_ENDPOINT" in line and "platform's variable" in line for line in lines), lines


def test_a_good_broker_is_accepted() -> None:
    dataclasses.replace(
        named("dev"), broker=BrokerConfig(deployment_mode="CLUSTER_MULTI_AZ", instance_type="mq.m5.large")
    ).validate()
    assert Grants().broker is False
