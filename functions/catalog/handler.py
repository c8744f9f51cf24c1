"""The product catalogue's CRUD behind the HTTP API (Lambda proxy integration, payload 2.0).

Routes (any prefix before ``/products``, e.g. ``/api/products``, is accepted):

- ``GET /products`` (``?category=...`` through the ``by-category`` index, ``?limit=1-100``,
  ``?cursor=`` from the previous page's ``next``)
- ``GET /products/{id}``, ``POST /products`` (the body names the ``id``), ``PUT /products/{id}``,
  ``DELETE /products/{id}``

A product lives on the ``catalog`` table's single-table keys: ``PK = "PRODUCT#<id>"``,
``SK = "PRODUCT"``, with ``category``, ``name`` and ``price`` (the indexes' keys) and an optional
``description``. Errors are JSON ``{"error": "..."}``: 400 bad input, 401 no token where one is
needed, 403 not in the writers' group, 404 no such product or route, 405 wrong method, 409 a
create of an id that exists.

Configuration (environment variables, set by the platform):
``TABLE_CATALOG`` the table's name (the grant's variable); ``CATALOG_READS`` ``open`` or
``authenticated`` (reads need a valid token's claims); ``CATALOG_WRITE_GROUP`` the Cognito group
whose members may write. Writes always need the group: the HTTP API's JWT authorizer has checked
the token, and the handler reads the ``cognito:groups`` claim it passes.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import os
import re
from decimal import Decimal, InvalidOperation
from typing import Any

import boto3
from botocore.exceptions import ClientError

ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
"""A product id: 1-64 of letters, digits, '_' and '-', starting with a letter or digit."""
PK_PREFIX = "PRODUCT#"
SK = "PRODUCT"
CATEGORY_INDEX = "by-category"
FIELDS = {"id", "name", "category", "price", "description"}
MAX_BODY = 16 * 1024
MAX_NAME = 200
MAX_CATEGORY = 100
MAX_DESCRIPTION = 2000
MAX_PRICE = Decimal("1000000")
DEFAULT_LIMIT = 50
MAX_LIMIT = 100


class HttpError(Exception):
    """An answer other than success: its status and its one-line message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def handler(event: dict[str, Any], context: object = None) -> dict[str, Any]:
    """The Lambda entry point: route, authorize, validate, act; every failure is a JSON error."""
    try:
        method, route = _route(event)
        product_id = _path_id(event) if route == "item" else None
        if method == "GET":
            _authorize_read(event)
            if product_id is None:
                return _respond(200, _list(event.get("queryStringParameters") or {}))
            return _respond(200, _get(product_id))
        _authorize_write(event)
        if method == "POST" and product_id is None:
            return _respond(201, _create(_body(event)))
        if method == "PUT" and product_id is not None:
            return _respond(200, _replace(product_id, _body(event)))
        if method == "DELETE" and product_id is not None:
            _delete(product_id)
            return {"statusCode": 204, "headers": {}, "body": ""}
        raise HttpError(405, f"{method} is not allowed on this route")
    except HttpError as error:
        return _respond(error.status, {"error": error.message})


# --- routing and authorization ---------------------------------------------------------------


def _route(event: dict[str, Any]) -> tuple[str, str]:
    """``(method, "collection" | "item")`` from the route key (``GET /products/{id}``), or from
    the method and raw path behind a ``$default`` route."""
    route_key = event.get("routeKey") or "$default"
    if route_key != "$default" and " " in route_key:
        method, template = route_key.split(" ", 1)
        if template.endswith("/products"):
            return _method(method, event), "collection"
        if template.endswith("/products/{id}"):
            return _method(method, event), "item"
        raise HttpError(404, f"no such route: {route_key}")
    http = (event.get("requestContext") or {}).get("http") or {}
    path = str(event.get("rawPath") or http.get("path") or "")
    method = str(http.get("method") or "")
    if re.search(r"/products/?$", path):
        return method.upper(), "collection"
    match = re.search(r"/products/([^/]+)/?$", path)
    if match:
        event.setdefault("pathParameters", {})
        event["pathParameters"] = {**(event["pathParameters"] or {}), "id": match.group(1)}
        return method.upper(), "item"
    raise HttpError(404, f"no such route: {method} {path}")


def _method(method: str, event: dict[str, Any]) -> str:
    """A route key's method; ``ANY`` routes take the request's."""
    if method.upper() != "ANY":
        return method.upper()
    http = (event.get("requestContext") or {}).get("http") or {}
    return str(http.get("method") or "").upper()


