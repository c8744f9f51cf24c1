"""tools/reviewed_apply.py (what ``make bootstrap`` applies the state and ci stacks with) on a
tiny ``terraform_data`` stack: the report of a saved plan is shown before the confirmation, an
unconfirmed plan applies nothing, a confirmed one is applied as planned, and a second run has
no changes. It replaced ``terraform apply -auto-approve``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tools.bootstrap import terraform
from tools.reviewed_apply import NotApplied, reviewed_apply

pytestmark = pytest.mark.terraform


def stack(tmp_path: Path) -> Path:
    directory = tmp_path / "state-t"
    directory.mkdir()
    config = {
        "terraform": {"backend": {"local": {"path": "terraform.tfstate"}}},
        "resource": {"terraform_data": {"bucket": {"input": "state"}}},
    }
    (directory / "cdk.tf.json").write_text(json.dumps(config))
    assert terraform(directory, "init", "-input=false").returncode == 0
    return directory


def test_nothing_is_applied_unless_confirmed_after_the_report(tmp_path: Path, capsys) -> None:
    directory = stack(tmp_path)
    asked: list[str] = []

    def refuse() -> bool:
        asked.append(capsys.readouterr().out)  # what was shown before the question
        return False

    with pytest.raises(NotApplied, match="state-t: not confirmed, nothing applied"):
        reviewed_apply(directory, terraform, refuse)
    assert "## Terraform plan" in asked[0] and "terraform_data.bucket" in asked[0]
    assert not (directory / "terraform.tfstate").exists()
    assert not list(directory.glob("bootstrap.tfplan*")), "no saved plan is left behind"


def test_a_confirmed_plan_is_applied_and_then_there_is_nothing_to_do(tmp_path: Path) -> None:
    directory = stack(tmp_path)
    assert reviewed_apply(directory, terraform, lambda: True) == "applied its reviewed plan"
    assert json.loads((directory / "terraform.tfstate").read_text())["resources"][0]["type"] == "terraform_data"
    assert reviewed_apply(directory, terraform, lambda: pytest.fail("nothing to confirm")) == "no changes"
