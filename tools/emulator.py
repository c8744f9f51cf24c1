"""Run moto as a local AWS API, on a loopback address only.

    python -m tools.emulator start [--port N] [--http]   # prints the endpoint URL
    python -m tools.emulator status [--port N]           # exit 0 running, 3 not running
    python -m tools.emulator stop [--port N]

``start`` runs moto's server (``python -m tools.emulator serve -H 127.0.0.1 -p PORT``: moto's
``moto_server``, with the fixes ``serve`` names) in the background with
``MOTO_IAM_LOAD_MANAGED_POLICIES=true``, records it in
``.moto/moto-<port>.pid`` (JSON: pid, host, port, tls), waits until it answers and prints the
endpoint; when one already runs there it is reused. ``--port 0`` picks a free port. The
server's output goes to ``.moto/moto-<port>.log``, removed by a clean stop.

The defaults come from ``LOCAL_AWS_ENDPOINT`` (``set-env.sh`` exports it for ``local``), else
``https://127.0.0.1:4566``, the ``local`` environment's default endpoint. For HTTPS a
self-signed certificate for the loopback address is written next to the pid file;
``environ()`` names it in ``AWS_CA_BUNDLE`` so boto3 and Terraform verify it.

Tests use the context manager, which always stops the server::

    with Emulator.run() as emulator:                 # a free port
        subprocess.run([...], env={**os.environ, **emulator.environ()})
"""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import json
import os
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tools import emulator_elasticache

ROOT = Path(__file__).resolve().parent.parent
STATE_DIR = ROOT / ".moto"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 4566
DEFAULT_REGION = "eu-west-1"
DEFAULT_ENDPOINT = f"https://{DEFAULT_HOST}:{DEFAULT_PORT}"
START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0
NOT_RUNNING = 3
"""``status`` exit code when nothing runs on the port (as LSB init scripts use it)."""


class EmulatorError(Exception):
    """A one-line, actionable reason the emulator could not be started or found."""


