"""The catalogue's CRUD handler (``functions/catalog/handler.py``) against moto's in-process
DynamoDB: a table with the ``catalog`` table's configured keys and indexes, every route and every
error the handler answers, with the events the HTTP API sends (payload 2.0, JWT claims)."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from environments.base import CATALOG_TABLE
from functions.catalog import handler as catalog

TABLE = "platform-catalog-test"
ADMIN = {"sub": "a-1", "cognito:groups": "[admin test]"}
"""The claims the HTTP API passes for a user in ``admin`` and ``test`` (its rendering of a list)."""
READER = {"sub": "r-1", "cognito:groups": "[test]"}
TYPES = {"S": "S", "N": "N", "B": "B"}


def _key_schema(partition: str, sort: str | None) -> list[dict[str, str]]:
    keys = [{"AttributeName": partition, "KeyType": "HASH"}]
    return keys + ([{"AttributeName": sort, "KeyType": "RANGE"}] if sort else [])


@pytest.fixture
def table(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The catalog table as configured (``environments/base.py``), empty, in moto."""
    for variable, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "eu-west-1",
        "TABLE_CATALOG": TABLE,
        "CATALOG_READS": "open",
        "CATALOG_WRITE_GROUP": "admin",
    }.items():
        monkeypatch.setenv(variable, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    catalog._table.cache_clear()
    with mock_aws():
        dynamodb = boto3.resource("dynamodb", region_name="eu-west-1")
        created = dynamodb.create_table(
            TableName=TABLE,
            BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[
                {"AttributeName": name, "AttributeType": TYPES[kind]} for name, kind in CATALOG_TABLE.attributes.items()
            ],
            KeySchema=_key_schema(CATALOG_TABLE.partition_key, CATALOG_TABLE.sort_key),
            GlobalSecondaryIndexes=[
                {
                    "IndexName": index.name,
                    "KeySchema": _key_schema(index.partition_key, index.sort_key),
                    "Projection": {"ProjectionType": index.projection},
                }
                for index in CATALOG_TABLE.indexes
            ],
        )
        yield created
    catalog._table.cache_clear()


def event(
    route: str,
    *,
    product_id: str | None = None,
    body: object = None,
    claims: dict[str, Any] | None = None,
    query: dict[str, str] | None = None,
    raw_body: str | None = None,
    base64_body: bool = False,
) -> dict[str, Any]:
    """An HTTP API (payload 2.0) event for ``route`` (``"GET /products/{id}"``)."""
    method, template = route.split(" ", 1)
    text = raw_body if raw_body is not None else (None if body is None else json.dumps(body))
    if text is not None and base64_body:
        text = base64.b64encode(text.encode()).decode()
    context: dict[str, Any] = {"http": {"method": method, "path": template.replace("{id}", product_id or "")}}
    if claims is not None:
        context["authorizer"] = {"jwt": {"claims": claims, "scopes": None}}
    return {
        "version": "2.0",
        "routeKey": route,
        "rawPath": context["http"]["path"],
        "pathParameters": {"id": product_id} if product_id is not None else None,
        "queryStringParameters": query,
        "body": text,
        "isBase64Encoded": base64_body,
        "requestContext": context,
    }


def call(*args: Any, **kwargs: Any) -> tuple[int, Any]:
    response = catalog.handler(event(*args, **kwargs), None)
    if response["statusCode"] != 204:
        assert response["headers"]["content-type"] == "application/json"
    return response["statusCode"], json.loads(response["body"]) if response["body"] else None


LAMP = {"id": "lamp-1", "name": "Desk lamp", "category": "lighting", "price": 24.5, "description": "Warm light"}


def create(product: dict[str, Any] = LAMP) -> None:
    assert call("POST /products", body=product, claims=ADMIN)[0] == 201


# --- every route ------------------------------------------------------------------------------


def test_create_stores_the_product_on_the_tables_single_table_keys(table: Any) -> None:
    assert call("POST /products", body=LAMP, claims=ADMIN) == (201, LAMP)
    item = table.get_item(Key={"PK": "PRODUCT#lamp-1", "SK": "PRODUCT"})["Item"]
    assert (item["category"], item["name"], str(item["price"])) == ("lighting", "Desk lamp", "24.5")


def test_get_returns_the_product(table: Any) -> None:
    create()
    assert call("GET /products/{id}", product_id="lamp-1") == (200, LAMP)


def test_list_returns_every_product_and_only_products(table: Any) -> None:
    create()
    create({"id": "chair", "name": "Chair", "category": "seating", "price": 80})
    table.put_item(Item={"PK": "CART#u1", "SK": "ITEM#lamp-1"})  # another entity of the single table
    status, body = call("GET /products")
    assert status == 200
    assert sorted(product["id"] for product in body["products"]) == ["chair", "lamp-1"]
    assert "next" not in body


def test_list_by_category_uses_the_index(table: Any) -> None:
    create()
    create({"id": "chair", "name": "Chair", "category": "seating", "price": 80})
    create({"id": "stool", "name": "Stool", "category": "seating", "price": 20})
    status, body = call("GET /products", query={"category": "seating"})
    assert status == 200
    assert [product["id"] for product in body["products"]] == ["chair", "stool"]  # by name


def test_list_pages_with_the_cursor_it_returns(table: Any) -> None:
    for number in range(5):
        create({"id": f"p{number}", "name": f"P{number}", "category": "c", "price": number})
    seen: list[str] = []
    query: dict[str, str] = {"limit": "2"}
    for _ in range(10):
        status, body = call("GET /products", query=query)
        assert status == 200
        seen += [product["id"] for product in body["products"]]
        if "next" not in body:
            break
        query = {"limit": "2", "cursor": body["next"]}
    assert sorted(seen) == [f"p{number}" for number in range(5)]


def test_list_by_category_pages_too(table: Any) -> None:
    for number in range(3):
        create({"id": f"p{number}", "name": f"P{number}", "category": "c", "price": number})
    status, first = call("GET /products", query={"category": "c", "limit": "2"})
    assert status == 200 and len(first["products"]) == 2
    status, second = call("GET /products", query={"category": "c", "limit": "2", "cursor": first["next"]})
    assert status == 200 and [product["id"] for product in second["products"]] == ["p2"]


def test_put_replaces_the_product(table: Any) -> None:
    create()
    changed = {"name": "Desk lamp XL", "category": "lighting", "price": 30}
    assert call("PUT /products/{id}", product_id="lamp-1", body=changed, claims=ADMIN) == (
        200,
        {"id": "lamp-1", **changed},
    )
    assert call("GET /products/{id}", product_id="lamp-1")[1] == {"id": "lamp-1", **changed}  # description gone


def test_delete_removes_the_product(table: Any) -> None:
    create()
    assert call("DELETE /products/{id}", product_id="lamp-1", claims=ADMIN) == (204, None)
    assert call("GET /products/{id}", product_id="lamp-1")[0] == 404


def test_routes_behind_a_prefix_and_a_default_route(table: Any) -> None:
    """CloudFront's ``/api/*`` reaches the API with its prefix; a ``$default`` route has only
    the raw path."""
    create()
    assert call("GET /api/products/{id}", product_id="lamp-1")[0] == 200
    default = event("GET /api/products/lamp-1")
    default["routeKey"] = "$default"
    default["pathParameters"] = None
    assert catalog.handler(default, None)["statusCode"] == 200


def test_a_base64_body_is_read(table: Any) -> None:
    assert call("POST /products", body=LAMP, claims=ADMIN, base64_body=True) == (201, LAMP)


def test_a_claims_list_is_read_as_groups(table: Any) -> None:
    assert call("POST /products", body=LAMP, claims={"cognito:groups": ["admin"]})[0] == 201


# --- every error ------------------------------------------------------------------------------


def test_get_of_a_missing_product_is_404(table: Any) -> None:
    assert call("GET /products/{id}", product_id="nope") == (404, {"error": "no product 'nope'"})


def test_put_of_a_missing_product_is_404(table: Any) -> None:
    status, body = call(
        "PUT /products/{id}", product_id="nope", body={"name": "n", "category": "c", "price": 1}, claims=ADMIN
    )
    assert status == 404 and "POST /products" in body["error"]
    assert "Item" not in table.get_item(Key={"PK": "PRODUCT#nope", "SK": "PRODUCT"})  # no upsert


def test_delete_of_a_missing_product_is_404(table: Any) -> None:
    assert call("DELETE /products/{id}", product_id="nope", claims=ADMIN)[0] == 404


def test_creating_an_existing_id_is_409_and_keeps_the_product(table: Any) -> None:
    create()
    status, body = call("POST /products", body={**LAMP, "name": "Other"}, claims=ADMIN)
    assert status == 409 and "PUT /products/lamp-1" in body["error"]
    assert call("GET /products/{id}", product_id="lamp-1")[1]["name"] == "Desk lamp"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": ""}, "name must be a non-empty string"),
        ({"name": "x" * 201}, "name must be a non-empty string of at most 200"),
        ({"name": 5}, "name must be a non-empty string"),
        ({"category": None}, "category must be a non-empty string"),
        ({"description": ["a"]}, "description must be a non-empty string"),
        ({"price": "12"}, "price must be a number"),
        ({"price": True}, "price must be a number"),
        ({"price": -1}, "price must be between 0 and 1000000"),
        ({"price": 1000001}, "price must be between 0 and 1000000"),
        ({"price": 1.234}, "price must have at most 2 decimal places"),
        ({"id": "bad id"}, "id must be 1-64 of letters"),
        ({"id": "-lead"}, "id must be 1-64 of letters"),
        ({"id": "x" * 65}, "id must be 1-64 of letters"),
        ({"id": 7}, "id must be 1-64 of letters"),
        ({"colour": "red"}, "unknown field(s) colour"),
    ],
)
def test_invalid_product_is_400_naming_the_field(table: Any, change: dict[str, Any], message: str) -> None:
    status, body = call("POST /products", body={**LAMP, **change}, claims=ADMIN)
    assert status == 400 and message in body["error"]
    assert table.scan()["Count"] == 0


