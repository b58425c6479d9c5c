"""articles.quote_count: each article's number of quotes, kept on its row

The articles table and export listed quote counts by grouping every stored quote per query, which cost
seconds at a million articles; the store now writes the count with the article. Filled here for the
articles already stored, in one UPDATE.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('quote_count', sa.Integer(), server_default='0', nullable=False))
    articles = sa.table('articles', sa.column('id', sa.Integer), sa.column('quote_count', sa.Integer))
    quotes = sa.table('quotes', sa.column('article_id', sa.Integer))
    counted = (sa.select(sa.func.count()).select_from(quotes)
               .where(quotes.c.article_id == articles.c.id).scalar_subquery())
    op.get_bind().execute(articles.update().where(
        articles.c.id.in_(sa.select(quotes.c.article_id))).values(quote_count=counted))


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN (SQLite 3.35+): recreating `articles` would fail on a populated store, whose
    # other tables reference it, and would drop the full-text triggers of 0006
    op.drop_column('articles', 'quote_count')
