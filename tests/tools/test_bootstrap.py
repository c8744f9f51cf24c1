"""tools.bootstrap: where the first run keeps the state stack's local state."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools import bootstrap


@pytest.mark.parametrize(
    "environ, argv, expected",
    [
        ({}, [], bootstrap.LOCAL_STATE_DIR),
        ({"BOOTSTRAP_STATE_DIR": "/tmp/group-a"}, [], Path("/tmp/group-a")),
        ({"BOOTSTRAP_STATE_DIR": "/tmp/group-a"}, ["--state-dir", "/tmp/group-b"], Path("/tmp/group-b")),
    ],
)
def test_the_local_state_goes_where_it_is_told(monkeypatch, tmp_path, environ, argv, expected) -> None:
    """Two emulators bootstrapping the same suffix side by side (the suite's deploy groups) each
    keep their own file: one shared .state/state-local.tfstate made one group's apply fail on the
    other's lock (CI, 2026-12-04)."""
    monkeypatch.delenv("BOOTSTRAP_STATE_DIR", raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    seen: list[Path] = []

    def fake_bootstrap(stack_dir: Path, suffix: str, *, echo: bool = True, state_dir: Path = Path()) -> str:
        seen.append(state_dir)
        return "done"

    monkeypatch.setattr(bootstrap, "bootstrap", fake_bootstrap)
    monkeypatch.setattr(bootstrap, "bootstrap_ci", lambda stack_dir, suffix: "done")
    assert bootstrap.main(["--suffix", "x", "--outdir", str(tmp_path), *argv]) == 0
    assert seen == [expected]
    assert bootstrap.local_state_path("x", expected) == expected / "state-x.tfstate"
