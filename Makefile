# Every target sources set-env.sh first, so ENVIRONMENT / ENVIRONMENT_SUFFIX given on the
# command line (`make plan ENVIRONMENT=dev`) choose the environment, with the same validation.
# A choice made on make's command line is passed as set-env.sh's arguments, so it always wins
# over whatever an earlier `source ./set-env.sh` left in the shell (no silent retargeting).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PIPENV_VERSION ?= 2026.10.3
# The choice is data, never make syntax or shell: a command-line value is kept as written
# ($(value ...): `$(shell ...)` in it is not run, `$(x)` not dropped) and reaches set-env.sh through
# the environment, quoted by the shell ("$$ENVIRONMENT"), never pasted into a recipe's text, so
# quotes, `;` or spaces in it stay part of the value, which set-env.sh then validates (one line).
CHOICE_VARIABLES := ENVIRONMENT ENVIRONMENT_SUFFIX LOCAL_AWS_ENDPOINT CDKTF_OUTDIR
CHOICE := $(if $(filter command line,$(origin ENVIRONMENT)),"$$ENVIRONMENT" $(if $(filter command line,$(origin ENVIRONMENT_SUFFIX)),"$$ENVIRONMENT_SUFFIX"))
$(foreach v,$(CHOICE_VARIABLES),$(if $(filter command line,$(origin $v)),$(eval override $v := $$(value $v))$(eval export $v)))
ENV := source ./set-env.sh $(CHOICE) >/dev/null
# First line of every target that touches an account: environment, suffix, account, region, state.
TARGET = $(ENV); python3 -m environments --banner
# Deploy/apply/destroy/bootstrap of a protected environment (protection.confirm) from a terminal:
# type its name first. CI (CI=true) is not asked; its approval gate stands in.
CONFIRM = $(ENV); python3 -m environments --confirm $@

.PHONY: help prerequisites setup synth validate plan apply deploy destroy bootstrap unlock up down emulator test test-fast snapshot-update lint bench bench-peer clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

setup: prerequisites .venv/.synced node_modules/.installed .cache/jsii-packages/lazy-provider.json ## install the pinned Python and Node toolchain (idempotent)
	@python3 -m tools.tfcli >/dev/null

# The jsii package cache through which node loads only the provider classes a synth uses
# (modules/core/node_provider.py). Never fails: without it the runtime loads the whole provider.
.cache/jsii-packages/lazy-provider.json: .venv/.synced
	@$(ENV); pipenv run python -m tools.node_provider
	@touch -c $@  # up to date even when nothing had to change (-c: never creates a stamp the tool withheld)

prerequisites: ## check Python >= 3.11, Node >= 20 and Terraform >= 1.10 (one line per missing tool)
	@command -v python3 >/dev/null || { echo "error: python3 is not on PATH: install Python 3.11 or newer (README, Prerequisites)" >&2; exit 2; }
	@python3 -m tools.prerequisites

.venv/.synced: Pipfile.lock
	@command -v pipenv >/dev/null || python3 -m pip install --quiet --disable-pip-version-check "pipenv==$(PIPENV_VERSION)"
	@$(ENV); pipenv sync --dev
	@touch $@

node_modules/.installed: package-lock.json
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

synth: setup ## synthesize $ENVIRONMENT (default local; `all` for every environment) into cdktf.out/
	@$(ENV); pipenv run python main.py && ls "$${CDKTF_OUTDIR:-cdktf.out}/stacks"

validate: synth ## terraform validate every synthesized stack (one provider load)
	@$(ENV); pipenv run python -m tools.validate cdktf.out

# --skip-provider-lock: `terraform providers lock` ignores the CLI config and asks the registry;
# `terraform init` already records the hashes of the provider it installed.
LOCKLESS := --skip-provider-lock

# Stopping: the recipes that run Terraform `exec` their tool, so the SIGTERM make passes on reaches
# it (and Ctrl-C reaches it from the terminal): it asks Terraform to stop, which saves the state
# and releases the lock (tools/terraform_run.py, docs/recovery.md).
# Reviewed is applied: `plan` saves a plan of every stack (tools/plan_stacks.py, as the workflows
# do) and prints the report; `apply` applies exactly those files (tools/apply_plans.py) and
# refuses stale ones. A stack that reads one not applied yet is listed as waiting: on a fresh
# environment, repeat plan + apply (docs/plan-review.md).
PLANS = cdktf.out/plans/$${ENVIRONMENT_SUFFIX}

