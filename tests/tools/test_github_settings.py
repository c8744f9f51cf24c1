"""tools/github_settings.py against a fake GitHub API: the checklist of docs/plan-review.md
passes when every setting is in place, each missing setting is one line, and without a token
it says it skipped."""

from __future__ import annotations

import copy

import pytest

from tools import github_settings
from tools.github_settings import expected_roles, problems

REPO = "example-org/platform"


def good_settings() -> dict[str, object]:
    answers: dict[str, object] = {}
    for name, protected in (("dev", False), ("staging", True), ("prod", True)):
        for github_name, arn in expected_roles(name).items():
            settings: dict = {"name": github_name, "protection_rules": [], "deployment_branch_policy": None}
            if github_name == name:
                settings["deployment_branch_policy"] = {"protected_branches": False, "custom_branch_policies": True}
                answers[f"repos/{REPO}/environments/{name}/deployment-branch-policies"] = {
                    "branch_policies": [{"name": "main"}]
                }
                if protected:
                    settings["protection_rules"] = [
                        {"type": "required_reviewers", "prevent_self_review": True, "reviewers": [{"type": "Team"}]}
                    ]
            answers[f"repos/{REPO}/environments/{github_name}"] = settings
            answers[f"repos/{REPO}/environments/{github_name}/variables/AWS_ROLE_ARN"] = {"value": arn}
    answers[f"repos/{REPO}/branches/main/protection"] = {
        "required_pull_request_reviews": {"require_code_owner_reviews": True},
        "required_status_checks": {"checks": [{"context": "lint, test, synth"}, {"context": "plan report"}]},
    }
    return answers


class FakeGitHub:
    repository = REPO

    def __init__(self, answers: dict[str, object]) -> None:
        self.answers = answers

    def get(self, path: str):
        return copy.deepcopy(self.answers.get(path))


def test_the_checklist_passes_when_everything_is_in_place() -> None:
    assert problems(FakeGitHub(good_settings())) == []


@pytest.mark.parametrize(
    ("break_it", "line"),
    [
        (
            lambda a: a[f"repos/{REPO}/environments/prod"].update(protection_rules=[]),
            "GitHub environment prod: no required reviewers (a protected environment)",
        ),
        (
            lambda a: a[f"repos/{REPO}/environments/staging"]["protection_rules"][0].update(prevent_self_review=False),
            "GitHub environment staging: reviewers may approve their own runs: turn on 'Prevent self-review'",
        ),
        (
            lambda a: a[f"repos/{REPO}/environments/dev"].update(deployment_branch_policy=None),
            "GitHub environment dev: deployment branches are all, not only main",
        ),
        (
            lambda a: a.pop(f"repos/{REPO}/environments/dev-preview"),
            "GitHub environment dev-preview is missing",
        ),
        (
            lambda a: a[f"repos/{REPO}/environments/prod/variables/AWS_ROLE_ARN"].update(
                value="arn:aws:iam::333333333333:role/admin"
            ),
            "GitHub environment prod: AWS_ROLE_ARN is arn:aws:iam::333333333333:role/admin, not "
            "arn:aws:iam::333333333333:role/ci/platform-ci-deploy-prod",
        ),
        (
            lambda a: a[f"repos/{REPO}/branches/main/protection"]["required_pull_request_reviews"].update(
                require_code_owner_reviews=False
            ),
            "branch main: pull requests do not require code-owner reviews",
        ),
        (
            lambda a: a[f"repos/{REPO}/branches/main/protection"]["required_status_checks"]["checks"].pop(),
            "branch main: the status check 'plan report' is not required",
        ),
    ],
)
def test_each_missing_setting_is_one_line(break_it, line: str) -> None:
    answers = good_settings()
    break_it(answers)
    found = problems(FakeGitHub(answers))
    assert len(found) == 1 and found[0].startswith(line), found


def test_without_a_token_it_says_it_skipped(capsys) -> None:
    assert github_settings.main({}) == 0
    assert capsys.readouterr().out.startswith("skipped: GITHUB_TOKEN")
