# How neural networks learn.
#   make lab       start JupyterLab on the first notebook (creates .venv on first use)
#   make present   the same, with every figure and widget in presenter style
#   make test      lint, unit tests, strict nbval over every notebook, browser tests
#   make slides / html / handout / grade SUBMISSIONS=dir    for instructors (README, "As an instructor")
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV       ?= .venv
PYTHON     := $(VENV)/bin/python
LAB_STAMP  := $(VENV)/.lab-stamp
TEST_STAMP := $(VENV)/.test-stamp
NPM_STAMP  := node_modules/.package-lock.json
NOTEBOOKS  := $(sort $(wildcard notebooks/*.ipynb))
NB         ?=
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

# One BLAS thread and a fixed hash seed: stored outputs must be exactly what a re-run gives.
# The settings are kept in one place, tools/deterministic.env.
include tools/deterministic.env
export $(shell sed -n 's/^\([A-Z_]*\)=.*/\1/p' tools/deterministic.env)
# A matplotlib backend chosen by the shell (MPLBACKEND=Agg) would take the kernels' inline
# figures away: neither make nor anything it starts inherits it.
unexport MPLBACKEND

.PHONY: help lab present test lint format unit nbval nbval-variant browser notebooks bench \
	slides html handout grade clean

help:
	@echo "make lab        start JupyterLab on notebooks/00_welcome.ipynb"
	@echo "make present    start JupyterLab in presenter style (big figures and widgets) and say how to present"
	@echo "make test       lint + unit tests + strict nbval + browser tests"
	@echo "make slides     an offline reveal.js deck per notebook in build/slides/ (NB=... for one)"
	@echo "make html       the series as an offline static site in build/html/"
	@echo "make handout    the student edition, without worked answers, in build/handout/"
	@echo "make grade SUBMISSIONS=dir   score submitted notebooks into build/grades/"
	@echo "make notebooks  re-execute and save every notebook (NB=notebooks/01_chain_rule.ipynb for one)"
	@echo "make bench      run the benchmarks under bench/"

# The environments: created on first use, re-installed only when the dependency files change.
# A student's `make lab` installs the package with JupyterLab; `make test` adds the test tools.
$(LAB_STAMP): pyproject.toml environment.yml
	@test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -e '.[lab]'
	@touch $@

$(TEST_STAMP): pyproject.toml environment.yml
	@test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -e '.[test,bench]'
	@touch $@ $(LAB_STAMP)

# reveal.js, MathJax 2, require.js, jQuery and Font Awesome for the offline decks and site, at the
# versions package-lock.json pins, from the npm registry (nothing of it is committed).
$(NPM_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund

lab: $(LAB_STAMP)
	@echo "Starting JupyterLab; open the URL it prints below (Ctrl+C twice to stop)."
	$(VENV)/bin/jupyter lab notebooks/00_welcome.ipynb $(ALLOW_ROOT)

# helpers.plot reads HELPERS_PRESENT at import: no notebook is edited to present.
# JupyterLab reads a config folder of its own (build/present-config) with a style sheet that makes
# text at least 20 px (tools/present.py).
present: $(LAB_STAMP)
	@$(PYTHON) tools/present.py build/present-config
	HELPERS_PRESENT=1 JUPYTER_CONFIG_DIR=build/present-config $(VENV)/bin/jupyter lab \
		--LabApp.custom_css=True $(or $(NB),notebooks/00_welcome.ipynb) $(ALLOW_ROOT)

test: lint unit nbval browser

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(TEST_STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

unit: $(TEST_STAMP)
	$(PYTHON) -m pytest -m "not browser" tests

# Strict nbval (never --nbval-lax): every stored output is compared with a fresh run.
# Two workers, one per core; each runs whole notebooks (--dist loadfile), cells in order.
NBVAL = $(PYTHON) -m pytest -p no:cacheprovider --nbval --nbval-current-env \
	--nbval-sanitize-with tests/nbval_sanitize.cfg -n 2 --dist loadfile $(NOTEBOOKS)

nbval: $(TEST_STAMP)
	$(NBVAL)

# The same comparison under another hash seed and two BLAS threads: no stored output may depend
# on either (CI runs it after make test; OPENBLAS_CORETYPE is left as the machine sets it).
nbval-variant: $(TEST_STAMP)
	PYTHONHASHSEED=1 OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 MKL_NUM_THREADS=2 $(NBVAL)

browser: $(TEST_STAMP) $(NPM_STAMP)
	$(PYTHON) -m pytest -m browser tests

# Re-execute notebooks in place, exactly as nbval will (NB=path for one notebook).
# Appendix A and the index are generated first; the index has no code, so it is not executed.
notebooks: $(TEST_STAMP)
	$(PYTHON) tools/build_appendix.py
	$(PYTHON) tools/build_index.py
	$(PYTHON) tools/run_notebooks.py $(or $(NB),notebooks/[0-9][0-9]_*.ipynb notebooks/[A-Z]_*.ipynb)

slides: $(TEST_STAMP) $(NPM_STAMP)
	$(PYTHON) tools/build_slides.py $(or $(NB),$(NOTEBOOKS))

html: $(TEST_STAMP) $(NPM_STAMP)
	$(PYTHON) tools/build_html.py

handout: $(TEST_STAMP)
	$(PYTHON) tools/build_handout.py

grade: $(TEST_STAMP)
	@test -n "$(SUBMISSIONS)" || { echo "usage: make grade SUBMISSIONS=folder/of/notebooks"; exit 2; }
	$(PYTHON) tools/grade.py $(SUBMISSIONS)

bench: $(TEST_STAMP)
	@for b in bench/*.py; do echo "== $$b"; $(PYTHON) $$b || exit 1; done

clean:
	rm -rf $(VENV) build node_modules .pytest_cache .ruff_cache .hypothesis
