"""The GitHub workflows: linted (actionlint, zizmor), and read as an attacker with write access to
a branch would read them. Each check is a function returning the problems it finds; it returns
none for the workflows as they are, and a test breaks a copy of them the way an attacker or a
careless edit would and sees the check name it:

- a job that assumes a deploy role without the ``refs/heads/main`` guard;
- a gate (plan, report, apply) that runs the pull request's code where a credential can be had;
- a checkout that persists its credentials;
- an action not pinned to a commit SHA;
- a literal environment name (issue 23: every list comes from ``environments/``);
- a preview whose deploy outlives its destroy (the race simulated below).
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from environments import NAMED, load
from environments.schema.pipeline import APPROVAL_TIMEOUT_DAYS
from tools import plan_stacks
from tools.lint_workflows import actionlint, zizmor
from tools.plan_report import load_plan

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
WORKFLOW_FILES = sorted(WORKFLOWS.glob("*.yml"))
PIPELINE = load("dev").pipeline
assert PIPELINE is not None
MAIN = f"refs/heads/{PIPELINE.branch}"
REUSABLE_LOCAL = f"./{PIPELINE.workflow}"
REUSABLE_MAIN = f"{PIPELINE.repository}/{PIPELINE.workflow}@{PIPELINE.branch}"
"""How a pull request's workflow calls the reusable workflow: main's copy, which the roles trust."""
BASE_CHECKOUT = "${{ github.event.pull_request.base.sha || github.sha }}"
TOOLS = re.compile(
    r"tools\.(plan_stacks|plan_report|plan_store|apply_plans|previews|stack_guard)|make (apply|deploy|destroy)"
)

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


def load_workflow(name: str) -> dict[str, Any]:
    return yaml.safe_load((WORKFLOWS / name).read_text())


def workflows() -> dict[str, dict[str, Any]]:
    return {path.name: load_workflow(path.name) for path in WORKFLOW_FILES}


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    """The ``on:`` block (YAML 1.1 reads the bare key ``on`` as True)."""
    return workflow.get("on") or workflow[True]


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return job.get("steps", [])


def uses(step_or_job: dict[str, Any], action: str) -> bool:
    return str(step_or_job.get("uses", "")).startswith(f"{action}@")


def calls(job: dict[str, Any]) -> str | None:
    """The reusable workflow a job calls, as its file name (``terraform.yml``), or None."""
    target = job.get("uses")
    if not target:
        return None
    return target.split("@")[0].rsplit("/", 1)[1]


# --- lint ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def actionlinted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict]]:
    broken = tmp_path_factory.mktemp("actionlint") / "broken.yml"
    broken.write_text(BROKEN)
    return actionlint([*WORKFLOW_FILES, broken])


def test_actionlint_finds_the_mistakes_of_a_broken_workflow(actionlinted) -> None:
    problems = {(p["line"], p["kind"]) for p in actionlinted["broken.yml"]}
    assert problems >= {(5, "events"), (7, "permissions"), (9, "job-needs"), (13, "expression")}, problems


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda path: path.name)
def test_workflow_passes_actionlint(path: Path, actionlinted) -> None:
    problems = [f"{path.name}:{p['line']}:{p['column']}: {p['message']} [{p['kind']}]" for p in actionlinted[path.name]]
    assert problems == []


def test_zizmor_finds_nothing_and_every_ignore_says_why(tmp_path: Path) -> None:
    assert zizmor(ROOT / ".github") == []
    for path in WORKFLOW_FILES:
        for line in path.read_text().splitlines():
            ignored = re.search(r"# zizmor: ignore\[[\w-]+\](.*)", line)
            assert ignored is None or len(ignored.group(1).strip()) > 30, f"{path.name}: an ignore without a reason"
    # Seen failing: the old pull_request_target workflow and a checkout keeping its token.
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "fork.yml").write_text(
        "on: pull_request_target\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@11d5960a326750d5838078e36cf38b85af677262 # v4.4.0\n"
    )
    found = {finding["ident"] for finding in zizmor(tmp_path / ".github")}
    assert {"dangerous-triggers", "artipacked"} <= found, found


def test_the_workflows() -> None:
    assert [path.name for path in WORKFLOW_FILES] == [
        "deploy-environment.yml",
        "deploy.yml",
        "drift.yml",
        "pr.yml",
        "preview-sweep.yml",
        "preview.yml",
        "terraform.yml",
    ]
    assert "pull_request_target" not in "".join(path.read_text() for path in WORKFLOW_FILES)


# --- literal environment names (issue 23) ------------------------------------------------------


def literal_environments(texts: dict[str, str]) -> list[str]:
    """Where a workflow names an environment itself instead of asking environments/."""
    return [
        f"{name}:{number}: {line.strip()}"
        for name, text in texts.items()
        for number, line in enumerate(text.splitlines(), 1)
        if re.search(rf"(?<![\w/.-])({'|'.join(NAMED)})(?![\w/.-])", line)
    ]


def texts() -> dict[str, str]:
    return {path.name: path.read_text() for path in WORKFLOW_FILES}


def test_no_workflow_names_an_environment() -> None:
    assert literal_environments(texts()) == []
    broken = texts()
    broken["deploy.yml"] += "\n  staging-apply:\n    environment: staging\n"
    assert literal_environments(broken) == [
        "deploy.yml:" + str(broken["deploy.yml"].count("\n")) + ": environment: staging"
    ]


def test_the_environment_lists_come_from_environments() -> None:
    """Every matrix is the output of a job that asks ``python3 -m environments``; deploys go in
    deploy order, one at a time, and a failed one stops the later ones."""
    listed = subprocess.run(
        ["python3", "-m", "environments", "--list", "--real", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert json.loads(listed) == [n for n in NAMED if load(n).emulator is None]
    for name, job_id in (("pr.yml", "plan"), ("drift.yml", "plan"), ("deploy.yml", "deploy")):
        job = load_workflow(name)["jobs"][job_id]
        assert job["strategy"]["matrix"]["environment"] == "${{ fromJSON(needs.environments.outputs.names) }}", name
        [step] = [s for s in steps(load_workflow(name)["jobs"]["environments"]) if s.get("id") == "list"]
        assert "python3 -m environments --list --real --json" in step["run"], name
    deploy = load_workflow("deploy.yml")["jobs"]["deploy"]["strategy"]
    assert deploy["max-parallel"] == 1 and deploy["fail-fast"] is True


# --- main only ---------------------------------------------------------------------------------

GUARD = f"github.ref == '{MAIN}'"


def deploys(job: dict[str, Any]) -> bool:
    """Whether a job (a call) assumes a deploy role: an apply, or a whole environment's deploy."""
    return calls(job) == "deploy-environment.yml" or (
        calls(job) == "terraform.yml" and (job.get("with") or {}).get("command") == "apply"
    )


