"""Which environments exist, and how one is chosen.

``load("dev")`` is the named environment; ``load("dev", "pr1234")`` is an ephemeral copy of it
whose physical names and state keys carry ``pr1234``. ``from_environ(os.environ)`` reads the
variables ``set-env.sh`` exports (``ENVIRONMENT``, ``ENVIRONMENT_SUFFIX``, ``LOCAL_AWS_ENDPOINT``)
and returns the environments to build. Every result is validated, together with the rules
that hold between the named environments (reserved suffixes, copy prefixes, disjoint CIDRs).

The choice is unambiguous by construction: a suffix has no ``-`` (the separator of every
name's parts), a named environment's suffix is its name, and a copy's suffix is its base's
``copy_prefix`` and digits, so a suffix names exactly one (environment, suffix) choice and
every physical name and state key carries it.
"""

from __future__ import annotations

import sys

if sys.version_info < (3, 11):  # noqa: UP036 - the point is to say so on older Pythons; before anything that needs 3.11 (dataclass kw_only)
    print(
        f"error: Python 3.11 or newer is needed, this is {sys.version.split()[0]}: install 3.11 "
        "(README, Prerequisites) and run with it",
        file=sys.stderr,
    )
    raise SystemExit(2)

import dataclasses
import importlib
import ipaddress
import itertools
import re
import tempfile
import traceback
from collections.abc import Mapping
from pathlib import Path

from environments.schema import ConfigError, Environment, NetworkConfig, ProtectionConfig, StateConfig
from environments.typecheck import type_problems

NAMED = ("local", "dev", "staging", "prod")
"""The named environments, one file each in this package, in deploy order."""
COPY_PATTERN = re.compile(r"([a-z]{1,4})([0-9]{1,8})", re.ASCII)
"""``pr1234``: a copy prefix and digits (``environments/<base>.py`` owns the prefix)."""
REMOVED_VARIABLES = {
    "STATE_BUCKET": "the state bucket is set in the environment file (state.bucket) and nowhere else",
}


def _import_environment(module: str) -> Environment:
    """``<module>.ENVIRONMENT``; a broken file is one line naming the file, line and fix."""
    try:
        environment = importlib.import_module(module).ENVIRONMENT
    except ConfigError:
        raise
    except Exception as error:  # noqa: BLE001 - every mistake in a config file becomes one line
        raise ConfigError([_describe_file_error(module, error)]) from None
    if not isinstance(environment, Environment):
        raise ConfigError([f"{module}.ENVIRONMENT must be an Environment(...), not {type(environment).__name__}"])
    return environment


def _describe_file_error(module: str, error: Exception) -> str:
    file_name = module.replace(".", "/") + ".py"
    line = ""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.endswith(file_name):
            line = f" line {frame.lineno}"
            break
    if isinstance(error, SyntaxError) and error.lineno:
        line = f" line {error.lineno}"
    message = str(error)
    unknown = re.search(
        r"([A-Za-z0-9_]+)\.__init__\(\) got an unexpected keyword argument '([A-Za-z0-9_]+)'", message, re.ASCII
    )
    if unknown:
        section, key = unknown.groups()
        from environments import schema

        fields = [f.name for f in dataclasses.fields(getattr(schema, section, Environment))]
        close = [f for f in fields if f[:3] == key[:3]] or fields
        return (
            f"{file_name}{line}: {section} has no field {key!r}: check the spelling "
            f"(its fields are {', '.join(fields)}; did you mean {close[0]!r}?)"
        )
    missing = re.search(
        r"([A-Za-z0-9_]+)\.__init__\(\) missing [0-9]+ required keyword-only arguments?: (.*)", message, re.ASCII
    )
    if missing:
        return f"{file_name}{line}: {missing.group(1)} needs {missing.group(2)}: add it"
    return f"{file_name}{line}: {type(error).__name__}: {message}"


