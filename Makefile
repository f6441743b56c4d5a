# de06 — make help lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.de06-installed

PROCESSED := data/processed/observations.csv data/processed/candidates.csv data/processed/targets.csv data/processed/audit.csv data/processed/documents.csv data/processed/manifest.json
DATA_INPUTS := $(wildcard data/raw/reports/*) $(wildcard data/manual/*.csv) $(wildcard data/reference/*.csv) $(wildcard de06/*.py)

.PHONY: help test venv data briefing briefings bench lab clean

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -m ipykernel install --sys-prefix --name de06 --display-name "de06" >/dev/null
	@touch $@

venv: $(STAMP) ## create .venv, install de06 with its dev tools, register the de06 kernel

# The list of inputs, rewritten only when it changes: a deleted report is an input change too (issue 12).
INPUT_LIST := data/processed/.inputs
$(shell mkdir -p data/processed; echo '$(sort $(DATA_INPUTS))' | cmp -s - $(INPUT_LIST) || echo '$(sort $(DATA_INPUTS))' > $(INPUT_LIST))

$(PROCESSED) &: $(DATA_INPUTS) $(INPUT_LIST) | $(STAMP)
	$(VENV)/bin/de06 build

data: $(PROCESSED) ## rebuild data/processed from data/raw, data/manual and data/reference (only when an input changed)
	@$(VENV)/bin/de06 build --if-stale

test: $(STAMP) $(PROCESSED) ## run the whole test suite (creates .venv and builds the data first when missing)
	$(PY) -m pytest -q

# LANG is also the shell's locale variable: only a LANG given on the make command line picks the briefing language.
BRIEF_LANG := $(if $(filter command line,$(origin LANG)),$(LANG),all)
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

briefing: $(STAMP) $(PROCESSED) ## render briefings: make briefing PERIOD=2025-10 [PLACE=vinh-long-2025] [LANG=vi|en]
	@$(VENV)/bin/de06 briefing --period "$(PERIOD)" $(if $(PLACE),--place "$(PLACE)") --lang "$(BRIEF_LANG)"

briefings: $(STAMP) $(PROCESSED) ## render every period × place × language in parallel (JOBS=cores)
	@$(VENV)/bin/de06 briefings --jobs $(JOBS) --progress

bench: $(STAMP) $(PROCESSED) ## run the benchmarks (bench/), print figures against goals, write outputs/bench.json
	$(PY) bench/run.py

lab: $(STAMP) $(PROCESSED) ## open the notebooks in JupyterLab with the de06 kernel
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks

# ---- adding reports
# FILE reaches the shell only as an environment variable, quoted: `make ingest FILE='x;touch PWNED;.txt'` runs
# nothing, and `make ingest FILE="Báo cáo tháng 11 (bản cuối).docx"` is one file. For several: de06 ingest A B.
.PHONY: ingest
unexport FILE
ingest: export DE06_FILE = $(value FILE)
ingest: $(STAMP) ## add a report file to data/raw/reports and rebuild: make ingest FILE="Báo cáo tháng 11.docx"
	@test -n "$$DE06_FILE" || { echo 'usage: make ingest FILE="report.docx"  (one file; names with spaces work)' >&2; exit 2; }
	@$(VENV)/bin/de06 ingest -- "$$DE06_FILE"

clean: ## remove the virtual environment and outputs
	rm -rf $(VENV) outputs
