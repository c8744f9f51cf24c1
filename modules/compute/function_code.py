"""A function's code as a zip made deterministically from a folder: the same files always give
the same bytes (sorted entries, a fixed timestamp and mode, no bytecode or caches), so the same
``source_code_hash`` and an empty re-plan for an unchanged function."""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from pathlib import Path

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
"""The earliest time a zip entry can hold: no entry carries its file's modification time."""
SKIPPED = ("__pycache__", ".pytest_cache", ".mypy_cache")


def archive(folder: Path) -> bytes:
    """The zip of every file under ``folder`` (paths relative to it), deterministically."""
    buffer = io.BytesIO()
    files = sorted(
        path
        for path in folder.rglob("*")
        if path.is_file() and not path.name.endswith(".pyc") and not set(path.relative_to(folder).parts) & set(SKIPPED)
    )
    with zipfile.ZipFile(buffer, "w") as zipped:
        for path in files:
            entry = zipfile.ZipInfo(path.relative_to(folder).as_posix(), date_time=FIXED_TIME)
            entry.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3  # Unix, whatever the building machine
            zipped.writestr(entry, path.read_bytes(), compresslevel=9)
    return buffer.getvalue()


def write_archive(folder: Path, into: Path) -> tuple[Path, str]:
    """``archive(folder)`` written to ``into/<sha256>.zip`` (once per content), and the base64
    SHA-256 Lambda compares (``source_code_hash``)."""
    data = archive(folder)
    digest = hashlib.sha256(data)
    into.mkdir(parents=True, exist_ok=True)
    path = into / f"{digest.hexdigest()}.zip"
    if not path.is_file() or path.read_bytes() != data:
        path.write_bytes(data)
    return path, base64.b64encode(digest.digest()).decode("ascii")
