"""The HTTP API front door (stacks/service_api.py) in every environment with ``http_api``: one
route per configured route key with the configured authorization, the JWT authorizer bound to
the user pool, the auto-deployed ``$default`` stage with JSON access logs to a KMS-encrypted log
group and throttling, TLS 1.2 on ``api.<domain>``, a VPC link admitted by the load balancer on
443 only, TLS to the origin name, and each function's permission scoped to its own route."""

from __future__ import annotations

import json

import pytest

from environments.schema import WebServiceConfig
from environments.schema.http_api import RouteKey
from modules.network.api_route import source_arn
from tests.conftest import environment_of, suffixes

WITH_API = suffixes(lambda e: e.http_api is not None)
WITHOUT_API = suffixes(lambda e: e.http_api is None)


def _configured(suffix: str) -> dict[str, str]:
    """Route key -> authorization type, from the configuration."""
    environment = environment_of(suffix)
    routed = [s for s in environment.services if isinstance(s, WebServiceConfig)] + list(environment.functions)
    return {str(key): ("JWT" if jwt else "NONE") for spec in routed for key, jwt in spec.route_keys()}


def test_both_layouts_are_synthesized() -> None:
    assert WITH_API and WITHOUT_API


@pytest.mark.parametrize("suffix", WITH_API)
def test_every_configured_route_with_its_authorization(platform, suffix: str) -> None:
    stack = f"service-{suffix}"
    routes = platform.resources(stack, "aws_apigatewayv2_route").values()
    assert {r["route_key"]: r["authorization_type"] for r in routes} == _configured(suffix)
    [authorizer] = platform.resources(stack, "aws_apigatewayv2_authorizer").values()
    for route in routes:
        if route["authorization_type"] == "JWT":
            assert (
                route["authorizer_id"]
                == "${aws_apigatewayv2_authorizer." + _address(platform, stack, "aws_apigatewayv2_authorizer") + ".id}"
            )
        else:
            assert "authorizer_id" not in route
    jwt = authorizer["jwt_configuration"]
    assert jwt["issuer"].startswith("https://${data.terraform_remote_state.cross-stack-reference-input-identity-")
    clients = environment_of(suffix).identity.clients  # type: ignore[union-attr]
    assert len(jwt["audience"]) == len(clients)
    assert authorizer["identity_sources"] == ["$request.header.Authorization"]


def _address(platform, stack: str, kind: str) -> str:
    [address] = platform.resources(stack, kind)
    return address


@pytest.mark.parametrize("suffix", WITH_API)
def test_auto_deployed_default_stage_logs_json_to_a_kms_group_and_throttles(platform, suffix: str) -> None:
    stack = f"service-{suffix}"
    [stage] = platform.resources(stack, "aws_apigatewayv2_stage").values()
    spec = environment_of(suffix).http_api
    assert spec is not None
    assert stage["name"] == "$default" and stage["auto_deploy"] is True
    assert not platform.resources(stack, "aws_apigatewayv2_deployment")  # moto has no CreateDeployment
    assert set(json.loads(stage["access_log_settings"]["format"])) >= {"requestId", "routeKey", "status"}
    group = stage["access_log_settings"]["destination_arn"].split(".")[1]
    assert platform.resources(stack, "aws_cloudwatch_log_group")[group]["kms_key_id"]
    settings = stage["default_route_settings"]
    assert (settings["throttling_burst_limit"], settings["throttling_rate_limit"]) == (
        spec.throttle_burst,
        spec.throttle_rate,
    )


@pytest.mark.parametrize("suffix", suffixes(lambda e: e.http_api is not None and e.domain is not None))
def test_custom_domain_is_tls_1_2_with_its_mapping_and_alias(platform, suffix: str) -> None:
    stack, environment = f"service-{suffix}", environment_of(suffix)
    assert environment.http_api is not None and environment.domain is not None
    name = f"{environment.http_api.label}.{environment.domain.name}"
    [domain] = platform.resources(stack, "aws_apigatewayv2_domain_name").values()
    assert domain["domain_name"] == name
    assert domain["domain_name_configuration"]["security_policy"] == "TLS_1_2"
    assert len(platform.resources(stack, "aws_apigatewayv2_api_mapping")) == 1
    assert any(r["name"] == name for r in platform.resources(stack, "aws_route53_record").values())
    [api] = platform.resources(stack, "aws_apigatewayv2_api").values()
    assert api["disable_execute_api_endpoint"] is True and api["protocol_type"] == "HTTP"


