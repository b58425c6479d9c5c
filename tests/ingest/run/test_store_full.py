"""A full store stops an ingest cleanly: one line naming it, exit 74, the batch rolled back, the store
intact, and the next run with room stores what this one could not.

SQLite is filled for real: a connect listener, added only here, caps every new connection's file at the
pages it already has (`PRAGMA max_page_count`, a per-connection setting), so the first batch that needs
a new page gets SQLITE_FULL exactly as on a full disk. PostgreSQL's disk cannot be filled from a test,
so a trigger on articles raises the server's own disk_full error (SQLSTATE 53100) as a full disk would
when the batch extends the table.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, inspect, text

from db.engine import make_engine
from ingest.cli import main
from ingest.demo.corpus import write_demo_corpus

EXIT_STORE_FULL = 74


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Path]:
    """(config, first half, second half) of a small demo corpus; the run works in tmp_path."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    files = write_demo_corpus(tmp_path / "corpus", articles=120, seed=3)
    lines = files.articles.read_text(encoding="utf-8").splitlines(keepends=True)
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text("".join(lines[:60]), encoding="utf-8")
    second.write_text("".join(lines[60:]), encoding="utf-8")
    return files.config, first, second


def _counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    with engine.connect() as conn:
        counts = {t: int(conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one())
                  for t in sorted(inspect(conn).get_table_names())}
    engine.dispose()
    return counts


def _runs(url: str) -> list[tuple[str, dict[str, int]]]:
    engine = make_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT status, counts FROM ingest_runs ORDER BY id")).all()
    engine.dispose()
    return [(status, counts if isinstance(counts, dict) else json.loads(counts)) for status, counts in rows]


@contextmanager
def full(url: str) -> Iterator[None]:
    """The store has no room for another article while the block runs."""
    engine = make_engine(url)
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            pages = int(conn.execute(text("PRAGMA page_count")).scalar_one())
        engine.dispose()

        def cap(dbapi_connection: object, _record: object) -> None:
            dbapi_connection.execute(f"PRAGMA max_page_count={pages}")  # type: ignore[attr-defined]

        event.listen(Engine, "connect", cap)
        try:
            yield
        finally:
            event.remove(Engine, "connect", cap)
        return
    with engine.begin() as conn:
        conn.execute(text("CREATE FUNCTION disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                          "RAISE EXCEPTION USING ERRCODE = 'disk_full', MESSAGE = 'could not extend file "
                          "\"base/1/2\": No space left on device'; END $$"))
        conn.execute(text("CREATE TRIGGER disk_full BEFORE INSERT ON articles FOR EACH STATEMENT "
                          "EXECUTE FUNCTION disk_full()"))
    try:
        yield
    finally:
        with engine.begin() as conn:
            conn.execute(text("DROP TRIGGER disk_full ON articles"))
            conn.execute(text("DROP FUNCTION disk_full()"))
        engine.dispose()


def test_full_store_stops_the_run_with_one_line_and_loses_nothing(
        backend_url: str, corpus: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    config, first, second = corpus
    opts = ["--config", str(config), "--database", backend_url]
    assert main(["files", str(first), *opts]) == 0
    capsys.readouterr()
    before = _counts(backend_url)
    assert before["articles"] > 0

    with full(backend_url):
        code = main(["files", str(second), *opts])
    err = capsys.readouterr().err

    assert code == EXIT_STORE_FULL
    assert err.count("\n") == 1 and "Traceback" not in err, err
    store = make_engine(backend_url)
    assert err.startswith(f"presswatch: the store {store.url.render_as_string(hide_password=True)} is full (")
    assert "rolled back" in err and "free disk space" in err
    after = _counts(backend_url)
    # the run row of the failed run is written before any batch; everything else is as it was
    assert {t: n for t, n in after.items() if t != "ingest_runs"} == {
        t: n for t, n in before.items() if t != "ingest_runs"}
    assert after["ingest_runs"] == before["ingest_runs"] + 1
    status, counts = _runs(backend_url)[-1]
    # the run stopped at its first batch and said so on its row (a one-row update still fits the file); a
    # writer that blamed each article instead would go on, record one error per article, and find no room
    # for that list when closing the row
    assert status == "failed" and counts.get("failed", 0) == 0 and counts.get("stored", 0) == 0, (status, counts)
    if store.dialect.name == "sqlite":
        with store.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalars().all() == ["ok"]
    store.dispose()

    assert main(["files", str(second), *opts]) == 0  # room again: the same input goes in
    final = _counts(backend_url)
    assert final["articles"] > before["articles"]
    status, counts = _runs(backend_url)[-1]
    assert status == "ok" and counts["stored"] == final["articles"] - before["articles"]
