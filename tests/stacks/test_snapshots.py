"""Snapshots of every stack of every named environment: the JSON Terraform reads, made reviewable.

One test per stack (a failure names its stack and shows the changed lines), one file per stack
under ``tests/stacks/snapshots/``: ``cdk.tf.json`` without CDKTF's ``//`` metadata, keys sorted,
two-space indents, and each embedded document expanded so that a diff shows the changed widget,
statement or container: a string holding a JSON document becomes ``{"<json>": <the document>}``,
and a long Terraform expression (``${jsonencode({...})}``: dashboard bodies, container
definitions, event patterns) becomes ``{"<expression>": [one line per element]}``, and any other
multi-line string (a ``json_document`` that splices references) ``{"<lines>": [its lines]}``.
After an intended change: ``make snapshot-update``, then review ``git diff tests/stacks/snapshots``.
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

import pytest

from environments import NAMED
from tests.conftest import ROOT, cached_synth

SNAPSHOTS = ROOT / "tests" / "stacks" / "snapshots"
DIFF_LINES = 120
"""At most this many lines of one stack's diff in a failure (the whole diff is one
``make snapshot-update`` and ``git diff`` away)."""


def named_stack_ids(outdir: Path) -> list[str]:
    return sorted(path.name for path in (outdir / "stacks").iterdir() if path.name.rsplit("-", 1)[-1] in NAMED)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test per synthesized stack of the named environments, and per snapshot whose stack is gone
    (the synth is the suite's shared one: made once per set of inputs, ``tests/conftest.py``)."""
    if "stack_id" in metafunc.fixturenames:
        stacks = set(named_stack_ids(cached_synth())) | {path.stem for path in SNAPSHOTS.glob("*.json")}
        metafunc.parametrize("stack_id", sorted(stacks))


def expression_lines(expression: str) -> list[str]:
    """A Terraform expression, one element per line: a line break after each ``{``, ``[`` and
    top-level ``,`` of an object or tuple, indented by depth; strings and calls stay whole."""
    lines: list[str] = []
    line, depth, quoted, escaped = "", 0, False, False
    stack: list[str] = []
    for char in expression:
        if quoted:
            line += char
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                quoted = False
            continue
        if char == '"':
            quoted = True
            line += char
        elif char in "{[":
            stack.append(char)
            line += char
            if char == "[" or not line.endswith("${"):  # a template's ${ stays on its line
                depth += 1
                lines.append(line)
                line = "  " * depth
            else:
                stack[-1] = "${"
        elif char in "}]":
            opened = stack.pop() if stack else ""
            if opened == "${":
                line += char
                continue
            depth -= 1
            if line.strip():
                lines.append(line)
            line = "  " * depth + char
        elif char == "," and stack and stack[-1] != "(" and stack[-1] != "${":
            lines.append(line + ",")
            line = "  " * depth
        elif char == "(":
            stack.append(char)
            line += char
        elif char == ")":
            if stack and stack[-1] == "(":
                stack.pop()
            line += char
        elif char == " " and not line.strip():
            continue  # the space after a comma: the indent stands in for it
        else:
            line += char
    if line.strip():
        lines.append(line)
    return lines


def expanded(value: object) -> object:
    """``value`` with embedded documents and long expressions opened up (see the module docstring)."""
    if isinstance(value, dict):
        return {key: expanded(item) for key, item in value.items() if key != "//"}
    if isinstance(value, list):
        return [expanded(item) for item in value]
    if isinstance(value, str) and value[:1] in "{[":
        try:
            document = json.loads(value)
        except ValueError:  # a json_document that splices references: its own lines
            return {"<lines>": value.split("\n")} if "\n" in value else value
        if isinstance(document, dict | list):
            return {"<json>": expanded(document)}
    if isinstance(value, str) and value.startswith("${") and value.endswith("}") and len(value) > 120:
        lines = expression_lines(value)
        return {"<expression>": lines} if len(lines) > 1 else value
    return value


def snapshot_text(config: dict) -> str:
    return json.dumps(expanded(config), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_stack_matches_its_snapshot(stack_id: str, platform, request: pytest.FixtureRequest) -> None:
    path = SNAPSHOTS / f"{stack_id}.json"
    synthesized = stack_id in named_stack_ids(platform.outdir)
    if request.config.getoption("--snapshot-update"):
        if synthesized:
            SNAPSHOTS.mkdir(parents=True, exist_ok=True)
            path.write_text(snapshot_text(platform.json(stack_id)))
        else:
            path.unlink()
        return
    if not synthesized:
        pytest.fail(f"{stack_id}: no longer synthesized; make snapshot-update removes {path.relative_to(ROOT)}")
    if not path.is_file():
        pytest.fail(f"{stack_id}: no snapshot yet; make snapshot-update writes {path.relative_to(ROOT)}, review it")
    received = snapshot_text(platform.json(stack_id))
    stored = path.read_text()
    if received != stored:
        diff = list(
            difflib.unified_diff(
                stored.splitlines(),
                received.splitlines(),
                f"snapshot {stack_id}",
                f"synthesized {stack_id}",
                lineterm="",
            )
        )
        shown = "\n".join(diff[:DIFF_LINES]) + (
            f"\n... {len(diff) - DIFF_LINES} more lines" if len(diff) > DIFF_LINES else ""
        )
        pytest.fail(
            f"{stack_id} differs from its snapshot; if intended: make snapshot-update, then review the diff\n{shown}",
            pytrace=False,
        )


def test_expansion_keeps_every_value_and_splits_expressions_at_their_elements() -> None:
    body = '${jsonencode({"widgets" = [{"type" = "text", "properties" = {"markdown" = "a, b [c]"}}, {"x" = f(a, b)}]})}'
    lines = expression_lines(body)
    assert re.sub(r"\s", "", "".join(lines)) == re.sub(r"\s", "", body)  # nothing but layout changes
    assert '"markdown" = "a, b [c]"' in "\n".join(lines)  # strings stay whole
    assert any(line.strip() == '"x" = f(a, b)' for line in lines)  # calls stay whole
    assert any(
        "${aws_vpc.main.id}" in line
        for line in expression_lines(
            '${jsonencode({"a" = "${aws_vpc.main.id}", "b" = 1, "c" = 2, "d" = 3, "e" = 4, "f" = 5, "g" = 6, "h" = 7, "i" = 8, "j" = 9})}'
        )
    )
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow"}]})
    assert expanded({"policy": policy, "//": {"metadata": 1}}) == {
        "policy": {"<json>": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow"}]}}
    }
    assert expanded({"name": "[not json"}) == {"name": "[not json"}


def test_snapshots_hold_no_volatile_metadata() -> None:
    for path in SNAPSHOTS.glob("*.json"):
        text = path.read_text()
        assert '"//"' not in text, f"{path.name}: CDKTF metadata in the snapshot"
        assert "0.21.0" not in text, f"{path.name}: CDKTF version in the snapshot"
