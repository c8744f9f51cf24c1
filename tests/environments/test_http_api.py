"""The HTTP API's rules: the route-key parser, and each bad value one line naming the field and
the fix; both front-door layouts among the named environments."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from environments import named
from environments.edit import replace_identity, without_http_api
from environments.schema import ConfigError, HttpApiConfig, RouteKey, parse_route
from environments.schema.http_api import alb_path_matches
from tests.environments.test_schema import replace_path

DEV = "environments.dev"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("/orders/{proxy+}", RouteKey("ANY", "/orders/{proxy+}")),
        ("GET /products/{id}", RouteKey("GET", "/products/{id}")),
        ("DELETE /a/{b}/c", RouteKey("DELETE", "/a/{b}/c")),
    ],
)
def test_route_keys_parse(text: str, key: RouteKey) -> None:
    assert parse_route(text) == key


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("FETCH /x", "method 'FETCH' is not one of"),
        ("get /x", "method 'get' is not one of"),
        ("GET  /x", "one space at most"),
        ("/", "at least one segment"),
        ("orders", "must start with '/'"),
        ("/{proxy+}/x", "only be the last segment"),
        ("/a//b", "segment ''"),
        ("/a/{b", "segment '{b'"),
        ("/a/$default", "segment '$default'"),
        ("/caf\u00e9", "ASCII"),
    ],
)
def test_bad_route_keys_are_refused_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_route(text)
    assert reason in str(raised.value)


BAD: list[tuple[str, Any, str]] = [
    (
        "services[api].api_routes",
        ("orders/{proxy+}",),
        f"{DEV}.services[api].api_routes entry 'orders/{{proxy+}}' is not a route key: path must start with '/' "
        "and name at least one segment",
    ),
    (
        "services[api].api_routes",
        ("POST /api/products",),
        f"{DEV}.functions[catalog-api].api_routes entry 'POST /api/products' is 'services[api]''s route too: "
        "a route has one owner",
    ),
    (
        "services[api].api_routes",
        ("/orders/{proxy+}",),
        f"{DEV}.services[api].api_routes entry '/orders/{{proxy+}}' is outside path_patterns ['/api/*']: the load "
        "balancer would not send it to this service; add a matching pattern or change the route",
    ),
    (
        "services[api].host_patterns",
        ("api.example.com",),
        f"{DEV}.services[api].api_routes: the HTTP API forwards with its own host, which host_patterns "
        "['api.example.com'] do not take: drop the routes or the host patterns",
    ),
    (
        "services[api].api_groups",
        ("ops",),
        f"{DEV}.services[api].api_groups entry 'ops' is not a group of identity.groups ['admin', 'test']",
    ),
    (
        "services[api].api_scopes",
        ("orders.write",),
        f"{DEV}.services[api].api_scopes entry 'orders.write' is no app client's scope ['email', 'openid', 'profile']",
    ),
    (
        "functions[catalog-api].timeout_seconds",
        31,
        f"{DEV}.functions[catalog-api].timeout_seconds (31) is above the HTTP API's 30 s integration limit for a "
        "routed function: lower it or drop its api_routes",
    ),
    ("http_api.throttle_burst", 0, f"{DEV}.http_api.throttle_burst (0) must be between 1 and 5000"),
    ("http_api.throttle_burst", 5001, f"{DEV}.http_api.throttle_burst (5001) must be between 1 and 5000"),
    ("http_api.throttle_rate", 0.0, f"{DEV}.http_api.throttle_rate (0.0) must be above 0 and at most 10000"),
    ("http_api.throttle_rate", 10001.0, f"{DEV}.http_api.throttle_rate (10001.0) must be above 0 and at most 10000"),
    ("http_api.label", "API", f"{DEV}.http_api.label 'API' must be one DNS label (a-z, 0-9, '-')"),
]


@pytest.mark.parametrize("case", BAD, ids=[f"{c[0]}={c[1]!r}"[:60] for c in BAD])
def test_bad_route_config_is_one_line_naming_the_field(case: tuple[str, Any, str]) -> None:
    path, value, message = case
    with pytest.raises(ConfigError) as raised:
        replace_path(named("dev"), path, value).validate()
    assert raised.value.problems == [message]


def test_jwt_route_without_identity_is_one_line_per_owner() -> None:
    environment = dataclasses.replace(named("dev"), identity=None)
    with pytest.raises(ConfigError) as raised:
        environment.validate()
    assert raised.value.problems == [
        f"{DEV}.{owner}.api_auth 'jwt' needs the environment's identity (user pool): set identity or 'none'"
        for owner in ("services[api]", "functions[catalog-api]")
    ]


def test_routes_without_http_api_are_refused() -> None:
    environment = dataclasses.replace(named("dev"), http_api=None)
    with pytest.raises(ConfigError) as raised:
        environment.validate()
    assert raised.value.problems == [
        f"{DEV}.{owner}.api_routes needs the environment's HTTP API: set http_api=HttpApiConfig()"
        for owner in ("services[api]", "functions[catalog-api]")
    ]


def test_without_http_api_drops_every_route_and_validates() -> None:
    environment = without_http_api(named("dev")).validate()
    assert environment.http_api is None
    assert not any(getattr(s, "api_routes", ()) for s in (*environment.services, *environment.functions))
    with pytest.raises(ConfigError, match="without_http_api has nothing to drop"):
        without_http_api(environment)


def test_a_group_the_pool_defines_is_accepted() -> None:
    environment = replace_identity(named("dev"), groups=("admin", "test", "ops"))
    replace_path(environment, "services[api].api_groups", ("ops",)).validate()


def test_both_front_door_layouts_are_among_the_named_environments() -> None:
    with_api = {name for name in ("local", "dev", "staging", "prod") if named(name).http_api is not None}
    assert with_api and with_api != {"local", "dev", "staging", "prod"}
    assert named("staging").http_api is None
    assert named("dev").http_api == HttpApiConfig()
    assert named("prod").http_api == HttpApiConfig(log_retention_days=365)


@pytest.mark.parametrize(
    ("pattern", "path", "takes"),
    [
        ("/api/*", "/api/orders/{proxy+}", True),
        ("/api/*", "/orders/{proxy+}", False),
        ("/api/orders", "/api/orders/{proxy+}", False),
        ("/api/?", "/api/{id}", True),  # one sample segment of one character
        ("/api/*/items", "/api/{id}/items", True),
        ("/api/*/items", "/api/{proxy+}", False),
        ("/*", "/admin/{proxy+}", True),
        ("/API/*", "/api/x", False),  # case-sensitive, as the load balancer
    ],
)
def test_a_route_is_taken_only_by_a_pattern_that_takes_all_its_paths(pattern: str, path: str, takes: bool) -> None:
    assert alb_path_matches(pattern, path) is takes
