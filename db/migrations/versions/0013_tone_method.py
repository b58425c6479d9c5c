"""articles.tone_method: what scored each article's tone; quotes.tone may be unknown

Tone outside English comes from a per-language lexicon, not VADER, so an average over articles of several
languages mixes methods and the page must be able to say so. Articles stored before were all scored by
VADER whatever their language: they get "vader" here, and `presswatch rescore` re-tones them with the
method of their language. A language with no method leaves tone unknown (NULL), for quotes too, so
quotes.tone becomes nullable.

SQLite cannot drop NOT NULL in place: quotes is recreated through batch_alter_table, which drops the
full-text triggers of 0006 with the old table; they are created again on the new one (row ids are kept,
so the FTS index needs no rebuild).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FTS, COLUMNS = 'quotes_fts', ('text', 'speaker_raw')


def _quote_triggers() -> None:
    """The three triggers of 0006 that keep quotes_fts in step with quotes."""
    names = ', '.join(COLUMNS)
    new = ', '.join(f'new.{c}' for c in COLUMNS)
    old = ', '.join(f'old.{c}' for c in COLUMNS)
    for trigger in ('insert', 'delete', 'update'):
        op.execute(f'DROP TRIGGER IF EXISTS {FTS}_{trigger}')
    op.execute(f"CREATE TRIGGER {FTS}_insert AFTER INSERT ON quotes BEGIN "
               f"INSERT INTO {FTS}(rowid, {names}) VALUES (new.id, {new}); END")
    op.execute(f"CREATE TRIGGER {FTS}_delete AFTER DELETE ON quotes BEGIN "
               f"INSERT INTO {FTS}({FTS}, rowid, {names}) VALUES ('delete', old.id, {old}); END")
    op.execute(f"CREATE TRIGGER {FTS}_update AFTER UPDATE OF {names} ON quotes BEGIN "
               f"INSERT INTO {FTS}({FTS}, rowid, {names}) VALUES ('delete', old.id, {old}); "
               f"INSERT INTO {FTS}(rowid, {names}) VALUES (new.id, {new}); END")


def _quote_tone(nullable: bool) -> None:
    with op.batch_alter_table('quotes') as batch:
        batch.alter_column('tone', existing_type=sa.Float(), nullable=nullable)
    if op.get_bind().dialect.name == 'sqlite':
        _quote_triggers()


def upgrade() -> None:
    op.add_column('articles', sa.Column('tone_method', sa.String(length=40), nullable=True))
    op.execute("UPDATE articles SET tone_method = 'vader' WHERE tone IS NOT NULL")
    _quote_tone(nullable=True)


def downgrade() -> None:
    op.execute('UPDATE quotes SET tone = 0.0 WHERE tone IS NULL')  # the old schema has no unknown tone
    _quote_tone(nullable=False)
    op.drop_column('articles', 'tone_method')
