"""The shared Application Load Balancer: access logs, one listener on the port CloudFront uses,
which only CloudFront's origin-facing addresses may reach, and a route (target group and listener
rule, ``WebRoute``) per web service.

``internal`` (the default the stacks choose for every real environment): in the private
subnets, without a public address; CloudFront reaches it through a VPC origin. With a
certificate the listener is HTTPS with ``ELBSecurityPolicy-TLS13-1-2-2021-06`` (TLS 1.3 and
1.2 only) and there is no HTTP listener at all: nothing is redirected because nothing outside
CloudFront can connect. Without a certificate (an environment explicitly without a domain) the
one listener is HTTP, still internal and still admitting only CloudFront.

Why no secret origin header any more: it proved that a request came through *our*
distribution while the load balancer was on the internet. An internal load balancer has no
internet path; only a VPC origin of this account reaches it, and the security group admits
only CloudFront's origin-facing prefix list (AWS's documented rule for a VPC origin's target:
``CloudFront-VPCOrigins-Service-SG`` appears only after the first VPC origin exists, made by
CloudFront in another stack), not the rest of the VPC. A shared secret would add a value in two
stacks' state and a manual rotation, and protect nothing the network does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from environments.schema import ProtectionConfig, WebServiceConfig
from environments.schema.vms import VmConfig
from modules.core.context import AwsContext
from modules.core.framework import Construct, aws
from modules.network.web_route import WebRoute, WebRouteProps
from modules.security.iam import Statement
from modules.security.security_group import SecurityGroup, SecurityGroupProps
from modules.storage.secure_bucket import SecureBucket, SecureBucketProps

TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06"
"""TLS 1.3 and 1.2 with forward-secret AEAD ciphers only."""
CLOUDFRONT_PREFIX_LIST = "com.amazonaws.global.cloudfront.origin-facing"


@dataclass(frozen=True, kw_only=True)
class LoadBalancerProps:
    spec: WebServiceConfig
    """The first web service: its route (target port, health check, deregistration delay, paths),
    and the load balancer's idle timeout and access-log retention."""
    protection: ProtectionConfig
    """Deletion protection of the load balancer; its log bucket's force_destroy/prevent_destroy."""
    name: str
    target_group_name: str
    security_group_name: str
    logs_bucket_name: str
    vpc_id: str
    subnet_ids: Sequence[str]
    """Private subnets when ``internal``, else public ones."""
    internal: bool = True
    """No public address; reached through a CloudFront VPC origin or an HTTP API's VPC link."""
    admit_cloudfront: bool = True
    """Admit CloudFront's origin-facing addresses; False: only what is admitted later (an HTTP
    API's VPC link, which CloudFront's API path goes through)."""
    certificate_arn: str | None = None
    """Regional ACM certificate covering the name CloudFront connects to: HTTPS on 443. None:
    HTTP on 80 (only for an environment explicitly without a domain)."""