@pytest.mark.parametrize("suffix", WITH_API)
def test_vpc_link_reaches_the_load_balancer_on_443_with_tls_to_the_origin_name(platform, suffix: str) -> None:
    stack, environment = f"service-{suffix}", environment_of(suffix)
    [link] = platform.resources(stack, "aws_apigatewayv2_vpc_link").values()
    [group_ref] = link["security_group_ids"]
    ingress = [
        r
        for r in platform.resources(stack, "aws_vpc_security_group_ingress_rule").values()
        if r.get("referenced_security_group_id") == group_ref
    ]
    assert [(r["from_port"], r["to_port"]) for r in ingress] == [(443, 443)]
    assert "alb" in ingress[0]["security_group_id"]
    proxies = [
        i
        for i in platform.resources(stack, "aws_apigatewayv2_integration").values()
        if i["integration_type"] == "HTTP_PROXY"
    ]
    assert proxies and all(i["connection_type"] == "VPC_LINK" for i in proxies)
    assert environment.domain is not None
    assert {i["tls_config"]["server_name_to_verify"] for i in proxies} == {environment.domain.origin_name}


@pytest.mark.parametrize("suffix", WITH_API)
def test_each_function_permission_is_scoped_to_this_api_and_its_route(platform, suffix: str) -> None:
    stack = f"service-{suffix}"
    api = "${aws_apigatewayv2_api." + _address(platform, stack, "aws_apigatewayv2_api") + ".execution_arn}"
    lambda_routes = {str(key) for f in environment_of(suffix).functions for key, _ in f.route_keys()}
    assert lambda_routes <= {r["route_key"] for r in platform.resources(stack, "aws_apigatewayv2_route").values()}
    permissions = platform.resources(stack, "aws_lambda_permission").values()
    assert sorted(p["source_arn"] for p in permissions) == sorted(
        source_arn(api, RouteKey(*key.split(" "))) for key in lambda_routes
    )
    for permission in permissions:
        assert permission["principal"] == "apigateway.amazonaws.com"
        method_path = permission["source_arn"].removeprefix(api + "/*/")
        assert not method_path.startswith("*") and method_path.count("*") <= 1


def test_source_arn_is_this_api_this_method_this_path() -> None:
    assert source_arn("X", RouteKey("GET", "/products/{id}")) == "X/*/GET/products/*"
    assert source_arn("X", RouteKey("POST", "/products")) == "X/*/POST/products"
    assert source_arn("X", RouteKey("ANY", "/orders/{proxy+}")) == "X/*/*/orders/*"


@pytest.mark.parametrize("suffix", WITH_API)
def test_5xx_alarm_and_url_output(platform, suffix: str) -> None:
    stack = f"service-{suffix}"
    alarms = [
        a
        for a in platform.resources(stack, "aws_cloudwatch_metric_alarm").values()
        if a.get("namespace") == "AWS/ApiGateway"
    ]
    assert [a["metric_name"] for a in alarms] == ["5xx"] and alarms[0]["alarm_actions"]
    assert "http_api_url" in platform.json(stack)["output"]


@pytest.mark.parametrize("suffix", WITHOUT_API)
def test_no_http_api_without_the_config(platform, suffix: str) -> None:
    assert not platform.resources(f"service-{suffix}", "aws_apigatewayv2_api")


@pytest.mark.parametrize("suffix", WITH_API)
def test_cloudfront_api_path_goes_to_the_http_api_and_the_load_balancer_admits_only_its_link(
    platform, suffix: str
) -> None:
    edge, service = f"edge-{suffix}", f"service-{suffix}"
    [distribution] = platform.resources(edge, "aws_cloudfront_distribution").values()
    [api_origin] = [o for o in distribution["origin"] if o["origin_id"] == "api"]
    assert "vpc_origin_config" not in api_origin
    assert api_origin["custom_origin_config"]["origin_protocol_policy"] == "https-only"
    assert "apigatewayv2" in api_origin["domain_name"] or "route53_record" in api_origin["domain_name"]
    assert not platform.resources(edge, "aws_cloudfront_vpc_origin")
    [alb] = platform.resources(service, "aws_lb").values()
    assert alb["internal"] is True
    assert not [
        r for r in platform.resources(service, "aws_vpc_security_group_ingress_rule").values() if "prefix_list_id" in r
    ]


@pytest.mark.parametrize("suffix", [s for s in WITHOUT_API if environment_of(s).cdn.api_origin == "vpc-origin"])
def test_without_an_http_api_cloudfront_reaches_the_load_balancer_through_its_vpc_origin(platform, suffix: str) -> None:
    edge = f"edge-{suffix}"
    [distribution] = platform.resources(edge, "aws_cloudfront_distribution").values()
    [api_origin] = [o for o in distribution["origin"] if o["origin_id"] == "api"]
    assert "vpc_origin_config" in api_origin
    assert len(platform.resources(edge, "aws_cloudfront_vpc_origin")) == 1
