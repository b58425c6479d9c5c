"""The dashboard only reads: it never migrates the store, and a store it cannot show (missing, never
migrated, or at another schema revision) gives one clear error naming it, not a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from db.engine import current_revisions, describe, head_revisions, make_engine, upgrade
from pages._ui import store_problem

ROOT = Path(__file__).absolute().parents[2]
OLDER = "0004"


def _store_at(url: str, revision: str | None) -> None:
    engine = make_engine(url)
    if revision:
        upgrade(engine, revision)
    else:
        with engine.connect():  # an empty file, as a first connection leaves it
            pass
    engine.dispose()


@pytest.fixture
def dashboard_on(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Point DATABASE_URL (set by the test) at a fresh server process: no cached engine or reads."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.mark.parametrize("revision", [OLDER, None], ids=["older-revision", "never-migrated"])
def test_a_store_behind_head_is_named_with_the_command_that_fixes_it(sqlite_url: str, revision: str | None) -> None:
    _store_at(sqlite_url, revision)
    engine = make_engine(sqlite_url, readonly=True)
    problem = store_problem(engine)
    engine.dispose()
    assert problem is not None
    assert describe(engine) in problem and "`presswatch db upgrade`" in problem
    assert (f"revision {OLDER}" in problem) if revision else ("no schema yet" in problem)


def test_a_store_at_head_has_no_problem(sqlite_url: str) -> None:
    _store_at(sqlite_url, "head")
    engine = make_engine(sqlite_url, readonly=True)
    assert store_problem(engine) is None
    engine.dispose()


def test_a_missing_store_is_named_and_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "gone" / "presswatch.db"
    engine = make_engine(f"sqlite:///{missing}", readonly=True)
    problem = store_problem(engine)
    engine.dispose()
    assert problem is not None and problem.startswith(f"Cannot read the store sqlite:///{missing}: ")
    assert "`presswatch db upgrade`" in problem
    assert not missing.parent.exists()


def test_dashboard_shows_one_error_and_leaves_an_older_store_alone(
        sqlite_url: str, monkeypatch: pytest.MonkeyPatch, dashboard_on: None) -> None:
    _store_at(sqlite_url, OLDER)
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.error) == 1
    assert f"The store {sqlite_url} is at schema revision {OLDER}" in at.error[0].value
    assert "`presswatch db upgrade`" in at.error[0].value
    assert not at.get("plotly_chart")
    engine = make_engine(sqlite_url)
    assert current_revisions(engine) == {OLDER}, "the dashboard migrated the store"
    upgrade(engine)  # what the message asks the operator to do; a rerun then shows the store
    assert current_revisions(engine) == head_revisions()
    engine.dispose()
    at.run()
    assert not at.exception and not at.error
    assert "The store has no events yet" in at.info[0].value
