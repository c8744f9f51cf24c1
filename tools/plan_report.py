"""A Markdown report of Terraform plans, for a pull-request comment.

    python -m tools.plan_report plans/network-dev.json plans/data-dev.json
    python -m tools.plan_report --output report.md network-dev=plans/a.json

Each argument is the output of ``terraform show -json <saved plan>``, one per stack. The stack's
name is the file name without ``.json``; ``NAME=PATH`` names it explicitly (an argument that is
an existing file is always taken as a path). The report has, in this order:

- a ⚠️ section listing every replacement or destruction of a stateful resource
  (``STATEFUL_TYPES``) with the attributes that force it, when there is any;
- a ⚠️ section listing every change that removes a protection (``protections_removed``:
  deletion protection or point-in-time recovery turned off, bucket versioning suspended, backup
  retention lowered, ``skip_final_snapshot`` turned on, ...), when there is any;
- a summary table per stack: to add, change, replace, destroy, import, forget, deferred,
  unchanged, and drift (objects changed outside Terraform, from the plan's ``resource_drift``),
  then every resource destroyed (of any type), imported, forgotten or deferred, by name, and the
  stacks that wait for another stack to be applied (from ``tools.plan_stacks``' manifest);
- per stack, a collapsible list of the changes with each changed attribute (before → after):
  values masked where either side marks them sensitive, unknown ones shown as
  "(known after apply)", long ones cut;
- a one-line verdict.

The whole report stays under ``MAX_REPORT_CHARS`` (UTF-8 bytes, so under GitHub's 65,536
characters for a comment whatever it counts): details go first, then the name lists, then the
⚠️ rows, each cut with a line that says where the rest is (``--full FILE`` writes it uncut).

An argument may also be the ``manifest.json`` that ``tools.plan_stacks`` writes beside the plans:
it adds the stacks that were not planned because a stack they depend on is not applied yet.

Exit status: 0 when nothing needs approval, 2 when a stateful resource is replaced or destroyed
or a protection is removed (the change then needs the ``approved-destroy`` label), 1 when an
input cannot be read (one line on stderr; usage errors exit 1 too, so that 2 always means the
verdict).
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

STATEFUL_TYPES = frozenset(
    {
        # Relational and document databases: the data lives in the resource.
        "aws_rds_cluster",
        "aws_rds_cluster_instance",
        "aws_rds_global_cluster",
        "aws_db_instance",
        "aws_docdb_cluster",
        "aws_neptune_cluster",
        "aws_dynamodb_table",
        "aws_dynamodb_global_table",
        # Caches and search clusters whose contents are slow or costly to rebuild.
        "aws_elasticache_cluster",
        "aws_elasticache_replication_group",
        "aws_opensearch_domain",
        # Storage: objects, files, volumes, images, backups.
        "aws_s3_bucket",
        "aws_efs_file_system",
        "aws_ebs_volume",
        "aws_ecr_repository",
        "aws_backup_vault",
        # Keys and secrets: a new key cannot decrypt what the old one encrypted; a new secret has a new value.
        "aws_kms_key",
        "aws_secretsmanager_secret",
        # Messages waiting in queues and streams.
        "aws_sqs_queue",
        "aws_kinesis_stream",
        "aws_msk_cluster",
        # Logs kept for audit and debugging.
        "aws_cloudwatch_log_group",
    }
)
"""Resource types whose replacement or destruction loses data (or the means to read it)."""

UNMARKED_SECRETS = {
    # Values the provider does not mark sensitive, but that are secrets in this platform:
    # custom origin headers and header-matching listener rules, which carry shared secrets when a
    # platform uses them to authenticate CloudFront (this one no longer does: its ALB is internal).
    "aws_cloudfront_distribution": re.compile(r"origin\[\d+\]\.custom_header\[\d+\]\.value"),
    "aws_lb_listener_rule": re.compile(r"condition\[\d+\]\.http_header\[\d+\]\.values\[\d+\]"),
}
"""Resource type -> attribute paths masked like sensitive values."""


PROTECTION_TYPES_DELETED = {
    "aws_s3_bucket_versioning": "deleted: the bucket's versioning is suspended",
    "aws_s3_bucket_public_access_block": "deleted: the bucket's public access is no longer blocked",
    "aws_s3_bucket_object_lock_configuration": "deleted: the bucket's object lock rule is removed",
    "aws_backup_plan": "deleted: no more backups by this plan",
    "aws_backup_selection": "deleted: these resources are no longer backed up",
}
"""Resources whose deletion removes a protection of another resource."""


@dataclass(frozen=True)
class ProtectionRule:
    pattern: re.Pattern
    """The end of the attribute path, as ``format_path`` writes it (after a dot or at the start)."""
    removed: Any
    """``(before, after) -> bool``: whether this change removes the protection."""
    what: str


def _was_on(before: Any, after: Any) -> bool:
    return before is True and after is not True


def _turned_on(before: Any, after: Any) -> bool:
    return before is not True and after is True


def _lowered(before: Any, after: Any) -> bool:
    return isinstance(before, int | float) and isinstance(after, int | float) and after < before


def _retention_lowered(before: Any, after: Any) -> bool:
    """Log retention: 0 (or null) means never expire, so any finite value after it is lower."""
    never = (0, None)
    if after in never:
        return False
    return before in never or _lowered(before, after)


PROTECTION_RULES = (
    ProtectionRule(
        re.compile(r"deletion_protection|deletion_protection_enabled|enable_deletion_protection"),
        _was_on,
        "deletion protection turned off",
    ),
    ProtectionRule(re.compile(r"point_in_time_recovery\[\d+\]\.enabled"), _was_on, "point-in-time recovery turned off"),
    ProtectionRule(
        re.compile(r"versioning_configuration\[\d+\]\.status"),
        lambda b, a: b == "Enabled" and a != "Enabled",
        "bucket versioning suspended",
    ),
    ProtectionRule(re.compile(r"versioning\[\d+\]\.enabled"), _was_on, "bucket versioning suspended"),
    ProtectionRule(re.compile(r"backup_retention_period"), _lowered, "backup retention lowered"),
    ProtectionRule(re.compile(r"skip_final_snapshot"), _turned_on, "no final snapshot on delete"),
    ProtectionRule(re.compile(r"force_destroy"), _turned_on, "force_destroy turned on (a delete empties it)"),
    ProtectionRule(re.compile(r"retention_in_days"), _retention_lowered, "log retention lowered"),
    ProtectionRule(re.compile(r"recovery_window_in_days"), _lowered, "secret recovery window shortened"),
    ProtectionRule(re.compile(r"deletion_window_in_days"), _lowered, "key deletion window shortened"),
    ProtectionRule(re.compile(r"object_lock_enabled"), _was_on, "object lock turned off"),
    ProtectionRule(
        re.compile(r"block_public_acls|block_public_policy|ignore_public_acls|restrict_public_buckets"),
        _was_on,
        "public access no longer blocked",
    ),
)
"""In-place changes that remove a protection: ⚠️ and exit 2, like a stateful destroy."""

APPROVAL_LABEL = "approved-destroy"
MAX_VALUE_CHARS = 80
"""Longer values are cut: enough to recognise an ARN or a JSON policy's start."""
MAX_REPORT_CHARS = 60_000
"""GitHub refuses comments over 65,536 characters; the workflows add a marker and a footer.
Measured in UTF-8 bytes, which is never less than any count of characters."""
FULL_REPORT = "report-full.md"
"""The uncut report's name in the plan artifact (the workflows write it with ``--full``)."""
UNKNOWN = "(known after apply)"
SENSITIVE = "(sensitive value)"
MANIFEST_FORMAT = "plan-manifest/1"
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
    ("create", "forget"): "replace",
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

