"""Curation on both backends: a dismissed article leaves every count, rollup and export of its event and
stays out through relinking and re-ingesting; restoring puts back exactly what was there; notes."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from db import curation
from db.engine import make_engine
from db.filters import Filters
from db.models import Article, ArticleEvent, Dismissal, Event
from db.reads import curation as reads_curation
from db.reads import export as reads_export
from db.reads import overview as reads_overview
from ingest.cli import EXPORTS, main
from ingest.config import load_settings
from ingest.store.relink import relink
from tests.conftest import BACKENDS, fresh_pg_database
from tests.db.conftest import load_demo
from tests.ingest.run.store_checks import problems, rebuilt_cells, same_cells, stored_cells

EVENT = "merat-airport-strike"


@pytest.fixture(scope="module", params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A demo store of this module's own (the tests write to it) and the folder of its corpus."""
    folder = tmp_path_factory.mktemp(f"curation-{request.param}")
    with ExitStack() as stack:
        url = f"sqlite:///{folder / 'demo.db'}" if request.param == "sqlite" else stack.enter_context(
            fresh_pg_database())
        load_demo(url, folder)
        yield url, folder / "corpus"


@pytest.fixture
def engine(store: tuple[str, Path]) -> Iterator[Engine]:
    eng = make_engine(store[0])
    yield eng
    eng.dispose()


def _urls(engine: Engine, n: int) -> list[str]:
    """The URLs of n articles of the event that carry quotes, oldest first (a busy rollup cell)."""
    with engine.connect() as conn:
        eid = conn.execute(select(Event.id).where(Event.slug == EVENT)).scalar_one()
        return list(conn.execute(select(Article.url).join(ArticleEvent, ArticleEvent.article_id == Article.id)
                                 .where(ArticleEvent.event_id == eid, Article.quote_count > 0)
                                 .order_by(Article.published_at, Article.id).limit(n)).scalars())


def _export_urls(engine: Engine, what: str, column: str) -> list[str]:
    text = reads_export.export_csv(engine, what, Filters(event=EVENT))
    rows = list(csv.DictReader(line for line in io.StringIO(text) if not line.startswith("#")))
    return [r[column] for r in rows]


def _kpis(engine: Engine) -> dict[str, object]:
    return dict(reads_overview.kpis(engine, Filters(event=EVENT)))


def test_dismissed_articles_leave_every_count_and_restoring_puts_back_exactly(engine: Engine) -> None:
    before_cells, before_kpis = stored_cells(engine), _kpis(engine)
    urls = _urls(engine, 3)
    with engine.begin() as conn:
        done = curation.dismiss(conn, EVENT, [*urls, "https://unknown.example/x"], "about another event")
    assert done.changed == 3 and done.unknown == ("https://unknown.example/x",)

    after = _kpis(engine)
    assert after["articles"] == before_kpis["articles"] - 3
    assert after["quotes"] < before_kpis["quotes"]
    same_cells(stored_cells(engine), rebuilt_cells(engine), "after dismissing")
    assert not set(urls) & set(_export_urls(engine, "articles", "url"))
    assert not set(urls) & set(_export_urls(engine, "quotes", "article_url"))
    gone = reads_curation.dismissed(engine, Filters(event=EVENT))
    assert sorted(gone["url"]) == sorted(urls) and set(gone["reason"]) == {"about another event"}
    assert sorted(_export_urls(engine, "dismissed", "url")) == sorted(urls)
    assert problems(engine) == []

    with engine.begin() as conn:  # dismissing again changes nothing and says so
        again = curation.dismiss(conn, EVENT, urls[:1])
    assert again.changed == 0 and again.unknown == (urls[0],)

    with engine.begin() as conn:
        back = curation.restore(conn, EVENT, urls)
    assert back.changed == 3 and back.unknown == ()
    assert _kpis(engine) == before_kpis
    same_cells(stored_cells(engine), before_cells, "after restoring")
    assert reads_curation.dismissed(engine, Filters(event=EVENT)).empty


