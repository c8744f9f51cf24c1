"""Synthesize the platform: ``ENVIRONMENT=<name>|all [ENVIRONMENT_SUFFIX=<suffix>] python main.py``.

Writes ``cdktf.out/stacks/<component>-<suffix>/cdk.tf.json`` (or under ``CDKTF_OUTDIR``).
Bad input prints one line per problem and exits 2 before anything is written.
"""

from __future__ import annotations

import os
import sys

from environments import selected_or_report


def main() -> int:
    environments = selected_or_report(os.environ)
    if environments is None:
        return 2

    # Imported after validation: bad input fails in milliseconds, without starting jsii.
    from modules.framework import App
    from stacks import build_platform

    app = App(outdir=os.environ.get("CDKTF_OUTDIR") or "cdktf.out", skip_validation=False)
    for environment in environments:
        build_platform(app, environment)
    app.synth()
    return 0


if __name__ == "__main__":
    sys.exit(main())
