"""One list of environments: ``environments.NAMED``, and properties of each environment's
configuration. No Makefile guard, tool, stack, construct or test enumerates environments by
name, so a new environment is covered (and guarded) the moment it is declared."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys

import pytest

from environments import NAMED
from tests.conftest import OPTIONS_SUFFIX, ROOT, synthesized_environments

CODE = ("main.py", "tools", "stacks", "modules", "environments")
TEXT = (
    "Makefile",
    "set-env.sh",
    ".ci/run",
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / ".github").rglob("*.yml")),
)


def enumerations(tree: ast.AST) -> list[tuple[int, list[str]]]:
    """``(line, names)`` of every list, tuple or set literal naming two or more named environments
    (as strings, or as the first item of tuples: ``[("dev", 1), ("prod", 2)]``)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            names = set()
            for item in node.elts:
                first = item.elts[0] if isinstance(item, ast.Tuple) and item.elts else item
                if isinstance(first, ast.Constant) and first.value in NAMED:
                    names.add(first.value)
            if len(names) >= 2:
                found.append((node.lineno, sorted(names)))
    return found


def test_no_code_enumerates_environments_by_name() -> None:
    wrong = []
    for place in CODE:
        paths = [ROOT / place] if place.endswith(".py") else sorted((ROOT / place).rglob("*.py"))
        for path in paths:
            for line, names in enumerations(ast.parse(path.read_text())):
                if path == ROOT / "environments" / "__init__.py" and names == sorted(NAMED):
                    continue  # NAMED itself: the one list
                wrong.append(f"{path.relative_to(ROOT)}:{line} names {names}")
    assert wrong == [], "derive the list from environments.NAMED or a property of the configuration"


def test_no_makefile_or_script_line_names_two_environments() -> None:
    words = re.compile(r"\b(" + "|".join(map(re.escape, NAMED)) + r")\b")
    wrong = [
        f"{place}:{number}: {line.strip()}"
        for place in TEXT
        for number, line in enumerate((ROOT / place).read_text().splitlines(), 1)
        if not line.lstrip().startswith("#") and len(set(words.findall(line))) >= 2
    ]
    assert wrong == []


def test_no_test_parametrizes_suffixes_by_name() -> None:
    """``@pytest.mark.parametrize("suffix", ...)`` takes ``tests.conftest.suffixes(...)``."""
    wrong = []
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and ast.unparse(node.func).endswith("mark.parametrize")):
                continue
            if len(node.args) < 2 or not isinstance(node.args[0], ast.Constant | ast.Tuple):
                continue
            argnames = ast.literal_eval(node.args[0])
            first = argnames.split(",")[0].strip() if isinstance(argnames, str) else argnames[0]
            if first == "suffix" and enumerations(node.args[1]):
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert wrong == [], "use suffixes(lambda e: <the property the test is about>) from tests.conftest"


def test_the_check_finds_an_enumeration() -> None:
    assert enumerations(ast.parse('X = ("local", "dev", "prod")\nY = [("dev", 1), ("staging", 2)]')) == [
        (1, ["dev", "local", "prod"]),
        (2, ["dev", "staging"]),
    ]
    assert enumerations(ast.parse('X = ("dev", "network.cidr", "10.0.0.0/8")')) == []


def test_the_readme_describes_exactly_the_named_environments() -> None:
    table = (ROOT / "README.md").read_text().split("## Environments", 1)[1].split("\n\n", 2)[1]
    rows = re.findall(r"^\| `([a-z0-9]+)` \|", table, re.M)
    assert set(rows) == set(NAMED), "README's Environments table: one row per environments.NAMED entry"


def unreviewed_only(suffix: str) -> subprocess.CompletedProcess:
    environment = synthesized_environments()[suffix]
    choice = {"ENVIRONMENT": environment.name, "ENVIRONMENT_SUFFIX": suffix if environment.ephemeral else ""}
    return subprocess.run(
        [sys.executable, "-m", "environments", "--unreviewed-only", "make deploy"],
        cwd=ROOT,
        env={**os.environ, **choice},
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("suffix", [s for s in synthesized_environments() if s != OPTIONS_SUFFIX])
def test_make_deploy_refuses_every_reviewed_environment_by_property(suffix: str) -> None:
    """``make deploy`` plans and applies in one go: only for what no reviewer gates (the emulator's
    environment, ephemeral copies). ``Environment.reviewed`` decides, not a list of names."""
    environment = synthesized_environments()[suffix]
    done = unreviewed_only(suffix)
    assert done.returncode == (2 if environment.reviewed else 0), done.stderr
    assert environment.reviewed == (not environment.ephemeral and environment.emulator is None)
    if environment.reviewed:
        assert done.stderr.splitlines() == [
            f"error: make deploy applies without review; {suffix} takes only reviewed plans: "
            "run make plan, read the report, then make apply"
        ]


def test_make_deploy_checks_before_anything_else() -> None:
    recipe = (ROOT / "Makefile").read_text().split("\ndeploy:", 1)[1].split("\n\n", 1)[0]
    first = recipe.strip().splitlines()[1]
    assert "--unreviewed-only" in first, f"the first line of make deploy is {first!r}"
