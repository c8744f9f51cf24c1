"""moto's ElastiCache, made to complete Terraform's apply / re-plan / destroy cycle of a Valkey
replication group with IAM-authenticated users (``tools/emulator.py serve`` applies it when
moto first loads the ElastiCache backend).

What plain moto (5.2) does, and what AWS does instead:

* A replication group's member clusters are named in the group but never registered: the
  provider reads the first member (DescribeCacheClusters) for the engine version, subnet group,
  security groups and windows, and fails with CacheClusterNotFound. Here each member is a
  cache cluster carrying the group's settings.
* ``NumCacheClusters`` is ignored (one node whatever is asked) unless ``ReplicasPerNodeGroup``
  is given: here a primary and ``NumCacheClusters - 1`` replicas.
* A group's node group has no ``ReaderEndpoint`` (AWS gives every cluster-mode-disabled group
  one, replicas or not): the provider's ``reader_endpoint_address`` is null, and an output of it
  is missing from the stack's remote state. Here it is the address moto already made.
* A deleted group stays ``deleting`` forever (Terraform waits for it to vanish): here it and its
  member clusters are gone once the delete is accepted.
* ``DeleteCacheSubnetGroup`` and the user-group API (Create/Describe/Modify/DeleteUserGroup) do
  not exist: they are added, with tags on a user group's ARN.

Each fix has a test that fails against plain moto (``tests/tools/test_emulator_elasticache.py``).
"""

from __future__ import annotations

import threading
from typing import Any

_PATCHING = threading.Lock()
_APPLIED = "_platform_emulator_fixes"


def apply() -> None:
    """Patch moto's ElastiCache backend and responses in place (idempotent)."""
    from moto.elasticache.models import ElastiCacheBackend
    from moto.elasticache.responses import ElastiCacheResponse

    with _PATCHING:
        if getattr(ElastiCacheBackend, _APPLIED, False):
            return
        ElastiCacheBackend.create_replication_group = _registers_members(ElastiCacheBackend.create_replication_group)  # type: ignore[method-assign]
        ElastiCacheBackend.delete_replication_group = _deletes_at_once(ElastiCacheBackend.delete_replication_group)  # type: ignore[method-assign]
        ElastiCacheBackend.list_tags_for_resource = _tags_of_user_groups(ElastiCacheBackend.list_tags_for_resource)  # type: ignore[method-assign]
        for name, handler in _HANDLERS.items():
            setattr(ElastiCacheResponse, name, handler)
        setattr(ElastiCacheBackend, _APPLIED, True)


# --- replication groups ------------------------------------------------------------------------


def _registers_members(create):  # noqa: ANN001, ANN202 - wraps moto's method
    def create_replication_group(self, *args: Any, **kwargs: Any):  # noqa: ANN001, ANN202
        count = kwargs.get("num_cache_clusters")
        if (
            count
            and int(count) > 1
            and not kwargs.get("replicas_per_node_group")
            and kwargs.get("cluster_mode") != "enabled"
        ):
            kwargs["replicas_per_node_group"] = int(count) - 1
        group = create(self, *args, **kwargs)
        for node_group in group.node_groups:
            if "reader_endpoint_address" in node_group and "reader_endpoint" not in node_group:
                node_group["reader_endpoint"] = {"address": node_group["reader_endpoint_address"], "port": group.port}
        for member in group.member_clusters:
            self.cache_clusters[member] = _member_cluster(self, group, member, kwargs)
        return group

    return create_replication_group


