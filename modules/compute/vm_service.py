"""A vm: an EC2 Auto Scaling group behind its route on the shared load balancer.

- Launch template: the image from the public SSM parameter (``resolve:ssm:``, resolved at each
  launch, so no plan-time image id churns the template), IMDSv2 only (``http_tokens =
  required``, one hop), an encrypted gp3 root volume with the vms' KMS key, no SSH key (sessions
  go through SSM Session Manager), the instance profile, its own security group, and the user
  data: the repository file, base64-encoded here (deterministic; never a Terraform template).
- Instance profile: a role EC2 assumes with ``AmazonSSMManagedInstanceCore`` (Session Manager,
  patching) and exactly the statements its grants name.
- Security group: the load balancer's group on the vm's port in; HTTPS out (SSM, packages).
- Auto Scaling group across the private subnets, registered in the route's ``instance`` target
  group, ELB health checks (an instance the load balancer finds unhealthy is replaced), a
  rolling instance refresh whenever the launch template changes (version ``latest_version``),
  and target tracking on the group's average CPU. ``desired_capacity`` is the first apply's
  only: afterwards the scaling policy owns it (``ignore_changes``).
- An alarm when the target group has unhealthy instances.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from environments.schema.vms import VmConfig
from modules.core.context import AwsContext
from modules.core.document import base64_text
from modules.core.framework import Construct, TerraformResource, Token, aws
from modules.core.lifecycle import lifecycle
from modules.network.web_route import WebRoute
from modules.observability.alarm import MetricAlarm, MetricAlarmProps
from modules.security.iam import Statement, assume_role_policy, role_policy
from modules.security.security_group import SecurityGroup, SecurityGroupProps, allow_from_group, allow_https_out

ROOT_DEVICE = "/dev/xvda"
"""Amazon Linux 2023's root device name."""
SSM_CORE_POLICY = "AmazonSSMManagedInstanceCore"
MIN_HEALTHY_PERCENT = 50
"""An instance refresh replaces at most half of the group at a time."""


@dataclass(frozen=True, kw_only=True)
class VmServiceProps:
    spec: VmConfig
    group_name: str
    launch_template_name: str
    role_name: str
    instance_profile_name: str
    security_group_name: str
    policy_name: str
    """The target tracking policy's name."""
    alarm_name: Callable[[str], str]
    vpc_id: str
    subnet_ids: Sequence[str]
    kms_key_arn: str
    """Encrypts the root volumes (its policy lets the Auto Scaling service-linked role use it)."""
    route: WebRoute
    """Its ``instance`` target group and listener rule (``LoadBalancer.add_route``)."""
    load_balancer_security_group_id: str
    load_balancer_arn_suffix: str
    attachments: Sequence[TerraformResource]
    """What attaches the route to the load balancer (the group waits for it)."""
    permissions: Sequence[Statement]
    """The instances' statements from the grants (``service_access``)."""
    topic_arn: str


