"""Adopt what a cut-off apply made: plan the objects that already exist as imports, not creates.

An apply that is killed (a runner that dies, a job cancelled past its grace, a laptop that sleeps)
has created objects in the account that it never wrote to the state: Terraform persists the state
at most every 20 s, and not at all when killed. The next plan would create them again and fail on
"already exists" (a Route 53 record, a role, a log group, a queue ...), or make a second one that
nothing manages (a VPC, a KMS key, a CloudFront distribution). Every name is deterministic (the
Namer's) and every object carries the stack's tags, so the next plan can find them:

1. **Candidates.** The saved plan (``terraform show -json``) lists each resource to create with
   the values it would be created with. A resource type either has a rule below (``RULES``), is
   one whose second create reuses or overwrites the same object (``NOT_NEEDED``), or is recovered
   by hand (``MANUAL``, with its steps in docs/recovery.md); a test keeps every type of every
   stack in exactly one of them.
2. **The import ID.** ``ByName``: made of the planned values (``{name}``, ``{role}:{name}``,
   ``<zone>_<name>_<type>``): Terraform's own import, with the stack's providers, is the
   existence probe. ``ByTags``: AWS assigns the ID, so the object is found by the tags it would
   be created with (the stack's default tags and its own ``Name``) through the EC2 API's tag
   filters or the Resource Groups Tagging API, skipping deleted ones. ``ByLookup``: found by name
   or position through one AWS call (a load balancer's ARN by its name, a listener by its port).
3. **The probe.** ``import`` blocks for every candidate go into ``adopt.tf.json`` beside
   ``cdk.tf.json``, and ``terraform plan -lock=false`` reads each object:
   "Cannot import non-existent remote object" drops a candidate. When some exist, the stack is
   planned again, saved, with the imports of exactly those; a second round finds what only became
   known through them (a listener, once its load balancer is adopted). The file is removed once
   the plan is saved (the plan holds its configuration); it is never committed.

The plan report lists every import, so the reviewer sees what is adopted: a protected
environment is only ever applied from a reviewed saved plan (``make plan`` + ``make apply``;
``make deploy`` refuses named environments). Adoption never deletes anything.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tools import terraform_run

ADOPT_FILE = "adopt.tf.json"
ROUNDS = 3
"""Plans with imports at most: each round can make known what the next one needs."""
NON_EXISTENT = re.compile(r'import an existing object to\s+"([^"]+)"')
ERROR_SUBJECT = re.compile(r"^\s+with ((?:aws|data\.aws)_[\w.\-]+),", re.M)

Values = Mapping[str, Any]


class Unknown(Exception):
    """A value the ID needs is not known at plan time (it comes from a resource being created)."""


# --- rules ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ByName:
    """The import ID is made of planned values; Terraform's import is the existence probe."""

    id: Callable[[Values, Aws], str]


@dataclass(frozen=True)
class ByLookup:
    """One AWS call finds the object by what the plan knows (its name, its parent and position)."""

    find: Callable[[Values, Aws], str | None]


@dataclass(frozen=True)
class ByTags:
    """AWS assigns the ID: the object is found by the tags it would be created with.

    ``ec2``: the EC2 ``Describe*`` call, its result list and ID field, and filters that skip
    deleted objects. ``tagging``: the Resource Groups Tagging API resource type, and a check of
    each match (``alive``: not deleted, and the same object by what tags do not tell apart)."""

    ec2: tuple[str, str, str, tuple[tuple[str, tuple[str, ...]], ...]] | None = None
    tagging: str | None = None
    alive: Callable[[str, Values, Aws], bool] | None = None
    id_from_arn: Callable[[str], str] = field(default=lambda arn: arn)


Rule = ByName | ByLookup | ByTags


class Planned(dict):
    """The planned values of a create that are known at plan time; ``unknown`` names the others
    (a rule that needs one of them waits for a later round)."""

    unknown: frozenset[str] = frozenset()


def value(values: Values, key: str) -> str:
    found = values.get(key)
    if found is None or found == "" or key in getattr(values, "unknown", ()):
        raise Unknown(key)
    return str(found)


def known(values: Values, *keys: str) -> None:
    """Raise ``Unknown`` if any of ``keys`` is known only after apply (set, but not yet known)."""
    for key in keys:
        if key in getattr(values, "unknown", ()):
            raise Unknown(key)


def last(arn_or_name: str) -> str:
    """``arn:...:cluster/platform-local`` → ``platform-local``."""
    return arn_or_name.rsplit("/", 1)[-1]


def _template(pattern: str) -> Callable[[Values, Aws], str]:
    keys = re.findall(r"\{(\w+)\}", pattern)

    def render(values: Values, aws: Aws) -> str:
        known = {k: value(values, k) for k in keys if k not in ("region", "account", "partition")}
        return pattern.format(**known, region=aws.region, account=aws.account, partition=aws.partition)

    return render


