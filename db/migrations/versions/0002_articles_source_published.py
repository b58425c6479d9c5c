"""articles: one index on (source_id, published_at) instead of source_id alone

A rollup cell is one event, outlet and day; with the source alone indexed, recomputing it read every
article the outlet ever published.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 23:50:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.create_index('ix_articles_source_published', ['source_id', 'published_at'], unique=False)
        batch_op.drop_index(batch_op.f('ix_articles_source_id'))


def downgrade() -> None:
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_articles_source_id'), ['source_id'], unique=False)
        batch_op.drop_index('ix_articles_source_published')
