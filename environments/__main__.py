"""``python3 -m environments``: validate the selection in the environment variables and print it.

    python3 -m environments                 # one line per selected environment (set-env.sh)
    python3 -m environments --banner        # the one-line target (environment, suffix, account,
                                            # region, state) every make target that touches an
                                            # account prints first
    python3 -m environments --confirm deploy  # protected environments: type the name to go on
    python3 -m environments --unreviewed-only "make deploy"  # refuse environments that take only
                                            # reviewed plans (Environment.reviewed), whatever their name
    python3 -m environments --list [--real] [--json]  # the named environments in deploy order
                                              # (--real: with an AWS account; the workflows' matrices)

Needs only the standard library, so it runs before ``make setup``. Exit 2 on bad input.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from environments import NAMED, ConfigError, describe_target, named, output_directory, selected_or_report


def confirm(environment, action: str, environ=os.environ, stdin=sys.stdin) -> bool:
    """Protected environments (``protection.confirm``) need their name typed at a terminal;
    ``CI=true`` skips the question (the pipeline's own approval gate stands in for it)."""
    if not environment.protection.confirm:
        return True
    if environ.get("CI", "").lower() == "true":
        print(f"CI=true: {action} of {environment.suffix} goes on without a typed confirmation", file=sys.stderr)
        return True
    if not stdin.isatty():
        print(
            f"error: {action} of the protected environment {environment.suffix} needs its name typed at a "
            "terminal; run it from one (or from CI with CI=true)",
            file=sys.stderr,
        )
        return False
    print(f"{environment.suffix} is protected. Type its name to {action} it: ", end="", file=sys.stderr, flush=True)
    answer = stdin.readline().strip()
    if answer != environment.suffix:
        print(f"error: typed {answer!r}, not {environment.suffix!r}: nothing was done", file=sys.stderr)
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m environments", description=__doc__.splitlines()[0])
    parser.add_argument("--banner", action="store_true", help="print the one-line target")
    parser.add_argument("--confirm", metavar="ACTION", help="ask for the name of a protected environment")
    parser.add_argument(
        "--unreviewed-only", metavar="ACTION", help="refuse an environment that takes only reviewed saved plans"
    )
    parser.add_argument("--list", action="store_true", help="print the named environments in deploy order")
    parser.add_argument(
        "--real", action="store_true", help="with --list: only environments with an AWS account (not an emulator's)"
    )
    parser.add_argument("--json", action="store_true", help="with --list: as a JSON array")
    args = parser.parse_args(argv)
    if args.list:
        names = [n for n in NAMED if not args.real or named(n).emulator is None]
        print(json.dumps(names) if args.json else " ".join(names))
        return 0
    environments = selected_or_report(os.environ)
    if environments is None:
        return 2
    if args.unreviewed_only:
        reviewed = [e for e in environments if e.reviewed]
        for environment in reviewed:
            print(
                f"error: {args.unreviewed_only} applies without review; {environment.suffix} takes only reviewed "
                "plans: run make plan, read the report, then make apply",
                file=sys.stderr,
            )
        return 2 if reviewed else 0
    if args.banner or args.confirm:
        for environment in environments:
            print(describe_target(environment), file=sys.stderr)
        if args.confirm and not all(confirm(e, args.confirm) for e in environments):
            return 2
        return 0
    try:  # set-env.sh checks the whole choice: where main.py will write, too
        output_directory(os.environ)
    except ConfigError as error:
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    for environment in environments:
        kind = f"ephemeral copy of {environment.name}" if environment.ephemeral else environment.name
        target = environment.emulator.endpoint if environment.emulator else f"region {environment.region}"
        print(
            f"{environment.suffix}: {kind}, account {environment.account_id}, {target}, "
            f"state s3://{environment.state.bucket}/{environment.suffix}/"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
