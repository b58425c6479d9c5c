"""`upgrade head` on an empty database gives exactly the models' schema, on both backends, whole or not at
all."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import Connection, Engine, inspect, text

from db.engine import MIGRATIONS_DIR, at_head, make_engine, upgrade
from db.filters import Filters
from db.fulltext import schema_includes
from db.models import Base
from db.reads import _tables as reads_tables

ROOT = Path(__file__).resolve().parents[2]


def test_upgrade_head_matches_models(engine: Engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                       "include_object": schema_includes})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_every_model_table_exists(engine: Engine) -> None:
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_upgrade_is_idempotent(engine: Engine) -> None:
    from db.engine import upgrade

    upgrade(engine)  # a second upgrade (every command runs one) must be a no-op
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() is not None


# Creates the schema of a new store and dies as SIGKILL would (no rollback, no cleanup) just before the
# third CREATE TABLE, when the version table and the first model table exist.
DIES_MIDWAY = """import os, sys
from sqlalchemy import event
from db.engine import make_engine, upgrade
engine = make_engine(sys.argv[1])
created = []
@event.listens_for(engine, "before_cursor_execute")
def die(conn, cursor, statement, *args):
    if statement.lstrip().upper().startswith("CREATE TABLE"):
        created.append(statement)
        if len(created) == 3:
            os._exit(9)
upgrade(engine)
"""


def test_a_schema_creation_killed_midway_leaves_no_table(backend_url: str) -> None:
    """A command killed while it creates a new store's schema leaves no table behind, so the next one
    creates the whole schema. On SQLite each CREATE TABLE used to commit alone, and the store was left
    with a few tables and no version, on which every later command failed."""
    died = subprocess.run([sys.executable, "-c", DIES_MIDWAY, backend_url], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert died.returncode == 9, died.stderr
    eng = make_engine(backend_url)
    try:
        assert inspect(eng).get_table_names() == []
        upgrade(eng)
        assert at_head(eng)
    finally:
        eng.dispose()


@contextmanager
def _store_at(url: str, revision: str, articles: int = 1) -> Iterator[tuple[Engine, Connection]]:
    """A store migrated only to `revision`, holding one source and `articles` articles (ids 1…n) written
    with that revision's columns, open in a transaction for the caller to add rows; the engine is then
    upgraded by the caller and disposed on exit."""
    eng = make_engine(url)
    try:
        upgrade(eng, revision)
        now = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
        with eng.begin() as conn:
            conn.execute(text("INSERT INTO sources (id, domain) VALUES (1, 'a.example')"))
            for aid in range(1, articles + 1):
                conn.execute(text("INSERT INTO articles (id, canonical_url, url, source_id, published_at, "
                                  "fetched_at, text, content_hash, sentence_count) "
                                  "VALUES (:a, :u, :u, 1, :t, :t, 'x', 'h', 0)"), {"a": aid, "u": f"u{aid}", "t": now})
            yield eng, conn
    finally:
        eng.dispose()


def test_0004_fills_quote_keys_and_event_related(backend_url: str) -> None:
    """A store made before quote keys gets them filled from its stored quotes, on both backends."""
    with _store_at(backend_url, "0003") as (eng, conn):
        conn.execute(text("INSERT INTO events (id, slug, name, terms) VALUES (1, 'e', 'E', '[]')"))
        conn.execute(text("INSERT INTO quotes (id, article_id, start, \"end\", text, tone) VALUES "
                          "(1, 1, 0, 10, :q, 0.0)"), {"q": "  We Will  Rebuild Lahaina, "})
        conn.commit()
        upgrade(eng)
        with eng.connect() as check:
            assert check.execute(text("SELECT key FROM quotes")).scalar_one() == "we will rebuild lahaina"
            assert check.execute(text("SELECT related FROM events")).scalar_one() in ([], "[]")


def test_0005_counts_each_stored_articles_quotes(backend_url: str) -> None:
    """Articles stored before quote counts were kept get their count from their stored quotes."""
    with _store_at(backend_url, "0004", articles=2) as (eng, conn):
        for qid, start in ((1, 0), (2, 20), (3, 40)):
            conn.execute(text("INSERT INTO quotes (id, article_id, start, \"end\", text, key, tone) VALUES "
                              "(:q, 1, :s, :e, 'q', 'q', 0.0)"), {"q": qid, "s": start, "e": start + 10})
        conn.commit()
        upgrade(eng)
        with eng.connect() as check:
            counts = check.execute(text("SELECT id, quote_count FROM articles ORDER BY id")).all()
        assert [tuple(r) for r in counts] == [(1, 3), (2, 0)]


def test_0006_indexes_stored_articles_and_quotes_for_search(backend_url: str) -> None:
    """Articles and quotes stored before the search index are found by a search after the upgrade, and
    a downgrade removes every search object."""
    with _store_at(backend_url, "0005", articles=2) as (eng, conn):
        conn.execute(text("INSERT INTO events (id, slug, name, terms, related) VALUES (1, 'e', 'E', '[]', '[]')"))
        conn.execute(text("INSERT INTO article_events (article_id, event_id, relevance) VALUES (1, 1, 1), (2, 1, 1)"))
        conn.execute(text("UPDATE articles SET title = 'Lighthouse keepers strike', text = 'Keepers walked out.' "
                          "WHERE id = 2"))
        conn.execute(text("INSERT INTO quotes (id, article_id, start, \"end\", text, key, speaker_raw, tone) "
                          "VALUES (1, 2, 0, 9, 'We stay out', 'we stay out', 'Ana Ruiz', 0.0)"))
        conn.commit()
        upgrade(eng)
        f = Filters(event="e")
        found, _ = reads_tables.page(eng, "articles", f, 10, search='"lighthouse keepers"')
        assert list(found["url"]) == ["u2"]
        said, _ = reads_tables.page(eng, "quotes", f, 10, search="ruiz")
        assert list(said["quote"]) == ["We stay out"]
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        with eng.begin() as connection:
            cfg.attributes["connection"] = connection
            command.downgrade(cfg, "0005")
        names = set(inspect(eng).get_table_names())
        columns = {c["name"] for c in inspect(eng).get_columns("articles")}
        assert not any("fts" in n for n in names) and "search_vector" not in columns
