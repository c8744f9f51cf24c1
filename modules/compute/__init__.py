"""ECS on Fargate: the cluster and every kind of service that runs on it; and functions (Lambda).

- ``ecs_cluster``: EcsCluster (FARGATE and FARGATE_SPOT capacity providers)
- ``task_definition``: TaskDefinition (containers, logs, execution and task roles)
- ``ecs_service``: ecs_service(...), the ECS service resource every long-running kind shares
- ``fargate_service``: FargateService (a web service's tasks behind the load balancer)
- ``web_service``: WebService (route, Fargate service, autoscaling, alarms)
- ``worker_service``: WorkerService (a queue consumer that scales on its backlog)
- ``scheduled_task``: ScheduledTask (EventBridge Scheduler runs a task)
- ``service_autoscaling``: ServiceAutoscaling
- ``service_alarms``: ServiceAlarms
- ``service_grants``: service_access(...), a service's grants by logical name
- ``function``: Function (a Lambda function service: VPC, logs, DLQ, alarms, its grants)
- ``function_code``: archive(...), a function folder zipped deterministically
- ``vm_service``: VmService (a vm: EC2 Auto Scaling group behind its route, launch template, alarms)
"""
