"""The whole ``local`` platform against a fresh moto emulator, through saved plans as CI and
``make deploy`` do: plan each level of stacks into saved plans and apply exactly those files
(``tools.apply_plans --deploy``), check the key resources through the AWS API, re-plan every
stack with no changes (``tools.plan_stacks``, as the deploy workflow's plan job), prove that a
saved plan made stale by another apply is refused, that the state lock holds, and destroy
everything.

Marked ``deploy``: ``make test-fast`` skips it.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from environments import named
from tests.deploy.conftest import TIMINGS, WAVES, Deployment

pytestmark = pytest.mark.deploy


def test_network(deployment: Deployment) -> None:
    ec2 = deployment.client("ec2")
    [vpc] = [v for v in ec2.describe_vpcs()["Vpcs"] if v["CidrBlock"] == "10.10.0.0/16"]
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["Subnets"]
    tiers = sorted(next(t["Value"] for t in s["Tags"] if t["Key"] == "Tier") for s in subnets)
    assert tiers == ["isolated", "isolated", "private", "private", "public", "public"]
    assert not any(s["MapPublicIpOnLaunch"] for s in subnets)
    assert ec2.describe_flow_logs(Filters=[{"Name": "resource-id", "Values": [vpc["VpcId"]]}])["FlowLogs"]


def test_aurora_is_encrypted_with_a_managed_password(deployment: Deployment) -> None:
    [cluster] = deployment.client("rds").describe_db_clusters(DBClusterIdentifier="platform-db-local")["DBClusters"]
    assert cluster["StorageEncrypted"] is True and cluster["KmsKeyId"]
    assert cluster["MasterUserSecret"]["SecretArn"].startswith("arn:aws:secretsmanager:")
    assert cluster["Engine"] == "aurora-postgresql"


def test_dynamodb_tables_have_pitr_and_kms(deployment: Deployment) -> None:
    dynamodb = deployment.client("dynamodb")
    for table in ("platform-catalog-local", "platform-orders-local"):
        backups = dynamodb.describe_continuous_backups(TableName=table)["ContinuousBackupsDescription"]
        assert backups["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED"
        assert dynamodb.describe_table(TableName=table)["Table"]["SSEDescription"]["SSEType"] == "KMS"


def test_ecs_cluster_offers_fargate_spot_and_the_service_uses_it(deployment: Deployment) -> None:
    ecs = deployment.client("ecs")
    [cluster] = ecs.describe_clusters(clusters=["platform-cluster-local"])["clusters"]
    assert {"FARGATE", "FARGATE_SPOT"} <= set(cluster["capacityProviders"])
    assert [s["capacityProvider"] for s in cluster["defaultCapacityProviderStrategy"]] == ["FARGATE_SPOT"]
    [service] = ecs.describe_services(cluster="platform-cluster-local", services=["platform-api-local"])["services"]
    assert service["networkConfiguration"]["awsvpcConfiguration"]["assignPublicIp"] == "DISABLED"
    # moto does not return a service's strategy (README, emulator gaps): read what Terraform set.
    state = json.loads(deployment.terraform("service", "show", "-json").stdout)
    recorded = {
        r["values"]["name"]: r["values"]
        for r in state["values"]["root_module"]["resources"]
        if r["type"] == "aws_ecs_service"
    }
    for name in ("platform-api-local", "platform-order-worker-local"):
        assert [s["capacity_provider"] for s in recorded[name]["capacity_provider_strategy"]] == ["FARGATE_SPOT"]
        assert recorded[name]["deployment_circuit_breaker"] == [{"enable": True, "rollback": True}]
        [alarms] = recorded[name]["alarms"]
        assert alarms["rollback"] is True and len(alarms["alarm_names"]) == 2


def test_all_three_kinds_of_service_run(deployment: Deployment) -> None:
    """The api (web, behind its listener rule), the order worker (no load balancer) and the
    nightly report (an EventBridge Scheduler schedule on FARGATE_SPOT with retries and a DLQ)."""
    ecs = deployment.client("ecs")
    services = ecs.describe_services(
        cluster="platform-cluster-local", services=["platform-api-local", "platform-order-worker-local"]
    )["services"]
    assert {s["serviceName"]: s["desiredCount"] for s in services} == {
        "platform-api-local": 1,
        "platform-order-worker-local": 1,
    }  # local: no autoscaling, so one worker runs
    [worker] = [s for s in services if s["serviceName"] == "platform-order-worker-local"]
    assert not worker.get("loadBalancers")
    schedule = deployment.client("scheduler").get_schedule(Name="platform-nightly-report-local")
    assert schedule["ScheduleExpression"] == "cron(0 3 * * ? *)"
    assert schedule["ScheduleExpressionTimezone"] == "Europe/Dublin"
    target = schedule["Target"]
    assert target["Arn"].endswith(":cluster/platform-cluster-local")
    assert target["RetryPolicy"]["MaximumRetryAttempts"] == 2
    assert target["DeadLetterConfig"]["Arn"].endswith(":platform-nightly-report-schedule-dlq-local")
    assert [s["capacityProvider"] for s in target["EcsParameters"]["CapacityProviderStrategy"]] == ["FARGATE_SPOT"]
    elbv2 = deployment.client("elbv2")
    [alb] = elbv2.describe_load_balancers(Names=["platform-api-local"])["LoadBalancers"]
    [listener] = elbv2.describe_listeners(LoadBalancerArn=alb["LoadBalancerArn"])["Listeners"]
    rules = [r for r in elbv2.describe_rules(ListenerArn=listener["ListenerArn"])["Rules"] if not r["IsDefault"]]
    paths = [c.get("PathPatternConfig", {}).get("Values") or c.get("Values") for r in rules for c in r["Conditions"]]
    # the api's rule, and one per vm (instance targets)
    local = named("local")
    assert sorted(paths) == sorted([["/api/*"], *(list(vm.path_patterns) for vm in local.vms)])
    alarms = {
        a["AlarmName"]
        for a in deployment.client("cloudwatch").describe_alarms(AlarmNamePrefix="platform-order-worker-")[
            "MetricAlarms"
        ]
    }
    assert alarms == {
        "platform-order-worker-order-processing-dlq-growth-local",
        "platform-order-worker-order-processing-oldest-message-local",
    }
    events = deployment.client("events")
    rule = events.describe_rule(Name="platform-task-failed-local")
    assert json.loads(rule["EventPattern"])["detail"]["group"] == [
        "family:platform-nightly-report-local",
        "service:platform-order-worker-local",
    ]
    [target] = events.list_targets_by_rule(Rule="platform-task-failed-local")["Targets"]
    assert target["Arn"].endswith(":platform-alarms-local")
    dashboard = deployment.outputs("edge")["dashboard_url"]["value"]
    assert dashboard.endswith("#dashboards/dashboard/platform-dashboard-local")
    deployment.client("cloudwatch").get_dashboard(DashboardName="platform-dashboard-local")


def test_load_balancer_and_target_group(deployment: Deployment) -> None:
    elbv2 = deployment.client("elbv2")
    [alb] = elbv2.describe_load_balancers(Names=["platform-api-local"])["LoadBalancers"]
    assert alb["Type"] == "application" and len(alb["AvailabilityZones"]) == 2
    assert alb["Scheme"] == "internal"  # behind the HTTP API's VPC link
    groups = elbv2.describe_target_groups(LoadBalancerArn=alb["LoadBalancerArn"])["TargetGroups"]
    [group] = [g for g in groups if g["TargetGroupName"] == "platform-api-local"]
    assert group["TargetType"] == "ip" and group["HealthCheckPath"] == "/"
    assert deployment.outputs("service")["alb_dns_name"]["value"] == alb["DNSName"]


def test_cloudfront_distribution(deployment: Deployment) -> None:
    outputs = deployment.outputs("edge")
    distribution = deployment.client("cloudfront").get_distribution(Id=outputs["cloudfront_distribution_id"]["value"])
    config = distribution["Distribution"]["DistributionConfig"]
    assert {o["Id"] for o in config["Origins"]["Items"]} == {"site", "api"}
    assert config["DefaultCacheBehavior"]["ViewerProtocolPolicy"] == "redirect-to-https"


def test_certificates_records_and_the_https_listener(deployment: Deployment) -> None:
    acm = deployment.client("acm")
    issued = {
        c["DomainName"]: c["CertificateArn"]
        for c in acm.list_certificates(CertificateStatuses=["ISSUED"])["CertificateSummaryList"]
    }
    assert {"local.platform.test", "origin.local.platform.test"} <= set(issued)
    route53 = deployment.client("route53")
    [zone] = [z for z in route53.list_hosted_zones()["HostedZones"] if z["Name"] == "local.platform.test."]
    records = {
        (r["Name"], r["Type"]) for r in route53.list_resource_record_sets(HostedZoneId=zone["Id"])["ResourceRecordSets"]
    }
    assert {
        ("local.platform.test.", "A"),
        ("local.platform.test.", "AAAA"),
        ("origin.local.platform.test.", "A"),
    } <= records
    # ACM validation: the site, the origin, (with identity) the hosted UI's auth.<domain> and
    # (with an HTTP API on its own name) api.<domain>
    local = named("local")
    validations = 2 + (local.identity is not None) + (local.http_api is not None and local.http_api.custom_domain)
    assert sum(1 for name, kind in records if kind == "CNAME" and name.startswith("_")) == validations
    elbv2 = deployment.client("elbv2")
    [alb] = elbv2.describe_load_balancers(Names=["platform-api-local"])["LoadBalancers"]
    [listener] = elbv2.describe_listeners(LoadBalancerArn=alb["LoadBalancerArn"])["Listeners"]
    assert (listener["Port"], listener["Protocol"], listener["SslPolicy"]) == (
        443,
        "HTTPS",
        "ELBSecurityPolicy-TLS13-1-2-2021-06",
    )
    assert listener["Certificates"][0]["CertificateArn"] == issued["origin.local.platform.test"]


def test_sns_fans_out_to_sqs_with_dead_letter_queues(deployment: Deployment) -> None:
    sns, sqs = deployment.client("sns"), deployment.client("sqs")
    [topic] = [t["TopicArn"] for t in sns.list_topics()["Topics"] if t["TopicArn"].endswith(":platform-orders-local")]
    endpoints = {s["Endpoint"] for s in sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]}
    assert {e.rsplit(":", 1)[1] for e in endpoints} == {
        "platform-order-processing-local",
        "platform-notifications-local",
    }
    url = sqs.get_queue_url(QueueName="platform-order-processing-local")["QueueUrl"]
    redrive = json.loads(
        sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["RedrivePolicy"])["Attributes"]["RedrivePolicy"]
    )
    assert redrive["deadLetterTargetArn"].endswith(":platform-order-processing-dlq-local")
    assert int(redrive["maxReceiveCount"]) == 5


def _changes(output: str) -> str:
    """A plan's changed resources and attributes (its ``#`` headers and ``~``/``+``/``-`` lines),
    and its errors: the whole plan of every stack is too long to read in a failure."""
    plain = re.sub(r"\x1b\[[0-9;]*m", "", output)
    changed = re.compile(r"^\s*(# \S+ (will|must)|[~+-] |-/\+ |Error: |Plan: )")
    return "\n".join(line for line in plain.splitlines() if changed.match(line))[-8000:]


def test_a_second_plan_has_no_changes(deployment: Deployment, tmp_path: Path) -> None:
    """The deploy workflow's plan job: every stack planned at once into saved plans, the
    bootstrapped state and ci stacks included (reviewed and drift-checked like the others)."""
    start = time.perf_counter()
    planned = deployment.tool("plan_stacks", "--plans", str(tmp_path))
    assert planned.returncode == 0, "not clean after apply:\n" + _changes(planned.stdout + planned.stderr)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    bootstrapped = ("state", "ci")
    assert {s["name"]: s["status"] for s in manifest["stacks"]} == {
        f"{c}-local": "no changes" for c in (*bootstrapped, *(c for wave in WAVES for c in wave))
    }
    levels = [sorted(f"{c}-local" for c in (*bootstrapped, *WAVES[0]))] + [
        sorted(f"{c}-local" for c in wave) for wave in WAVES[1:]
    ]
    assert [sorted(s["name"] for s in manifest["stacks"] if s["level"] == n) for n in range(len(WAVES))] == levels
    TIMINGS["re-plan, all stacks"] = time.perf_counter() - start


def test_the_pipelines_roles_are_deployed_as_configured(deployment: Deployment) -> None:
    """The ci stack, applied by the bootstrap: moto serves IAM OIDC providers and roles."""
    iam = deployment.client("iam")
    [provider] = iam.list_open_id_connect_providers()["OpenIDConnectProviderList"]
    assert provider["Arn"].endswith(":oidc-provider/token.actions.githubusercontent.com")
    assert iam.get_open_id_connect_provider(OpenIDConnectProviderArn=provider["Arn"])["ClientIDList"] == [
        "sts.amazonaws.com"
    ]
    roles = {r["RoleName"]: r for r in iam.list_roles(PathPrefix="/ci/")["Roles"]}
    assert sorted(roles) == ["platform-ci-deploy-local", "platform-ci-plan-local"]
    trust = roles["platform-ci-deploy-local"]["AssumeRolePolicyDocument"]
    trust = json.loads(trust) if isinstance(trust, str) else trust
    [statement] = trust["Statement"]
    assert statement["Principal"] == {"Federated": provider["Arn"]}
    assert statement["Condition"]["StringEquals"]["token.actions.githubusercontent.com:sub"] == (
        "repo:example-org/platform:environment:local"
    )
    assert statement["Condition"]["StringEquals"]["token.actions.githubusercontent.com:ref"] == "refs/heads/main"
    assert iam.get_role_policy(RoleName="platform-ci-plan-local", PolicyName="pipeline")["PolicyDocument"]


def test_a_saved_plan_made_stale_by_another_apply_is_refused(deployment: Deployment, tmp_path: Path) -> None:
    """Plan, change the state with a second apply, then apply the first plan: refused."""
    start = time.perf_counter()
    # Drift that both plans undo, and that applies at once (a queue attribute would take the
    # provider's 25-second propagation wait, twice: the queue, then its policy).
    alarm = "platform-order-processing-oldest-message-local"
    cloudwatch = deployment.client("cloudwatch")
    cloudwatch.delete_alarms(AlarmNames=[alarm])
    first, second = tmp_path / "first", tmp_path / "second"
    for plans in (first, second):
        planned = deployment.tool("plan_stacks", "--plans", str(plans), "--stack", "messaging-local")
        assert planned.returncode == 2, planned.stdout[-4000:] + planned.stderr[-2000:]
    applied = deployment.tool("apply_plans", "--plans", str(second))
    assert applied.returncode == 0, applied.stdout[-4000:] + applied.stderr[-2000:]
    assert "messaging-local: applied" in applied.stdout.splitlines()
    refused = deployment.tool("apply_plans", "--plans", str(first))
    assert refused.returncode == 1
    assert refused.stderr == (
        "error: messaging-local: the saved plan is stale: its state changed after it was planned; "
        "run `make plan` for local again, review it, then `make apply`\n"
    )
    again = deployment.tool("apply_plans", "--plans", str(second))
    assert (again.returncode, again.stderr) == (
        1,
        f"error: the saved plans in {second} were applied already: run `make plan` for new ones\n",
    )
    assert cloudwatch.describe_alarms(AlarmNames=[alarm])["MetricAlarms"], "the second plan was applied"
    TIMINGS["stale plan check"] = time.perf_counter() - start


def test_the_bootstrap_keeps_its_own_state_in_its_bucket_and_finds_it_again(deployment: Deployment) -> None:
    """No state lives only on one machine: the state stack's state moved into the bucket it made,
    the local copy is gone, and a second bootstrap (any machine) reads it from there."""
    from tools.bootstrap import local_state_path

    s3 = deployment.client("s3")
    s3.head_object(Bucket="platform-tfstate-local", Key="local/state.tfstate")
    assert deployment.bootstrap_state_dir.is_dir(), "the first run kept its local state in the deployment's own folder"
    assert not local_state_path("local", deployment.bootstrap_state_dir).exists()
    again = deployment.tool("bootstrap")
    assert again.returncode == 0, f"{again.stdout[-2000:]}\n{again.stderr[-2000:]}"
    assert "the state bucket exists; its own state is read from and written to it" in again.stdout
    assert "ci-local: no changes" in again.stdout.splitlines(), "the pipeline's roles are as reviewed"


def test_state_lock_blocks_a_second_writer_and_keeps_state_intact(deployment: Deployment) -> None:
    s3 = deployment.client("s3")
    key = "local/network.tfstate"
    before = s3.get_object(Bucket="platform-tfstate-local", Key=key)["Body"].read()
    # `terraform console` holds the state lock for as long as it runs.
    holder = subprocess.Popen(
        ["terraform", "console", "-no-color"],
        cwd=deployment.stack_dir("network"),
        env=deployment.env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            listed = s3.list_objects_v2(Bucket="platform-tfstate-local", Prefix=f"{key}.tflock").get("KeyCount", 0)
            if listed:
                break
            time.sleep(0.5)
        else:
            pytest.fail("terraform console did not take the lock")
        contender = deployment.terraform("network", "plan", "-input=false", "-lock-timeout=0s", check=False)
        assert contender.returncode != 0
        assert "Error acquiring the state lock" in contender.stdout + contender.stderr
    finally:
        holder.communicate("exit\n", timeout=60)
    after = s3.get_object(Bucket="platform-tfstate-local", Key=key)["Body"].read()
    assert after == before
    assert deployment.plan_exit_code("network")[0] == 0  # the lock is released


@pytest.mark.destroys
def test_destroy_leaves_no_resources_and_no_lock(deployment: Deployment) -> None:
    start = time.perf_counter()
    for wave in reversed(WAVES):
        with ThreadPoolExecutor(len(wave)) as pool:
            list(pool.map(lambda c: deployment.terraform(c, "destroy", "-auto-approve", "-input=false"), wave))
    TIMINGS["destroy, all stacks"] = time.perf_counter() - start
    ec2, rds = deployment.client("ec2"), deployment.client("rds")
    assert not [v for v in ec2.describe_vpcs()["Vpcs"] if v["CidrBlock"] == "10.10.0.0/16"]
    assert not rds.describe_db_clusters()["DBClusters"]
    assert not deployment.client("dynamodb").list_tables()["TableNames"]
    ecs = deployment.client("ecs")
    # A deleted ECS cluster stays listed as INACTIVE for a while (in AWS and in moto).
    cluster_arns = ecs.list_clusters()["clusterArns"]
    described = ecs.describe_clusters(clusters=cluster_arns)["clusters"] if cluster_arns else []
    live = [c for c in described if c["status"] != "INACTIVE"]
    assert not live, [c["clusterName"] for c in live]
    assert not deployment.client("elbv2").describe_load_balancers()["LoadBalancers"]
    objects = deployment.client("s3").list_objects_v2(Bucket="platform-tfstate-local").get("Contents", [])
    assert not [o["Key"] for o in objects if o["Key"].endswith(".tflock")]
    for component in tuple(c for wave in WAVES for c in wave):
        state = json.loads(deployment.terraform(component, "show", "-json").stdout)
        assert not state.get("values", {}).get("root_module", {}).get("resources"), component
