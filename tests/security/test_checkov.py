"""Checkov over every stack of every named environment: no finding without a written reason
(tools/checkov_skips.py), and no reason without a finding."""

from __future__ import annotations

import pytest

from environments import NAMED
from tools.checkov_skips import SKIPS, Skip
from tools.security_scan import Finding, accepted_by, scan


@pytest.fixture(scope="session")
def checkov_report(platform):
    stacks = {
        platform.outdir / "stacks" / stack_id: stack_id.rsplit("-", 1)[1]
        for stack_id in platform.stack_ids
        if stack_id.rsplit("-", 1)[1] in NAMED
    }
    return scan(stacks)


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


def test_every_skip_has_a_reason_and_names_its_environments() -> None:
    for check_id, skip in SKIPS.items():
        assert len(skip.reason) > 40, check_id
        assert skip.environments and set(skip.environments) <= set(NAMED), check_id


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
    assert accepted_by(finding, SKIPS.get(finding.check_id)) is accepted
    assert accepted_by(finding, None) is False
    assert isinstance(SKIPS["CKV_AWS_139"], Skip)