def ref_guard_violations(flows: dict[str, dict[str, Any]]) -> list[str]:
    """Jobs that could assume a deploy role outside a run of main."""
    out = []
    for name, flow in flows.items():
        for job_id, job in flow["jobs"].items():
            if deploys(job) and GUARD not in str(job.get("if", "")):
                out.append(f"{name} {job_id}: deploys without `if: {GUARD}`")
    terraform = flows["terraform.yml"]["jobs"]["terraform"]
    if f"inputs.command != 'apply' || {GUARD}" not in str(terraform.get("if", "")):
        out.append("terraform.yml terraform: applies without the ref guard")
    guard = flows["deploy.yml"]["jobs"].get("main-only", {})
    if guard.get("if") != f"github.ref != '{MAIN}'" or "exit 1" not in str(steps(guard)):
        out.append("deploy.yml: a run from another ref does not fail at once")
    if "workflow_dispatch" in triggers(flows["deploy.yml"]) and triggers(flows["deploy.yml"])["push"] != {
        "branches": [PIPELINE.branch]
    }:
        out.append("deploy.yml: pushes to other branches deploy")
    return out


def test_every_job_that_deploys_runs_only_for_main() -> None:
    assert ref_guard_violations(workflows()) == []
    [line] = [s["run"] for s in steps(load_workflow("deploy.yml")["jobs"]["main-only"])]
    assert line.splitlines()[0].startswith('echo "::error::deploy runs only from main, not from $REF')


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        (lambda f: f["deploy-environment.yml"]["jobs"]["apply"].pop("if"), "deploy-environment.yml apply: deploys"),
        (lambda f: f["deploy.yml"]["jobs"]["deploy"].update({"if": "always()"}), "deploy.yml deploy: deploys"),
        (lambda f: f["terraform.yml"]["jobs"]["terraform"].update({"if": "!cancelled()"}), "terraform: applies"),
        (lambda f: f["deploy.yml"]["jobs"].pop("main-only"), "does not fail at once"),
    ],
)
def test_the_ref_guard_check_catches_a_deploy_job_without_it(breakage, expected: str) -> None:
    flows = workflows()
    breakage(flows)
    assert any(expected in problem for problem in ref_guard_violations(flows)), ref_guard_violations(flows)


