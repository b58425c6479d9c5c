"""daily_stored: distinct covered articles per outlet and day, the whole of Compare's shares

Compare divides each subject's articles by every distinct stored article of any event in the period.
Counted from the articles table that is a scan of the window's articles (seconds at a million); the
per-event rollups cannot give it, as an article about two events has a cell in each. Filled here from
the stored links.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-08 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'daily_stored',
        sa.Column('source_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('articles', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_daily_stored_source_id_sources')),
        sa.PrimaryKeyConstraint('source_id', 'day', name=op.f('pk_daily_stored')),
    )
    op.create_index('ix_daily_stored_day', 'daily_stored', ['day'], unique=False)
    op.execute('INSERT INTO daily_stored (source_id, day, articles) '
               'SELECT a.source_id, date(a.published_at), count(*) FROM articles a '
               'WHERE EXISTS (SELECT 1 FROM article_events ae WHERE ae.article_id = a.id) '
               'GROUP BY a.source_id, date(a.published_at)')


def downgrade() -> None:
    op.drop_index('ix_daily_stored_day', table_name='daily_stored')
    op.drop_table('daily_stored')
