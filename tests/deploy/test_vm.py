"""The ``legacy`` vm of the ``local`` platform on the emulator (the shared deployment of
``tests/deploy/conftest.py``): its Auto Scaling group in the private subnets behind its own
target group with ELB health checks, its launch template (IMDSv2 required, encrypted gp3 root,
no key pair, the repository's user data, its own instance profile) and its CPU target tracking,
read back through the AWS API; and after the destroy, none of it is left.

Marked ``deploy``: ``make test-fast`` skips it.
"""

from __future__ import annotations

import base64

import pytest

from environments import named
from tests.conftest import ROOT
from tests.deploy.conftest import Deployment

pytestmark = pytest.mark.deploy  # local runs the legacy vm (environments/local.py): never skipped
NAME = "platform-legacy-local"


def _group(deployment: Deployment) -> dict:
    [group] = deployment.client("autoscaling").describe_auto_scaling_groups(AutoScalingGroupNames=[NAME])[
        "AutoScalingGroups"
    ]
    return group


def test_the_group_spans_the_private_subnets_behind_its_own_target_group(deployment: Deployment) -> None:
    spec = named("local").vms[0]
    group = _group(deployment)
    assert (group["MinSize"], group["MaxSize"]) == (spec.min_size, spec.max_size)
    assert group["HealthCheckType"] == "ELB"
    ec2, elbv2 = deployment.client("ec2"), deployment.client("elbv2")
    subnets = ec2.describe_subnets(SubnetIds=group["VPCZoneIdentifier"].split(","))["Subnets"]
    assert len(subnets) >= 2 and all(not s["MapPublicIpOnLaunch"] for s in subnets)
    private = ec2.describe_subnets(Filters=[{"Name": "tag:Tier", "Values": ["private"]}])["Subnets"]
    assert {s["SubnetId"] for s in subnets} <= {s["SubnetId"] for s in private}
    [target_group] = elbv2.describe_target_groups(Names=[NAME])["TargetGroups"]
    assert group["TargetGroupARNs"] == [target_group["TargetGroupArn"]]
    assert target_group["Port"] == spec.port and target_group["TargetType"] == "instance"


def test_the_launch_template_requires_imdsv2_encrypts_and_has_no_key(deployment: Deployment) -> None:
    spec = named("local").vms[0]
    ec2 = deployment.client("ec2")
    [version] = ec2.describe_launch_template_versions(LaunchTemplateName=NAME, Versions=["$Latest"])[
        "LaunchTemplateVersions"
    ]
    data = version["LaunchTemplateData"]
    assert data["MetadataOptions"]["HttpTokens"] == "required"
    assert "KeyName" not in data
    [volume] = data["BlockDeviceMappings"]
    assert volume["Ebs"]["Encrypted"] is True and volume["Ebs"]["VolumeType"] == "gp3"
    assert base64.b64decode(data["UserData"]) == (ROOT / spec.user_data).read_bytes()
    assert data["IamInstanceProfile"]["Arn"].endswith(":instance-profile/platform-legacy-vm-local")


def test_it_scales_on_cpu(deployment: Deployment) -> None:
    spec = named("local").vms[0]
    policies = deployment.client("autoscaling").describe_policies(AutoScalingGroupName=NAME)["ScalingPolicies"]
    [policy] = [p for p in policies if p["PolicyType"] == "TargetTrackingScaling"]
    configuration = policy["TargetTrackingConfiguration"]
    assert configuration["PredefinedMetricSpecification"]["PredefinedMetricType"] == "ASGAverageCPUUtilization"
    assert configuration["TargetValue"] == spec.cpu_target_percent


@pytest.mark.after_destroy
def test_no_vm_is_left_after_the_destroy(deployment: Deployment) -> None:
    autoscaling, ec2 = deployment.client("autoscaling"), deployment.client("ec2")
    assert autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=[NAME])["AutoScalingGroups"] == []
    templates = ec2.describe_launch_templates()["LaunchTemplates"]
    assert NAME not in [t["LaunchTemplateName"] for t in templates]
