"""An internet-facing Application Load Balancer in the public subnets, with one IP target
group for the service, access logs, and a listener that (by default) only forwards requests
carrying CloudFront's secret origin header.

Ingress ``cloudfront`` admits only CloudFront's origin-facing prefix list, on the one port
CloudFront uses (that list counts ~55 rules against the security group's quota, so it is
referenced once); ``anywhere`` admits every address on 80 (and 443). With a certificate the
main listener is HTTPS (TLS 1.2+) and port 80 redirects to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from environments.schema import HealthCheckConfig
from modules.context import AwsContext
from modules.framework import Construct, aws
from modules.iam import Statement
from modules.secure_bucket import SecureBucket, SecureBucketProps
from modules.security_group import SecurityGroup, SecurityGroupProps

TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06"
CLOUDFRONT_PREFIX_LIST = "com.amazonaws.global.cloudfront.origin-facing"


@dataclass(frozen=True, kw_only=True)
class LoadBalancerProps:
    name: str
    target_group_name: str
    security_group_name: str
    logs_bucket_name: str
    vpc_id: str
    subnet_ids: Sequence[str]
    """Public subnets."""
    target_port: int
    health_check: HealthCheckConfig
    deregistration_delay_seconds: int = 30
    idle_timeout_seconds: int = 60
    certificate_arn: str | None = None
    ingress: Literal["cloudfront", "anywhere"] = "cloudfront"
    origin_header: tuple[str, str] | None = None
    """``(name, value)`` a request must carry to be forwarded; required with ``cloudfront`` ingress."""
    access_log_days: int = 30
    deletion_protection: bool = False
    force_destroy_logs: bool = True
    prevent_destroy_logs: bool = False
    """``prevent_destroy`` on the access-log bucket (audit evidence in prod)."""


class LoadBalancer(Construct):
    """Attributes: ``dns_name``, ``arn``, ``arn_suffix``, ``security_group_id``,
    ``target_group_arn``, ``target_group_arn_suffix``, ``listener_arn``, ``https``."""

    def __init__(self, scope: Construct, id_: str, props: LoadBalancerProps) -> None:
        super().__init__(scope, id_)
        if props.ingress == "cloudfront" and props.origin_header is None:
            raise ValueError(f"{self.node.path}: cloudfront ingress needs origin_header")
        self.https = props.certificate_arn is not None
        self._origin_header = props.origin_header if props.ingress == "cloudfront" else None
        port = 443 if self.https else 80

        self.security_group = SecurityGroup(self, "sg", SecurityGroupProps(
            name=props.security_group_name,
            description=f"{props.name}: HTTP(S) from {props.ingress}",
            vpc_id=props.vpc_id,
        ))
        self.security_group_id: str = self.security_group.security_group_id
        self._ingress(props, port)

        logs = self._access_logs_bucket(props)
        self.alb = aws.lb.Lb(
            self,
            "alb",
            name=props.name,
            load_balancer_type="application",
            internal=False,
            security_groups=[self.security_group_id],
            subnets=list(props.subnet_ids),
            drop_invalid_header_fields=True,
            desync_mitigation_mode="defensive",
            idle_timeout=props.idle_timeout_seconds,
            enable_deletion_protection=props.deletion_protection,
            access_logs=aws.lb.LbAccessLogs(bucket=logs.bucket_name, enabled=True, prefix="alb"),
            depends_on=[logs.policy],  # ELB checks it may write before it accepts the bucket
        )
        health = props.health_check
        self.target_group = aws.lb_target_group.LbTargetGroup(
            self,
            "targets",
            name=props.target_group_name,
            port=props.target_port,
            protocol="HTTP",
            target_type="ip",
            vpc_id=props.vpc_id,
            deregistration_delay=str(props.deregistration_delay_seconds),
            health_check=aws.lb_target_group.LbTargetGroupHealthCheck(
                enabled=True,
                path=health.path,
                protocol="HTTP",
                matcher=health.matcher,
                interval=health.interval_seconds,
                timeout=health.timeout_seconds,
                healthy_threshold=health.healthy_threshold,
                unhealthy_threshold=health.unhealthy_threshold,
            ),
        )
        default_action = (
            aws.lb_listener.LbListenerDefaultAction(
                type="fixed-response",
                fixed_response=aws.lb_listener.LbListenerDefaultActionFixedResponse(
                    content_type="text/plain", status_code="403", message_body="Forbidden",
                ),
            )
            if self._origin_header
            else aws.lb_listener.LbListenerDefaultAction(type="forward", target_group_arn=self.target_group.arn)
        )
        self.listener = aws.lb_listener.LbListener(
            self,
            "https" if self.https else "http",
            load_balancer_arn=self.alb.arn,
            port=port,
            protocol="HTTPS" if self.https else "HTTP",
            ssl_policy=TLS_POLICY if self.https else None,
            certificate_arn=props.certificate_arn,
            default_action=[default_action],
        )
        if self.https:
            aws.lb_listener.LbListener(
                self,
                "http-redirect",
                load_balancer_arn=self.alb.arn,
                port=80,
                protocol="HTTP",
                default_action=[aws.lb_listener.LbListenerDefaultAction(
                    type="redirect",
                    redirect=aws.lb_listener.LbListenerDefaultActionRedirect(
                        port="443", protocol="HTTPS", status_code="HTTP_301",
                    ),
                )],
            )
        self.attachments: list = [self.listener]
        """What attaches the target group to the load balancer (services wait for it)."""
        if self._origin_header:
            self.attachments.append(self.add_route("from-cloudfront", priority=100, path_patterns=("/*",),
                                                   target_group_arn=self.target_group.arn))

        self.dns_name: str = self.alb.dns_name
        self.arn: str = self.alb.arn
        self.arn_suffix: str = self.alb.arn_suffix
        self.target_group_arn: str = self.target_group.arn
        self.target_group_arn_suffix: str = self.target_group.arn_suffix
        self.listener_arn: str = self.listener.arn

    def add_route(self, id_: str, *, priority: int, path_patterns: Sequence[str],
                  target_group_arn: str) -> aws.lb_listener_rule.LbListenerRule:
        """Forward ``path_patterns`` to a target group (the hook for path routing). With
        CloudFront ingress the rule also requires the origin header."""
        rule = aws.lb_listener_rule
        conditions = [rule.LbListenerRuleCondition(
            path_pattern=rule.LbListenerRuleConditionPathPattern(values=list(path_patterns)))]
        if self._origin_header:
            name, value = self._origin_header
            conditions.append(rule.LbListenerRuleCondition(
                http_header=rule.LbListenerRuleConditionHttpHeader(http_header_name=name, values=[value])))
        return rule.LbListenerRule(
            self,
            f"route-{id_}",
            listener_arn=self.listener.arn,
            priority=priority,
            condition=conditions,
            action=[rule.LbListenerRuleAction(type="forward", target_group_arn=target_group_arn)],
        )

    def _ingress(self, props: LoadBalancerProps, port: int) -> None:
        ingress = aws.vpc_security_group_ingress_rule.VpcSecurityGroupIngressRule
        if props.ingress == "cloudfront":
            prefix_list = aws.data_aws_ec2_managed_prefix_list.DataAwsEc2ManagedPrefixList(
                self, "cloudfront", name=CLOUDFRONT_PREFIX_LIST)
            ingress(self, "from-cloudfront", security_group_id=self.security_group_id, ip_protocol="tcp",
                    from_port=port, to_port=port, prefix_list_id=prefix_list.id,
                    description="CloudFront origin-facing addresses")
            return
        for public_port in ([80, 443] if self.https else [80]):
            ingress(self, f"from-anywhere-{public_port}", security_group_id=self.security_group_id,
                    ip_protocol="tcp", from_port=public_port, to_port=public_port, cidr_ipv4="0.0.0.0/0",
                    description="Public HTTP(S)")

    def _access_logs_bucket(self, props: LoadBalancerProps) -> SecureBucket:
        context = AwsContext.of(self)
        elb_account = aws.data_aws_elb_service_account.DataAwsElbServiceAccount(self, "elb-account")
        bucket_arn = f"arn:{context.partition}:s3:::{props.logs_bucket_name}"
        # Access logs support SSE-S3 only, not KMS.
        return SecureBucket(self, "access-logs", SecureBucketProps(
            name=props.logs_bucket_name,
            expire_days=props.access_log_days,
            noncurrent_version_days=1,
            force_destroy=props.force_destroy_logs,
            prevent_destroy=props.prevent_destroy_logs,
            policy_statements=[Statement(
                sid="ElbWritesAccessLogs",
                actions=["s3:PutObject"],
                resources=[f"{bucket_arn}/alb/AWSLogs/{context.account_id}/*"],
                principals={"AWS": [elb_account.arn],
                            "Service": [context.service_principal("logdelivery.elasticloadbalancing")]},
            )],
        ))