def _path_id(event: dict[str, Any]) -> str:
    product_id = (event.get("pathParameters") or {}).get("id")
    if not isinstance(product_id, str) or not ID_PATTERN.fullmatch(product_id):
        raise HttpError(
            400, "id in the path must be 1-64 of letters, digits, '_' and '-', starting with a letter or digit"
        )
    return product_id


def _claims(event: dict[str, Any]) -> dict[str, Any] | None:
    """The JWT claims the HTTP API's authorizer passed, or None (no authorizer on the route)."""
    authorizer = (event.get("requestContext") or {}).get("authorizer") or {}
    claims = (authorizer.get("jwt") or {}).get("claims")
    return claims if isinstance(claims, dict) and claims else None


def _groups(claims: dict[str, Any]) -> set[str]:
    """``cognito:groups`` as the HTTP API passes it: a string ``"[admin test]"`` (its rendering of
    a JSON array), or a list when called otherwise; a comma-separated string is read too."""
    raw = claims.get("cognito:groups")
    if isinstance(raw, list):
        return {str(group) for group in raw}
    if isinstance(raw, str):
        return {group for group in re.split(r"[\s,]+", raw.strip().strip("[]")) if group}
    return set()


def _authorize_read(event: dict[str, Any]) -> None:
    reads = os.environ.get("CATALOG_READS", "authenticated")
    if reads != "open" and _claims(event) is None:
        raise HttpError(401, "reading the catalogue needs a signed-in user's token")


def _authorize_write(event: dict[str, Any]) -> None:
    claims = _claims(event)
    if claims is None:
        raise HttpError(401, "changing the catalogue needs a signed-in user's token")
    group = os.environ.get("CATALOG_WRITE_GROUP", "admin")
    if group not in _groups(claims):
        raise HttpError(403, f"changing the catalogue needs membership of the {group!r} group")


# --- input ------------------------------------------------------------------------------------


