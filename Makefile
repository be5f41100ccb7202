# User-facing targets (see README.md):
#   make docs        set up, regenerate the derivations and the catalogue's pages, build the site into build/html
#   make test        set up, lint (ruff), check the generated files are in sync, run the whole test suite (every core)
#   make test-deep   set up, run the randomized Hypothesis search (SEED=..., EXAMPLES=...), browser tests aside
# Each target creates/updates its own virtual environment from pyproject.toml with
# the exact versions pinned in requirements/constraints.txt.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
MATHJAX_STAMP := docs/_static/mathjax/.installed
SPHINXOPTS ?= -W -n --keep-going

.PHONY: docs test test-deep venv chromium clean bench mutation mutation-save mutation-recheck

venv: $(STAMP)

$(STAMP): pyproject.toml requirements/constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(PY) -m pip install --quiet --disable-pip-version-check \
	    -c requirements/constraints.txt -e ".[test,docs]"
	touch $@

# MathJax is a pinned npm dependency, installed into the docs' static files (git-ignored).
$(MATHJAX_STAMP): scripts/vendor_mathjax.sh
	bash scripts/vendor_mathjax.sh

# Headless Chromium for the browser tests (Debian package; installed when missing).
chromium:
	bash scripts/ensure_chromium.sh

docs: $(STAMP) $(MATHJAX_STAMP)
	$(PY) -m derivations
	$(PY) -m catalogue
	$(PY) -m figures
	$(PY) -m sphinx -M html docs build -c . $(SPHINXOPTS)

# pytest-xdist: one worker per core; --dist loadgroup keeps each xdist_group (the browser tests, which share
# one site build) on one worker and spreads the rest by load.
XDIST := -n auto --dist loadgroup

# The MathJax stamp is a prerequisite of both test targets: the doctests (tests/test_docs_examples.py) run
# Sphinx with the site's conf.py, which refuses to configure without the vendored MathJax (it never falls back
# to a CDN), and a second configuration just for the doctests would test a site nobody builds.
test: $(STAMP) $(MATHJAX_STAMP) chromium
	$(PY) -m ruff check .
	$(PY) -m derivations --check
	$(PY) -m catalogue --check
	$(PY) -m pytest $(XDIST)

# The randomized search: the deep Hypothesis profile (tests/conftest.py, at least 100 examples per property)
# with the seed SEED (a random one when SEED is not given), printed before and after the run so that a failure
# can be rerun with `make test-deep SEED=<seed>`. EXAMPLES=<n> (n >= 100) searches longer. The browser tests
# draw nothing at random and are left to make test.
SEED ?=
EXAMPLES ?=
test-deep: $(STAMP) $(MATHJAX_STAMP)
	@seed="$(SEED)"; \
	if [ -z "$$seed" ]; then seed=$$($(PY) -c 'import secrets; print(secrets.randbits(32))'); fi; \
	echo "make test-deep: Hypothesis seed $$seed (rerun: make test-deep SEED=$$seed)"; \
	start=$$(date +%s); \
	REGPRIOR_HYPOTHESIS_PROFILE=deep REGPRIOR_DEEP_EXAMPLES="$(EXAMPLES)" \
	    $(PY) -m pytest $(XDIST) -p no:cacheprovider -m "not browser" --hypothesis-seed="$$seed"; \
	status=$$?; \
	echo "make test-deep: Hypothesis seed $$seed, exit status $$status, $$(( $$(date +%s) - start )) s (rerun: make test-deep SEED=$$seed)"; \
	exit $$status

# Speed against the peers (not part of the tests): its own environment, with scikit-learn, celer and
# skglm; a peer that fails to install is reported in the results instead of stopping the run.
BENCH_VENV  := .venv-bench
BENCH_PY    := $(BENCH_VENV)/bin/python
BENCH_STAMP := $(BENCH_VENV)/.installed

$(BENCH_STAMP): pyproject.toml requirements/constraints.txt benchmarks/requirements.txt
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_PY) -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(BENCH_PY) -m pip install --quiet --disable-pip-version-check -c requirements/constraints.txt -e ".[sklearn]"
	for peer in $$(cat benchmarks/requirements.txt); do \
	    $(BENCH_PY) -m pip install --quiet --disable-pip-version-check -c requirements/constraints.txt "$$peer" \
	        || echo "could not install $$peer: it will be reported as not available"; \
	done
	touch $@

bench: $(BENCH_STAMP)
	$(BENCH_PY) benchmarks/run.py --out benchmarks/results.md

# Mutation testing (not part of the tests; many hours on 2 cores for every module): mutmut mutates the modules
# listed in pyproject.toml [tool.mutmut] and runs the tests that cover each mutant; scripts/mutation_report.py
# writes the score and every surviving mutant to tests/MUTATION.md. The run goes on where the last one stopped,
# also in a new clone: scripts/mutation_state.py restores mutmut's record from tests/mutation-state/ before it
# and saves it after (an interrupted run: `make mutation-save`). MUTANTS="<name or glob> ..." checks those mutants
# (again, when already checked: e.g. the survivors after new tests), as MUTANTS="regprior.priors.*". Its own
# environment, like the benchmark's.
MUT_VENV  := .venv-mutation
MUT_PY    := $(MUT_VENV)/bin/python
MUT_STAMP := $(MUT_VENV)/.installed

$(MUT_STAMP): pyproject.toml requirements/constraints.txt requirements/mutation.txt
	$(PYTHON) -m venv $(MUT_VENV)
	$(MUT_PY) -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(MUT_PY) -m pip install --quiet --disable-pip-version-check -c requirements/constraints.txt \
	    -e ".[test,docs]" -r requirements/mutation.txt
	touch $@

MUTANTS ?=
# One BLAS thread per mutant: mutmut already runs one mutant per core, and threaded BLAS on top oversubscribed them.
mutation: $(MUT_STAMP)
	$(MUT_PY) scripts/mutation_state.py restore
	REGPRIOR_MUTATION=1 OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 \
		$(MUT_VENV)/bin/mutmut run --max-children 2 $(MUTANTS) || true
	$(MUT_PY) scripts/mutation_state.py save
	$(MUT_PY) scripts/mutation_report.py --out tests/MUTATION.md

# After a run stopped by hand (Ctrl-C stops make too): keep what it checked, and report it.
mutation-save: $(MUT_STAMP)
	$(MUT_PY) scripts/mutation_state.py save
	$(MUT_PY) scripts/mutation_report.py --out tests/MUTATION.md

# Mark the survivors the report does not explain as equivalent (and the mutants no test ran) unchecked, so that the
# next `make mutation` checks them against the tests written since.
mutation-recheck: $(MUT_STAMP)
	$(MUT_PY) scripts/mutation_state.py recheck

clean:
	rm -rf build