DEFERRED_REASONS = {
    "instance_count_unknown": "count or for_each is not known yet",
    "resource_config_unknown": "its configuration is not known yet",
    "provider_config_unknown": "its provider's configuration is not known yet",
    "absent_prereq": "something it needs does not exist yet",
    "deferred_prereq": "something it needs was deferred",
}
"""Terraform's ``deferred_changes[].reason`` in words."""

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
    importing: str | None = None
    """The id being imported ("" when imported by identity); None: not an import."""
    protections: tuple[str, ...] = ()
    """Protections this change removes, in words with the values (masked when sensitive)."""

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
class Deferred:
    change: ResourceChange
    reason: str

    @property
    def why(self) -> str:
        return DEFERRED_REASONS.get(self.reason, self.reason.replace("_", " "))


@dataclass(frozen=True)
class StackPlan:
    name: str
    changes: tuple[ResourceChange, ...]
    """Managed resources only: data sources are read at plan time and change nothing."""
    drift: tuple[ResourceChange, ...]
    """Objects whose refreshed state differs from the last applied one."""
    outputs: tuple[AttributeChange, ...]
    deferred: tuple[Deferred, ...] = ()
    """Changes Terraform could not plan yet: a later plan and apply makes them."""

    def count(self, action: str) -> int:
        return sum(1 for change in self.changes if change.action == action and change.importing is None)

    @property
    def imports(self) -> list[ResourceChange]:
        return [change for change in self.changes if change.importing is not None]

    @property
    def stateful_losses(self) -> list[ResourceChange]:
        return [change for change in self.changes if change.stateful_loss]

    @property
    def protections_removed(self) -> list[ResourceChange]:
        return [change for change in self.changes if change.protections]

    @property
    def needs_approval(self) -> bool:
        return bool(self.stateful_losses or self.protections_removed)


