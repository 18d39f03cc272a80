# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FLASK_APP := wsgi

.PHONY: run test e2e bench browser postgres install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test,postgres]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/flask forum init
	$(BIN)/flask forum demo-data --topics 30 --posts 300 --seed 1 --if-empty
	$(BIN)/gunicorn --config gunicorn.conf.py wsgi:app

test: $(STAMP) browser postgres
	$(BIN)/python -m pytest

# Only the browser tests (marked `browser`): journeys, accessibility, the old phone, XSS, lynx, HTML.
e2e: $(STAMP) browser
	$(BIN)/pytest -m browser

# The browser tests drive Debian's Chromium (never a downloaded one) and
# lynx, inject axe-core and run the W3C checker (vnu-jar, with the
# machine's Java), both from the npm registry. As root the Debian
# packages are installed when missing; otherwise those tests are skipped,
# unless FORUM_REQUIRE_BROWSER is set (CI sets it), when they fail.
AXE := $(VENV)/npm/node_modules/axe-core/axe.min.js
VNU := $(VENV)/npm/node_modules/vnu-jar/build/dist/vnu.jar
browser: $(STAMP)
	@{ command -v chromium && command -v lynx && command -v java; } >/dev/null || { [ "$$(id -u)" = 0 ] \
		&& apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium lynx \
		default-jre-headless >/dev/null; } \
		|| echo "No Chromium, lynx or Java: browser tests will be skipped (sudo apt-get install chromium lynx default-jre-headless)."
	@command -v npm >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq \
		&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; } || true
	@[ -f $(AXE) ] && [ -f $(VNU) ] || npm install --no-save --silent --prefix $(VENV)/npm axe-core@4 vnu-jar >/dev/null \
		|| echo "No axe-core or vnu-jar (npm): accessibility and HTML tests will be skipped."

# tests/test_postgres.py starts a throwaway PostgreSQL cluster of its own
# on a free port and never uses the system's. As root, Debian's postgresql
# package is installed when missing (Debian then also starts its own main
# cluster); otherwise those tests are skipped unless FORUM_REQUIRE_POSTGRES
# is set (CI sets it).
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || { [ "$$(id -u)" = 0 ] \
		&& apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; } \
		|| echo "No PostgreSQL: its tests will be skipped (sudo apt-get install postgresql)."

# Prints figures and which budgets hold (exit 1 when one is missed); see
# README "Performance". Needs wrk (Debian's package), installed here when
# missing and run as root.
bench: $(STAMP)
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; } \
		|| { echo "make bench needs wrk: sudo apt-get install wrk"; exit 1; }
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache bench/.data bench/results.json
