# skytally: `make run` sets up .venv from the lock file and runs the nightly flow on the
# sample articles; `make test` sets up the same way and runs the whole test suite; `make lint` runs ruff and sqlfluff.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
WORK   := work
AS_OF  ?= 2025-07-31

.PHONY: setup browser run test test-fast lint lock clean

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

# The unit tests only: pure functions, no DuckDB file, no Prefect, no browser (seconds).
test-fast: setup
	$(BIN)/python -m pytest -q tests/unit

# ruff (pyflakes, pycodestyle, bugbear, complexity <= 10; today's exceptions named in pyproject.toml) and
# sqlfluff (DuckDB dialect; rules in .sqlfluff) over every SQL file.
lint: setup
	$(BIN)/ruff check .
	$(BIN)/sqlfluff lint warehouse/sql expectations/sql

# Re-resolve the dependency set (needs the package registry) and rewrite the lock file.
lock:
	rm -rf /tmp/skytally-lock && $(PYTHON) -m venv /tmp/skytally-lock
	/tmp/skytally-lock/bin/pip install --quiet -e '.[test]'
	/tmp/skytally-lock/bin/pip freeze --exclude-editable > requirements.lock.new
	mv requirements.lock.new requirements.lock

clean:
	rm -rf $(VENV) $(WORK) .pytest_cache
