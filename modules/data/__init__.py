"""Databases and their alarms.

- ``aurora``: AuroraPostgres (Aurora PostgreSQL, managed master secret)
- ``dynamodb_table``: DynamoTable (grant_read, grant_read_write)
- ``database_alarms``: DatabaseAlarms
- ``table_alarms``: TableAlarms
"""
