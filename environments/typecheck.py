"""Checks a configuration tree against its type annotations: one line per wrong value.

The schema's dataclasses say what each field holds (``int``, ``Literal["single", "per_az"]``,
``tuple[str, ...]``, ``Mapping[str, str]``, ``X | None``, nested sections); Python does not
enforce that, so a value of the wrong type used to surface as a traceback deep in a rule or,
worse, be written into the Terraform JSON. ``type_problems(environment, "environments.dev")``
walks the whole tree once, driven by the annotations themselves (no per-field code), and says
where each wrong value is and what the field wants. Standard library only: ``set-env.sh`` runs
it before the toolchain is installed.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import types
import typing
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin


@cache
def _hints(cls: Any) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _describe(hint: Any) -> str:
    """``tuple of str``, ``one of 'single', 'per_az'``, ``int or None`` ..."""
    origin, args = get_origin(hint), get_args(hint)
    if origin is Literal:
        return "one of " + ", ".join(repr(a) for a in args)
    if origin in (Union, types.UnionType):
        return " or ".join(_describe(a) for a in args)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return f"a tuple of {_describe(args[0])}"
        return f"a tuple of {len(args)} ({', '.join(_describe(a) for a in args)})"
    if origin in (collections.abc.Mapping, dict):
        return f"a mapping of {_describe(args[0])} to {_describe(args[1])}" if args else "a mapping"
    if hint is type(None):
        return "None"
    if hint is object or hint is Any:
        return "any value"
    return getattr(hint, "__name__", str(hint))


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _wrong(value: Any, hint: Any, at: str) -> list[str]:
    hint_text = _describe(hint)
    if get_origin(hint) is tuple and isinstance(value, str):
        return [f"{at} is the string {_shown(value)}: it must be {hint_text}; write ({value!r},) for one item"]
    if get_origin(hint) is Literal:
        return [f"{at} {_shown(value)} is not allowed: use {hint_text}"]
    return [f"{at} is {_shown(value)} ({type(value).__name__}): it must be {hint_text}"]


def type_problems(value: Any, at: str, hint: Any = None) -> list[str]:
    """Every place under ``value`` whose value does not match its annotation.

    ``hint`` is the expected type; for the root (a dataclass instance) it is its own class.
    """
    hint = type(value) if hint is None else hint
    origin, args = get_origin(hint), get_args(hint)

    if hint is Any or hint is object:
        return []
    if origin in (Union, types.UnionType):
        if value is None and type(None) in args:
            return []
        candidates = [a for a in args if a is not type(None)]
        results = [type_problems(value, at, a) for a in candidates]
        if any(not r for r in results):
            return []
        # One candidate accepts the outer type (a section, a tuple): report its inner problems;
        # otherwise the value is of none of the types, which is one line naming them all.
        for candidate, result in zip(candidates, results, strict=True):
            outer = get_origin(candidate) or candidate
            if isinstance(outer, type) and outer is not Literal and isinstance(value, outer):
                return result
        return _wrong(value, hint, at)
    if origin is Literal:
        # ``True == 1``: compare types too, so ``True`` is not accepted for ``Literal[1]``.
        if any(value == a and type(value) is type(a) for a in args):
            return []
        return _wrong(value, hint, at)
    if origin is tuple:
        if not isinstance(value, tuple):
            return _wrong(value, hint, at)
        if len(args) == 2 and args[1] is Ellipsis:
            out: list[str] = []
            for index, item in enumerate(value):
                out += type_problems(item, f"{at}[{_label(item, index)}]", args[0])
            return out
        if len(value) != len(args):
            return _wrong(value, hint, at)
        return [
            p
            for index, (item, item_hint) in enumerate(zip(value, args, strict=True))
            for p in type_problems(item, f"{at}[{index}]", item_hint)
        ]
    if origin in (collections.abc.Mapping, dict):
        if not isinstance(value, collections.abc.Mapping):
            return _wrong(value, hint, at)
        out = []
        for key, item in value.items():
            out += type_problems(key, f"{at} key {key!r}", args[0]) if args else []
            out += type_problems(item, f"{at}[{key!r}]", args[1]) if args else []
        return out
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        if not isinstance(value, hint):
            return _wrong(value, hint, at)
        hints = _hints(type(value))
        return [
            p
            for f in dataclasses.fields(value)
            for p in type_problems(getattr(value, f.name), f"{at}.{f.name}", hints[f.name])
        ]
    if hint is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif isinstance(hint, type):
        ok = isinstance(value, hint)
    else:  # an annotation this walker does not know: accept rather than guess
        ok = True
    return [] if ok else _wrong(value, hint, at)


def _label(item: Any, index: int) -> str:
    """Sections with a ``name`` are addressed by it (``tables[orders]``), others by position."""
    name = getattr(item, "name", None)
    return name if isinstance(name, str) and name else str(index)


TEMPLATE_SEQUENCES = ("${", "%{")
"""What Terraform reads as code in any string of its JSON syntax (interpolation, directive)."""
FREE_TEXT = "free_text"
"""Field metadata (``field(metadata={FREE_TEXT: True})``) of the values the task definition and
the queue subscription render with ``json_document``, which escapes them: those may hold anything."""


def template_problems(value: Any, at: str) -> list[str]:
    """Every configuration string that holds a Terraform template sequence, outside the free-text
    fields: every other string reaches Terraform as an attribute value, which Terraform would
    evaluate (``tags = {"Team": "${file(...)}"}``). Run after ``type_problems``."""
    if isinstance(value, str):
        if any(sequence in value for sequence in TEMPLATE_SEQUENCES):
            return [
                f"{at} {_shown(value)} holds '${{' or '%{{', which Terraform would evaluate as an expression: remove it"
            ]
        return []
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [
            p
            for f in dataclasses.fields(value)
            if not f.metadata.get(FREE_TEXT)
            for p in template_problems(getattr(value, f.name), f"{at}.{f.name}")
        ]
    if isinstance(value, collections.abc.Mapping):
        return [
            p
            for key, item in value.items()
            for p in template_problems(key, f"{at} key") + template_problems(item, f"{at}[{key!r}]")
        ]
    if isinstance(value, (tuple, list)):
        return [p for index, item in enumerate(value) for p in template_problems(item, f"{at}[{_label(item, index)}]")]
    return []
