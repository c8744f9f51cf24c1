"""What the emulator holds, kind by kind, as the identifiers Terraform's state uses (a role's name,
a load balancer's ARN, a record's ``<zone>_<name>_<type>``): compared before a deploy and after its
destroy, it shows what an interrupted deploy orphaned; compared with the states, what they lack.

Objects AWS makes by itself (a default VPC, its main route tables and default security groups,
a zone's NS and SOA records, the emulator's untagged default keys, RDS's managed secrets) and objects on their way out (KMS keys pending deletion, inactive ECS
clusters, services and task definitions, deleted NAT gateways and endpoints) are left out."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

Client = Callable[[str], Any]


def _pages(client: Any, operation: str, key: str, **arguments: Any) -> list[dict]:
    if client.can_paginate(operation):
        return [item for page in client.get_paginator(operation).paginate(**arguments) for item in page.get(key, [])]
    return getattr(client, operation)(**arguments).get(key, [])


def inventory(client: Client) -> dict[str, set[str]]:
    ec2 = client("ec2")
    vpcs = _pages(ec2, "describe_vpcs", "Vpcs")
    defaults = {v["VpcId"] for v in vpcs if v.get("IsDefault")}
    found: dict[str, set[str]] = {
        "vpc": {v["VpcId"] for v in vpcs if v["VpcId"] not in defaults},
        "subnet": {s["SubnetId"] for s in _pages(ec2, "describe_subnets", "Subnets") if s["VpcId"] not in defaults},
        "route table": {
            r["RouteTableId"]
            for r in _pages(ec2, "describe_route_tables", "RouteTables")
            if r["VpcId"] not in defaults and not any(a.get("Main") for a in r.get("Associations", []))
        },
        "internet gateway": {
            g["InternetGatewayId"]
            for g in _pages(ec2, "describe_internet_gateways", "InternetGateways")
            if not {a.get("VpcId") for a in g.get("Attachments", [])} & defaults
        },
        "nat gateway": {
            n["NatGatewayId"]
            for n in _pages(ec2, "describe_nat_gateways", "NatGateways")
            if n.get("State") not in ("deleted", "deleting")
        },
        "elastic ip": {a["AllocationId"] for a in ec2.describe_addresses()["Addresses"]},
        "security group": {
            g["GroupId"]
            for g in _pages(ec2, "describe_security_groups", "SecurityGroups")
            if g["GroupName"] != "default"
        },
        "vpc endpoint": {
            e["VpcEndpointId"]
            for e in _pages(ec2, "describe_vpc_endpoints", "VpcEndpoints")
            if e.get("State", "").lower() not in ("deleted", "deleting")
        },
        "flow log": {f["FlowLogId"] for f in _pages(ec2, "describe_flow_logs", "FlowLogs")},
    }
    kms = client("kms")
    # Every key of the platform carries its stack's tags from its creation; an untagged one is
    # the emulator's own (moto makes "Default key"s for RDS's managed secrets, as AWS-managed keys).
    found["kms key"] = {
        k["KeyId"]
        for k in _pages(kms, "list_keys", "Keys")
        if (m := kms.describe_key(KeyId=k["KeyId"])["KeyMetadata"])["KeyState"] == "Enabled"
        and m.get("KeyManager") == "CUSTOMER"
        and kms.list_resource_tags(KeyId=k["KeyId"]).get("Tags")
    }
    found["kms alias"] = {
        a["AliasName"] for a in _pages(kms, "list_aliases", "Aliases") if not a["AliasName"].startswith("alias/aws/")
    }
    found["log group"] = {g["logGroupName"] for g in _pages(client("logs"), "describe_log_groups", "logGroups")}
    iam = client("iam")
    roles = [
        r["RoleName"] for r in _pages(iam, "list_roles", "Roles") if not r["Path"].startswith("/aws-service-role/")
    ]
    found["iam role"] = set(roles)
    found["iam role policy"] = {
        f"{role}:{policy}"
        for role in roles
        for policy in _pages(iam, "list_role_policies", "PolicyNames", RoleName=role)
    }
    found["s3 bucket"] = {b["Name"] for b in client("s3").list_buckets()["Buckets"]}
    found["sqs queue"] = set(client("sqs").list_queues().get("QueueUrls", []))
    sns = client("sns")
    found["sns topic"] = {t["TopicArn"] for t in _pages(sns, "list_topics", "Topics")}
    found["sns subscription"] = {s["SubscriptionArn"] for s in _pages(sns, "list_subscriptions", "Subscriptions")}
    cloudwatch = client("cloudwatch")
    found["alarm"] = {a["AlarmName"] for a in _pages(cloudwatch, "describe_alarms", "MetricAlarms")}
    found["dashboard"] = {d["DashboardName"] for d in _pages(cloudwatch, "list_dashboards", "DashboardEntries")}
    found["event rule"] = {r["Name"] for r in client("events").list_rules()["Rules"]}
    rds = client("rds")
    found["rds cluster"] = {c["DBClusterIdentifier"] for c in _pages(rds, "describe_db_clusters", "DBClusters")}
    found["rds instance"] = {i["DBInstanceIdentifier"] for i in _pages(rds, "describe_db_instances", "DBInstances")}
    found["db subnet group"] = {
        g["DBSubnetGroupName"]
        for g in _pages(rds, "describe_db_subnet_groups", "DBSubnetGroups")
        if g["DBSubnetGroupName"] != "default"
    }
    found["cluster parameter group"] = {
        g["DBClusterParameterGroupName"]
        for g in _pages(rds, "describe_db_cluster_parameter_groups", "DBClusterParameterGroups")
        if not g["DBClusterParameterGroupName"].startswith("default.")
    }
    found["dynamodb table"] = set(_pages(client("dynamodb"), "list_tables", "TableNames"))
    elasticache = client("elasticache")
    found["cache replication group"] = {
        g["ReplicationGroupId"] for g in _pages(elasticache, "describe_replication_groups", "ReplicationGroups")
    }
    found["cache subnet group"] = {
        g["CacheSubnetGroupName"]
        for g in _pages(elasticache, "describe_cache_subnet_groups", "CacheSubnetGroups")
        if g["CacheSubnetGroupName"] != "default"
    }
    found["cache user"] = {
        u["UserId"] for u in _pages(elasticache, "describe_users", "Users") if u["UserId"] != "default"
    }
    found["cache user group"] = {g["UserGroupId"] for g in _pages(elasticache, "describe_user_groups", "UserGroups")}
    ecs = client("ecs")
    clusters = _pages(ecs, "list_clusters", "clusterArns")
    live = [c["clusterArn"] for c in ecs.describe_clusters(clusters=clusters)["clusters"] if c["status"] == "ACTIVE"]
    found["ecs cluster"] = set(live)
    services = [arn for cluster in live for arn in _pages(ecs, "list_services", "serviceArns", cluster=cluster)]
    found["ecs service"] = {
        s["serviceArn"]
        for cluster in live
        for s in ecs.describe_services(
            cluster=cluster, services=[a for a in services if a.split("/")[-2] == cluster.split("/")[-1]] or ["none"]
        )["services"]
        if s["status"] == "ACTIVE"
    }
    found["task definition"] = set(_pages(ecs, "list_task_definitions", "taskDefinitionArns", status="ACTIVE"))
    elbv2 = client("elbv2")
    balancers = [b["LoadBalancerArn"] for b in _pages(elbv2, "describe_load_balancers", "LoadBalancers")]
    found["load balancer"] = set(balancers)
    found["target group"] = {g["TargetGroupArn"] for g in _pages(elbv2, "describe_target_groups", "TargetGroups")}
    autoscaling = client("autoscaling")  # the vms (stacks/vms.py)
    found["autoscaling group"] = {
        g["AutoScalingGroupName"] for g in _pages(autoscaling, "describe_auto_scaling_groups", "AutoScalingGroups")
    }
    found["launch template"] = {
        t["LaunchTemplateId"] for t in _pages(ec2, "describe_launch_templates", "LaunchTemplates")
    }
    found["instance profile"] = {
        p["InstanceProfileName"] for p in _pages(iam, "list_instance_profiles", "InstanceProfiles")
    }
    found["listener"] = {
        listener["ListenerArn"]
        for arn in balancers
        for listener in elbv2.describe_listeners(LoadBalancerArn=arn)["Listeners"]
    }
    found["certificate"] = {
        c["CertificateArn"] for c in _pages(client("acm"), "list_certificates", "CertificateSummaryList")
    }
    cloudfront = client("cloudfront")
    found["distribution"] = {d["Id"] for d in cloudfront.list_distributions()["DistributionList"].get("Items", [])}
    found["origin access control"] = {
        o["Id"] for o in cloudfront.list_origin_access_controls()["OriginAccessControlList"].get("Items", [])
    }
    route53 = client("route53")
    # A Cloud Map namespace's private zone is the namespace's own (AWS deletes it with the
    # namespace; moto keeps it, README emulator gaps): left out, as the namespace is counted.
    zones = [
        (z["Id"].rsplit("/", 1)[-1], z["Name"])
        for z in _pages(route53, "list_hosted_zones", "HostedZones")
        if not _namespace_zone(z)
    ]
    found["hosted zone"] = {zone for zone, _ in zones}
    found["record"] = {
        record_id(zone, r["Name"], r["Type"], r.get("SetIdentifier"))
        for zone, apex in zones
        for r in _pages(route53, "list_resource_record_sets", "ResourceRecordSets", HostedZoneId=zone)
        if not (r["Type"] in ("NS", "SOA") and r["Name"] == apex)
    }
    discovery = client("servicediscovery")
    namespaces = _pages(discovery, "list_namespaces", "Namespaces")
    found["namespace"] = {n["Id"] for n in namespaces}
    found["discovery service"] = {s["Id"] for s in _pages(discovery, "list_services", "Services")}
    found["ecr repository"] = {
        r["repositoryName"] for r in _pages(client("ecr"), "describe_repositories", "repositories")
    }
    efs = client("efs")
    systems = [f["FileSystemId"] for f in _pages(efs, "describe_file_systems", "FileSystems")]
    found["file system"] = set(systems)
    found["mount target"] = {
        t["MountTargetId"] for fs in systems for t in efs.describe_mount_targets(FileSystemId=fs)["MountTargets"]
    }
    found["access point"] = {p["AccessPointId"] for p in _pages(efs, "describe_access_points", "AccessPoints")}
    found["broker"] = {b["BrokerId"] for b in _pages(client("mq"), "list_brokers", "BrokerSummaries")}
    gateway = client("apigatewayv2")  # the HTTP API (stacks/service_api.py)
    found["http api"] = {a["ApiId"] for a in gateway.get_apis()["Items"]}
    found["vpc link"] = {v["VpcLinkId"] for v in gateway.get_vpc_links()["Items"]}
    found["api domain"] = {d["DomainName"] for d in gateway.get_domain_names()["Items"]}
    found["user pool"] = {p["Id"] for p in client("cognito-idp").list_user_pools(MaxResults=60)["UserPools"]}
    found["function"] = {f["FunctionName"] for f in _pages(client("lambda"), "list_functions", "Functions")}
    scheduler = client("scheduler")
    found["schedule"] = {
        f"{s.get('GroupName', 'default')}/{s['Name']}" for s in _pages(scheduler, "list_schedules", "Schedules")
    }
    # RDS's managed master password: AWS deletes it with the cluster, moto keeps it (README, emulator gaps).
    found["secret"] = {
        s["ARN"]
        for s in _pages(client("secretsmanager"), "list_secrets", "SecretList")
        if not s["Name"].startswith("rds!")
    }
    return found


def _namespace_zone(zone: dict) -> bool:
    """The private zone Cloud Map made for a namespace (AWS links it; moto says so in its comment)."""
    linked = zone.get("LinkedService", {}).get("ServicePrincipal", "").startswith("servicediscovery.")
    return linked or zone.get("Config", {}).get("Comment", "").startswith("hosted zone for private dns namespace")


def record_id(zone: str, name: str, kind: str, set_identifier: str | None = None) -> str:
    """A Route 53 record as Terraform's ``aws_route53_record`` id, normalised."""
    parts = [zone, name.rstrip(".").lower(), kind]
    return "_".join([*parts, set_identifier] if set_identifier else parts)


