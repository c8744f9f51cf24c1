"""One route of an HTTP API and its integration: either HTTP_PROXY over a VPC link to the
internal load balancer's listener (TLS, the certificate checked against the load balancer's
origin name) or AWS_PROXY to a Lambda function (payload 2.0), with the one permission that lets
this API invoke the function for this route's method and path only."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from environments.schema.http_api import RouteKey
from modules.core.framework import Construct, aws


@dataclass(frozen=True, kw_only=True)
class LoadBalancerTarget:
    """A web service behind the internal load balancer: its HTTPS listener through the VPC link."""

    listener_arn: str
    vpc_link_id: str
    server_name: str
    """The name the listener's certificate is for (the environment's origin name)."""


@dataclass(frozen=True, kw_only=True)
class FunctionTarget:
    function_name: str
    invoke_arn: str


@dataclass(frozen=True, kw_only=True)
class ApiRouteProps:
    api_id: str
    execution_arn: str
    """The API's ``execution_arn``: a function's permission is scoped under it."""
    route: RouteKey
    target: LoadBalancerTarget | FunctionTarget
    authorizer_id: str | None = None
    """The JWT authorizer; None: an open route."""
    scopes: Sequence[str] = ()
    """OAuth scopes a token must carry (with an authorizer)."""
    timeout_ms: int = 30000
    """The integration's timeout (the HTTP API's limit: 30 s)."""


def source_arn(execution_arn: str, route: RouteKey) -> str:
    """What may invoke for ``route``: this API, any stage, the route's method (``*`` for ANY) and
    its path with each ``{param}`` / ``{proxy+}`` a ``*`` (the request's path is what API Gateway
    puts in the ARN)."""
    method = "*" if route.method == "ANY" else route.method
    path = re.sub(r"\{[^}]+\}", "*", route.path)
    return f"{execution_arn}/*/{method}{path}"


class ApiRoute(Construct):
    """Attributes: ``route_id``, ``integration_id``."""

    def __init__(self, scope: Construct, id_: str, props: ApiRouteProps) -> None:
        super().__init__(scope, id_)
        target = props.target
        if isinstance(target, FunctionTarget):
            self.integration = aws.apigatewayv2_integration.Apigatewayv2Integration(
                self,
                "integration",
                api_id=props.api_id,
                integration_type="AWS_PROXY",
                integration_uri=target.invoke_arn,
                integration_method="POST",
                payload_format_version="2.0",
                timeout_milliseconds=props.timeout_ms,
            )
            aws.lambda_permission.LambdaPermission(
                self,
                "permission",
                statement_id="http-api-" + re.sub(r"[^A-Za-z0-9-]+", "-", str(props.route)).strip("-"),
                action="lambda:InvokeFunction",
                function_name=target.function_name,
                principal="apigateway.amazonaws.com",
                source_arn=source_arn(props.execution_arn, props.route),
            )
        else:
            self.integration = aws.apigatewayv2_integration.Apigatewayv2Integration(
                self,
                "integration",
                api_id=props.api_id,
                integration_type="HTTP_PROXY",
                integration_uri=target.listener_arn,
                integration_method="ANY",
                connection_type="VPC_LINK",
                connection_id=target.vpc_link_id,
                payload_format_version="1.0",
                timeout_milliseconds=props.timeout_ms,
                tls_config=aws.apigatewayv2_integration.Apigatewayv2IntegrationTlsConfig(
                    server_name_to_verify=target.server_name
                ),
            )
        self.route = aws.apigatewayv2_route.Apigatewayv2Route(
            self,
            "route",
            api_id=props.api_id,
            route_key=str(props.route),
            target=f"integrations/{self.integration.id}",
            authorization_type="JWT" if props.authorizer_id is not None else "NONE",
            authorizer_id=props.authorizer_id,
            authorization_scopes=list(props.scopes) if props.authorizer_id is not None and props.scopes else None,
        )
        self.route_id: str = self.route.id
        self.integration_id: str = self.integration.id