def test_missing_field_is_400(table: Any) -> None:
    product = {key: value for key, value in LAMP.items() if key != "price"}
    assert call("POST /products", body=product, claims=ADMIN) == (400, {"error": "price must be a number"})


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (None, "the request needs a JSON object body"),
        ("", "the request needs a JSON object body"),
        ("{not json", "the body is not valid JSON"),
        ("[1, 2]", "the body must be a JSON object"),
        ('{"name": "' + "x" * 17000 + '"}', "the body is larger than 16384 bytes"),
    ],
)
def test_bad_body_is_400(table: Any, raw: str | None, message: str) -> None:
    assert call("POST /products", raw_body=raw, claims=ADMIN) == (400, {"error": message})


def test_bad_base64_body_is_400(table: Any) -> None:
    bad = event("POST /products", raw_body="%%%", claims=ADMIN)
    bad["isBase64Encoded"] = True
    response = catalog.handler(bad, None)
    assert (response["statusCode"], json.loads(response["body"])["error"]) == (
        400,
        "the body is not valid base64-encoded UTF-8",
    )


def test_put_with_another_id_in_the_body_is_400(table: Any) -> None:
    create()
    status, body = call("PUT /products/{id}", product_id="lamp-1", body={**LAMP, "id": "other"}, claims=ADMIN)
    assert status == 400 and "differs from the path" in body["error"]


