"""The domain section: names, zones, the origin name, and what an ephemeral copy serves."""

from __future__ import annotations

import pytest

from environments.schema.dns import DomainConfig


def test_a_created_zone_is_named_after_the_domain() -> None:
    domain = DomainConfig(name="dev.example.com")
    assert (domain.zone_name, domain.creates_zone, domain.origin_name) == (
        "dev.example.com",
        True,
        "origin.dev.example.com",
    )


def test_a_looked_up_zone_may_be_a_parent() -> None:
    domain = DomainConfig(name="app.example.com", zone="example.com")
    assert domain.problems("d") == [] and domain.zone_name == "example.com" and not domain.creates_zone


def test_a_copy_serves_suffix_dot_name_from_its_bases_zone_and_never_creates_one() -> None:
    for base in (DomainConfig(name="dev.example.com"), DomainConfig(name="dev.example.com", zone="dev.example.com")):
        copy = base.for_copy("pr1234")
        assert (copy.name, copy.zone, copy.creates_zone) == ("pr1234.dev.example.com", "dev.example.com", False)
        assert copy.origin_name == "origin.pr1234.dev.example.com" and copy.problems("d") == []


@pytest.mark.parametrize(
    ("domain", "expected"),
    [
        (DomainConfig(name="Dev.Example.com"), "d.name 'Dev.Example.com' must be a lowercase DNS name"),
        (DomainConfig(name="example.com."), "d.name 'example.com.' must be a lowercase DNS name"),
        (DomainConfig(name="*.example.com"), "d.name '*.example.com' must be a lowercase DNS name"),
        (
            DomainConfig(name="dev.example.com", zone="example.org"),
            "d.name 'dev.example.com' is not inside zone 'example.org'",
        ),
        (
            DomainConfig(name="dev.example.com", zone="ample.com"),
            "d.name 'dev.example.com' is not inside zone 'ample.com'",
        ),
        (DomainConfig(name="dev.example.com", origin_label="a.b"), "d.origin_label 'a.b' must be one DNS label"),
        (DomainConfig(name=f"{'a' * 50}.example.com"), "is longer than the 64 characters ACM allows"),
    ],
)
def test_broken_domains_are_one_line_each(domain: DomainConfig, expected: str) -> None:
    [problem] = domain.problems("d")
    assert expected in problem


def test_dev_may_go_without_a_domain_only_when_its_file_says_so() -> None:
    import dataclasses

    from environments import named
    from environments.schema import ConfigError

    dev = named("dev")
    with pytest.raises(ConfigError, match=r"environments.dev.domain is not set"):
        dataclasses.replace(dev, domain=None).validate()
    with pytest.raises(ConfigError, match=r"environments.dev.email needs the environment's domain"):
        dataclasses.replace(dev, domain=None, without_domain=True).validate()
    from environments.base import ORDER_WORKER
    from environments.edit import replace_service

    # e-mail needs the domain: without one, dev sends none
    no_email = replace_service(dataclasses.replace(dev, email=None), "order-worker", grants=ORDER_WORKER.grants)
    assert dataclasses.replace(no_email, domain=None, without_domain=True).validate().domain is None
    with pytest.raises(ConfigError, match=r"environments.prod.domain is not set: a protected environment"):
        dataclasses.replace(named("prod"), domain=None, without_domain=True).validate()
