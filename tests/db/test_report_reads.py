"""The report's reads on both backends: the numbers, series and tables it prints are the ones the pages
read for the same filters, a dismissed article leaves them, and the HTML renders from PostgreSQL too."""

from __future__ import annotations

import base64
import re

import pandas as pd
import pytest
from sqlalchemy import Engine, select

from db import curation
from db.engine import make_engine
from db.filters import Filters
from db.models import Article, ArticleEvent, Event
from db.query import QueryError
from db.reads import overview, tone, volume
from db.reads._scope import UnknownEventError, default_dates
from db.reads.report import report_data
from pages import _report

EVENT = "merat-airport-strike"


@pytest.fixture
def engine(demo_store: str) -> Engine:
    return make_engine(demo_store)


def _view(engine: Engine) -> Filters:
    first, last = default_dates(engine, EVENT)
    assert first and last
    return Filters(event=EVENT, date_from=first, date_to=last)


def test_the_report_reads_what_the_pages_read(engine: Engine) -> None:
    f = _view(engine)
    data = report_data(engine, f)
    assert data.kpis == overview.kpis(engine, f) and data.kpis["articles"] > 50
    pd.testing.assert_frame_equal(data.series, overview.series(engine, f))
    pd.testing.assert_frame_equal(data.band, tone.tone_band(engine, f))
    assert data.tone_methods == tone.mixed_methods(tone.tone_by_language(engine, f)) and data.tone_methods
    pd.testing.assert_frame_equal(data.by_source, volume.volume(engine, f, "source", 8))
    pd.testing.assert_frame_equal(data.people, overview.top_figures(engine, f, 10, "person"))
    pd.testing.assert_frame_equal(data.sources, overview.sources(engine, f).head(10))
    assert int(data.series["articles"].sum()) == data.kpis["articles"]
    assert data.sources["articles"].iloc[0] == data.sources["articles"].max() > 0


def test_missing_dates_are_the_range_the_dashboard_opens_on(engine: Engine) -> None:
    data = report_data(engine, Filters(event=EVENT))
    assert (data.filters.date_from, data.filters.date_to) == default_dates(engine, EVENT)
    assert data.previous is not None  # a closed range has a previous period to compare with


def test_a_query_counts_and_lists_its_matches_without_narrowing_the_charts(engine: Engine) -> None:
    f = _view(engine)
    plain, searched = report_data(engine, f), report_data(engine, f, "drone")
    assert searched.kpis == plain.kpis
    assert searched.matches and 0 < searched.matches[0] < plain.kpis["articles"]
    assert searched.matching is not None and len(searched.matching) == min(10, searched.matches[0])
    with pytest.raises(QueryError):
        report_data(engine, f, '"unclosed')
    with pytest.raises(UnknownEventError):
        report_data(engine, Filters(event="no-such-event"))


def test_a_dismissed_article_leaves_the_report(engine: Engine) -> None:
    f = _view(engine)
    start, end = f.utc_bounds()
    with engine.connect() as conn:
        url = conn.execute(select(Article.url).join(ArticleEvent, ArticleEvent.article_id == Article.id)
                           .join(Event, Event.id == ArticleEvent.event_id)
                           .where(Event.slug == EVENT, Article.published_at >= start, Article.published_at < end)
                           .order_by(Article.id).limit(1)).scalar_one()
    before = report_data(engine, f)
    with engine.begin() as conn:
        curation.dismiss(conn, EVENT, [url], "about another event")
    try:
        after = report_data(engine, f)
        assert after.kpis["articles"] == before.kpis["articles"] - 1
        assert int(after.series["articles"].sum()) == int(before.series["articles"].sum()) - 1
        assert after.dismissed == before.dismissed + 1
        assert "(1 dismissed)" in _report.render_html(after, [b""] * len(_report.charts(after)))
    finally:
        with engine.begin() as conn:
            curation.restore(conn, EVENT, [url])
    assert report_data(engine, f).kpis == before.kpis


def test_report_html_renders_its_charts_in_chromium(engine: Engine) -> None:
    """The digest's entry point: one HTML string whose charts are PNGs, on each backend."""
    f = _view(engine)
    html = _report.report_html(engine, f)
    images = re.findall(r'<img src="data:image/png;base64,([^"]+)"', html)
    assert len(images) == len(_report.charts(report_data(engine, f))) == 4
    assert all(base64.b64decode(image).startswith(b"\x89PNG\r\n\x1a\n") for image in images)
    assert f"{report_data(engine, f).kpis['articles']:,}" in html