@dataclass(frozen=True)
class Emulator:
    """A moto server this module started (or found recorded in its pid file)."""

    host: str
    port: int
    pid: int
    tls: bool
    state_dir: Path = STATE_DIR
    process: subprocess.Popen | None = field(default=None, compare=False, repr=False)
    """Set when this process started the server: needed to reap it on stop."""

    @property
    def endpoint(self) -> str:
        return f"{'https' if self.tls else 'http'}://{self.host}:{self.port}"

    @property
    def pid_file(self) -> Path:
        return pid_file(self.state_dir, self.port)

    @property
    def log_file(self) -> Path:
        """The server's output; kept after a failure (see ``stop``)."""
        return log_file(self.state_dir, self.port)

    @property
    def cert_file(self) -> Path:
        return cert_file(self.state_dir, self.port)

    @property
    def key_file(self) -> Path:
        return key_file(self.state_dir, self.port)

    def environ(self, region: str = DEFAULT_REGION) -> dict[str, str]:
        """Variables that point boto3, the AWS CLI and Terraform at this server (to merge into
        ``os.environ``). ``LOCAL_AWS_ENDPOINT`` is the project's own (``set-env.sh``)."""
        variables = {
            "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test",
            "AWS_DEFAULT_REGION": region,
            "AWS_REGION": region,
            "AWS_ENDPOINT_URL": self.endpoint,
            "LOCAL_AWS_ENDPOINT": self.endpoint,
        }
        if self.tls:
            variables["AWS_CA_BUNDLE"] = str(self.cert_file)
        return variables

    def alive(self) -> bool:
        if self.process is not None:
            return self.process.poll() is None
        return _is_moto(self.pid)

    def healthy(self) -> bool:
        """Whether the server answers ``GET /moto-api/`` with 200."""
        try:
            context = ssl.create_default_context(cafile=str(self.cert_file)) if self.tls else None
            with urllib.request.urlopen(f"{self.endpoint}/moto-api/", timeout=2, context=context) as response:
                return response.status == 200
        except (OSError, urllib.error.URLError):
            return False

    def stop(self, timeout: float = STOP_TIMEOUT, *, keep_log: bool = False) -> None:
        """SIGTERM, then SIGKILL after ``timeout`` seconds; removes the pid file, the
        certificate and, unless ``keep_log`` (to read after a failure), the server's log."""
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        elif _is_moto(self.pid):
            _terminate(self.pid, timeout)
        for path in (self.pid_file, self.cert_file, self.key_file):
            path.unlink(missing_ok=True)
        if not keep_log:
            self.log_file.unlink(missing_ok=True)

    @classmethod
    def start(
        cls,
        port: int = DEFAULT_PORT,
        *,
        host: str = DEFAULT_HOST,
        tls: bool = True,
        state_dir: Path = STATE_DIR,
        timeout: float = START_TIMEOUT,
    ) -> Emulator:
        """Start a server and wait until it answers; ``port=0`` picks a free port."""
        check_loopback(host)
        port = port or free_port(host)
        recorded = cls.recorded(port, state_dir)
        if recorded is not None:
            raise EmulatorError(
                f"an emulator already runs at {recorded.endpoint} (pid {recorded.pid}): "
                f"stop it first (python -m tools.emulator stop --port {port})"
            )
        check_port_free(host, port)
        state_dir.mkdir(parents=True, exist_ok=True)
        if tls:
            write_certificate(host, cert_file(state_dir, port), key_file(state_dir, port))
        process = _spawn(host, port, tls, state_dir)
        emulator = cls(host=host, port=port, pid=process.pid, tls=tls, state_dir=state_dir, process=process)
        emulator.pid_file.write_text(json.dumps({"pid": process.pid, "host": host, "port": port, "tls": tls}))
        try:
            emulator.wait_until_healthy(timeout)
        except BaseException:
            emulator.stop(keep_log=True)
            raise
        return emulator

    def wait_until_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not self.healthy():
            if not self.alive():
                raise EmulatorError(f"moto exited while starting on port {self.port}: {self._last_log_line()}")
            if time.monotonic() > deadline:
                raise EmulatorError(
                    f"moto did not answer at {self.endpoint} within {timeout:.0f} s: {self._last_log_line()}"
                )
            time.sleep(0.1)

    def _last_log_line(self) -> str:
        lines = self.log_file.read_text(errors="replace").strip().splitlines()
        return f"{lines[-1] if lines else 'no output'} (log: {self.log_file})"

    @classmethod
    def recorded(cls, port: int = DEFAULT_PORT, state_dir: Path = STATE_DIR) -> Emulator | None:
        """The server recorded for ``port`` if it still runs; a stale pid file is removed."""
        path = pid_file(state_dir, port)
        try:
            record = json.loads(path.read_text())
            emulator = cls(
                host=record["host"], port=record["port"], pid=record["pid"], tls=record["tls"], state_dir=state_dir
            )
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError) as error:
            raise EmulatorError(f"{path} is not a pid file written by tools.emulator ({error}): remove it") from error
        if emulator.alive():
            return emulator
        path.unlink(missing_ok=True)
        return None

    @classmethod
    @contextlib.contextmanager
    def run(cls, port: int | None = None, *, tls: bool = True, state_dir: Path = STATE_DIR) -> Iterator[Emulator]:
        """A running server for the ``with`` block (a free port when ``port`` is None),
        stopped on the way out whatever happens inside."""
        emulator = cls.start(port or 0, tls=tls, state_dir=state_dir)
        try:
            yield emulator
        except BaseException:
            emulator.stop(keep_log=True)
            raise
        emulator.stop()


def pid_file(state_dir: Path, port: int) -> Path:
    return state_dir / f"moto-{port}.pid"


def log_file(state_dir: Path, port: int) -> Path:
    return state_dir / f"moto-{port}.log"


def cert_file(state_dir: Path, port: int) -> Path:
    return state_dir / f"moto-{port}.pem"


def key_file(state_dir: Path, port: int) -> Path:
    return state_dir / f"moto-{port}.key"


