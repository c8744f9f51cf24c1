"""ElastiCache for Valkey: one replication group (cluster mode off) in isolated subnets,
TLS required, encrypted at rest with a customer-managed key, reachable only from the security
groups of the services granted it, and authenticated per service with IAM.

No password exists anywhere: the replication group's user group holds a disabled ``default``
user (``off -@all``, its own user id, no password) and one IAM-authenticated user per client
service (``authentication_mode`` ``iam``). A service connects as its user with a short-lived
IAM token signed by its task role, which may ``elasticache:Connect`` to this group as that user
only (``grant_connect``). Nothing secret is in state, outputs or Secrets Manager.

The slow log goes to a KMS-encrypted log group created here (with a retention).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from environments.schema import CacheConfig, ProtectionConfig
from modules.core.context import AwsContext
from modules.core.framework import Construct, aws
from modules.core.lifecycle import lifecycle
from modules.observability.log_group import LogGroup, LogGroupProps
from modules.security.iam import Statement
from modules.security.security_group import SecurityGroup, SecurityGroupProps

ENGINE = "valkey"
CACHE_PORT = 6379
"""Valkey's port (``environments.schema.cache.CACHE_PORT``, which the service stack's rules use)."""
CLIENT_ACCESS = "on ~* +@all -@dangerous"
"""What a client service's user may run: every key, every command but the dangerous ones
(``FLUSHALL``, ``CONFIG``, ``KEYS`` ...)."""
DISABLED_ACCESS = "off -@all"


@dataclass(frozen=True, kw_only=True)
class ValkeyCacheProps:
    spec: CacheConfig
    """The cache section of the environment."""
    protection: ProtectionConfig
    """Final snapshot and ``prevent_destroy`` (``environment.protection``)."""
    replication_group_id: str
    """At most 40 characters (``Kind.CACHE_GROUP``); also names the slow-log group."""
    subnet_group_name: str
    user_group_id: str
    default_user_id: str
    """The disabled ``default`` user's id (the user group must hold a user named ``default``)."""
    client_user_ids: Mapping[str, str]
    """Client service -> its IAM user's id (and name: IAM authentication needs them equal)."""
    security_group_name: str
    final_snapshot_identifier: str
    """Taken when ``protection.final_snapshot``."""
    vpc_id: str
    subnet_ids: Sequence[str]
    """Isolated subnets, one per AZ."""
    kms_key_arn: str
    """Encrypts the data at rest and the snapshots."""
    logs_kms_key_arn: str


class ValkeyCache(Construct):
    """Attributes: ``endpoint``, ``reader_endpoint``, ``port``, ``replication_group_id``,
    ``replication_group_arn``, ``security_group_id``, ``users`` (service -> user id)."""

    def __init__(self, scope: Construct, id_: str, props: ValkeyCacheProps) -> None:
        super().__init__(scope, id_)
        spec, protection, identifier = props.spec, props.protection, props.replication_group_id

        subnets = aws.elasticache_subnet_group.ElasticacheSubnetGroup(
            self,
            "subnets",
            name=props.subnet_group_name,
            description=f"Isolated subnets of {identifier}",
            subnet_ids=list(props.subnet_ids),
        )
        self.security_group = SecurityGroup(
            self,
            "sg",
            SecurityGroupProps(
                name=props.security_group_name,
                description=f"{identifier}: Valkey from the services granted the cache only",
                vpc_id=props.vpc_id,
            ),
        )
        default_user = aws.elasticache_user.ElasticacheUser(
            self,
            "default-user",
            user_id=props.default_user_id,
            user_name="default",
            engine=ENGINE,
            access_string=DISABLED_ACCESS,
            authentication_mode=aws.elasticache_user.ElasticacheUserAuthenticationMode(type="no-password-required"),
        )
        self.users: dict[str, str] = {}
        clients = []
        for service, user_id in sorted(props.client_user_ids.items()):
            user = aws.elasticache_user.ElasticacheUser(
                self,
                f"user-{service}",
                user_id=user_id,
                user_name=user_id,  # IAM authentication signs for the user id: the name must equal it
                engine=ENGINE,
                access_string=CLIENT_ACCESS,
                authentication_mode=aws.elasticache_user.ElasticacheUserAuthenticationMode(type="iam"),
            )
            clients.append(user)
            self.users[service] = user_id
        user_group = aws.elasticache_user_group.ElasticacheUserGroup(
            self,
            "user-group",
            user_group_id=props.user_group_id,
            engine=ENGINE,
            user_ids=[default_user.user_id, *(user.user_id for user in clients)],
        )
        log_group = LogGroup(
            self,
            "slow-log",
            LogGroupProps(
                name=f"/aws/elasticache/{identifier}/slow-log",
                retention_days=spec.slow_log_retention_days,
                kms_key_arn=props.logs_kms_key_arn,
            ),
        )
        self.group = aws.elasticache_replication_group.ElasticacheReplicationGroup(
            self,
            "group",
            replication_group_id=identifier,
            description=f"{identifier}: Valkey, TLS required, IAM-authenticated users",
            engine=ENGINE,
            engine_version=spec.engine_version,
            node_type=spec.node_type,
            num_cache_clusters=1 + spec.replicas,
            automatic_failover_enabled=spec.replicas > 0,
            multi_az_enabled=spec.multi_az,
            port=CACHE_PORT,
            subnet_group_name=subnets.name,
            security_group_ids=[self.security_group.security_group_id],
            transit_encryption_enabled=True,
            transit_encryption_mode="required",
            at_rest_encryption_enabled="true",
            kms_key_id=props.kms_key_arn,
            user_group_ids=[user_group.user_group_id],
            auto_minor_version_upgrade="true",
            apply_immediately=not protection.prevent_destroy,  # protected: changes wait for the window
            maintenance_window=spec.maintenance_window,
            snapshot_window=spec.snapshot_window,
            snapshot_retention_limit=spec.snapshot_retention_days,
            final_snapshot_identifier=props.final_snapshot_identifier if protection.final_snapshot else None,
            log_delivery_configuration=[
                aws.elasticache_replication_group.ElasticacheReplicationGroupLogDeliveryConfiguration(
                    destination=log_group.log_group_name,
                    destination_type="cloudwatch-logs",
                    log_format="json",
                    log_type="slow-log",
                )
            ],
            lifecycle=lifecycle(prevent_destroy=protection.prevent_destroy),
        )
        self.endpoint: str = self.group.primary_endpoint_address
        self.reader_endpoint: str = self.group.reader_endpoint_address
        self.port: int = CACHE_PORT
        self.replication_group_id: str = identifier
        self.replication_group_arn: str = self.group.arn
        self.security_group_id: str = self.security_group.security_group_id

    def grant_connect(self, grantee: Construct, service: str) -> list[Statement]:
        """``elasticache:Connect`` to this group as ``service``'s own user, and nothing else."""
        user_id = self.users.get(service)
        if user_id is None:
            raise ValueError(f"service {service!r} has no cache user: grant it cache=True in the environment")
        context = AwsContext.of(grantee)
        return [
            Statement(
                sid="CacheConnect",
                actions=["elasticache:Connect"],
                resources=[
                    context.arn("elasticache", f"replicationgroup:{self.replication_group_id}"),
                    context.arn("elasticache", f"user:{user_id}"),
                ],
            )
        ]
