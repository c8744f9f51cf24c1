"""The HTTP API front door: an API Gateway HTTP API (``$default`` stage, auto-deploy) with JWT
authorization by the environment's user pool, in front of the web services (through a VPC link
to the internal load balancer) and the functions (Lambda proxy).

A web service or a function opts in with ``api_routes`` (route keys such as
``"/orders/{proxy+}"`` or ``"GET /products/{id}"``: a method or ``ANY``, then a path of
segments, ``{param}`` anywhere and ``{proxy+}`` only last), ``api_auth`` (``"jwt"`` or
``"none"``) and optional ``api_scopes`` / ``api_groups`` (named in the identity config).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from environments.schema.rules import _ranges, _retention

METHODS = ("ANY", "GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE")
"""An HTTP API route's methods (``ANY`` matches every one)."""
SEGMENT = re.compile(r"[A-Za-z0-9._~-]+", re.ASCII)
PARAMETER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]{0,63}\}", re.ASCII)
PROXY = "{proxy+}"
MAX_BURST, MAX_RATE = 5000, 10000.0
"""API Gateway's account-level default throttling limits (per region): a route cannot exceed them."""
MAX_INTEGRATION_TIMEOUT = 30
"""The HTTP API's integration timeout (s): a routed function running longer is cut off."""


@dataclass(frozen=True)
class RouteKey:
    """A parsed route key: ``method`` (one of ``METHODS``) and ``path`` (``/a/{id}``)."""

    method: str
    path: str

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def parse_route(text: str) -> RouteKey:
    """``"GET /products/{id}"`` or ``"/orders/{proxy+}"`` (method ``ANY``) as a ``RouteKey``;
    ``ValueError`` with the reason otherwise."""
    if not text.isascii():
        raise ValueError("must be ASCII")
    parts = text.split(" ")
    if len(parts) == 1:
        method, path = "ANY", parts[0]
    elif len(parts) == 2:
        method, path = parts
        if method not in METHODS:
            raise ValueError(f"method {method!r} is not one of {', '.join(METHODS)}")
    else:
        raise ValueError("must be '[METHOD ]/path' with one space at most")
    if not path.startswith("/") or path == "/":
        raise ValueError("path must start with '/' and name at least one segment")
    segments = path[1:].split("/")
    for index, segment in enumerate(segments):
        if segment == PROXY:
            if index != len(segments) - 1:
                raise ValueError("'{proxy+}' may only be the last segment")
        elif not (SEGMENT.fullmatch(segment) or PARAMETER.fullmatch(segment)):
            raise ValueError(f"segment {segment!r} must be letters, digits, . _ ~ - or one '{{param}}'")
    return RouteKey(method, path)


def alb_path_matches(pattern: str, path: str) -> bool:
    """Whether an ALB path pattern (``*``: any characters, ``?``: one; case-sensitive) takes
    every request of a route's ``path``: each ``{param}`` stands for one segment and ``{proxy+}``
    for one or more, tried with a sample of each."""
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    samples = {PARAMETER.sub("p", path.replace(PROXY, fill)) for fill in ("p", "p/q/r")}
    return all(re.fullmatch(regex, sample, re.ASCII | re.DOTALL) for sample in samples)


