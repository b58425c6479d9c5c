"""events.terms_by_language and events.aliases: everything that decides which articles an event takes

An event's terms per language (matched with that language's inflections) and its alias table count in
relevance beside its terms, so the store keeps them too: a change to either in monitor.toml then relinks
the stored articles, as a change to the terms always did. Events stored before have none (NULL): an
event whose config has aliases or terms per language is relinked once by the first run after the upgrade.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('events', sa.Column('terms_by_language', sa.JSON(), nullable=True))
    op.add_column('events', sa.Column('aliases', sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column('events', 'aliases')
    op.drop_column('events', 'terms_by_language')
