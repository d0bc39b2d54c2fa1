# The two commands of the README: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: site test test-fast test-versions lint clean bench bench-pdf

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[pdf]'
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

# PDFs too when WeasyPrint can load (it needs the Pango library from the system).
site: $(VENV)/.installed
	@if $(BIN)/python -c "import weasyprint" 2>/dev/null; then \
	  $(BIN)/mentorkit build . --strict --pdf; \
	else \
	  echo "note: no PDFs: WeasyPrint needs the Pango library (apt-get install libpango-1.0-0)"; \
	  $(BIN)/mentorkit build . --strict; \
	fi

lint: $(VENV)/.installed-test
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/ruff format --check generator tests benchmarks
	$(BIN)/mypy generator
	$(BIN)/lint-imports

test: lint
	HYPOTHESIS_PROFILE=ci $(BIN)/python -m pytest

# The inner loop: everything but the browser, PDF and slow tests (see the
# markers in pyproject.toml). CI runs `make test`.
test-fast: lint
	$(BIN)/python -m pytest -q -m "not browser and not pdf and not slow"

# The fast tests on the oldest Python declared with the lowest versions
# pyproject.toml allows, and on the newest with the newest (see the script).
test-versions:
	.ci/test-versions

clean:
	rm -rf $(VENV) .venvs site dist build .pytest_cache .mypy_cache .ruff_cache

# The build-speed benchmark (see benchmarks/run.py): MkDocs from PyPI, Hugo
# from Debian where apt is usable. Prints the table quoted in the README.
bench: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet mkdocs
	@if command -v hugo >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get install -y -qq hugo >/dev/null 2>&1 || echo "note: Hugo could not be installed; it is skipped"; \
	else echo "note: Hugo is not installed and apt is not usable here; it is skipped"; fi
	$(BIN)/python benchmarks/run.py --pages 1000 --pages 5000

# The PDF benchmark (see benchmarks/pdf.py): the example handbook and the
# 1,000-page corpus built with --pdf, against WeasyPrint alone making the
# same documents one after another. `make bench-pdf PAGES=2000` for the
# memory goal.
PAGES ?= 1000
bench-pdf: $(VENV)/.installed
	$(BIN)/python benchmarks/pdf.py --pages $(PAGES) --remade
