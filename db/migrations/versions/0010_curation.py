"""dismissals and notes: an analyst's curation of an event

`dismissals` holds the articles marked irrelevant to an event (the link's relevance kept, so restoring
is exact); `notes` holds the key moments drawn on the event's time charts. Both start empty.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.models import UTCDateTime

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'dismissals',
        sa.Column('event_id', sa.Integer(), sa.ForeignKey('events.id', ondelete='CASCADE'), primary_key=True),
        sa.Column('article_id', sa.Integer(), sa.ForeignKey('articles.id', ondelete='CASCADE'), primary_key=True),
        sa.Column('relevance', sa.Float(), nullable=False),
        sa.Column('reason', sa.String(500), nullable=True),
        sa.Column('dismissed_at', UTCDateTime(), nullable=False),
    )
    op.create_table(
        'notes',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('event_id', sa.Integer(), sa.ForeignKey('events.id', ondelete='CASCADE'), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('label', sa.String(200), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
    )
    op.create_index('ix_notes_event_day', 'notes', ['event_id', 'day'])


def downgrade() -> None:
    op.drop_index('ix_notes_event_day', table_name='notes')
    op.drop_table('notes')
    op.drop_table('dismissals')