def _record_id(values: Values, _aws: Aws) -> str:
    parts = [value(values, "zone_id"), value(values, "name").rstrip("."), value(values, "type")]
    if values.get("set_identifier"):
        parts.append(str(values["set_identifier"]))
    return "_".join(parts)


def _schedule_id(values: Values, _aws: Aws) -> str:
    return f"{values.get('group_name') or 'default'}/{value(values, 'name')}"


def _oidc_provider_id(values: Values, aws: Aws) -> str:
    host = value(values, "url").removeprefix("https://")
    return f"arn:{aws.partition}:iam::{aws.account}:oidc-provider/{host}"


def _service_id(values: Values, _aws: Aws) -> str:
    return f"{last(value(values, 'cluster'))}/{value(values, 'name')}"


def _route_id(values: Values, _aws: Aws) -> str:
    for destination in ("destination_cidr_block", "destination_ipv6_cidr_block", "destination_prefix_list_id"):
        if values.get(destination):
            return f"{value(values, 'route_table_id')}_{values[destination]}"
    raise Unknown("destination")


def _association_id(values: Values, _aws: Aws) -> str:
    return f"{value(values, 'subnet_id')}/{value(values, 'route_table_id')}"


def _queue(values: Values, aws: Aws) -> str | None:
    sqs = aws.client("sqs")
    with contextlib.suppress(sqs.exceptions.QueueDoesNotExist):
        return sqs.get_queue_url(QueueName=value(values, "name"))["QueueUrl"]
    return None


def _task_definition(values: Values, aws: Aws) -> str | None:
    ecs = aws.client("ecs")
    with contextlib.suppress(ecs.exceptions.ClientException):
        found = ecs.describe_task_definition(taskDefinition=value(values, "family"))["taskDefinition"]
        return found["taskDefinitionArn"] if found.get("status") == "ACTIVE" else None
    return None


def _load_balancer(values: Values, aws: Aws) -> str | None:
    elbv2 = aws.client("elbv2")
    with contextlib.suppress(elbv2.exceptions.LoadBalancerNotFoundException):
        [found] = elbv2.describe_load_balancers(Names=[value(values, "name")])["LoadBalancers"]
        return found["LoadBalancerArn"]
    return None


def _target_group(values: Values, aws: Aws) -> str | None:
    elbv2 = aws.client("elbv2")
    with contextlib.suppress(elbv2.exceptions.TargetGroupNotFoundException):
        [found] = elbv2.describe_target_groups(Names=[value(values, "name")])["TargetGroups"]
        return found["TargetGroupArn"]
    return None


def _listener(values: Values, aws: Aws) -> str | None:
    listeners = aws.client("elbv2").describe_listeners(LoadBalancerArn=value(values, "load_balancer_arn"))
    port = int(value(values, "port"))
    return next((item["ListenerArn"] for item in listeners["Listeners"] if item["Port"] == port), None)


def _listener_rule(values: Values, aws: Aws) -> str | None:
    rules = aws.client("elbv2").describe_rules(ListenerArn=value(values, "listener_arn"))["Rules"]
    priority = value(values, "priority")
    return next((item["RuleArn"] for item in rules if item["Priority"] == priority), None)


def _security_group(values: Values, aws: Aws) -> str | None:
    filters = [{"Name": "group-name", "Values": [value(values, "name")]}]
    filters.append({"Name": "vpc-id", "Values": [value(values, "vpc_id")]})
    groups = aws.client("ec2").describe_security_groups(Filters=filters)["SecurityGroups"]
    return groups[0]["GroupId"] if len(groups) == 1 else None


def _security_group_rule(egress: bool) -> Callable[[Values, Aws], str | None]:
    peers = {
        "cidr_ipv4": "CidrIpv4",
        "cidr_ipv6": "CidrIpv6",
        "prefix_list_id": "PrefixListId",
        "referenced_security_group_id": "ReferencedGroupInfo",
    }

    def find(values: Values, aws: Aws) -> str | None:
        known(values, *peers, "from_port", "to_port")
        group = value(values, "security_group_id")
        rules = aws.client("ec2").describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [group]}])
        protocol = value(values, "ip_protocol")
        for rule in rules["SecurityGroupRules"]:
            if rule["IsEgress"] != egress or str(rule.get("IpProtocol")) not in (protocol, _protocol_number(protocol)):
                continue
            if protocol != "-1" and (rule.get("FromPort"), rule.get("ToPort")) != (
                values.get("from_port"),
                values.get("to_port"),
            ):
                continue
            matches = [
                (rule.get(field_) or {}).get("GroupId") == values[key]
                if field_ == "ReferencedGroupInfo"
                else rule.get(field_) == values[key]
                for key, field_ in peers.items()
                if values.get(key)
            ]
            if matches and all(matches):
                return rule["SecurityGroupRuleId"]
        return None

    return find


def _protocol_number(protocol: str) -> str:
    return {"tcp": "6", "udp": "17", "icmp": "1"}.get(protocol, protocol)


