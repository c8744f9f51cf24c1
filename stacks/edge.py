"""``edge-<suffix>``: CloudFront in front of the private static-site bucket and the internal ALB
(through a VPC origin), serving the environment's domain with its us-east-1 certificate and the
A/AAAA alias records, the optional WAF, the CloudFront alarm, and the environment's CloudWatch
dashboard (a row per tier; its URL is the ``dashboard_url`` output).

The whole stack lives in us-east-1, CloudFront's home: WAF web ACLs for CloudFront,
certificates, and CloudFront's metrics exist only there (so the alarm and its topic do too).
"""

from __future__ import annotations

from environments.naming import Kind
from environments.schema import ALARM_TOPIC, Environment
from modules.core.context import AwsContext
from modules.core.framework import Construct, TerraformOutput
from modules.data.cache_alarms import node_ids
from modules.edge.cdn import Cdn, CdnProps
from modules.edge.static_site import StaticSite, StaticSiteProps
from modules.edge.web_acl import WebAcl, WebAclProps
from modules.messaging.topic import Topic, TopicProps
from modules.network.certificate import Certificate, CertificateProps
from modules.observability.alarm import MetricAlarm, MetricAlarmProps, alarms_key_user
from modules.observability.dashboard import Dashboard, DashboardProps, QueuePanel
from modules.security.kms_key import cloudfront_service_user, logs_service_user
from stacks.base import PlatformStack
from stacks.service import ServiceStack

CLOUDFRONT_REGION = "us-east-1"


