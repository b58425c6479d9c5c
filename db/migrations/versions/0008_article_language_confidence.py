"""articles.language_confidence: how sure the language detector was of each article's language

Articles stored before have none (NULL): their language came from a detector that reported no
confidence, or from what the page declared. Added with a plain ADD COLUMN, never by recreating the table,
so the full-text triggers of 0006 stay in place on SQLite.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('articles', sa.Column('language_confidence', sa.Float(), nullable=True))


def downgrade() -> None:
    op.drop_column('articles', 'language_confidence')  # ALTER TABLE … DROP COLUMN: SQLite 3.35+, no table copy
