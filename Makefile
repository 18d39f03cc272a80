# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FLASK_APP := wsgi

.PHONY: run test lint e2e bench browser postgres install lock clean translations

# Every Python package comes from the lock files, checked against their
# hashes; the forum itself is then installed on top without dependencies,
# so nothing unlocked slips in. See README "Dependencies".
APP_LOCK := requirements.txt
TEST_LOCK := requirements-test.txt
$(STAMP): $(APP_LOCK) $(TEST_LOCK) pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r $(TEST_LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

# Rewrites both locks from pyproject.toml, keeping every pin that still
# fits; `make lock LOCK_FLAGS=--upgrade` moves them all to the newest
# releases. One lock serves every platform and Python from 3.11 on.
# The test lock is constrained by the app lock, so the two never disagree.
LOCK_FLAGS ?=
UV_COMPILE = $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes --quiet $(LOCK_FLAGS)
lock: $(STAMP)
	$(BIN)/pip install --quiet "uv>=0.13,<0.14"
	$(UV_COMPILE) -o $(APP_LOCK)
	$(UV_COMPILE) --extra test --extra postgres -c $(APP_LOCK) -o $(TEST_LOCK)

install: $(STAMP)

# Every word people read, gathered from the code and templates (babel.cfg;
# only hidden folders are skipped: Babel would skip templates/_partials too),
# brought into each language's catalogue and compiled. New words arrive
# untranslated, never guessed (-N); words no longer used leave. The
# compiled .mo files are committed, so a deployment needs no build step:
# tests/test_translations.py fails while a catalogue is incomplete, holds
# an unused or fuzzy entry, or was not compiled since its last edit.
CATALOGUES := forum/translations
translations: $(STAMP)
	$(BIN)/pybabel -q extract --ignore-dirs='.*' -F babel.cfg -k lazy_gettext -k lazy_ngettext:1,2 \
		--add-location=file --sort-output --no-wrap -o $(CATALOGUES)/messages.pot .
	$(BIN)/pybabel -q update -N --ignore-obsolete --no-wrap -i $(CATALOGUES)/messages.pot -d $(CATALOGUES)
	$(BIN)/pybabel -q compile -d $(CATALOGUES)

run: $(STAMP)
	$(BIN)/flask forum init
	$(BIN)/flask forum demo-data --topics 30 --posts 300 --seed 1 --if-empty
	$(BIN)/flask forum meetings import forum/services/demo_meetings.json
	$(BIN)/gunicorn --config gunicorn.conf.py wsgi:app

# The suite on every core (pytest-xdist), each test file on one worker; then
# the tests marked `alone` (many members posting at once through gunicorn),
# with no other test beside them. `pytest` alone runs everything, one at a time.
test: $(STAMP) lint browser postgres
	$(BIN)/python -m pytest -n auto --dist loadfile -m "not alone"
	$(BIN)/python -m pytest -m alone

# The rules are in pyproject.toml [tool.ruff]; everything in the repository is checked.
lint: $(STAMP)
	$(BIN)/ruff check .

# Only the browser tests (marked `browser`): journeys, accessibility, the old phone, XSS, lynx, HTML.
e2e: $(STAMP) browser
	$(BIN)/pytest -m browser

# Installs Debian packages when run as root. apt-get's output is kept in
# a log and shown only when it fails, so a broken mirror or a missing
# package explains itself.
APT_INSTALL = { [ "$$(id -u)" = 0 ] && log=$$(mktemp) && { { apt-get update -qq \
	&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1); } >$$log 2>&1 && rm -f $$log \
	|| { echo "apt-get install $(1) failed:"; cat $$log; rm -f $$log; false; }; }; }

# The browser tests drive Debian's Chromium (never a downloaded one) and
# lynx, inject axe-core and run the W3C checker (vnu-jar, with the
# machine's Java), both pinned in tests/browser/package-lock.json and
# installed with npm ci into .venv/npm, where the tests look for them
# (--ignore-scripts: vnu-jar's install script would download a Java of
# its own). As root the Debian packages are installed when missing;
# otherwise those tests are skipped, unless FORUM_REQUIRE_BROWSER is set
# (CI sets it), when they fail.
NPM_DIR := $(VENV)/npm
NPM_LOCK := tests/browser/package.json tests/browser/package-lock.json
NPM_STAMP := $(NPM_DIR)/.installed
browser: $(STAMP)
	@{ command -v chromium && command -v lynx && command -v java; } >/dev/null \
		|| $(call APT_INSTALL,chromium lynx default-jre-headless) \
		|| echo "No Chromium, lynx or Java: browser tests will be skipped (sudo apt-get install chromium lynx default-jre-headless)."
	@command -v npm >/dev/null || $(call APT_INSTALL,npm) || true
	@{ [ -f $(NPM_STAMP) ] && [ -z "$$(find $(NPM_LOCK) -newer $(NPM_STAMP))" ]; } || { mkdir -p $(NPM_DIR) \
		&& cp $(NPM_LOCK) $(NPM_DIR)/ && npm ci --ignore-scripts --silent --prefix $(NPM_DIR) && touch $(NPM_STAMP); } \
		|| echo "No axe-core or vnu-jar (npm): accessibility and HTML tests will be skipped."

# tests/test_postgres.py starts a throwaway PostgreSQL cluster of its own
# on a free port and never uses the system's. As root, Debian's postgresql
# package is installed when missing (Debian then also starts its own main
# cluster); otherwise those tests are skipped unless FORUM_REQUIRE_POSTGRES
# is set (CI sets it).
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || $(call APT_INSTALL,postgresql) \
		|| echo "No PostgreSQL: its tests will be skipped (sudo apt-get install postgresql)."

# Prints figures and which budgets hold (exit 1 when one is missed); see
# README "Performance". Needs wrk (Debian's package), installed here when
# missing and run as root.
bench: $(STAMP)
	@command -v wrk >/dev/null || $(call APT_INSTALL,wrk) \
		|| { echo "make bench needs wrk: sudo apt-get install wrk"; exit 1; }
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache bench/.data bench/results.json
