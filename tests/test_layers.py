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
