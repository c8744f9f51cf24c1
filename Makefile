# Every target sources set-env.sh first, so ENVIRONMENT / ENVIRONMENT_SUFFIX given on the
# command line (`make plan ENVIRONMENT=dev`) choose the environment, with the same validation.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PIPENV_VERSION ?= 2026.10.3
ENV := source ./set-env.sh >/dev/null
# Deploy order; `state` is bootstrapped separately and never destroyed with the rest.
COMPONENTS := network data messaging service edge
STACKS = $(foreach c,$(COMPONENTS),'$(c)-'"$${ENVIRONMENT_SUFFIX}")

.PHONY: help setup synth validate plan deploy destroy bootstrap up down emulator test test-fast snapshot-update lint bench bench-peer clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

setup: .venv/.synced node_modules/.installed .cache/jsii-packages/lazy-provider.json ## install the pinned Python and Node toolchain (idempotent)
	@python3 -m tools.tfcli >/dev/null

# The jsii package cache through which node loads only the provider classes a synth uses
# (modules/node_provider.py). Never fails: without it the runtime loads the whole provider.
.cache/jsii-packages/lazy-provider.json: .venv/.synced
	@$(ENV); pipenv run python -m tools.node_provider

.venv/.synced: Pipfile.lock
	@command -v pipenv >/dev/null || python3 -m pip install --quiet --disable-pip-version-check "pipenv==$(PIPENV_VERSION)"
	@$(ENV); pipenv sync --dev
	@touch $@

node_modules/.installed: package-lock.json
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

synth: setup ## synthesize $ENVIRONMENT (default local; `all` for every environment) into cdktf.out/
	@$(ENV); pipenv run python main.py && ls cdktf.out/stacks

validate: synth ## terraform validate every synthesized stack (one provider load)
	@$(ENV); pipenv run python -m tools.validate cdktf.out

# --skip-provider-lock: `terraform providers lock` ignores the CLI config and asks the registry;
# `terraform init` already records the hashes of the provider it installed.
LOCKLESS := --skip-provider-lock

plan: setup ## cdktf plan for every stack of $ENVIRONMENT_SUFFIX
	@$(ENV); cdktf diff $(STACKS) $(LOCKLESS)

deploy: setup ## cdktf deploy every stack of $ENVIRONMENT_SUFFIX, in dependency order
	@$(ENV); cdktf deploy $(STACKS) --auto-approve $(LOCKLESS) --outputs-file cdktf.out/outputs.json
	@$(ENV); pipenv run python -m tools.outputs cdktf.out/outputs.json

destroy: setup ## cdktf destroy every stack of $ENVIRONMENT_SUFFIX except state
	@$(ENV); cdktf destroy $(STACKS) --auto-approve $(LOCKLESS)

bootstrap: setup ## create the state bucket of $ENVIRONMENT (state-<suffix> stack, local backend)
	@$(ENV); cdktf deploy "state-$${ENVIRONMENT_SUFFIX}" --auto-approve $(LOCKLESS)

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
	@rm -f terraform.state-local.tfstate terraform.state-local.tfstate.backup

test: setup ## run the test suite (unit, snapshot, validate, security, deploy)
	@$(ENV); pipenv run pytest

test-fast: setup ## the suite without the emulator deploy tests
	@$(ENV); pipenv run pytest -m "not deploy"

snapshot-update: setup ## rewrite the HCL snapshots after an intended change (review the diff!)
	@$(ENV); pipenv run pytest tests/stacks/test_snapshots.py --snapshot-update

lint: setup ## ruff over the Python code
	@$(ENV); pipenv run ruff check .

bench: setup ## measure import, synth and test times (tools/bench.py)
	@$(ENV); pipenv run python -m tools.bench

bench-peer: setup ## synth against the same stacks as a TypeScript CDKTF app (own pinned deps in .bench-peer/)
	@$(ENV); pipenv run python -m tools.bench_peer

clean: ## remove generated output (not the toolchain)
	rm -rf cdktf.out .pytest_cache .hypothesis
