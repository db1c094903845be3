# Arpenteur — every target creates its own virtual environment in $(VENV) when missing.
# `make run` serves the demo, `make test` runs the linters and the test suite on SQLite.

PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
ARPENTEUR := $(VENV)/bin/arpenteur
TEST_ARGS ?=
# The suite runs on every core (pytest-xdist); WORKERS=0 runs it in one process.
WORKERS ?= auto
PG_URL ?= postgres://postgres@127.0.0.1:5432/arpenteur

.PHONY: run test test-pg test-browser lint format bench messages clean help

help:
	@echo "make run           set up, load the demo data and serve Arpenteur on http://127.0.0.1:$(PORT)"
	@echo "make test          set up with dev tools, run the linters and the test suite (SQLite)"
	@echo "make test-pg       the test suite against PostgreSQL (PG_URL=$(PG_URL))"
	@echo "make test-browser  the browser tests in Debian's Chromium"
	@echo "make bench         the benchmarks in bench/ (prints figures)"

$(VENV)/.installed: pyproject.toml scripts/system-deps.sh
	bash scripts/system-deps.sh
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	touch $@

# The tests also convert documents with LibreOffice and read PDFs with poppler-utils.
$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	bash scripts/system-deps.sh libreoffice-writer-nogui poppler-utils
	$(PIP) install --quiet -e ".[dev]"
	touch $@

run: $(VENV)/.installed
	$(ARPENTEUR) migrate --no-input
	$(ARPENTEUR) compilemessages_py
	$(ARPENTEUR) seed_demo
	$(ARPENTEUR) collectstatic --no-input --verbosity 0
	$(ARPENTEUR) serve_demo --port $(PORT)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check arpenteur tests bench
	$(VENV)/bin/ruff format --check arpenteur tests bench
	$(ARPENTEUR) makemigrations --check --dry-run --no-input
	$(ARPENTEUR) check --fail-level WARNING

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix arpenteur tests bench
	$(VENV)/bin/ruff format arpenteur tests bench

test: lint
	$(ARPENTEUR) compilemessages_py
	$(VENV)/bin/pytest -n $(WORKERS) $(TEST_ARGS)

test-pg: $(VENV)/.installed-dev
	DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest -n $(WORKERS) $(TEST_ARGS)

test-browser: $(VENV)/.installed-dev
	bash scripts/system-deps.sh chromium
	$(VENV)/bin/pytest -m browser -p no:randomly $(TEST_ARGS)

bench: $(VENV)/.installed-dev
	@for b in bench/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

messages: $(VENV)/.installed-dev
	$(ARPENTEUR) compilemessages_py

clean:
	rm -rf $(VENV) var staticfiles