def _body(event: dict[str, Any]) -> dict[str, Any]:
    raw = event.get("body")
    if raw is None or raw == "":
        raise HttpError(400, "the request needs a JSON object body")
    if event.get("isBase64Encoded"):
        try:
            raw = base64.b64decode(raw, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise HttpError(400, "the body is not valid base64-encoded UTF-8") from None
    if len(raw.encode("utf-8")) > MAX_BODY:
        raise HttpError(400, f"the body is larger than {MAX_BODY} bytes")
    try:
        body = json.loads(raw, parse_float=Decimal)
    except ValueError:
        raise HttpError(400, "the body is not valid JSON") from None
    if not isinstance(body, dict):
        raise HttpError(400, "the body must be a JSON object")
    unknown = sorted(set(body) - FIELDS)
    if unknown:
        raise HttpError(400, f"unknown field(s) {', '.join(unknown)}: a product has {', '.join(sorted(FIELDS))}")
    return body


def _text(body: dict[str, Any], field: str, limit: int, required: bool = True) -> str | None:
    value = body.get(field)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise HttpError(400, f"{field} must be a non-empty string of at most {limit} characters")
    return value


def _price(body: dict[str, Any]) -> Decimal:
    value = body.get("price")
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise HttpError(400, "price must be a number")
    try:
        price = Decimal(value)
    except InvalidOperation:  # pragma: no cover - ints and parsed decimals always convert
        raise HttpError(400, "price must be a number") from None
    if not price.is_finite() or price < 0 or price > MAX_PRICE:
        raise HttpError(400, f"price must be between 0 and {MAX_PRICE}")
    if price != price.quantize(Decimal("0.01")):
        raise HttpError(400, "price must have at most 2 decimal places")
    return price


def _product(product_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """The table item for ``body`` (validated: every problem is a 400)."""
    name = _text(body, "name", MAX_NAME)
    category = _text(body, "category", MAX_CATEGORY)
    description = _text(body, "description", MAX_DESCRIPTION, required=False)
    item: dict[str, Any] = {
        "PK": PK_PREFIX + product_id,
        "SK": SK,
        "id": product_id,
        "name": name,
        "category": category,
        "price": _price(body),
    }
    if description is not None:
        item["description"] = description
    return item


def _limit(query: dict[str, Any]) -> int:
    raw = query.get("limit")
    if raw is None:
        return DEFAULT_LIMIT
    if not isinstance(raw, str) or not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise HttpError(400, f"limit must be a whole number from 1 to {MAX_LIMIT}")
    return int(raw)


def _cursor(query: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any] | None:
    raw = query.get("cursor")
    if raw is None:
        return None
    try:
        cursor = json.loads(base64.urlsafe_b64decode(raw.encode("ascii")).decode("utf-8"), parse_float=Decimal)
    except (ValueError, UnicodeError, binascii.Error):
        raise HttpError(400, "cursor is not one this API returned: start again without it") from None
    if (
        not isinstance(cursor, dict)
        or set(cursor) != set(keys)
        or not all(isinstance(v, str | int | Decimal) for v in cursor.values())
    ):
        raise HttpError(400, "cursor is not one this API returned: start again without it")
    return cursor


# --- the table ----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _table(name: str) -> Any:
    return boto3.resource("dynamodb").Table(name)


def _catalog() -> Any:
    name = os.environ.get("TABLE_CATALOG")
    if not name:
        raise HttpError(500, "the function has no TABLE_CATALOG: grant it the catalog table")
    return _table(name)


def _public(item: dict[str, Any]) -> dict[str, Any]:
    return {field: item[field] for field in ("id", "name", "category", "price", "description") if field in item}


def _get(product_id: str) -> dict[str, Any]:
    item = _catalog().get_item(Key={"PK": PK_PREFIX + product_id, "SK": SK}).get("Item")
    if item is None:
        raise HttpError(404, f"no product {product_id!r}")
    return _public(item)


def _list(query: dict[str, Any]) -> dict[str, Any]:
    limit = _limit(query)
    category = query.get("category")
    if category is not None:
        if not isinstance(category, str) or not category.strip() or len(category) > MAX_CATEGORY:
            raise HttpError(400, f"category must be a non-empty string of at most {MAX_CATEGORY} characters")
        request: dict[str, Any] = {
            "IndexName": CATEGORY_INDEX,
            "KeyConditionExpression": "category = :category",
            "ExpressionAttributeValues": {":category": category},
            "Limit": limit,
        }
        start = _cursor(query, ("PK", "SK", "category", "name"))
        method = _catalog().query
    else:
        request = {
            "FilterExpression": "SK = :sk",
            "ExpressionAttributeValues": {":sk": SK},
            "Limit": limit,
        }
        start = _cursor(query, ("PK", "SK"))
        method = _catalog().scan
    if start is not None:
        request["ExclusiveStartKey"] = start
    page = method(**request)
    out: dict[str, Any] = {"products": [_public(item) for item in page.get("Items", [])]}
    last = page.get("LastEvaluatedKey")
    if last:
        out["next"] = base64.urlsafe_b64encode(json.dumps(last, default=_json_value).encode("utf-8")).decode("ascii")
    return out


def _create(body: dict[str, Any]) -> dict[str, Any]:
    product_id = body.get("id")
    if not isinstance(product_id, str) or not ID_PATTERN.fullmatch(product_id):
        raise HttpError(400, "id must be 1-64 of letters, digits, '_' and '-', starting with a letter or digit")
    item = _product(product_id, body)
    try:
        _catalog().put_item(Item=item, ConditionExpression="attribute_not_exists(PK)")
    except ClientError as error:
        if _conditional_failed(error):
            raise HttpError(409, f"product {product_id!r} exists: change it with PUT /products/{product_id}") from None
        raise
    return _public(item)


def _replace(product_id: str, body: dict[str, Any]) -> dict[str, Any]:
    if "id" in body and body["id"] != product_id:
        raise HttpError(400, f"id in the body ({body['id']!r}) differs from the path's ({product_id!r})")
    item = _product(product_id, body)
    try:
        _catalog().put_item(Item=item, ConditionExpression="attribute_exists(PK)")
    except ClientError as error:
        if _conditional_failed(error):
            raise HttpError(404, f"no product {product_id!r}: create it with POST /products") from None
        raise
    return _public(item)


def _delete(product_id: str) -> None:
    try:
        _catalog().delete_item(Key={"PK": PK_PREFIX + product_id, "SK": SK}, ConditionExpression="attribute_exists(PK)")
    except ClientError as error:
        if _conditional_failed(error):
            raise HttpError(404, f"no product {product_id!r}") from None
        raise


def _conditional_failed(error: ClientError) -> bool:
    return error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException"


# --- output -------------------------------------------------------------------------------------


def _json_value(value: object) -> object:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def _respond(status: int, body: dict[str, Any]) -> dict[str, Any]:
    return {
        "statusCode": status,
        "headers": {"content-type": "application/json"},
        "body": json.dumps(body, default=_json_value, sort_keys=True),
    }
