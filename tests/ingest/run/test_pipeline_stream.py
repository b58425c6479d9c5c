"""How the pipeline streams documents to its workers and into the store, on both backends.

Documents go to the workers as they arrive rather than a full batch at a time, and a run whose sources
are slow stores what is done on a timer: a cron run over distant hosts shows its articles on the
dashboard as it goes, and an interruption loses little.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, func, select

from db.models import Article, IngestRun
from ingest.config import EventConfig
from ingest.run import pipeline
from ingest.run.pipeline import Pipeline
from ingest.stages.documents import RawDocument, SourceFailure

EVENT = EventConfig(slug="harbour", name="Harbour strike", start=None, terms=("Varos",), aliases={})


def _doc(i: int) -> RawDocument:
    return RawDocument(
        url=f"https://wire.example/story-{i}", origin=f"list:{i}", source="wire.example",
        published_at=dt.datetime(2020, 1, 3, 6, i, tzinfo=dt.UTC), title=f"Varos story {i}",
        text=f"Story number {i} about General Varos and the harbour, told in its own words: item {i}. "
             f"Officials in district {i * 7} said the talks would resume on day {i}.",
    )


def _stored(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(Article)).scalar_one())


def test_a_slow_source_is_stored_before_its_batch_fills(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "STORE_EVERY_S", 0.3)
    monkeypatch.setattr(pipeline, "ARRIVAL_WAIT_S", 0.2)
    seen_while_running: list[int] = []

    def source() -> Iterator[RawDocument | SourceFailure]:
        yield from (_doc(i) for i in range(3))
        deadline = time.monotonic() + 30  # a host backing off: nothing arrives for a while
        while _stored(engine) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        seen_while_running.append(_stored(engine))
        yield SourceFailure("https://slow.example/feed", "https://slow.example/feed: HTTP 503")
        yield from (_doc(i) for i in range(3, 5))

    report = Pipeline(engine, [EVENT], workers=1, batch_size=100).run(source(), "test")

    assert seen_while_running == [3]  # the first three were committed while the source was silent
    assert _stored(engine) == 5 and report.counts["stored"] == 5 and report.counts["documents"] == 5
    assert [e["origin"] for e in report.errors] == ["https://slow.example/feed"]
    with engine.connect() as conn:
        assert conn.execute(select(IngestRun.status)).scalar_one() == "partial"


def test_batches_stay_whole_and_ordered_with_two_workers(engine: Engine) -> None:
    docs = [_doc(i) for i in range(37)]
    commits: list[int] = []
    report = Pipeline(engine, [EVENT], workers=2, batch_size=10,
                      progress=lambda counts: commits.append(counts["stored"])).run(iter(docs), "test")

    assert report.counts["stored"] == 37 and not report.errors
    assert commits[-1] == 37 and commits == sorted(commits)
    assert all(b - a <= 10 for a, b in zip([0, *commits], commits, strict=False))  # no batch over its size
    with engine.connect() as conn:
        urls = conn.execute(select(Article.canonical_url).order_by(Article.id)).scalars().all()
    assert urls == [d.url for d in docs]  # stored in listing order