class VmService(Construct):
    """Attributes: ``group_name``, ``launch_template_id``, ``role_name``, ``security_group_id``."""

    def __init__(self, scope: Construct, id_: str, props: VmServiceProps) -> None:
        super().__init__(scope, id_)
        spec, context = props.spec, AwsContext.of(self)
        self.security_group = SecurityGroup(
            self,
            "security-group",
            SecurityGroupProps(name=props.security_group_name, description=f"The {spec.name} vm", vpc_id=props.vpc_id),
        )
        self.security_group_id: str = self.security_group.security_group_id
        allow_from_group(
            self,
            "from-alb",
            target_id=self.security_group_id,
            source_id=props.load_balancer_security_group_id,
            port=spec.port,
            description=f"The load balancer to the {spec.name} vm",
        )
        allow_https_out(self.security_group, "https-out")

        role = aws.iam_role.IamRole(
            self,
            "role",
            name=props.role_name,
            assume_role_policy=assume_role_policy(self, "trust", context.service_principal("ec2")),
        )
        self.role_name: str = role.name
        aws.iam_role_policy_attachment.IamRolePolicyAttachment(
            self,
            "ssm-core",
            role=role.name,
            policy_arn=f"arn:{context.partition}:iam::aws:policy/{SSM_CORE_POLICY}",
        )
        if props.permissions:
            role_policy(
                self,
                "policy",
                role=role,
                name="its-grants-only",
                document_id="policy-document",
                statements=list(props.permissions),
            )
        profile = aws.iam_instance_profile.IamInstanceProfile(
            self, "instance-profile", name=props.instance_profile_name, role=role.name
        )

        template = aws.launch_template
        self.launch_template = template.LaunchTemplate(
            self,
            "launch-template",
            name=props.launch_template_name,
            description=f"The {spec.name} vm",
            image_id=f"resolve:ssm:{spec.image_parameter}",
            instance_type=spec.instance_type,
            update_default_version=True,
            iam_instance_profile=template.LaunchTemplateIamInstanceProfile(arn=profile.arn),
            vpc_security_group_ids=[self.security_group_id],
            metadata_options=template.LaunchTemplateMetadataOptions(
                http_endpoint="enabled", http_tokens="required", http_put_response_hop_limit=1
            ),
            block_device_mappings=[
                template.LaunchTemplateBlockDeviceMappings(
                    device_name=ROOT_DEVICE,
                    ebs=template.LaunchTemplateBlockDeviceMappingsEbs(
                        volume_type="gp3",
                        volume_size=spec.root_volume_gb,
                        encrypted="true",
                        kms_key_id=props.kms_key_arn,
                        delete_on_termination="true",
                    ),
                )
            ],
            monitoring=template.LaunchTemplateMonitoring(enabled=True),
            user_data=base64_text(spec.user_data_path.read_text(encoding="ascii")),
            tag_specifications=[
                template.LaunchTemplateTagSpecifications(resource_type=kind, tags={"Name": props.group_name})
                for kind in ("instance", "volume")
            ],
        )
        self.launch_template_id: str = self.launch_template.id

        group = aws.autoscaling_group
        self.group = group.AutoscalingGroup(
            self,
            "group",
            name=props.group_name,
            min_size=spec.min_size,
            max_size=spec.max_size,
            desired_capacity=spec.desired_capacity,
            vpc_zone_identifier=list(props.subnet_ids),
            target_group_arns=[props.route.target_group_arn],
            health_check_type="ELB",
            health_check_grace_period=spec.health_check_grace_seconds,
            launch_template=group.AutoscalingGroupLaunchTemplate(
                id=self.launch_template.id, version=Token.as_string(self.launch_template.latest_version)
            ),
            instance_refresh=group.AutoscalingGroupInstanceRefresh(
                strategy="Rolling",
                preferences=group.AutoscalingGroupInstanceRefreshPreferences(
                    min_healthy_percentage=MIN_HEALTHY_PERCENT
                ),
            ),
            enabled_metrics=["GroupInServiceInstances", "GroupDesiredCapacity"],
            tag=[group.AutoscalingGroupTag(key="Name", value=props.group_name, propagate_at_launch=True)],
            depends_on=list(props.attachments),
            lifecycle=lifecycle(ignore_changes=["desired_capacity"]),
        )
        self.group_name: str = self.group.name

        aws.autoscaling_policy.AutoscalingPolicy(
            self,
            "cpu-tracking",
            name=props.policy_name,
            autoscaling_group_name=self.group.name,
            policy_type="TargetTrackingScaling",
            target_tracking_configuration=aws.autoscaling_policy.AutoscalingPolicyTargetTrackingConfiguration(
                predefined_metric_specification=aws.autoscaling_policy.AutoscalingPolicyTargetTrackingConfigurationPredefinedMetricSpecification(
                    predefined_metric_type="ASGAverageCPUUtilization"
                ),
                target_value=spec.cpu_target_percent,
            ),
        )
        MetricAlarm(
            self,
            "unhealthy-hosts",
            MetricAlarmProps(
                name=props.alarm_name("unhealthy-hosts"),
                description=f"The {spec.name} vm has instances the load balancer finds unhealthy",
                namespace="AWS/ApplicationELB",
                metric="UnHealthyHostCount",
                dimensions={
                    "LoadBalancer": props.load_balancer_arn_suffix,
                    "TargetGroup": props.route.target_group_arn_suffix,
                },
                threshold=0,
                evaluation_periods=3,
                alarm_topic_arn=props.topic_arn,
            ),
        )
