"""Functions: a service kind (``kind="function"``) run by AWS Lambda rather than ECS.

A function's code is a folder of this repository (``source``, e.g. ``functions/catalog``) with
its handler module; the platform zips the folder at synth, deterministically (the same files
always give the same bytes and hash, so an unchanged function plans no change). Python 3.12 on
arm64, in the private subnets with its own security group, a KMS-encrypted log group, a
dead-letter queue for asynchronous failures, X-Ray active tracing with ``tracing``, and the
same ``grants`` by logical name as the other kinds.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from environments.schema.http_api import ApiRouteFields
from environments.schema.rules import LOGICAL_NAME_PATTERN, _ranges, _retention
from environments.schema.services import Grants, platform_variables
from environments.typecheck import FREE_TEXT

REPOSITORY = Path(__file__).resolve().parents[2]
"""Where ``source`` folders are found (the repository's root)."""
SOURCE = re.compile(r"[a-z][a-z0-9_]*(/[a-z][a-z0-9_]*)*", re.ASCII)
"""A folder under the repository: lowercase words and '_' joined by '/', no '..'."""
HANDLER = re.compile(r"(?P<module>[a-z_][a-z0-9_]*)\.(?P<function>[a-z_][a-z0-9_]*)", re.ASCII)
MIN_MEMORY, MAX_MEMORY = 128, 10240
"""Lambda's memory range (MB)."""
MAX_TIMEOUT = 900
"""Lambda's longest run (s)."""


@dataclass(frozen=True, kw_only=True)
class FunctionConfig(ApiRouteFields):
    """A Lambda function with its code from a folder of this repository."""

    name: str
    """Logical name: the function, its role, log group, security group and queue are named after it."""
    kind: Literal["function"] = "function"
    source: str
    """The folder holding the code, relative to the repository (``functions/catalog``)."""
    handler: str = "handler.handler"
    """``<module>.<function>`` inside ``source`` (``handler.py`` defining ``handler``)."""
    memory: int = 256
    """MB, 128-10240 (CPU grows with it)."""
    timeout_seconds: int = 30
    reserved_concurrency: int | None = None
    """Concurrent runs kept for (and limited to) this function; None: the account's pool."""
    environment: Mapping[str, str] = field(default_factory=dict, metadata={FREE_TEXT: True})
    """Plain, non-secret variables; a name the platform injects (``Grants``) is refused."""
    log_retention_days: int = 30
    tracing: bool = False
    """X-Ray active tracing (its write permission comes with it)."""
    grants: Grants = field(default_factory=Grants)

    @property
    def granted(self) -> Grants:
        return self.grants

    @property
    def source_path(self) -> Path:
        return REPOSITORY / self.source

    def problems(self, at: str) -> list[str]:
        out: list[str] = []
        if not LOGICAL_NAME_PATTERN.fullmatch(self.name):
            out.append(
                f"{at}.name {self.name!r} must be 1-30 of a-z and 0-9 in words joined by single '-', starting with a letter"
            )
        handler = HANDLER.fullmatch(self.handler)
        if handler is None:
            out.append(f"{at}.handler {self.handler!r} must be '<module>.<function>' such as 'handler.handler'")
        if not SOURCE.fullmatch(self.source):
            out.append(
                f"{at}.source {self.source!r} must be a folder of this repository such as 'functions/catalog' "
                "(lowercase words and '_' joined by '/')"
            )
        elif not self.source_path.is_dir():
            out.append(f"{at}.source {self.source!r} is not a folder of this repository: create it or fix the path")
        elif handler is not None and not (self.source_path / f"{handler['module']}.py").is_file():
            out.append(
                f"{at}.handler {self.handler!r} has no {handler['module']}.py in {self.source}: add it or fix the handler"
            )
        out += _ranges(self, at, (("memory", MIN_MEMORY, MAX_MEMORY, " MB"), ("timeout_seconds", 1, MAX_TIMEOUT, " s")))
        if self.reserved_concurrency is not None:
            out += _ranges(self, at, (("reserved_concurrency", 1, 1000),))
        out += _retention(self.log_retention_days, f"{at}.log_retention_days")
        return out


def functions_problems(
    functions: Sequence[FunctionConfig],
    at: str,
    *,
    services: Sequence[str],
    tables: Sequence[str],
    queues: Sequence[str],
    topics: Sequence[str],
    iam_auth: bool,
) -> list[str]:
    """The rules between the functions and the rest of the environment (as ``services_problems``)."""
    out: list[str] = []
    reserved = platform_variables(tables=tables, queues=queues, topics=topics)
    names = [f.name for f in functions]
    for name in sorted({n for n in names if names.count(n) > 1}):
        out.append(f"{at}: {name!r} is the name of more than one function: function names must be unique")
    for spec in functions:
        where = f"{at}[{spec.name}]"
        if spec.name in services:
            out.append(
                f"{where}.name {spec.name!r} is a service's name too: a function and a service need their own names"
            )
        out += spec.problems(where)
        if "secret" in spec.grants.database:
            out.append(
                f"{where}.grants.database 'secret' injects secrets into a container, which a function has not: "
                "use database=('iam',)"
            )
        if spec.grants.cache:
            out.append(
                f"{where}.grants.cache is on, but only services (ECS) are granted the cache (its users and "
                "network rules are per service): grant it to a service instead"
            )
        for key in spec.environment:
            if key in reserved:
                out.append(
                    f"{where}.environment key {key!r} is the platform's variable for {reserved[key]} (set only by a "
                    "grant): grant it, or name the variable otherwise"
                )
        out += spec.grants.problems(f"{where}.grants", tables=tables, queues=queues, topics=topics, iam_auth=iam_auth)
    return out