def _zone(values: Values, aws: Aws) -> str | None:
    name = value(values, "name").rstrip(".") + "."
    private = bool(values.get("vpc"))
    zones = aws.client("route53").list_hosted_zones_by_name(DNSName=name)["HostedZones"]
    found = [z for z in zones if z["Name"] == name and z.get("Config", {}).get("PrivateZone", False) == private]
    return last(found[0]["Id"]) if len(found) == 1 else None


def _namespace(values: Values, aws: Aws) -> str | None:
    listed = aws.client("servicediscovery").list_namespaces(
        Filters=[{"Name": "TYPE", "Values": ["DNS_PRIVATE"], "Condition": "EQ"}]
    )["Namespaces"]
    found = [item["Id"] for item in listed if item["Name"] == value(values, "name")]
    return f"{found[0]}:{value(values, 'vpc')}" if len(found) == 1 else None


def _discovery_service(values: Values, aws: Aws) -> str | None:
    [dns] = values.get("dns_config") or [{}]
    namespace = value(dns, "namespace_id")
    listed = aws.client("servicediscovery").list_services(
        Filters=[{"Name": "NAMESPACE_ID", "Values": [namespace], "Condition": "EQ"}]
    )["Services"]
    found = [item["Id"] for item in listed if item["Name"] == value(values, "name")]
    return found[0] if len(found) == 1 else None


def _file_system(values: Values, aws: Aws) -> str | None:
    listed = aws.client("efs").describe_file_systems(CreationToken=value(values, "creation_token"))["FileSystems"]
    found = [item["FileSystemId"] for item in listed if item.get("LifeCycleState") not in ("deleting", "deleted")]
    return found[0] if len(found) == 1 else None


def _broker(values: Values, aws: Aws) -> str | None:
    listed = aws.client("mq").list_brokers(MaxResults=100)["BrokerSummaries"]
    found = [
        item["BrokerId"]
        for item in listed
        if item["BrokerName"] == value(values, "broker_name") and item.get("BrokerState") != "DELETION_IN_PROGRESS"
    ]
    return found[0] if len(found) == 1 else None


def _secret(values: Values, aws: Aws) -> str | None:
    client = aws.client("secretsmanager")
    with contextlib.suppress(client.exceptions.ResourceNotFoundException):
        found = client.describe_secret(SecretId=value(values, "name"))
        return None if found.get("DeletedDate") else found["ARN"]
    return None


def _secret_version(values: Values, aws: Aws) -> str | None:
    """The current version of an adopted secret (``<arn>|<version id>``)."""
    secret = value(values, "secret_id")
    listed = aws.client("secretsmanager").list_secret_version_ids(SecretId=secret)["Versions"]
    found = [item["VersionId"] for item in listed if "AWSCURRENT" in item.get("VersionStages", [])]
    return f"{secret}|{found[0]}" if len(found) == 1 else None


def _mount_target(values: Values, aws: Aws) -> str | None:
    listed = aws.client("efs").describe_mount_targets(FileSystemId=value(values, "file_system_id"))["MountTargets"]
    found = [item["MountTargetId"] for item in listed if item["SubnetId"] == value(values, "subnet_id")]
    return found[0] if len(found) == 1 else None


def _access_point(values: Values, aws: Aws) -> str | None:
    listed = aws.client("efs").describe_access_points(FileSystemId=value(values, "file_system_id"))["AccessPoints"]
    [root] = values.get("root_directory") or [{}]
    found = [item["AccessPointId"] for item in listed if item.get("RootDirectory", {}).get("Path") == root.get("path")]
    return found[0] if len(found) == 1 else None


def _origin_access_control(values: Values, aws: Aws) -> str | None:
    listed = aws.client("cloudfront").list_origin_access_controls()["OriginAccessControlList"]
    found = [item["Id"] for item in listed.get("Items", []) if item["Name"] == value(values, "name")]
    return found[0] if len(found) == 1 else None


def _response_headers_policy(values: Values, aws: Aws) -> str | None:
    listed = aws.client("cloudfront").list_response_headers_policies(Type="custom")["ResponseHeadersPolicyList"]
    found = [
        item["ResponseHeadersPolicy"]["Id"]
        for item in listed.get("Items", [])
        if item["ResponseHeadersPolicy"]["ResponseHeadersPolicyConfig"]["Name"] == value(values, "name")
    ]
    return found[0] if len(found) == 1 else None


def _web_acl(values: Values, aws: Aws) -> str | None:
    scope = value(values, "scope")
    listed = aws.client("wafv2").list_web_acls(Scope=scope)["WebACLs"]
    found = [item["Id"] for item in listed if item["Name"] == value(values, "name")]
    return f"{found[0]}/{value(values, 'name')}/{scope}" if len(found) == 1 else None


