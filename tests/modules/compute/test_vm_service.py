"""Vms: an Auto Scaling group behind an ``instance`` target group on the shared listener, from a
launch template with IMDSv2 only, an encrypted gp3 root volume, no SSH key, the public AL2023
image of the type's architecture and the repository's user data (base64, deterministic); ELB
health checks, a rolling refresh on template changes and CPU target tracking."""

from __future__ import annotations

import base64
import json

from environments.naming import Kind, Namer
from environments.schema import VmConfig
from environments.schema.services import Grants
from modules.compute.vm_service import VmService, VmServiceProps
from modules.core import framework
from modules.network.web_route import WebRoute, WebRouteProps
from modules.security.iam import Statement

NAMER = Namer("platform", "test")
GRANT = Statement(sid="ReadCatalog", actions=["dynamodb:GetItem"], resources=["arn:aws:dynamodb:::table/t"])
SPEC = VmConfig(name="legacy", user_data="vms/legacy/user-data.sh", grants=Grants(read_tables=("catalog",)))


def synth(spec: VmConfig = SPEC, **props) -> dict:
    stack = framework.TerraformStack(framework.Testing.app(), "test")
    framework.aws.provider.AwsProvider(stack, "aws", region="eu-west-1")
    route = WebRoute(
        stack,
        "route",
        WebRouteProps(spec=spec, target_group_name="platform-legacy-test", vpc_id="vpc-1", target_type="instance"),
    )
    rule = route.attach("arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/x/y/z")
    settings = {
        "group_name": NAMER.name(spec.name, Kind.AUTOSCALING_GROUP),
        "launch_template_name": NAMER.name(spec.name, Kind.LAUNCH_TEMPLATE),
        "role_name": NAMER.name(f"{spec.name}-vm", Kind.IAM_ROLE),
        "instance_profile_name": NAMER.name(f"{spec.name}-vm", Kind.IAM_ROLE),
        "security_group_name": NAMER.name(f"{spec.name}-vm", Kind.SECURITY_GROUP),
        "policy_name": NAMER.family(spec.name, Kind.SCALING_POLICY)("cpu"),
        "alarm_name": NAMER.family(spec.name, Kind.ALARM),
        "vpc_id": "vpc-1",
        "subnet_ids": ["subnet-a", "subnet-b"],
        "kms_key_arn": "arn:aws:kms:eu-west-1:123456789012:key/vms",
        "route": route,
        "load_balancer_security_group_id": "sg-alb",
        "load_balancer_arn_suffix": "app/alb/1",
        "attachments": [rule],
        "permissions": [GRANT],
        "topic_arn": "arn:aws:sns:eu-west-1:123456789012:alarms",
    } | props
    VmService(stack, spec.name, VmServiceProps(spec=spec, **settings))
    return json.loads(framework.Testing.synth(stack))


def one(synthesized: dict, kind: str) -> dict:
    [resource] = synthesized["resource"][kind].values()
    return resource


def test_the_launch_template_requires_imdsv2_and_has_no_ssh_key() -> None:
    template = one(synth(), "aws_launch_template")
    assert template["metadata_options"] == {
        "http_endpoint": "enabled",
        "http_tokens": "required",
        "http_put_response_hop_limit": 1,
    }
    assert "key_name" not in template


def test_the_root_volume_is_encrypted_gp3_with_the_key() -> None:
    [device] = one(synth(), "aws_launch_template")["block_device_mappings"]
    assert device["device_name"] == "/dev/xvda"
    assert device["ebs"] == {
        "volume_type": "gp3",
        "volume_size": 8,
        "encrypted": "true",
        "kms_key_id": "arn:aws:kms:eu-west-1:123456789012:key/vms",
        "delete_on_termination": "true",
    }


def test_the_image_is_the_public_al2023_parameter_of_the_architecture() -> None:
    assert one(synth(), "aws_launch_template")["image_id"] == (
        "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"
    )
    x86 = VmConfig(name="legacy", user_data="vms/legacy/user-data.sh", instance_type="m7i.large")
    assert one(synth(x86), "aws_launch_template")["image_id"].endswith("al2023-ami-kernel-default-x86_64")


def test_the_user_data_is_the_repository_file_base64_and_deterministic() -> None:
    user_data = one(synth(), "aws_launch_template")["user_data"]
    assert base64.b64decode(user_data) == SPEC.user_data_path.read_bytes()
    assert one(synth(), "aws_launch_template")["user_data"] == user_data


def test_the_group_spans_the_private_subnets_behind_its_target_group_with_elb_health_checks() -> None:
    synthesized = synth()
    group = one(synthesized, "aws_autoscaling_group")
    assert group["vpc_zone_identifier"] == ["subnet-a", "subnet-b"]
    assert (group["min_size"], group["max_size"], group["desired_capacity"]) == (1, 2, 1)
    assert group["health_check_type"] == "ELB"
    [target_group] = group["target_group_arns"]
    assert target_group.startswith("${aws_lb_target_group.") and target_group.endswith(".arn}")
    version = group["launch_template"]["version"]
    assert version.startswith("${aws_launch_template.") and version.endswith(".latest_version}")
    assert group["instance_refresh"]["strategy"] == "Rolling"
    assert group["lifecycle"]["ignore_changes"] == ["desired_capacity"]
    assert one(synthesized, "aws_lb_target_group")["target_type"] == "instance"


def test_cpu_target_tracking() -> None:
    policy = one(synth(), "aws_autoscaling_policy")
    assert policy["policy_type"] == "TargetTrackingScaling"
    tracking = policy["target_tracking_configuration"]
    assert tracking["predefined_metric_specification"]["predefined_metric_type"] == "ASGAverageCPUUtilization"
    assert tracking["target_value"] == 60


def test_only_the_load_balancer_reaches_the_port_and_https_goes_out() -> None:
    synthesized = synth()
    [ingress] = synthesized["resource"]["aws_vpc_security_group_ingress_rule"].values()
    assert (ingress["referenced_security_group_id"], ingress["from_port"], ingress["to_port"]) == ("sg-alb", 8080, 8080)
    assert "cidr_ipv4" not in ingress
    egress = synthesized["resource"]["aws_vpc_security_group_egress_rule"].values()
    assert sorted(r.get("to_port") for r in egress) == [443, 8080]


def test_the_instance_role_has_ssm_core_and_exactly_its_grants() -> None:
    synthesized = synth()
    attachment = one(synthesized, "aws_iam_role_policy_attachment")
    assert attachment["policy_arn"].endswith(":iam::aws:policy/AmazonSSMManagedInstanceCore")
    [document] = [
        d
        for d in synthesized["data"]["aws_iam_policy_document"].values()
        if any(s.get("sid") == "ReadCatalog" for s in d["statement"])
    ]
    assert [s["sid"] for s in document["statement"]] == ["ReadCatalog"]
    assert one(synthesized, "aws_iam_instance_profile")["name"] == "platform-legacy-vm-test"


def test_unhealthy_instances_alarm() -> None:
    alarm = one(synth(), "aws_cloudwatch_metric_alarm")
    assert alarm["metric_name"] == "UnHealthyHostCount"
    assert alarm["alarm_name"] == NAMER.family("legacy", Kind.ALARM)("unhealthy-hosts")
