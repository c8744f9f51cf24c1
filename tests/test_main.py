"""The synth contract other tools rely on: ``ENVIRONMENT=<name> [ENVIRONMENT_SUFFIX=..]
python main.py`` writes ``<outdir>/stacks/<component>-<suffix>/cdk.tf.json``; bad input
exits non-zero with one line per problem and writes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import main as entrypoint
from environments import named
from tests.conftest import ROOT
from tests.environments.test_schema import replace_path, use_environment


def run_main(tmp_path: Path, **variables: str) -> subprocess.CompletedProcess:
    environ = {
        k: v
        for k, v in os.environ.items()
        if k not in ("ENVIRONMENT", "ENVIRONMENT_SUFFIX", "STATE_BUCKET", "LOCAL_AWS_ENDPOINT")
    }
    environ.update(variables, CDKTF_OUTDIR=str(tmp_path / "out"))
    return subprocess.run(
        [sys.executable, "main.py"], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"ENVIRONMENT": "production"}, "error: ENVIRONMENT 'production' is unknown"),
        ({"ENVIRONMENT": "dev", "ENVIRONMENT_SUFFIX": "-x"}, "error: ENVIRONMENT_SUFFIX '-x' is invalid"),
        (
            {"ENVIRONMENT": "dev", "ENVIRONMENT_SUFFIX": "x" * 13},
            "error: ENVIRONMENT_SUFFIX 'xxxxxxxxxxxxx' is invalid",
        ),
        (
            {"ENVIRONMENT": "dev", "ENVIRONMENT_SUFFIX": "prod"},
            "error: ENVIRONMENT_SUFFIX 'prod' is reserved for the prod environment",
        ),
        ({"ENVIRONMENT": "prod", "ENVIRONMENT_SUFFIX": "pr1"}, "error: prod cannot be copied"),
        ({"ENVIRONMENT": "dev", "ENVIRONMENT_SUFFIX": "pr_1"}, "error: ENVIRONMENT_SUFFIX 'pr_1' is invalid"),
        ({"ENVIRONMENT": "local", "LOCAL_AWS_ENDPOINT": "http://example.com"}, "must be a loopback URL"),
    ],
)
def test_bad_variables_exit_2_with_one_line_and_write_nothing(tmp_path: Path, variables: dict, message: str) -> None:
    result = run_main(tmp_path, **variables)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and result.stderr.startswith("error: ")
    assert message in result.stderr
    assert not (tmp_path / "out").exists()


def test_bad_configuration_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = replace_path(named("dev"), "network.cidr", "10.0.0.0/12")
    use_environment(monkeypatch, broken)
    monkeypatch.setenv("ENVIRONMENT", "dev")
    monkeypatch.setenv("CDKTF_OUTDIR", str(tmp_path / "out"))
    assert entrypoint.main() == 2
    assert not (tmp_path / "out").exists()


def test_an_ephemeral_environment_synthesizes_every_stack(tmp_path: Path) -> None:
    result = run_main(tmp_path, ENVIRONMENT="dev", ENVIRONMENT_SUFFIX="pr1234")
    assert result.returncode == 0, result.stderr
    stacks = sorted(p.name for p in (tmp_path / "out" / "stacks").iterdir())
    assert stacks and all(name.endswith("-pr1234") for name in stacks)
    assert all((tmp_path / "out" / "stacks" / name / "cdk.tf.json").is_file() for name in stacks)
    assert "Node 20" not in result.stdout + result.stderr  # no end-of-life banner in normal output


def test_a_failure_after_the_folder_was_made_removes_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Validation catches what it knows before anything is written; should building fail after
    all (a name the Namer refuses), the output folder this run made is removed again."""
    import stacks
    from environments.naming import NamingError

    def failing(app, environment):
        assert (tmp_path / "out").is_dir()  # the App made it
        raise NamingError("name 'x' (ALB) is invalid: change the component")

    monkeypatch.setattr(stacks, "build_platform", failing)
    monkeypatch.setenv("ENVIRONMENT", "dev")
    monkeypatch.delenv("ENVIRONMENT_SUFFIX", raising=False)
    monkeypatch.setenv("CDKTF_OUTDIR", str(tmp_path / "out"))
    assert entrypoint.main() == 2
    assert not (tmp_path / "out").exists()
