# de06 — make help lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.de06-installed

PROCESSED := data/processed/observations.csv data/processed/targets.csv data/processed/audit.csv data/processed/documents.csv
DATA_INPUTS := $(wildcard data/raw/reports/*) $(wildcard data/manual/*.csv) $(wildcard data/reference/*.csv) $(wildcard de06/*.py)

.PHONY: help test test-update venv data briefing clean

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -m ipykernel install --sys-prefix --name de06 --display-name "de06" >/dev/null
	@touch $@

venv: $(STAMP) ## create .venv, install de06 with its dev tools, register the de06 kernel

$(PROCESSED) &: $(DATA_INPUTS) | $(STAMP)
	$(VENV)/bin/de06 build

data: $(PROCESSED) ## rebuild data/processed from data/raw, data/manual and data/reference (only when an input changed)

test: $(STAMP) $(PROCESSED) ## run the whole test suite (creates .venv and builds the data first when missing)
	$(PY) -m pytest -q

test-update: $(STAMP) ## rewrite golden files in tests/data on purpose, then review the diff
	DE06_UPDATE_GOLDEN=1 $(PY) -m pytest -q tests/test_golden.py

briefing: $(STAMP) ## render briefings for PERIOD (comes with the briefing issue)
	@echo "make briefing PERIOD=… is not built yet: it comes with the briefing issue." >&2; exit 2

# ---- ingest (issue 6)
.PHONY: ingest
ingest: $(STAMP) ## add report files to data/raw/reports and rebuild: make ingest FILE="a.docx b.pdf"
	@test -n "$(FILE)" || { echo 'usage: make ingest FILE="report.docx [more files]"' >&2; exit 2; }
	$(VENV)/bin/de06 ingest $(FILE)

clean: ## remove the virtual environment and outputs
	rm -rf $(VENV) outputs
