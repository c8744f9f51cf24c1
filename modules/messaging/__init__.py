"""Asynchronous messaging.

- ``broker``: Broker (Amazon MQ for RabbitMQ: private, its AMQPS group, generated admin secret,
  logs, alarms)
- ``email``: TransactionalEmail (SES domain identity, DKIM, MAIL FROM, DMARC, configuration set
  with its event topic, grant_send)
- ``queue``: Queue (SQS with its dead-letter queue, policy, subscription and alarms)
- ``topic``: Topic (SNS, grant_publish)
"""
