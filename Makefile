# Briefing Quiz. `make run` serves the app with demo data; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := wsgi
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# gunicorn's rule of thumb: two workers per core, plus one.
WORKERS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) * 2 + 1 )))
BIND ?= 127.0.0.1:8000

.PHONY: run serve test install assets chromium pdf-libraries wrk lint format bench clean

## run: install everything, build assets, migrate the SQLite database, add demo data, serve
run: install assets pdf-libraries
	$(BIN)/flask db upgrade
	$(BIN)/flask demo
	@echo "Sign in at http://127.0.0.1:$(PORT)/sign-in with one of the demo sign-ins above."
	@echo "Development mode: only this computer can open it. To serve others, see 'make serve'."
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

## serve: production serving: migrate, then gunicorn with WORKERS processes on BIND (127.0.0.1:8000)
## behind a TLS proxy. Needs the production settings (SECRET_KEY, DATABASE_URL...): see README.
serve: install assets pdf-libraries
	QUIZ_CONFIG=production $(BIN)/flask db upgrade
	QUIZ_CONFIG=production $(BIN)/gunicorn --workers $(WORKERS) --bind $(BIND) \
	  --no-control-socket wsgi:app

## test: install what the tests need (Python packages, Debian's chromium and the PDF
## libraries) and run the whole suite
test: install assets chromium pdf-libraries
	$(BIN)/ruff check quiz tests bench config.py wsgi.py
	$(BIN)/pytest

## install: the Python virtual environment with the app and its test tools
install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## assets: compile GOV.UK Frontend (unbranded) into quiz/static/build
assets: node_modules/.installed
	npm run --silent build

## chromium: Debian's Chromium for the browser tests (Playwright cannot download its own here)
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-liberation >/dev/null; }

## pdf-libraries: what WeasyPrint (the completion record's PDF) loads at run time: Pango,
## HarfBuzz's subsetter (fonts embedded small) and fonts with the metrics of Arial/Helvetica
pdf-libraries:
	@dpkg -s libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation \
	  >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
	    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation >/dev/null; }

lint:
	$(BIN)/ruff check quiz tests bench config.py wsgi.py

format:
	$(BIN)/ruff format quiz tests config.py wsgi.py

clean:
	rm -rf $(VENV) node_modules quiz/static/build instance

## bench: the heavier pages; the reports on a generated partnership of 10,000 people and one of
## 1,000 (bench/reports.py); then the app under gunicorn beside minimal apps (SQLite, and
## PostgreSQL at TEST_POSTGRES_URL when it answers); then a team meeting of 50 polling phones
## (bench/meeting_poll.py); one JSON object per line
bench: install assets wrk
	$(BIN)/python bench/bench.py
	$(BIN)/python bench/meeting_poll.py

## wrk: Debian's HTTP load generator for the serving benchmarks (they fall back to Python threads)
wrk:
	@command -v wrk >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk >/dev/null; }

## reliability: the real server (gunicorn) under a burst of 200 people, workers killed mid-save, a PostgreSQL restart and a locked SQLite file; one JSON line each
.PHONY: reliability
reliability: install
	$(BIN)/python -m bench.reliability
