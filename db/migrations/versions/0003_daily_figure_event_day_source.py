"""daily_figure: index (event_id, day, source_id) instead of (event_id, day)

Refreshing a rollup cell deletes one day's rows of some outlets; with the day alone indexed it read
every figure row of that day (all outlets, all figures).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 00:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('daily_figure', schema=None) as batch_op:
        batch_op.create_index('ix_daily_figure_event_day_source', ['event_id', 'day', 'source_id'], unique=False)
        batch_op.drop_index('ix_daily_figure_event_day')


def downgrade() -> None:
    with op.batch_alter_table('daily_figure', schema=None) as batch_op:
        batch_op.create_index('ix_daily_figure_event_day', ['event_id', 'day'], unique=False)
        batch_op.drop_index('ix_daily_figure_event_day_source')
