"""The task queue's tables on PostgreSQL (procrastinate 3.10): what `presswatch worker`s share

On a PostgreSQL store `presswatch run` enqueues one task per source and any number of workers, on any
machines, take them; the queue lives in the store's own database, beside its tables and named
`procrastinate_*`, so `presswatch db upgrade` is the only set-up step and the store's backups carry
it. The schema is procrastinate's own, as the pinned version ships it; a later procrastinate upgrade
comes with its own migration, from procrastinate's migration scripts. SQLite has no queue (one
machine, one process ingesting in-process): nothing changes there.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 00:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("procrastinate_periodic_defers", "procrastinate_events", "procrastinate_jobs", "procrastinate_workers")
TYPES = ("procrastinate_job_event_type", "procrastinate_job_status", "procrastinate_job_to_defer_v1")
DROP_FUNCTIONS = r"""
DO $$
DECLARE f record;
BEGIN
    FOR f IN SELECT p.oid::regprocedure AS signature FROM pg_proc p
             JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = current_schema() AND p.proname LIKE 'procrastinate\_%'
    LOOP
        EXECUTE 'DROP FUNCTION ' || f.signature || ' CASCADE';
    END LOOP;
END $$;
"""


def _run_script(sql: str) -> None:
    """Several statements at once, as written: through the driver, so nothing reads `:x` or `%` in them
    as parameters."""
    op.get_bind().connection.driver_connection.execute(sql)  # type: ignore[union-attr]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    from procrastinate.schema import SchemaManager

    _run_script(SchemaManager.get_schema())


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _run_script(f"DROP TABLE IF EXISTS {', '.join(TABLES)} CASCADE;" + DROP_FUNCTIONS
                + f"DROP TYPE IF EXISTS {', '.join(TYPES)} CASCADE;")
