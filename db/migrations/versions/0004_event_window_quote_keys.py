"""events.end and events.related (an event's window and its lower-weight terms); quotes.key

`quotes.key` is `db.keys.quote_key(text)`, filled here for stored quotes, so the propagation view
groups repeats of one quote that differ in case, spacing, quotation marks or closing punctuation.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.keys import quote_key

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
CHUNK = 5_000


def upgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('end', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('related', sa.JSON(), nullable=True))
    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('key', sa.String(length=500), nullable=True))
    conn = op.get_bind()
    events = sa.table('events', sa.column('related', sa.JSON))
    conn.execute(events.update().values(related=[]))
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.alter_column('related', existing_type=sa.JSON(), nullable=False)
    quotes = sa.table('quotes', sa.column('id', sa.Integer), sa.column('text', sa.Text),
                      sa.column('key', sa.String))
    last = 0
    while True:
        rows = conn.execute(sa.select(quotes.c.id, quotes.c.text).where(quotes.c.id > last)
                            .order_by(quotes.c.id).limit(CHUNK)).all()
        if not rows:
            break
        conn.execute(quotes.update().where(quotes.c.id == sa.bindparam('qid')).values(key=sa.bindparam('k')),
                     [{'qid': qid, 'k': quote_key(text)} for qid, text in rows])
        last = rows[-1][0]
    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.alter_column('key', existing_type=sa.String(length=500), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.drop_column('key')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('related')
        batch_op.drop_column('end')
