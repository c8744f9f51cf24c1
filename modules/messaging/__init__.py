"""Asynchronous messaging.

- ``queue``: Queue (SQS with its dead-letter queue, policy, subscription and alarms)
- ``topic``: Topic (SNS, grant_publish)
"""
