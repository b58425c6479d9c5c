"""Migration 0011: the task queue's tables on PostgreSQL, nothing on SQLite; it downgrades and upgrades
again, so `presswatch db upgrade` is the one set-up step of the queue."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Engine, inspect, text

from db.engine import make_engine, migrate, upgrade

QUEUE_TABLES = {"procrastinate_jobs", "procrastinate_workers", "procrastinate_events", "procrastinate_periodic_defers"}


def _queue_objects(engine: Engine) -> tuple[set[str], int]:
    tables = {t for t in inspect(engine).get_table_names() if t.startswith("procrastinate_")}
    if engine.dialect.name != "postgresql":
        return tables, 0
    with engine.connect() as conn:
        functions = conn.execute(
            text("SELECT count(*) FROM pg_proc WHERE proname LIKE 'procrastinate\\_%'")).scalar_one()
    return tables, int(functions)


def test_0011_makes_the_queue_on_postgresql_only_and_downgrades(backend_url: str) -> None:
    engine = make_engine(backend_url)
    try:
        upgrade(engine)
        tables, functions = _queue_objects(engine)
        if engine.dialect.name == "postgresql":
            assert tables == QUEUE_TABLES
            assert functions > 10
            with engine.begin() as conn:  # procrastinate's own defer function answers
                job = conn.execute(text(
                    "SELECT procrastinate_defer_jobs_v1(ARRAY[ROW('q', 't', 0, NULL, NULL, '{}'::jsonb, NULL)"
                    "::procrastinate_job_to_defer_v1])")).scalar_one()
            assert job is not None
        else:
            assert tables == set() and functions == 0
        migrate(engine, lambda cfg: command.downgrade(cfg, "0010"))
        assert _queue_objects(engine) == (set(), 0)
        upgrade(engine)
        assert _queue_objects(engine)[0] == (QUEUE_TABLES if engine.dialect.name == "postgresql" else set())
    finally:
        engine.dispose()
