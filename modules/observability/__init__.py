"""Alarms, dashboards and logs; everything that tells a person something is wrong.

- ``alarm``: MetricAlarm (one metric, to the alarm topic)
- ``expression_alarm``: ExpressionAlarm (metric math), sum_of
- ``dashboard``: Dashboard and its rows (ServicePanel, QueuePanel)
- ``log_group``: LogGroup (KMS-encrypted, with retention)
- ``task_failure_alert``: TaskFailureAlert (ECS tasks that exit non-zero, to the alarm topic)
- ``tracing``: the OpenTelemetry collector sidecar (container, X-Ray statements) of a traced service
"""
