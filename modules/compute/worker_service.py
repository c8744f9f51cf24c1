"""A queue worker: an ECS service without a load balancer that consumes named SQS queues,
scales on the backlog per task and, when allowed, down to zero.

Scaling is step scaling with ``ExactCapacity`` (what AWS CDK's QueueProcessingFargateService
does with ``ChangeInCapacity`` steps, made exact): a control alarm on the backlog (messages
visible, summed over the queues with metric math) sets the desired count to
``ceil(backlog / messages_per_task)`` between ``min_count`` and ``max_count``, one step per
task; a second control alarm, when nothing is visible *or in flight* for ``idle_minutes``,
sets it to ``min_count`` (0: scale to zero). Target tracking on backlog ÷ running tasks cannot
start from zero tasks (nothing to divide by, and target tracking never scales out from 0),
which is why the steps are exact.

Rollouts: the circuit breaker with rollback, and the worker's own alarms as CloudWatch
deployment alarms (``alarms { rollback = true }``): a dead-letter queue that grows (a new
image that fails its messages) and an oldest message older than the queue allows. They notify
nobody: the queue's own alarms (``modules/messaging/queue.py``: messages in the dead-letter
queue, the oldest message) page for the same conditions, so one incident pages once.

FARGATE_SPOT by default: an interruption sends SIGTERM, then SIGKILL after the container's
``stopTimeout`` (``spec.stop_timeout_seconds``, up to 120 s). A message the worker does not
delete becomes visible again after the queue's visibility timeout, so nothing is lost; the
README says what a worker does on SIGTERM.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from environments.schema.services import WorkerConfig
from modules.compute.ecs_service import ecs_service
from modules.compute.task_definition import TaskDefinition, TaskRunnerProps
from modules.core.framework import Construct, aws
from modules.observability.expression_alarm import ExpressionAlarm, ExpressionAlarmProps, MetricRef, sum_of


@dataclass(frozen=True, kw_only=True)
class ConsumedQueue:
    """A queue the worker consumes, as the messaging stack made it."""

    logical_name: str
    """``QueueConfig.base_name``: names the worker's alarms about this queue."""
    name: str
    """Physical queue name (the ``QueueName`` metric dimension)."""
    dlq_name: str
    max_message_age_seconds: int
    """The queue's ``max_message_age_seconds``: older messages mean the worker is behind."""


@dataclass(frozen=True, kw_only=True)
class WorkerServiceProps(TaskRunnerProps):
    spec: WorkerConfig
    cluster_name: str
    """Plain name (scaling target and metrics dimensions)."""
    queues: Sequence[ConsumedQueue]
    alarm_name: Callable[[str], str]
    """``Namer.family(<service>, Kind.ALARM)``."""
    policy_name: Callable[[str], str]
    """``Namer.family(<service>, Kind.SCALING_POLICY)``."""


