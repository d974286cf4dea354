# The README's two commands:
#   make example   builds the example site and prints where it is
#   make test      installs everything the tests need, lints (ruff, mypy) and runs the
#                  whole suite on both cores (pytest-xdist), on Sphinx 9.x (Python 3.12)
#                  and on Sphinx 8.2 (Python 3.11)
# Neither needs anything but Python, pip and (for the browser and HTML checks)
# Debian's chromium and a JRE; .ci/run installs those with apt-get.

SHELL := /bin/bash
# The first interpreter of each version that actually runs (pyenv shims exist for
# versions that are installed but not selected, and fail when called).
find_python = $(shell for p in $$HOME/.pyenv/versions/$(1)*/bin/python$(1) /usr/local/bin/python$(1) /usr/bin/python$(1) python$(1); do "$$p" -c "" 2>/dev/null && { echo "$$p"; break; }; done)
PY311 ?= $(call find_python,3.11)
PY312 ?= $(call find_python,3.12)
VNU_VERSION ?= 26.9.27
EXAMPLE_OUT ?= _build/example
# The slowest tests of each run are listed at its end: where the next cut in the suite's
# time is.
PYTEST_ARGS ?= --durations=15
# Three workers a version on this 2-core machine: two suites of two workers ended in
# 481 s, of three workers in 417 s (2026-12-03). Both cores are busy throughout either
# way (sampled from /proc/stat): the third worker fills the gaps of the serial starts
# and of the tail, where a suite has fewer long modules left than workers. Work stealing
# balances the long modules better than keeping each module on one worker (loadscope):
# a module's shared build may then be made once per worker, and the suite still ends
# sooner.
PYTEST_XDIST ?= -n 3 --dist worksteal
# JUNIT=/tmp/run writes each version's JUnit report to /tmp/run-sphinx9.xml and
# /tmp/run-sphinx82.xml; `python tests/harness.py /tmp/run-*.xml` turns them into
# tests/durations.json, the modules' times the suite orders itself by (longest first).
JUNIT ?=
junit = $(if $(JUNIT),--junitxml=$(JUNIT)-$(1).xml)

.PHONY: example test test-deps lint test-sphinx9 test-sphinx82 docs clean

.venv-sphinx9/.installed: pyproject.toml
	$(PY312) -m venv .venv-sphinx9
	.venv-sphinx9/bin/pip install -q --upgrade pip
	.venv-sphinx9/bin/pip install -q ".[test]" "sphinx>=9.1,<10" "myst-parser>=5,<6" sphinx-autobuild
	touch $@

.venv-sphinx82/.installed: pyproject.toml
	$(PY311) -m venv .venv-sphinx82
	.venv-sphinx82/bin/pip install -q --upgrade pip
	.venv-sphinx82/bin/pip install -q ".[test]" "sphinx>=8.2,<8.3" "myst-parser>=4,<5" sphinx-autobuild
	touch $@

NU_JAR = .cache/tools/node_modules/vnu-jar/build/dist/vnu.jar

$(NU_JAR):
	mkdir -p .cache/tools
	npm install --silent --no-audit --no-fund --prefix .cache/tools vnu-jar@$(VNU_VERSION)

test-deps: .venv-sphinx9/.installed .venv-sphinx82/.installed $(NU_JAR)

# Each target installs the package from this checkout as a wheel (pip install ., not
# editable), so what runs is what users install.
INSTALL_SELF = bin/pip install -q --no-deps --force-reinstall .

example: .venv-sphinx9/.installed
	.venv-sphinx9/$(INSTALL_SELF)
	.venv-sphinx9/bin/python -m sphinx -q -b html examples/site $(EXAMPLE_OUT)
	@echo "The example site is in $(abspath $(EXAMPLE_OUT))/index.html"

docs: .venv-sphinx9/.installed
	.venv-sphinx9/$(INSTALL_SELF)
	.venv-sphinx9/bin/python -m sphinx -W -q -b html docs _build/docs
	@echo "The documentation is in $(abspath _build/docs)/index.html"

# The linter and the type checker (their settings are in pyproject.toml), before any
# test runs: a few seconds, where a test run takes minutes.
lint: .venv-sphinx9/.installed
	.venv-sphinx9/bin/ruff check --no-cache .
	.venv-sphinx9/bin/mypy --cache-dir .cache/mypy

# Each worker compiles the test modules with pytest's assertions rewritten, 3.5 s of
# CPU a worker (5.6 s to collect against 2.1 s with them cached): where the machine sets
# PYTHONDONTWRITEBYTECODE, the suite still keeps them in tests/__pycache__ (ignored by
# git) for the next run.
KEEP_BYTECODE = PYTHONDONTWRITEBYTECODE=

test-sphinx9: test-deps
	.venv-sphinx9/$(INSTALL_SELF)
	$(KEEP_BYTECODE) .venv-sphinx9/bin/python -m pytest -p no:cacheprovider $(PYTEST_XDIST) $(call junit,sphinx9) $(PYTEST_ARGS)

# On the older Sphinx every test runs except the benchmark scripts' and the browser's
# (the stylesheets and scripts a browser lays out are the same files under both
# versions; the HTML they lay out is checked on both, Nu checker included). Those that
# drive Sphinx's own scripts (search, highlighted terms, keys) and the example site's
# run on both (marked every_sphinx). SPHINX82_SELECTION= runs all.
SPHINX82_SELECTION ?= -m "not (browser or benchmark) or every_sphinx"

test-sphinx82: test-deps
	.venv-sphinx82/$(INSTALL_SELF)
	$(KEEP_BYTECODE) .venv-sphinx82/bin/python -m pytest -p no:cacheprovider $(PYTEST_XDIST) $(SPHINX82_SELECTION) $(call junit,sphinx82) $(PYTEST_ARGS)

# The lint and both versions' suites run side by side: each suite alone leaves a core
# idle for part of its run (its serial start, browsers and live-preview tests waiting on
# a rebuild), so the two suites side by side end sooner than one after the other.
# -O holds each one's output until it ends, so the log reads as three whole reports.
# One Nu HTML checker service for all of them (tests/nu_checker.py): its JVM starts once,
# while the lint runs, instead of once in every pytest worker (about 12 s of CPU each).
test: test-deps
	.venv-sphinx9/bin/python tests/nu_checker.py java $(NU_JAR) -- \
	  $(MAKE) --no-print-directory -j3 -O lint test-sphinx9 test-sphinx82

clean:
	rm -rf .venv-sphinx9 .venv-sphinx82 .cache _build
