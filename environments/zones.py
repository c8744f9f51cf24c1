"""The availability zones of each region, by letter, from the pinned moto's EC2 model.

``network.zone_letters`` names zones as letters after the region (``eu-west-1a``); a letter the
region does not have (``ca-central-1c``: Canada Central has a, b and d) would fail at apply, so
validation checks the letters against this table. Kept as a literal so ``python3 -m
environments`` (run by ``set-env.sh`` before the toolchain is installed) needs only the standard
library. ``tests/environments/test_regions.py`` fails when the pinned moto knows other zones;
then regenerate with ``.venv/bin/python -m environments.zones > environments/zones.py``.

AWS maps letters to physical zones per account (the zone ids are fixed); the letters here are the
ones AWS and moto publish. A region of ``environments.regions`` missing here has no zones this
project knows, and an environment in it is refused until it is added.
"""

from __future__ import annotations

ZONES: dict[str, str] = {
    "af-south-1": "abc",
    "ap-east-1": "abc",
    "ap-northeast-1": "acd",
    "ap-northeast-2": "abcd",
    "ap-northeast-3": "abc",
    "ap-south-1": "abc",
    "ap-south-2": "abc",
    "ap-southeast-1": "abc",
    "ap-southeast-2": "abc",
    "ap-southeast-3": "abc",
    "ap-southeast-4": "abc",
    "ap-southeast-5": "abc",
    "ap-southeast-7": "abc",
    "ca-central-1": "abd",
    "ca-west-1": "abc",
    "cn-north-1": "ab",
    "cn-northwest-1": "abc",
    "eu-central-1": "abc",
    "eu-central-2": "abc",
    "eu-north-1": "abc",
    "eu-south-1": "abc",
    "eu-south-2": "abc",
    "eu-west-1": "abc",
    "eu-west-2": "abc",
    "eu-west-3": "abc",
    "il-central-1": "abc",
    "me-central-1": "abc",
    "me-south-1": "abc",
    "mx-central-1": "abc",
    "sa-east-1": "abc",
    "us-east-1": "abcdef",
    "us-east-2": "abc",
    "us-gov-east-1": "abc",
    "us-gov-west-1": "abc",
    "us-west-1": "ab",
    "us-west-2": "abcd",
}


def moto_zones() -> dict[str, str]:
    """Region -> its zone letters, in the installed moto (a dev dependency)."""
    from moto.ec2.models.availability_zones_and_regions import RegionsAndZonesBackend  # noqa: PLC0415

    return {
        region: "".join(sorted(zone.name.removeprefix(region) for zone in zones))
        for region, zones in RegionsAndZonesBackend.zones.items()
    }


if __name__ == "__main__":
    import pathlib
    import re

    source = pathlib.Path(__file__).read_text()
    body = "".join(f'    "{region}": "{letters}",\n' for region, letters in sorted(moto_zones().items()))
    print(
        re.sub(
            r"ZONES: dict\[str, str\] = \{\n.*?\n\}",
            lambda _: f"ZONES: dict[str, str] = {{\n{body}}}",
            source,
            flags=re.S | re.ASCII,
        ),
        end="",
    )
