"""``python3 -m environments``: validate the selection in the environment variables and print it.

Used by ``set-env.sh``; needs only the standard library, so it runs before ``make setup``.
"""

from __future__ import annotations

import os
import sys

from environments import selected_or_report


def main() -> int:
    environments = selected_or_report(os.environ)
    if environments is None:
        return 2
    for environment in environments:
        kind = f"ephemeral copy of {environment.name}" if environment.ephemeral else environment.name
        target = environment.emulator.endpoint if environment.emulator else f"region {environment.region}"
        print(f"{environment.suffix}: {kind}, {target}, state s3://{environment.state.bucket}/{environment.suffix}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
