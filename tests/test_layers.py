"""Dependencies point one way (docs/architecture.md, "Rules of the house"): ``environments/``
imports nothing of ``modules/`` or ``stacks/``; a construct imports from ``environments`` only
spec types (the frozen dataclasses of ``environments/schema/``), never ``Environment``, the
Namer or any function; and only ``stacks/`` and ``main.py`` import ``stacks``. Read from the
source with ``ast``: nothing is imported or synthesized."""

from __future__ import annotations

import ast
import dataclasses
import importlib
from pathlib import Path

from tests.conftest import ROOT


def imports(path: Path) -> list[tuple[str, str | None, int]]:
    """``(module, name or None, line)`` of every import in ``path``, nested ones included."""
    found: list[tuple[str, str | None, int]] = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, None, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [(node.module, alias.name, node.lineno) for alias in node.names]
    return found


def sources(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def is_spec_type(module: str, name: str | None) -> bool:
    if name is None or not module.startswith("environments.schema"):
        return False
    value = getattr(importlib.import_module(module), name, None)
    return isinstance(value, type) and dataclasses.is_dataclass(value) and name != "Environment"


def test_environments_import_no_construct_and_no_stack() -> None:
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in sources("environments")
        for module, _, line in imports(path)
        if module.split(".")[0] in ("modules", "stacks")
    ]
    assert wrong == []


def test_constructs_import_only_spec_types_from_environments() -> None:
    checked = 0
    wrong = []
    for path in sources("modules"):
        for module, name, line in imports(path):
            if module.split(".")[0] == "stacks":
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
            elif module.split(".")[0] == "environments":
                checked += 1
                if not is_spec_type(module, name):
                    wrong.append(f"{path.relative_to(ROOT)}:{line} imports {name or module} from {module}")
    assert checked > 10, "the check found no spec-type imports: it would pass on anything"
    assert wrong == [], "a construct takes spec types and wiring; names and environments are the stack's"


def test_construct_packages_import_only_earlier_layers() -> None:
    """``modules.LAYERS`` orders the domain packages: each imports itself and those before it,
    so the arrows between domains point one way; every construct lives in a listed package."""
    from modules import LAYERS

    packages = sorted(p.name for p in (ROOT / "modules").iterdir() if (p / "__init__.py").is_file())
    assert packages == sorted(LAYERS), "a package of modules/ is missing from modules.LAYERS (or listed but absent)"
    loose = [p.name for p in (ROOT / "modules").glob("*.py") if p.name != "__init__.py"]
    assert loose == [], "a construct belongs in the domain package it serves"
    wrong = []
    for path in sources("modules"):
        if path.parent.name not in LAYERS:
            continue
        own = LAYERS.index(path.parent.name)
        for module, name, line in imports(path):
            parts = module.split(".")
            if parts[0] != "modules":
                continue
            target = parts[1] if len(parts) > 1 else name
            if target not in LAYERS:
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {module} (not a package of modules.LAYERS)")
            elif LAYERS.index(target) > own:
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {module}, a later layer than {path.parent.name}")
    assert wrong == []


def test_every_construct_package_names_what_it_offers() -> None:
    """Each package's docstring lists its modules, so the package reads as a table of contents."""
    from modules import LAYERS

    missing = []
    for package in LAYERS:
        doc = importlib.import_module(f"modules.{package}").__doc__ or ""
        for path in sorted((ROOT / "modules" / package).glob("*.py")):
            if path.stem != "__init__" and f"``{path.stem}``" not in doc:
                missing.append(f"modules/{package}/__init__.py does not name {path.stem}")
    assert missing == []
