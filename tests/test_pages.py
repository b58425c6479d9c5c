"""Every dashboard page through Streamlit's AppTest, against a small demo corpus built once per module.

AppTest runs the real `dashboard.py` (navigation, shared sidebar filters, query params) in-process, so
these catch tracebacks, missing charts or downloads, and filters that do not reach the URL or the numbers.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).absolute().parent.parent
EVENT = "merat-airport-strike"
# page file → (plotly charts, download buttons) it must at least show on the demo corpus
PAGES = {"overview": (3, 3), "volume": (1, 1), "tone": (4, 6), "figures": (3, 6), "sources": (2, 4),
         "articles": (0, 2), "health": (1, 2)}


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated SQLite file holding `ingest demo --articles 300`; DATABASE_URL points at it."""
    tmp = tmp_path_factory.mktemp("pages")
    url = f"sqlite:///{tmp / 'demo.db'}"
    env = os.environ | {"DATABASE_URL": url, "PRESSWATCH_CONFIG": str(tmp / "monitor.toml")}
    proc = subprocess.run([sys.executable, "-m", "ingest", "demo", "--articles", "300", "--out", str(tmp / "corpus")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode in (0, 1), proc.stderr
    before = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url
    st.cache_data.clear()
    st.cache_resource.clear()  # the engine is a cached resource: never reuse another module's database
    yield url
    st.cache_data.clear()
    st.cache_resource.clear()
    if before is None:
        os.environ.pop("DATABASE_URL", None)
    else:
        os.environ["DATABASE_URL"] = before


def open_app(page: str = "overview", params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params.update(params or {})
    at.run()
    if page != "overview":
        at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def charts(at: AppTest) -> list[dict]:
    """The plotly figures the page drew, as JSON."""
    return [json.loads(node.proto.spec) for node in at.get("plotly_chart")]


def y_total(figure: dict) -> float:
    return sum(sum(v for v in trace.get("y", []) if isinstance(v, (int, float))) for trace in figure["data"])


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_charts_and_downloads(demo_url: str, page: str) -> None:
    at = open_app(page)
    want_charts, want_downloads = PAGES[page]
    assert len(at.get("plotly_chart")) >= want_charts
    assert len(at.get("download_button")) >= want_downloads
    assert at.query_params["event"] == EVENT


@pytest.mark.parametrize("page", PAGES)
def test_empty_range_shows_a_readable_message(demo_url: str, page: str) -> None:
    at = open_app(page, {"from": "2001-01-01", "to": "2001-01-07"})
    if page != "health":
        assert any("Widen the date range" in i.value or "No " in i.value for i in at.info)


def test_granularity_changes_url_and_volume_chart(demo_url: str) -> None:
    at = open_app("volume")
    by_day = charts(at)[0]
    at.button_group(key="f_gran").set_value("week").run()
    assert not at.exception
    assert at.query_params["gran"] == "week"
    by_week = charts(at)[0]
    assert len(by_week["data"][0]["x"]) < len(by_day["data"][0]["x"])
    assert y_total(by_week) == pytest.approx(y_total(by_day))


def test_language_filter_changes_url_and_numbers(demo_url: str) -> None:
    at = open_app("overview")
    total = at.metric[0].value
    langs = [o for o in at.selectbox(key="f_lang").options if o != "(all)"]
    assert langs
    at.selectbox(key="f_lang").set_value(langs[-1]).run()
    assert at.query_params["lang"] == langs[-1]
    assert int(at.metric[0].value) < int(total)


def test_url_reproduces_the_view(demo_url: str) -> None:
    params = {"event": EVENT, "from": "2020-01-03", "to": "2020-01-09", "gran": "week", "tz": "Asia/Tokyo"}
    at = open_app("volume", params)
    assert at.session_state["f_dates"] == (dt.date(2020, 1, 3), dt.date(2020, 1, 9))
    assert at.session_state["f_gran"] == "week" and at.session_state["f_tz"] == "Asia/Tokyo"
    assert {k: at.query_params[k] for k in params} == params


def test_volume_options_redraw(demo_url: str) -> None:
    at = open_app("volume")
    placements = y_total(charts(at)[0])
    at.radio(key="vol_measure").set_value("Originals only").run()
    originals = y_total(charts(at)[0])
    assert 0 < originals < placements
    at.radio(key="vol_by").set_value("country").run()
    at.toggle(key="vol_cumulative").set_value(True).run()
    assert not at.exception
    assert charts(at)[0]["data"][0]["type"] == "scatter"


def test_picking_a_figure_goes_into_the_url(demo_url: str) -> None:
    at = open_app("figures")
    names = at.selectbox(key="figure").options
    assert len(names) > 1
    at.selectbox(key="figure").set_value(names[1]).run()
    assert not at.exception
    assert at.query_params["figure"] == names[1]
    assert names[1] in charts(at)[2]["layout"]["title"]["text"]


def test_article_search_narrows_both_tables(demo_url: str) -> None:
    at = open_app("articles")
    everything = at.caption[0].value
    at.text_input(key="q").set_value("zzqx-nothing-matches").run()
    assert not at.exception
    assert [c.value for c in at.caption[:2]] == ["0 articles match · page 1 of 1 · 50 per page",
                                                 "0 quotes match · page 1 of 1 · 50 per page"]
    assert everything != at.caption[0].value
    assert at.query_params["q"] == "zzqx-nothing-matches"


def test_source_drilldown_and_run_errors(demo_url: str) -> None:
    at = open_app("sources")
    options = at.selectbox(key="sources_pick").options
    at.selectbox(key="sources_pick").set_value(options[-1]).run()
    assert not at.exception and options[-1] in at.caption[-1].value
    at = open_app("health")
    assert at.selectbox(key="health_run").options
