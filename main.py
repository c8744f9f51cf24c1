"""Synthesize the platform: ``ENVIRONMENT=<name>|all [ENVIRONMENT_SUFFIX=<suffix>] python main.py``.

Writes ``cdktf.out/stacks/<component>-<suffix>/cdk.tf.json`` (or under ``CDKTF_OUTDIR``).
Bad input prints one line per problem and exits 2 before anything is written.
"""

from __future__ import annotations

import os
import sys

from environments import ConfigError, selected_or_report


def main() -> int:
    environments = selected_or_report(os.environ)
    if environments is None:
        return 2

    from tools.prerequisites import problems as missing_tools

    for problem in missing_tools(("node",)):
        print(f"error: {problem}", file=sys.stderr)
        return 2

    # Imported after validation: bad input fails in milliseconds, without starting jsii.
    from environments.naming import NamingError
    from modules.core.framework import App
    from stacks import build_platform

    app = App(outdir=os.environ.get("CDKTF_OUTDIR") or "cdktf.out", skip_validation=False)
    try:
        for environment in environments:
            build_platform(app, environment)
    except (NamingError, ConfigError) as error:  # a name over a limit: one line, nothing written
        print(f"error: {error}", file=sys.stderr)
        return 2
    app.synth()
    return 0


if __name__ == "__main__":
    sys.exit(main())
