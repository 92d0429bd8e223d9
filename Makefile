# Policy Handbook — every target sets up what it needs, and re-running is fast
# (stamp files record what was installed; they are redone only when their inputs change).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help setup serve receiver bench-receiver build test lint check check-content check-revisions revision announce bench bench-browser bench-pyodide lock clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 20

$(VENV)/.stamp: requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required (found %s); set PYTHON=/path/to/python3.11" % sys.version.split()[0]'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

.chromium-path: scripts/ensure-chromium.sh | $(VENV)/.stamp
	scripts/ensure-chromium.sh > $@.tmp && mv $@.tmp $@

setup: $(VENV)/.stamp node_modules/.stamp .chromium-path ## Install everything (venv, npm packages, Chromium)

serve: $(VENV)/.stamp node_modules/.stamp ## Serve the sample handbook at http://127.0.0.1:8000 (live reload) with a local acknowledgement receiver on :8765
	$(PY) -m receiver --config receiver/dev.toml serve --host 127.0.0.1 --port 8765 & receiver=$$!; \
	trap 'kill $$receiver 2>/dev/null' EXIT INT TERM; \
	ACK_ENDPOINT=http://127.0.0.1:8765/receipts $(BIN)/mkdocs serve -a 127.0.0.1:8000

receiver: $(VENV)/.stamp ## Run the acknowledgement receiver alone on http://127.0.0.1:8765 (SQLite in .data/, site/revision.json)
	test -f site/revision.json || $(BIN)/mkdocs build --strict
	$(PY) -m receiver serve --host 127.0.0.1 --port 8765

build: $(VENV)/.stamp node_modules/.stamp ## Build the sample handbook strictly into site/
	$(BIN)/mkdocs build --strict

check-content: $(VENV)/.stamp ## Validate every section's front-matter without building
	$(PY) -m build_hooks check docs/

check-revisions: $(VENV)/.stamp ## Changed sections need a history entry: make check-revisions BASE=origin/main
	@test -n "$(BASE)" || { echo "usage: make check-revisions BASE=<git ref, e.g. origin/main>"; exit 2; }
	$(PY) -m build_hooks gate --base "$(BASE)"

revision: $(VENV)/.stamp ## Cut a revision: make revision DATE=YYYY-MM-DD (checks, updates mkdocs.yml, commits, tags)
	@test -n "$(DATE)" || { echo "usage: make revision DATE=YYYY-MM-DD"; exit 2; }
	$(PY) -m build_hooks revision "$(DATE)"

announce: $(VENV)/.stamp ## Print an e-mail-ready summary of the current revision (plain text and HTML)
	@$(PY) -m build_hooks announce $(if $(FORMAT),--format "$(FORMAT)")

lint: $(VENV)/.stamp
	$(BIN)/ruff check .

test: setup ## Run the whole suite: lint, unit, build, Pyodide and browser tests, with coverage
	$(BIN)/ruff check .
	CHROMIUM_PATH="$$(cat .chromium-path)" $(PY) -m pytest --cov --cov-report=term $(PYTEST_ARGS)

check: test check-content build ## Everything CI checks on a pull request

bench: setup ## Print the build table (500/2,000/4,000 sections) and the browser table (about 10 min)
	$(PY) benchmarks/build_scale.py
	CHROMIUM_PATH="$$(cat .chromium-path)" $(PY) benchmarks/browser_calculators.py

bench-receiver: setup ## Print the receiver load figures (2,000 signers, 50 clients, SQLite and PostgreSQL)
	$(PY) benchmarks/receiver_load.py

bench-browser: setup ## Print the browser calculator table; BASELINE=<git ref> adds that commit's site side by side
	CHROMIUM_PATH="$$(cat .chromium-path)" $(PY) benchmarks/browser_calculators.py $(if $(BASELINE),--baseline "$(BASELINE)")

bench-pyodide: setup ## Compare Pyodide releases: bytes, first result cold/warm, memory snapshots (npm downloads once)
	CHROMIUM_PATH="$$(cat .chromium-path)" $(PY) benchmarks/pyodide_versions.py --markdown

lock: ## Re-resolve requirements.lock from the ranges in pyproject.toml
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install -q '.[dev]' 'setuptools>=75'
	( sed -n '1,4p' requirements.lock; .lock-venv/bin/pip freeze --all --exclude-editable | grep -vE '^(pip|policy-handbook)==' ) > requirements.lock.new
	mv requirements.lock.new requirements.lock && rm -rf .lock-venv

clean: ## Remove build output (keeps the installed tools)
	rm -rf site examples/*/site .pytest_cache .coverage htmlcov
