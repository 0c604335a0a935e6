# Two commands do all the set-up on a fresh Debian 12 machine (as root, registries only):
#   make run    install what is missing, migrate, load the demo, print logins, serve on :8000
#   make test   install what is missing (plus the development tools), ruff, the suite on SQLite and PostgreSQL
# requirements.txt holds the run-time packages only; requirements-dev.txt (pytest, Playwright, ruff, locust,
# pypdf, numpy, factory-boy…) is installed by `make test` and never by `make run` or in production.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV   := .venv
PY     := $(VENV)/bin/python
PYTEST := $(PY) -m pytest
# Both cores: CI has two. Each database run reports its own summary line.
PYTEST_ARGS ?= -q -n 2
HOST   ?= 127.0.0.1
PORT   ?= 8000

# Debian packages the portal needs: Python build/venv, gettext for catalogs, CJK fonts and
# HarfBuzz's subsetter for WeasyPrint PDFs, PostgreSQL for the second test run, Chromium for
# browser tests, poppler and zbar to read printed PDFs and QR codes back in the tests.
APT_PACKAGES := python3 python3-venv python3-dev build-essential gettext \
	fonts-noto-cjk libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 \
	postgresql chromium chromium-driver poppler-utils zbar-tools
# python-ldap's build headers, and OpenLDAP's slapd + tools + openssl for the directory tests' throwaway server.
APT_PACKAGES += libldap2-dev libsasl2-dev slapd ldap-utils openssl

.PHONY: help run test system-deps venv dev-venv messages lint test-sqlite test-postgres demo lock clean

help:
	@echo "make run    - set up and serve the portal on http://$(HOST):$(PORT) (SQLite, demo data, DEBUG off)"
	@echo "make test   - set up and run ruff + the whole suite on SQLite and PostgreSQL"

system-deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" != 0 ]; then echo "Run as root (or install:$$missing)"; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  case "$$missing" in *slapd*) \
	    echo "Stopping and disabling Debian's own slapd service (the tests start their own)"; \
	    (service slapd stop || /etc/init.d/slapd stop) >/dev/null 2>&1 || true; \
	    update-rc.d slapd disable >/dev/null 2>&1 || true;; \
	  esac; \
	fi

$(VENV)/.installed: requirements.txt
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	@touch $@

venv: $(VENV)/.installed

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	@touch $@

dev-venv: $(VENV)/.installed-dev

# Compile the zh_Hans and en catalogs (the .po files are committed; .mo are built here).
messages: venv
	$(PY) manage.py compilemessages --ignore=.venv -v 0

lint: dev-venv
	$(VENV)/bin/ruff check .

# Served like production (portal/settings/dev.py): DEBUG off (PORTAL_DEBUG=1 turns it on), the portal's own
# error pages, static files collected into var/staticfiles and served by WhiteNoise, images through their view.
run: system-deps venv messages
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py collectstatic --noinput -v 0
	$(PY) manage.py load_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

test: system-deps dev-venv messages lint test-sqlite test-postgres

test-sqlite: dev-venv
	@echo "=== pytest on SQLite ==="
	env -u DATABASE_URL $(PYTEST) $(PYTEST_ARGS)

# The browser tests (marker "browser": Chromium driving the pages, the axe sweep of every role's pages) run
# once, in the SQLite run: what they check is what the browser renders, the same on either database, and
# the sweep alone takes minutes. Every other test runs on both databases.
test-postgres: dev-venv
	@echo "=== pytest on PostgreSQL (throwaway cluster; browser tests ran in the SQLite run) ==="
	tests/tools/with_postgres.sh $(PYTEST) $(PYTEST_ARGS) -m "not browser"

# requirements.txt: pip freeze of a venv built from requirements.in (run time only);
# requirements-dev.txt: what requirements-dev.in adds on top of it (constrained by requirements.txt).
lock:
	rm -rf /tmp/portal-lock && python3 -m venv /tmp/portal-lock
	/tmp/portal-lock/bin/pip install -q -r requirements.in
	(echo "# Fully pinned run-time packages. Regenerate with: make lock (pip freeze of a venv built from requirements.in)"; \
	 /tmp/portal-lock/bin/pip freeze | sort -f) > requirements.txt
	/tmp/portal-lock/bin/pip install -q -r requirements-dev.in
	(echo "# Development and test tools, fully pinned (not installed in production; make test installs them)."; \
	 echo "# Regenerate with: make lock (pip freeze of a venv built from requirements.in + requirements-dev.in, minus requirements.txt)"; \
	 echo "-r requirements.txt"; \
	 /tmp/portal-lock/bin/pip freeze | sort -f | grep -vxF -f <(grep -v '^#' requirements.txt)) > requirements-dev.txt

clean:
	rm -rf var db.sqlite3