@dataclass(frozen=True)
class Waiting:
    """A stack ``tools.plan_stacks`` did not plan: a stack it reads is not applied yet."""

    name: str
    waits_for: tuple[str, ...]


# --- reading a plan -----------------------------------------------------------------------


def load_input(name: str, path: Path) -> StackPlan | list[Waiting]:
    """A plan (``terraform show -json``), or the manifest ``tools.plan_stacks`` writes."""
    data = read_json(path)
    if isinstance(data, dict) and data.get("format") == MANIFEST_FORMAT:
        return load_manifest(path, data)
    return load_plan(name, path, data)


def load_plan(name: str, path: Path, plan: Any = None) -> StackPlan:
    plan = read_json(path) if plan is None else plan
    if not isinstance(plan, dict) or "planned_values" not in plan or "format_version" not in plan:
        raise PlanError(f"{path}: not a Terraform plan: give the output of `terraform show -json <saved plan>`")
    if not str(plan["format_version"]).startswith("1."):
        raise PlanError(f"{path}: plan format {plan['format_version']} is not supported (1.x is)")
    if plan.get("errored"):
        raise PlanError(f"{path}: the plan errored: fix the errors terraform plan printed, then plan again")
    try:
        secrets = secret_values(plan)
        return StackPlan(
            name=name,
            changes=tuple(
                resource_change(r, secrets) for r in plan.get("resource_changes", []) if r["mode"] == "managed"
            ),
            drift=tuple(drifted(plan.get("resource_drift", []), secrets)),
            outputs=tuple(output_changes(plan.get("output_changes", {}), secrets)),
            deferred=tuple(
                Deferred(resource_change(d["resource_change"], secrets), d["reason"])
                for d in plan.get("deferred_changes", [])
                if d["resource_change"]["mode"] == "managed"
            ),
        )
    except (KeyError, TypeError, AttributeError) as error:
        raise PlanError(
            f"{path}: not a Terraform plan: unexpected structure ({type(error).__name__}: {error})"
        ) from error


def load_manifest(path: Path, manifest: dict) -> list[Waiting]:
    """The stacks a ``tools.plan_stacks`` manifest says were not planned, and why."""
    try:
        return [
            Waiting(stack["name"], tuple(stack["waits_for"]))
            for stack in manifest["stacks"]
            if stack["status"] == "waiting"
        ]
    except (KeyError, TypeError) as error:
        raise PlanError(
            f"{path}: not a plan manifest: unexpected structure ({type(error).__name__}: {error})"
        ) from error


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


MIN_SECRET_CHARS = 6
"""Shorter sensitive strings ("true", "S") are masked where marked, not everywhere they occur."""


