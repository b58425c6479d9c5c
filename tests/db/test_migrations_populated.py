"""A populated store taken back to each earlier revision and upgraded again loses no row, on both
backends: every table holds what it held, the rollups equal a rebuild and the full-text index finds the
stored articles (each revision's upgrade runs on data, not only on an empty schema)."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, func, select

from db.engine import _alembic_config, upgrade
from db.filters import Filters
from db.models import Base, Event
from db.reads import _tables as reads_tables
from ingest.config import load_settings
from ingest.demo.corpus import write_demo_corpus
from ingest.run.pipeline import Pipeline
from ingest.sources.files import read_path
from tests.db.migrating import downgrade
from tests.ingest.store.test_store_rollups import _assert_equal_to_rebuild


def _revisions() -> list[str]:
    """Every revision but the head, newest first."""
    script = ScriptDirectory.from_config(_alembic_config())
    return [r.revision for r in script.walk_revisions()][1:]


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
                for name, table in Base.metadata.tables.items()}


@pytest.mark.parametrize("revision", _revisions())
def test_each_earlier_revision_upgrades_a_populated_store_without_losing_a_row(engine: Engine, tmp_path: Path,
                                                                              revision: str) -> None:
    files = write_demo_corpus(tmp_path / "demo", articles=120, seed=6)
    event = load_settings(files.config, str(engine.url)).events[0]
    Pipeline(engine, [event], batch_size=40).run(read_path(files.articles), "files")
    before = _counts(engine)
    assert before["articles"] > 50 and before["quotes"] > 20 and before["daily_coverage"] > 0

    downgrade(engine, revision)
    upgrade(engine)

    assert _counts(engine) == before
    with engine.connect() as conn:
        event_id = conn.execute(select(Event.id)).scalar_one()
    _assert_equal_to_rebuild(engine, event_id)
    word = event.terms[0].split()[0]
    stmt = reads_tables.articles_select(engine, Filters(event=event.slug), search=word)
    with engine.connect() as conn:
        found = len(conn.execute(stmt.limit(1000)).all())
    assert found > 0
