# Source this file: it chooses the environment and sets up the tools for it.
#
#   source ./set-env.sh                 # keep $ENVIRONMENT (default: local)
#   source ./set-env.sh dev             # the dev environment (resets any earlier suffix)
#   source ./set-env.sh dev pr1234      # an ephemeral copy of dev named pr1234 (or: pr1234)
#   source ./set-env.sh all             # every named environment (synth and tests only)
#
# Exports ENVIRONMENT, ENVIRONMENT_SUFFIX, PLATFORM_CHOICE (what was chosen, to spot leftovers),
# TF_CLI_CONFIG_FILE (providers from the local mirror when there is one), LOCAL_AWS_ENDPOINT
# (local only) and quiet-tooling variables, then checks the prerequisites (tools/prerequisites.py)
# and validates the choice (environments/__main__.py): bad input prints one line per problem.
#
# No silent retargeting: a suffix belongs to the environment it was chosen with. When
# ENVIRONMENT changes afterwards (`source ./set-env.sh prod`, then `ENVIRONMENT=dev make ...`),
# the old suffix is a leftover and is reset, with a note; `make X ENVIRONMENT=...` passes its
# choice as arguments, so the command line always wins over the shell.

_platform_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")" && pwd)"
_platform_fail() { unset _platform_root; unset -f _platform_fail; return 2 2>/dev/null || exit 2; }

if [ "$#" -ge 1 ]; then
  export ENVIRONMENT="$1"
  export ENVIRONMENT_SUFFIX="${2:-}"
elif [ -n "${PLATFORM_CHOICE:-}" ] && [ -n "${ENVIRONMENT_SUFFIX:-}" ] \
    && [ "${PLATFORM_CHOICE%%/*}" != "${ENVIRONMENT:-local}" ] && [ "${PLATFORM_CHOICE#*/}" = "$ENVIRONMENT_SUFFIX" ]; then
  echo "note: ENVIRONMENT_SUFFIX=$ENVIRONMENT_SUFFIX was chosen with ENVIRONMENT=${PLATFORM_CHOICE%%/*}; reset for ENVIRONMENT=${ENVIRONMENT:-local}" >&2
  export ENVIRONMENT_SUFFIX=""
fi
export ENVIRONMENT="${ENVIRONMENT:-local}"
if [ "$ENVIRONMENT" = "all" ]; then
  export ENVIRONMENT_SUFFIX=""
elif [ -z "${ENVIRONMENT_SUFFIX:-}" ]; then
  export ENVIRONMENT_SUFFIX="$ENVIRONMENT"
fi
if [ "$ENVIRONMENT" = "local" ] || [ "$ENVIRONMENT" = "all" ]; then
  export LOCAL_AWS_ENDPOINT="${LOCAL_AWS_ENDPOINT:-https://127.0.0.1:4566}"
fi

export PIPENV_VENV_IN_PROJECT=1          # the virtualenv lives in .venv/
export PIPENV_VERBOSITY=-1
export PIPENV_IGNORE_VIRTUALENVS=1
export CHECKPOINT_DISABLE=1              # no Terraform/cdktf version checks or telemetry
export CDKTF_DISABLE_PLUGIN_CACHE_ENV=1  # our CLI config decides where providers come from
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
export TF_IN_AUTOMATION=1
export PATH="$_platform_root/node_modules/.bin:$PATH"

if ! command -v python3 >/dev/null 2>&1; then
  echo "error: python3 is not on PATH: install Python 3.11 or newer (README, Prerequisites)" >&2
  _platform_fail
elif ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "error: python3 is $(python3 -c 'import sys; print(sys.version.split()[0])' 2>&1): Python 3.11 or newer is needed (README, Prerequisites)" >&2
  _platform_fail
elif ! (cd "$_platform_root" && python3 -m tools.prerequisites node terraform); then
  _platform_fail
elif ! (cd "$_platform_root" && python3 -m environments); then
  _platform_fail
else
  export TF_CLI_CONFIG_FILE="$(cd "$_platform_root" && python3 -m tools.tfcli)"
  export PLATFORM_CHOICE="$ENVIRONMENT/$ENVIRONMENT_SUFFIX"
  unset _platform_root; unset -f _platform_fail
fi
