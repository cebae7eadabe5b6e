# The portal's commands. `make run` serves the demo; `make test` runs the suite.
SHELL := /bin/bash
PY := .venv/bin/python

# The embedded run needs WeasyPrint's libraries and fonts with Vietnamese letters;
# the tests also need the servers, a browser and PDF/QR tools.
APT_RUNTIME := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
	fonts-dejavu-core fonts-liberation2 fonts-noto-core
APT_TEST := $(APT_RUNTIME) chromium poppler-utils zbar-tools

TEST_DATABASE_URL := $(or $(DATABASE_URL),postgres://egov:egov@127.0.0.1:5432/egov)
TEST_REDIS_URL := $(or $(REDIS_URL),redis://127.0.0.1:6379/1)
TEST_ENV := DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL)

# The settings default to production: development runs ask for debug mode, a key
# of this machine (var/secret_key, never committed) and the file outboxes.
DEV_ENV = DEBUG=True SECRET_KEY=$$(cat var/secret_key) \
	EMAIL_URL=$(or $(EMAIL_URL),filemail:///$(CURDIR)/var/outbox/email) \
	SMS_BACKEND=$(or $(SMS_BACKEND),file)

# `make stack` runs on PostgreSQL and Redis database 0 (the tests use database 1).
STACK_DATABASE_URL := $(or $(DATABASE_URL),postgres://egov:egov@127.0.0.1:5432/egov)
STACK_REDIS_URL := $(or $(REDIS_URL),redis://127.0.0.1:6379/0)
STACK_ENV = $(DEV_ENV) DATABASE_URL=$(STACK_DATABASE_URL) \
	REDIS_URL=$(STACK_REDIS_URL) CELERY_TASK_ALWAYS_EAGER=False

# axe-core for the accessibility tests: fetched from npm by version and SHA-256,
# never committed.
AXE := tests/e2e/assets/axe-core/axe.min.js
$(AXE): scripts/vendor_axe.sh
	scripts/vendor_axe.sh

.PHONY: install run test e2e lint fmt messages stack lock lock-check audit screenshots

.venv/.installed: requirements.lock scripts/install.sh
	scripts/install.sh
	touch $@

install: .venv/.installed
	scripts/apt.sh $(APT_RUNTIME)

var/secret_key:
	mkdir -p var
	python3 -c 'import secrets; print(secrets.token_urlsafe(64))' > $@

# The demo shows the portal's own error pages: DEBUG off, over plain HTTP, static
# files from WhiteNoise. `make run DEBUG=True` brings back Django's debug pages.
DEMO_ENV = $(DEV_ENV) DEBUG=$(or $(DEBUG),False) WHITENOISE_USE_FINDERS=True \
	SECURE_SSL_REDIRECT=False SESSION_COOKIE_SECURE=False CSRF_COOKIE_SECURE=False \
	SECURE_HSTS_SECONDS=0 PAYMENT_SANDBOX=True

run: install var/secret_key
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py seed_demo
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:8000

# PNGs of the demo at phone and desktop widths in docs/screenshots/ (README).
screenshots: install var/secret_key
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py seed_demo
	$(DEMO_ENV) $(PY) scripts/screenshots.py

# The real pipeline: web, a Celery worker and beat (Procfile) on PostgreSQL and Redis.
# SMS land in var/outbox/sms/, e-mail in var/outbox/email/ unless EMAIL_URL is set.
stack: install var/secret_key
	$(STACK_ENV) scripts/services.sh
	$(STACK_ENV) $(PY) manage.py migrate --noinput
	$(STACK_ENV) $(PY) manage.py seed_demo
	$(STACK_ENV) .venv/bin/honcho start --env /dev/null

test: install $(AXE)
	scripts/apt.sh $(APT_TEST)
	$(TEST_ENV) scripts/services.sh
	$(TEST_ENV) $(PY) -m pytest --create-db $(PYTEST_ARGS)

e2e: install $(AXE)
	scripts/apt.sh $(APT_TEST)
	$(TEST_ENV) scripts/services.sh
	$(TEST_ENV) $(PY) -m pytest tests/e2e $(PYTEST_ARGS)

lint: .venv/.installed
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy .
	.venv/bin/lint-imports --no-logo

fmt: .venv/.installed
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

# Extract the Vietnamese source strings and compile the English catalogue.
messages: .venv/.installed
	scripts/apt.sh gettext
	DEBUG=True $(PY) manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=var \
		--ignore=staticfiles --ignore=tests --ignore=bench
	DEBUG=True $(PY) manage.py compilemessages -l en -l vi --ignore=.venv

# Lock requirements*.txt with hashes (requirements.lock, requirements-runtime.lock);
# run after changing a pin. lock-check fails when the locks are stale.
lock: .venv/.installed
	scripts/lock.sh

lock-check: .venv/.installed
	scripts/lock.sh --check

# Known vulnerabilities of the locked packages (pip-audit).
audit: .venv/.installed
	scripts/audit.sh
