"""Checkov over every stack of every named environment: no finding without a written reason
(tools/checkov_skips.py), and no reason without a finding."""

from __future__ import annotations

import pytest

from environments import NAMED, load
from tools.checkov_skips import SKIPS, Skip
from tools.security_scan import Finding, accepted_by, named_stacks, scan


@pytest.fixture(scope="session")
def checkov_report(platform):
    return scan(named_stacks(platform.outdir))


@pytest.mark.security
def test_no_failed_check_without_a_written_reason(checkov_report, record_property) -> None:
    # printed at the end of the run (tests/conftest.py)
    record_property("security", "checkov (tools/security_scan.py), per environment:\n" + checkov_report.table())
    assert [str(f) for f in checkov_report.failed] == []
    assert set(checkov_report.passed) == set(NAMED)
    assert all(checkov_report.passed[environment] > 300 for environment in NAMED)


@pytest.mark.security
def test_every_skip_is_still_needed(checkov_report) -> None:
    assert checkov_report.unused_skips == []


def test_every_skip_has_a_reason_and_holds_where_the_configuration_says() -> None:
    for check_id, skip in SKIPS.items():
        assert len(skip.reason) > 40, check_id
        assert callable(skip.applies), check_id


@pytest.mark.parametrize(
    ("finding", "accepted"),
    [
        (Finding("CKV_AWS_139", "", "data-dev", "resource.aurora_cluster_1", "dev"), True),
        (Finding("CKV_AWS_139", "", "data-prod", "resource.aurora_cluster_1", "prod"), False),  # prod must comply
        (Finding("CKV_AWS_139", "", "data-dev", "resource.other_cluster_1", "dev"), False),  # other resource
        (Finding("CKV_AWS_999", "", "data-dev", "resource.aurora_cluster_1", "dev"), False),  # unknown check
    ],
)
def test_a_skip_matches_its_check_environment_and_resource_only(finding: Finding, accepted: bool) -> None:
    environment = load(finding.environment)
    assert accepted_by(finding, SKIPS.get(finding.check_id), environment) is accepted
    assert accepted_by(finding, None, environment) is False
    assert isinstance(SKIPS["CKV_AWS_139"], Skip)


def test_a_skip_follows_the_configuration_not_the_name() -> None:
    """dev with prod's protection must comply like prod: the skip reads protection, not "dev"."""
    import dataclasses

    dev = load("dev")
    finding = Finding("CKV_AWS_139", "", "data-dev", "resource.aurora_cluster_1", "dev")
    assert accepted_by(finding, SKIPS["CKV_AWS_139"], dev)
    protected = dataclasses.replace(dev, protection=load("prod").protection)
    assert not accepted_by(finding, SKIPS["CKV_AWS_139"], protected)
