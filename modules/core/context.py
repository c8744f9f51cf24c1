"""The account, partition and region a stack deploys into, looked up once per stack."""

from __future__ import annotations

from modules.core.framework import Construct, TerraformStack, aws

_ID = "aws-context"
_ATTRIBUTE = "_platform_aws_context"


class AwsContext(Construct):
    """Data sources for the caller's account, partition and region.

    Use ``AwsContext.of(self)`` from any construct: the first call in a stack creates the data
    sources, later calls reuse them, so policies never hard-code an account or partition.
    """

    def __init__(self, scope: Construct, id_: str) -> None:
        super().__init__(scope, id_)
        identity = aws.data_aws_caller_identity.DataAwsCallerIdentity(self, "account")
        partition = aws.data_aws_partition.DataAwsPartition(self, "partition")
        region = aws.data_aws_region.DataAwsRegion(self, "region")
        self.account_id: str = identity.account_id
        self.partition: str = partition.partition
        self.dns_suffix: str = partition.dns_suffix
        self.region: str = region.name

    @classmethod
    def of(cls, scope: Construct) -> AwsContext:
        stack = TerraformStack.of(scope)
        # Remembered on the stack's Python object (jsii hands back the same one for the same
        # stack): asking the construct tree costs two more jsii round trips, on every call.
        found = stack.__dict__.get(_ATTRIBUTE)
        if found is None:
            existing = stack.node.try_find_child(_ID)
            found = existing if isinstance(existing, AwsContext) else cls(stack, _ID)
            stack.__dict__[_ATTRIBUTE] = found
        return found

    def arn(self, service: str, resource: str, *, region: bool = True) -> str:
        """``arn:<partition>:<service>:<region>:<account>:<resource>`` for this stack."""
        where = self.region if region else ""
        return f"arn:{self.partition}:{service}:{where}:{self.account_id}:{resource}"

    def service_principal(self, service: str) -> str:
        """``<service>.amazonaws.com`` (or the partition's DNS suffix)."""
        return f"{service}.{self.dns_suffix}"
