"""The whole ``local`` platform against a fresh moto emulator: apply every stack in dependency
order, check the key resources through the AWS API, re-plan with no changes, prove the state
lock holds, and destroy everything.

Runs Terraform directly on the synthesized stacks (what ``cdktf deploy`` runs underneath), so
each step is timed and asserted on its own. Marked ``deploy``: ``make test-fast`` skips it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import boto3
import pytest

from tests.conftest import ROOT
from tools.emulator import Emulator

pytestmark = pytest.mark.deploy

REGION = "us-east-1"
WAVES = (("network",), ("data", "messaging"), ("service",), ("edge",))
"""Deploy order: stacks in one wave do not depend on each other and apply in parallel."""
TIMINGS: dict[str, float] = {}
"""Wall times of the deploy steps, printed at the end of the run (tests/conftest.py)."""


class Deployment:
    def __init__(self, emulator: Emulator, workdir: Path) -> None:
        self.emulator = emulator
        self.outdir = workdir / "cdktf.out"
        self.state_file = workdir / "terraform.state-local.tfstate"
        self.env = {**os.environ, **emulator.environ(REGION), "TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1",
                    "ENVIRONMENT": "local", "ENVIRONMENT_SUFFIX": "", "CDKTF_OUTDIR": str(self.outdir)}
        self.env.pop("STATE_BUCKET", None)

    def synth(self) -> None:
        subprocess.run([sys.executable, "main.py"], cwd=ROOT, env=self.env, check=True, capture_output=True)

    def stack_dir(self, component: str) -> Path:
        return self.outdir / "stacks" / f"{component}-local"

    def terraform(self, component: str, *args: str, check: bool = True, **popen) -> subprocess.CompletedProcess:
        result = subprocess.run(["terraform", *args, "-no-color"], cwd=self.stack_dir(component), env=self.env,
                                capture_output=True, text=True, **popen)
        if check and result.returncode != 0:
            raise AssertionError(f"terraform {' '.join(args)} in {component}-local failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
        return result

    def init(self, component: str, *extra: str) -> None:
        self.terraform(component, "init", "-input=false", *extra)

    def apply(self, component: str) -> None:
        self.init(component)
        self.terraform(component, "apply", "-auto-approve", "-input=false")

    def plan_exit_code(self, component: str) -> tuple[int, str]:
        result = self.terraform(component, "plan", "-detailed-exitcode", "-input=false", "-lock-timeout=60s",
                                check=False)
        return result.returncode, result.stdout + result.stderr

    def outputs(self, component: str) -> dict:
        return json.loads(self.terraform(component, "output", "-json").stdout)

    def client(self, service: str):
        return boto3.client(service, region_name=REGION, endpoint_url=self.emulator.endpoint,
                            aws_access_key_id="test", aws_secret_access_key="test",
                            verify=self.env.get("AWS_CA_BUNDLE", False))


def timed(label: str, action, *args) -> None:
    start = time.perf_counter()
    action(*args)
    TIMINGS[label] = time.perf_counter() - start


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory):
    workdir = tmp_path_factory.mktemp("local-deploy")
    with Emulator.run() as emulator:
        deployment = Deployment(emulator, workdir)
        deployment.synth()
        start = time.perf_counter()
        deployment.init("state", f"-backend-config=path={deployment.state_file}")
        deployment.terraform("state", "apply", "-auto-approve", "-input=false")
        for wave in WAVES:
            with ThreadPoolExecutor(len(wave)) as pool:
                list(pool.map(lambda c: timed(f"apply {c}", deployment.apply, c), wave))
        TIMINGS["apply, all stacks"] = time.perf_counter() - start
        yield deployment


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
    [recorded] = [r for r in state["values"]["root_module"]["resources"] if r["type"] == "aws_ecs_service"]
    assert [s["capacity_provider"] for s in recorded["values"]["capacity_provider_strategy"]] == ["FARGATE_SPOT"]


def test_load_balancer_and_target_group(deployment: Deployment) -> None:
    elbv2 = deployment.client("elbv2")
    [alb] = elbv2.describe_load_balancers(Names=["platform-api-local"])["LoadBalancers"]
    assert alb["Type"] == "application" and len(alb["AvailabilityZones"]) == 2
    [group] = elbv2.describe_target_groups(LoadBalancerArn=alb["LoadBalancerArn"])["TargetGroups"]
    assert group["TargetType"] == "ip" and group["HealthCheckPath"] == "/"
    assert deployment.outputs("service")["alb_dns_name"]["value"] == alb["DNSName"]


def test_cloudfront_distribution(deployment: Deployment) -> None:
    outputs = deployment.outputs("edge")
    distribution = deployment.client("cloudfront").get_distribution(Id=outputs["cloudfront_distribution_id"]["value"])
    config = distribution["Distribution"]["DistributionConfig"]
    assert {o["Id"] for o in config["Origins"]["Items"]} == {"site", "api"}
    assert config["DefaultCacheBehavior"]["ViewerProtocolPolicy"] == "redirect-to-https"


def test_sns_fans_out_to_sqs_with_dead_letter_queues(deployment: Deployment) -> None:
    sns, sqs = deployment.client("sns"), deployment.client("sqs")
    [topic] = [t["TopicArn"] for t in sns.list_topics()["Topics"] if t["TopicArn"].endswith(":platform-orders-local")]
    endpoints = {s["Endpoint"] for s in sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]}
    assert {e.rsplit(":", 1)[1] for e in endpoints} == {"platform-order-processing-local", "platform-notifications-local"}
    url = sqs.get_queue_url(QueueName="platform-order-processing-local")["QueueUrl"]
    redrive = json.loads(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["RedrivePolicy"])["Attributes"]["RedrivePolicy"])
    assert redrive["deadLetterTargetArn"].endswith(":platform-order-processing-dlq-local")
    assert int(redrive["maxReceiveCount"]) == 5


def test_a_second_plan_has_no_changes(deployment: Deployment) -> None:
    start = time.perf_counter()
    for component in ("state",) + tuple(c for wave in WAVES for c in wave):
        code, output = deployment.plan_exit_code(component)
        assert code == 0, f"{component}-local is not clean after apply:\n{output[-4000:]}"
    TIMINGS["re-plan, all stacks"] = time.perf_counter() - start


def test_state_lock_blocks_a_second_writer_and_keeps_state_intact(deployment: Deployment) -> None:
    s3 = deployment.client("s3")
    key = "local/network.tfstate"
    before = s3.get_object(Bucket="platform-tfstate-local", Key=key)["Body"].read()
    # `terraform console` holds the state lock for as long as it runs.
    holder = subprocess.Popen(["terraform", "console", "-no-color"], cwd=deployment.stack_dir("network"),
                              env=deployment.env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
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
