"""A Markdown report of Terraform plans, for a pull-request comment.

    python -m tools.plan_report plans/network-dev.json plans/data-dev.json
    python -m tools.plan_report --output report.md network-dev=plans/a.json

Each argument is the output of ``terraform show -json <saved plan>``, one per stack. The stack's
name is the file name without ``.json``; ``NAME=PATH`` names it explicitly (an argument that is
an existing file is always taken as a path). The report has, in this order:

- a ⚠️ section listing every replacement or destruction of a stateful resource
  (``STATEFUL_TYPES``) with the attributes that force it, when there is any;
- a summary table per stack: to add, change, replace, destroy, unchanged, and drift (objects
  changed outside Terraform, from the plan's ``resource_drift``);
- per stack, a collapsible list of the changes with each changed attribute (before → after):
  sensitive values masked, unknown ones shown as "(known after apply)", long ones cut;
- a one-line verdict.

Exit status: 0 when no stateful resource is replaced or destroyed, 2 when one is (the pull
request then needs the ``approved-destroy`` label), 1 when an input cannot be read (one line on
stderr; usage errors exit 1 too, so that 2 always means the verdict).
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

STATEFUL_TYPES = frozenset({
    # Relational and document databases: the data lives in the resource.
    "aws_rds_cluster", "aws_rds_cluster_instance", "aws_rds_global_cluster", "aws_db_instance",
    "aws_docdb_cluster", "aws_neptune_cluster",
    "aws_dynamodb_table", "aws_dynamodb_global_table",
    # Caches and search clusters whose contents are slow or costly to rebuild.
    "aws_elasticache_cluster", "aws_elasticache_replication_group", "aws_opensearch_domain",
    # Storage: objects, files, volumes, images, backups.
    "aws_s3_bucket", "aws_efs_file_system", "aws_ebs_volume", "aws_ecr_repository", "aws_backup_vault",
    # Keys and secrets: a new key cannot decrypt what the old one encrypted; a new secret has a new value.
    "aws_kms_key", "aws_secretsmanager_secret",
    # Messages waiting in queues and streams.
    "aws_sqs_queue", "aws_kinesis_stream", "aws_msk_cluster",
    # Logs kept for audit and debugging.
    "aws_cloudwatch_log_group",
})
"""Resource types whose replacement or destruction loses data (or the means to read it)."""

UNMARKED_SECRETS = {
    # Values the provider does not mark sensitive, but that are secrets in this platform:
    # the header CloudFront sends so the load balancer trusts it (modules/origin_secret.py).
    "aws_cloudfront_distribution": re.compile(r"origin\[\d+\]\.custom_header\[\d+\]\.value"),
    "aws_lb_listener_rule": re.compile(r"condition\[\d+\]\.http_header\[\d+\]\.values\[\d+\]"),
}
"""Resource type -> attribute paths masked like sensitive values."""

APPROVAL_LABEL = "approved-destroy"
MAX_VALUE_CHARS = 80
"""Longer values are cut: enough to recognise an ARN or a JSON policy's start."""
MAX_REPORT_CHARS = 60_000
"""GitHub refuses comments over 65,536 characters: stacks whose details do not fit are left out."""
UNKNOWN = "(known after apply)"
SENSITIVE = "(sensitive value)"
EXIT_OK, EXIT_UNREADABLE, EXIT_STATEFUL = 0, 1, 2

ACTIONS = {
    ("no-op",): "no-op",
    ("create",): "create",
    ("read",): "read",
    ("update",): "update",
    ("delete",): "delete",
    ("delete", "create"): "replace",
    ("create", "delete"): "replace",
    ("forget",): "forget",
}
"""Terraform's action lists, by the name this report uses."""

REASONS = {
    "replace_because_tainted": "the object is tainted",
    "replace_by_request": "replacement requested (-replace)",
    "replace_by_triggers": "replace_triggered_by changed",
    "delete_because_no_resource_config": "removed from the configuration",
    "delete_because_no_module": "its module was removed",
    "delete_because_wrong_repetition": "count/for_each was added or removed",
    "delete_because_count_index": "its count index is gone",
    "delete_because_each_key": "its for_each key is gone",
    "delete_because_no_move_target": "its moved block has no target",
}
"""Terraform's ``action_reason`` in words (``replace_because_cannot_update`` shows replace_paths)."""

Step = str | int
AttributePath = tuple[Step, ...]


class PlanError(Exception):
    """An input that is not a readable Terraform plan (one line, names the file)."""


@dataclass(frozen=True)
class AttributeChange:
    path: str
    before: str
    after: str
    forces_replacement: bool


