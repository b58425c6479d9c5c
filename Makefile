# Presswatch: two commands set everything up.
#   make demo   virtualenv from requirements.lock, load the demo corpus into SQLite (once), serve the dashboard
#   make test   install from requirements-dev.lock (Debian's Chromium too), lint, the install smoke test
#               (tests/test_install.py), then the whole pytest suite
#   make lock   regenerate the locks from pyproject.toml after editing its dependencies
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501
DATABASE_URL ?= sqlite:///data/presswatch.db
export DATABASE_URL

.PHONY: demo test install install-dev lock smoke chromium lint serve clean

# Installs come only from the locks: every distribution, transitive ones included, pinned with its sha256.
# requirements-data.lock holds packages installed only for the data files in their wheels (asent's
# sentiment lexicons, read by ingest/nlp/lexicons.py and never imported): --no-deps keeps out the
# dependencies they declare (spaCy and ~40 more) that Presswatch never runs.
$(VENV)/.installed: requirements.lock requirements-data.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements-data.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation --editable .
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock $(VENV)/.installed
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Regenerate the locks from pyproject.toml (dependencies + dependency groups) with uv: one universal
# resolution for every platform and Python >= 3.11, hashes read from PyPI. Versions already in a lock are
# kept unless pyproject asks otherwise; `make lock UPGRADE=1` moves everything to the newest release.
UV_COMPILE = $(PY) -m uv pip compile pyproject.toml --generate-hashes --universal --python-version 3.11 \
	--index-url https://pypi.org/simple --custom-compile-command "make lock" --quiet $(if $(UPGRADE),--upgrade)
lock: $(VENV)/.installed-dev
	$(UV_COMPILE) --group build -o requirements.lock
	$(UV_COMPILE) --group build --group dev -c requirements.lock -o requirements-dev.lock
	$(PY) -m uv pip compile --group pyproject.toml:data --no-deps --generate-hashes --universal \
		--python-version 3.11 --index-url https://pypi.org/simple --custom-compile-command "make lock" \
		--quiet $(if $(UPGRADE),--upgrade) -o requirements-data.lock

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
	$(PY) -m pytest -q tests/test_install.py
	$(PY) -m pytest -n 2 --dist loadgroup --ignore=tests/test_install.py

clean:
	rm -rf $(VENV) data test-output .pytest_cache .ruff_cache .mypy_cache
