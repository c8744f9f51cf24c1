"""The functions section's rules: each bad value is one line naming the field and the fix; the
named environments run the catalogue's function with its grant of the catalog table."""

from __future__ import annotations

from typing import Any

import pytest

from environments import named
from environments.schema import ConfigError, Grants
from tests.conftest import environment_of, suffixes
from tests.environments.test_schema import replace_path

AT = "environments.dev.functions[catalog-api]"
BAD_FUNCTION: list[tuple[str, Any, str]] = [
    (
        "source",
        "functions/nothing",
        f"{AT}.source 'functions/nothing' is not a folder of this repository: create it or fix the path",
    ),
    (
        "source",
        "../etc",
        f"{AT}.source '../etc' must be a folder of this repository such as 'functions/catalog' "
        "(lowercase words and '_' joined by '/')",
    ),
    (
        "handler",
        "main.handler",
        f"{AT}.handler 'main.handler' has no main.py in functions/catalog: add it or fix the handler",
    ),
    ("handler", "handler", f"{AT}.handler 'handler' must be '<module>.<function>' such as 'handler.handler'"),
    ("memory", 64, f"{AT}.memory (64 MB) must be between 128 and 10240"),
    ("memory", 10241, f"{AT}.memory (10241 MB) must be between 128 and 10240"),
    ("timeout_seconds", 901, f"{AT}.timeout_seconds (901 s) must be between 1 and 900"),
    ("reserved_concurrency", 0, f"{AT}.reserved_concurrency (0) must be between 1 and 1000"),
    (
        "grants",
        Grants(read_tables=("nope",)),
        f"{AT}.grants.read_tables names table 'nope', which this environment does not have (its tables: catalog, orders)",
    ),
    (
        "grants",
        Grants(database=("secret",)),
        f"{AT}.grants.database 'secret' injects secrets into a container, which a function has not: use database=('iam',)",
    ),
    (
        "environment",
        {"TABLE_ORDERS": "x"},
        f"{AT}.environment key 'TABLE_ORDERS' is the platform's variable for table 'orders' (set only by a grant): "
        "grant it, or name the variable otherwise",
    ),
    (
        "name",
        "api",
        "environments.dev.functions[api].name 'api' is a service's name too: a function and a service need their own names",
    ),
]


@pytest.mark.parametrize("case", BAD_FUNCTION, ids=[f"{c[0]}={c[1]!r}"[:50] for c in BAD_FUNCTION])
def test_bad_function_is_one_line_naming_the_field(case: tuple[str, Any, str]) -> None:
    field, value, message = case
    with pytest.raises(ConfigError) as raised:
        replace_path(named("dev"), f"functions[catalog-api].{field}", value).validate()
    assert raised.value.problems == [message]


@pytest.mark.parametrize("suffix", suffixes())
def test_every_environment_runs_the_catalog_function_on_the_catalog_table(suffix: str) -> None:
    [function] = [f for f in environment_of(suffix).functions if f.name == "catalog-api"]
    assert function.source == "functions/catalog" and function.handler == "handler.handler"
    assert function.grants.read_write_tables == ("catalog",)
    assert function.environment["CATALOG_WRITE_GROUP"] == "admin"
    assert (function.memory, function.timeout_seconds) == (256, 30)