@dataclass(frozen=True)
class ResourceChange:
    address: str
    type: str
    action: str
    reason: str | None
    replace_paths: tuple[str, ...]
    attributes: tuple[AttributeChange, ...]

    @property
    def destructive(self) -> bool:
        return self.action in ("replace", "delete")

    @property
    def stateful_loss(self) -> bool:
        """A replacement or destruction of a resource that holds data: needs approval."""
        return self.destructive and self.type in STATEFUL_TYPES

    @property
    def why(self) -> str:
        if self.replace_paths:
            return "forced by " + ", ".join(cell(path) for path in self.replace_paths)
        return REASONS.get(self.reason or "", (self.reason or "").replace("_", " "))


@dataclass(frozen=True)
class StackPlan:
    name: str
    changes: tuple[ResourceChange, ...]
    """Managed resources only: data sources are read at plan time and change nothing."""
    drift: tuple[ResourceChange, ...]
    """Objects whose refreshed state differs from the last applied one."""
    outputs: tuple[AttributeChange, ...]

    def count(self, action: str) -> int:
        return sum(1 for change in self.changes if change.action == action)

    @property
    def stateful_losses(self) -> list[ResourceChange]:
        return [change for change in self.changes if change.stateful_loss]


# --- reading a plan -----------------------------------------------------------------------


def load_plan(name: str, path: Path) -> StackPlan:
    plan = read_json(path)
    if not isinstance(plan, dict) or "planned_values" not in plan or "format_version" not in plan:
        raise PlanError(f"{path}: not a Terraform plan: give the output of `terraform show -json <saved plan>`")
    if not str(plan["format_version"]).startswith("1."):
        raise PlanError(f"{path}: plan format {plan['format_version']} is not supported (1.x is)")
    if plan.get("errored"):
        raise PlanError(f"{path}: the plan errored: fix the errors terraform plan printed, then plan again")
    try:
        return StackPlan(
            name=name,
            changes=tuple(resource_change(r) for r in plan.get("resource_changes", []) if r["mode"] == "managed"),
            drift=tuple(drifted(plan.get("resource_drift", []))),
            outputs=tuple(output_changes(plan.get("output_changes", {}))),
        )
    except (KeyError, TypeError, AttributeError) as error:
        raise PlanError(f"{path}: not a Terraform plan: unexpected structure ({type(error).__name__}: {error})") from error


