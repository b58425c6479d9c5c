"""quarter_hour_coverage: an event's coverage per UTC quarter hour, for views in any time zone

A view in a zone other than UTC (or by the hour) grouped every raw article of the event into UTC hours:
1.7 s at a million articles on PostgreSQL. Every zone's offset is a whole number of quarter hours, so an
event's totals per quarter hour sum into any zone's local days. Filled here from the stored links.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-08 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0016'
down_revision: str | None = '0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'quarter_hour_coverage',
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('bucket', sa.Integer(), nullable=False),
        sa.Column('articles', sa.Integer(), nullable=False),
        sa.Column('originals', sa.Integer(), nullable=False),
        sa.Column('tone_sum', sa.Float(), nullable=False),
        sa.Column('tone_count', sa.Integer(), nullable=False),
        sa.Column('quotes', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_quarter_hour_coverage_event_id_events'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('event_id', 'bucket', name=op.f('pk_quarter_hour_coverage')),
    )
    if op.get_bind().dialect.name == 'postgresql':
        bucket = 'CAST(floor(extract(epoch FROM a.published_at) / 900) AS INTEGER)'
    else:
        bucket = "CAST(strftime('%s', a.published_at) AS INTEGER) / 900"
    op.execute('INSERT INTO quarter_hour_coverage (event_id, bucket, articles, originals, tone_sum, tone_count, '
               f'quotes) SELECT ae.event_id, {bucket}, count(*), '
               'sum(CASE WHEN a.duplicate_of IS NULL THEN 1 ELSE 0 END), coalesce(sum(a.tone), 0), count(a.tone), '
               'coalesce(sum(a.quote_count), 0) FROM articles a JOIN article_events ae ON ae.article_id = a.id '
               f'GROUP BY ae.event_id, {bucket}')


def downgrade() -> None:
    op.drop_table('quarter_hour_coverage')
