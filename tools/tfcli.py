"""Write the project's Terraform CLI configuration (``.tfcli/terraform.rc``).

Providers come from the filesystem mirror at ``TF_PLUGIN_MIRROR`` (default ``/opt/tf-plugins``)
when it exists, so no registry is needed; otherwise from the registry, through a plugin cache
under ``.tfcli/`` so each provider is downloaded once. ``set-env.sh`` exports
``TF_CLI_CONFIG_FILE`` pointing here. Run: ``python -m tools.tfcli`` (prints the path).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / ".tfcli" / "terraform.rc"
DEFAULT_MIRROR = "/opt/tf-plugins"


def render(mirror: Path | None, cache: Path) -> str:
    if mirror is not None:
        providers = sorted(
            f"{host.name}/{namespace.name}/{provider.name}"
            for host in mirror.iterdir()
            if host.is_dir()
            for namespace in host.iterdir()
            if namespace.is_dir()
            for provider in namespace.iterdir()
            if provider.is_dir()
        )
        listed = ", ".join(f'"{p}"' for p in providers)
        # No plugin_cache_dir here: Terraform links unpacked mirror directories directly.
        return (
            "# Written by tools/tfcli.py: providers from the local filesystem mirror.\n"
            "provider_installation {\n"
            "  filesystem_mirror {\n"
            f'    path    = "{mirror}"\n'
            f"    include = [{listed}]\n"
            "  }\n"
            "  direct {\n"
            f"    exclude = [{listed}]\n"
            "  }\n"
            "}\n"
        )
    return f'# Written by tools/tfcli.py: no local mirror, providers from the registry.\nplugin_cache_dir = "{cache}"\n'


def write() -> Path:
    mirror_dir = Path(os.environ.get("TF_PLUGIN_MIRROR", DEFAULT_MIRROR))
    mirror = mirror_dir if mirror_dir.is_dir() and any(mirror_dir.iterdir()) else None
    cache = CONFIG.parent / "plugin-cache"
    cache.mkdir(parents=True, exist_ok=True)
    text = render(mirror, cache)
    if not CONFIG.is_file() or CONFIG.read_text() != text:
        CONFIG.write_text(text)
    return CONFIG


if __name__ == "__main__":
    print(write())
    sys.exit(0)