def added(before: dict[str, set[str]], after: dict[str, set[str]]) -> dict[str, list[str]]:
    """What ``after`` holds that ``before`` did not, by kind (empty kinds left out)."""
    return {
        kind: sorted(after[kind] - before.get(kind, set())) for kind in after if after[kind] - before.get(kind, set())
    }


def state_identifiers(states: list[dict]) -> set[str]:
    """Every ``id`` and ``arn`` of the managed resources of these states (records normalised)."""
    found: set[str] = set()
    for state in states:
        for resource in state.get("resources", []):
            if resource.get("mode") != "managed":
                continue
            for instance in resource.get("instances", []):
                attributes = instance.get("attributes") or {}
                found.update(str(attributes[key]) for key in ("id", "arn") if attributes.get(key))
                if resource["type"] == "aws_route53_record":
                    found.add(
                        record_id(
                            attributes["zone_id"],
                            attributes["name"],
                            attributes["type"],
                            attributes.get("set_identifier"),
                        )
                    )
    return found


def unknown_to_state(new: dict[str, list[str]], states: list[dict]) -> dict[str, list[str]]:
    """Of the objects ``new`` lists, those no state knows (orphans), by kind."""
    known = state_identifiers(states)
    orphans = {kind: [i for i in items if i not in known] for kind, items in new.items()}
    return {kind: items for kind, items in orphans.items() if items}


def describe(found: dict[str, list[str]]) -> str:
    return json.dumps(found, indent=1, sort_keys=True)
