"""Object and state storage.

- ``secure_bucket``: SecureBucket (encrypted, versioned, public access blocked, TLS only)
- ``lock_table``: LockTable (DynamoDB lock table of the Terraform state)
"""