def _kms_key_alive(arn: str, values: Values, aws: Aws) -> bool:
    key = aws.client("kms").describe_key(KeyId=arn)["KeyMetadata"]
    return key["KeyState"] == "Enabled" and key.get("Description", "") == (values.get("description") or "")


def _certificate_alive(arn: str, values: Values, aws: Aws) -> bool:
    found = aws.client("acm").describe_certificate(CertificateArn=arn)["Certificate"]
    return found["Status"] in ("PENDING_VALIDATION", "ISSUED") and found["DomainName"] == values.get("domain_name")


def _distribution_alive(arn: str, _values: Values, aws: Aws) -> bool:
    cloudfront = aws.client("cloudfront")
    with contextlib.suppress(cloudfront.exceptions.NoSuchDistribution):
        return bool(cloudfront.get_distribution(Id=last(arn)))
    return False


def _user_pool(values: Values, aws: Aws) -> str | None:
    pools = aws.client("cognito-idp").list_user_pools(MaxResults=60)["UserPools"]
    found = [pool["Id"] for pool in pools if pool["Name"] == value(values, "name")]
    return found[0] if len(found) == 1 else None


def _user_pool_client(values: Values, aws: Aws) -> str | None:
    pool = value(values, "user_pool_id")
    clients = aws.client("cognito-idp").list_user_pool_clients(UserPoolId=pool, MaxResults=60)["UserPoolClients"]
    found = [client["ClientId"] for client in clients if client["ClientName"] == value(values, "name")]
    return f"{pool}/{found[0]}" if len(found) == 1 else None


def _http_api(values: Values, aws: Aws) -> str | None:
    apis = aws.client("apigatewayv2").get_apis()["Items"]
    found = [api["ApiId"] for api in apis if api["Name"] == value(values, "name")]
    return found[0] if len(found) == 1 else None


def _vpc_link(values: Values, aws: Aws) -> str | None:
    links = aws.client("apigatewayv2").get_vpc_links()["Items"]
    found = [link["VpcLinkId"] for link in links if link["Name"] == value(values, "name")]
    return found[0] if len(found) == 1 else None


def _authorizer(values: Values, aws: Aws) -> str | None:
    api = value(values, "api_id")
    listed = aws.client("apigatewayv2").get_authorizers(ApiId=api)["Items"]
    found = [item["AuthorizerId"] for item in listed if item["Name"] == value(values, "name")]
    return f"{api}/{found[0]}" if len(found) == 1 else None


def _api_route(values: Values, aws: Aws) -> str | None:
    api = value(values, "api_id")
    listed = aws.client("apigatewayv2").get_routes(ApiId=api)["Items"]
    found = [item["RouteId"] for item in listed if item["RouteKey"] == value(values, "route_key")]
    return f"{api}/{found[0]}" if len(found) == 1 else None


def _api_mapping(values: Values, aws: Aws) -> str | None:
    domain = value(values, "domain_name")
    listed = aws.client("apigatewayv2").get_api_mappings(DomainName=domain)["Items"]
    found = [item["ApiMappingId"] for item in listed if item["ApiId"] == value(values, "api_id")]
    return f"{found[0]}/{domain}" if len(found) == 1 else None


def _launch_template(values: Values, aws: Aws) -> str | None:
    """A launch template's ID by its name (its import ID is the ``lt-`` ID AWS assigns)."""
    ec2 = aws.client("ec2")
    name = value(values, "name")
    found = ec2.describe_launch_templates(Filters=[{"Name": "launch-template-name", "Values": [name]}])
    ids = [template["LaunchTemplateId"] for template in found["LaunchTemplates"]]
    return ids[0] if len(ids) == 1 else None


LIVE_NAT = (("state", ("pending", "available")),)
LIVE_ENDPOINT = (("vpc-endpoint-state", ("pendingAcceptance", "pending", "available")),)