# --- the gate is not the pull request's --------------------------------------------------------


def pr_code_violations(flows: dict[str, dict[str, Any]]) -> list[str]:
    """Where code a pull request can change runs with a credential, or decides a gate."""
    out = []
    for name, flow in flows.items():
        on_pull_requests = "pull_request" in triggers(flow)
        for job_id, job in flow["jobs"].items():
            if calls(job) == "terraform.yml" and on_pull_requests and job["uses"] != REUSABLE_MAIN:
                out.append(f"{name} {job_id}: calls {job['uses']}, the pull request's copy, not {REUSABLE_MAIN}")
            checkouts = [s for s in steps(job) if uses(s, "actions/checkout")]
            runs_tools = any(TOOLS.search(str(s.get("run", ""))) for s in steps(job))
            credentials = (job.get("permissions") or {}).get("id-token") == "write"
            for checkout in checkouts:
                ref = (checkout.get("with") or {}).get("ref", "")
                base = ref in (BASE_CHECKOUT, "${{ github.event.pull_request.base.sha }}") or (
                    not on_pull_requests and name != "terraform.yml" and ref == ""
                )
                if (credentials or runs_tools) and not base:
                    out.append(
                        f"{name} {job_id}: checks out {ref or 'the event commit'} where it runs the gates or has credentials"
                    )
            if credentials and not calls(job) and name == "terraform.yml" and job_id != "terraform":
                out.append(f"{name} {job_id}: has id-token: write")
    synth = flows["terraform.yml"]["jobs"]["synth"]
    if (synth.get("permissions") or {}).get("id-token"):
        out.append("terraform.yml synth: builds the pull request's code with id-token permission")
    return out


def test_gates_and_credentials_run_only_the_base_branchs_code() -> None:
    assert pr_code_violations(workflows()) == []
    terraform = load_workflow("terraform.yml")["jobs"]
    runs = "\n".join(str(s.get("run", "")) for s in steps(terraform["terraform"]))
    assert "make synth" not in runs and "main.py" not in runs, "the credentialed job never synthesizes"
    assert "tools.stack_guard" in runs, "the pull request's JSON is checked before a credential sees it"
    [synth_checkout] = [s for s in steps(terraform["synth"]) if uses(s, "actions/checkout")]
    assert synth_checkout["with"]["ref"] == "${{ inputs.ref }}"


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        (  # the plan job checks out the pull request
            lambda f: [s for s in steps(f["terraform.yml"]["jobs"]["terraform"]) if uses(s, "actions/checkout")][0][
                "with"
            ].update(ref="${{ inputs.ref }}"),
            "terraform.yml terraform: checks out ${{ inputs.ref }}",
        ),
        (  # a pull request plans with its own copy of the reusable workflow
            lambda f: f["pr.yml"]["jobs"]["plan"].update(uses=REUSABLE_LOCAL),
            "pr.yml plan: calls ./.github/workflows/terraform.yml",
        ),
        (  # the report job runs the pull request's plan_report
            lambda f: (
                f["pr.yml"]["jobs"]["report"]["steps"].insert(
                    0, {"uses": "actions/checkout@x", "with": {"persist-credentials": False}}
                )
                or f["pr.yml"]["jobs"]["report"]["steps"].append({"run": "python -m tools.plan_report plans/*.json"})
            ),
            "pr.yml report: checks out the event commit",
        ),
        (
            lambda f: f["terraform.yml"]["jobs"]["synth"].update(permissions={"contents": "read", "id-token": "write"}),
            "synth: builds the pull request's code with id-token",
        ),
    ],
)
def test_the_gate_check_catches_a_gate_that_runs_pull_request_code(breakage, expected: str) -> None:
    flows = workflows()
    breakage(flows)
    assert any(expected in problem for problem in pr_code_violations(flows)), pr_code_violations(flows)


# --- checkouts, pins ---------------------------------------------------------------------------


