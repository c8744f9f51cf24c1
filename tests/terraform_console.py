"""Read a synthesized JSON attribute (``json_document``) as Terraform will.

``evaluate`` runs ``terraform console`` on a configuration holding only that string, its
references replaced by their own addresses as strings (``aws_sqs_queue.q.url`` ->
``"aws_sqs_queue.q.url"``): no provider, no init, a fraction of a second; what comes back is the
string Terraform would send to AWS. ``document`` reads the same in Python, for the tests that
look at many attributes (``test_json_documents_read_the_same_in_terraform`` checks it agrees)."""

from __future__ import annotations

import base64
import json
import re
import subprocess
import tempfile
from pathlib import Path

REFERENCE = re.compile(
    r"(?<![A-Za-z0-9_.\"-])((?:data\.)?(?:aws_[a-z0-9_]+|terraform_remote_state)\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+)",
    re.ASCII,
)


def evaluate(attribute: str) -> str:
    """The value Terraform makes of ``attribute`` (a string from a cdk.tf.json)."""
    text = REFERENCE.sub(lambda m: json.dumps(m.group(1)), attribute)
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "main.tf.json").write_text(json.dumps({"locals": {"value": text}}))
        result = subprocess.run(
            ["terraform", "console"],
            input="base64encode(local.value)\n",  # printed as plain base64: nothing to unquote
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    printed = result.stdout.strip()
    assert result.returncode == 0 and printed.startswith('"'), f"Terraform cannot evaluate it: {result.stderr}{printed}"
    return base64.b64decode(json.loads(printed)).decode()


_PART = re.compile(
    r"(?P<dollar>\$\$\{)|(?P<percent>%%\{)"
    r"|\$\{jsonencode\((?P<reference>[A-Za-z0-9_.\[\]-]+)\)\}"
    r'|\$\{jsonencode\("\$\{(?P<inner>[A-Za-z0-9_.\[\]-]+)\}(?P<after>[A-Za-z0-9:/._@+=,-]*)"\)\}'
    r"|(?P<template>\$\{|%\{)",
    re.ASCII,
)


def document(attribute: str) -> object:
    """The JSON value of a ``json_document`` attribute, each reference standing in as its address
    (``aws_sqs_queue.q.url``). An unescaped ``${``/``%{`` that is not a reference fails."""

    def part(match: re.Match[str]) -> str:
        if match["dollar"]:
            return "${"
        if match["percent"]:
            return "%{"
        if match["reference"]:
            return json.dumps(match["reference"])
        if match["inner"]:
            return json.dumps(match["inner"] + match["after"])
        raise AssertionError(f"a template sequence Terraform would evaluate: {attribute[match.start() :][:80]!r}")

    return json.loads(_PART.sub(part, attribute))