RULES: dict[str, Rule] = {
    # create fails on an existing name: adopt by name
    "aws_cloudwatch_log_group": ByName(_template("{name}")),
    "aws_db_subnet_group": ByName(_template("{name}")),
    "aws_dynamodb_table": ByName(_template("{name}")),
    "aws_elasticache_replication_group": ByName(_template("{replication_group_id}")),
    "aws_elasticache_subnet_group": ByName(_template("{name}")),
    "aws_elasticache_user": ByName(_template("{user_id}")),
    "aws_elasticache_user_group": ByName(_template("{user_group_id}")),
    "aws_cognito_user_group": ByName(_template("{user_pool_id}/{name}")),
    "aws_cognito_user_pool_domain": ByName(_template("{domain}")),
    "aws_ecr_repository": ByName(_template("{name}")),
    "aws_ecs_service": ByName(_service_id),
    "aws_iam_openid_connect_provider": ByName(_oidc_provider_id),  # one per URL and account
    "aws_iam_role": ByName(_template("{name}")),
    "aws_iam_instance_profile": ByName(_template("{name}")),
    "aws_autoscaling_group": ByName(_template("{name}")),
    "aws_kms_alias": ByName(_template("{name}")),
    "aws_lambda_function": ByName(_template("{function_name}")),
    "aws_lambda_permission": ByName(_template("{function_name}/{statement_id}")),
    "aws_apigatewayv2_stage": ByName(_template("{api_id}/{name}")),
    "aws_apigatewayv2_domain_name": ByName(_template("{domain_name}")),
    "aws_kms_replica_key": ByName(lambda values, _aws: last(value(values, "primary_key_arn"))),  # the primary's id
    "aws_rds_cluster": ByName(_template("{cluster_identifier}")),
    "aws_rds_cluster_instance": ByName(_template("{identifier}")),
    "aws_rds_cluster_parameter_group": ByName(_template("{name}")),
    "aws_route": ByName(_route_id),
    "aws_route53_record": ByName(_record_id),
    "aws_route_table_association": ByName(_association_id),
    "aws_s3_bucket": ByName(_template("{bucket}")),
    "aws_scheduler_schedule": ByName(_schedule_id),
    "aws_sns_topic": ByName(_template("arn:{partition}:sns:{region}:{account}:{name}")),
    "aws_ses_configuration_set": ByName(_template("{name}")),
    "aws_ses_event_destination": ByName(_template("{configuration_set_name}/{name}")),
    # a second put overwrites, but adopting shows the reviewer the same object: cheap
    "aws_cloudwatch_metric_alarm": ByName(_template("{alarm_name}")),
    "aws_iam_role_policy": ByName(_template("{role}:{name}")),
    # CreateCluster returns the active cluster of that name, but its services need its ARN known
    "aws_ecs_cluster": ByName(_template("{name}")),
    # AWS assigns the ID: one call finds it by its name or its parent and position
    "aws_cloudfront_origin_access_control": ByLookup(_origin_access_control),
    "aws_cloudfront_response_headers_policy": ByLookup(_response_headers_policy),
    # a second CreateUserPool makes a second pool of the same name (and its clients too)
    "aws_cognito_user_pool": ByLookup(_user_pool),
    "aws_cognito_user_pool_client": ByLookup(_user_pool_client),
    "aws_ecs_task_definition": ByLookup(_task_definition),
    "aws_efs_access_point": ByLookup(_access_point),
    "aws_efs_file_system": ByLookup(_file_system),
    "aws_efs_mount_target": ByLookup(_mount_target),
    "aws_mq_broker": ByLookup(_broker),
    "aws_secretsmanager_secret": ByLookup(_secret),
    "aws_secretsmanager_secret_version": ByLookup(_secret_version),
    "aws_lb": ByLookup(_load_balancer),
    "aws_lb_listener": ByLookup(_listener),
    "aws_lb_listener_rule": ByLookup(_listener_rule),
    "aws_lb_target_group": ByLookup(_target_group),
    "aws_launch_template": ByLookup(_launch_template),
    "aws_route53_zone": ByLookup(_zone),
    "aws_security_group": ByLookup(_security_group),
    "aws_service_discovery_private_dns_namespace": ByLookup(_namespace),
    "aws_service_discovery_service": ByLookup(_discovery_service),
    "aws_sqs_queue": ByLookup(_queue),
    "aws_vpc_security_group_egress_rule": ByLookup(_security_group_rule(egress=True)),
    "aws_vpc_security_group_ingress_rule": ByLookup(_security_group_rule(egress=False)),
    "aws_wafv2_web_acl": ByLookup(_web_acl),
    "aws_apigatewayv2_api": ByLookup(_http_api),
    "aws_apigatewayv2_vpc_link": ByLookup(_vpc_link),
    "aws_apigatewayv2_authorizer": ByLookup(_authorizer),
    "aws_apigatewayv2_route": ByLookup(_api_route),
    "aws_apigatewayv2_api_mapping": ByLookup(_api_mapping),
    # no name: found by the tags it would carry
    "aws_vpc": ByTags(ec2=("describe_vpcs", "Vpcs", "VpcId", ())),
    "aws_subnet": ByTags(ec2=("describe_subnets", "Subnets", "SubnetId", ())),
    "aws_route_table": ByTags(ec2=("describe_route_tables", "RouteTables", "RouteTableId", ())),
    "aws_internet_gateway": ByTags(ec2=("describe_internet_gateways", "InternetGateways", "InternetGatewayId", ())),
    "aws_nat_gateway": ByTags(ec2=("describe_nat_gateways", "NatGateways", "NatGatewayId", LIVE_NAT)),
    "aws_eip": ByTags(ec2=("describe_addresses", "Addresses", "AllocationId", ())),
    "aws_vpc_endpoint": ByTags(ec2=("describe_vpc_endpoints", "VpcEndpoints", "VpcEndpointId", LIVE_ENDPOINT)),
    "aws_flow_log": ByTags(ec2=("describe_flow_logs", "FlowLogs", "FlowLogId", ())),
    "aws_kms_key": ByTags(tagging="kms:key", alive=_kms_key_alive, id_from_arn=last),
    "aws_acm_certificate": ByTags(tagging="acm:certificate", alive=_certificate_alive),
    "aws_cloudfront_distribution": ByTags(
        tagging="cloudfront:distribution", alive=_distribution_alive, id_from_arn=last
    ),
}
"""How the existing object of each resource type is found from the values of its planned create."""

