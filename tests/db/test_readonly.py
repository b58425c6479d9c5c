"""The dashboard's engine (`make_engine(readonly=True)`) reads every page and cannot write, on both
backends; on SQLite it reads while a writer holds a transaction, and never creates or converts the file."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event, func, insert, select, text
from sqlalchemy.exc import DBAPIError, OperationalError

from db.engine import at_head, make_engine, upgrade
from db.models import Article, Source
from db.reads import overview
from tests.db.page_reads import check_has_data, default_filters, read_every_page

NOON = dt.datetime(2020, 1, 3, 12, tzinfo=dt.UTC)


def _sqlite_file(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def test_every_page_reads_through_a_readonly_engine_and_writes_fail(demo_store: str) -> None:
    reader = make_engine(demo_store, readonly=True)
    try:
        assert at_head(reader)
        check_has_data(read_every_page(reader))
        with reader.connect() as conn, pytest.raises(DBAPIError) as failed:
            conn.execute(insert(Source).values(domain="never.example", name="never"))
        if reader.dialect.name == "sqlite":
            assert failed.value.orig.sqlite_errorname == "SQLITE_READONLY"  # type: ignore[union-attr]
        else:
            assert failed.value.orig.sqlstate == "25006"  # type: ignore[union-attr]  # read_only_sql_transaction
    finally:
        reader.dispose()
    writer = make_engine(demo_store)
    with writer.connect() as conn:
        assert conn.execute(select(func.count()).where(Source.domain == "never.example")).scalar_one() == 0
    writer.dispose()


@pytest.mark.parametrize("demo_store", ["sqlite"], indirect=True)  # PostgreSQL readers never wait for writers
def test_sqlite_reads_while_an_ingest_transaction_is_open(demo_store: str) -> None:
    """WAL lets the dashboard read the last committed state while a batch is being written, without
    waiting for it, and see the batch once it commits."""
    writer, reader = make_engine(demo_store), make_engine(demo_store, readonly=True)
    waits: list[str] = []
    # a reader that had to wait for the writer would sit in the busy handler: make it fail at once
    event.listen(reader, "connect", lambda dbapi, _rec: dbapi.execute("PRAGMA busy_timeout=0"))
    event.listen(reader, "handle_error", lambda ctx: waits.append(str(ctx.original_exception)))
    f = default_filters(reader)
    try:
        before = overview.kpis(reader, f)["articles"]
        with writer.begin() as batch:
            source = batch.execute(insert(Source).values(domain="late.example", name="late")
                                   .returning(Source.id)).scalar_one()
            batch.execute(insert(Article).values(
                canonical_url="https://late.example/1", url="https://late.example/1", source_id=source,
                published_at=NOON, fetched_at=NOON, text="x", content_hash="late", sentence_count=1))
            check_has_data(read_every_page(reader))  # the whole dashboard, mid-batch
            with reader.connect() as conn:
                assert conn.execute(select(func.count()).select_from(Article)
                                    .where(Article.canonical_url == "https://late.example/1")).scalar_one() == 0
        with reader.connect() as conn:
            assert conn.execute(select(func.count()).select_from(Article)
                                .where(Article.canonical_url == "https://late.example/1")).scalar_one() == 1
        assert overview.kpis(reader, f)["articles"] == before  # not joined to the event: the KPIs stand
        assert waits == []
    finally:
        with writer.begin() as conn:
            conn.execute(text("DELETE FROM articles WHERE canonical_url = 'https://late.example/1'"))
            conn.execute(text("DELETE FROM sources WHERE domain = 'late.example'"))
        writer.dispose()
        reader.dispose()


def test_sqlite_reader_opens_a_closed_wal_store_and_leaves_it_in_wal(sqlite_url: str) -> None:
    """After the last writer closed (its -wal and -shm files gone), the read-only engine still opens
    the file; it never issues the journal-mode switch, which would be a write."""
    path = _sqlite_file(sqlite_url)
    writer = make_engine(sqlite_url)
    upgrade(writer)
    writer.dispose()
    assert path.exists() and not Path(f"{path}-wal").exists()
    statements: list[str] = []
    reader = make_engine(sqlite_url, readonly=True)
    event.listen(reader, "before_cursor_execute", lambda *a: statements.append(a[2]))
    event.listen(reader, "connect", lambda dbapi, _rec: statements.append(
        "connect: " + "; ".join(str(r) for r in dbapi.execute("PRAGMA journal_mode"))))
    try:
        assert at_head(reader)
        with reader.connect() as conn:
            assert conn.execute(select(func.count()).select_from(Article)).scalar_one() == 0
    finally:
        reader.dispose()
    assert statements[0] == "connect: ('wal',)"
    assert not [s for s in statements if "journal_mode=" in s.replace(" ", "").lower()]


def test_sqlite_reader_sets_no_journal_mode(sqlite_url: str) -> None:
    """On a file not in WAL (a copy made by hand), a read-only connection that tried to switch it would
    fail with 'attempt to write a readonly database'; the reader opens it as it is and leaves it so."""
    path = _sqlite_file(sqlite_url)
    writer = make_engine(sqlite_url)
    upgrade(writer)
    writer.dispose()
    with sqlite3.connect(path) as plain:
        plain.execute("PRAGMA journal_mode=DELETE")
    reader = make_engine(sqlite_url, readonly=True)
    try:
        assert at_head(reader)
        with reader.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar_one() == "delete"
    finally:
        reader.dispose()


def test_sqlite_reader_never_creates_a_store(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "presswatch.db"
    reader = make_engine(f"sqlite:///{missing}", readonly=True)
    with pytest.raises(OperationalError, match="unable to open database file"), reader.connect():
        pass
    reader.dispose()
    assert not missing.parent.exists()


def test_readonly_engine_on_a_write_protected_file(sqlite_url: str) -> None:
    """File permissions are SQLite's access control: a file nobody may write still serves the reads."""
    if os.geteuid() == 0:
        pytest.skip("root ignores file permissions")
    path = _sqlite_file(sqlite_url)
    writer = make_engine(sqlite_url)
    upgrade(writer)
    writer.dispose()
    os.chmod(path, 0o444)
    try:
        reader = make_engine(sqlite_url, readonly=True)
        assert at_head(reader)
        reader.dispose()
    finally:
        os.chmod(path, 0o644)