def credential_violations(flows: dict[str, dict[str, Any]]) -> list[str]:
    return [
        f"{name} {job_id}: a checkout keeps its credentials"
        for name, flow in flows.items()
        for job_id, job in flow["jobs"].items()
        for step in steps(job)
        if uses(step, "actions/checkout") and (step.get("with") or {}).get("persist-credentials") is not False
    ]


def test_no_checkout_persists_its_credentials() -> None:
    assert credential_violations(workflows()) == []
    flows = workflows()
    [s for s in steps(flows["drift.yml"]["jobs"]["settings"]) if uses(s, "actions/checkout")][0].pop("with")
    assert credential_violations(flows) == ["drift.yml settings: a checkout keeps its credentials"]


def pin_violations(sources: dict[str, str]) -> list[str]:
    """Every ``uses:`` is a local reusable workflow, main's copy of this repository's reusable
    workflow, or an action pinned by commit SHA with its version in a comment."""
    out = []
    for name, text in sources.items():
        for line in text.splitlines():
            match = re.match(r"\s*(?:- )?uses: (\S+)(.*)", line)
            if not match or match.group(1).startswith("./.github/workflows/") or match.group(1) == REUSABLE_MAIN:
                continue
            if not re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", match.group(1)) or not re.match(
                r" # v\d+\.\d+\.\d+", match.group(2)
            ):
                out.append(f"{name}: {line.strip()}")
    return out


def test_every_action_is_pinned_by_commit_sha_with_its_version() -> None:
    assert pin_violations(texts()) == []
    broken = texts()
    broken["pr.yml"] = broken["pr.yml"].replace(
        "actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093 # v4.3.0", "actions/download-artifact@v4"
    )
    assert pin_violations(broken) == ["pr.yml: - uses: actions/download-artifact@v4"]


def test_pull_requests_call_mains_copy_of_the_configured_repository() -> None:
    """The literal in ``uses:`` (GitHub allows no expression there) is pipeline.repository."""
    remote = [
        (name, job_id, job["uses"])
        for name, flow in workflows().items()
        for job_id, job in flow["jobs"].items()
        if "@" in str(job.get("uses", ""))
    ]
    assert {(name, job_id) for name, job_id, _ in remote} == {("pr.yml", "plan"), ("preview.yml", "preview")}
    assert {target for _, _, target in remote} == {REUSABLE_MAIN}


def test_codeowners_guard_the_pipeline() -> None:
    owners = {
        line.split()[0]: line.split()[1:]
        for line in (ROOT / ".github" / "CODEOWNERS").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    for path in ("/.github/", "/tools/", "/environments/", "/stacks/ci.py", "/modules/delivery/"):
        assert owners.get(path) and all(o.startswith(f"@{PIPELINE.owner}/") for o in owners[path]), path


def test_dependabot_updates_actions_pip_and_npm_after_a_cooldown() -> None:
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text())
    assert {(u["package-ecosystem"], u["directory"]) for u in config["updates"]} == {
        ("github-actions", "/"),
        ("pip", "/"),
        ("npm", "/"),
    }
    assert all(u["cooldown"]["default-days"] >= 7 for u in config["updates"])


# --- approvals bound to the manifest, plans not public ----------------------------------------


def test_the_apply_applies_the_manifest_shown_before_the_gate() -> None:
    flow = load_workflow("deploy-environment.yml")["jobs"]
    assert flow["plan"]["with"] == {
        "command": "plan",
        "environment": "${{ inputs.environment }}",
        "github-environment": "${{ inputs.environment }}-plan",
    }
    apply = flow["apply"]
    assert set(apply["needs"]) == {"plan", "review"}
    assert apply["with"]["github-environment"] == "${{ inputs.environment }}" and apply["with"]["command"] == "apply"
    assert apply["with"]["approved-sha256"] == "${{ needs.plan.outputs.manifest-sha256 }}"
    [script] = [s for s in steps(flow["review"]) if uses(s, "actions/github-script")]
    code = script["with"]["script"]
    assert script["env"]["MANIFEST_SHA256"] == "${{ needs.plan.outputs.manifest-sha256 }}"
    assert "`approve-destroy ${digest}`" in code and "getCollaboratorPermissionLevel" in code
    assert "status === '2' && !approvedBy" in code and "approved-destroy" not in code, "a label is not an approval"
    terraform = load_workflow("terraform.yml")["jobs"]["terraform"]
    [apply_step] = [s for s in steps(terraform) if s.get("name") == "Apply the approved saved plans"]
    assert apply_step["env"] == {"APPROVED_MANIFEST_SHA256": "${{ inputs.approved-sha256 }}"}
    assert apply_step["run"].splitlines()[-1] == "make apply" and "plan_store pull" in apply_step["run"]
    downloads = [s for s in steps(terraform) if uses(s, "actions/download-artifact")]
    assert all(not {"run-id", "github-token", "repository"} & set(s["with"]) for s in downloads), "this run's only"


