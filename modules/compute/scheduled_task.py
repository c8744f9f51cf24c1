"""A task EventBridge Scheduler runs on a schedule: no long-running service.

The schedule (cron or rate, in its time zone, encrypted with a customer-managed key) runs the
task definition on the cluster with the configured capacity split (FARGATE_SPOT by default), in
private subnets without public IPs. A run that cannot start is retried
(``retry_attempts``, within ``max_event_age_seconds``) and then lands in the schedule's own
dead-letter queue, whose alarm tells the environment's alarm topic. The scheduler's role may
run exactly this task family on exactly this cluster, pass exactly its two roles to ECS, and
send to exactly its dead-letter queue.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from environments.schema import ProtectionConfig
from environments.schema.services import ScheduledTaskConfig
from modules.compute.ecs_cluster import strategy_entries
from modules.compute.task_definition import TaskDefinition, TaskRunnerProps
from modules.core.context import AwsContext
from modules.core.framework import Construct, aws
from modules.core.lifecycle import lifecycle
from modules.messaging.queue import dead_letter_alarm
from modules.security.iam import (
    Condition,
    Statement,
    deny_insecure_transport,
    policy_json,
    role_policy,
    service_role,
    via_service,
)

DLQ_RETENTION_SECONDS = 14 * 24 * 3600


@dataclass(frozen=True, kw_only=True)
class ScheduledTaskProps(TaskRunnerProps):
    spec: ScheduledTaskConfig
    protection: ProtectionConfig
    """``prevent_destroy`` on the dead-letter queue: it holds the runs that never started."""
    scheduler_role_name: str
    dlq_name: str
    kms_key_arn: str
    """Encrypts the schedule and its dead-letter queue (the scheduler's role uses it via SQS)."""
    alarm_name: Callable[[str], str]
    topic_arn: str


class ScheduledTask(Construct):
    """Attributes: ``schedule_name``, ``schedule_arn``, ``task`` (TaskDefinition), ``dlq_arn``."""

    def __init__(self, scope: Construct, id_: str, props: ScheduledTaskProps) -> None:
        super().__init__(scope, id_)
        spec, context = props.spec, AwsContext.of(self)
        self.task = TaskDefinition(self, "task", props.task_definition_props())
        self.dlq = aws.sqs_queue.SqsQueue(
            self,
            "dlq",
            name=props.dlq_name,
            kms_master_key_id=props.kms_key_arn,
            message_retention_seconds=DLQ_RETENTION_SECONDS,
            lifecycle=lifecycle(prevent_destroy=props.protection.prevent_destroy),
        )
        aws.sqs_queue_policy.SqsQueuePolicy(
            self,
            "dlq-policy",
            queue_url=self.dlq.url,
            policy=policy_json(self, "dlq-policy-document", [deny_insecure_transport(["sqs:*"], [self.dlq.arn])]),
        )
        self.dlq_arn: str = self.dlq.arn

        family_arn = context.arn("ecs", f"task-definition/{props.name}:*")
        role = service_role(
            self, "scheduler-role", name=props.scheduler_role_name, service="scheduler", trust_id="scheduler-trust"
        )
        role_policy(
            self,
            "scheduler-policy",
            role=role,
            name="run-this-task-only",
            document_id="scheduler-policy-document",
            statements=[
                Statement(
                    sid="RunThisTask",
                    actions=["ecs:RunTask"],
                    resources=[family_arn],
                    conditions=[Condition("ArnEquals", "ecs:cluster", [props.cluster_arn])],
                ),
                Statement(
                    sid="PassItsRoles",
                    actions=["iam:PassRole"],
                    resources=[self.task.task_role_arn, self.task.execution_role_arn],
                    conditions=[
                        Condition("StringEquals", "iam:PassedToService", [context.service_principal("ecs-tasks")])
                    ],
                ),
                Statement(sid="DeadLetters", actions=["sqs:SendMessage"], resources=[self.dlq.arn]),
                Statement(
                    sid="EncryptDeadLetters",
                    actions=["kms:GenerateDataKey*", "kms:Decrypt"],
                    resources=[props.kms_key_arn],
                    conditions=[via_service(self, "sqs")],
                ),
            ],
        )
        ecs = aws.scheduler_schedule
        self.schedule = ecs.SchedulerSchedule(
            self,
            "schedule",
            name=props.name,
            description=f"Runs {props.name} {spec.schedule} ({spec.time_zone})",
            schedule_expression=spec.schedule,
            schedule_expression_timezone=spec.time_zone,
            flexible_time_window=ecs.SchedulerScheduleFlexibleTimeWindow(mode="OFF"),
            kms_key_arn=props.kms_key_arn,
            target=ecs.SchedulerScheduleTarget(
                arn=props.cluster_arn,
                role_arn=role.arn,
                ecs_parameters=ecs.SchedulerScheduleTargetEcsParameters(
                    task_definition_arn=self.task.task_definition_arn,
                    task_count=spec.task_count,
                    platform_version="LATEST",
                    capacity_provider_strategy=[
                        ecs.SchedulerScheduleTargetEcsParametersCapacityProviderStrategy(
                            capacity_provider=provider, base=base, weight=weight
                        )
                        for provider, base, weight in strategy_entries(spec.capacity)
                    ],
                    network_configuration=ecs.SchedulerScheduleTargetEcsParametersNetworkConfiguration(
                        subnets=list(props.subnet_ids),
                        security_groups=props.security_group_ids,
                        assign_public_ip=False,
                    ),
                ),
                retry_policy=ecs.SchedulerScheduleTargetRetryPolicy(
                    maximum_retry_attempts=spec.retry_attempts, maximum_event_age_in_seconds=spec.max_event_age_seconds
                ),
                dead_letter_config=ecs.SchedulerScheduleTargetDeadLetterConfig(arn=self.dlq.arn),
            ),
        )
        self.schedule_name: str = self.schedule.name
        self.schedule_arn: str = self.schedule.arn
        self.alarm = dead_letter_alarm(
            self,
            "dlq-alarm",
            name=props.alarm_name("missed-runs"),
            description=f"A run of {props.name} could not start after its retries (see its dead-letter queue)",
            dlq_name=props.dlq_name,
            topic_arn=props.topic_arn,
        )
