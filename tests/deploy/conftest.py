"""The shared emulator deployment of the deploy tests: one ``local`` platform, deployed once per
run through saved plans as ``make up`` does, read by every ``tests/deploy/test_*.py`` module
(each component's tests live in a module of their own) and destroyed by the test marked
``destroys``, which runs after all the others; tests marked ``after_destroy`` (a component's
"nothing of mine is left") run after it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest

from tests.conftest import ROOT
from tools.emulator import Emulator


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked ``destroys`` run after every other (which read the deployment first), and
    those marked ``after_destroy`` after them."""

    def phase(item: pytest.Item) -> int:
        return 2 if item.get_closest_marker("after_destroy") else 1 if item.get_closest_marker("destroys") else 0

    items.sort(key=phase)


REGION = "us-east-1"
WAVES = (("network",), ("identity", "messaging"), ("data",), ("service",), ("edge",))
"""Deploy order, as tools.plan_stacks derives it from the remote-state references (messaging reads
the network's zone for the e-mail records): stacks in one wave do not depend on each other and
apply in parallel."""
TIMINGS: dict[str, float] = {}
"""Wall times of the deploy steps, printed at the end of the run (tests/conftest.py)."""
_REPORTED: set[str] = set()


@pytest.fixture(autouse=True)
def _report_timings(request: pytest.FixtureRequest):
    """Hand each new timing to the end-of-run summary, with the test that measured it."""
    yield
    for label in TIMINGS.keys() - _REPORTED:
        _REPORTED.add(label)
        request.node.user_properties.append(("local deploy (moto)", f"{label:<28} {TIMINGS[label]:7.1f} s"))


class Deployment:
    def __init__(self, emulator: Emulator, workdir: Path) -> None:
        self.emulator = emulator
        self.outdir = workdir / "cdktf.out"
        self.state_file = workdir / "terraform.state-local.tfstate"
        self.bootstrap_state_dir = workdir / ".state"
        self.env = {
            **os.environ,
            **emulator.environ(REGION),
            "TF_IN_AUTOMATION": "1",
            "CHECKPOINT_DISABLE": "1",
            "ENVIRONMENT": "local",
            "ENVIRONMENT_SUFFIX": "",
            "CDKTF_OUTDIR": str(self.outdir),
            # Its own bootstrap state: the deploy groups bootstrap `local` side by side.
            "BOOTSTRAP_STATE_DIR": str(self.bootstrap_state_dir),
        }
        self.env.pop("STATE_BUCKET", None)
        # Terraform finds the emulator through the synthesized provider and backend settings
        # only, as in `make up`: a global endpoint would hide a service missing from them.
        self.env.pop("AWS_ENDPOINT_URL", None)
        self.env.pop("GITHUB_ACTIONS", None)  # the local wording of the tools' hints

    def synth(self) -> None:
        subprocess.run([sys.executable, "main.py"], cwd=ROOT, env=self.env, check=True, capture_output=True)

    def stack_dir(self, component: str) -> Path:
        return self.outdir / "stacks" / f"{component}-local"

    def terraform(self, component: str, *args: str, check: bool = True, **popen) -> subprocess.CompletedProcess:
        result = subprocess.run(
            ["terraform", *args, "-no-color"],
            cwd=self.stack_dir(component),
            env=self.env,
            capture_output=True,
            text=True,
            **popen,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"terraform {' '.join(args)} in {component}-local failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
            )
        return result

    def init(self, component: str, *extra: str) -> None:
        self.terraform(component, "init", "-input=false", *extra)

    def plan_exit_code(self, component: str) -> tuple[int, str]:
        result = self.terraform(
            component, "plan", "-detailed-exitcode", "-input=false", "-lock-timeout=60s", check=False
        )
        return result.returncode, result.stdout + result.stderr

    def outputs(self, component: str) -> dict:
        return json.loads(self.terraform(component, "output", "-json").stdout)

    def bootstrap(self) -> None:
        """The state bucket, as ``make bootstrap`` makes it: through ``tools.bootstrap`` when the
        state stack keeps its state in its own bucket, else with a local state file."""
        config = json.loads((self.stack_dir("state") / "cdk.tf.json").read_text())
        if "s3" in config["terraform"].get("backend", {}):
            made = self.tool("bootstrap")
            assert made.returncode == 0, f"{made.stdout[-3000:]}\n{made.stderr[-3000:]}"
            return
        self.init("state", f"-backend-config=path={self.state_file}")
        self.terraform("state", "apply", "-auto-approve", "-input=false")

    def tool(self, module: str, *args: str) -> subprocess.CompletedProcess:
        """``python -m tools.<module>`` on this deployment's synth output, as make runs it."""
        return subprocess.run(
            [sys.executable, "-m", f"tools.{module}", "--suffix", "local", "--outdir", str(self.outdir), *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
        )

    def client(self, service: str):
        return boto3.client(
            service,
            region_name=REGION,
            endpoint_url=self.emulator.endpoint,
            aws_access_key_id="test",
            aws_secret_access_key="test",
            verify=self.env.get("AWS_CA_BUNDLE", False),
        )


@pytest.fixture(scope="session")
def deployment(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest):
    workdir = tmp_path_factory.mktemp("local-deploy")
    failed_before = request.session.testsfailed
    emulator = Emulator.start(0)
    try:
        yield deploy_everything(emulator, workdir)
    finally:
        failed = request.session.testsfailed > failed_before or sys.exc_info()[0] is not None
        emulator.stop(keep_log=failed)
        if failed:  # moto's 5xx answers, in the run's output: the log itself is on this machine only
            errors = [line for line in emulator.log_file.read_text().splitlines() if '" 5' in line]
            with request.config.pluginmanager.getplugin("capturemanager").global_and_fixture_disabled():
                print(
                    f"\nmoto's log is kept: {emulator.log_file}; its 5xx answers: {len(errors)}",
                    *errors[-20:],
                    sep="\n",
                )


def deploy_everything(emulator: Emulator, workdir: Path) -> Deployment:
    """``make up``: bootstrap, then each level planned into saved plans and exactly those applied."""
    deployment = Deployment(emulator, workdir)
    deployment.synth()
    start = time.perf_counter()
    deployment.bootstrap()
    deployed = deployment.tool("apply_plans", "--deploy", "--plans", str(workdir / "plans"))
    if deployed.returncode != 0:
        output = deployed.stdout + deployed.stderr
        # Terraform's own errors first: the tail of the output is often a plan's long JSON.
        errors = [line for line in output.splitlines() if "Error: " in line and len(line) < 2000]
        raise AssertionError("\n".join([*errors[:30], output[-3000:]]))
    applied = [
        line.removesuffix("-local: applied") for line in deployed.stdout.splitlines() if line.endswith(": applied")
    ]
    waves, position = [], 0
    for wave in WAVES:  # the stacks of one wave apply side by side, in either order
        waves.append(tuple(sorted(applied[position : position + len(wave)])))
        position += len(wave)
    assert (waves, len(applied)) == ([tuple(sorted(wave)) for wave in WAVES], position), applied
    TIMINGS["plan + apply, all stacks"] = time.perf_counter() - start
    return deployment
