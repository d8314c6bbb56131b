# The two commands: `make run` and `make test` (README.md). Everything else is a step of theirs.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do command -v $$p >/dev/null && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && echo $$p && break; done)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup browser demo check-deploy lint messages

$(BIN)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Blognet needs Python 3.11 or newer."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

setup: $(BIN)/.installed

demo: setup
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo

run: demo
	@echo ""
	@echo "  Blognet runs at http://$(HOST):$(PORT)/  (stop with Ctrl+C)"
	@echo "  Demo login: username 'demo', password 'blognet-demo'"
	@echo "  A task worker runs beside it: notification e-mail is printed here."
	@echo ""
	$(BIN)/python manage.py db_worker --interval 2 & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Browser tests drive Debian's Chromium. As root with apt-get we install it; elsewhere the
# browser tests skip and say why (in CI they fail instead).
browser:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; } ; } || \
		echo "Chromium is not installed: the browser tests will be skipped (apt-get install chromium)."

test: setup browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

check-deploy: setup
	DEBUG=false SECRET_KEY=check-deploy-$$(date +%s)-0123456789-abcdefghijklmnopqrstuvwxyz ALLOWED_HOSTS=blognet.example.org \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

lint: setup
	$(BIN)/ruff check .

# Needs GNU gettext (apt-get install gettext) for makemessages; the compiled .mo files are committed.
messages: setup
	$(BIN)/python manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=staticfiles
	$(BIN)/python manage.py compilemessages -l en --ignore=.venv