def read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PlanError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise PlanError(f"{path}: cannot be read ({getattr(error, 'strerror', None) or error})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise PlanError(f"{path}: not JSON ({error.msg}, line {error.lineno})") from None


def drifted(entries: list[dict]) -> Iterator[ResourceChange]:
    """Drift that changed something: the provider's own read-back normalisation (an unset
    ``tags`` read back as ``{}``) leaves no changed attribute and is not drift."""
    for change in map(resource_change, entries):
        if change.attributes or change.action == "delete":
            yield change


def resource_change(entry: dict) -> ResourceChange:
    change = entry["change"]
    action = ACTIONS.get(tuple(change["actions"]), "+".join(change["actions"]))
    forced = {format_path(p) for p in change.get("replace_paths") or []}
    return ResourceChange(
        address=entry["address"],
        type=entry["type"],
        action=action,
        reason=entry.get("action_reason"),
        replace_paths=tuple(sorted(forced)),
        # What forces a replacement first: it is what the reviewer must judge.
        attributes=tuple(sorted(attribute_changes(change, forced, UNMARKED_SECRETS.get(entry["type"])),
                                key=lambda a: not a.forces_replacement)),
    )


def output_changes(outputs: dict[str, dict]) -> Iterator[AttributeChange]:
    """Changed outputs, as attributes of one object whose keys are the output names."""
    changed = {name: change for name, change in sorted(outputs.items()) if change["actions"] != ["no-op"]}
    combined = {key: {name: change.get(key) for name, change in changed.items()}
                for key in ("before", "after", "after_unknown", "before_sensitive", "after_sensitive")}
    return attribute_changes(combined, set())


def attribute_changes(change: dict, forced: set[str], secrets: re.Pattern | None = None) -> Iterator[AttributeChange]:
    """Every leaf attribute whose value differs between ``before`` and ``after``, or whose
    new value is unknown; values masked where either side marks them sensitive, or where
    ``secrets`` matches the path."""
    before, after = leaves(change.get("before")), leaves(change.get("after"))
    unknown = change.get("after_unknown") or {}
    unknown_roots = [p for p in marked_paths(unknown) if not any(starts_with(b, p) for b in before)]
    for path in sorted({*before, *after, *unknown_roots}, key=sort_key):
        is_unknown = is_marked(unknown, path)
        if not is_unknown and before.get(path) == after.get(path):
            continue
        rendered = format_path(path)
        secret = bool(secrets and secrets.fullmatch(rendered))
        yield AttributeChange(
            path=rendered,
            before=show(before.get(path), secret or is_marked(change.get("before_sensitive"), path)),
            after=UNKNOWN if is_unknown else show(after.get(path), secret or is_marked(change.get("after_sensitive"), path)),
            forces_replacement=any(rendered == f or rendered.startswith((f + ".", f + "[")) for f in forced),
        )


def leaves(value: Any, prefix: AttributePath = ()) -> dict[AttributePath, Any]:
    """``{path: scalar}`` of a nested value. An empty map or list counts as null, as the
    provider often reads back ``{}`` for an unset ``tags``: that is no change to show."""
    if isinstance(value, dict) and value:
        return {path: leaf for key, item in value.items() for path, leaf in leaves(item, (*prefix, key)).items()}
    if isinstance(value, list) and value:
        return {path: leaf for index, item in enumerate(value) for path, leaf in leaves(item, (*prefix, index)).items()}
    return {prefix: None if value in ({}, []) else value}


def marked_paths(mask: Any, prefix: AttributePath = ()) -> Iterator[AttributePath]:
    """The paths a ``*_unknown`` / ``*_sensitive`` structure marks ``true``."""
    if mask is True:
        yield prefix
    elif isinstance(mask, dict):
        for key, item in mask.items():
            yield from marked_paths(item, (*prefix, key))
    elif isinstance(mask, list):
        for index, item in enumerate(mask):
            yield from marked_paths(item, (*prefix, index))


def is_marked(mask: Any, path: AttributePath) -> bool:
    """Whether ``path`` or one of its parents is marked ``true``."""
    node = mask
    for step in path:
        if node is True:
            return True
        if isinstance(node, dict) and isinstance(step, str):
            node = node.get(step)
        elif isinstance(node, list) and isinstance(step, int) and step < len(node):
            node = node[step]
        else:
            return False
    return node is True


def starts_with(path: AttributePath, prefix: AttributePath) -> bool:
    return path[:len(prefix)] == prefix


def sort_key(path: AttributePath) -> tuple[tuple[int, str], ...]:
    return tuple((0, f"{step:09d}") if isinstance(step, int) else (1, step) for step in path)


def format_path(path: Iterable[Step]) -> str:
    """``tags["kubernetes.io/role"]``, ``attribute[0].name``."""
    text = ""
    for step in path:
        if isinstance(step, int):
            text += f"[{step}]"
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", step):
            text += f".{step}" if text else step
        else:
            text += f"[{json.dumps(step)}]"
    return text


def show(value: Any, sensitive: bool) -> str:
    """A value as JSON, cut when long; masked when sensitive (a null reveals nothing)."""
    if sensitive and value is not None:
        return SENSITIVE
    text = json.dumps(value, ensure_ascii=False)
    if len(text) > MAX_VALUE_CHARS:
        return f"{text[:MAX_VALUE_CHARS]}… ({len(text)} chars)"
    return text


# --- the Markdown -------------------------------------------------------------------------


def render(stacks: list[StackPlan]) -> str:
    head = ["## Terraform plan", ""]
    losses = [(stack.name, change) for stack in stacks for change in stack.stateful_losses]
    if losses:
        head += warning_section(losses)
    head += summary_table(stacks)
    tail = [verdict(len(losses)), ""]
    return "\n".join(head + fit_details(stacks, budget=MAX_REPORT_CHARS - length(head + tail)) + tail)


def warning_section(losses: list[tuple[str, ResourceChange]]) -> list[str]:
    lines = [
        "### ⚠️ Stateful resources replaced or destroyed",
        "",
        "Applying this plan loses the data in these resources (or the key that reads it).",
        f"Merge only with a restore plan, and with the `{APPROVAL_LABEL}` label.",
        "",
        "| Stack | Resource | Action | Why |",
        "| --- | --- | --- | --- |",
    ]
    lines += [f"| {cell(name)} | {cell(c.address)} | {c.action} | {c.why} |" for name, c in losses]
    return lines + [""]


def summary_table(stacks: list[StackPlan]) -> list[str]:
    lines = [
        "### Summary",
        "",
        "| Stack | Add | Change | Replace | Destroy | No-op | Drift |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for stack in stacks:
        counts = [stack.count(action) for action in ("create", "update", "replace", "delete", "no-op")]
        lines.append(f"| {cell(stack.name)} | " + " | ".join(map(str, [*counts, len(stack.drift)])) + " |")
    return lines + [""]


def fit_details(stacks: list[StackPlan], budget: int) -> list[str]:
    """Each stack's details while they fit in the comment; a pointer to the artifact after."""
    lines: list[str] = []
    for stack in stacks:
        block = stack_details(stack)
        if length(block) > budget:
            block = [f"Details of {cell(stack.name)} are too long for a comment: read the plan artifact.", ""]
        budget -= length(block)
        lines += block
    return lines


def stack_details(stack: StackPlan) -> list[str]:
    shown = [c for c in stack.changes if c.action not in ("no-op", "read")]
    if not shown and not stack.drift and not stack.outputs:
        return []
    lines = ["<details>", f"<summary><b>{html.escape(stack.name)}</b>: {details_summary(shown)}</summary>", ""]
    for change in shown:
        lines += change_block(change)
    if stack.outputs:
        lines += ["**Outputs**", "", *code_block([attribute_line(a, "update") for a in stack.outputs])]
    if stack.drift:
        lines += ["**Changed outside of Terraform** (found while refreshing)", ""]
        for change in stack.drift:
            lines += change_block(change)
    return lines + ["</details>", ""]


def details_summary(shown: list[ResourceChange]) -> str:
    """``1 to replace, 2 to update``, in the order the changes come."""
    actions = list(dict.fromkeys(change.action for change in shown))
    counts = [f"{sum(1 for c in shown if c.action == action)} to {action}" for action in actions]
    return ", ".join(counts) or "no resource changes"


def change_block(change: ResourceChange) -> list[str]:
    title = f"- {cell(change.address)}: **{change.action}**"
    if change.stateful_loss:
        title += " ⚠️ stateful"
    if change.destructive and change.why:
        title += f" ({change.why})"
    if change.action in ("delete", "forget") or not change.attributes:
        return [title, ""]
    return [title, "", *code_block([attribute_line(a, change.action) for a in change.attributes])]


def attribute_line(attribute: AttributeChange, action: str) -> str:
    if action == "create":
        return f"{attribute.path} = {attribute.after}"
    line = f"{attribute.path}: {attribute.before} → {attribute.after}"
    return line + "   # forces replacement" if attribute.forces_replacement else line


def verdict(losses: int) -> str:
    if not losses:
        return "**Verdict:** ✅ No stateful resource is replaced or destroyed."
    noun = "stateful resource would be" if losses == 1 else "stateful resources would be"
    return f"**Verdict:** ⚠️ {losses} {noun} replaced or destroyed: needs the `{APPROVAL_LABEL}` label."


def cell(text: str) -> str:
    """Inline code that survives a Markdown table (pipes escaped, backticks fenced)."""
    fence = "``" if "`" in text else "`"
    escaped = text.replace("|", "\\|")
    return f"{fence}{escaped}{fence}"


def code_block(lines: list[str]) -> list[str]:
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}text", *lines, fence, ""]


def length(lines: list[str]) -> int:
    return sum(len(line) + 1 for line in lines)


# --- the command --------------------------------------------------------------------------


class Parser(argparse.ArgumentParser):
    """Usage errors exit 1, not argparse's 2: here (and in tools.plan_stacks) 2 is a result."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print(f"error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_UNREADABLE)


def stack_argument(argument: str) -> tuple[str, Path]:
    """``NAME=PATH`` or ``PATH`` (the name is the file name without ``.json``)."""
    path = Path(argument)
    name, separator, file = argument.partition("=")
    if separator and name and not path.exists():
        return name, Path(file)
    return path.name.removesuffix(".json"), path


def main(argv: list[str] | None = None) -> int:
    parser = Parser(prog="python -m tools.plan_report", description=__doc__.split("\n\n")[0])
    parser.add_argument("plans", nargs="+", metavar="[NAME=]PLAN_JSON", help="terraform show -json of a saved plan")
    parser.add_argument("--output", type=Path, help="write the Markdown here instead of stdout")
    args = parser.parse_args(argv)
    try:
        targets = [stack_argument(a) for a in args.plans]
        names = [name for name, _ in targets]
        if len(set(names)) != len(names):
            raise PlanError(f"a stack name is given twice ({', '.join(sorted({n for n in names if names.count(n) > 1}))})")
        stacks = [load_plan(name, path) for name, path in targets]
        report = render(stacks)
        if args.output:
            args.output.write_text(report, encoding="utf-8")
        else:
            sys.stdout.write(report)
    except PlanError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_UNREADABLE
    except OSError as error:
        print(f"error: cannot write {args.output}: {error.strerror}", file=sys.stderr)
        return EXIT_UNREADABLE
    return EXIT_STATEFUL if any(stack.stateful_losses for stack in stacks) else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