def test_a_dismissal_outlasts_relinking_and_reingesting(engine: Engine, store: tuple[str, Path]) -> None:
    url = _urls(engine, 1)[0]
    with engine.begin() as conn:
        curation.dismiss(conn, EVENT, [url])
    settings = load_settings(store[1] / "monitor.toml")
    with engine.begin() as conn:
        relink(conn, settings.events)
    code = main(["files", str(store[1] / "articles.jsonl"), "--config", str(store[1] / "monitor.toml"),
                 "--database", store[0]])
    assert code in (0, 1)
    with engine.connect() as conn:
        aid = conn.execute(select(Article.id).where(Article.url == url)).scalar_one()
        assert conn.execute(select(func.count()).select_from(ArticleEvent)
                            .where(ArticleEvent.article_id == aid)).scalar_one() == 0
        assert conn.execute(select(func.count()).select_from(Dismissal)
                            .where(Dismissal.article_id == aid)).scalar_one() == 1
    same_cells(stored_cells(engine), rebuilt_cells(engine), "after relinking and re-ingesting")
    with engine.begin() as conn:
        assert curation.restore(conn, EVENT, [url]).changed == 1


def test_notes_are_added_listed_and_removed(engine: Engine) -> None:
    with engine.begin() as conn:
        late = curation.add_note(conn, EVENT, dt.date(2020, 1, 8), "  Missile   strike on bases ")
        early = curation.add_note(conn, EVENT, dt.date(2020, 1, 5), "Parliament votes")
    listed = reads_curation.notes(engine, EVENT)
    assert list(listed["label"]) == ["Parliament votes", "Missile strike on bases"]
    assert list(listed["id"]) == [early, late]
    with engine.begin() as conn:
        curation.remove_note(conn, EVENT, early)
    assert list(reads_curation.notes(engine, EVENT)["id"]) == [late]
    for bad, message in ((lambda c: curation.add_note(c, EVENT, dt.date(2020, 1, 1), " "), "needs a label"),
                         (lambda c: curation.add_note(c, EVENT, dt.date(2020, 1, 1), "x" * 201), "at most 200"),
                         (lambda c: curation.add_note(c, "nope", dt.date(2020, 1, 1), "x"), "no event 'nope'"),
                         (lambda c: curation.remove_note(c, EVENT, early), f"no note {early}")):
        with engine.begin() as conn, pytest.raises(curation.CurationError, match=message):
            bad(conn)
    with engine.begin() as conn:
        curation.remove_note(conn, EVENT, late)


def test_cli_dismiss_restore_and_notes(store: tuple[str, Path], engine: Engine, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    url = _urls(engine, 1)[0]
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# reviewed\n{url}\n\n", encoding="utf-8")
    db = ["--database", store[0]]
    assert main(["dismiss", "--event", EVENT, "--from-file", str(listing), "--reason", "press release", *db]) == 0
    assert main(["dismiss", "--event", EVENT, "https://unknown.example/a", *db]) == 1
    assert "https://unknown.example/a: not an article of event" in capsys.readouterr().err
    assert main(["export", "--what", "dismissed", "--event", EVENT, *db]) == 0
    out = capsys.readouterr().out
    assert url in out and "press release" in out
    assert main(["restore", "--event", EVENT, url, *db]) == 0
    assert main(["dismiss", "--event", "nope", url, *db]) == 2
    assert "no event 'nope' in the store" in capsys.readouterr().err
    assert main(["note", "add", "--event", EVENT, "2020-01-06", "Funeral in Merat", *db]) == 0
    assert main(["note", "add", "--event", EVENT, "2020-02-30", "x", *db]) == 2
    capsys.readouterr()
    assert main(["note", "list", "--event", EVENT, *db]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["id", "day", "label"] and rows[1][1:] == ["2020-01-06", "Funeral in Merat"]
    assert main(["note", "remove", "--event", EVENT, rows[1][0], *db]) == 0
    assert main(["note", "remove", "--event", EVENT, rows[1][0], *db]) == 2
    capsys.readouterr()
    assert main(["export", "--what", "notes", "--event", EVENT, "--out", str(tmp_path / "no" / "x.csv"), *db]) == 2
    assert "cannot write --out" in capsys.readouterr().err


def test_the_cli_offers_every_export() -> None:
    assert EXPORTS == reads_export.KINDS