def test_plan_files_never_reach_an_artifact_and_artifacts_outlive_the_approval() -> None:
    terraform = load_workflow("terraform.yml")["jobs"]
    names = [s.get("name") or s.get("uses") for s in steps(terraform["terraform"])]
    [upload] = [
        s
        for s in steps(terraform["terraform"])
        if uses(s, "actions/upload-artifact") and s["with"]["name"].startswith("plans-")
    ]
    assert names.index("Store the saved plans in the state bucket") < names.index(upload["uses"])
    files = [line.strip() for line in upload["with"]["path"].splitlines()]
    assert files and all(
        re.fullmatch(r"\$\{\{ env\.PLANS \}\}/(manifest\.json|report(-full)?\.md|(report-)?status)", f) for f in files
    )
    for flow in workflows().values():
        for job in flow["jobs"].values():
            for step in steps(job):
                if uses(step, "actions/upload-artifact"):
                    assert step["with"]["retention-days"] >= APPROVAL_TIMEOUT_DAYS


def test_plans_in_workflows_never_take_the_state_lock() -> None:
    [step] = [
        s for s in steps(load_workflow("terraform.yml")["jobs"]["terraform"]) if s.get("name") == "Plan every stack"
    ]
    assert "tools.plan_stacks" in step["run"] and "--no-lock" in step["run"]


def test_forks_get_checks_and_a_failed_report_but_no_plan() -> None:
    jobs = load_workflow("pr.yml")["jobs"]
    assert jobs["plan"]["if"] == "github.event.pull_request.head.repo.full_name == github.repository"
    assert "if" not in jobs["check"], "forks still get lint, tests (validate, checkov) and synth"
    [fork_step] = [s for s in jobs["report"]["steps"] if s.get("if") == "env.FORK == 'true'"]
    assert "no AWS credentials" in fork_step["run"]
    report = jobs["report"]
    assert report["if"] == "${{ !cancelled() }}", "a skipped gate would count as a passed check"
    [gate] = [s for s in report["steps"] if "approved-destroy" in s.get("if", "")]
    assert gate["if"].startswith("steps.report.outputs.status == '2'")


# --- the preview race ----------------------------------------------------------------------------
#
# preview.yml's jobs are simulated as GitHub runs them: a job runs when its `if:` (evaluated here
# on the event, by a small evaluator of the expression syntax the file uses) and its `needs`
# hold (a job that needs another enters its concurrency group only when that one ends, in any
# order across runs); jobs of one concurrency group run one at a time, at most one waits, and a
# newer waiting job replaces (cancels) the older one; `cancel-in-progress: false` never stops a
# running one.
# A deploy re-checks the pull request when it starts if terraform.yml's deploy asks
# `tools.previews wanted`, and then destroys instead of deploying when the pull request is closed
# or unlabelled (whichever job of the group runs last leaves what the pull request wants now). Every interleaving of the events with the jobs' ends is explored: at
# the end, a preview exists exactly when the pull request is open and labelled.

TOKEN = re.compile(r"\s*(==|!=|&&|\|\||!|\(|\)|,|'[^']*'|[A-Za-z_][\w.*-]*)")