def check_loopback(host: str) -> None:
    """Only an IPv4 loopback address (127.0.0.0/8): the emulator must never be reachable
    from another machine, since it accepts any credentials."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if address is None or address.version != 4 or not address.is_loopback:
        raise EmulatorError(
            f"host {host!r} is not a loopback address: the emulator binds only 127.0.0.0/8 (e.g. {DEFAULT_HOST})"
        )


def check_port_free(host: str, port: int) -> None:
    """Refuse a busy port up front: otherwise the health check could be answered by
    whatever already listens there while our server fails to bind."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as error:
            raise EmulatorError(
                f"port {port} on {host} is in use ({error.strerror}): "
                f"choose another with --port, or --port 0 for a free one"
            ) from error


def free_port(host: str = DEFAULT_HOST) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def write_certificate(host: str, cert_file: Path, key_file: Path) -> None:
    """A self-signed certificate for ``host`` (and ``localhost``), valid for 30 days."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "moto emulator")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(host)), x509.DNSName("localhost")]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_file.touch(mode=0o600)
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))


def serve(argv: list[str]) -> None:
    """moto's server (``moto_server``'s arguments), made to answer as AWS does where the
    deploy depends on it: CreateLoadBalancer and CreateTargetGroup are idempotent by name.
    The AWS SDK retries a create whose answer was lost (a reset connection, a 5xx under load);
    AWS then returns the resource it made, while moto makes a second load balancer of the same
    name (in no state, so destroy leaves it behind) or refuses the target group as a duplicate.
    The fix is applied when moto first loads its ELBv2 backend (importing it costs a second).
    SES: moto has no DeleteConfigurationSetEventDestination, so destroying an e-mail
    configuration set's event destination failed; it is added (``_ses_event_destinations_deletable``).
    ElastiCache: what a Valkey replication group's apply / destroy needs (``tools/emulator_elasticache.py``).
    API Gateway v2: moto has no GetAuthorizers (the HTTP API's authorizer is adopted and checked
    by listing them); it is added (``_apigatewayv2_authorizers_listed``). A custom domain name's
    configuration comes back as it was sent, without the status the provider waits for and the
    target name and zone its alias record points at (``_apigatewayv2_domain_names_available``)."""
    import moto.backends

    load = moto.backends.get_backend

    def get_backend(name):
        found = load(name)
        if name in ("elb", "elbv2"):  # one endpoint serves both APIs: the app is made as "elb"
            _elbv2_creates_once_by_name()
        if name == "ses":
            _ses_event_destinations_deletable()
        if name == "elasticache":
            emulator_elasticache.apply()
        if name in ("apigateway", "apigatewayv2"):
            _apigatewayv2_authorizers_listed()
            _apigatewayv2_domain_names_available()
        return found

    moto.backends.get_backend = get_backend  # the server looks it up there
    from moto.server import main as moto_server

    moto_server(argv)


def _elbv2_creates_once_by_name() -> None:
    from moto.elbv2.models import ELBv2Backend

    with _PATCHING:
        if not getattr(ELBv2Backend, "_creates_once_by_name", False):
            for method, registry in (
                ("create_load_balancer", "load_balancers"),
                ("create_target_group", "target_groups"),
            ):
                setattr(ELBv2Backend, method, _once_by_name(getattr(ELBv2Backend, method), registry))
            ELBv2Backend._creates_once_by_name = True  # type: ignore[attr-defined]


_PATCHING = threading.Lock()


def _ses_event_destinations_deletable() -> None:
    """``DeleteConfigurationSetEventDestination`` as AWS answers it: the destination is gone
    (moto keeps one per configuration set), or ``EventDestinationDoesNotExist``."""
    from moto.core.responses import EmptyResult
    from moto.ses.exceptions import SesError
    from moto.ses.responses import EmailResponse

    class EventDestinationDoesNotExist(SesError):
        code = "EventDestinationDoesNotExist"

        def __init__(self, name: str) -> None:
            super().__init__(f"No EventDestination found for {name}")

    def delete_configuration_set_event_destination(self):  # noqa: ANN001, ANN202 - moto's handler shape
        configuration_set = self._get_param("ConfigurationSetName")
        name = self._get_param("EventDestinationName")
        self.backend.describe_configuration_set(configuration_set)  # ConfigurationSetDoesNotExist
        destinations = self.backend.config_set_event_destination
        if (destinations.get(configuration_set) or {}).get("Name") != name:
            raise EventDestinationDoesNotExist(name)
        del destinations[configuration_set]
        return EmptyResult()

    with _PATCHING:
        if not hasattr(EmailResponse, "delete_configuration_set_event_destination"):
            EmailResponse.delete_configuration_set_event_destination = delete_configuration_set_event_destination  # type: ignore[attr-defined]


def _apigatewayv2_authorizers_listed() -> None:
    """``GetAuthorizers`` as AWS answers it: the API's authorizers (``NotFoundException`` for an
    unknown API, as moto's other list calls)."""
    from moto.apigatewayv2.responses import ApiGatewayV2Response

    def get_authorizers(self):  # noqa: ANN001, ANN202 - moto's handler shape
        api_id = self.path.split("/")[-2]
        api = self.apigatewayv2_backend.get_api(api_id)
        return 200, {}, json.dumps({"items": [a.to_json() for a in api.authorizers.values()]})

    with _PATCHING:
        if not hasattr(ApiGatewayV2Response, "get_authorizers"):
            ApiGatewayV2Response.get_authorizers = get_authorizers  # type: ignore[attr-defined]