def named(name: str) -> Environment:
    """The environment declared in ``environments/<name>.py``, its types checked (so the code that
    derives copies and compares environments reads the types it expects); not yet validated."""
    if name not in NAMED:
        raise ConfigError(
            [f"ENVIRONMENT {name!r} is unknown: use one of {', '.join(NAMED)}, all, or a copy's suffix such as pr1234"]
        )
    environment = _import_environment(f"environments.{name}")
    problems = _checked(type_problems, environment, f"environments.{name}")
    if problems:
        raise ConfigError(problems)
    return environment


_CHECKED: dict[tuple, tuple[tuple, list[str]]] = {}


def _checked(check, *arguments) -> list[str]:
    """``check(*arguments)``, computed once per set of argument objects: environments are frozen
    and every choice reads the same files, so a second ``from_environ`` (set-env.sh, then the
    banner, then main.py; a test's hundreds) does not walk them again. Keyed by identity, so an
    environment a test puts in a file's place is checked afresh."""
    key = (check, *(a if isinstance(a, str) else id(a) for a in arguments))
    kept = _CHECKED.get(key)
    if kept is None or any(a is not b for a, b in zip(kept[0], arguments, strict=True) if not isinstance(a, str)):
        kept = _CHECKED[key] = (arguments, check(*arguments))
    return list(kept[1])


COST_TAG = "CostCenter"
"""The tag that identifies an environment on the bill (``Environment.tags``)."""


def named_rule_problems(environments: list[Environment]) -> list[str]:
    """Rules between the named environments (and the copies each may have): what makes every
    choice unambiguous, and what keeps two environments from taking one another's state, names,
    addresses or bill. Each problem is one line naming both environments and the field."""
    out: list[str] = []
    for environment in environments:
        if environment.ephemeral:
            out.append(f"environments.{environment.name} must not be ephemeral (only copies are)")
    # Pairs are compared only when each environment is well-formed: a broken value is reported
    # once, by its environment, not again for every neighbour it then collides with.
    comparable = [e for e in environments if not type_problems(e, f"environments.{e.name}")]
    networks = [e for e in comparable if isinstance(e.network, NetworkConfig) and not e.network.problems("network")]
    for one, other in itertools.combinations(environments, 2):
        p, q = one.copy_prefix, other.copy_prefix
        if isinstance(p, str) and isinstance(q, str) and p and q and (p.startswith(q) or q.startswith(p)):
            out.append(
                f"environments.{one.name}.copy_prefix {p!r} and environments.{other.name}.copy_prefix "
                f"{q!r} start one another: a copy's suffix must name one base, choose distinct prefixes"
            )
        if one in networks and other in networks:
            if ipaddress.ip_network(one.network.cidr).overlaps(ipaddress.ip_network(other.network.cidr)):
                out.append(
                    f"environments.{other.name}.network.cidr {other.network.cidr} overlaps "
                    f"environments.{one.name}.network.cidr {one.network.cidr}: give each environment its own range"
                )
        if one in comparable and other in comparable:
            out += _sharing_problems(one, other)
    out += _pull_problems(comparable)
    return out


def _pull_problems(environments: list[Environment]) -> list[str]:
    """Promotion: every environment a registry pulls from exists, and every image that names one
    of its repositories names one it has (``environments/schema/registry.py``)."""
    from environments.schema.registry import repositories

    by_name = {e.name: e for e in environments}
    out: list[str] = []
    for environment in environments:
        at = f"environments.{environment.name}"
        pull_from = environment.registry.pull_from
        for source in pull_from:
            if source not in by_name and source != environment.name:
                out.append(
                    f"{at}.registry.pull_from names environment {source!r}, which does not exist "
                    f"(the environments: {', '.join(by_name)})"
                )
        for spec in environment.services:
            reference = spec.repository_reference
            if reference is None or reference.environment not in pull_from or reference.environment not in by_name:
                continue
            have = repositories(by_name[reference.environment].services)
            if reference.repository not in have:
                out.append(
                    f"{at}.services[{spec.name}].image {spec.image!r} names repository {reference.repository!r} "
                    f"of {reference.environment}, which {reference.environment} does not have (its repositories: "
                    f"{', '.join(have) or 'none'})"
                )
    return out


