"""`ingest demo` through the real pipeline on both backends, scored against the corpus's ground truth."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bench.groundtruth import evaluate
from db.engine import make_engine
from db.models import Article, Figure, IngestRun, Quote, Source
from ingest.cli import main
from tests.conftest import BACKENDS, fresh_pg_database

ARTICLES = 1000  # ~130 syndicated copies: enough that a few errors do not decide the gate


@pytest.fixture(scope="module", params=BACKENDS)
def demo_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The demo loaded once per backend for this module (tests here only read, or re-run the demo)."""
    out = tmp_path_factory.mktemp("demo")
    with ExitStack() as stack:
        url = (f"sqlite:///{out / 'demo.db'}" if request.param == "sqlite"
               else stack.enter_context(fresh_pg_database()))
        assert main(["demo", "--articles", str(ARTICLES), "--database", url, "--out", str(out / "corpus")]) == 0
        yield url, out / "corpus"


def test_demo_matches_ground_truth(demo_db: tuple[str, Path]) -> None:
    url, out = demo_db
    scores = evaluate(make_engine(url), out / "truth.json")
    assert scores.stored == scores.expected
    assert scores.stored_twice == 0 and scores.off_topic_stored == 0 and scores.relevant_missed == 0
    assert scores.quote_precision >= 0.97 and scores.quote_recall >= 0.97
    assert scores.figure_accuracy >= 0.95
    assert scores.copy_precision >= 0.95 and scores.copy_recall >= 0.90


def test_demo_twice_stores_nothing_twice(demo_db: tuple[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    url, out = demo_db
    engine = make_engine(url)
    with engine.connect() as conn:
        before = [conn.execute(select(func.count()).select_from(t)).scalar_one() for t in (Article, Quote, Figure)]
    capsys.readouterr()
    assert main(["demo", "--articles", str(ARTICLES), "--database", url, "--out", str(out)]) == 0
    assert "0 stored" in capsys.readouterr().out
    with engine.connect() as conn:
        after = [conn.execute(select(func.count()).select_from(t)).scalar_one() for t in (Article, Quote, Figure)]
        runs = conn.execute(select(func.count()).select_from(IngestRun)).scalar_one()
    assert after == before and runs == 2


def test_demo_sources_have_metadata_and_scores(demo_db: tuple[str, Path]) -> None:
    url, _ = demo_db
    with make_engine(url).connect() as conn:
        rows = conn.execute(select(Source.domain, Source.name, Source.country, Source.composite,
                                   Source.originality, Source.reliability)).all()
    assert len(rows) >= 30
    assert all(r.composite is not None and 0 <= r.composite <= 1 for r in rows)
    assert all(r.name and r.name != r.domain for r in rows), "names come from the demo's sources.csv"
    assert sum(r.reliability is None for r in rows) >= 1  # some outlets are unrated
    wires = [r for r in rows if "wire" in r.domain]
    others = [r for r in rows if "wire" not in r.domain]
    assert min(w.originality for w in wires) > sum(o.originality for o in others) / len(others)


def test_if_empty_skips_loaded_database(demo_db: tuple[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    url, out = demo_db
    capsys.readouterr()
    assert main(["demo", "--if-empty", "--database", url, "--out", str(out)]) == 0
    assert "already has articles" in capsys.readouterr().out