REGIONAL_API_ZONES = {"us-east-1": "Z1UJRXOUMOOFQ8", "eu-west-1": "ZLY8HYME6SFDD", "eu-central-1": "Z1U9ULNL0V5AJ3"}
"""API Gateway's hosted zone of regional custom domains, per region (AWS's published list)."""


def _apigatewayv2_domain_names_available() -> None:
    """``CreateDomainName`` as AWS answers it: each configuration ``AVAILABLE``, with the
    regional target name (``d-<id>.execute-api.<region>.amazonaws.com``) and its hosted zone, and
    no empty ``MutualTlsAuthentication`` (the provider then plans to remove a block it never had)."""
    import random
    import string

    from moto.apigatewayv2.models import ApiGatewayV2Backend, DomainName

    def without_empty_mutual_tls(to_json):  # noqa: ANN001, ANN202 - wraps moto's method
        def domain_to_json(self):  # noqa: ANN001, ANN202
            answer = to_json(self)
            if not answer.get("mutualTlsAuthentication"):
                answer.pop("mutualTlsAuthentication", None)  # AWS leaves it out without mutual TLS
            return answer

        return domain_to_json

    def available(create):  # noqa: ANN001, ANN202 - wraps moto's method
        def create_domain_name(self, domain_name: str, domain_name_configurations, *args, **kwargs):  # noqa: ANN001, ANN202
            region = self.region_name
            for configuration in domain_name_configurations or []:
                target = "d-" + "".join(random.choices(string.ascii_lowercase + string.digits, k=10))
                configuration.setdefault("domainNameStatus", "AVAILABLE")
                configuration.setdefault("apiGatewayDomainName", f"{target}.execute-api.{region}.amazonaws.com")
                configuration.setdefault(
                    "hostedZoneId", REGIONAL_API_ZONES.get(region, REGIONAL_API_ZONES["us-east-1"])
                )
            return create(self, domain_name, domain_name_configurations, *args, **kwargs)

        return create_domain_name

    with _PATCHING:
        if not getattr(ApiGatewayV2Backend, "_domain_names_available", False):
            ApiGatewayV2Backend.create_domain_name = available(ApiGatewayV2Backend.create_domain_name)  # type: ignore[method-assign]
            DomainName.to_json = without_empty_mutual_tls(DomainName.to_json)  # type: ignore[method-assign]
            ApiGatewayV2Backend._domain_names_available = True  # type: ignore[attr-defined]