NOT_NEEDED: dict[str, str] = {
    "aws_acm_certificate_validation": "no object in AWS: it waits for the certificate",
    "aws_appautoscaling_policy": "PutScalingPolicy overwrites the policy of that name",
    "aws_appautoscaling_target": "RegisterScalableTarget overwrites the target",
    "aws_autoscaling_policy": "PutScalingPolicy overwrites the group's policy of that name",
    "aws_cloudwatch_dashboard": "PutDashboard overwrites the dashboard of that name",
    "aws_cloudwatch_event_rule": "PutRule overwrites the rule of that name",
    "aws_cloudwatch_event_target": "PutTargets overwrites the target of that id",
    "aws_default_security_group": "takes over the VPC's default group",
    "aws_ecr_lifecycle_policy": "PutLifecyclePolicy overwrites the repository's policy",
    "aws_ecr_registry_scanning_configuration": "PutRegistryScanningConfiguration overwrites",
    "aws_ecr_repository_policy": "SetRepositoryPolicy overwrites the repository's policy",
    "aws_ecs_cluster_capacity_providers": "PutClusterCapacityProviders overwrites",
    "aws_efs_backup_policy": "PutBackupPolicy overwrites the file system's policy",
    "aws_efs_file_system_policy": "PutFileSystemPolicy overwrites the file system's policy",
    "aws_cloudwatch_log_resource_policy": "PutResourcePolicy overwrites the policy of that name",
    "aws_iam_role_policy_attachment": "AttachRolePolicy of an attached policy succeeds",
    "aws_s3_bucket_lifecycle_configuration": "a put on the bucket overwrites",
    "aws_s3_bucket_ownership_controls": "a put on the bucket overwrites",
    "aws_s3_bucket_policy": "a put on the bucket overwrites",
    "aws_s3_bucket_public_access_block": "a put on the bucket overwrites",
    "aws_s3_bucket_server_side_encryption_configuration": "a put on the bucket overwrites",
    "aws_s3_bucket_versioning": "a put on the bucket overwrites",
    "aws_s3_object": "PutObject overwrites the object",
    "aws_ses_domain_dkim": "VerifyDomainDkim of a domain returns its tokens again",
    "aws_ses_domain_identity": "VerifyDomainIdentity of a domain returns its identity again",
    "aws_ses_domain_mail_from": "SetIdentityMailFromDomain overwrites",
    "aws_sns_topic_policy": "SetTopicAttributes overwrites",
    "aws_sns_topic_subscription": "Subscribe returns the subscription of the same endpoint",
    "aws_sqs_queue_policy": "SetQueueAttributes overwrites",
    "aws_sqs_queue_redrive_allow_policy": "SetQueueAttributes overwrites",
    "aws_wafv2_web_acl_logging_configuration": "PutLoggingConfiguration overwrites",
}
"""Resource types whose second create reuses or overwrites the object the first one made."""

MANUAL: dict[str, str] = {
    "aws_apigatewayv2_integration": (
        "no name to find it by (several routes share one target): a second create makes another, unused "
        "integration; `aws apigatewayv2 get-integrations --api-id <id>`, delete those no route targets"
    ),
    "aws_cloudfront_vpc_origin": (
        "no lookup (the emulator has no VPC origins API to prove one): find the origin named in the plan "
        "with `aws cloudfront list-vpc-origins`, then delete it or `terraform import` it"
    ),
}
"""Resource types recovered by hand after a cut-off apply (docs/recovery.md lists them)."""


# --- AWS access with the stack's provider settings -----------------------------------------------


@dataclass
class Aws:
    """boto3 clients configured like one of the stack's AWS providers."""

    settings: dict[str, Any]
    _clients: dict[str, Any] = field(default_factory=dict)

    @property
    def region(self) -> str:
        return str(self.settings.get("region", ""))

    @property
    def account(self) -> str:
        accounts = self.settings.get("allowed_account_ids") or []
        if accounts:
            return str(accounts[0])
        return str(self.client("sts").get_caller_identity()["Account"])

    @property
    def partition(self) -> str:
        return "aws-cn" if self.region.startswith("cn-") else "aws-us-gov" if "-gov-" in self.region else "aws"

    def endpoint(self, service: str) -> str | None:
        """The provider's endpoint for ``service``; when every configured endpoint is one URL (an
        emulator serving every API there), that URL for the services the provider does not call."""
        listed = (self.settings.get("endpoints") or [{}])[0]
        if listed.get(service):
            return str(listed[service])
        urls = set(listed.values())
        return str(urls.pop()) if len(urls) == 1 else None

    def client(self, service: str):
        if service not in self._clients:
            import boto3
            from botocore.config import Config

            options: dict[str, Any] = {"region_name": self.region or None}
            if self.endpoint(service):
                options["endpoint_url"] = self.endpoint(service)
            if self.settings.get("insecure"):
                options["verify"] = False  # the emulator's self-signed certificate (loopback only)
                _quiet_insecure()
            if self.settings.get("access_key"):
                options["aws_access_key_id"] = self.settings["access_key"]
                options["aws_secret_access_key"] = self.settings.get("secret_key")
            config = Config(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=5, read_timeout=30)
            session = boto3.Session(profile_name=self.settings.get("profile"))
            self._clients[service] = session.client(service, config=config, **options)
        return self._clients[service]


