"""Alembic environment: uses the caller's connection (db.engine.upgrade) or DATABASE_URL.

`render_as_batch` lets the same migrations alter tables on SQLite, which cannot ALTER most things.
"""

import os

from alembic import context
from sqlalchemy import Connection

from db.engine import DEFAULT_DATABASE_URL, make_engine
from db.fulltext import schema_includes
from db.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL))
    with engine.begin() as conn:
        _run(conn)


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=schema_includes,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
