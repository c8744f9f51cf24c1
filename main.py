"""Synthesize the platform: ``ENVIRONMENT=<name>|all [ENVIRONMENT_SUFFIX=<suffix>] python main.py``.

Writes ``cdktf.out/stacks/<component>-<suffix>/cdk.tf.json`` (or under ``CDKTF_OUTDIR``).
Bad input prints one line per problem and exits 2 before anything is written; if building
fails after all, the output folder this run created is removed again.
"""

from __future__ import annotations

import os
import shutil
import sys

from environments import ConfigError, output_directory, selected_or_report


def main() -> int:
    environments = selected_or_report(os.environ)
    if environments is None:
        return 2
    try:
        outdir = output_directory(os.environ)
    except ConfigError as error:
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2

    from tools.prerequisites import problems as missing_tools

    for problem in missing_tools(("node",)):
        print(f"error: {problem}", file=sys.stderr)
        return 2

    # Imported after validation: bad input fails in milliseconds, without starting jsii.
    from environments.naming import NamingError
    from modules.core.framework import App
    from stacks import build_platform

    existed = outdir.exists()
    app = App(outdir=str(outdir), skip_validation=False)  # makes the folder
    try:
        for environment in environments:
            build_platform(app, environment)
        app.synth()
    except (NamingError, ConfigError) as error:  # validation knows these; in case it ever does not
        discard(outdir, existed)
        print(f"error: {error}", file=sys.stderr)
        return 2
    except BaseException:
        discard(outdir, existed)
        raise
    return 0


def discard(outdir, existed: bool) -> None:
    """Remove the output folder this run made: a failed run leaves nothing behind."""
    if not existed:
        shutil.rmtree(outdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
