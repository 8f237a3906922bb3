# Quick start: `make demo` and `make test` work on a fresh machine with Python 3.11+, git, make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEMO   := ledgers/demo
# The demo book's last day: reports on it read the same whenever they run.
DEMO_AS_OF := 2026-11-20

.PHONY: demo test fuzz lint typecheck pytest install install-test demo-book clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install -q -e .

install-test: $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'

demo: install
	$(BIN)/arl -L $(DEMO) check
	$(BIN)/arl -L $(DEMO) aging --as-of $(DEMO_AS_OF)

test: install-test lint typecheck pytest

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck:
	$(BIN)/mypy

pytest:
	$(BIN)/pytest

# The long hardening run: many more hostile inputs and kills; prints the figures that
# docs/reliability.md quotes.
fuzz: install-test
	rm -f .fuzz-figures.jsonl
	ARL_FUZZ=1 ARL_FIGURES=.fuzz-figures.jsonl $(BIN)/pytest tests/test_harden_*.py
	$(BIN)/python -m tests.harden_figures .fuzz-figures.jsonl

# Regenerate the demo book from its seeded generator (output is committed).
demo-book: install
	$(BIN)/python ledgers/make_demo.py $(DEMO)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
