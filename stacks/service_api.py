"""The service stack's HTTP API (``environment.http_api``): the API with its ``$default`` stage,
access logs and JWT authorizer (the identity stack's user pool), its custom domain
``<label>.<domain>`` (regional certificate, alias record), a VPC link to the internal load
balancer for the web services' routes, a Lambda proxy integration for the functions' routes,
and a 5xx alarm to the alarm topic."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from environments.naming import Kind
from environments.schema import WebServiceConfig
from environments.schema.http_api import MAX_INTEGRATION_TIMEOUT, ApiRouteFields
from modules.compute.function import Function
from modules.core.framework import Construct, TerraformOutput
from modules.identity.user_pool import UserPool
from modules.network.api_route import ApiRoute, ApiRouteProps, FunctionTarget, LoadBalancerTarget
from modules.network.certificate import Certificate, CertificateProps
from modules.network.http_api import ApiDomain, HttpApi, HttpApiProps, JwtIssuer
from modules.network.vpc_link import VpcLink, VpcLinkProps
from modules.observability.alarm import MetricAlarm, MetricAlarmProps
from stacks.network import NetworkStack

if TYPE_CHECKING:  # the service stack imports this module
    from stacks.service import ServiceStack


class ServiceApi(Construct):
    """Attributes: ``api`` (HttpApi: ``api_id``, ``url``), ``origin_name``, ``vpc_link`` (VpcLink or None)."""

    def __init__(
        self,
        stack: ServiceStack,
        network: NetworkStack,
        functions: dict[str, Function],
        user_pool: UserPool | None,
        alarm_topic_arn: str,
    ) -> None:
        super().__init__(stack, "http-api")
        environment, name = stack.environment, stack.namer.name
        spec = environment.http_api
        assert spec is not None, "the service stack makes its HTTP API only for environments with http_api"
        domain, zone = environment.domain, network.zone
        api_domain = None
        if spec.custom_domain and domain is not None and zone is not None:
            api_name = f"{spec.label}.{domain.name}"
            certificate = Certificate(self, "certificate", CertificateProps(domain_name=api_name, zone_id=zone.zone_id))
            api_domain = ApiDomain(name=api_name, certificate_arn=certificate.certificate_arn)
        self.api = HttpApi(
            self,
            "api",
            HttpApiProps(
                spec=spec,
                name=name("http-api", Kind.GENERIC),
                log_group_name=name("http-api", Kind.LOG_GROUP),
                logs_kms_key_arn=network.logs_key.key_arn,
                jwt=JwtIssuer(issuer_url=user_pool.issuer_url, audiences=list(user_pool.client_ids.values()))
                if user_pool is not None
                else None,
                domain=api_domain,
            ),
        )
        self.origin_name: str = f"{self.api.api_id}.execute-api.{environment.region}.amazonaws.com"
        """The name CloudFront's API path reaches the API at: its custom domain's record (CloudFront
        then waits for it), else the default endpoint's host."""
        if api_domain is not None and zone is not None:
            assert self.api.domain_target is not None and self.api.domain_zone_id is not None
            [record] = zone.alias(
                "api",
                name=api_domain.name,
                target_dns_name=self.api.domain_target,
                target_zone_id=self.api.domain_zone_id,
                ipv6=False,
                scope=self,
            )
            self.origin_name = record.fqdn
        web = [s for s in environment.services if isinstance(s, WebServiceConfig) and s.api_routes + s.api_open_routes]
        self.vpc_link: VpcLink | None = None
        if web:
            self.vpc_link = VpcLink(
                self,
                "vpc-link",
                VpcLinkProps(
                    name=name("http-api-link", Kind.SECURITY_GROUP),
                    vpc_id=network.vpc.vpc_id,
                    subnet_ids=network.vpc.private_subnet_ids,
                    load_balancer_security_group_id=stack.alb.security_group_id,
                ),
            )
            target = LoadBalancerTarget(
                listener_arn=stack.alb.listener_arn,
                vpc_link_id=self.vpc_link.vpc_link_id,
                server_name=domain.origin_name if domain is not None else stack.alb.dns_name,
            )
            for service in web:
                self._routes(service.name, service, target)
        for function in environment.functions:
            built = functions[function.name]
            self._routes(
                function.name,
                function,
                FunctionTarget(function_name=built.function_name, invoke_arn=built.invoke_arn),
                timeout_ms=min(function.timeout_seconds, MAX_INTEGRATION_TIMEOUT) * 1000,
            )
        MetricAlarm(
            self,
            "5xx-alarm",
            MetricAlarmProps(
                name=stack.namer.family("http-api", Kind.ALARM)("5xx"),
                description="The HTTP API answered 5xx (an integration failed or timed out)",
                namespace="AWS/ApiGateway",
                metric="5xx",
                dimensions={"ApiId": self.api.api_id},
                statistic="Sum",
                threshold=environment.alarms.alb_5xx_per_minute,
                alarm_topic_arn=alarm_topic_arn,
            ),
        )
        TerraformOutput(stack, "http_api_url", value=self.api.url, description="The HTTP API's address")

    def _routes(
        self, owner: str, fields: ApiRouteFields, target: LoadBalancerTarget | FunctionTarget, timeout_ms: int = 30000
    ) -> None:
        for route, jwt in fields.route_keys():
            authorizer = self.api.authorizer_id if jwt else None
            ApiRoute(
                self,
                # its Terraform address: renaming a service or a route replaces the route
                re.sub(r"[^A-Za-z0-9]+", "-", f"{owner} {route}").strip("-"),
                ApiRouteProps(
                    api_id=self.api.api_id,
                    execution_arn=self.api.execution_arn,
                    route=route,
                    target=target,
                    authorizer_id=authorizer,
                    scopes=fields.api_scopes if authorizer else (),
                    timeout_ms=timeout_ms,
                ),
            )
