"""The suite's shared synth (``tests/conftest.py``): one synth per set of inputs, whatever the
number of workers asking at once, and a new one when any input changes."""

from __future__ import annotations

import subprocess
import threading
import time
from pathlib import Path

from tests.conftest import cached_synth, synth_inputs_key


def test_workers_asking_at_once_share_one_synth_and_a_new_key_makes_a_new_one(tmp_path) -> None:
    made: list[Path] = []

    def synth(outdir: Path) -> None:
        made.append(outdir)
        time.sleep(0.3)  # long enough for every other worker to be waiting on the lock
        (outdir / "stacks" / "network-dev").mkdir(parents=True)

    results: list[Path] = []
    workers = [threading.Thread(target=lambda: results.append(cached_synth(tmp_path, "k1", synth))) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(made) == 1 and results == [tmp_path / "k1"] * 4
    assert cached_synth(tmp_path, "k1", synth) == tmp_path / "k1" and len(made) == 1  # a later run
    assert cached_synth(tmp_path, "k2", synth) == tmp_path / "k2" and len(made) == 2
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".k")], "a work folder was left behind"


def test_the_key_follows_sources_and_lockfiles_but_not_tests_or_docs(tmp_path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    for name in ("modules/x.py", "Pipfile.lock", "tests/test_x.py", "tests/conftest.py", "docs/a.md", "README.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("1\n")
    git("init", "-q")
    before = synth_inputs_key(tmp_path)
    for name in ("tests/test_x.py", "docs/a.md", "README.md"):
        (tmp_path / name).write_text("2\n")
        assert synth_inputs_key(tmp_path) == before, f"{name} changed the key"
    for name in ("modules/x.py", "Pipfile.lock", "tests/conftest.py"):
        (tmp_path / name).write_text("3\n")
        assert synth_inputs_key(tmp_path) != before, f"{name} did not change the key"
        before = synth_inputs_key(tmp_path)
    (tmp_path / "modules" / "new.py").write_text("")  # untracked files count too
    assert synth_inputs_key(tmp_path) != before
