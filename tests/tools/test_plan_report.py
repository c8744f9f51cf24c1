"""tools/plan_report.py over real plans (``tests/tools/fixtures/plans``, made by
``tools/make_plan_fixtures.py`` with Terraform against moto)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tools import plan_report
from tools.make_plan_fixtures import (
    DB_PASSWORD,
    OUTPUT_PLAIN_AFTER,
    OUTPUT_PLAIN_BEFORE,
    OUTPUT_SECRET_AFTER,
    OUTPUT_SECRET_BEFORE,
    SECRET_STRING,
    SSM_SECRET_AFTER,
    SSM_SECRET_BEFORE,
)
from tools.plan_report import format_path, is_marked, leaves, main, marked_paths, show

FIXTURES = Path(__file__).parent / "fixtures" / "plans"
OK = "**Verdict:** ✅ No stateful resource is replaced or destroyed and no protection is removed."
WARNING_HEADING = "### ⚠️ Stateful resources replaced or destroyed"
PROTECTION_HEADING = "### ⚠️ Protection removed"
GITHUB_COMMENT_LIMIT = 65_536


@dataclass(frozen=True)
class Expected:
    fixture: str
    row: str
    """The stack's summary row: add, change, replace, destroy, import, forget, deferred, no-op, drift."""
    exit: int
    warnings: tuple[str, ...] = ()
    """Rows of the ⚠️ stateful table."""
    protections: tuple[str, ...] = ()
    """Rows of the ⚠️ protection table."""
    secrets: tuple[str, ...] = ()
    """Sensitive values that are in the plan and must not be in the report."""


CASES = [
    Expected("create", "| `create` | 6 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", 0, secrets=(SECRET_STRING,)),
    Expected(
        "update", "| `update` | 0 | 2 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |", 0, secrets=(SSM_SECRET_BEFORE, SSM_SECRET_AFTER)
    ),
    Expected(
        "replace-aurora",
        "| `replace-aurora` | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 2 | 0 |",
        2,
        warnings=("| `replace-aurora` | `aws_rds_cluster.main` | replace | forced by `kms_key_id` |",),
        secrets=(DB_PASSWORD,),
    ),
    Expected(
        "destroy-table",
        "| `destroy-table` | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 1 | 0 |",
        2,
        warnings=("| `destroy-table` | `aws_dynamodb_table.orders` | delete | removed from the configuration |",),
    ),
    Expected(
        "protection",
        "| `protection` | 0 | 4 | 0 | 1 | 0 | 0 | 0 | 1 | 1 |",
        2,
        protections=(
            "| `protection` | `aws_cloudwatch_log_group.audit` | update | log retention lowered: `retention_in_days` 365 → 7 |",
            "| `protection` | `aws_dynamodb_table.orders` | update | deletion protection turned off: "
            "`deletion_protection_enabled` true → false |",
            "| `protection` | `aws_dynamodb_table.orders` | update | point-in-time recovery turned off: "
            "`point_in_time_recovery[0].enabled` true → false |",
            "| `protection` | `aws_rds_cluster.main` | update | backup retention lowered: `backup_retention_period` 7 → 1 |",
            "| `protection` | `aws_rds_cluster.main` | update | deletion protection turned off: `deletion_protection` true → false |",
            "| `protection` | `aws_rds_cluster.main` | update | no final snapshot on delete: `skip_final_snapshot` false → true |",
            "| `protection` | `aws_s3_bucket_versioning.assets` | update | bucket versioning suspended: "
            '`versioning_configuration[0].status` "Enabled" → "Suspended" |',
        ),
        secrets=(DB_PASSWORD,),
    ),
    Expected("import-forget", "| `import-forget` | 0 | 0 | 0 | 0 | 1 | 1 | 0 | 1 | 0 |", 0),
    Expected(
        "sensitive-sides",
        "| `sensitive-sides` | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        0,
        secrets=(OUTPUT_PLAIN_BEFORE, OUTPUT_PLAIN_AFTER, OUTPUT_SECRET_BEFORE, OUTPUT_SECRET_AFTER),
    ),
    Expected("deferred", "| `deferred` | 5 | 0 | 0 | 0 | 0 | 0 | 1 | 0 | 0 |", 0, secrets=(SECRET_STRING,)),
    Expected("noop", "| `noop` | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 2 | 0 |", 0),
]