def _member_cluster(backend, group, cluster_id: str, settings: dict[str, Any]):  # noqa: ANN001, ANN202
    """A cache cluster of ``group`` as AWS describes one: the group's engine, node type, network
    and windows (the provider reads them from the first member)."""
    from moto.elasticache.models import CacheCluster

    cluster = CacheCluster(
        account_id=backend.account_id,
        region_name=backend.region_name,
        cache_cluster_id=cluster_id,
        cache_node_type=group.cache_node_type,
        replication_group_id=settings["replication_group_id"],
        az_mode=None,
        preferred_availability_zone=None,
        num_cache_nodes=1,
        engine=group.engine,
        engine_version=settings.get("engine_version"),
        cache_parameter_group_name=settings.get("cache_parameter_group_name"),
        cache_subnet_group_name=settings.get("cache_subnet_group_name"),
        transit_encryption_enabled=settings.get("transit_encryption_enabled"),
        network_type=settings.get("network_type"),
        ip_discovery=settings.get("ip_discovery"),
        snapshot_name=None,
        preferred_maintenance_window=settings.get("preferred_maintenance_window"),
        port=group.port,
        notification_topic_arn=settings.get("notification_topic_arn"),
        auto_minor_version_upgrade=settings.get("auto_minor_version_upgrade"),
        snapshot_retention_limit=group.snapshot_retention_limit,
        snapshot_window=group.snapshot_window,
        auth_token=None,
        outpost_mode=None,
        preferred_outpost_arn=None,
        preferred_availability_zones=None,
        cache_security_group_names=settings.get("cache_security_group_names"),
        security_group_ids=settings.get("security_group_ids"),
        tags=None,
        snapshot_arns=None,
        preferred_outpost_arns=None,
        log_delivery_configurations=[],
        cache_node_ids_to_remove=None,
        cache_node_ids_to_reboot=None,
    )
    # moto sets the first two for the "redis" engine only; AWS reports them all for valkey as well
    vars(cluster).update(
        num_cache_nodes=1,
        replication_group_id=settings["replication_group_id"],
        snapshot_window=group.snapshot_window,
        at_rest_encryption_enabled=group.at_rest_encryption_enabled,
        transit_encryption_mode=group.transit_encryption_mode,
        cache_parameter_group={
            "CacheParameterGroupName": settings.get("cache_parameter_group_name") or "default.valkey8",
            "ParameterApplyStatus": "in-sync",
            "CacheNodeIdsToReboot": [],
        },
        security_groups=[
            {"SecurityGroupId": group_id, "Status": "active"} for group_id in settings.get("security_group_ids") or []
        ],
    )
    return cluster


def _deletes_at_once(delete):  # noqa: ANN001, ANN202
    def delete_replication_group(self, replication_group_id: str, retain_primary_cluster: bool | None):  # noqa: ANN001, ANN202
        group = delete(self, replication_group_id, retain_primary_cluster)
        for member in list(group.member_clusters) + [f"{replication_group_id}-001"]:
            self.cache_clusters.pop(member, None)
        self.replication_groups.pop(replication_group_id, None)
        return group

    return delete_replication_group


# --- subnet groups and user groups -------------------------------------------------------------


def _delete_cache_subnet_group(self):  # noqa: ANN001, ANN202 - moto's handler shape
    from moto.core.responses import EmptyResult
    from moto.elasticache.exceptions import CacheSubnetGroupNotFound

    name = self._get_param("CacheSubnetGroupName")
    if self.elasticache_backend.cache_subnet_groups.pop(name, None) is None:
        raise CacheSubnetGroupNotFound(name)
    return EmptyResult()


class UserGroup:
    """A user group as DescribeUserGroups returns one (moto has none)."""

    def __init__(self, backend, user_group_id: str, engine: str, user_ids: list[str]) -> None:  # noqa: ANN001
        self.user_group_id = user_group_id
        self.engine = engine
        self.user_ids = list(user_ids)
        self.status = "active"
        self.minimum_engine_version = "6.0"
        self.pending_changes: dict[str, list[str]] = {}
        self.replication_groups: list[str] = []
        self.serverless_caches: list[str] = []
        self.arn = f"arn:aws:elasticache:{backend.region_name}:{backend.account_id}:usergroup:{user_group_id}"


