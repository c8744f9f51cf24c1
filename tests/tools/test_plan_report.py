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
from tools.make_plan_fixtures import DB_PASSWORD, SECRET_STRING, SSM_SECRET_AFTER, SSM_SECRET_BEFORE
from tools.plan_report import format_path, is_marked, leaves, main, show

FIXTURES = Path(__file__).parent / "fixtures" / "plans"
OK = "**Verdict:** ✅ No stateful resource is replaced or destroyed."
WARNING_HEADING = "### ⚠️ Stateful resources replaced or destroyed"


@dataclass(frozen=True)
class Expected:
    fixture: str
    row: str
    """The stack's summary row: add, change, replace, destroy, no-op, drift."""
    exit: int
    warnings: tuple[str, ...] = ()
    """Rows of the ⚠️ table."""
    secrets: tuple[str, ...] = ()
    """Sensitive values that are in the plan and must not be in the report."""


CASES = [
    Expected("create", "| `create` | 6 | 0 | 0 | 0 | 0 | 0 |", 0, secrets=(SECRET_STRING,)),
    Expected("update", "| `update` | 0 | 2 | 1 | 0 | 0 | 1 |", 0, secrets=(SSM_SECRET_BEFORE, SSM_SECRET_AFTER)),
    Expected("replace-aurora", "| `replace-aurora` | 0 | 0 | 1 | 0 | 2 | 0 |", 2,
             warnings=("| `replace-aurora` | `aws_rds_cluster.main` | replace | forced by `kms_key_id` |",),
             secrets=(DB_PASSWORD,)),
    Expected("destroy-table", "| `destroy-table` | 0 | 0 | 0 | 1 | 1 | 0 |", 2,
             warnings=("| `destroy-table` | `aws_dynamodb_table.orders` | delete | removed from the configuration |",)),
    Expected("noop", "| `noop` | 0 | 0 | 0 | 0 | 2 | 0 |", 0),
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
    verdict = OK if not case.warnings else (
        "**Verdict:** ⚠️ 1 stateful resource would be replaced or destroyed: needs the `approved-destroy` label."
    )
    assert out.rstrip().splitlines()[-1] == verdict


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.fixture)
def test_warning_section_comes_first_and_lists_only_stateful_losses(case: Expected,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = report(capsys, fixture(case.fixture))
    if not case.warnings:
        assert "⚠️" not in out
        return
    lines = out.splitlines()
    assert lines.index(WARNING_HEADING) < lines.index("### Summary")
    table = lines[lines.index("| Stack | Resource | Action | Why |") + 2:]
    assert tuple(table[:table.index("")]) == case.warnings


@pytest.mark.parametrize("case", [c for c in CASES if c.secrets], ids=lambda case: case.fixture)
def test_sensitive_values_are_masked(case: Expected, capsys: pytest.CaptureFixture[str]) -> None:
    plan = Path(fixture(case.fixture)).read_text()
    _, out, _ = report(capsys, fixture(case.fixture))
    for secret in case.secrets:
        assert secret in plan, "the fixture holds the secret in clear text, as terraform show -json does"
        assert secret not in out


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
    assert "arn: \"arn:aws:rds:eu-west-1:123456789012:cluster:fixture-replace-db\" → (known after apply)" in block


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
    assert f"{document[:plan_report.MAX_VALUE_CHARS]}… ({len(document)} chars)" in out


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
        *(w for case in CASES for w in case.warnings), *(case.row for case in CASES)
    ]
    assert out.rstrip().endswith(
        "**Verdict:** ⚠️ 2 stateful resources would be replaced or destroyed: needs the `approved-destroy` label."
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


def test_details_that_do_not_fit_a_comment_point_to_the_artifact(monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(plan_report, "MAX_REPORT_CHARS", 3000)
    _, out, _ = report(capsys, fixture("create"), fixture("update"))
    assert len(out) <= 3000
    assert "Details of `create` are too long for a comment: read the plan artifact." in out
    assert "<summary><b>update</b>" in out
    assert out.rstrip().endswith(OK)


def write(path: Path, text: str) -> str:
    path.write_text(text)
    return str(path)


@pytest.mark.parametrize(("make_input", "message"), [
    (lambda tmp: str(tmp / "missing.json"), "{tmp}/missing.json: no such file"),
    (lambda tmp: str(tmp), "{tmp}: cannot be read (Is a directory)"),
    (lambda tmp: write(tmp / "plan.json", "not json"), "{tmp}/plan.json: not JSON (Expecting value, line 1)"),
    (lambda tmp: write(tmp / "state.json", '{"format_version": "1.0", "values": {}}'),
     "{tmp}/state.json: not a Terraform plan: give the output of `terraform show -json <saved plan>`"),
    (lambda tmp: write(tmp / "list.json", "[]"),
     "{tmp}/list.json: not a Terraform plan: give the output of `terraform show -json <saved plan>`"),
    (lambda tmp: write(tmp / "future.json", '{"format_version": "2.0", "planned_values": {}}'),
     "{tmp}/future.json: plan format 2.0 is not supported (1.x is)"),
    (lambda tmp: write(tmp / "errored.json", '{"format_version": "1.2", "planned_values": {}, "errored": true}'),
     "{tmp}/errored.json: the plan errored: fix the errors terraform plan printed, then plan again"),
    (lambda tmp: write(tmp / "odd.json", '{"format_version": "1.2", "planned_values": {}, "resource_changes": [{}]}'),
     "{tmp}/odd.json: not a Terraform plan: unexpected structure (KeyError: 'mode')"),
])
def test_unreadable_input_exits_1_with_one_line(make_input, message: str, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
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
        return subprocess.run([sys.executable, "-m", "tools.plan_report", *arguments], cwd=root,
                              capture_output=True, text=True, encoding="utf-8", timeout=60)

    assert run(fixture("noop")).returncode == 0
    destroyed = run(str(tmp_path / "data-dev.json"))
    assert destroyed.returncode == 2 and "| `data-dev` | 0 | 0 | 0 | 1 | 1 | 0 |" in destroyed.stdout
    missing = run(str(tmp_path / "nope.json"))
    assert (missing.returncode, missing.stdout, missing.stderr) == (1, "", f"error: {tmp_path}/nope.json: no such file\n")


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
        ("tags",): None, ("list",): None, ("nested", "a", 0): 1, ("nested", "a", 1, "b"): None,
    }


def test_show_masks_cuts_and_quotes() -> None:
    assert show("abc", sensitive=False) == '"abc"'
    assert show("abc", sensitive=True) == "(sensitive value)"
    assert show(None, sensitive=True) == "null"
    long = "x" * 200
    assert show(long, sensitive=False) == f'"{long[:plan_report.MAX_VALUE_CHARS - 1]}… (202 chars)'


@pytest.mark.parametrize("type_", ["aws_rds_cluster", "aws_rds_cluster_instance", "aws_db_instance",
                                   "aws_dynamodb_table", "aws_s3_bucket", "aws_kms_key", "aws_secretsmanager_secret",
                                   "aws_sqs_queue", "aws_efs_file_system", "aws_cloudwatch_log_group"])
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