class WorkerService(Construct):
    """Attributes: ``service_name``, ``task`` (TaskDefinition), ``alarm_names`` (its deployment alarms)."""

    def __init__(self, scope: Construct, id_: str, props: WorkerServiceProps) -> None:
        super().__init__(scope, id_)
        spec = props.spec
        self.task = TaskDefinition(self, "task", props.task_definition_props(port=spec.port))
        alarms = self._own_alarms(props)
        self.alarm_names: list[str] = [a.alarm_name for a in alarms]
        self.service = ecs_service(
            self,
            "service",
            props,
            task_definition_arn=self.task.task_definition_arn,
            desired_count=spec.min_count if spec.autoscaling else max(spec.min_count, 1),
            deployment_alarm_names=self.alarm_names,
            min_healthy_percent=100,
            max_percent=200,
            autoscaling=spec.autoscaling,
            depends_on=[a.alarm for a in alarms],  # deployment alarms exist before the first deployment
        )
        self.service_name: str = self.service.name
        if spec.autoscaling:
            self._backlog_scaling(props)

    def _own_alarms(self, props: WorkerServiceProps) -> list[ExpressionAlarm]:
        alarms = []
        for queue in props.queues:
            alarms.append(
                self._alarm(
                    props,
                    f"{queue.logical_name}-dlq-growth",
                    description=f"{props.name} sent messages of {queue.name} to its dead-letter queue",
                    metric=_sqs_metric("dlq", "ApproximateNumberOfMessagesVisible", queue.dlq_name),
                    expression="DIFF(dlq)",
                    label="messages added to the dead-letter queue",
                    threshold=0,
                )
            )
            alarms.append(
                self._alarm(
                    props,
                    f"{queue.logical_name}-oldest-message",
                    description=f"{queue.name} holds a message older than {queue.max_message_age_seconds}s: "
                    f"{props.name} is behind or failing",
                    metric=_sqs_metric("age", "ApproximateAgeOfOldestMessage", queue.name),
                    expression="age",
                    label="age of the oldest message (s)",
                    threshold=queue.max_message_age_seconds,
                    periods=3,
                )
            )
        return alarms

    def _alarm(
        self,
        props: WorkerServiceProps,
        id_: str,
        *,
        description: str,
        metric: MetricRef,
        expression: str,
        label: str,
        threshold: float,
        periods: int = 1,
    ) -> ExpressionAlarm:
        """A deployment alarm on one metric, named ``id_`` in the worker's family; it rolls a
        deployment back and notifies nobody (the queue's alarm on the same metric does)."""
        return ExpressionAlarm(
            self,
            id_,
            ExpressionAlarmProps(
                name=props.alarm_name(id_),
                description=description,
                metrics=[metric],
                expression=expression,
                label=label,
                threshold=threshold,
                evaluation_periods=periods,
            ),
        )

    def _backlog_scaling(self, props: WorkerServiceProps) -> None:
        spec, policy = props.spec, aws.appautoscaling_policy
        target = aws.appautoscaling_target.AppautoscalingTarget(
            self,
            "scaling-target",
            service_namespace="ecs",
            resource_id=f"service/{props.cluster_name}/{props.name}",
            scalable_dimension="ecs:service:DesiredCount",
            min_capacity=spec.min_count,
            max_capacity=spec.max_count,
            depends_on=[self.service],
        )

        def step_policy(id_: str, steps: list) -> aws.appautoscaling_policy.AppautoscalingPolicy:
            return policy.AppautoscalingPolicy(
                self,
                id_,
                name=props.policy_name(id_),
                policy_type="StepScaling",
                service_namespace=target.service_namespace,
                resource_id=target.resource_id,
                scalable_dimension=target.scalable_dimension,
                step_scaling_policy_configuration=policy.AppautoscalingPolicyStepScalingPolicyConfiguration(
                    adjustment_type="ExactCapacity",
                    metric_aggregation_type="Maximum",
                    cooldown=60,
                    step_adjustment=steps,
                ),
            )

        scale = step_policy(
            "backlog",
            [
                policy.AppautoscalingPolicyStepScalingPolicyConfigurationStepAdjustment(
                    scaling_adjustment=tasks,
                    metric_interval_lower_bound=str(lower),
                    metric_interval_upper_bound=str(upper) if upper is not None else None,
                )
                for tasks, lower, upper in backlog_steps(spec.messages_per_task, spec.max_count)
            ],
        )
        idle = step_policy(
            "idle",
            [
                policy.AppautoscalingPolicyStepScalingPolicyConfigurationStepAdjustment(
                    scaling_adjustment=spec.min_count, metric_interval_upper_bound="0"
                )
            ],
        )
        visible = [
            _sqs_metric(f"v{i}", "ApproximateNumberOfMessagesVisible", q.name) for i, q in enumerate(props.queues)
        ]
        in_flight = [
            _sqs_metric(f"f{i}", "ApproximateNumberOfMessagesNotVisible", q.name) for i, q in enumerate(props.queues)
        ]
        ExpressionAlarm(
            self,
            "backlog-alarm",
            ExpressionAlarmProps(
                name=props.alarm_name("backlog"),
                description=f"Control alarm of {props.name}: sets the task count from the backlog (no notification)",
                metrics=visible,
                expression=sum_of(visible),
                label="messages visible",
                threshold=1,
                comparison="GreaterThanOrEqualToThreshold",
                actions=[scale.arn],
            ),
        )
        ExpressionAlarm(
            self,
            "idle-alarm",
            ExpressionAlarmProps(
                name=props.alarm_name("idle"),
                description=f"Control alarm of {props.name}: nothing visible or in flight, down to {spec.min_count} tasks",
                metrics=[*visible, *in_flight],
                expression=sum_of([*visible, *in_flight]),
                label="messages visible or in flight",
                threshold=0,
                comparison="LessThanOrEqualToThreshold",
                evaluation_periods=spec.idle_minutes,
                actions=[idle.arn],
            ),
        )


def _sqs_metric(id_: str, metric: str, queue_name: str) -> MetricRef:
    """The SQS metric ``metric`` of the queue ``queue_name``, as ``id_`` in an expression."""
    return MetricRef(id=id_, namespace="AWS/SQS", metric=metric, dimensions={"QueueName": queue_name})


def backlog_steps(messages_per_task: int, max_count: int) -> list[tuple[int, int, int | None]]:
    """``(tasks, lower, upper)`` step intervals, relative to the alarm's threshold of 1 visible
    message: a backlog ``b`` >= 1 gets ``min(max_count, ceil(b / messages_per_task))`` tasks."""
    steps = []
    for tasks in range(1, max_count + 1):
        lower = (tasks - 1) * messages_per_task
        upper = tasks * messages_per_task if tasks < max_count else None
        steps.append((tasks, lower, upper))
    return steps


def desired_tasks(backlog: int, messages_per_task: int, max_count: int, min_count: int) -> int:
    """What the steps set for a backlog (the reference the tests compare the steps with)."""
    if backlog < 1:
        return min_count
    return max(min_count, min(max_count, math.ceil(backlog / messages_per_task)))
