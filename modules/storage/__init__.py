"""Object and state storage.

- ``secure_bucket``: SecureBucket (encrypted, versioned, public access blocked, TLS only)
- ``lock_table``: LockTable (DynamoDB lock table of the Terraform state)
- ``image_repository``: ImageRepository (a service's ECR repository), ImageFindingsAlert (its
  scans' HIGH/CRITICAL findings to the alarm topic), RegistryScanning (enhanced scanning)
- ``file_system``: FileSystem (encrypted EFS, mount targets, NFS group, an access point per
  volume, grant_mount(...), mount(...))
"""
