"""tools/emulator.py: moto starts on a free loopback port, answers, and stops without a trace.
Each server test starts a real moto (about a second)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest

from tools import emulator as emulator_module
from tools.emulator import ROOT, Emulator, EmulatorError, main


def running(pid: int) -> bool:
    """A live process has a command line; an exited one has none (a zombie) or no /proc entry."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes() != b""
    except FileNotFoundError:
        return False


def gone(pid: int, timeout: float = 5.0) -> bool:
    """Whether the process has exited within ``timeout``."""
    deadline = time.monotonic() + timeout
    while running(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_runs_on_a_free_port_answers_over_verified_tls_and_stops(tmp_path: Path) -> None:
    with Emulator.run(state_dir=tmp_path) as emulator:
        assert emulator.port != 4566
        assert emulator.endpoint == f"https://127.0.0.1:{emulator.port}"
        assert emulator.healthy() and running(emulator.pid)
        record = json.loads(emulator.pid_file.read_text())
        assert record == {"pid": emulator.pid, "host": "127.0.0.1", "port": emulator.port, "tls": True}
        assert Emulator.recorded(emulator.port, tmp_path) == emulator

        # boto3 verifies the server's certificate through AWS_CA_BUNDLE: no verify=False anywhere.
        session = boto3.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name="eu-west-1")
        environ = emulator.environ()
        s3 = session.client("s3", endpoint_url=environ["AWS_ENDPOINT_URL"], verify=environ["AWS_CA_BUNDLE"])
        s3.create_bucket(Bucket="emulator-test", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["emulator-test"]
        pid = emulator.pid

    assert gone(pid)
    assert list(tmp_path.iterdir()) == [], "pid file, certificate, key and log are removed"
    assert Emulator.recorded(emulator.port, tmp_path) is None


def test_stops_the_server_when_the_block_fails_and_keeps_its_log(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="boom"), Emulator.run(tls=False, state_dir=tmp_path) as emulator:
        assert emulator.endpoint.startswith("http://127.0.0.1:")
        raise RuntimeError("boom")
    assert gone(emulator.pid)
    assert not emulator.pid_file.exists()
    assert [p.name for p in tmp_path.iterdir()] == [f"moto-{emulator.port}.log"]


def test_a_server_that_dies_while_starting_is_reported_with_its_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unusable_certificate(host: str, cert_file: Path, key_file: Path) -> None:
        cert_file.write_text("not a certificate")
        key_file.write_text("not a key")

    monkeypatch.setattr(emulator_module, "write_certificate", unusable_certificate)
    with pytest.raises(EmulatorError, match=r"^moto exited while starting on port \d+: .+ \(log: .+\.log\)$"):
        Emulator.start(0, state_dir=tmp_path)
    assert [p.suffix for p in tmp_path.iterdir()] == [".log"], "only the log is left, to read"


def test_environ_points_clients_at_the_emulator(tmp_path: Path) -> None:
    emulator = Emulator(host="127.0.0.1", port=45000, pid=1, tls=True, state_dir=tmp_path)
    assert emulator.environ("us-east-1") == {
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_REGION": "us-east-1",
        "AWS_ENDPOINT_URL": "https://127.0.0.1:45000",
        "LOCAL_AWS_ENDPOINT": "https://127.0.0.1:45000",
        "AWS_CA_BUNDLE": str(tmp_path / "moto-45000.pem"),
    }
    assert "AWS_CA_BUNDLE" not in Emulator(host="127.0.0.1", port=45000, pid=1, tls=False).environ()


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::1", "localhost", "example.com"])
def test_refuses_a_host_that_is_not_an_ipv4_loopback_address(host: str, tmp_path: Path) -> None:
    with pytest.raises(EmulatorError, match=f"host '{host}' is not a loopback address"):
        Emulator.start(0, host=host, state_dir=tmp_path)
    assert list(tmp_path.iterdir()) == [], "nothing was started or written"


def test_cli_refuses_a_non_loopback_host(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["start", "--host", "0.0.0.0", "--port", "0"]) == 1
    assert capsys.readouterr().err == (
        "error: host '0.0.0.0' is not a loopback address: the emulator binds only 127.0.0.0/8 (e.g. 127.0.0.1)\n"
    )


def test_refuses_a_port_already_in_use(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(EmulatorError, match=f"port {port} on 127.0.0.1 is in use"):
            Emulator.start(port, state_dir=tmp_path)


def test_cli_starts_reports_reuses_and_stops_a_background_server() -> None:
    def cli(*args: str) -> subprocess.CompletedProcess:
        env = {key: value for key, value in os.environ.items() if key != "LOCAL_AWS_ENDPOINT"}
        return subprocess.run(
            [sys.executable, "-m", "tools.emulator", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    started = cli("start", "--port", "0", "--http")
    assert started.returncode == 0, started.stderr
    endpoint = started.stdout.strip()
    port = endpoint.rsplit(":", 1)[1]
    try:
        assert endpoint == f"http://127.0.0.1:{port}"
        pid = json.loads((ROOT / ".moto" / f"moto-{port}.pid").read_text())["pid"]

        status = cli("status", "--port", port)
        assert (status.returncode, status.stdout) == (0, f"running at {endpoint} (pid {pid}), answering\n")
        again = cli("start", "--port", port, "--http")
        assert (again.returncode, again.stdout.strip()) == (0, endpoint)
        assert "reusing the emulator already running" in again.stderr
    finally:
        stopped = cli("stop", "--port", port)
    assert (stopped.returncode, stopped.stdout) == (0, f"stopped {endpoint} (pid {pid})\n")
    assert gone(pid)
    assert not (ROOT / ".moto" / f"moto-{port}.pid").exists()
    status = cli("status", "--port", port)
    assert (status.returncode, status.stdout) == (3, f"no emulator runs on port {port}\n")


def test_a_retried_create_of_a_load_balancer_or_target_group_returns_the_first_as_aws_does(tmp_path: Path) -> None:
    """The AWS SDK retries a create whose answer it lost; AWS answers with the resource it
    made. Plain moto made a second load balancer of the same name, which no state knew and
    destroy left behind (seen in CI), and refused the retried target group."""
    with Emulator.run(tls=False, state_dir=tmp_path) as emulator:
        session = boto3.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name="eu-west-1")
        ec2, elbv2 = (session.client(s, endpoint_url=emulator.endpoint) for s in ("ec2", "elbv2"))
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        subnets = [
            ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{n}.0/24", AvailabilityZone=f"eu-west-1{zone}")["Subnet"][
                "SubnetId"
            ]
            for n, zone in enumerate("ab")
        ]
        first, retried = (elbv2.create_load_balancer(Name="platform-api-test", Subnets=subnets) for _ in range(2))
        assert first["LoadBalancers"][0]["LoadBalancerArn"] == retried["LoadBalancers"][0]["LoadBalancerArn"]
        assert [lb["LoadBalancerName"] for lb in elbv2.describe_load_balancers()["LoadBalancers"]] == [
            "platform-api-test"
        ]
        group = dict(Name="platform-api-test", Protocol="HTTPS", Port=8443, VpcId=vpc, TargetType="ip")
        first, retried = (elbv2.create_target_group(**group) for _ in range(2))
        assert first["TargetGroups"][0]["TargetGroupArn"] == retried["TargetGroups"][0]["TargetGroupArn"]
        assert len(elbv2.describe_target_groups()["TargetGroups"]) == 1


def _email_events_round_trip(ses) -> None:
    """What destroying an e-mail configuration set's event destination asks of SES."""
    ses.create_configuration_set(ConfigurationSet={"Name": "platform-email-test"})
    destination = {
        "Name": "events",
        "Enabled": True,
        "MatchingEventTypes": ["bounce", "complaint", "delivery"],
        "SNSDestination": {"TopicARN": "arn:aws:sns:eu-west-1:123456789012:platform-email-events-test"},
    }
    ses.create_configuration_set_event_destination(
        ConfigurationSetName="platform-email-test", EventDestination=destination
    )
    ses.delete_configuration_set_event_destination(
        ConfigurationSetName="platform-email-test", EventDestinationName="events"
    )
    described = ses.describe_configuration_set(
        ConfigurationSetName="platform-email-test", ConfigurationSetAttributeNames=["eventDestinations"]
    )
    assert described["EventDestinations"] == []
    with pytest.raises(ses.exceptions.ClientError, match="EventDestinationDoesNotExist"):
        ses.delete_configuration_set_event_destination(
            ConfigurationSetName="platform-email-test", EventDestinationName="events"
        )


def test_an_email_event_destination_can_be_deleted_as_on_aws(tmp_path: Path) -> None:
    """Terraform destroys an ``aws_ses_event_destination`` with DeleteConfigurationSetEventDestination,
    which plain moto does not implement (the destroy failed); the emulator answers it."""
    with Emulator.run(tls=False, state_dir=tmp_path) as emulator:
        session = boto3.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name="eu-west-1")
        _email_events_round_trip(session.client("ses", endpoint_url=emulator.endpoint))


def test_plain_moto_cannot_delete_an_email_event_destination() -> None:
    """The gap the emulator fills: when moto implements the call, drop the fix."""
    from moto import mock_aws

    with mock_aws():
        ses = boto3.client("ses", region_name="eu-west-1", aws_access_key_id="test", aws_secret_access_key="test")
        with pytest.raises(NotImplementedError):
            _email_events_round_trip(ses)