def _user_groups(backend) -> dict[str, UserGroup]:  # noqa: ANN001
    if not hasattr(backend, "user_groups"):
        backend.user_groups = {}
    return backend.user_groups


def _error(code: str, message: str):  # noqa: ANN202
    from moto.elasticache.exceptions import ElastiCacheException

    error = type(code, (ElastiCacheException,), {"code": code})
    return error(message)


def _known_users(backend, user_ids: list[str]) -> list[str]:  # noqa: ANN001
    for user_id in user_ids:
        if user_id not in backend.users:
            raise _error("UserNotFound", f"User {user_id} not found.")
    return user_ids


def _found_user_group(backend, user_group_id: str) -> UserGroup:  # noqa: ANN001
    group = _user_groups(backend).get(user_group_id)
    if group is None:
        raise _error("UserGroupNotFound", f"User group {user_group_id} not found.")
    return group


def _create_user_group(self):  # noqa: ANN001, ANN202
    from moto.core.responses import ActionResult

    backend = self.elasticache_backend
    user_group_id = self._get_param("UserGroupId")
    if user_group_id in _user_groups(backend):
        raise _error("UserGroupAlreadyExists", f"User group {user_group_id} already exists.")
    group = UserGroup(
        backend, user_group_id, self._get_param("Engine"), _known_users(backend, self._get_param("UserIds", []))
    )
    for user_id in group.user_ids:
        backend.users[user_id].user_group_ids.append(user_group_id)
    tags = self._get_param("Tags", [])
    if tags:
        backend.tagging_service.tag_resource(group.arn, tags)
    _user_groups(backend)[user_group_id] = group
    return ActionResult(group)


def _describe_user_groups(self):  # noqa: ANN001, ANN202
    from moto.core.responses import ActionResult

    backend = self.elasticache_backend
    user_group_id = self._get_param("UserGroupId")
    groups = [_found_user_group(backend, user_group_id)] if user_group_id else list(_user_groups(backend).values())
    return ActionResult({"UserGroups": groups})


def _modify_user_group(self):  # noqa: ANN001, ANN202
    from moto.core.responses import ActionResult

    backend = self.elasticache_backend
    group = _found_user_group(backend, self._get_param("UserGroupId"))
    for user_id in _known_users(backend, self._get_param("UserIdsToAdd", [])):
        if user_id not in group.user_ids:
            group.user_ids.append(user_id)
            backend.users[user_id].user_group_ids.append(group.user_group_id)
    for user_id in self._get_param("UserIdsToRemove", []):
        if user_id in group.user_ids:
            group.user_ids.remove(user_id)
            if group.user_group_id in backend.users[user_id].user_group_ids:
                backend.users[user_id].user_group_ids.remove(group.user_group_id)
    return ActionResult(group)


def _delete_user_group(self):  # noqa: ANN001, ANN202
    from moto.core.responses import ActionResult

    backend = self.elasticache_backend
    group = _found_user_group(backend, self._get_param("UserGroupId"))
    del _user_groups(backend)[group.user_group_id]
    for user_id in group.user_ids:
        user = backend.users.get(user_id)
        if user is not None and group.user_group_id in user.user_group_ids:
            user.user_group_ids.remove(group.user_group_id)
    group.status = "deleting"
    return ActionResult(group)


def _tags_of_user_groups(list_tags):  # noqa: ANN001, ANN202
    def list_tags_for_resource(self, arn: str):  # noqa: ANN001, ANN202
        if ":usergroup:" in arn and arn.startswith("arn:aws:elasticache:"):
            return self.tagging_service.list_tags_for_resource(arn)
        return list_tags(self, arn)

    return list_tags_for_resource


_HANDLERS = {
    "delete_cache_subnet_group": _delete_cache_subnet_group,
    "create_user_group": _create_user_group,
    "describe_user_groups": _describe_user_groups,
    "modify_user_group": _modify_user_group,
    "delete_user_group": _delete_user_group,
}
