"""Per function, in every synthesized environment: its role reaches exactly what its grants name
(as a service's task role, ``test_service_grants``) plus what running needs: its own log group,
network interfaces, its own dead-letter queue and the service key (via SQS and Lambda only),
X-Ray only with ``tracing``."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.conftest import environment_of, suffixes
from tests.security.test_service_grants import expected, reached

RUNNING = {"WriteItsLogs", "AttachToTheVpc", "DeadLetters", "EncryptDeadLetters", "DecryptItsVariables", "Traces"}
CASES = [(suffix, spec.name) for suffix in suffixes() for spec in environment_of(suffix).functions]


def statements(platform, suffix: str, function: str) -> list[dict]:
    stack_id = f"service-{suffix}"
    [document] = [
        d
        for d in platform.data(stack_id, "aws_iam_policy_document").values()
        if d["//"]["metadata"]["path"] == f"{stack_id}/{function}/policy-document"
    ]
    return document["statement"]


@pytest.mark.security
@pytest.mark.parametrize(("suffix", "function"), CASES, ids=[f"{s}-{n}" for s, n in CASES])
def test_a_functions_role_reaches_exactly_its_grants(platform, suffix: str, function: str) -> None:
    spec = next(f for f in environment_of(suffix).functions if f.name == function)
    found = statements(platform, suffix, function)
    granted = [s for s in found if s.get("sid") not in RUNNING]
    # a function mounts no volumes, and its own X-Ray statement is among what running needs
    grants_only = SimpleNamespace(granted=spec.granted, volumes=(), tracing=False)
    assert reached(granted) == expected(grants_only), f"service-{suffix} {function}"
    own = {s["sid"]: s for s in found if s.get("sid") in RUNNING}
    assert set(own) == RUNNING - ({"Traces"} if not spec.tracing else set())
    assert own["WriteItsLogs"]["resources"] == [own["WriteItsLogs"]["resources"][0]] and own["WriteItsLogs"][
        "resources"
    ][0].endswith(":*")
    assert "catalog-api_logs_group" in own["WriteItsLogs"]["resources"][0].replace(function, "catalog-api")
    assert own["DeadLetters"]["resources"][0].startswith(f"${{aws_sqs_queue.{function}_dlq_")
    for sid, service in (("EncryptDeadLetters", "sqs"), ("DecryptItsVariables", "lambda")):
        [condition] = own[sid]["condition"]
        assert condition["variable"] == "kms:ViaService" and condition["values"][0].startswith(f"{service}.")
        assert own[sid]["resources"][0].startswith("${aws_kms_key.service-key_")