@dataclass(frozen=True, kw_only=True)
class HttpApiConfig:
    """The environment's HTTP API (``Environment.http_api``; None: no HTTP API, CloudFront's API
    path goes to the load balancer's VPC origin)."""

    throttle_burst: int = 200
    """Default route throttling: requests in a burst (1-5000, API Gateway's account limit)."""
    throttle_rate: float = 100.0
    """Default route throttling: steady requests per second (above 0, at most 10000)."""
    log_retention_days: int = 30
    """The access log group's retention (a CloudWatch Logs value)."""
    custom_domain: bool = True
    """Serve ``<label>.<domain>`` (TLS 1.2, ACM certificate, alias record) where the environment has a domain."""
    label: str = "api"
    """The custom domain's first label."""

    def problems(self, at: str) -> list[str]:
        out = _ranges(self, at, (("throttle_burst", 1, MAX_BURST),))
        if not 0 < self.throttle_rate <= MAX_RATE:
            out.append(f"{at}.throttle_rate ({self.throttle_rate}) must be above 0 and at most {MAX_RATE:g}")
        out += _retention(self.log_retention_days, f"{at}.log_retention_days")
        if not re.fullmatch(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?", self.label, re.ASCII):
            out.append(f"{at}.label {self.label!r} must be one DNS label (a-z, 0-9, '-')")
        return out


@dataclass(frozen=True, kw_only=True)
class ApiRouteFields:
    """What a web service or a function declares about the HTTP API."""

    api_routes: tuple[str, ...] = ()
    """Route keys on the HTTP API (``"/orders/{proxy+}"``, ``"GET /products/{id}"``)."""
    api_auth: Literal["jwt", "none"] = "jwt"
    """``"jwt"``: a valid token of the environment's user pool; ``"none"``: open."""
    api_open_routes: tuple[str, ...] = ()
    """Further route keys that are open whatever ``api_auth`` says (a catalogue's reads)."""
    api_scopes: tuple[str, ...] = ()
    """OAuth scopes a token must carry (one of its app clients' scopes)."""
    api_groups: tuple[str, ...] = ()
    """Groups (``cognito:groups``) the service means to admit, checked against the user pool's
    groups. An HTTP API's JWT authorizer checks scopes, not claims: the service itself reads the
    token's groups from the request (the catalogue's handler does, for ``admin``)."""

    def route_keys(self) -> list[tuple[RouteKey, bool]]:
        """The parsed routes, each with whether it needs a token (call after validation)."""
        return [(parse_route(r), self.api_auth == "jwt") for r in self.api_routes] + [
            (parse_route(r), False) for r in self.api_open_routes
        ]


class _Routed(NamedTuple):
    name: str
    fields: ApiRouteFields
    timeout_seconds: int | None


def api_route_problems(
    routed: Sequence[tuple[str, ApiRouteFields, int | None]],
    at: str,
    *,
    http_api: bool,
    groups: Sequence[str] | None,
    scopes: Sequence[str] | None,
) -> list[str]:
    """The routes of every web service and function (``where, fields, timeout or None``, where
    such as ``services[api]``) against each other and the environment; ``groups`` / ``scopes`` None: no identity."""
    out: list[str] = []
    owners: dict[RouteKey, str] = {}
    for name, fields, timeout in (_Routed(*r) for r in routed):
        where = f"{at}.{name}"
        if not fields.api_routes and not fields.api_open_routes:
            if fields.api_scopes or fields.api_groups:
                out.append(f"{where}.api_scopes/api_groups are set without api_routes: add routes or drop them")
            continue
        if not http_api:
            out.append(f"{where}.api_routes needs the environment's HTTP API: set http_api=HttpApiConfig()")
        for route in (*fields.api_routes, *fields.api_open_routes):
            try:
                key = parse_route(route)
            except ValueError as error:
                out.append(f"{where}.api_routes entry {route!r} is not a route key: {error}")
                continue
            if key in owners and owners[key] != name:
                out.append(f"{where}.api_routes entry {route!r} is {owners[key]!r}'s route too: a route has one owner")
            owners.setdefault(key, name)
        if fields.api_auth == "jwt" and fields.api_routes and groups is None:
            out.append(f"{where}.api_auth 'jwt' needs the environment's identity (user pool): set identity or 'none'")
        if fields.api_auth == "none" and (fields.api_scopes or fields.api_groups):
            out.append(f"{where}.api_scopes/api_groups need api_auth='jwt'")
        for group in fields.api_groups:
            if groups is not None and group not in groups:
                out.append(f"{where}.api_groups entry {group!r} is not a group of identity.groups {sorted(groups)}")
        for scope in fields.api_scopes:
            if scopes is not None and scope not in scopes:
                out.append(f"{where}.api_scopes entry {scope!r} is no app client's scope {sorted(scopes)}")
        if timeout is not None and timeout > MAX_INTEGRATION_TIMEOUT:
            out.append(
                f"{where}.timeout_seconds ({timeout}) is above the HTTP API's {MAX_INTEGRATION_TIMEOUT} s "
                "integration limit for a routed function: lower it or drop its api_routes"
            )
    return out
