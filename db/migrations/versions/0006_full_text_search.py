"""Full-text search: FTS5 tables on SQLite, a tsvector column with a GIN index on PostgreSQL

The explorer searched with LIKE '%…%' over every title and text of the view. Each backend's own
full-text engine now indexes articles (title, text) and quotes (text, speaker as written); see
db/fulltext.py for what is indexed and how it is queried. Rows already stored are indexed here.

SQLite: external-content FTS5 tables kept in step by triggers. A later migration that recreates
`articles` or `quotes` through batch_alter_table drops these triggers and must create them again.
PostgreSQL: a stored generated column (computed for existing rows by the ALTER, which rewrites the
table once) and a GIN index on it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 00:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> (FTS5 table, indexed columns in weight order)
INDEXED = {'articles': ('articles_fts', ('title', 'text')),
           'quotes': ('quotes_fts', ('text', 'speaker_raw'))}


def _sqlite_upgrade(table: str, fts: str, cols: tuple[str, ...]) -> None:
    names = ', '.join(cols)
    new = ', '.join(f'new.{c}' for c in cols)
    old = ', '.join(f'old.{c}' for c in cols)
    op.execute(f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, content='{table}', content_rowid='id', "
               "tokenize='unicode61 remove_diacritics 0')")
    op.execute(f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN "
               f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new}); END")
    op.execute(f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN "
               f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old}); END")
    op.execute(f"CREATE TRIGGER {fts}_update AFTER UPDATE OF {names} ON {table} BEGIN "
               f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old}); "
               f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new}); END")
    op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def _postgresql_upgrade(table: str, cols: tuple[str, ...]) -> None:
    weighted = ' || '.join(f"setweight(to_tsvector('simple'::regconfig, coalesce({c}, '')), '{w}')"
                           for c, w in zip(cols, 'AB', strict=True))
    op.execute(f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({weighted}) STORED")
    op.execute(f"CREATE INDEX ix_{table}_search_vector ON {table} USING gin (search_vector)")


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == 'sqlite'
    for table, (fts, cols) in INDEXED.items():
        if sqlite:
            _sqlite_upgrade(table, fts, cols)
        else:
            _postgresql_upgrade(table, cols)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == 'sqlite'
    for table, (fts, _cols) in INDEXED.items():
        if sqlite:
            for trigger in ('insert', 'delete', 'update'):
                op.execute(f'DROP TRIGGER IF EXISTS {fts}_{trigger}')
            op.execute(f'DROP TABLE IF EXISTS {fts}')
        else:
            op.execute(f'DROP INDEX IF EXISTS ix_{table}_search_vector')
            op.execute(f'ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector')
