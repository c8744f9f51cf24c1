"""The one place that imports the CDKTF framework and the AWS provider binding.

Everything else in the repository imports ``cdktf``, ``constructs`` and the provider from
here, so a move to CDK Terrain (``cdktn``) or a regenerated binding is an edit to this file.

Why the provider import is special: ``cdktf_cdktf_provider_aws/__init__.py`` imports all of
its ~2,100 submodules (one per resource type) before returning, which costs several
seconds and hundreds of MB on every synth and test run. Each submodule is self-contained
(it loads the jsii assembly through ``.._jsii`` itself), so the package's ``__init__`` is not
needed. ``_LazyProviderFinder`` is an import hook that gives Python a package module for the
binding that has the real ``__path__`` but runs none of that ``__init__``; a submodule is
imported the first time it is used (``aws.vpc.Vpc``). If the package layout is not the one
this hook knows (no ``_jsii`` subpackage or no ``provider`` module), the hook steps aside and
the normal, eager import runs: slower, never broken.

The same cost exists a second time in node: the jsii runtime ``require``s the npm package, whose
``lib/index.js`` loads every submodule. ``node_provider.enable()`` below (``modules/core/node_provider.py``)
points the runtime at a package cache in the repository, prepared by ``make setup``, whose copy of
the package loads each submodule on first use; it verifies that cache first and otherwise leaves
the runtime's normal, eager load. ``node_provider_status()`` says which one this process got.

Use:  ``from modules.core.framework import aws`` then ``aws.vpc.Vpc(self, "vpc", ...)``.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

from modules.core import jsii_runtime, node_provider

PROVIDER_PACKAGE = "cdktf_cdktf_provider_aws"

# jsii prints a large box on every run while Node 20 is past its end of life. The README
# says which Node to use; keep normal output readable. Set the variable to "" to see it.
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")


class _LazyPackageLoader(importlib.abc.Loader):
    """Creates the provider package module without running its eager ``__init__``."""

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> None:
        return None  # the default module object

    def exec_module(self, module: ModuleType) -> None:
        package = module.__name__

        def __getattr__(attr: str) -> ModuleType:
            # Attribute access on the package imports the submodule of that name.
            if attr.startswith("__"):
                raise AttributeError(attr)
            try:
                return importlib.import_module(f"{package}.{attr}")
            except ModuleNotFoundError as error:
                raise AttributeError(f"module {package!r} has no submodule {attr!r}") from error

        module.__getattr__ = __getattr__  # type: ignore[method-assign]
        module.__lazy_provider__ = True  # type: ignore[attr-defined]


class _LazyProviderFinder(importlib.abc.MetaPathFinder):
    """Import hook for ``cdktf_cdktf_provider_aws`` only; every other import is untouched."""

    def find_spec(self, fullname, path, target=None):  # noqa: ANN001 - importlib protocol
        if fullname != PROVIDER_PACKAGE:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or not spec.submodule_search_locations or spec.origin is None:
            return None
        root = Path(next(iter(spec.submodule_search_locations)))
        if not (root / "_jsii" / "__init__.py").is_file() or not (root / "provider").is_dir():
            return None  # unknown layout: fall back to the normal import
        return importlib.util.spec_from_file_location(
            fullname,
            spec.origin,
            loader=_LazyPackageLoader(),
            submodule_search_locations=list(spec.submodule_search_locations),
        )


def _install_lazy_provider_import() -> None:
    if PROVIDER_PACKAGE in sys.modules:
        return  # already imported (eagerly or lazily); nothing to gain
    if not any(isinstance(finder, _LazyProviderFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _LazyProviderFinder())


def provider_is_lazy() -> bool:
    """True when the binding was loaded through the hook (used by tests and the benchmark)."""
    return bool(getattr(sys.modules.get(PROVIDER_PACKAGE), "__lazy_provider__", False))


def loaded_provider_modules() -> list[str]:
    """The provider submodules imported so far in this process."""
    return sorted(name for name in sys.modules if name.startswith(PROVIDER_PACKAGE + "."))


def node_provider_status() -> str:
    """How the jsii runtime (node) loads the provider: lazily from the repository's package cache,
    or eagerly, and why (``modules/core/node_provider.py``)."""
    return str(node_provider.status() or node_provider.enable())


def jsii_runtime_status() -> str:
    """How the jsii kernel was started: directly, or behind jsii's relay process, and why
    (``modules/core/jsii_runtime.py``)."""
    return str(jsii_runtime.status() or jsii_runtime.enable())


_install_lazy_provider_import()
node_provider.enable()  # before the first jsii import below starts the runtime
jsii_runtime.enable()

# The framework's names, re-exported. Keep this list short: it is the migration surface.
import cdktf_cdktf_provider_aws as aws  # noqa: E402  (after the hook, on purpose)
from cdktf import (  # noqa: E402
    App,
    Aspects,
    AssetType,
    DataTerraformRemoteStateS3,
    Fn,
    IAspect,
    S3Backend,
    S3BackendEndpointConfig,
    TerraformAsset,
    TerraformIterator,
    TerraformOutput,
    TerraformResource,
    TerraformResourceLifecycle,
    TerraformStack,
    Testing,
    Token,
)
from constructs import Construct, IConstruct  # noqa: E402
from jsii import implements  # noqa: E402  (to declare Aspects: @implements(IAspect))

__all__ = [
    "App",
    "Aspects",
    "AssetType",
    "Construct",
    "DataTerraformRemoteStateS3",
    "Fn",
    "IAspect",
    "IConstruct",
    "S3Backend",
    "S3BackendEndpointConfig",
    "TerraformAsset",
    "TerraformIterator",
    "TerraformOutput",
    "TerraformResource",
    "TerraformResourceLifecycle",
    "TerraformStack",
    "Testing",
    "Token",
    "aws",
    "implements",
    "jsii_runtime_status",
    "loaded_provider_modules",
    "node_provider_status",
    "provider_is_lazy",
]
