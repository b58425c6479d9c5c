"""Downgrading a test store to an earlier revision, the way `presswatch db upgrade` migrates it
(`db.engine.migrate`: on SQLite with foreign keys off while tables are rebuilt)."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Engine

from db.engine import make_engine, migrate


def downgrade(store: str | Engine, revision: str) -> None:
    """Take the store at `store` (a URL or an engine) down to `revision`."""
    engine = make_engine(store) if isinstance(store, str) else store
    try:
        migrate(engine, lambda cfg: command.downgrade(cfg, revision))
    finally:
        if isinstance(store, str):
            engine.dispose()