plan: setup ## synthesize, save a plan of every stack of $ENVIRONMENT_SUFFIX and print the plan report
	@$(TARGET)
	@$(ENV); pipenv run python main.py >/dev/null
	@$(ENV); status=0; pipenv run python -m tools.plan_stacks --plans "$(PLANS)" || status=$$?; case $$status in 0|2) ;; *) exit $$status;; esac
	@$(ENV); pipenv run python -m tools.plan_report "$(PLANS)"/*.json --full "$(PLANS)/report-full.md" || test $$? -eq 2

apply: setup ## apply the saved plans of `make plan` (refuses when none, stale, or for another environment)
	@$(CONFIRM)
	@$(ENV); exec pipenv run python -m tools.apply_plans --plans "$(PLANS)" --outputs-file cdktf.out/outputs.json
	@$(ENV); pipenv run python -m tools.outputs cdktf.out/outputs.json

deploy: setup ## local or an ephemeral copy: plan and apply each level of stacks in one go (saved plans)
	@$(ENV); python3 -m environments --unreviewed-only "make deploy"
	@$(CONFIRM)
	@$(ENV); pipenv run python main.py >/dev/null
	@$(ENV); exec pipenv run python -m tools.apply_plans --deploy --plans "$(PLANS)" --outputs-file cdktf.out/outputs.json
	@$(ENV); pipenv run python -m tools.outputs cdktf.out/outputs.json

destroy: setup ## destroy every stack of $ENVIRONMENT_SUFFIX except state, last level first (waits for locks)
	@$(CONFIRM)
	@$(ENV); pipenv run python main.py >/dev/null
	@$(ENV); exec pipenv run python -m tools.apply_plans --destroy

bootstrap: setup ## state bucket and CI roles of $ENVIRONMENT: each a saved plan, its report, make apply's confirmation, that plan applied
	@$(TARGET)
	@$(ENV); pipenv run python main.py >/dev/null
	@$(ENV); exec pipenv run python -m tools.bootstrap

# A state lock left by a run that died where this machine cannot see it (a CI runner, another
# laptop): shown first (who, operation, age), then the confirmation apply asks for a protected
# environment, then exactly that lock is released. A lock of a live run here is never released.
# Locks of dead runs of this checkout are released by the next plan/apply by themselves.
unlock: setup ## release a stack's state lock left by a dead run, after showing it: make unlock ENVIRONMENT=... STACK=network
	@test -n "$(STACK)" || { echo "error: STACK is required: make unlock ENVIRONMENT=... STACK=<component> (network, data, messaging, service, edge or state)" >&2; exit 2; }
	@$(TARGET)
	@$(ENV); pipenv run python main.py >/dev/null
	@$(ENV); id=$$(pipenv run python -m tools.locks show --stack "$(STACK)" --print-id) || { status=$$?; test $$status -eq 3 && exit 0; exit $$status; }; \
		python3 -m environments --confirm $@ && exec pipenv run python -m tools.locks unlock --stack "$(STACK)" --id "$$id"

emulator: setup ## start (or reuse) the local AWS emulator at $LOCAL_AWS_ENDPOINT
	@$(ENV); pipenv run python -m tools.emulator start

up: ## the main job from a fresh clone: set up, start the emulator, deploy the whole local platform
	@test "$${ENVIRONMENT:-local}" = local || { echo "error: make up deploys the local environment; use make deploy ENVIRONMENT=$${ENVIRONMENT}"; exit 2; }
	@rm -rf cdktf.out/stacks/*-local/.terraform  # a new emulator: forget cached backend settings
	@$(MAKE) --no-print-directory emulator bootstrap deploy ENVIRONMENT=local

# The state bucket is not destroyed: it holds the state files (force_destroy is off everywhere)
# and vanishes with moto, which keeps everything in memory; so does the bootstrap's local state.
down: ## destroy the local platform and stop the emulator
	@test "$${ENVIRONMENT:-local}" = local || { echo "error: make down is for the local environment; use make destroy"; exit 2; }
	@$(MAKE) --no-print-directory destroy ENVIRONMENT=local
	@$(ENV); pipenv run python -m tools.emulator stop
	@rm -f .state/state-local.tfstate .state/state-local.tfstate.backup

# pytest keeps the modules it rewrote for its assertions as bytecode under __pycache__/
# (git-ignored) unless PYTHONDONTWRITEBYTECODE is set, as it is on some machines: then every run
# and every xdist worker rewrites and compiles every test module again (~1.5 s of CPU each).
TESTS := PYTHONDONTWRITEBYTECODE= pipenv run

test: setup ## run the test suite (unit, snapshot, validate, security, deploy): the deploy tests beside the rest
	@$(ENV); $(TESTS) python -m tools.test_suite

test-fast: setup ## the suite without the emulator deploy tests and the slow end-to-end checks (make test runs both), on every core
	@$(ENV); $(TESTS) pytest -m "not deploy and not slow" -n auto

snapshot-update: setup ## rewrite the stack snapshots after an intended change, then review: git diff tests/stacks/snapshots
	@$(ENV); pipenv run pytest tests/stacks/test_snapshots.py --snapshot-update

lint: setup ## ruff (lint and format check), the type checker (mypy), the workflows (actionlint, zizmor)
	@$(ENV); pipenv run ruff check .
	@$(ENV); pipenv run ruff format --check .
	@$(ENV); pipenv run mypy
	@$(ENV); pipenv run python -m tools.lint_workflows

bench: setup ## measure import, synth and test times (tools/bench.py)
	@$(ENV); pipenv run python -m tools.bench

bench-peer: setup ## synth against the same stacks as a TypeScript CDKTF app (own pinned deps in .bench-peer/)
	@$(ENV); pipenv run python -m tools.bench_peer

clean: ## remove generated output (not the toolchain)
	rm -rf cdktf.out .pytest_cache .hypothesis