class LoadBalancer(Construct):
    """Attributes: ``dns_name``, ``zone_id`` (for alias records), ``load_balancer_arn``,
    ``load_balancer_arn_suffix``,
    ``security_group_id``, ``default_route`` (WebRoute of the first web service), ``listener_arn``,
    ``https``, ``port``; ``add_route`` for every other web service."""

    def __init__(self, scope: Construct, id_: str, props: LoadBalancerProps) -> None:
        super().__init__(scope, id_)
        spec = props.spec
        self.https = props.certificate_arn is not None
        self.port = 443 if self.https else 80

        self.security_group = SecurityGroup(
            self,
            "sg",
            SecurityGroupProps(
                name=props.security_group_name,
                description=f"{props.name}: HTTP{'S' if self.https else ''} from "
                + ("CloudFront only" if props.admit_cloudfront else "the HTTP API's VPC link only"),
                vpc_id=props.vpc_id,
            ),
        )
        self.security_group_id: str = self.security_group.security_group_id
        if props.admit_cloudfront:
            self._ingress()

        logs = self._access_logs_bucket(props)
        self.alb = aws.lb.Lb(
            self,
            "alb",
            name=props.name,
            load_balancer_type="application",
            internal=props.internal,
            security_groups=[self.security_group_id],
            subnets=list(props.subnet_ids),
            drop_invalid_header_fields=True,
            desync_mitigation_mode="defensive",
            idle_timeout=spec.idle_timeout_seconds,
            enable_deletion_protection=props.protection.deletion_protection,
            access_logs=aws.lb.LbAccessLogs(bucket=logs.bucket_name, enabled=True, prefix="alb"),
            depends_on=[logs.policy],  # ELB checks it may write before it accepts the bucket
        )
        # The first web service's route: its target group keeps the address it had when it was
        # the load balancer's only one ("Default" is left out of logical ids), and it answers
        # what no other rule matches, as it always did.
        self.default_route = WebRoute(
            self, "Default", WebRouteProps(spec=spec, target_group_name=props.target_group_name, vpc_id=props.vpc_id)
        )
        self._vpc_id = props.vpc_id
        # Construct ids are Terraform addresses: "https"/"http" name the one listener.
        self.listener = aws.lb_listener.LbListener(
            self,
            "https" if self.https else "http",
            load_balancer_arn=self.alb.arn,
            port=self.port,
            protocol="HTTPS" if self.https else "HTTP",
            ssl_policy=TLS_POLICY if self.https else None,
            certificate_arn=props.certificate_arn,
            default_action=[
                aws.lb_listener.LbListenerDefaultAction(
                    type="forward", target_group_arn=self.default_route.target_group_arn
                )
            ],
        )
        self.default_route.attach(self.listener.arn)
        self.attachments: list = [self.listener, self.default_route.rule]
        """What attaches the first web service's target group to the load balancer (its service waits for it)."""

        self.dns_name: str = self.alb.dns_name
        self.zone_id: str = self.alb.zone_id
        self.load_balancer_arn: str = self.alb.arn
        self.load_balancer_arn_suffix: str = self.alb.arn_suffix
        self.listener_arn: str = self.listener.arn

    def add_route(
        self,
        id_: str,
        spec: WebServiceConfig | VmConfig,
        target_group_name: str,
        target_type: Literal["ip", "instance"] = "ip",
    ) -> WebRoute:
        """Another web service's (or a vm's: ``instance`` targets) target group and listener rule (``WebRoute``)."""
        route = WebRoute(
            self,
            id_,
            WebRouteProps(spec=spec, target_group_name=target_group_name, vpc_id=self._vpc_id, target_type=target_type),
        )
        route.attach(self.listener.arn)
        return route

    def _ingress(self) -> None:
        """CloudFront's origin-facing addresses, on the listener's port only. The list counts ~55
        rules against the security group's quota, so it is referenced once."""
        prefix_list = aws.data_aws_ec2_managed_prefix_list.DataAwsEc2ManagedPrefixList(
            self, "cloudfront", name=CLOUDFRONT_PREFIX_LIST
        )
        aws.vpc_security_group_ingress_rule.VpcSecurityGroupIngressRule(
            self,
            "from-cloudfront",
            security_group_id=self.security_group_id,
            ip_protocol="tcp",
            from_port=self.port,
            to_port=self.port,
            prefix_list_id=prefix_list.id,
            description="CloudFront origin-facing addresses",
        )

    def _access_logs_bucket(self, props: LoadBalancerProps) -> SecureBucket:
        context = AwsContext.of(self)
        elb_account = aws.data_aws_elb_service_account.DataAwsElbServiceAccount(self, "elb-account")
        bucket_arn = f"arn:{context.partition}:s3:::{props.logs_bucket_name}"
        # Access logs support SSE-S3 only, not KMS.
        return SecureBucket(
            self,
            "access-logs",
            SecureBucketProps(
                name=props.logs_bucket_name,
                expire_days=props.spec.alb_access_log_days,
                noncurrent_version_days=1,
                force_destroy=props.protection.force_destroy_buckets,
                prevent_destroy=props.protection.prevent_destroy,
                policy_statements=[
                    Statement(
                        sid="ElbWritesAccessLogs",
                        actions=["s3:PutObject"],
                        resources=[f"{bucket_arn}/alb/AWSLogs/{context.account_id}/*"],
                        principals={
                            "AWS": [elb_account.arn],
                            "Service": [context.service_principal("logdelivery.elasticloadbalancing")],
                        },
                    )
                ],
            ),
        )
