"""Pipeline → store → queries on both backends, with a small hand-written corpus whose answers are known."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, insert, select, update

from db.filters import Filters
from db.models import Article, DailyCoverage, Event, Quote, Source
from db.reads import _tables as reads_tables
from db.reads import export as reads_export
from db.reads import figures as reads_figures
from db.reads import overview as reads_overview
from db.reads import sidebar
from ingest.config import EventConfig
from ingest.run.pipeline import Pipeline
from ingest.sources.files import read_path

EVENT = EventConfig(slug="harbour", name="Harbour strike", start=dt.date(2020, 1, 3),
                    terms=("Varos", "harbour strike"), aliases={"Tomas Varos": ("Tomas Varoš", "General Varos")})

WIRE = ("The general was killed in a drone strike at Port Calder airport early on Friday, officials said.\n\n"
        "\"This was a cowardly attack and it will be answered,\" said Mira Santel, the foreign minister.\n\n"
        "Crowds gathered outside the ministry as the news spread through the capital during the morning.\n\n"
        "Oil prices rose sharply in Asian trading as investors weighed the risk of a wider conflict.\n\n"
        "Analysts said the coming days would decide whether the crisis could still be contained by talks.")


def _rows() -> list[dict[str, str]]:
    return [
        {"url": "https://wire.example/a1", "source": "wire.example", "published_at": "2020-01-03T06:00:00Z",
         "title": "General Varos killed in strike", "text": WIRE},
        # the same article again under tracking parameters: stored once
        {"url": "https://wire.example/a1?utm_source=rss#top", "source": "wire.example",
         "published_at": "2020-01-03T06:00:00Z", "title": "General Varos killed in strike", "text": WIRE},
        # exact copy under another URL: dropped
        {"url": "https://mirror.example/copy", "source": "mirror.example", "published_at": "2020-01-03T07:00:00Z",
         "title": "Varos killed (copy)", "text": WIRE},
        # lightly edited syndicated copy: kept and marked
        {"url": "https://daily.example/varos", "source": "daily.example", "published_at": "2020-01-03T09:30:00Z",
         "title": "Strike kills Varos, region braces",
         "text": "Our correspondent in Port Calder reports on a tense morning.\n\n" + WIRE.rsplit("\n\n", 1)[0]},
        # an original story on the next day, with a quote from another figure
        {"url": "https://daily.example/funeral", "source": "daily.example", "published_at": "2020-01-04T12:00:00Z",
         "title": "Thousands mourn Varos",
         "text": "Thousands of mourners filled the streets of the capital on Saturday for the funeral of "
                 "General Varos, whose death has shaken the region.\n\nAnna Brek, a city councillor, said: "
                 "\"We have lost a protector and we are grieving together today.\"\n\nThe ceremony lasted "
                 "several hours and ended at the cathedral."},
        # off-topic: never joins the event
        {"url": "https://daily.example/football", "source": "daily.example", "published_at": "2020-01-04T15:00:00Z",
         "title": "Late goal wins the derby", "text": "A late goal settled the derby in front of a full stadium."},
    ]


@pytest.fixture
def loaded(engine: Engine, tmp_path: Path) -> Engine:
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in _rows()) + "\n", encoding="utf-8")
    Pipeline(engine, [EVENT], batch_size=3).run(read_path(path), "files")
    return engine


def test_stored_once_copies_marked_off_topic_out(loaded: Engine) -> None:
    with loaded.connect() as conn:
        urls = dict(conn.execute(select(Article.canonical_url, Article.duplicate_of)).all())
        ids = dict(conn.execute(select(Article.canonical_url, Article.id)).all())
    assert set(urls) == {"https://wire.example/a1", "https://daily.example/varos", "https://daily.example/funeral"}
    assert urls["https://daily.example/varos"] == ids["https://wire.example/a1"]
    assert urls["https://wire.example/a1"] is None and urls["https://daily.example/funeral"] is None


def test_second_run_stores_nothing(loaded: Engine, tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    report = Pipeline(loaded, [EVENT]).run(read_path(path), "files")
    assert report.counts["stored"] == 0
    assert report.counts["already_stored"] == 4  # a1 twice (the utm_ variant is the same article), varos, funeral
    assert report.counts["exact_copies"] == 1 and report.counts["off_topic"] == 1
    with loaded.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Article)).scalar_one() == 3


def test_rollups_equal_raw_counts(loaded: Engine) -> None:
    with loaded.connect() as conn:
        rollup = conn.execute(select(func.sum(DailyCoverage.articles), func.sum(DailyCoverage.originals),
                                     func.sum(DailyCoverage.quotes))).one()
        quotes = conn.execute(select(func.count()).select_from(Quote)).scalar_one()
    assert tuple(rollup) == (3, 2, quotes)
    assert quotes >= 3


def test_daily_series_and_kpis(loaded: Engine) -> None:
    f = Filters(event="harbour", date_from=dt.date(2020, 1, 2), date_to=dt.date(2020, 1, 5))
    daily = reads_overview.daily(loaded, f)
    assert list(daily["day"]) == [dt.date(2020, 1, d) for d in (2, 3, 4, 5)]
    assert list(daily["articles"]) == [0, 2, 1, 0]
    assert list(daily["originals"]) == [0, 1, 1, 0]
    k = reads_overview.kpis(loaded, f)
    assert (k["articles"], k["originals"], k["sources"]) == (3, 2, 2)
    one_source = reads_overview.kpis(loaded, f.with_(sources=("wire.example",)))
    assert one_source["articles"] == 1


def test_time_zone_moves_days(loaded: Engine) -> None:
    f = Filters(event="harbour", date_from=dt.date(2020, 1, 2), date_to=dt.date(2020, 1, 5), tz="Pacific/Honolulu")
    daily = reads_overview.daily(loaded, f)  # 06:00Z and 09:30Z on the 3rd are the evening of the 2nd in Honolulu
    assert dict(zip(daily["day"], daily["articles"], strict=True))[dt.date(2020, 1, 2)] == 2


def test_top_figures_and_quotes_table(loaded: Engine) -> None:
    f = Filters(event="harbour")
    top = reads_figures.top_figures(loaded, f)
    assert top.iloc[0]["figure"] == "Mira Santel" and top.iloc[0]["quotes"] == 2
    assert "Anna Brek" in set(top["figure"])
    quotes, _ = reads_tables.page(loaded, "quotes", f, limit=10)
    assert set(quotes["figure"]) >= {"Mira Santel", "Anna Brek"}


def test_export_manifest_and_formula_guard(loaded: Engine) -> None:
    f = Filters(event="harbour", sources=("daily.example",))
    out = io.StringIO()
    rows = reads_export.write_export(loaded, "articles", f, out, generated_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    text = out.getvalue().splitlines()
    assert rows == 2
    assert text[0] == "# Presswatch export: articles"
    assert "# sources: daily.example" in text
    header = text[next(i for i, line in enumerate(text) if not line.startswith("#"))]
    assert header.split(",")[:8] == ["url", "duplicate_of", "source", "published_at", "title", "tone",
                                     "relevance", "quotes"]
    assert reads_export.safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and reads_export.safe_cell(-0.5) == -0.5


def test_one_unstorable_article_does_not_roll_back_the_batch(engine: Engine, tmp_path: Path) -> None:
    rows = _rows()
    rows[4]["byline"] = "x" * 600  # longer than the byline column: PostgreSQL refuses the row
    rows[4]["text"] = rows[4]["text"].replace("Thousands", "Thousands\x00", 1)  # NUL bytes are dropped
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    report = Pipeline(engine, [EVENT], batch_size=10).run(read_path(path), "files")
    with engine.connect() as conn:
        stored = set(conn.execute(select(Article.canonical_url)).scalars())
    assert {"https://wire.example/a1", "https://daily.example/varos"} <= stored
    if engine.dialect.name == "postgresql":
        assert "https://daily.example/funeral" not in stored
        assert report.counts["failed"] == 1
        assert report.errors[0]["message"].startswith("https://daily.example/funeral: cannot store:")
    else:  # SQLite does not enforce VARCHAR lengths: the article is kept
        assert "https://daily.example/funeral" in stored and not report.errors


def test_quote_propagation(loaded: Engine) -> None:
    from db.reads.figures import propagation

    frame = propagation(loaded, Filters(event="harbour"))
    first = frame.iloc[0]
    assert first["quote"].startswith("This was a cowardly attack")
    assert (first["first_source"], first["outlets"], first["later_outlets"], first["placements"]) == (
        "wire.example", 2, 1, 2)
    assert first["spread_hours"] == 3.5
    csv_text = reads_export.export_csv(loaded, "propagation", Filters(event="harbour"))
    assert "first_source,first_published_at" in csv_text


def test_the_view_opens_on_the_coverage_inside_the_event_window(engine: Engine) -> None:
    day = dt.date
    with engine.begin() as conn:
        eid = conn.execute(insert(Event).values(slug="w", name="W", start=day(2020, 1, 3), end=day(2020, 1, 10),
                                                terms=[], related=[]).returning(Event.id)).scalar_one()
        sid = conn.execute(insert(Source).values(domain="a.example").returning(Source.id)).scalar_one()
        for d in (day(2019, 12, 20), day(2020, 1, 2), day(2020, 1, 5), day(2020, 2, 1)):  # strays either side
            conn.execute(insert(DailyCoverage).values(event_id=eid, source_id=sid, day=d, articles=1, originals=1,
                                                      tone_sum=0.0, tone_count=0, quotes=0))
    assert sidebar.default_dates(engine, "w") == (day(2020, 1, 2), day(2020, 1, 11))
    assert sidebar.event_span(engine, "w") == (day(2019, 12, 20), day(2020, 2, 1))
    with engine.begin() as conn:  # nothing inside the window: the whole span, not an empty view
        conn.execute(update(Event).where(Event.id == eid).values(start=day(2021, 1, 1), end=day(2021, 1, 5)))
    assert sidebar.default_dates(engine, "w") == (day(2019, 12, 20), day(2020, 2, 1))