def _sharing_problems(one: Environment, other: Environment) -> list[str]:
    """What ``other`` (declared after ``one``) must not share with it."""
    out: list[str] = []
    at = f"environments.{other.name}"
    if one.state.bucket and one.state.bucket == other.state.bucket:
        out.append(
            f"{at}.state.bucket {other.state.bucket!r} is environments.{one.name}'s state bucket too: "
            "give each environment a bucket of its own"
        )
    if one.domain is not None and other.domain is not None:
        shared = [n for n in other.domain.record_names if n in one.domain.record_names]
        if shared:
            out.append(
                f"{at}.domain {other.domain.name!r} serves {', '.join(shared)}, which environments.{one.name} "
                "serves too: give each environment a domain of its own"
            )
        for a, b in ((one, other), (other, one)):
            if a.copy_prefix and a.domain is not None and b.domain is not None:
                taken = [n for n in b.domain.record_names if a.domain.copy_names(a.copy_prefix).fullmatch(n)]
                if taken:
                    out.append(
                        f"environments.{b.name}.domain {b.domain.name!r} serves {', '.join(taken)}, which a copy "
                        f"of environments.{a.name} ({a.copy_prefix}<digits>) would serve: choose another domain"
                    )
    cost = one.tags.get(COST_TAG)
    if cost is not None and cost == other.tags.get(COST_TAG):
        out.append(
            f"{at}.tags[{COST_TAG!r}] {cost!r} is environments.{one.name}'s too: the bill could not tell "
            "them apart, give each environment its own"
        )
    same_place = one.account_id is not None and (one.account_id, one.region) == (other.account_id, other.region)
    allowed = one.name in other.shares_account_with or other.name in one.shares_account_with
    if same_place and not allowed:
        out.append(
            f"{at}.account_id {other.account_id} in {other.region} is environments.{one.name}'s account and "
            f"region too: give each environment its own account, or list {one.name!r} in "
            f"{at}.shares_account_with"
        )
    return out


def declared_but_unused(environments: list[Environment]) -> list[str]:
    """Services, tables, topics and queues declared in ``environments/base.py`` that no named
    environment ends up with: a declaration that does nothing is a mistake, not a default."""
    from environments import base
    from environments.schema import (
        FunctionConfig,
        QueueConfig,
        ScheduledTaskConfig,
        TableConfig,
        TopicConfig,
        WebServiceConfig,
    )
    from environments.schema import WorkerConfig as Worker

    kinds = {
        "service": ((WebServiceConfig, Worker, ScheduledTaskConfig), lambda e: e.services),
        "function": ((FunctionConfig,), lambda e: e.functions),
        "table": ((TableConfig,), lambda e: e.tables),
        "topic": ((TopicConfig,), lambda e: e.messaging.topics),
        "queue": ((QueueConfig,), lambda e: [q for t in e.messaging.topics for q in t.queues]),
    }
    if any(type_problems(e, f"environments.{e.name}") for e in environments):
        return []  # a section of the wrong type is reported by its environment; usage cannot be judged
    out = []
    for kind, (types, items) in kinds.items():
        used = {item.name for environment in environments for item in items(environment)}
        for constant, value in vars(base).items():
            if isinstance(value, types) and value.name not in used:
                out.append(
                    f"environments/base.py declares {kind} {value.name!r} ({constant}) but no environment has it: "
                    f"add it to BASE (every environment) or to one environment's file (environments/edit.py)"
                )
    return out


def _rules_between(*environments: Environment) -> list[str]:
    return named_rule_problems(list(environments)) + declared_but_unused(list(environments))


def _named_environments() -> list[Environment]:
    problems: list[str] = []
    environments = []
    for name in NAMED:
        try:
            environments.append(named(name))
        except ConfigError as error:
            problems += error.problems
    if problems:
        raise ConfigError(problems)
    problems = _checked(_rules_between, *environments)
    if problems:
        raise ConfigError(problems)
    return environments


