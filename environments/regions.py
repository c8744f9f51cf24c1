"""The AWS regions an environment may name, from botocore's maintained endpoint data.

Kept as a literal so ``python3 -m environments`` (run by ``set-env.sh`` before the toolchain is
installed) needs only the standard library. ``tests/environments/test_regions.py`` fails when
the pinned botocore knows a different set; then regenerate with
``.venv/bin/python -m environments.regions > environments/regions.py``.
"""

from __future__ import annotations

REGIONS: frozenset[str] = frozenset(
    {
        # aws
        "af-south-1",
        "ap-east-1",
        "ap-northeast-1",
        "ap-northeast-2",
        "ap-northeast-3",
        "ap-south-1",
        "ap-south-2",
        "ap-southeast-1",
        "ap-southeast-2",
        "ap-southeast-3",
        "ap-southeast-4",
        "ap-southeast-5",
        "ap-southeast-7",
        "ca-central-1",
        "ca-west-1",
        "eu-central-1",
        "eu-central-2",
        "eu-north-1",
        "eu-south-1",
        "eu-south-2",
        "eu-west-1",
        "eu-west-2",
        "eu-west-3",
        "il-central-1",
        "me-central-1",
        "me-south-1",
        "mx-central-1",
        "sa-east-1",
        "us-east-1",
        "us-east-2",
        "us-west-1",
        "us-west-2",
        # aws-cn
        "cn-north-1",
        "cn-northwest-1",
        # aws-us-gov
        "us-gov-east-1",
        "us-gov-west-1",
        # aws-iso, aws-iso-b, aws-iso-e
        "us-iso-east-1",
        "us-iso-west-1",
        "us-isob-east-1",
        "eu-isoe-west-1",
    }
)


def botocore_regions() -> frozenset[str]:
    """Every region of every partition in the installed botocore (a dev dependency)."""
    import botocore.session  # noqa: PLC0415 - only for the sync test and regeneration

    endpoints = botocore.session.get_session().get_data("endpoints")
    return frozenset(region for partition in endpoints["partitions"] for region in partition["regions"])


if __name__ == "__main__":
    import pathlib
    import re

    source = pathlib.Path(__file__).read_text()
    regions = sorted(botocore_regions())
    body = "".join(f'    "{region}",\n' for region in regions)
    print(
        re.sub(
            r"REGIONS: frozenset\[str\] = frozenset\(\{\n.*?\n\}\)",
            lambda _: f"REGIONS: frozenset[str] = frozenset({{\n{body}}})",
            source,
            flags=re.S | re.ASCII,
        ),
        end="",
    )
