"""The environment's shared file system (EFS) and its volumes.

Encrypted with a customer-managed key; a mount target in each given subnet behind an NFS
security group that admits only the groups ``admit`` names (the services that mount it);
lifecycle to Infrequent Access after the configured days (back on first access); the file
system's backup policy where the environment protects data, and ``prevent_destroy`` there; a
file system policy that refuses any access without TLS or not through an access point.

Each volume is an access point with its own POSIX user and root directory ``/<name>``
(created with that owner and mode on first use). ``grant_mount(volume, write=...)`` is the
task-role statement of one service: ``elasticfilesystem:ClientMount`` (and ``ClientWrite``) on
this file system through that access point only; ``mount(volume)`` what the task definition
mounts (transit encryption, IAM authorization).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from environments.schema import FilesConfig, ProtectionConfig
from modules.core.framework import Construct, aws
from modules.core.lifecycle import lifecycle
from modules.security.iam import Condition, Statement, deny_insecure_transport, policy_json
from modules.security.security_group import SecurityGroup, SecurityGroupProps, allow_from_group

NFS_PORT = 2049
CLIENT_ACTIONS = (
    "elasticfilesystem:ClientMount",
    "elasticfilesystem:ClientWrite",
    "elasticfilesystem:ClientRootAccess",
)


@dataclass(frozen=True, kw_only=True)
class FileSystemProps:
    spec: FilesConfig
    protection: ProtectionConfig
    backup: bool
    """The file system's backup policy on (``FilesConfig.backs_up``)."""
    name: str
    """Its creation token and Name tag (``<project>-files-<suffix>``)."""
    security_group_name: str
    vpc_id: str
    subnet_ids: Sequence[str]
    """A mount target in each (the private subnets, where the tasks run)."""
    kms_key_arn: str
    admit: Sequence[tuple[str, str]]
    """``(id, security group id)`` of each group whose members may mount it (the services'
    own groups), each given the NFS port and nothing else."""


@dataclass(frozen=True, kw_only=True)
class MountedVolume:
    """What a task definition mounts: an access point of the file system at ``path``."""

    volume: str
    """The task volume's name (``files-<volume>``)."""
    file_system_id: str
    access_point_id: str
    path: str
    read_only: bool


class FileSystem(Construct):
    """Attributes: ``file_system_id``, ``file_system_arn``, ``security_group_id``,
    ``access_points`` (volume name -> access point)."""

    def __init__(self, scope: Construct, id_: str, props: FileSystemProps) -> None:
        super().__init__(scope, id_)
        spec, protected = props.spec, props.protection.prevent_destroy
        efs = aws.efs_file_system
        self.file_system = efs.EfsFileSystem(
            self,
            "file-system",
            creation_token=props.name,
            encrypted=True,
            kms_key_id=props.kms_key_arn,
            throughput_mode=spec.throughput_mode,
            lifecycle_policy=[
                efs.EfsFileSystemLifecyclePolicy(transition_to_ia=f"AFTER_{spec.infrequent_access_days}_DAYS"),
                efs.EfsFileSystemLifecyclePolicy(transition_to_primary_storage_class="AFTER_1_ACCESS"),
            ],
            tags={"Name": props.name},
            lifecycle=lifecycle(prevent_destroy=protected),
        )
        self.file_system_id: str = self.file_system.id
        self.file_system_arn: str = self.file_system.arn
        group = SecurityGroup(
            self,
            "nfs",
            SecurityGroupProps(
                name=props.security_group_name,
                description=f"{props.name}: NFS from the services that mount it only",
                vpc_id=props.vpc_id,
            ),
        )
        self.security_group_id: str = group.security_group_id
        for admitted, group_id in props.admit:
            allow_from_group(
                self,
                f"from-{admitted}",
                target_id=group.security_group_id,
                source_id=group_id,
                port=NFS_PORT,
                description="NFS from a service that mounts the file system",
            )
        self.mount_targets = [
            aws.efs_mount_target.EfsMountTarget(
                self,
                f"mount-target-{index}",
                file_system_id=self.file_system.id,
                subnet_id=subnet_id,
                security_groups=[group.security_group_id],
            )
            for index, subnet_id in enumerate(props.subnet_ids)
        ]
        if props.backup:
            aws.efs_backup_policy.EfsBackupPolicy(
                self,
                "backup",
                file_system_id=self.file_system.id,
                backup_policy=aws.efs_backup_policy.EfsBackupPolicyBackupPolicy(status="ENABLED"),
            )
        access = aws.efs_access_point
        self.access_points: dict[str, aws.efs_access_point.EfsAccessPoint] = {}
        for volume in spec.volumes:
            self.access_points[volume.name] = access.EfsAccessPoint(
                self,
                f"{volume.name}-access-point",
                file_system_id=self.file_system.id,
                posix_user=access.EfsAccessPointPosixUser(uid=volume.posix_uid, gid=volume.posix_gid),
                root_directory=access.EfsAccessPointRootDirectory(
                    path=f"/{volume.name}",
                    creation_info=access.EfsAccessPointRootDirectoryCreationInfo(
                        owner_uid=volume.posix_uid, owner_gid=volume.posix_gid, permissions=volume.permissions
                    ),
                ),
                tags={"Name": f"{props.name}-{volume.name}"},
            )
        if spec.file_system_policy:
            aws.efs_file_system_policy.EfsFileSystemPolicy(
                self,
                "policy",
                file_system_id=self.file_system.id,
                policy=policy_json(
                    self,
                    "policy-document",
                    [
                        deny_insecure_transport(CLIENT_ACTIONS, [self.file_system.arn]),
                        Statement(
                            sid="OnlyThroughAccessPoints",
                            effect="Deny",
                            actions=CLIENT_ACTIONS,
                            resources=[self.file_system.arn],
                            principals={"AWS": ["*"]},
                            conditions=[Condition("Null", "elasticfilesystem:AccessPointArn", ["true"])],
                        ),
                    ],
                ),
            )

    def grant_mount(self, volume: str, *, write: bool) -> list[Statement]:
        """Mount ``volume`` (and write, when ``write``) through its access point only."""
        actions = ["elasticfilesystem:ClientMount"] + (["elasticfilesystem:ClientWrite"] if write else [])
        return [
            Statement(
                sid=f"Mount{''.join(part.capitalize() for part in volume.split('-'))}",
                actions=actions,
                resources=[self.file_system.arn],
                conditions=[
                    Condition("ArnEquals", "elasticfilesystem:AccessPointArn", [self.access_points[volume].arn])
                ],
            )
        ]

    def mount(self, volume: str, path: str, *, read_only: bool) -> MountedVolume:
        return MountedVolume(
            volume=f"files-{volume}",
            file_system_id=self.file_system.id,
            access_point_id=self.access_points[volume].id,
            path=path,
            read_only=read_only,
        )