def secret_values(plan: dict) -> frozenset[str]:
    """Every string the plan marks sensitive somewhere, on either side of any change.

    The same value often appears unmarked elsewhere: ``tags_all`` copies ``tags`` without its
    marks, and a value marked only in ``before_sensitive`` (or only ``after_sensitive``) is a
    secret on the other side too. Any attribute holding one of these strings is masked."""
    changes = [entry["change"] for key in ("resource_changes", "resource_drift") for entry in plan.get(key) or []]
    changes += [entry["resource_change"]["change"] for entry in plan.get("deferred_changes") or []]
    changes += list((plan.get("output_changes") or {}).values())
    found: set[str] = set()
    for change in changes:
        if not isinstance(change, dict):
            continue
        before, after = leaves(change.get("before")), leaves(change.get("after"))
        masks = [change.get("before_sensitive"), change.get("after_sensitive")]
        for path, value in [*before.items(), *after.items()]:
            if isinstance(value, str) and len(value) >= MIN_SECRET_CHARS and any(is_marked(m, path) for m in masks):
                found.add(value)
    return frozenset(found)


def drifted(entries: list[dict], secrets: frozenset[str] = frozenset()) -> Iterator[ResourceChange]:
    """Drift that changed something: the provider's own read-back normalisation (an unset
    ``tags`` read back as ``{}``) leaves no changed attribute and is not drift."""
    for change in (resource_change(entry, secrets) for entry in entries):
        if change.attributes or change.action == "delete":
            yield change


def resource_change(entry: dict, secrets: frozenset[str] = frozenset()) -> ResourceChange:
    change = entry["change"]
    action = ACTIONS.get(tuple(change["actions"]), "+".join(change["actions"]))
    forced = {format_path(p) for p in change.get("replace_paths") or []}
    attributes = tuple(
        sorted(
            attribute_changes(change, forced, UNMARKED_SECRETS.get(entry["type"]), secrets),
            key=lambda a: not a.forces_replacement,
        )
    )
    importing = change.get("importing")
    return ResourceChange(
        address=entry["address"],
        type=entry["type"],
        action=action,
        reason=entry.get("action_reason"),
        replace_paths=tuple(sorted(forced)),
        # What forces a replacement first: it is what the reviewer must judge.
        attributes=attributes,
        importing=None if importing is None else str(importing.get("id") or ""),
        protections=tuple(protections_removed(entry["type"], action, change, attributes)),
    )


def protections_removed(
    type_: str, action: str, change: dict, attributes: tuple[AttributeChange, ...]
) -> Iterator[str]:
    """What this change stops protecting, in words: an in-place update that turns a
    protection off (``PROTECTION_RULES``), or the deletion of a resource that is one."""
    if action == "delete" and type_ in PROTECTION_TYPES_DELETED:
        yield PROTECTION_TYPES_DELETED[type_]
        return
    if action != "update":
        return
    before, after = leaves(change.get("before")), leaves(change.get("after"))
    unknown = change.get("after_unknown") or {}
    shown = {attribute.path: attribute for attribute in attributes}
    for path in sorted({*before, *after}, key=sort_key):
        if is_marked(unknown, path):
            continue
        rendered = format_path(path)
        for rule in PROTECTION_RULES:
            if re.search(rf"(?:^|\.)(?:{rule.pattern.pattern})$", rendered) and rule.removed(
                before.get(path), after.get(path)
            ):
                attribute = shown.get(rendered)
                values = f"{attribute.before} → {attribute.after}" if attribute else ""
                yield f"{rule.what}: {cell(rendered)} {values}".rstrip()


def output_changes(outputs: dict[str, dict], secrets: frozenset[str] = frozenset()) -> Iterator[AttributeChange]:
    """Changed outputs, as attributes of one object whose keys are the output names."""
    changed = {name: change for name, change in sorted(outputs.items()) if change["actions"] != ["no-op"]}
    combined = {
        key: {name: change.get(key) for name, change in changed.items()}
        for key in ("before", "after", "after_unknown", "before_sensitive", "after_sensitive")
    }
    return attribute_changes(combined, set(), None, secrets)