def ephemeral(base: Environment, suffix: str) -> Environment:
    """A short-lived copy of ``base``: same shape, own names and state key, always destroyable.
    Whether ``base`` may be copied, and under which suffix, is checked by ``validate()``."""
    return dataclasses.replace(
        base,
        suffix=suffix,
        ephemeral=True,
        protection=ProtectionConfig(),  # nothing in a copy may block its own destroy
        # <suffix>.<base domain>, its records in the base's zone (looked up, never created).
        domain=base.domain.for_copy(suffix) if base.domain else None,
    )


def load(name: str, suffix: str | None = None, *, endpoint: str | None = None) -> Environment:
    """One validated environment. ``endpoint`` overrides an emulator environment's endpoint."""
    named_environments = {e.name: e for e in _named_environments()}
    if name not in named_environments:
        named(name)  # raises the "unknown" line
    environment = named_environments[name]
    if suffix and suffix != environment.suffix:
        owner = next((e for e in named_environments.values() if e.suffix == suffix), None)
        if owner is not None:
            raise ConfigError(
                [
                    f"ENVIRONMENT_SUFFIX {suffix!r} is reserved for the {owner.name} environment: "
                    f"unset ENVIRONMENT_SUFFIX to build {name}, or use ENVIRONMENT={owner.name}"
                ]
            )
        if environment.copy_prefix is None:
            raise ConfigError(
                [
                    f"{name} cannot be copied (environments.{name}.copy_prefix is None): unset "
                    f"ENVIRONMENT_SUFFIX to build {name} itself, or copy an environment that allows copies"
                ]
            )
        base = _base_of_copy(suffix)
        if base is not None and base != name:
            raise ConfigError(
                [
                    f"ENVIRONMENT_SUFFIX {suffix!r} names a copy of {base}, not of {name}: "
                    f"use ENVIRONMENT={base}, or {environment.copy_prefix}<digits> for a copy of {name}"
                ]
            )
        environment = ephemeral(environment, suffix)
    if environment.emulator is not None and not environment.state.bucket:
        # An emulator starts empty: the state bucket's name is ours to choose.
        environment = dataclasses.replace(
            environment,
            state=dataclasses.replace(environment.state, bucket=f"{environment.project}-tfstate-{environment.suffix}"),
        )
    if endpoint and environment.emulator is not None:
        environment = dataclasses.replace(
            environment, emulator=dataclasses.replace(environment.emulator, endpoint=endpoint)
        )
    return environment.validate()


def _base_of_copy(suffix: str) -> str | None:
    """The named environment whose copies are called like ``suffix`` (``pr1234`` -> ``dev``)."""
    match = COPY_PATTERN.fullmatch(suffix)
    if not match:
        return None
    return next((e.name for e in _named_environments() if e.copy_prefix == match.group(1)), None)


CHOICE_VARIABLES = ("ENVIRONMENT", "ENVIRONMENT_SUFFIX", "LOCAL_AWS_ENDPOINT", "CDKTF_OUTDIR")
"""What chooses where and what is built: taken exactly as given, or refused, never trimmed, so
``set-env.sh``, ``main.py`` and the Makefile all see one value."""


def choice(environ: Mapping[str, str], variable: str) -> str | None:
    """``environ[variable]`` exactly as given; None when unset or empty. A value with spaces or
    control characters around or in it is one line, never quietly trimmed (``ENVIRONMENT='dev '``
    would build dev while set-env.sh and make went on with ``'dev '``)."""
    value = environ.get(variable, "")
    if not value:
        return None
    if not value.strip():
        raise ConfigError([f"{variable} {value!r} is blank: unset it, or give it a value"])
    if value != value.strip() or any(not c.isprintable() for c in value):
        raise ConfigError(
            [f"{variable} {value!r} has spaces or control characters around or in it: use {value.strip()!r}"]
        )
    return value


