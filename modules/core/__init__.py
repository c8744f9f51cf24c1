"""The framework and its loading, apart from every construct.

- ``framework``: the one importer of cdktf, constructs and the AWS provider binding (lazy import hook)
- ``node_provider``: the jsii package cache through which node loads only the provider classes used
- ``jsii_runtime``: the jsii kernel started directly, without jsii's stdio relay process
- ``context``: AwsContext, the account, partition and region of a stack, looked up once
- ``lifecycle``: lifecycle(...), the one way a construct sets prevent_destroy and ignore_changes
- ``document``: json_document(...), the one way a construct writes a JSON attribute (values as data)
"""
