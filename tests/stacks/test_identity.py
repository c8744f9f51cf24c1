"""The identity stack: in every environment with ``identity``, the pool's outputs; the hosted UI
at ``auth.<domain>`` with a us-east-1 certificate and alias records where the environment has a
domain, Cognito's prefix domain without one; deletion protection where data is protected."""

from __future__ import annotations

import dataclasses
import json

import pytest

import modules.core.framework as framework
from environments import named
from environments.edit import without_http_api
from tests.conftest import environment_of, suffixes

WITH_IDENTITY = suffixes(lambda e: e.identity is not None)


@pytest.mark.parametrize("suffix", WITH_IDENTITY)
def test_outputs_the_pool_its_clients_the_issuer_and_the_hosted_ui(platform, suffix: str) -> None:
    outputs = platform.json(f"identity-{suffix}")["output"]
    assert {"user_pool_id", "user_pool_client_ids", "issuer_url", "hosted_ui_url"} <= set(outputs)
    assert outputs["issuer_url"]["value"].startswith("https://${aws_cognito_user_pool.")
    identity = environment_of(suffix).identity
    assert identity is not None
    clients = platform.resources(f"identity-{suffix}", "aws_cognito_user_pool_client")
    assert len(clients) == len(identity.clients)
    groups = platform.resources(f"identity-{suffix}", "aws_cognito_user_group")
    assert sorted(group["name"] for group in groups.values()) == sorted(identity.groups)


@pytest.mark.parametrize("suffix", suffixes(lambda e: e.identity is not None and e.domain is not None))
def test_the_hosted_ui_is_auth_dot_domain_with_a_us_east_1_certificate(platform, suffix: str) -> None:
    environment = environment_of(suffix)
    assert environment.identity is not None and environment.domain is not None
    auth = f"{environment.identity.auth_label}.{environment.domain.name}"
    stack = f"identity-{suffix}"
    [domain] = platform.resources(stack, "aws_cognito_user_pool_domain").values()
    assert domain["domain"] == auth and domain["certificate_arn"].startswith("${aws_acm_certificate_validation.")
    [certificate] = platform.resources(stack, "aws_acm_certificate").values()
    assert certificate["domain_name"] == auth
    providers = {p.get("alias"): p["region"] for p in platform.json(stack)["provider"]["aws"]}
    if environment.region != "us-east-1":
        assert certificate["provider"] == "aws.us_east_1" and providers["us_east_1"] == "us-east-1"
    else:
        assert "provider" not in certificate and set(providers) == {None}
    records = {r["type"]: r for r in platform.resources(stack, "aws_route53_record").values() if r["name"] == auth}
    assert set(records) == {"A", "AAAA"}
    assert records["A"]["alias"]["name"].endswith(".cloudfront_distribution}")
    [client] = [c for c in platform.resources(stack, "aws_cognito_user_pool_client").values() if "-web-" in c["name"]]
    assert client["callback_urls"][0] == f"https://{environment.domain.name}/auth/callback"


@pytest.mark.parametrize("suffix", WITH_IDENTITY)
def test_deletion_protection_and_mfa_follow_configuration(platform, suffix: str) -> None:
    environment = environment_of(suffix)
    assert environment.identity is not None
    [pool] = platform.resources(f"identity-{suffix}", "aws_cognito_user_pool").values()
    assert pool["deletion_protection"] == ("ACTIVE" if environment.protection.deletion_protection else "INACTIVE")
    assert (
        pool["mfa_configuration"] == {"off": "OFF", "optional": "OPTIONAL", "required": "ON"}[environment.identity.mfa]
    )
    assert pool["password_policy"]["minimum_length"] == environment.identity.password.min_length


def test_without_a_domain_the_prefix_domain_and_no_certificate() -> None:
    from environments.edit import replace_service
    from stacks.identity import IdentityStack
    from stacks.network import NetworkStack

    environment = named("dev")
    for spec in environment.services:  # no e-mail either: its records need the domain's zone
        if getattr(spec.grants, "send_email", False):
            environment = replace_service(
                environment, spec.name, grants=dataclasses.replace(spec.grants, send_email=False)
            )
    environment = dataclasses.replace(environment, domain=None, without_domain=True, email=None).validate()
    app = framework.Testing.app()
    stack = IdentityStack(app, environment, NetworkStack(app, environment))
    synthesized = json.loads(framework.Testing.synth(stack))
    assert "aws_acm_certificate" not in synthesized["resource"] and "aws_route53_record" not in synthesized["resource"]
    [domain] = synthesized["resource"]["aws_cognito_user_pool_domain"].values()
    assert domain["domain"].startswith(f"platform-auth-{environment.suffix}-") and "certificate_arn" not in domain
    assert synthesized["output"]["hosted_ui_url"]["value"].endswith(f".auth.{environment.region}.amazoncognito.com")


def test_an_environment_without_identity_has_no_identity_stack() -> None:
    from stacks import build_platform

    # without identity no route can ask for a token: the HTTP API (JWT routes) goes too
    environment = dataclasses.replace(without_http_api(named("dev")), identity=None).validate()
    stacks = build_platform(framework.Testing.app(), environment)
    assert not [s for s in stacks if s.component == "identity"]
