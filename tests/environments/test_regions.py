"""The region and zone tables are copies of maintained data: botocore's endpoint list and the
pinned moto's EC2 zones. Each test fails when its source knows something else; the fix is the
regeneration command in the table's module docstring."""

from __future__ import annotations

from environments.regions import REGIONS, botocore_regions
from environments.zones import ZONES, moto_zones


def test_the_regions_are_botocores() -> None:
    assert botocore_regions() == REGIONS, (
        "regenerate: .venv/bin/python -m environments.regions > environments/regions.py"
    )


def test_the_zones_are_motos() -> None:
    assert moto_zones() == ZONES, "regenerate: .venv/bin/python -m environments.zones > environments/zones.py"


def test_every_zone_table_region_is_a_region() -> None:
    assert set(ZONES) <= REGIONS
    assert all(letters and letters == "".join(sorted(set(letters))) for letters in ZONES.values())
