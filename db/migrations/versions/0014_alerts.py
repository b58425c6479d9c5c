"""alert_occurrences and alert_deliveries: what each [[event.alert]] rule found, and its sending

An occurrence is one thing a rule found (a day's spike, a figure's day, an article matching a query);
(event, rule, occurrence key) is unique, so a rule checked twice records and sends it once. A delivery
is one occurrence to one target (a webhook URL or an e-mail address): it stays in the table, with its
attempts, last error and next attempt, until it has been delivered, so a failed send is retried by the
next check and never lost. Deleting an event deletes its alerts; deleting an occurrence its deliveries.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-08 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'alert_occurrences',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('rule', sa.String(length=100), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('summary', sa.Text(), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.Column('created', sa.DateTime(timezone=False), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_alert_occurrences_event_id_events'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_alert_occurrences')),
        sa.UniqueConstraint('event_id', 'rule', 'key', name='uq_alert_occurrences_event_rule_key'),
    )
    op.create_index('ix_alert_occurrences_created', 'alert_occurrences', ['created'])
    op.create_table(
        'alert_deliveries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('occurrence_id', sa.Integer(), nullable=False),
        sa.Column('channel', sa.String(length=20), nullable=False),
        sa.Column('target', sa.String(length=2000), nullable=False),
        sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('delivered_at', sa.DateTime(timezone=False), nullable=True),
        sa.Column('next_attempt_at', sa.DateTime(timezone=False), nullable=True),
        sa.ForeignKeyConstraint(['occurrence_id'], ['alert_occurrences.id'],
                                name=op.f('fk_alert_deliveries_occurrence_id_alert_occurrences'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_alert_deliveries')),
        sa.UniqueConstraint('occurrence_id', 'channel', 'target', name='uq_alert_deliveries_occurrence_target'),
    )
    op.create_index('ix_alert_deliveries_pending', 'alert_deliveries', ['delivered_at', 'next_attempt_at'])


def downgrade() -> None:
    op.drop_index('ix_alert_deliveries_pending', table_name='alert_deliveries')
    op.drop_table('alert_deliveries')
    op.drop_index('ix_alert_occurrences_created', table_name='alert_occurrences')
    op.drop_table('alert_occurrences')
