# How neural networks learn: two commands matter.
#   make lab    start JupyterLab on the first notebook (creates .venv on first use)
#   make test   lint, unit tests, strict nbval over every notebook, browser tests
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV    ?= .venv
PYTHON  := $(VENV)/bin/python
STAMP   := $(VENV)/.installed-stamp
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))

# One BLAS thread and a fixed hash seed: stored outputs must be exactly what a re-run gives.
export OMP_NUM_THREADS := 1
export OPENBLAS_NUM_THREADS := 1
export MKL_NUM_THREADS := 1
export PYTHONHASHSEED := 0

.PHONY: help lab test lint format unit nbval browser notebooks index appendix bench clean

help:
	@echo "make lab        start JupyterLab on notebooks/00_welcome.ipynb"
	@echo "make test       lint + unit tests + strict nbval + browser tests"
	@echo "make notebooks  re-execute and save every notebook (NB=notebooks/01_chain_rule.ipynb for one)"
	@echo "make bench      run the benchmarks under bench/"

# The environment: created on first use, re-installed only when the dependency files change.
$(STAMP): pyproject.toml environment.yml
	@test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -e '.[test,bench]'
	@touch $@

lab: $(STAMP)
	@echo "Starting JupyterLab; open the URL it prints below (Ctrl+C twice to stop)."
	$(VENV)/bin/jupyter lab notebooks/00_welcome.ipynb $(if $(filter 0,$(shell id -u)),--allow-root)

test: lint unit nbval browser

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

unit: $(STAMP)
	$(PYTHON) -m pytest -m "not browser" tests

# Strict nbval (never --nbval-lax): every stored output is compared with a fresh run.
# Two workers, one per core; each runs whole notebooks (--dist loadfile), cells in order.
nbval: $(STAMP)
	$(PYTHON) -m pytest --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg \
		-n 2 --dist loadfile $(NOTEBOOKS)

browser: $(STAMP)
	$(PYTHON) -m pytest -m browser tests

# Re-execute notebooks in place, exactly as nbval will (NB=path for one notebook).
# Appendix A and the index are generated first; the index has no code, so it is not executed.
notebooks: $(STAMP)
	$(PYTHON) tools/build_appendix.py
	$(PYTHON) tools/build_index.py
	$(PYTHON) tools/run_notebooks.py $(or $(NB),notebooks/[0-9][0-9]_*.ipynb notebooks/A_*.ipynb)

bench: $(STAMP)
	@for b in bench/*.py; do echo "== $$b"; $(PYTHON) $$b || exit 1; done

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache .hypothesis
