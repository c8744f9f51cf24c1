"""An API Gateway HTTP API: the ``$default`` stage with auto-deploy (moto implements neither
``UpdateStage`` nor ``CreateDeployment``, and auto-deploy needs no deployment resource), access
logs in structured JSON to a KMS-encrypted log group, default route throttling, an optional JWT
authorizer (a user pool's issuer, its app clients as audiences) and an optional custom domain
(TLS 1.2, a regional ACM certificate, the API mapping; the alias record is the zone's)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from environments.schema.http_api import HttpApiConfig
from modules.core.document import json_document
from modules.core.framework import Construct, aws
from modules.observability.log_group import LogGroup, LogGroupProps

STAGE = "$default"
ACCESS_LOG_FORMAT = {
    "requestId": "$context.requestId",
    "ip": "$context.identity.sourceIp",
    "requestTime": "$context.requestTime",
    "httpMethod": "$context.httpMethod",
    "routeKey": "$context.routeKey",
    "status": "$context.status",
    "protocol": "$context.protocol",
    "responseLength": "$context.responseLength",
    "integrationError": "$context.integrationErrorMessage",
    "authorizerError": "$context.authorizer.error",
}
"""One JSON object per request; no header, body or token is logged."""


@dataclass(frozen=True, kw_only=True)
class JwtIssuer:
    """Who signs the tokens the API accepts: a user pool's ``issuer_url`` and its app client ids."""

    issuer_url: str
    audiences: Sequence[str]


@dataclass(frozen=True, kw_only=True)
class ApiDomain:
    """The API's own name: ``name`` with a regional certificate (``certificate_arn``, issued)."""

    name: str
    certificate_arn: str


@dataclass(frozen=True, kw_only=True)
class HttpApiProps:
    spec: HttpApiConfig
    name: str
    """The API's and its log group's name."""
    log_group_name: str
    logs_kms_key_arn: str
    jwt: JwtIssuer | None = None
    """None: no authorizer (every route open)."""
    domain: ApiDomain | None = None
    """None: only API Gateway's ``execute-api`` endpoint."""


class HttpApi(Construct):
    """Attributes: ``api_id``, ``api_endpoint``, ``execution_arn``, ``authorizer_id`` (or None),
    ``domain_target`` / ``domain_zone_id`` (the custom domain's alias target, or None), ``url``."""

    def __init__(self, scope: Construct, id_: str, props: HttpApiProps) -> None:
        super().__init__(scope, id_)
        spec = props.spec
        # Construct ids are Terraform addresses: renaming "api" replaces the API (and its endpoint).
        self.api = aws.apigatewayv2_api.Apigatewayv2Api(
            self,
            "api",
            name=props.name,
            protocol_type="HTTP",
            # only through the custom domain where there is one (CloudFront and clients use it)
            disable_execute_api_endpoint=props.domain is not None,
        )
        self.log_group = LogGroup(
            self,
            "access-logs",
            LogGroupProps(
                name=props.log_group_name, retention_days=spec.log_retention_days, kms_key_arn=props.logs_kms_key_arn
            ),
        )
        self.stage = aws.apigatewayv2_stage.Apigatewayv2Stage(
            self,
            "stage",
            api_id=self.api.id,
            name=STAGE,
            auto_deploy=True,
            access_log_settings=aws.apigatewayv2_stage.Apigatewayv2StageAccessLogSettings(
                destination_arn=self.log_group.log_group_arn, format=json_document(ACCESS_LOG_FORMAT).replace("\n", "")
            ),
            default_route_settings=aws.apigatewayv2_stage.Apigatewayv2StageDefaultRouteSettings(
                throttling_burst_limit=spec.throttle_burst,
                throttling_rate_limit=spec.throttle_rate,
                detailed_metrics_enabled=True,
            ),
        )
        self.api_id: str = self.api.id
        self.api_endpoint: str = self.api.api_endpoint
        self.execution_arn: str = self.api.execution_arn
        self.authorizer_id: str | None = None
        if props.jwt is not None:
            self.authorizer = aws.apigatewayv2_authorizer.Apigatewayv2Authorizer(
                self,
                "authorizer",
                api_id=self.api.id,
                name="jwt",
                authorizer_type="JWT",
                identity_sources=["$request.header.Authorization"],
                jwt_configuration=aws.apigatewayv2_authorizer.Apigatewayv2AuthorizerJwtConfiguration(
                    issuer=props.jwt.issuer_url, audience=list(props.jwt.audiences)
                ),
            )
            self.authorizer_id = self.authorizer.id
        self.domain_target: str | None = None
        self.domain_zone_id: str | None = None
        self.url: str = self.api.api_endpoint
        if props.domain is not None:
            self.domain = aws.apigatewayv2_domain_name.Apigatewayv2DomainName(
                self,
                "domain",
                domain_name=props.domain.name,
                domain_name_configuration=aws.apigatewayv2_domain_name.Apigatewayv2DomainNameDomainNameConfiguration(
                    certificate_arn=props.domain.certificate_arn, endpoint_type="REGIONAL", security_policy="TLS_1_2"
                ),
            )
            aws.apigatewayv2_api_mapping.Apigatewayv2ApiMapping(
                self, "mapping", api_id=self.api.id, domain_name=self.domain.id, stage=self.stage.id
            )
            self.domain_target = self.domain.domain_name_configuration.target_domain_name
            self.domain_zone_id = self.domain.domain_name_configuration.hosted_zone_id
            self.url = f"https://{props.domain.name}"
