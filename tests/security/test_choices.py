"""One choice, one set of names and state keys: two different accepted (environment, suffix)
choices never share a physical name or a state key, in the same account and region.

Suffixes are drawn adversarially (with '-', ending in or equal to a named suffix, a copy
prefix with other text), passed through the real gate (``environments.from_environ``), and
every accepted choice is synthesized for real: the names compared are the ones in the
synthesized Terraform JSON, not the Namer's idea of them.
"""

from __future__ import annotations

import itertools
import json
import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from environments import NAMED, ConfigError, from_environ, named
from tests.conftest import OPTIONS_SUFFIX, synthesized_environments

NAME_KEYS = (
    "name",
    "name_prefix",
    "bucket",
    "cluster_identifier",
    "identifier",
    "alarm_name",
    "final_snapshot_identifier",
    "function_name",
)
"""Top-level arguments that hold a physical name (AWS identifies the resource by them); a DNS
record's and a hosted zone's ``name`` is among them, a bucket's ``bucket`` too."""
EXTRA_KEYS = {
    "aws_ecs_task_definition": ("family",),
    "aws_acm_certificate": ("domain_name",),  # one certificate per name: two environments would share it
    "aws_cloudfront_distribution": ("aliases",),  # a CNAME serves one distribution only
}
SCOPED = {
    "aws_iam_role_policy",
    "aws_service_discovery_service",
    "aws_ses_event_destination",
    "aws_cognito_user_group",
    "aws_apigatewayv2_authorizer",  # named within its HTTP API
    "aws_apigatewayv2_stage",  # $default, within its HTTP API
}
"""Names that live inside their parent (an inline policy's name is unique per role only, a Cloud
Map service's per namespace: each environment's namespace is its own, an SES event destination's
per configuration set, a Cognito group's per user pool)."""
ACCOUNT_ID = re.compile(r"\$\{data\.aws_caller_identity\.[^}]+\.account_id\}")
NAMED_SUFFIXES = tuple(NAMED)
COPY_PREFIXES = tuple(p for p in (named(n).copy_prefix for n in NAMED) if p)


def names_and_keys(stacks: dict[str, dict]) -> tuple[set[tuple[str, str]], set[str]]:
    """``({(resource type, physical name)}, {state key})`` of one choice's synthesized stacks."""
    names: set[tuple[str, str]] = set()
    keys: set[str] = set()
    for document in stacks.values():
        keys.add(document["terraform"]["backend"]["s3"]["key"])
        for resource_type, resources in document.get("resource", {}).items():
            if resource_type in SCOPED:
                continue
            for resource in resources.values():
                for key in NAME_KEYS + EXTRA_KEYS.get(resource_type, ()):
                    value = resource.get(key)
                    for one in value if isinstance(value, list) else [value]:
                        # a reference (`${aws_rds_cluster...id}`) points at a name, it is not one
                        if isinstance(one, str) and one and not one.startswith("${"):
                            names.add((resource_type, ACCOUNT_ID.sub("<account>", one)))
    return names, keys


def _choice(environment: str, suffix: str) -> tuple[str, str] | None:
    """The accepted (base, suffix), or None when the gate refuses it."""
    try:
        [chosen] = from_environ({"ENVIRONMENT": environment, "ENVIRONMENT_SUFFIX": suffix})
    except ConfigError:
        return None
    return chosen.name, chosen.suffix


_SYNTHS: dict[tuple[str, str], tuple[set, set]] = {}


def synthesized(platform, choice: tuple[str, str]) -> tuple[set, set]:
    """Names and keys of a choice: from the session's synth when it has it, else a real synth."""
    if choice not in _SYNTHS:
        base, suffix = choice
        ids = [s for s in platform.stack_ids if s.rsplit("-", 1)[1] == suffix]
        if ids:
            documents = {s: platform.json(s) for s in ids}
        else:
            import modules.core.framework as framework
            from environments import load
            from stacks import build_platform

            app = framework.Testing.app()
            documents = {
                stack.node.id: json.loads(framework.Testing.synth(stack))
                for stack in build_platform(app, load(base, suffix))
            }
        _SYNTHS[choice] = names_and_keys(documents)
    return _SYNTHS[choice]


