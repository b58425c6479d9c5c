"""The rollups an ingest keeps batch by batch equal a rebuild from the raw rows, on both backends: new
articles, copies arriving before and after their originals (take-overs), quotes per figure, and stored
articles that join a second event on a later run."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, func, insert, select

from db import rollups
from db.models import (
    Article,
    ArticleEvent,
    DailyCoverage,
    DailyFigure,
    DailyFigureTotal,
    Event,
    QuarterHourCoverage,
    Source,
)
from ingest.config import load_settings
from ingest.demo.corpus import write_demo_corpus
from ingest.run.pipeline import Pipeline
from ingest.sources.files import read_path


def _cells(conn: Connection, event_id: int) -> tuple[list[tuple[object, ...]], ...]:
    coverage = conn.execute(select(DailyCoverage.source_id, DailyCoverage.day, DailyCoverage.articles,
                                   DailyCoverage.originals, DailyCoverage.tone_count, DailyCoverage.quotes,
                                   DailyCoverage.tone_sum).where(DailyCoverage.event_id == event_id))
    figures = conn.execute(select(DailyFigure.figure_id, DailyFigure.source_id, DailyFigure.day,
                                  DailyFigure.quotes, DailyFigure.tone_count, DailyFigure.tone_sum)
                           .where(DailyFigure.event_id == event_id))
    totals = conn.execute(select(DailyFigureTotal.figure_id, DailyFigureTotal.day, DailyFigureTotal.quotes,
                                 DailyFigureTotal.tone_count, DailyFigureTotal.tone_sum)
                          .where(DailyFigureTotal.event_id == event_id))
    quarters = conn.execute(select(QuarterHourCoverage.bucket, QuarterHourCoverage.articles,
                                   QuarterHourCoverage.originals, QuarterHourCoverage.tone_count,
                                   QuarterHourCoverage.quotes, QuarterHourCoverage.tone_sum)
                            .where(QuarterHourCoverage.event_id == event_id))
    return tuple(sorted(tuple(r) for r in rows) for rows in (coverage, figures, totals, quarters))


def _assert_equal_to_rebuild(engine: Engine, event_id: int) -> None:
    with engine.begin() as conn:
        kept = _cells(conn, event_id)
        rollups.rebuild(conn, event_id)
        rebuilt = _cells(conn, event_id)
    assert all(kept)  # coverage, figure cells, figure totals and quarter hours all hold rows
    for mine, theirs in zip(kept, rebuilt, strict=True):
        assert [r[:-1] for r in mine] == [r[:-1] for r in theirs]  # every count exactly
        assert [r[-1] for r in mine] == pytest.approx([r[-1] for r in theirs], abs=1e-9)  # tone sums


def test_batch_rollups_equal_a_rebuild(engine: Engine, tmp_path: Path) -> None:
    files = write_demo_corpus(tmp_path / "demo", articles=300, seed=5)
    settings = load_settings(files.config, str(engine.url))
    event = settings.events[0]
    lines = files.articles.read_text(encoding="utf-8").splitlines(keepends=True)
    newest_first = tmp_path / "reversed.jsonl"  # originals arrive after their copies: take-overs
    newest_first.write_text("".join(reversed(lines[: len(lines) // 2])), encoding="utf-8")
    report = Pipeline(engine, [event], batch_size=25).run(read_path(newest_first), "files")
    assert report.counts["stored"] > 100

    wider = dataclasses.replace(event, slug="wider", name="Wider", terms=(*event.terms, "minister"))
    report = Pipeline(engine, [event, wider], batch_size=25).run(read_path(files.articles), "files")
    assert report.counts["linked"] > 0 and report.counts["stored"] > 0
    with engine.connect() as conn:
        ids = dict(conn.execute(select(Event.slug, Event.id)).all())
        figure_cells = conn.execute(select(DailyFigure.quotes)).scalars().all()
    assert sum(figure_cells) > 0
    for slug in (event.slug, "wider"):
        _assert_equal_to_rebuild(engine, ids[slug])


def test_the_last_representable_day_adds_and_removes(engine: Engine) -> None:
    """A store that already holds a 9999-12-31 article (extraction no longer lets one in) counts it in
    that day's cells and its last quarter hour, and a dismissal takes it off again: no cell is left."""
    last = dt.datetime(9999, 12, 31, 23, 59, tzinfo=dt.UTC)
    with engine.begin() as conn:
        conn.execute(insert(Event).values(id=1, slug="e", name="E", terms=["x"], related=[]))
        conn.execute(insert(Source).values(id=1, domain="a.example"))
        conn.execute(insert(Article).values(id=1, canonical_url="u", url="u", source_id=1, title="t", text="x",
                                            published_at=last, fetched_at=last, content_hash="h", sentence_count=1))
        conn.execute(insert(ArticleEvent).values(article_id=1, event_id=1, relevance=1.0))
        rollups.add_links(conn, [(1, 1)])
        cells = conn.execute(select(DailyCoverage.day, DailyCoverage.articles)).all()
        quarters = conn.execute(select(QuarterHourCoverage.bucket, QuarterHourCoverage.articles)).all()
        assert rollups.remove_links(conn, [(1, 1)]) == 1
        left = [conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in (DailyCoverage, QuarterHourCoverage)]
    assert [tuple(c) for c in cells] == [(last.date(), 1)]
    assert [tuple(q) for q in quarters] == [(rollups.bucket_of(last), 1)]
    assert left == [0, 0]
