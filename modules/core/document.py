"""JSON documents for Terraform attributes, with configuration values kept as data.

Every attribute string in Terraform's JSON syntax is a template: ``${...}`` is evaluated and
``%{...}`` is a directive. CDKTF does not escape either, and inside ``Fn.jsonencode(...)`` it
writes strings into an HCL expression without escaping quotes or backslashes, so a value such
as ``nginx:1.27","privileged"=true,"x"="`` became part of the expression.

``json_document(value)`` is the one place a construct turns a structure into a JSON attribute
(container definitions, event patterns, dashboards, redrive and filter policies): the JSON is
rendered here, in Python, so plain values never pass through HCL; the template sequences of
that text are escaped (``$${``, ``%%{``); and each reference (a CDKTF token) is spliced in as
``${jsonencode(<reference>)}``, so Terraform encodes its value, whatever it holds.

The text is indented JSON (non-ASCII as ``\\u`` escapes): AWS and the provider compare these
attributes as JSON, not as text, and a multi-line string is what CDKTF's HCL renderer writes as
a heredoc, which needs no quote escaping, so the snapshots read as the document itself.
"""

from __future__ import annotations

import base64
import json
import math
import re
import secrets
from collections.abc import Mapping

from modules.core.framework import Fn, Token

TOKEN = re.compile(r"\$\{TfToken\[[A-Za-z0-9_.]+\]\}", re.ASCII)
"""How CDKTF encodes a reference inside a Python string."""
PLAIN = re.compile(r"[A-Za-z0-9:/._@+=,-]*", re.ASCII)
"""Text a construct may put around a reference in one string (``<secret arn>:password::``):
never configuration, and nothing HCL or a template would read."""


def json_document(value: object) -> str:
    """``value`` (dicts, lists, strings, numbers, booleans, None, references) as a JSON
    attribute for Terraform, every plain value as data."""
    nonce = secrets.token_hex(8)
    references: list[str] = []

    def placeholder(reference: str) -> str:
        references.append(reference)
        return f"@{nonce}:{len(references) - 1}@"

    def walk(item: object) -> object:
        if isinstance(item, str):
            if "TfToken[" not in item:
                return item
            literal = TOKEN.sub("", item)
            if "TfToken[" in literal or not PLAIN.fullmatch(literal):
                raise ValueError(f"a reference inside text other than plain ASCII punctuation: {item!r}")
            return placeholder(Fn.jsonencode(item))
        if item is None or isinstance(item, (bool, int)):
            return item
        if isinstance(item, float):
            if not math.isfinite(item):
                raise ValueError(f"{item} is not a JSON number")
            return placeholder(Fn.jsonencode(item)) if Token.is_unresolved(item) else item
        if isinstance(item, Mapping):
            if not all(isinstance(key, str) and "TfToken[" not in key for key in item):
                raise ValueError(f"a JSON document's keys are plain strings: {list(item)!r}")
            return {key: walk(member) for key, member in item.items()}
        if isinstance(item, (list, tuple)):
            return [walk(member) for member in item]
        raise TypeError(f"{type(item).__name__} cannot be a JSON value: {item!r}")

    text = json.dumps(walk(value), indent=2, allow_nan=False)
    text = text.replace("${", "$${").replace("%{", "%%{")  # a template would read them: escaped
    parts = re.split(rf'"@{nonce}:([0-9]+)@"', text, flags=re.ASCII)
    if len(parts) != 2 * len(references) + 1 or nonce in "".join(parts[::2]):
        raise ValueError("a value of the document holds this document's placeholder text")
    for index in range(1, len(parts), 2):
        parts[index] = references[int(parts[index])]
    return "".join(parts)


def base64_text(text: str) -> str:
    """``text`` (ASCII) as base64, computed here: the same text always gives the same value, and
    Terraform never reads it as a template (base64 holds no ``${`` or ``%{``)."""
    return base64.b64encode(text.encode("ascii")).decode("ascii")
