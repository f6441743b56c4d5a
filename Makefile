# de06 — make help lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.de06-installed

PROCESSED := data/processed/observations.csv data/processed/candidates.csv data/processed/targets.csv data/processed/audit.csv data/processed/documents.csv data/processed/manifest.json
DATA_INPUTS := $(wildcard data/raw/reports/*) $(wildcard data/manual/*.csv) $(wildcard data/reference/*.csv) $(wildcard de06/*.py)

.PHONY: help test venv git-filter bytecode data briefing briefings bench lab clean

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@echo "setting up $(VENV): de06 and its dependencies (about a minute on a fresh clone; pip shows its progress)"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install -e '.[dev]'
	$(PY) -m de06.kernels install >/dev/null
	@$(MAKE) --no-print-directory git-filter
	@touch $@

venv: $(STAMP) ## create .venv, install de06 with its dev tools, register the de06 kernel and nbconvert template

# de06's bytecode, compiled ahead: where PYTHONDONTWRITEBYTECODE is set, Python never caches it, and every de06
# command and kernel would compile the package again (0.1 s a process). Up to date, this takes 0.1 s.
bytecode: $(STAMP)
	@$(PY) -m compileall -q de06 >/dev/null

# Notebooks reach git without outputs: nbstripout as a clean filter (.gitattributes names it), run from the
# top of the working tree, so the relative .venv path works in any clone. Outputs stay in the working copy.
NBSTRIP_KEYS := metadata.language_info.version metadata.language_info.codemirror_mode metadata.language_info.file_extension \
	metadata.language_info.mimetype metadata.language_info.nbconvert_exporter metadata.language_info.pygments_lexer
git-filter: ## configure git to strip notebook outputs on commit (done by make venv)
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
	  git config filter.nbstripout.clean '$(VENV)/bin/python -m nbstripout --keep-id --extra-keys "$(NBSTRIP_KEYS)"' && \
	  git config filter.nbstripout.smudge cat && \
	  git config diff.ipynb.textconv '$(VENV)/bin/python -m nbstripout -t' && \
	  echo "git: notebooks are committed without outputs (nbstripout filter)"; fi

# The list of inputs, rewritten only when it changes: a deleted report is an input change too (issue 12).
INPUT_LIST := data/processed/.inputs
$(shell mkdir -p data/processed; echo '$(sort $(DATA_INPUTS))' | cmp -s - $(INPUT_LIST) || echo '$(sort $(DATA_INPUTS))' > $(INPUT_LIST))

$(PROCESSED) &: $(DATA_INPUTS) $(INPUT_LIST) | $(STAMP)
	$(VENV)/bin/de06 build

data: $(PROCESSED) ## rebuild data/processed from data/raw, data/manual and data/reference (only when an input changed)
	@$(VENV)/bin/de06 build --if-stale

test: $(STAMP) bytecode $(PROCESSED) ## run the whole test suite (creates .venv and builds the data first when missing)
	$(PY) -m pytest -q

# LANG is also the shell's locale variable: only a LANG given on the make command line picks the briefing language.
BRIEF_LANG := $(if $(filter command line,$(origin LANG)),$(LANG),all)
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

briefing: $(STAMP) bytecode $(PROCESSED) ## render briefings: make briefing PERIOD=2025-10 [PLACE="Vĩnh Long"] [LANG=vi|en]; no PERIOD lists them
ifeq ($(strip $(PERIOD)),)
	@echo "which period? make briefing PERIOD=… [PLACE=…] [LANG=vi|en]; the periods with a report:" >&2
	@$(VENV)/bin/de06 list periods --lang $(if $(filter en,$(BRIEF_LANG)),en,vi)
else
	@$(VENV)/bin/de06 briefing --period "$(PERIOD)" $(if $(PLACE),--place "$(PLACE)") --lang "$(BRIEF_LANG)"
endif

briefings: $(STAMP) bytecode $(PROCESSED) ## render every period × place × language on warm kernels in parallel (JOBS=cores)
	@$(VENV)/bin/de06 briefings --jobs $(JOBS)

bench: $(STAMP) bytecode $(PROCESSED) ## run the benchmarks (bench/), print figures against goals, write outputs/bench.json
	$(PY) bench/run.py

# As root (a container), jupyter refuses to start without --allow-root: detect it and say so.
AS_ROOT := $(filter 0,$(shell id -u 2>/dev/null))
LAB_ARGS ?=
lab: $(STAMP) bytecode $(PROCESSED) ## JupyterLab at the project root, opening in notebooks/ (LAB_ARGS="--no-browser --port=8890")
	@$(if $(AS_ROOT),echo "running as root: passing --allow-root to jupyter lab")
	$(VENV)/bin/jupyter lab --ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/notebooks $(if $(AS_ROOT),--allow-root) $(LAB_ARGS)

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
