"""Which environments exist, and how one is chosen.

``load("dev")`` is the named environment; ``load("dev", "pr1234")`` is an ephemeral copy of it
whose physical names and state key carry ``pr1234``. ``from_environ(os.environ)`` reads the
variables ``set-env.sh`` exports (``ENVIRONMENT``, ``ENVIRONMENT_SUFFIX``, ``STATE_BUCKET``,
``LOCAL_AWS_ENDPOINT``) and returns the environments to build. Every result is validated.
"""

from __future__ import annotations

import dataclasses
import importlib
import re
import sys
from collections.abc import Mapping

from environments.schema import ConfigError, Environment, ProtectionConfig, StateConfig

NAMED = ("local", "dev", "staging", "prod")
"""The named environments, one file each in this package."""
EPHEMERAL_BASE = "dev"
"""``ENVIRONMENT=pr1234`` is shorthand for ``ENVIRONMENT=dev ENVIRONMENT_SUFFIX=pr1234``."""
EPHEMERAL_PATTERN = re.compile(r"^pr\d{1,8}$")


def named(name: str) -> Environment:
    """The environment declared in ``environments/<name>.py`` (not yet validated)."""
    if name not in NAMED:
        raise ConfigError([
            f"ENVIRONMENT {name!r} is unknown: use one of {', '.join(NAMED)}, all, "
            f"or prNNNN for a pull-request copy of {EPHEMERAL_BASE}"
        ])
    return importlib.import_module(f"environments.{name}").ENVIRONMENT


def ephemeral(base: Environment, suffix: str) -> Environment:
    """A short-lived copy of ``base``: same shape, own names and state key, always destroyable."""
    return dataclasses.replace(
        base,
        suffix=suffix,
        ephemeral=True,
        protection=ProtectionConfig(),  # nothing in a copy may block its own destroy
        tags={**base.tags, "Ephemeral": "true"},
    )


def load(name: str, suffix: str | None = None, *, state_bucket: str | None = None,
         endpoint: str | None = None) -> Environment:
    """One validated environment. ``state_bucket`` and ``endpoint`` override the file's values."""
    environment = named(name)
    if suffix and suffix != environment.suffix:
        environment = ephemeral(environment, suffix)
    if state_bucket:
        environment = dataclasses.replace(
            environment, state=dataclasses.replace(environment.state, bucket=state_bucket)
        )
    if environment.emulator is not None and not environment.state.bucket:
        # An emulator starts empty: the state bucket's name is ours to choose.
        environment = dataclasses.replace(environment, state=dataclasses.replace(
            environment.state, bucket=f"{environment.project}-tfstate-{environment.suffix}"))
    if endpoint and environment.emulator is not None:
        environment = dataclasses.replace(
            environment, emulator=dataclasses.replace(environment.emulator, endpoint=endpoint)
        )
    return environment.validate()


def from_environ(environ: Mapping[str, str]) -> list[Environment]:
    """The environments the process's variables ask for (``ENVIRONMENT=all``: every named one)."""
    name = environ.get("ENVIRONMENT", "").strip() or "local"
    suffix = environ.get("ENVIRONMENT_SUFFIX", "").strip() or None
    overrides = {
        "state_bucket": environ.get("STATE_BUCKET", "").strip() or None,
        "endpoint": environ.get("LOCAL_AWS_ENDPOINT", "").strip() or None,
    }
    if name == "all":
        if suffix:
            raise ConfigError([
                "ENVIRONMENT_SUFFIX cannot be combined with ENVIRONMENT=all: unset it, or choose one environment"
            ])
        problems: list[str] = []
        environments = []
        for each in NAMED:
            try:
                environments.append(load(each, **overrides))
            except ConfigError as error:
                problems += error.problems
        if problems:
            raise ConfigError(problems)
        return environments
    if EPHEMERAL_PATTERN.fullmatch(name):
        if suffix and suffix != name:
            raise ConfigError([f"ENVIRONMENT={name} already names the suffix; unset ENVIRONMENT_SUFFIX ({suffix!r})"])
        name, suffix = EPHEMERAL_BASE, name
    return [load(name, suffix, **overrides)]


def selected_or_report(environ: Mapping[str, str]) -> list[Environment] | None:
    """``from_environ``, printing each problem as one ``error:`` line on stderr (then ``None``)."""
    try:
        return from_environ(environ)
    except ConfigError as error:
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)
        return None


__all__ = [
    "NAMED", "ConfigError", "Environment", "StateConfig", "ephemeral", "from_environ", "load", "named",
    "selected_or_report",
]
