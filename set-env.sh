# Source this file: it chooses the environment and sets up the tools for it.
#
#   source ./set-env.sh                 # keep $ENVIRONMENT (default: local)
#   source ./set-env.sh dev             # the dev environment
#   source ./set-env.sh dev pr1234      # an ephemeral copy of dev named pr1234 (or: pr1234)
#   source ./set-env.sh all             # every named environment (synth and tests only)
#
# Exports ENVIRONMENT, ENVIRONMENT_SUFFIX, TF_CLI_CONFIG_FILE (providers from the local mirror
# when there is one), LOCAL_AWS_ENDPOINT (local only) and quiet-tooling variables, then
# validates the choice (environments/__main__.py): bad input prints one line per problem.
# STATE_BUCKET, if set, overrides the environment file's state bucket.

_platform_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")" && pwd)"

if [ -n "${1:-}" ]; then
  export ENVIRONMENT="$1"
  export ENVIRONMENT_SUFFIX="${2:-}"
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

if command -v python3 >/dev/null 2>&1; then
  export TF_CLI_CONFIG_FILE="$(cd "$_platform_root" && python3 -m tools.tfcli)"
  (cd "$_platform_root" && python3 -m environments) || { unset _platform_root; return 2 2>/dev/null || exit 2; }
else
  echo "error: python3 is not on PATH (Python 3.11 is a prerequisite, see README)" >&2
  unset _platform_root
  return 2 2>/dev/null || exit 2
fi
unset _platform_root