def test_bad_id_in_the_path_is_400(table: Any) -> None:
    assert call("GET /products/{id}", product_id="a/b")[0] == 400


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"limit": "0"}, "limit must be a whole number from 1 to 100"),
        ({"limit": "101"}, "limit must be a whole number from 1 to 100"),
        ({"limit": "ten"}, "limit must be a whole number from 1 to 100"),
        ({"cursor": "not-a-cursor"}, "cursor is not one this API returned"),
        ({"cursor": base64.urlsafe_b64encode(b'{"PK": "x"}').decode()}, "cursor is not one this API returned"),
        ({"category": ""}, "category must be a non-empty string"),
    ],
)
def test_bad_list_query_is_400(table: Any, query: dict[str, str], message: str) -> None:
    status, body = call("GET /products", query=query)
    assert status == 400 and message in body["error"]


# --- who may read and write -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("route", "product_id", "body"),
    [
        ("POST /products", None, LAMP),
        ("PUT /products/{id}", "lamp-1", LAMP),
        ("DELETE /products/{id}", "lamp-1", None),
    ],
)
def test_writes_need_the_admin_group(table: Any, route: str, product_id: str | None, body: Any) -> None:
    create()
    assert call(route, product_id=product_id, body=body)[0] == 401  # no token
    status, answer = call(route, product_id=product_id, body=body, claims=READER)
    assert (status, answer["error"]) == (403, "changing the catalogue needs membership of the 'admin' group")
    assert call("GET /products/{id}", product_id="lamp-1")[1] == LAMP  # unchanged


def test_the_writers_group_is_configuration(table: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CATALOG_WRITE_GROUP", "editors")
    assert call("POST /products", body=LAMP, claims=ADMIN)[0] == 403
    assert call("POST /products", body=LAMP, claims={"cognito:groups": "[editors]"})[0] == 201


@pytest.mark.parametrize("route", ["GET /products", "GET /products/{id}"])
def test_authenticated_reads_need_a_token(table: Any, monkeypatch: pytest.MonkeyPatch, route: str) -> None:
    create()
    monkeypatch.setenv("CATALOG_READS", "authenticated")
    assert call(route, product_id="lamp-1")[0] == 401
    assert call(route, product_id="lamp-1", claims=READER)[0] == 200


def test_unknown_route_is_404_and_wrong_method_405(table: Any) -> None:
    assert call("GET /orders")[0] == 404
    assert call("PATCH /products/{id}", product_id="lamp-1", claims=ADMIN)[0] == 405
    assert call("DELETE /products", claims=ADMIN)[0] == 405


def test_without_the_table_grant_it_says_so(table: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TABLE_CATALOG")
    assert call("GET /products") == (500, {"error": "the function has no TABLE_CATALOG: grant it the catalog table"})