def _quiet_insecure() -> None:
    """No warning per request for the emulator's certificate (``insecure`` is for loopback only)."""
    import urllib3

    urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)


def providers(config: dict) -> dict[str, Aws]:
    """``{"aws": ..., "aws.<alias>": ...}`` from the stack's provider blocks."""
    found = {}
    for settings in config.get("provider", {}).get("aws", []):
        alias = settings.get("alias")
        found[f"aws.{alias}" if alias else "aws"] = Aws(dict(settings))
    return found


# --- finding candidates -------------------------------------------------------------------------


@dataclass(frozen=True)
class Import:
    address: str
    id: str

    def block(self) -> dict[str, str]:
        return {"to": self.address, "id": self.id}


def known_values(change: Mapping[str, Any]) -> Planned:
    """The planned values of a change that are known at plan time."""
    after = change.get("after") or {}
    unknown = change.get("after_unknown") or {}
    planned = Planned({k: v for k, v in after.items() if unknown.get(k) is not True and v is not None})
    planned.unknown = frozenset(k for k, v in unknown.items() if v is True)
    return planned


def creates(plan: Mapping[str, Any]) -> Iterator[tuple[str, str, Planned]]:
    """``(address, type, known values)`` of every resource the plan would create."""
    for change in plan.get("resource_changes") or []:
        if change.get("mode") == "managed" and change["change"]["actions"] == ["create"]:
            yield change["address"], change["type"], known_values(change["change"])


def _by_tags(rule: ByTags, values: Values, aws: Aws) -> str | None:
    known(values, "tags_all", "tags")
    tags = values.get("tags_all") or values.get("tags")
    if not tags:
        raise Unknown("tags_all")
    found: list[str] = []
    if rule.ec2 is not None:
        call, results, key, states = rule.ec2
        filters = [{"Name": f"tag:{k}", "Values": [v]} for k, v in sorted(tags.items())]
        filters += [{"Name": name, "Values": list(allowed)} for name, allowed in states]
        found = [item[key] for item in getattr(aws.client("ec2"), call)(Filters=filters)[results]]
    elif rule.tagging is not None:
        pages = aws.client("resourcegroupstaggingapi").get_paginator("get_resources")
        filters = [{"Key": k, "Values": [v]} for k, v in sorted(tags.items())]
        arns = [
            item["ResourceARN"]
            for page in pages.paginate(TagFilters=filters, ResourceTypeFilters=[rule.tagging])
            for item in page["ResourceTagMappingList"]
            if item_tags(item) == dict(tags)
        ]
        found = [rule.id_from_arn(arn) for arn in arns if rule.alive is None or rule.alive(arn, values, aws)]
    return found[0] if len(found) == 1 else None


def item_tags(item: Mapping[str, Any]) -> dict[str, str]:
    return {tag["Key"]: tag["Value"] for tag in item.get("Tags", [])}


def resource_providers(config: dict) -> dict[str, str]:
    """``{address: provider key}`` of the resources that name a provider (an alias)."""
    return {
        f"{kind}.{name}": settings["provider"]
        for kind, resources in config.get("resource", {}).items()
        for name, settings in resources.items()
        if settings.get("provider")
    }


def candidates(
    stack_dir: Path, plan: Mapping[str, Any], skip: set[str], notes: list[str], absent: set[str]
) -> list[Import]:
    """An import for each planned create whose object exists (or, ``ByName``, may exist: the
    probe decides) and whose ID is known now; ``skip``: addresses already tried. Adds to
    ``absent`` the creates a lookup found no object for."""
    config = json.loads((stack_dir / "cdk.tf.json").read_text())
    accounts, aliased = providers(config), resource_providers(config)
    found = []
    for address, kind, values in creates(plan):
        rule = RULES.get(kind)
        if rule is None or address in skip:
            continue
        aws = accounts.get(aliased.get(address, "aws")) or accounts.get("aws") or Aws({})
        try:
            if isinstance(rule, ByName):
                identifier: str | None = rule.id(values, aws)
            elif isinstance(rule, ByLookup):
                identifier = rule.find(values, aws)
            else:
                identifier = _by_tags(rule, values, aws)
        except Unknown:
            continue  # a value from a resource being created: maybe known in the next round
        except Exception as error:  # noqa: BLE001 - a lookup that fails adopts nothing; the plan stands
            notes.append(f"{address}: not looked up ({type(error).__name__}: {str(error)[:200]})")
            skip.add(address)
            continue
        skip.add(address)
        if identifier:
            found.append(Import(address, identifier))
        elif not isinstance(rule, ByName):
            absent.add(address)
    return found