def evaluate(expression: str, context: dict[str, Any]) -> Any:
    """A GitHub Actions expression of the forms preview.yml uses: property paths (``a.*.b``
    maps over a list), string literals, ``==``, ``!=``, ``!``, ``&&``, ``||``, ``contains()``."""
    tokens = TOKEN.findall(expression.replace("${{", "").replace("}}", ""))
    assert "".join(tokens) == re.sub(r"\s+", "", expression.replace("${{", "").replace("}}", "")), expression
    position = 0

    def peek() -> str | None:
        return tokens[position] if position < len(tokens) else None

    def take(expected: str | None = None) -> str:
        nonlocal position
        token = tokens[position]
        assert expected is None or token == expected, (token, expected, expression)
        position += 1
        return token

    def value(path: str) -> Any:
        found: Any = context
        for part in path.split("."):
            if part == "*":
                continue  # the list stays a list: the next part is read of each item
            if isinstance(found, list):
                found = [item.get(part) for item in found]
            else:
                found = (found or {}).get(part)
        return found

    def primary() -> Any:
        token = take()
        if token == "(":
            result = disjunction()
            take(")")
            return result
        if token == "!":
            return not primary()
        if token.startswith("'"):
            return token[1:-1]
        if token == "contains":
            take("(")
            haystack = disjunction()
            take(",")
            needle = disjunction()
            take(")")
            return needle in (haystack or [])
        return value(token)

    def comparison() -> Any:
        left = primary()
        while peek() in ("==", "!="):
            operator, right = take(), primary()
            left = (left == right) if operator == "==" else (left != right)
        return left

    def conjunction() -> Any:
        result = comparison()
        while peek() == "&&":
            take()
            right = comparison()
            result = result and right
        return result

    def disjunction() -> Any:
        result = conjunction()
        while peek() == "||":
            take()
            right = conjunction()
            result = result or right
        return result

    result = disjunction()
    assert position == len(tokens), expression
    return result


PR = 7
LABEL = "deploy-preview"


def preview_jobs(event: str, label: str | None, labels: set[str], flow: dict[str, Any]) -> list[tuple[str, str]]:
    """``[(job, concurrency group)]`` that a pull_request event starts."""
    context = {
        "github": {
            "repository": PIPELINE.repository,
            "event": {
                "action": event,
                "label": {"name": label},
                "pull_request": {
                    "number": PR,
                    "labels": [{"name": name} for name in sorted(labels)],
                    "head": {"repo": {"full_name": PIPELINE.repository}},
                },
            },
        }
    }
    jobs = flow["jobs"]
    started = []
    for job_id in [j for j in ("preview", "deploy", "destroy") if j in jobs]:
        job = jobs[job_id]
        needs = [job["needs"]] if isinstance(job.get("needs"), str) else job.get("needs", [])
        if all(evaluate(jobs[need]["if"], context) for need in needs) and evaluate(job["if"], context):
            group = job["concurrency"]["group"].replace("${{ github.event.pull_request.number }}", str(PR))
            assert job["concurrency"]["cancel-in-progress"] is False
            started.append((job_id, group))
    return started


def race_counterexample(flow: dict[str, Any], recheck: bool, events: list[str]) -> list[str] | None:
    """An interleaving of ``events`` and job ends after which a preview exists for a pull request
    that is closed or unlabelled (or none for one that is open and labelled), or None."""

    def explore(state: dict[str, Any], remaining: list[str], history: list[str]) -> list[str] | None:
        running = state["running"]
        choices: list[tuple[str, Any]] = []
        if remaining:
            choices.append(("event", remaining[0]))
        choices += [("ready", index) for index in range(len(state["preparing"]))]
        choices += [("end", group) for group in running]
        if not choices:
            want = state["open"] and LABEL in state["labels"]
            return None if state["exists"] == want else history
        for kind, what in choices:
            next_state = copy.deepcopy(state)
            running, waiting = next_state["running"], next_state["waiting"]

            def start(job: str, group: str, now: dict[str, Any] = next_state) -> None:
                go = not recheck or (now["open"] and LABEL in now["labels"])
                assert recheck or job != "preview", "a job that deploys or destroys must ask which"
                now["running"][group] = (job, go)

            if kind == "event":
                event, label = what, None
                if event == "labeled":
                    next_state["labels"].add(LABEL)
                    label = LABEL
                elif event == "unlabeled":
                    next_state["labels"].discard(LABEL)
                    label = LABEL
                elif event == "closed":
                    next_state["open"] = False
                elif event == "reopened":
                    next_state["open"] = True
                next_state["preparing"] += preview_jobs(event, label, next_state["labels"], flow)
                found = explore(next_state, remaining[1:], [*history, event])
            elif kind == "ready":  # its `target` job ended: it enters its group
                job, group = next_state["preparing"].pop(what)
                if group in running:
                    waiting[group] = job  # a newer waiting job replaces the older one
                else:
                    start(job, group)
                found = explore(next_state, remaining, [*history, f"{job} queued"])
            else:
                job, go = running.pop(what)
                # preview: deploys or destroys as the pull request was when it started; the old
                # deploy (no re-check: go) deploys, the old destroy destroys.
                next_state["exists"] = job != "destroy" and go
                if what in waiting:
                    start(waiting.pop(what), what)
                found = explore(next_state, remaining, [*history, f"{job} ends"])
            if found:
                return found
        return None

    initial = {"open": True, "labels": set(), "exists": False, "running": {}, "waiting": {}, "preparing": []}
    return explore(initial, events, [])


