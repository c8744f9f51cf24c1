"""Databases and their alarms.

- ``aurora``: AuroraPostgres (Aurora PostgreSQL, managed master secret)
- ``dynamodb_table``: DynamoTable (grant_read, grant_read_write)
- ``database_alarms``: DatabaseAlarms
- ``table_alarms``: TableAlarms
- ``cache``: ValkeyCache (ElastiCache for Valkey, IAM-authenticated users, grant_connect)
- ``cache_alarms``: CacheAlarms
"""
