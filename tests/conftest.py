"""Shared fixtures: real databases, one suite for both backends.

`backend_url` is parametrised over a fresh SQLite file and a PostgreSQL database that this test run
creates on 127.0.0.1:5432 and drops at the end (never reusing what an earlier run left). When the
server does not answer, PostgreSQL cases are skipped and the run says so loudly in its summary.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from bench.quotes import shared_dir
from db.engine import make_engine, upgrade

pytest_plugins = ["tests.conftest_web"] if (Path(__file__).parent / "conftest_web.py").exists() else []

PG_ADMIN_URL = os.environ.get("PRESSWATCH_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
_PG_STATE: dict[str, str | None] = {}


def _pg_available() -> str | None:
    """Reason PostgreSQL is unusable, or None when it answers."""
    if "reason" not in _PG_STATE:
        try:
            eng = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
            with eng.connect() as conn:
                conn.execute(text("select 1"))
            eng.dispose()
            _PG_STATE["reason"] = None
        except Exception as exc:
            _PG_STATE["reason"] = f"PostgreSQL at {PG_ADMIN_URL} does not answer: {str(exc).splitlines()[0]}"
    return _PG_STATE["reason"]


@contextmanager
def fresh_pg_database() -> Iterator[str]:
    """A PostgreSQL database made for the caller and dropped afterwards (skips when the server is down)."""
    reason = _pg_available()
    if reason:
        pytest.skip(reason)
    name = f"presswatch_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    """URL of a database created for this test session (one per xdist worker) and dropped afterwards."""
    with fresh_pg_database() as url:
        yield url


def _reset_pg(url: str) -> None:
    eng = create_engine(url, isolation_level="AUTOCOMMIT")
    with eng.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    eng.dispose()


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def backend_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'presswatch.db'}"
    url: str = request.getfixturevalue("pg_server_url")
    _reset_pg(url)
    return url


@pytest.fixture
def engine(backend_url: str) -> Iterator[Engine]:
    """A migrated engine on a fresh database; closed after the test."""
    eng = make_engine(backend_url)
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'presswatch.db'}"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not (shared_dir() / "benchmarks/quotes/score.py").is_file():
        terminalreporter.write_sep("!", "QUOTE BENCHMARK GATES SKIPPED", red=True, bold=True)
        terminalreporter.write_line(f"{shared_dir()} is missing: set PRESSWATCH_SHARED to the shared/ folder", red=True)
    reason = _PG_STATE.get("reason")
    if reason:
        terminalreporter.write_sep("!", "POSTGRESQL TESTS SKIPPED", red=True, bold=True)
        terminalreporter.write_line(reason, red=True)
    elif "reason" in _PG_STATE:
        terminalreporter.write_line("PostgreSQL: tests ran against a fresh database on " + PG_ADMIN_URL)