RACES = [
    ["labeled", "synchronize", "closed"],
    ["labeled", "synchronize", "unlabeled"],
    ["labeled", "closed", "reopened"],
    ["labeled", "unlabeled", "labeled", "closed"],
    ["labeled", "synchronize", "synchronize", "closed"],
]


def rechecks(reusable: dict[str, Any]) -> bool:
    """Whether the deploy asks if the preview is still wanted, and destroys when it is not."""
    job = reusable["jobs"]["terraform"]
    asks = any("tools.previews wanted" in str(s.get("run", "")) for s in steps(job))
    destroys = any(
        "steps.wanted.outputs.go == 'false'" in str(s.get("if", ""))
        and "apply_plans --destroy" in str(s.get("run", ""))
        for s in steps(job)
    )
    return asks and destroys


@pytest.mark.parametrize("events", RACES, ids=lambda events: "-".join(events))
def test_a_preview_deploy_queued_before_its_destroy_leaves_nothing(events: list[str]) -> None:
    flow = load_workflow("preview.yml")
    assert race_counterexample(flow, rechecks(load_workflow("terraform.yml")), events) is None


def test_the_old_preview_workflow_left_a_running_copy() -> None:
    """Seen failing: the workflow before this change (deploy and destroy jobs in groups of their
    own, no re-check) lets a deploy queued before the close end after the destroy; with one
    group but separate deploy and destroy jobs, a destroy queued late replaces a waiting deploy
    of a reopened pull request (so both jobs must ask what the pull request wants)."""
    old = yaml.safe_load((ROOT / "tests" / "fixtures" / "preview-before-issue-25.yml").read_text())
    history = race_counterexample(old, False, ["labeled", "synchronize", "closed"])
    assert history is not None and history[-1] == "deploy ends", history
    split = copy.deepcopy(old)
    for job in ("deploy", "destroy"):
        split["jobs"][job]["concurrency"]["group"] = "preview-${{ github.event.pull_request.number }}"
    assert race_counterexample(split, True, ["labeled", "closed", "reopened"]) is not None


def test_the_evaluator_reads_the_expressions_as_github_does() -> None:
    context = {"github": {"event": {"action": "closed", "pull_request": {"labels": [{"name": "a"}, {"name": "b"}]}}}}
    assert evaluate(
        "github.event.action == 'closed' && contains(github.event.pull_request.labels.*.name, 'b')", context
    )
    assert not evaluate(
        "(github.event.action == 'labeled') || contains(github.event.pull_request.labels.*.name, 'c')", context
    )
    assert evaluate("!(github.event.action != 'closed')", context)
    with pytest.raises(AssertionError):
        evaluate("github.event.action >= 'a'", context)


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


def test_a_cancelled_apply_or_preview_lets_terraform_stop_cleanly() -> None:
    """A cancel signals only the step's shell; the Terraform it started must still be asked to
    stop (it saves the state, releases its lock) within GitHub's 5-minute cancellation window."""
    job = load_workflow("terraform.yml")["jobs"]["terraform"]
    stops = [s for s in steps(job) if "tools.terraform_run stop" in s.get("run", "")]
    assert len(stops) == 1, "terraform.yml: no step stops Terraform after a cancel (tools.terraform_run stop)"
    [stop] = stops
    assert stop["if"] == "cancelled() && inputs.command != 'plan'"
    assert re.fullmatch(r"pipenv run python -m tools\.terraform_run stop --timeout \d+", stop["run"])
    timeout = int(stop["run"].rsplit(" ", 1)[1])
    assert timeout + 30 <= stop["timeout-minutes"] * 60 <= 300, "it must end within the 5-minute window"
    assert steps(job)[-1] is stop, "after every step that runs Terraform"
