"""Shared files (EFS): an optional encrypted file system per environment, its volumes, and the
services that mount them.

The environment declares the file system and its volumes (``files=FilesConfig(volumes=(
VolumeConfig(name="reports", posix_uid=20001, posix_gid=20001),))``): each volume is an access
point with its own POSIX user and root directory (``/<name>``). A service mounts volumes by name
(``volumes=(Volume(name="reports", path="/reports", read_only=True),)``): the task definition
mounts the access point with transit encryption and IAM authorization, the task role may
``ClientMount`` (and ``ClientWrite`` unless read-only) through that access point only, and the
file system's NFS security group admits exactly the services that mount it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from environments.schema.formats import absolute_path_problems
from environments.schema.rules import LOGICAL_NAME_PATTERN

if TYPE_CHECKING:  # the services module imports this one for VolumeFields
    from environments.schema.protection import ProtectionConfig
    from environments.schema.services import ServiceSpec

INFREQUENT_ACCESS_DAYS = (1, 7, 14, 30, 60, 90, 180, 270, 365)
"""The ``AFTER_<n>_DAYS`` values EFS lifecycle management accepts."""
MAX_POSIX_ID = 4294967294
PERMISSIONS = re.compile(r"0?[0-7]{3}", re.ASCII)


@dataclass(frozen=True, kw_only=True)
class VolumeConfig:
    """A directory of the file system that services mount by name: an access point with its
    own POSIX user (every file it writes is that user's) and root directory ``/<name>``."""

    name: str
    posix_uid: int
    """The user every access through the volume acts as (not 0: root)."""
    posix_gid: int
    permissions: str = "750"
    """Mode of the root directory when EFS creates it (octal)."""


@dataclass(frozen=True, kw_only=True)
class FilesConfig:
    """The environment's file system (EFS): encrypted with the service key, a mount target in each
    private subnet."""

    volumes: tuple[VolumeConfig, ...]
    infrequent_access_days: int = 30
    """Files not read for this many days move to Infrequent Access (one of ``INFREQUENT_ACCESS_DAYS``);
    a file read there moves back."""
    throughput_mode: Literal["elastic", "bursting"] = "elastic"
    backup: bool | None = None
    """Daily AWS Backup of the file system (its backup policy); None: where the environment
    protects data (``protection.prevent_destroy``)."""
    file_system_policy: bool = True
    """The file system's policy: no access without TLS, and none but through an access point
    (off only for an AWS API without it: ``environments/local.py``)."""

    def backs_up(self, protection: ProtectionConfig) -> bool:
        return self.backup if self.backup is not None else protection.prevent_destroy

    def problems(self, at: str) -> list[str]:
        out: list[str] = []
        if not self.volumes:
            out.append(f"{at}.volumes is empty: declare the volumes services mount (or files=None)")
        if self.infrequent_access_days not in INFREQUENT_ACCESS_DAYS:
            out.append(
                f"{at}.infrequent_access_days ({self.infrequent_access_days}) must be one of "
                f"{', '.join(map(str, INFREQUENT_ACCESS_DAYS))}"
            )
        names = [volume.name for volume in self.volumes]
        for name in sorted({n for n in names if names.count(n) > 1}):
            out.append(f"{at}.volumes: {name!r} is declared more than once")
        users: dict[int, str] = {}
        for volume in self.volumes:
            where = f"{at}.volumes[{volume.name}]"
            if not LOGICAL_NAME_PATTERN.fullmatch(volume.name):
                out.append(f"{where}.name {volume.name!r} must be 1-30 of a-z and 0-9 in words joined by single '-'")
            for field in ("posix_uid", "posix_gid"):
                value = getattr(volume, field)
                if not 1 <= value <= MAX_POSIX_ID:
                    out.append(f"{where}.{field} ({value}) must be between 1 and {MAX_POSIX_ID} (not 0: root)")
            if volume.posix_uid in users:
                out.append(
                    f"{where}.posix_uid ({volume.posix_uid}) is {users[volume.posix_uid]!r}'s too: each volume "
                    "has its own user"
                )
            users.setdefault(volume.posix_uid, volume.name)
            if not PERMISSIONS.fullmatch(volume.permissions):
                out.append(f"{where}.permissions {volume.permissions!r} must be an octal mode such as '750'")
        return out


@dataclass(frozen=True, kw_only=True)
class Volume:
    """A volume of the environment's file system, mounted into a service's container."""

    name: str
    """A volume of ``files.volumes``."""
    path: str
    """Where the container sees it (a normalized absolute path)."""
    read_only: bool = False
    """Mount it read-only: the task role may not write (no ``elasticfilesystem:ClientWrite``)."""


@dataclass(frozen=True, kw_only=True)
class VolumeFields:
    """What every kind of service declares about shared files (``ServiceConfig``, ``TaskConfig``)."""

    volumes: tuple[Volume, ...] = ()
    """Volumes of the environment's file system it mounts (``files.volumes``)."""


def volume_problems(services: Sequence[ServiceSpec], files: FilesConfig | None, at: str) -> list[str]:
    """Every mounted volume exists, once per service, at a path of its own."""
    out: list[str] = []
    declared = [volume.name for volume in files.volumes] if files is not None else []
    for spec in services:
        where = f"{at}[{spec.name}].volumes"
        seen: dict[str, str] = {}
        for volume in spec.volumes:
            if files is None:
                out.append(
                    f"{where} names volume {volume.name!r}, but this environment has no file system: set "
                    "files=FilesConfig(volumes=(...)) or remove the volume"
                )
            elif volume.name not in declared:
                out.append(
                    f"{where} names volume {volume.name!r}, which this environment does not have (its volumes: "
                    f"{', '.join(declared) or 'none'})"
                )
            out += absolute_path_problems(volume.path, f"{where}[{volume.name}].path")
            if volume.path in spec.writable_paths:
                out.append(f"{where}[{volume.name}].path {volume.path!r} is a writable scratch path too: choose one")
            if volume.name in seen.values():
                out.append(f"{where} mounts {volume.name!r} more than once: mount it once")
            if volume.path in seen:
                out.append(f"{where}: {seen[volume.path]!r} and {volume.name!r} are both mounted at {volume.path!r}")
            seen.setdefault(volume.path, volume.name)
    return out
