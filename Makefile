# Presswatch: two commands set everything up.
#   make demo   virtualenv, install, load the demo corpus into SQLite (once), serve the dashboard
#   make test   install test needs (Debian's Chromium included), ruff, the whole pytest suite
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501
DATABASE_URL ?= sqlite:///data/presswatch.db
export DATABASE_URL

.PHONY: demo test install install-dev chromium lint serve clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: install
	$(PY) -m ingest demo --if-empty
	$(PY) -m streamlit run dashboard.py --server.headless true --server.address 127.0.0.1 \
		--server.port $(PORT) --browser.gatherUsageStats false

serve: install
	$(PY) -m streamlit run dashboard.py --server.headless true --server.address 127.0.0.1 \
		--server.port $(PORT) --browser.gatherUsageStats false

# Debian's Chromium drives the browser tests (Playwright never downloads a browser here).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "installing Debian's chromium for the browser tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver) \
		|| sudo sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver'; }

lint: install-dev
	$(PY) -m ruff check .
	$(PY) -m mypy

test: install-dev chromium lint
	@$(PY) -c "import socket; socket.create_connection(('127.0.0.1', 5432), 2)" 2>/dev/null \
		&& echo "PostgreSQL answers on 127.0.0.1:5432: backend tests run on both SQLite and PostgreSQL" \
		|| echo "!!! PostgreSQL is not answering on 127.0.0.1:5432: PostgreSQL tests will be SKIPPED !!!"
	$(PY) -m pytest -n 2 --dist loadgroup

clean:
	rm -rf $(VENV) data test-output .pytest_cache .ruff_cache .mypy_cache