def output_directory(environ: Mapping[str, str]) -> Path:
    """Where ``main.py`` writes (``CDKTF_OUTDIR``, default ``cdktf.out``): a writable directory
    outside the repository's sources, or one line. Checked before anything is written."""
    value = choice(environ, "CDKTF_OUTDIR") or "cdktf.out"
    path = Path(value).resolve()
    inside = path == REPOSITORY_ROOT or REPOSITORY_ROOT in path.parents
    if inside and path.relative_to(REPOSITORY_ROOT).parts[:1] != ("cdktf.out",):
        raise ConfigError(
            [
                f"CDKTF_OUTDIR {value!r} is inside the repository ({path}): synthesized stacks would be written "
                "among its sources; use a folder outside it, or leave CDKTF_OUTDIR unset (cdktf.out)"
            ]
        )
    if path.exists() and not path.is_dir():
        raise ConfigError([f"CDKTF_OUTDIR {value!r} is a file, not a folder: choose a folder"])
    target = path if path.exists() else path.parent
    if not target.is_dir():
        raise ConfigError([f"CDKTF_OUTDIR {value!r}: {target} does not exist: create it, or choose another folder"])
    try:  # what can be written is what the filesystem lets us write, not what the mode bits say
        tempfile.TemporaryDirectory(dir=target, prefix=".writable-").cleanup()
    except OSError:
        raise ConfigError(
            [f"CDKTF_OUTDIR {value!r}: {target} is not writable: choose a folder you can write"]
        ) from None
    return path


def from_environ(environ: Mapping[str, str]) -> list[Environment]:
    """The environments the process's variables ask for (``ENVIRONMENT=all``: every named one)."""
    for variable, why in REMOVED_VARIABLES.items():
        if environ.get(variable, "").strip():
            raise ConfigError([f"{variable} is set but no longer read ({why}): unset {variable}"])
    name = choice(environ, "ENVIRONMENT") or "local"
    suffix = choice(environ, "ENVIRONMENT_SUFFIX")
    endpoint = choice(environ, "LOCAL_AWS_ENDPOINT")
    if name == "all":
        if suffix:
            raise ConfigError(
                ["ENVIRONMENT_SUFFIX cannot be combined with ENVIRONMENT=all: unset it, or choose one environment"]
            )
        problems: list[str] = []
        environments = []
        for each in NAMED:
            try:
                environments.append(load(each, endpoint=endpoint))
            except ConfigError as error:
                problems += [p for p in error.problems if p not in problems]
        if problems:
            raise ConfigError(problems)
        return environments
    if name not in NAMED:
        base = _base_of_copy(name)
        if base is not None:  # ENVIRONMENT=pr1234: the copy's suffix names its base
            if suffix and suffix != name:
                raise ConfigError(
                    [f"ENVIRONMENT={name} already names the suffix; unset ENVIRONMENT_SUFFIX ({suffix!r})"]
                )
            name, suffix = base, name
    return [load(name, suffix, endpoint=endpoint)]


def selected_or_report(environ: Mapping[str, str]) -> list[Environment] | None:
    """``from_environ``, printing each problem as one ``error:`` line on stderr (then ``None``)."""
    try:
        return from_environ(environ)
    except ConfigError as error:
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)
        return None


EMULATOR_ACCOUNT = "123456789012"
"""The account moto (and LocalStack) answers for; ``environments/local.py`` pins it."""
REPOSITORY_ROOT = Path(__file__).resolve().parent.parent


def describe_target(environment: Environment) -> str:
    """One line: everything that decides where a command acts."""
    kind = f"copy of {environment.name}" if environment.ephemeral else "named"
    where = f"emulator {environment.emulator.endpoint}" if environment.emulator is not None else "AWS"
    return (
        f"target: environment={environment.name} suffix={environment.suffix} ({kind}) "
        f"account={environment.account_id} ({where}) region={environment.region} "
        f"state=s3://{environment.state.bucket}/{environment.suffix}/"
    )


__all__ = [
    "NAMED",
    "ConfigError",
    "Environment",
    "StateConfig",
    "describe_target",
    "ephemeral",
    "from_environ",
    "load",
    "named",
    "selected_or_report",
]
