# Quick start: `make demo` and `make test` work on a fresh machine with Python 3.11+, git, make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEMO   := ledgers/demo
# The demo book's last day: reports on it read the same whenever they run.
DEMO_AS_OF := 2026-11-20

.PHONY: demo test fuzz lint typecheck pytest pytest-no-cache install install-test system-packages demo-book bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[web]'

install-test: $(BIN)/python system-packages
	$(BIN)/python -m pip install -q -e '.[test]'

# Debian packages the tests use (hledger, ledger, pango, poppler, a font): installed with
# apt-get when run as root, else the exact command to run is printed and make stops.
system-packages:
	bash .ci/system-packages

demo: install
	$(BIN)/arl -L $(DEMO) check
	$(BIN)/arl -L $(DEMO) aging --as-of $(DEMO_AS_OF)
	@echo "See it in a browser: $(BIN)/arl -L $(DEMO) serve --as-of $(DEMO_AS_OF)  (then open http://127.0.0.1:8421/)"

test: install-test lint typecheck pytest

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck:
	$(BIN)/mypy

pytest:
	$(BIN)/pytest

# The same suite with the parse cache off (every ledger parsed afresh); CI runs both.
pytest-no-cache:
	$(BIN)/pytest --arl-no-cache

# arl against ledger-cli and hledger on generated books (needs both; not part of test).
# BENCH_ARGS="--sizes 10000,100000,1000000" adds the million-invoice point.
bench: install
	$(BIN)/python bench/run $(BENCH_ARGS)

# The long hardening run: many more hostile inputs and kills, and many more random books
# for the accounting identities; prints the figures that docs/reliability.md quotes.
fuzz: install-test
	rm -f .fuzz-figures.jsonl
	ARL_FUZZ=1 ARL_FIGURES=.fuzz-figures.jsonl $(BIN)/pytest tests/test_harden_*.py tests/test_identities*.py
	$(BIN)/python -m tests.harden_figures .fuzz-figures.jsonl

# Regenerate the demo book from its seeded generator (output is committed).
demo-book: install
	$(BIN)/python ledgers/make_demo.py $(DEMO)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
