"""The HTTP API front door of the ``local`` platform on the emulator (the shared deployment of
``tests/deploy/conftest.py``): every configured route with its authorization, the JWT
authorizer bound to the user pool and its app clients, the web service's routes through the VPC
link with TLS to the origin name, the functions' routes as Lambda proxies, the auto-deployed
``$default`` stage, the ``api.<domain>`` name CloudFront's API path goes to; and after the
destroy, none of it is left.

Marked ``deploy``: ``make test-fast`` skips it.
"""

from __future__ import annotations

import pytest

from environments import named
from environments.schema import WebServiceConfig
from tests.deploy.conftest import Deployment

LOCAL = named("local")
pytestmark = pytest.mark.deploy  # local has the HTTP API (environments/local.py): never skipped
NAME = "platform-http-api-local"


def _api(deployment: Deployment) -> dict:
    [api] = [a for a in deployment.client("apigatewayv2").get_apis()["Items"] if a["Name"] == NAME]
    return api


def _configured() -> dict[str, str]:
    """Route key -> authorization type, from the configuration."""
    routed = [s for s in LOCAL.services if isinstance(s, WebServiceConfig)] + list(LOCAL.functions)
    return {str(key): ("JWT" if jwt else "NONE") for spec in routed for key, jwt in spec.route_keys()}


def test_every_configured_route_is_there_with_its_authorization(deployment: Deployment) -> None:
    api_id = _api(deployment)["ApiId"]
    gateway = deployment.client("apigatewayv2")
    routes = gateway.get_routes(ApiId=api_id)["Items"]
    assert {r["RouteKey"]: r["AuthorizationType"] for r in routes} == _configured()
    [authorizer] = gateway.get_authorizers(ApiId=api_id)["Items"]
    for route in routes:
        assert route.get("AuthorizerId") == (
            authorizer["AuthorizerId"] if route["AuthorizationType"] == "JWT" else None
        )


def test_the_authorizer_trusts_the_user_pool_and_its_clients_only(deployment: Deployment) -> None:
    gateway = deployment.client("apigatewayv2")
    [authorizer] = gateway.get_authorizers(ApiId=_api(deployment)["ApiId"])["Items"]
    identity = deployment.outputs("identity")
    assert authorizer["AuthorizerType"] == "JWT"
    assert authorizer["IdentitySource"] == ["$request.header.Authorization"]
    jwt = authorizer["JwtConfiguration"]
    assert jwt["Issuer"] == identity["issuer_url"]["value"]
    assert sorted(jwt["Audience"]) == sorted(identity["user_pool_client_ids"]["value"].values())


def test_web_routes_go_through_the_vpc_link_and_function_routes_to_lambda(deployment: Deployment) -> None:
    api_id = _api(deployment)["ApiId"]
    gateway = deployment.client("apigatewayv2")
    integrations = {i["IntegrationId"]: i for i in gateway.get_integrations(ApiId=api_id)["Items"]}
    [link] = [v for v in gateway.get_vpc_links()["Items"] if v["Name"] == "platform-http-api-link-local"]
    function_routes = {str(key) for f in LOCAL.functions for key, _ in f.route_keys()}
    assert LOCAL.domain is not None
    for route in gateway.get_routes(ApiId=api_id)["Items"]:
        integration = integrations[route["Target"].removeprefix("integrations/")]
        if route["RouteKey"] in function_routes:
            assert integration["IntegrationType"] == "AWS_PROXY"
            assert ":function:platform-catalog-api-local" in integration["IntegrationUri"]
            assert integration["PayloadFormatVersion"] == "2.0"
        else:
            assert integration["IntegrationType"] == "HTTP_PROXY"
            assert (integration["ConnectionType"], integration["ConnectionId"]) == ("VPC_LINK", link["VpcLinkId"])
            assert integration["TlsConfig"]["ServerNameToVerify"] == LOCAL.domain.origin_name
            assert ":listener/app/platform-api-local/" in integration["IntegrationUri"]


def test_the_default_stage_deploys_itself_and_cloudfront_goes_to_the_api_name(deployment: Deployment) -> None:
    api = _api(deployment)
    gateway = deployment.client("apigatewayv2")
    stages = {s["StageName"]: s for s in gateway.get_stages(ApiId=api["ApiId"])["Items"]}
    assert list(stages) == ["$default"] and stages["$default"]["AutoDeploy"] is True
    assert LOCAL.http_api is not None and LOCAL.domain is not None
    name = f"{LOCAL.http_api.label}.{LOCAL.domain.name}"
    assert gateway.get_domain_name(DomainName=name)["DomainName"] == name
    distribution_id = deployment.outputs("edge")["cloudfront_distribution_id"]["value"]
    config = deployment.client("cloudfront").get_distribution(Id=distribution_id)["Distribution"]["DistributionConfig"]
    [origin] = [o for o in config["Origins"]["Items"] if o["Id"] == "api"]
    assert origin["DomainName"].rstrip(".") == name
    assert origin["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"


@pytest.mark.after_destroy
def test_no_http_api_is_left_after_the_destroy(deployment: Deployment) -> None:
    gateway = deployment.client("apigatewayv2")
    assert [a for a in gateway.get_apis()["Items"] if a["Name"] == NAME] == []
    assert gateway.get_vpc_links()["Items"] == []
