"""The service stack's shared files: the environment's file system (``files``), its NFS group
admitting the own groups of exactly the services that mount a volume, and per service what its
task definition mounts and what its task role is granted for it."""

from __future__ import annotations

from environments.naming import Kind, Namer
from environments.schema import Environment, ServiceSpec
from modules.core.framework import TerraformOutput
from modules.security.iam import Statement
from modules.storage.file_system import FileSystem, FileSystemProps, MountedVolume


class ServiceFiles:
    """``file_system`` (FileSystem or None), ``mounts(spec)``, ``grants(spec)``."""

    def __init__(self, stack, vpc_id: str, subnet_ids, groups: dict[str, str], kms_key_arn: str) -> None:  # noqa: ANN001
        environment: Environment = stack.environment
        namer: Namer = stack.namer
        self.file_system: FileSystem | None = None
        files = environment.files
        if files is None:
            return
        mounting = [spec.name for spec in environment.services if spec.volumes]
        self.file_system = FileSystem(
            stack,
            "files",
            FileSystemProps(
                spec=files,
                protection=environment.protection,
                backup=files.backs_up(environment.protection),
                name=namer.name("files", Kind.GENERIC),
                security_group_name=namer.name("files", Kind.SECURITY_GROUP),
                vpc_id=vpc_id,
                subnet_ids=subnet_ids,
                kms_key_arn=kms_key_arn,
                admit=[(service, groups[service]) for service in mounting],
            ),
        )
        TerraformOutput(stack, "file_system_id", value=self.file_system.file_system_id)

    def mounts(self, spec: ServiceSpec) -> list[MountedVolume]:
        if self.file_system is None:
            return []
        return [self.file_system.mount(v.name, v.path, read_only=v.read_only) for v in spec.volumes]

    def grants(self, spec: ServiceSpec) -> list[Statement]:
        if self.file_system is None:
            return []
        return [s for v in spec.volumes for s in self.file_system.grant_mount(v.name, write=not v.read_only)]