# Suffixes built to collide: a name's part then a named suffix ('dlq-dev'), a named suffix with
# more ('prod1', 'devx'), a copy prefix with other text ('prod' = 'pr' + 'od'), plain copies.
_parts = st.sampled_from(["dlq", "api", "db", "order-processing", "x", "pr1", "1", "-", ""])
suffix_strategy = st.one_of(
    st.sampled_from(NAMED_SUFFIXES),
    st.builds(lambda part, s: f"{part}-{s}", _parts, st.sampled_from(NAMED_SUFFIXES)),
    st.builds(
        lambda s, tail: f"{s}{tail}", st.sampled_from(NAMED_SUFFIXES), st.from_regex(r"[a-z0-9-]{1,4}", fullmatch=True)
    ),
    st.builds(
        lambda p, digits: f"{p}{digits}", st.sampled_from(COPY_PREFIXES), st.from_regex(r"[0-9]{1,9}", fullmatch=True)
    ),
    st.builds(
        lambda p, tail: f"{p}{tail}", st.sampled_from(COPY_PREFIXES), st.from_regex(r"[a-z0-9-]{1,6}", fullmatch=True)
    ),
    st.from_regex(r"[a-z][a-z0-9-]{0,13}", fullmatch=True),
)
choices_strategy = st.lists(st.tuples(st.sampled_from(NAMED), suffix_strategy), min_size=1, max_size=6)


@settings(max_examples=400, deadline=None)
@given(environment=st.sampled_from(NAMED), suffix=suffix_strategy)
@example(environment="dev", suffix="prod")
@example(environment="dev", suffix="dlq-dev")
@example(environment="prod", suffix="pr1")
@example(environment="staging", suffix="pr1")
@example(environment="dev", suffix="prod1")
def test_a_suffix_names_exactly_one_choice(environment: str, suffix: str) -> None:
    """The gate: a named environment owns its suffix; a copy's suffix is its base's prefix and
    digits, so the suffix alone tells which environment it is (and no '-' can hide one)."""
    choice = _choice(environment, suffix)
    if choice is None:
        return
    base, accepted = choice
    assert "-" not in accepted
    if accepted in NAMED_SUFFIXES:
        assert accepted == base == environment  # reserved: nobody else may use a named suffix
    else:
        prefix = named(base).copy_prefix
        assert prefix and re.fullmatch(rf"{prefix}[0-9]{{1,8}}", accepted), (environment, suffix)
        assert not any(accepted.startswith(p) for p in COPY_PREFIXES if p != prefix)


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(drawn=choices_strategy)
@example(drawn=[("dev", "pr1"), ("staging", "rc1"), ("dev", "dlq-dev"), ("prod", "pr1")])
def test_accepted_choices_share_no_physical_name_and_no_state_key(platform, drawn) -> None:
    accepted = {c for c in (_choice(e, s) for e, s in drawn) if c is not None}
    everyone = accepted | {(e.name, s) for s, e in synthesized_environments().items() if s != OPTIONS_SUFFIX}
    for one, other in itertools.combinations(sorted(everyone), 2):
        names_one, keys_one = synthesized(platform, one)
        names_other, keys_other = synthesized(platform, other)
        assert names_one and names_other
        assert not names_one & names_other, f"{one} and {other} share {sorted(names_one & names_other)[:5]}"
        assert not keys_one & keys_other, f"{one} and {other} share state keys {sorted(keys_one & keys_other)}"


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        (
            {"ENVIRONMENT": "dev", "ENVIRONMENT_SUFFIX": "prod"},
            "ENVIRONMENT_SUFFIX 'prod' is reserved for the prod environment",
        ),
        ({"ENVIRONMENT": "dev", "ENVIRONMENT_SUFFIX": "dlq-dev"}, "ENVIRONMENT_SUFFIX 'dlq-dev' is invalid"),
        ({"ENVIRONMENT": "prod", "ENVIRONMENT_SUFFIX": "pr1"}, "prod cannot be copied"),
        ({"ENVIRONMENT": "prod", "ENVIRONMENT_SUFFIX": "hotfix1"}, "prod cannot be copied"),
        ({"ENVIRONMENT": "staging", "ENVIRONMENT_SUFFIX": "pr1"}, "'pr1' names a copy of dev, not of staging"),
        ({"ENVIRONMENT": "dev", "ENVIRONMENT_SUFFIX": "prodx"}, "'prodx' is not a name for a copy of dev"),
        ({"ENVIRONMENT": "local", "ENVIRONMENT_SUFFIX": "pr1"}, "local cannot be copied"),
    ],
)
def test_copies_that_would_mimic_or_unprotect_are_refused(environ: dict, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        from_environ(environ)
    [line] = raised.value.problems
    assert message in line


def test_the_compared_names_include_dns_records_certificates_aliases_and_buckets(platform) -> None:
    names, _ = names_and_keys({s: platform.json(s) for s in platform.stack_ids if s.endswith("-dev")})
    domain = named("dev").domain
    assert domain is not None
    for expected in (
        ("aws_route53_record", domain.origin_name),
        ("aws_route53_zone", domain.name),
        ("aws_acm_certificate", domain.name),
        ("aws_cloudfront_distribution", domain.name),
        ("aws_s3_bucket", "platform-tfstate-dev-eu-west-1"),
    ):
        assert expected in names, expected