def report(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    status = main(list(arguments))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def fixture(name: str) -> str:
    return str(FIXTURES / f"{name}.json")


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.fixture)
def test_summary_row_verdict_and_exit_status(case: Expected, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = report(capsys, fixture(case.fixture))
    assert (status, err) == (case.exit, "")
    assert case.row in out.splitlines()
    if case.warnings:
        verdict = (
            "**Verdict:** ⚠️ 1 stateful resource would be replaced or destroyed: needs the `approved-destroy` label."
        )
    elif case.protections:
        verdict = "**Verdict:** ⚠️ 4 resources would lose a protection: needs the `approved-destroy` label."
    else:
        verdict = OK
    assert out.rstrip().splitlines()[-1] == verdict


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.fixture)
def test_warning_section_comes_first_and_lists_only_stateful_losses(
    case: Expected, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = report(capsys, fixture(case.fixture))
    if not case.warnings and not case.protections:
        assert "⚠️" not in out
        return
    lines = out.splitlines()
    for heading, header, rows in (
        (WARNING_HEADING, "| Stack | Resource | Action | Why |", case.warnings),
        (PROTECTION_HEADING, "| Stack | Resource | Action | What |", case.protections),
    ):
        if not rows:
            assert heading not in lines
            continue
        assert lines.index(heading) < lines.index("### Summary")
        table = lines[lines.index(header) + 2 :]
        assert tuple(table[: table.index("")]) == rows


@pytest.mark.parametrize("case", [c for c in CASES if c.secrets], ids=lambda case: case.fixture)
def test_sensitive_values_are_masked(case: Expected, capsys: pytest.CaptureFixture[str]) -> None:
    plan = Path(fixture(case.fixture)).read_text()
    _, out, _ = report(capsys, fixture(case.fixture))
    for secret in case.secrets:
        assert secret in plan, "the fixture holds the secret in clear text, as terraform show -json does"
        assert secret not in out


def marked_values(plan: dict) -> set[str]:
    """Every string that the plan marks sensitive on either side of any change, read from
    both sides: what no report may ever print."""
    changes = [e["change"] for key in ("resource_changes", "resource_drift") for e in plan.get(key) or []]
    changes += [e["resource_change"]["change"] for e in plan.get("deferred_changes") or []]
    changes += list((plan.get("output_changes") or {}).values())
    found = set()
    for change in changes:
        for mask in (change.get("before_sensitive"), change.get("after_sensitive")):
            for path in marked_paths(mask):
                for side in (change.get("before"), change.get("after")):
                    for value in leaves(walk(side, path)).values():
                        if isinstance(value, str) and len(value) >= plan_report.MIN_SECRET_CHARS:
                            found.add(value)
    return found


def walk(value, path):
    for step in path:
        if isinstance(value, dict) and isinstance(step, str):
            value = value.get(step)
        elif isinstance(value, list) and isinstance(step, int) and step < len(value):
            value = value[step]
        else:
            return None
    return value


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.fixture)
def test_no_value_marked_sensitive_on_either_side_is_printed(
    case: Expected, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = json.loads(Path(fixture(case.fixture)).read_text())
    secrets = marked_values(plan)
    assert set(case.secrets) <= secrets
    _, out, _ = report(capsys, "--full", str(tmp_path / "full.md"), fixture(case.fixture))
    for text in (out, (tmp_path / "full.md").read_text()):
        assert not [secret for secret in secrets if secret in text]


def test_a_value_sensitive_on_one_side_only_is_masked_on_both(capsys: pytest.CaptureFixture[str]) -> None:
    plan = json.loads(Path(fixture("sensitive-sides")).read_text())
    [queue] = plan["resource_changes"]
    assert queue["change"]["before_sensitive"]["tags"] == {"Secret": True}, "the fixture is one-sided"
    assert queue["change"]["after_sensitive"]["tags"] == {"Token": True}, "the fixture is one-sided"
    _, out, _ = report(capsys, fixture("sensitive-sides"))
    assert "tags.Secret: (sensitive value) → (sensitive value)" in out
    assert "tags.Token: (sensitive value) → (sensitive value)" in out
    # tags_all copies tags without their marks: the values are recognised and masked too.
    assert "tags_all.Token: (sensitive value) → (sensitive value)" in out


def test_a_replaced_non_stateful_resource_is_counted_but_not_a_warning(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = report(capsys, fixture("update"))
    assert "- `aws_iam_policy.read`: **replace** (forced by `name`)" in out
    assert 'name: "fixture-update-read" → "fixture-update-read-v2"   # forces replacement' in out
    assert "value: (sensitive value) → (sensitive value)" in out
    assert "visibility_timeout_seconds: 30 → 60" in out
    assert 'tags.Team: "api" → "platform"' in out


def test_replace_shows_the_forcing_attribute_first(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = report(capsys, fixture("replace-aurora"))
    assert "- `aws_rds_cluster.main`: **replace** ⚠️ stateful (forced by `kms_key_id`)" in out
    block = out.split("- `aws_rds_cluster.main`", 1)[1].split("```text\n", 1)[1]
    first = block.splitlines()[0]
    assert re.fullmatch(r'kms_key_id: "arn:aws:kms:[^"]+" → "arn:aws:kms:[^"]+"   # forces replacement', first)
    assert 'arn: "arn:aws:rds:eu-west-1:123456789012:cluster:fixture-replace-db" → (known after apply)' in block


def test_destroy_names_the_reason(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = report(capsys, fixture("destroy-table"))
    assert "- `aws_dynamodb_table.orders`: **delete** ⚠️ stateful (removed from the configuration)" in out


def test_long_values_are_cut(capsys: pytest.CaptureFixture[str]) -> None:
    plan = json.loads(Path(fixture("update")).read_text())
    [policy] = [c for c in plan["resource_changes"] if c["address"] == "aws_iam_policy.read"]
    document = json.dumps(policy["change"]["after"]["policy"])
    assert len(document) > plan_report.MAX_VALUE_CHARS
    _, out, _ = report(capsys, fixture("update"))
    assert document not in out
    assert f"{document[: plan_report.MAX_VALUE_CHARS]}… ({len(document)} chars)" in out


def test_unknown_values_and_create_lines(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = report(capsys, fixture("create"))
    assert "<summary><b>create</b>: 6 to create</summary>" in out
    assert 'name = "fixture-create-orders"' in out
    assert "arn = (known after apply)" in out
    assert "secret_string = (sensitive value)" in out
    assert "api_secret: null → (sensitive value)" in out
    assert "queue_url: null → (known after apply)" in out


def test_drift_is_counted_and_shown_but_read_back_normalisation_is_not(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = report(capsys, fixture("update"))
    drift = out.split("**Changed outside of Terraform** (found while refreshing)", 1)[1]
    assert "- `aws_sqs_queue.jobs`: **update**\n\n```text\ndelay_seconds: 0 → 5\n```" in drift
    # The no-op plan's resource_drift only has tags read back as {} instead of null: no drift.
    assert json.loads(Path(fixture("noop")).read_text())["resource_drift"]
    _, out, _ = report(capsys, fixture("noop"))
    assert "Changed outside of Terraform" not in out and "<details>" not in out


def test_several_stacks_one_report(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = report(capsys, *(fixture(case.fixture) for case in CASES))
    assert status == 2
    assert [line for line in out.splitlines() if line.startswith("| `")] == [
        *(w for case in CASES for w in case.warnings),
        *(p for case in CASES for p in case.protections),
        *(case.row for case in CASES),
    ]
    assert out.rstrip().endswith(
        "**Verdict:** ⚠️ 2 stateful resources would be replaced or destroyed and 4 resources would lose a protection: "
        "needs the `approved-destroy` label."
    )


def test_name_equals_path_names_the_stack(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = report(capsys, f"data-dev={fixture('destroy-table')}")
    assert status == 2
    assert "| `data-dev` | `aws_dynamodb_table.orders` | delete | removed from the configuration |" in out


def test_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "report.md"
    status, out, _ = report(capsys, "--output", str(target), fixture("noop"))
    assert (status, out) == (0, "")
    assert target.read_text(encoding="utf-8").rstrip().endswith(OK)


def test_details_that_do_not_fit_a_comment_point_to_the_artifact(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(plan_report, "MAX_REPORT_CHARS", 3000)
    _, out, _ = report(capsys, fixture("create"), fixture("update"))
    assert len(out) <= 3000
    assert "Details of `create` are too long for a comment: read `report-full.md` in the plan artifact." in out
    assert "<summary><b>update</b>" in out
    assert out.rstrip().endswith(OK)


def many(name: str, count: int, tmp_path: Path) -> str:
    """A real plan with its one changed resource repeated ``count`` times (for size limits)."""
    plan = json.loads(Path(fixture(name)).read_text())
    [changed] = [c for c in plan["resource_changes"] if c["change"]["actions"] != ["no-op"]][:1]
    plan["resource_changes"] = [
        {**changed, "address": f"{changed['address']}_{index:05d}", "name": f"{changed['name']}_{index:05d}"}
        for index in range(count)
    ]
    return write(tmp_path / f"{name}-x{count}.json", json.dumps(plan))


@pytest.mark.slow
def test_the_whole_comment_fits_github_with_5000_stateful_deletes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The ⚠️ section counts against the budget: 5,000 deletes used to make a 409,526-character report."""
    comment, full = tmp_path / "comment.md", tmp_path / "full.md"
    status, _, err = report(
        capsys,
        "--output",
        str(comment),
        "--full",
        str(full),
        many("destroy-table", 5000, tmp_path),
        many("protection", 3000, tmp_path),
    )
    assert (status, err) == (2, "")
    text = comment.read_text(encoding="utf-8")
    # What the workflows add around it: the marker and the footer (pr.yml, terraform.yml).
    posted = "\n".join(
        [
            "<!-- terraform-plan-report -->",
            text,
            "Planned commit 0123456 ([workflow run](https://github.com/o/r/actions/runs/1234567890)) (artifacts `plans-*`).",
        ]
    )
    assert len(posted) < GITHUB_COMMENT_LIMIT and len(posted.encode("utf-8")) < GITHUB_COMMENT_LIMIT
    lines = text.splitlines()
    assert lines[:3] == ["## Terraform plan", "", WARNING_HEADING]
    assert "### Summary" in lines and PROTECTION_HEADING in lines
    assert any(
        re.fullmatch(r"… and \d+ more: the whole list is in `report-full.md` of the plan artifact\.", line)
        for line in lines
    )
    assert "✂️ This report is cut to fit a comment: the whole report is `report-full.md` in the plan artifact." in lines
    assert lines[-1] == (
        "**Verdict:** ⚠️ 5000 stateful resources would be replaced or destroyed and 3000 resources "
        "would lose a protection: needs the `approved-destroy` label."
    )
    whole = full.read_text(encoding="utf-8")
    assert whole.count("| `aws_dynamodb_table.orders_") == 5000 and "✂️" not in whole


def test_every_delete_is_listed_under_the_summary_stateful_or_not(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = report(capsys, fixture("protection"), fixture("destroy-table"), fixture("update"))
    listed = out.split("**Destroyed** (resources of any type that this plan deletes or replaces):", 1)[1]
    listed = listed.split("\n\n", 2)[1].splitlines()
    assert listed == [
        "- `protection` `aws_iam_policy.read`: **delete** (removed from the configuration)",
        "- `destroy-table` `aws_dynamodb_table.orders`: **delete** (removed from the configuration)",
        "- `update` `aws_iam_policy.read`: **replace** (forced by `name`)",
    ]
    assert "| `protection` | `aws_iam_policy.read`" not in out, "a policy holds no data: no ⚠️ row"


def test_imports_forgets_and_deferred_changes_are_counted_and_named(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = report(capsys, fixture("import-forget"), fixture("deferred"))
    assert (
        "- `import-forget` `aws_iam_policy.adopted` from id `arn:aws:iam::123456789012:policy/fixture-import-adopted`"
        in out
    )
    assert "- `import-forget` `aws_sqs_queue.old` (removed from the configuration)" in out.split("**Forgotten**", 1)[1]
    assert "- `deferred` `aws_sqs_queue.jobs`: create, deferred because its configuration is not known yet" in out
    assert (
        "- `aws_iam_policy.adopted`: **no-op** (import of `arn:aws:iam::123456789012:policy/fixture-import-adopted`)"
        in out
    )
    assert "- `aws_sqs_queue.old`: **forget**" in out


def test_protection_rules_catch_each_change_and_only_the_removal() -> None:
    from tools.plan_report import protections_removed

    def removed(type_: str, before: dict, after: dict) -> list[str]:
        return list(protections_removed(type_, "update", {"before": before, "after": after}, ()))

    assert removed("aws_db_instance", {"deletion_protection": True}, {"deletion_protection": False})
    assert not removed("aws_db_instance", {"deletion_protection": False}, {"deletion_protection": True})
    assert removed("aws_lb", {"enable_deletion_protection": True}, {"enable_deletion_protection": False})
    assert removed("aws_db_instance", {"backup_retention_period": 7}, {"backup_retention_period": 0})
    assert not removed("aws_db_instance", {"backup_retention_period": 1}, {"backup_retention_period": 7})
    assert removed("aws_s3_bucket", {"force_destroy": False}, {"force_destroy": True})
    assert removed("aws_cloudwatch_log_group", {"retention_in_days": 0}, {"retention_in_days": 30})
    assert not removed("aws_cloudwatch_log_group", {"retention_in_days": 30}, {"retention_in_days": 0})
    assert removed("aws_s3_bucket_public_access_block", {"block_public_policy": True}, {"block_public_policy": False})
    assert removed("aws_secretsmanager_secret", {"recovery_window_in_days": 30}, {"recovery_window_in_days": 0})
    assert list(protections_removed("aws_s3_bucket_versioning", "delete", {"before": {}, "after": None}, ()))


def write(path: Path, text: str) -> str:
    path.write_text(text)
    return str(path)


@pytest.mark.parametrize(
    ("make_input", "message"),
    [
        (lambda tmp: str(tmp / "missing.json"), "{tmp}/missing.json: no such file"),
        (lambda tmp: str(tmp), "{tmp}: cannot be read (Is a directory)"),
        (lambda tmp: write(tmp / "plan.json", "not json"), "{tmp}/plan.json: not JSON (Expecting value, line 1)"),
        (
            lambda tmp: write(tmp / "state.json", '{"format_version": "1.0", "values": {}}'),
            "{tmp}/state.json: not a Terraform plan: give the output of `terraform show -json <saved plan>`",
        ),
        (
            lambda tmp: write(tmp / "list.json", "[]"),
            "{tmp}/list.json: not a Terraform plan: give the output of `terraform show -json <saved plan>`",
        ),
        (
            lambda tmp: write(tmp / "future.json", '{"format_version": "2.0", "planned_values": {}}'),
            "{tmp}/future.json: plan format 2.0 is not supported (1.x is)",
        ),
        (
            lambda tmp: write(tmp / "errored.json", '{"format_version": "1.2", "planned_values": {}, "errored": true}'),
            "{tmp}/errored.json: the plan errored: fix the errors terraform plan printed, then plan again",
        ),
        (
            lambda tmp: write(
                tmp / "odd.json", '{"format_version": "1.2", "planned_values": {}, "resource_changes": [{}]}'
            ),
            "{tmp}/odd.json: not a Terraform plan: unexpected structure (KeyError: 'change')",
        ),
    ],
)
def test_unreadable_input_exits_1_with_one_line(
    make_input, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = report(capsys, fixture("noop"), make_input(tmp_path))
    assert (status, out) == (1, "")
    assert err == f"error: {message.format(tmp=tmp_path)}\n"


def test_a_stack_given_twice_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = report(capsys, fixture("noop"), f"noop={fixture('create')}")
    assert (status, out, err) == (1, "", "error: a stack name is given twice (noop)\n")


def test_usage_errors_exit_1_not_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 1
    assert "error: the following arguments are required" in capsys.readouterr().err


def test_runs_as_a_module_with_its_exit_statuses(tmp_path: Path) -> None:
    """The workflows call ``python -m tools.plan_report``: the statuses survive the process."""
    root = Path(__file__).resolve().parents[2]
    shutil.copy(fixture("destroy-table"), tmp_path / "data-dev.json")

    def run(*arguments: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "tools.plan_report", *arguments],
            cwd=root,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
        )

    assert run(fixture("noop")).returncode == 0
    destroyed = run(str(tmp_path / "data-dev.json"))
    assert destroyed.returncode == 2 and "| `data-dev` | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 1 | 0 |" in destroyed.stdout
    missing = run(str(tmp_path / "nope.json"))
    assert (missing.returncode, missing.stdout, missing.stderr) == (
        1,
        "",
        f"error: {tmp_path}/nope.json: no such file\n",
    )


# --- the pieces ---------------------------------------------------------------------------


def test_paths_are_written_as_terraform_addresses() -> None:
    assert format_path(("ingress", 0, "cidr_blocks", 1)) == "ingress[0].cidr_blocks[1]"
    assert format_path(("tags", "kubernetes.io/role")) == 'tags["kubernetes.io/role"]'


def test_marks_apply_to_a_path_and_everything_under_it() -> None:
    mask = {"value": True, "rule": [{"secret": True}, {}], "tags": {}}
    assert is_marked(mask, ("value",))
    assert is_marked(mask, ("value", "nested", 0))
    assert is_marked(mask, ("rule", 0, "secret"))
    assert not is_marked(mask, ("rule", 1, "secret"))
    assert not is_marked(mask, ("tags", "Team"))
    assert is_marked(True, ())
    assert not is_marked(False, ("anything",))


def test_leaves_treat_empty_collections_as_null() -> None:
    assert leaves({"tags": {}, "list": [], "nested": {"a": [1, {"b": None}]}}) == {
        ("tags",): None,
        ("list",): None,
        ("nested", "a", 0): 1,
        ("nested", "a", 1, "b"): None,
    }


def test_show_masks_cuts_and_quotes() -> None:
    assert show("abc", sensitive=False) == '"abc"'
    assert show("abc", sensitive=True) == "(sensitive value)"
    assert show(None, sensitive=True) == "null"
    long = "x" * 200
    assert show(long, sensitive=False) == f'"{long[: plan_report.MAX_VALUE_CHARS - 1]}… (202 chars)'


@pytest.mark.parametrize(
    "type_",
    [
        "aws_rds_cluster",
        "aws_rds_cluster_instance",
        "aws_db_instance",
        "aws_dynamodb_table",
        "aws_s3_bucket",
        "aws_kms_key",
        "aws_secretsmanager_secret",
        "aws_sqs_queue",
        "aws_efs_file_system",
        "aws_cloudwatch_log_group",
    ],
)
def test_the_stateful_list_covers_the_platforms_data(type_: str) -> None:
    assert type_ in plan_report.STATEFUL_TYPES


def test_table_cells_escape_pipes_and_fence_backticks() -> None:
    assert plan_report.cell('aws_s3_bucket.site["a|b"]') == '`aws_s3_bucket.site["a\\|b"]`'
    assert plan_report.cell("odd`name") == "``odd`name``"


def test_the_origin_header_is_masked_though_the_provider_does_not_mark_it() -> None:
    from tools.plan_report import UNMARKED_SECRETS, attribute_changes

    change = {
        "before": {"origin": [{"custom_header": [{"name": "X-Origin-Verify", "value": "old-secret-value"}]}]},
        "after": {"origin": [{"custom_header": [{"name": "X-Origin-Verify", "value": "new-secret-value"}]}]},
    }
    [attribute] = attribute_changes(change, set(), UNMARKED_SECRETS["aws_cloudfront_distribution"])
    assert attribute.path == "origin[0].custom_header[0].value"
    assert "secret-value" not in attribute.before + attribute.after
