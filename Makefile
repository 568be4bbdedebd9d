# skytally: `make run` sets up .venv from the lock file and runs the nightly flow on the
# sample articles; `make test` sets up the same way and runs the whole test suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
WORK   := work
AS_OF  ?= 2025-07-31

.PHONY: setup browser run test lock clean

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

run: setup
	$(BIN)/skytally run --input data/sample --db $(WORK)/skytally.duckdb --as-of $(AS_OF)

# Debian's chromium + chromedriver for the report's browser tests (skipped, with the reason, if absent).
browser:
	@./.ci/install-browser.sh || echo "warning: chromium not installed; the browser tests will be skipped"

test: setup browser
	$(BIN)/python -m pytest -q

# Re-resolve the dependency set (needs the package registry) and rewrite the lock file.
lock:
	rm -rf /tmp/skytally-lock && $(PYTHON) -m venv /tmp/skytally-lock
	/tmp/skytally-lock/bin/pip install --quiet -e '.[test]'
	/tmp/skytally-lock/bin/pip freeze --exclude-editable > requirements.lock.new
	mv requirements.lock.new requirements.lock

clean:
	rm -rf $(VENV) $(WORK) .pytest_cache
