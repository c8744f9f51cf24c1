"""Who may do what: IAM documents, KMS keys, security groups.

- ``iam``: Statement, Condition, policy_json, service_role, role_policy, deny_insecure_transport, via_service, same_account
- ``kms_key``: KmsKey and the key-policy users of each AWS service (logs, CloudFront, SNS ...)
- ``security_group``: SecurityGroup, allow_from_group, allow_https_out (every rule names its peer)
"""