def _once_by_name(create, registry: str):
    """``create(backend, name, ...)`` that returns the backend's resource of that name if it
    has one (``registry``: the backend's dict of them)."""

    def create_once(backend, name: str, *args, **kwargs):
        for resource in getattr(backend, registry).values():
            if resource.name == name:
                return resource
        return create(backend, name, *args, **kwargs)

    return create_once


def _spawn(host: str, port: int, tls: bool, state_dir: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "tools.emulator", "serve", "-H", host, "-p", str(port)]
    if tls:
        command += ["-c", str(cert_file(state_dir, port)), "-k", str(key_file(state_dir, port))]
    # ACM issues a DNS-validated certificate after MOTO_ACM_VALIDATION_WAIT seconds (moto's default: 60).
    env = {"MOTO_ACM_VALIDATION_WAIT": "5", **os.environ, "MOTO_IAM_LOAD_MANAGED_POLICIES": "true"}
    with log_file(state_dir, port).open("w") as log:
        # Own session: the server outlives `start` and ignores the terminal's Ctrl-C.
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _is_moto(pid: int) -> bool:
    """Whether ``pid`` is a live moto server, so a reused pid is never signalled."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return False
    except OSError:  # no /proc (macOS): trust the pid file if the process exists
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    return b"moto.server" in command or b"moto_server" in command or b"tools.emulator\0serve" in command


def _terminate(pid: int, timeout: float) -> None:
    """Stop a server started by another process (the CLI's ``start``)."""
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _is_moto(pid):
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            return
        time.sleep(0.1)


def endpoint_defaults(endpoint: str) -> tuple[str, int, bool]:
    """``(host, port, tls)`` of an endpoint URL such as ``https://127.0.0.1:4566``."""
    url = urllib.parse.urlsplit(endpoint)
    if url.scheme not in ("http", "https") or not url.hostname:
        raise EmulatorError(f"LOCAL_AWS_ENDPOINT {endpoint!r} is not an http(s) URL such as https://127.0.0.1:4566")
    tls = url.scheme == "https"
    return url.hostname, url.port or (443 if tls else 80), tls


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["serve"]:  # the server process itself (``_spawn``), moto's own arguments
        serve(argv[1:])
        return 0
    parser = argparse.ArgumentParser(prog="python -m tools.emulator", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("start", "stop", "status"))
    parser.add_argument("--port", type=int, help="default: LOCAL_AWS_ENDPOINT's, else 4566; 0: a free port (start)")
    parser.add_argument("--host", help="a loopback address (default: LOCAL_AWS_ENDPOINT's, else 127.0.0.1)")
    parser.add_argument("--http", action="store_true", help="plain HTTP instead of HTTPS (start)")
    args = parser.parse_args(argv)
    try:
        host, port, tls = endpoint_defaults(os.environ.get("LOCAL_AWS_ENDPOINT") or DEFAULT_ENDPOINT)
        host, port, tls = args.host or host, port if args.port is None else args.port, tls and not args.http
        if args.command == "start":
            return start(host, port, tls)
        emulator = Emulator.recorded(port)
        if emulator is None:
            print(f"no emulator runs on port {port}")
            return 0 if args.command == "stop" else NOT_RUNNING
        if args.command == "stop":
            emulator.stop()
            print(f"stopped {emulator.endpoint} (pid {emulator.pid})")
        else:
            state = "answering" if emulator.healthy() else "NOT answering"
            print(f"running at {emulator.endpoint} (pid {emulator.pid}), {state}")
        return 0
    except EmulatorError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


def start(host: str, port: int, tls: bool) -> int:
    """The CLI's ``start``: reuse the server recorded on the port when it matches."""
    running = Emulator.recorded(port) if port else None
    if running is not None and running.tls == tls and running.host == host:
        print(f"reusing the emulator already running (pid {running.pid})", file=sys.stderr)
        print(running.endpoint)
        return 0
    print(Emulator.start(port, host=host, tls=tls).endpoint)
    return 0


if __name__ == "__main__":
    sys.exit(main())