class EdgeStack(PlatformStack):
    """Attributes: ``cdn`` (Cdn: ``domain_name``, ``distribution_id``), ``site`` (StaticSite)."""

    home_region = CLOUDFRONT_REGION

    def __init__(self, scope: Construct, environment: Environment, service: ServiceStack) -> None:
        super().__init__(scope, "edge", environment)
        cdn, protection, name = environment.cdn, environment.protection, self.namer.name
        account_id = AwsContext.of(self).account_id
        alarm_names = self.namer.pattern("edge")

        self.key = self.kms_key(
            "edge-key",
            "edge",
            "Static site objects, WAF logs and the edge alarm topic",
            service_users=[cloudfront_service_user(self), logs_service_user(self), alarms_key_user(self, alarm_names)],
        )
        self.site = StaticSite(
            self,
            "site",
            StaticSiteProps(
                bucket_name=self.namer.bucket("site", account_id),
                kms_key_arn=self.key.key_arn,
                upload_placeholder=cdn.upload_default_site,
                force_destroy=protection.force_destroy_buckets,
                prevent_destroy=protection.prevent_destroy,
            ),
        )
        web_acl = None
        if cdn.waf:
            web_acl = WebAcl(
                self,
                "waf",
                WebAclProps(
                    name=name("edge-waf", Kind.WAF),
                    rate_limit=cdn.waf_rate_limit,
                    log_retention_days=cdn.log_retention_days,
                    logs_kms_key_arn=self.key.key_arn,
                ),
            )
        domain, zone = environment.domain, service.zone
        certificate = None
        if domain is not None and zone is not None:
            # us-east-1 (this stack's region): the only region CloudFront reads certificates from.
            certificate = Certificate(
                self, "certificate", CertificateProps(domain_name=domain.name, zone_id=zone.zone_id)
            )
        self.cdn = Cdn(
            self,
            "cdn",
            CdnProps(
                spec=cdn,
                protection=protection,
                name=name("edge-cdn", Kind.CLOUDFRONT),
                site=self.site,
                api_domain_name=service.api_origin_name,
                api_https=service.alb.https,
                api_load_balancer_arn=service.alb.load_balancer_arn,
                api_port=service.alb.port,
                http_api_domain_name=service.http_api.origin_name if service.http_api is not None else None,
                aliases=[certificate.domain_name] if certificate else (),
                certificate_arn=certificate.certificate_arn if certificate else None,
                web_acl_arn=web_acl.web_acl_arn if web_acl else None,
                access_logs_bucket_name=self.namer.bucket("edge-logs", account_id) if cdn.access_logs else None,
            ),
        )
        if domain is not None and zone is not None:
            zone.alias(
                "site",
                name=domain.name,
                target_dns_name=self.cdn.domain_name,
                target_zone_id=self.cdn.zone_id,
                scope=self,
            )
        alarm_topic = Topic(
            self,
            "alarm-topic",
            TopicProps(
                name=name(f"edge-{ALARM_TOPIC}", Kind.SNS_TOPIC),
                kms_key_arn=self.key.key_arn,
                emails=environment.alarms.emails,
                alarm_names=alarm_names,
            ),
        )
        MetricAlarm(
            self,
            "cloudfront-5xx",
            MetricAlarmProps(
                name=self.namer.family("edge-cdn", Kind.ALARM)("5xx-rate"),
                description=f"More than {environment.alarms.cloudfront_5xx_percent}% of CloudFront responses are 5xx",
                namespace="AWS/CloudFront",
                metric="5xxErrorRate",
                dimensions={"DistributionId": self.cdn.distribution_id, "Region": "Global"},
                statistic="Average",
                threshold=environment.alarms.cloudfront_5xx_percent,
                period_seconds=300,
                evaluation_periods=2,
                alarm_topic_arn=alarm_topic.topic_arn,
            ),
        )
        # One dashboard per environment, a row per tier, from the same configuration. It lives here,
        # with the last stack to be built: CloudFront's metrics are in this region; every other
        # widget names the environment's region. Names come from the Namer, so only the load
        # balancer's and target groups' ids cross stacks.
        tables = [name(t.name, Kind.DYNAMODB_TABLE) for t in environment.tables]
        queues = [
            QueuePanel(
                name=name(q.base_name, Kind.SQS_QUEUE, fifo=q.fifo),
                dlq_name=name(q.dlq_base_name, Kind.SQS_QUEUE, fifo=q.fifo),
            )
            for t in environment.messaging.topics
            for q in t.queues
        ]
        self.dashboard = Dashboard(
            self,
            "dashboard",
            DashboardProps(
                name=name("dashboard", Kind.DASHBOARD),
                region=environment.region,
                distribution_id=self.cdn.distribution_id,
                load_balancer_arn_suffix=service.alb.load_balancer_arn_suffix,
                services=service.panels,
                http_api_id=service.http_api.api.api_id if service.http_api is not None else None,
                queues=queues,
                database_cluster=name("db", Kind.RDS_CLUSTER),
                database_serverless=environment.database.serverless,
                tables=tables,
                email=environment.email is not None,
                replica_regions={
                    name(t.name, Kind.DYNAMODB_TABLE): t.replica_regions
                    for t in environment.tables
                    if t.replica_regions
                },
                functions=[name(f.name, Kind.LAMBDA) for f in environment.functions],
                broker=name("broker", Kind.MQ_BROKER) if environment.broker is not None else None,
                cache_nodes=node_ids(name("cache", Kind.CACHE_GROUP), environment.cache) if environment.cache else (),
                vm_groups=[name(vm.name, Kind.AUTOSCALING_GROUP) for vm in environment.vms],
            ),
        )
        TerraformOutput(
            self,
            "dashboard_url",
            value=self.dashboard.dashboard_url,
            description="The environment's CloudWatch dashboard",
        )
        TerraformOutput(
            self,
            "cloudfront_domain_name",
            value=self.cdn.domain_name,
            description="Open https://<this>/ for the site and /api/ for the service",
        )
        TerraformOutput(self, "cloudfront_distribution_id", value=self.cdn.distribution_id)
        if domain is not None:
            TerraformOutput(self, "url", value=f"https://{domain.name}/", description="The environment's address")
        TerraformOutput(self, "site_bucket", value=self.site.bucket_name)