# --- the probe and the plan with imports ----------------------------------------------------------


@dataclass
class Adoption:
    imports: list[Import] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    failed: bool = False
    plan: Mapping[str, Any] | None = None
    """The JSON of the last plan made with the imports."""

    def summary(self, stack: str) -> str:
        listed = ", ".join(f"{i.address} ({i.id})" for i in self.imports)
        return f"{stack}: adopting {len(self.imports)} existing object(s) it would create, as imports: {listed}"


def dependencies(plan: Mapping[str, Any]) -> dict[str, set[str]]:
    """``{address: every managed resource it needs, directly or not}`` from the plan's
    configuration (references in its arguments, and ``depends_on``)."""
    direct: dict[str, set[str]] = {}
    for resource in (plan.get("configuration") or {}).get("root_module", {}).get("resources", []):
        if resource.get("mode") != "managed":
            continue
        found: set[str] = set(resource.get("depends_on") or [])
        stack: list[Any] = [resource.get("expressions") or {}]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                found.update(item.get("references") or [])
                stack.extend(v for k, v in item.items() if k != "references")
            elif isinstance(item, list):
                stack.extend(item)
        direct[resource["address"]] = {
            ".".join(r.split(".")[:2]) for r in found if r.startswith("aws_") and r.count(".") >= 1
        }
    closed: dict[str, set[str]] = {}

    def close(address: str, seen: frozenset[str] = frozenset()) -> set[str]:
        if address not in closed:
            result = set(direct.get(address, set()))
            for needed in direct.get(address, set()) - seen:
                result |= close(needed, seen | {address})
            closed[address] = result
        return closed[address]

    return {address: close(address) for address in direct}


def write_imports(stack_dir: Path, imports: list[Import]) -> None:
    path = stack_dir / ADOPT_FILE
    if imports:
        path.write_text(json.dumps({"import": [i.block() for i in imports]}, indent=2) + "\n")
    else:
        path.unlink(missing_ok=True)


def probe(stack_dir: Path, trying: list[Import]) -> tuple[set[str], str]:
    """Addresses among ``trying`` whose object does not exist (or whose import fails), and the
    probe's output when it failed for another reason."""
    # Not -refresh=false: most importers only set the ID, and the read after them finds the object.
    done = terraform_run.run(["plan", "-input=false", "-no-color", "-lock=false"], stack_dir)
    output = done.stdout + done.stderr
    if done.returncode == 0:
        return set(), ""
    flat = re.sub(r"\s+", " ", output)
    failed = set(NON_EXISTENT.findall(flat)) | set(ERROR_SUBJECT.findall(output))
    failed &= {i.address for i in trying}
    return failed, "" if failed else output


def adopt(stack_dir: Path, plan: Mapping[str, Any], replan: Callable[[], Mapping[str, Any] | None]) -> Adoption:
    """Adopt what exists of the plan's creates. ``replan`` plans the stack again, saved as the
    first plan was, with ``adopt.tf.json`` in place, and returns its JSON (None: it failed, and
    the stack's plan with it)."""
    adoption = Adoption()
    tried: set[str] = set()
    absent: set[str] = set()
    try:
        for _round in range(ROUNDS):
            trying = candidates(stack_dir, plan, tried, adoption.notes, absent)
            needs = dependencies(plan)
            # A cut-off apply makes what an object needs before the object: if a lookup found
            # no dependency, the object was not made either.
            trying = [i for i in trying if not needs.get(i.address, set()) & absent]
            if not trying:
                break
            while trying:  # Terraform reads no import whose dependency failed: probe until none fails
                write_imports(stack_dir, [*adoption.imports, *trying])
                missing, failure = probe(stack_dir, trying)
                if failure:
                    adoption.notes.append(f"the import probe failed, nothing more adopted: {failure.strip()[-800:]}")
                    trying = []
                    break
                if not missing:
                    break
                # What needs a missing object was not made by the cut-off run either (it makes a
                # dependency first): dropping those saves a probe per level of the graph.
                trying = [i for i in trying if i.address not in missing and not needs.get(i.address, set()) & missing]
            if not trying:
                break
            adoption.imports.extend(trying)
            write_imports(stack_dir, adoption.imports)
            replanned = replan()
            if replanned is None:
                adoption.notes.append("the plan with the imports failed (its output is above)")
                adoption.failed = True
                break
            plan = adoption.plan = replanned
    finally:
        (stack_dir / ADOPT_FILE).unlink(missing_ok=True)
    return adoption