def attribute_changes(
    change: dict, forced: set[str], secret_paths: re.Pattern | None = None, secrets: frozenset[str] = frozenset()
) -> Iterator[AttributeChange]:
    """Every leaf attribute whose value differs between ``before`` and ``after``, or whose
    new value is unknown. A value is masked on both sides when either side marks it
    sensitive (a value that becomes sensitive was a secret before too, and one that stops
    being sensitive still was one), when ``secret_paths`` matches the path, or when either
    value is one of ``secrets`` (see ``secret_values``)."""
    before, after = leaves(change.get("before")), leaves(change.get("after"))
    unknown = change.get("after_unknown") or {}
    unknown_roots = [p for p in marked_paths(unknown) if not any(starts_with(b, p) for b in before)]
    for path in sorted({*before, *after, *unknown_roots}, key=sort_key):
        is_unknown = is_marked(unknown, path)
        if not is_unknown and before.get(path) == after.get(path):
            continue
        rendered = format_path(path)
        sensitive = (
            bool(secret_paths and secret_paths.fullmatch(rendered))
            or is_marked(change.get("before_sensitive"), path)
            or is_marked(change.get("after_sensitive"), path)
            or before.get(path) in secrets
            or after.get(path) in secrets
        )
        yield AttributeChange(
            path=rendered,
            before=show(before.get(path), sensitive),
            after=UNKNOWN if is_unknown else show(after.get(path), sensitive),
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
    return path[: len(prefix)] == prefix


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


@dataclass
class Section:
    """Lines that are shown whole or cut: ``head`` always (when there is a row), then as many
    ``rows`` as the budget allows, then ``foot``."""

    head: list[str]
    rows: list[str]
    foot: list[str]
    kept: int = 0

    def lines(self) -> list[str]:
        if not self.rows:
            return []
        cut = len(self.rows) - self.kept
        more = ["", f"… and {cut} more: the whole list is in `{FULL_REPORT}` of the plan artifact."] if cut else []
        return self.head + self.rows[: self.kept] + more + self.foot


def render(stacks: list[StackPlan], waiting: list[Waiting] | None = None, *, budget: int | None = None) -> str:
    """The report; ``budget`` (UTF-8 bytes, default ``MAX_REPORT_CHARS``) cuts it to fit a
    comment: details first, then the name lists, then the ⚠️ rows, never the summary table or
    the verdict. ``budget=0`` means no limit (the full report)."""
    budget = MAX_REPORT_CHARS if budget is None else budget
    waiting = waiting or []
    losses = [(stack.name, change) for stack in stacks for change in stack.stateful_losses]
    removed = [
        (stack.name, change, what)
        for stack in stacks
        for change in stack.protections_removed
        for what in change.protections
    ]
    warnings = [warning_section(losses), protection_section(removed)]
    lists = name_lists(stacks, waiting)
    fixed = ["## Terraform plan", "", *summary_table(stacks, waiting)]
    tail = [verdict(len(losses), len({(n, c.address) for n, c, _ in removed})), ""]
    cut_line = [f"✂️ This report is cut to fit a comment: the whole report is `{FULL_REPORT}` in the plan artifact.", ""]
    details = [stack_details(stack) for stack in stacks]

    if not budget:
        for section in (*warnings, *lists):
            section.kept = len(section.rows)
        return assemble(warnings, fixed, lists, [line for block in details for line in block], tail)

    left = budget - length(fixed + tail + cut_line)
    for section in (*warnings, *lists):  # the order of importance
        left -= length(section.head + section.foot) + 200  # room for the "… and N more" line
        for row in section.rows:
            if length([row]) > left:
                break
            section.kept += 1
            left -= length([row])
        left += 200
    shown_details: list[str] = []
    for stack, block in zip(stacks, details, strict=True):
        if length(block) > left:
            block = [
                f"Details of {cell(stack.name)} are too long for a comment: read `{FULL_REPORT}` in the plan artifact.",
                "",
            ]
        left -= length(block)
        shown_details += block
    whole = all(s.kept == len(s.rows) for s in (*warnings, *lists)) and shown_details == [
        line for block in details for line in block
    ]
    return assemble(warnings, fixed, lists, shown_details, tail if whole else cut_line + tail)


def assemble(
    warnings: list[Section], fixed: list[str], lists: list[Section], details: list[str], tail: list[str]
) -> str:
    title, summary = fixed[:2], fixed[2:]
    lines = title + [line for s in warnings for line in s.lines()] + summary
    lines += [line for s in lists for line in s.lines()] + details + tail
    return "\n".join(lines)


def warning_section(losses: list[tuple[str, ResourceChange]]) -> Section:
    head = [
        "### ⚠️ Stateful resources replaced or destroyed",
        "",
        "Applying this plan loses the data in these resources (or the key that reads it).",
        f"Merge only with a restore plan, and with the `{APPROVAL_LABEL}` label.",
        "",
        "| Stack | Resource | Action | Why |",
        "| --- | --- | --- | --- |",
    ]
    return Section(head, [f"| {cell(name)} | {cell(c.address)} | {c.action} | {c.why} |" for name, c in losses], [""])


def protection_section(removed: list[tuple[str, ResourceChange, str]]) -> Section:
    head = [
        "### ⚠️ Protection removed",
        "",
        "After this plan these resources can lose their data more easily (deleted without a snapshot, no",
        f"point-in-time recovery, old versions gone). Merge only on purpose, with the `{APPROVAL_LABEL}` label.",
        "",
        "| Stack | Resource | Action | What |",
        "| --- | --- | --- | --- |",
    ]
    rows = [
        f"| {cell(name)} | {cell(c.address)} | {c.action} | {what.replace('|', chr(92) + '|')} |"
        for name, c, what in removed
    ]
    return Section(head, rows, [""])


SUMMARY_COLUMNS = ("Add", "Change", "Replace", "Destroy", "Import", "Forget", "Deferred", "No-op", "Drift")


def summary_table(stacks: list[StackPlan], waiting: list[Waiting]) -> list[str]:
    lines = [
        "### Summary",
        "",
        "| Stack | " + " | ".join(SUMMARY_COLUMNS) + " |",
        "| --- |" + " ---: |" * len(SUMMARY_COLUMNS),
    ]
    for stack in stacks:
        counts = [stack.count(action) for action in ("create", "update", "replace", "delete")]
        counts += [
            len(stack.imports),
            stack.count("forget"),
            len(stack.deferred),
            stack.count("no-op"),
            len(stack.drift),
        ]
        lines.append(f"| {cell(stack.name)} | " + " | ".join(map(str, counts)) + " |")
    for pending in waiting:
        lines.append(f"| {cell(pending.name)} | " + " | ".join(["–"] * len(SUMMARY_COLUMNS)) + " |")
    return lines + [""]


def name_lists(stacks: list[StackPlan], waiting: list[Waiting]) -> list[Section]:
    """Every resource destroyed (of any type), imported, forgotten or deferred, by name; and
    the stacks not planned yet."""
    destroyed = [
        f"- {cell(s.name)} {cell(c.address)}: **{c.action}**" + (f" ({c.why})" if c.why else "")
        for s in stacks
        for c in s.changes
        if c.destructive
    ]
    imported = [
        f"- {cell(s.name)} {cell(c.address)}" + (f" from id {cell(c.importing)}" if c.importing else "")
        for s in stacks
        for c in s.imports
    ]
    forgotten = [
        f"- {cell(s.name)} {cell(c.address)}" + (f" ({c.why})" if c.why else "")
        for s in stacks
        for c in s.changes
        if c.action == "forget"
    ]
    deferred = [
        f"- {cell(s.name)} {cell(d.change.address)}: {d.change.action}, deferred because {d.why}"
        for s in stacks
        for d in s.deferred
    ]
    not_planned = [
        f"- {cell(w.name)}: waits for " + ", ".join(map(cell, w.waits_for)) + " to be applied" for w in waiting
    ]
    return [
        Section(["**Destroyed** (resources of any type that this plan deletes or replaces):", ""], destroyed, [""]),
        Section(["**Imported** (existing objects Terraform starts to manage):", ""], imported, [""]),
        Section(["**Forgotten** (left in AWS, no longer managed by Terraform):", ""], forgotten, [""]),
        Section(["**Deferred** (not in this plan: a later plan and apply makes them):", ""], deferred, [""]),
        Section(
            ["**Not planned yet** (a stack they read has not been applied: plan again after applying it):", ""],
            not_planned,
            [""],
        ),
    ]


def stack_details(stack: StackPlan) -> list[str]:
    shown = [c for c in stack.changes if c.action not in ("no-op", "read") or c.importing is not None]
    if not shown and not stack.drift and not stack.outputs and not stack.deferred:
        return []
    lines = ["<details>", f"<summary><b>{html.escape(stack.name)}</b>: {details_summary(shown)}</summary>", ""]
    for change in shown:
        lines += change_block(change)
    if stack.deferred:
        lines += ["**Deferred** (planned later)", ""]
        for deferred in stack.deferred:
            lines += change_block(deferred.change, note=f"deferred: {deferred.why}")
    if stack.outputs:
        lines += ["**Outputs**", "", *code_block([attribute_line(a, "update") for a in stack.outputs])]
    if stack.drift:
        lines += ["**Changed outside of Terraform** (found while refreshing)", ""]
        for change in stack.drift:
            lines += change_block(change)
    return lines + ["</details>", ""]


def details_summary(shown: list[ResourceChange]) -> str:
    """``1 to replace, 2 to update``, in the order the changes come."""
    names = [("import" if c.importing is not None and c.action == "no-op" else c.action) for c in shown]
    counts = [f"{names.count(action)} to {action}" for action in dict.fromkeys(names)]
    return ", ".join(counts) or "no resource changes"


def change_block(change: ResourceChange, note: str = "") -> list[str]:
    title = f"- {cell(change.address)}: **{change.action}**"
    if change.importing is not None:
        title += " (import" + (f" of {cell(change.importing)}" if change.importing else "") + ")"
    if change.stateful_loss:
        title += " ⚠️ stateful"
    if change.protections:
        title += " ⚠️ protection removed"
    if (change.destructive or change.action == "forget") and change.why:
        title += f" ({change.why})"
    if note:
        title += f" ({note})"
    if change.action in ("delete", "forget") or not change.attributes:
        return [title, ""]
    return [title, "", *code_block([attribute_line(a, change.action) for a in change.attributes])]


def attribute_line(attribute: AttributeChange, action: str) -> str:
    if action == "create":
        return f"{attribute.path} = {attribute.after}"
    line = f"{attribute.path}: {attribute.before} → {attribute.after}"
    return line + "   # forces replacement" if attribute.forces_replacement else line


def verdict(losses: int, protections: int = 0) -> str:
    if not losses and not protections:
        return "**Verdict:** ✅ No stateful resource is replaced or destroyed and no protection is removed."
    parts = []
    if losses:
        parts.append(f"{losses} stateful resource{' would be' if losses == 1 else 's would be'} replaced or destroyed")
    if protections:
        parts.append(f"{protections} resource{'' if protections == 1 else 's'} would lose a protection")
    return f"**Verdict:** ⚠️ {' and '.join(parts)}: needs the `{APPROVAL_LABEL}` label."


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
    """UTF-8 bytes with the newlines: never less than GitHub's count of characters."""
    return sum(len(line.encode("utf-8")) + 1 for line in lines)


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
    parser.add_argument(
        "plans",
        nargs="+",
        metavar="[NAME=]PLAN_JSON",
        help="terraform show -json of a saved plan, or a tools.plan_stacks manifest.json",
    )
    parser.add_argument("--output", type=Path, help="write the Markdown here instead of stdout")
    parser.add_argument("--full", type=Path, help=f"also write the uncut report here (the artifact's {FULL_REPORT})")
    parser.add_argument(
        "--max-chars",
        type=int,
        default=MAX_REPORT_CHARS,
        help="cut the report to this size (default %(default)s; a pull request's comment shares it between environments)",
    )
    args = parser.parse_args(argv)
    target = args.output
    try:
        stacks: list[StackPlan] = []
        waiting: list[Waiting] = []
        for name, path in map(stack_argument, args.plans):
            loaded = load_input(name, path)
            if isinstance(loaded, StackPlan):
                stacks.append(loaded)
            else:
                waiting += loaded
        names = [stack.name for stack in stacks] + [w.name for w in waiting]
        if len(set(names)) != len(names):
            raise PlanError(
                f"a stack name is given twice ({', '.join(sorted({n for n in names if names.count(n) > 1}))})"
            )
        report = render(stacks, waiting, budget=args.max_chars)
        if args.full:
            target = args.full
            args.full.write_text(render(stacks, waiting, budget=0), encoding="utf-8")
        target = args.output
        if args.output:
            args.output.write_text(report, encoding="utf-8")
        else:
            sys.stdout.write(report)
    except PlanError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_UNREADABLE
    except OSError as error:
        print(f"error: cannot write {target}: {error.strerror}", file=sys.stderr)
        return EXIT_UNREADABLE
    return EXIT_STATEFUL if any(stack.needs_approval for stack in stacks) else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
