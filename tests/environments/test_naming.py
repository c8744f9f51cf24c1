"""Names: every kind stays within its AWS rules for any valid suffix, and shortening never
turns two different names into one."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from environments.naming import SUFFIX_PATTERN, Kind, Namer, NamingError, check_suffix

valid_suffixes = st.from_regex(SUFFIX_PATTERN, fullmatch=True).filter(lambda s: "--" not in s and not s.endswith("-"))
components = st.from_regex(r"[a-z][a-z0-9]{0,12}(-[a-z0-9]{1,12}){0,3}", fullmatch=True)


@given(suffix=valid_suffixes, component=components, kind=st.sampled_from(list(Kind)))
def test_every_name_fits_its_kind_and_ends_with_the_suffix(suffix: str, component: str, kind: Kind) -> None:
    name = Namer("platform", suffix).name(component, kind)
    assert kind.value.violations(name) == []
    assert name.endswith(f"-{suffix}")


@given(suffix=valid_suffixes, first=components, second=components)
def test_different_components_never_share_a_name(suffix: str, first: str, second: str) -> None:
    namer = Namer("platform", suffix)
    for kind in (Kind.ALB, Kind.TARGET_GROUP, Kind.RDS_CLUSTER, Kind.S3_BUCKET, Kind.SQS_QUEUE):
        if first != second:
            assert namer.name(first, kind) != namer.name(second, kind)


@given(suffix=valid_suffixes)
def test_reserve_keeps_room_for_appended_text(suffix: str) -> None:
    name = Namer("platform", suffix).name("static-site-content", Kind.S3_BUCKET, reserve=13)
    assert len(name) + 13 <= 63


def test_short_names_are_left_alone() -> None:
    assert Namer("platform", "dev").name("api", Kind.ALB) == "platform-api-dev"


def test_long_names_are_shortened_deterministically_with_a_hash() -> None:
    namer = Namer("platform", "pr1234567890")
    name = namer.name("orders-processing-dead-letter", Kind.ALB)
    assert len(name) == 32
    assert name == namer.name("orders-processing-dead-letter", Kind.ALB)
    assert name.endswith("-pr1234567890")
    assert name != namer.name("orders-processing-dead-lettes", Kind.ALB)


def test_fifo_ending_counts_in_the_limit() -> None:
    name = Namer("platform", "dev").name("x" * 90, Kind.SQS_QUEUE, fifo=True)
    assert name.endswith("-dev.fifo") and len(name) == 80


@pytest.mark.parametrize(
    "suffix",
    ["", "a", "1abc", "Dev", "dev_1", "dev--1", "dev-", "a" * 13, "pr 12", "dlq-dev", "pr-1", "-prod", None, 12],
)
def test_bad_suffixes_are_rejected_with_the_fix(suffix) -> None:
    with pytest.raises(
        NamingError, match="ENVIRONMENT_SUFFIX .* use 2-12 of a-z and 0-9, starting with a letter and without '-'"
    ):
        check_suffix(suffix)


def test_rds_rules_reject_a_leading_digit_component_only_when_it_starts_the_name() -> None:
    # project starts with a letter, so any valid component gives a valid RDS identifier
    assert Namer("platform", "dev").name("9db", Kind.RDS_CLUSTER) == "platform-9db-dev"
    with pytest.raises(NamingError, match="RDS_CLUSTER"):
        Namer("platform", "dev").name("db--main", Kind.RDS_CLUSTER)
