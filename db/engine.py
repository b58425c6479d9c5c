"""One place that turns a database URL into a ready engine, for the CLI, dashboard, tests and benches.

SQLite gets the same pragmas on every connection (WAL so the dashboard reads while cron writes,
foreign keys, a busy timeout so a writer waits instead of failing). Migrations run through Alembic
from here so every entry point that writes upgrades the schema the same way; the dashboard only reads,
so it opens its engine read-only and asks `at_head` instead of migrating.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, make_url, text
from sqlalchemy.engine import URL

DEFAULT_DATABASE_URL = "sqlite:///data/presswatch.db"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000


def normalise_url(url: str) -> URL:
    """Parse a URL, choosing the psycopg 3 driver for plain `postgresql://` URLs."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_reader_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """A read-only connection sets no journal mode: switching to WAL writes the file header. The
    writers (every ingest command) already put the file in WAL, which is what lets it read while
    they write; the busy timeout covers the moments a checkpoint holds the file."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def _sqlite_reader(parsed: URL) -> Any:
    """A connect function opening the file with SQLite's `mode=ro`, so no statement can write to it.

    Done with a creator rather than the `file:...?mode=ro&uri=true` URL form so the engine keeps the
    URL the operator gave (messages name the store as they know it), and the path is turned into a
    URI by pathlib, which escapes what a URI cannot hold (`?`, `#`, `%`). A missing file is an error
    here, not a new empty store."""
    if parsed.query or not parsed.database or parsed.database == ":memory:":
        raise ValueError(f"a read-only SQLite store must be a plain file URL, not {parsed}")
    uri = Path(parsed.database).resolve().as_uri() + "?mode=ro"

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, check_same_thread=False)

    return connect


def make_engine(url: str | None = None, readonly: bool = False, **kwargs: Any) -> Engine:
    """Engine for `url` (default: the embedded SQLite file), creating the SQLite folder if needed.

    `readonly` is for the dashboard, which never writes: SQLite opens the file read-only (and never
    creates it), PostgreSQL starts every transaction READ ONLY, so even a bug cannot change the store,
    whatever rights the login has (pair it with a role from `presswatch db grant-readonly`)."""
    parsed = normalise_url(url or DEFAULT_DATABASE_URL)
    if parsed.get_backend_name() == "sqlite":
        if readonly:
            engine = create_engine(parsed, creator=_sqlite_reader(parsed), **kwargs)
            event.listen(engine, "connect", _sqlite_reader_pragmas)
            return engine
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    if readonly and parsed.get_backend_name() == "postgresql":
        connect_args = dict(kwargs.pop("connect_args", {}))
        options = connect_args.get("options", "")
        connect_args["options"] = f"{options} -c default_transaction_read_only=on".strip()
        kwargs["connect_args"] = connect_args
    return create_engine(parsed, **kwargs)


def describe(engine: Engine) -> str:
    """Human description of where data lives, without the password."""
    return engine.url.render_as_string(hide_password=True)


def _alembic_config() -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


@lru_cache(maxsize=1)
def head_revisions() -> frozenset[str]:
    """The revisions this checkout's migrations end at (read once: they change only with the code)."""
    from alembic.script import ScriptDirectory

    return frozenset(ScriptDirectory.from_config(_alembic_config()).get_heads())


def current_revisions(engine: Engine) -> frozenset[str]:
    """The revisions the store is at (empty for a store never migrated); only reads."""
    from alembic.migration import MigrationContext

    with engine.connect() as connection:
        return frozenset(MigrationContext.configure(connection).get_current_heads())


def at_head(engine: Engine) -> bool:
    """Whether the store has exactly the schema this code expects. A reader that cannot migrate (the
    dashboard) checks this instead of upgrading; database errors (no such file, no rights) propagate."""
    return current_revisions(engine) == head_revisions()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply Alembic migrations up to `revision` on this engine's database, in one transaction.

    On SQLite that transaction is begun here: Python's driver opens one only before INSERT, UPDATE or
    DELETE, so each CREATE TABLE ran on its own, and a command killed while it made a new store's
    schema left some tables and no version row, on which every later command failed ("table events
    already exists"). SQLite's DDL is transactional: begun explicitly, the schema is whole or absent."""
    from alembic import command

    migrate(engine, lambda cfg: command.upgrade(cfg, revision))


def migrate(engine: Engine, step: Callable[[Any], None]) -> None:
    """Run one Alembic command (`step(config)`) on this engine's database.

    On SQLite, foreign keys are off while it runs: a migration that changes a table's columns recreates
    the table, and dropping the old one with foreign keys on deletes every row that references it (ON
    DELETE CASCADE: an event's article links and rollups). `PRAGMA foreign_keys` can only change
    outside a transaction, so it is set before and restored after; `PRAGMA foreign_key_check` then
    proves no reference was left dangling."""
    cfg = _alembic_config()
    logging.getLogger("alembic").setLevel(logging.WARNING)
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                if sqlite:
                    connection.exec_driver_sql("BEGIN")  # see `upgrade`: the driver would not begin one for DDL
                cfg.attributes["connection"] = connection
                step(cfg)
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise RuntimeError(f"{describe(engine)}: a migration left rows referring to missing rows")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


# pg_advisory_xact_lock's key for writing to the store: "PRESSTOR"
STORE_KEY = int.from_bytes(b"PRESSTOR", "big")


def store_turn(conn: Connection) -> None:
    """Wait for this transaction's turn to write to a PostgreSQL store; a no-op on other backends.

    Queue workers on several machines fetch and extract at once, but a batch's write reads what is
    stored before it adds (known URLs and content hashes, syndication candidates, source and figure
    ids, rollup cells): two batches writing side by side would each miss the other's rows, store a
    page twice or race on a rollup cell. A transaction-level advisory lock takes those writes in turn
    and is released by the commit or rollback, so a worker killed mid-batch never keeps it. Curation
    (`db.curation`) recomputes rollup cells too, so it takes the same turn."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": STORE_KEY})
