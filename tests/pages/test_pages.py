"""Every dashboard page through Streamlit's AppTest, against a small demo corpus built once per module.

AppTest runs the real `dashboard.py` (navigation, shared sidebar filters, query params) in-process, so
these catch tracebacks, missing charts or downloads, and filters that do not reach the URL or the numbers.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import select
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from db.engine import make_engine
from db.filters import Filters
from db.models import Figure
from db.reads import _scope as reads_scope
from db.reads import figures as reads_figures
from db.reads import overview as reads_overview
from db.reads import tone as reads_tone
from db.reads import volume as reads_volume
from tests.pages.serving import serving

ROOT = Path(__file__).absolute().parents[2]
EVENT = "merat-airport-strike"
# page file → (plotly charts, download buttons) it must at least show on the demo corpus
PAGES = {"overview": (3, 3), "volume": (1, 1), "tone": (4, 6), "figures": (3, 6), "share": (2, 4), "compare": (3, 3),
         "sources": (2, 4),
         "articles": (0, 2), "health": (1, 2)}


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated SQLite file holding `ingest demo --articles 300`; DATABASE_URL points at it."""
    tmp = tmp_path_factory.mktemp("pages")
    url = f"sqlite:///{tmp / 'demo.db'}"
    (tmp / "monitor.toml").write_text("# no events: the demo writes its own config\n", encoding="utf-8")
    env = os.environ | {"DATABASE_URL": url, "PRESSWATCH_CONFIG": str(tmp / "monitor.toml")}
    proc = subprocess.run([sys.executable, "-m", "ingest", "demo", "--articles", "300", "--out", str(tmp / "corpus")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode in (0, 1), proc.stderr
    with serving(url):
        yield url


@pytest.fixture(autouse=True, scope="module")
def _navigation_mode() -> Iterator[None]:
    """Keep AppTest in st.navigation mode on every run.

    AppTest resets `PagesManager.uses_pages_directory` before each run and re-detects it from the folder name;
    because our pages live in `pages/`, every rerun after the first would execute the page alone, without
    dashboard.py (no sidebar, no filters). In a server st.navigation switches that mode off for good.
    """
    original = PagesManager.__init__

    def init(self: PagesManager, *args: object, **kwargs: object) -> None:
        PagesManager.uses_pages_directory = False
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(PagesManager, "__init__", init)
        yield


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


def values(data: object) -> list[float]:
    """A trace's x/y values; plotly ships numeric arrays as base64 typed arrays ({"dtype", "bdata"})."""
    if isinstance(data, dict) and "bdata" in data:
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"]).tolist()
    return list(data or [])


def y_total(figure: dict) -> float:
    return sum(v for t in figure["data"] if t.get("type") == "bar" or "stackgroup" in t
               for v in values(t.get("y")) if v == v)


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_charts_and_downloads(demo_url: str, page: str) -> None:
    at = open_app(page)
    want_charts, want_downloads = PAGES[page]
    assert len(at.get("plotly_chart")) >= want_charts
    assert len(at.get("download_button")) >= want_downloads
    assert at.query_params["event"] == EVENT


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_by_hour_in_another_zone_and_language(demo_url: str, page: str) -> None:
    at = open_app(page, {"gran": "hour", "tz": "Asia/Kolkata", "lang": "en", "from": "2020-01-03", "to": "2020-01-09"})
    assert at.query_params["gran"] == "hour" and at.query_params["lang"] == "en"
    assert len(at.get("plotly_chart")) >= PAGES[page][0]


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
    assert len(values(by_week["data"][0]["x"])) < len(values(by_day["data"][0]["x"]))
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


def test_figure_pick_redraws_and_a_link_reopens_it(demo_url: str) -> None:
    # the browser writes a bound widget's value into the URL (tests/e2e); here: the URL seeds the widget
    at = open_app("figures")
    names = at.selectbox(key="figure").options
    assert len(names) > 1
    at.selectbox(key="figure").set_value(names[1]).run()
    assert not at.exception
    assert names[1] in charts(at)[1]["layout"]["title"]["text"]
    again = open_app("figures", {"figure": names[1]})
    assert again.selectbox(key="figure").value == names[1]
    assert names[1] in charts(again)[1]["layout"]["title"]["text"]


def test_figure_page_shows_how_its_quotes_spread(demo_url: str) -> None:
    at = open_app("figures")
    name = at.selectbox(key="figure").value
    spread = next(d.value for d in at.dataframe if "first_source" in d.value.columns)
    assert len(spread) > 0
    assert set(spread.columns) >= {"quote", "first_source", "later_outlets", "placements"}
    assert (spread["outlets"] >= 1).all() and (spread["placements"] >= spread["outlets"]).all()
    assert spread["later_outlets"].max() >= 1, f"some quote of {name} should have been repeated"


def test_article_search_narrows_both_tables(demo_url: str) -> None:
    at = open_app("articles")
    everything = at.main.caption[0].value
    at.text_input(key="q").set_value("zzqx-nothing-matches").run()
    assert not at.exception
    nothing = ["0 articles match · page 1 of 1 · 50 per page", "0 quotes match · page 1 of 1 · 50 per page"]
    assert [c.value for c in at.main.caption if " match · " in c.value] == nothing
    assert everything != nothing[0]
    linked = open_app("articles", {"q": "zzqx-nothing-matches"})
    assert [c.value for c in linked.main.caption if " match · " in c.value] == nothing


def test_article_search_syntax_order_and_errors(demo_url: str) -> None:
    at = open_app("articles")
    word = at.dataframe[0].value["title"].iloc[0].split()[0]
    at.text_input(key="q").set_value(f"{word} OR zzqx*").run()
    assert not at.exception and not at.error
    found = at.main.caption[0].value
    assert not found.startswith("0 ")
    at.radio(key="order").set_value("best").run()
    assert at.main.caption[0].value == found and at.button(key="articles_pages_older").label.startswith("Worse")
    linked = open_app("articles", {"q": f"{word} OR zzqx*", "order": "best"})
    assert linked.radio(key="order").value == "best" and linked.main.caption[0].value == found
    at.text_input(key="q").set_value(f'"{word}').run()
    assert not at.exception
    assert at.error[0].value == "Search not understood, column 1: an unclosed quote"


def test_source_drilldown_and_run_errors(demo_url: str) -> None:
    at = open_app("sources")
    options = at.selectbox(key="sources_pick").options
    at.selectbox(key="sources_pick").set_value(options[-1]).run()
    assert not at.exception and options[-1] in at.main.caption[-1].value
    at = open_app("health")
    assert at.selectbox(key="health_run").options


def test_chart_reads_agree_with_the_overview_and_the_rollups(demo_url: str) -> None:
    """The volume stack sums to the overview series, and the rollup path (UTC) equals the raw-row path
    (Europe/London is UTC+0 in January but is read from raw rows)."""
    eng = make_engine(demo_url)
    first, last = reads_scope.event_span(eng, EVENT)
    utc = Filters(EVENT, first, last)
    stack = reads_volume.volume(eng, utc, "source", 100).groupby("period")["articles"].sum()
    assert stack.tolist() == reads_overview.series(eng, utc)["articles"].tolist()
    reads = [lambda f: reads_volume.volume(eng, f, "country", 3), lambda f: reads_tone.tone_heatmap(eng, f),
             lambda f: reads_figures.figure_trends(eng, f), lambda f: reads_tone.tone_before_after(eng, f, first)]
    for read in reads:
        pd.testing.assert_frame_equal(read(utc), read(utc.with_(tz="Europe/London")), check_dtype=False)
    band, hist = reads_tone.tone_band(eng, utc), reads_tone.tone_histogram(eng, utc)
    assert hist["articles"].sum() == band["articles"].sum() > 0
    known = band.dropna(subset=["ci_low"])
    assert ((known["ci_low"] <= known["mean_tone"]) & (known["mean_tone"] <= known["ci_high"])).all()


def test_people_and_organisations_rank_apart(demo_url: str) -> None:
    eng = make_engine(demo_url)
    f = Filters(EVENT)
    every = reads_figures.top_figures(eng, f, 1000)
    people, orgs = (reads_figures.top_figures(eng, f, 1000, kind) for kind in ("person", "org"))
    with eng.connect() as conn:
        kinds = dict(conn.execute(select(Figure.name, Figure.kind)).all())
    assert len(orgs) > 0 and len(people) > 0
    assert all(kinds[n] == "org" for n in orgs["figure"]) and not any(kinds[n] == "org" for n in people["figure"])
    assert sorted([*people["figure"], *orgs["figure"]]) == sorted(every["figure"])
    at = open_app("figures")
    at.segmented_control(key="figures_kind").set_value("org").run()
    assert not at.exception and at.selectbox(key="figure").options[0] == orgs["figure"].iloc[0]


def test_article_pages_walk_older_and_back(demo_url: str) -> None:
    at = open_app("articles")
    first = next(d.value for d in at.dataframe if "title" in d.value.columns)
    assert "page 1 of" in at.main.caption[0].value and len(first) == 50
    assert at.button(key="articles_pages_newer").disabled
    at.button(key="articles_pages_older").click().run()
    assert not at.exception and "page 2 of" in at.main.caption[0].value
    second = next(d.value for d in at.dataframe if "title" in d.value.columns)
    assert second["published_at"].max() <= first["published_at"].min()
    assert not set(second["url"]) & set(first["url"])
    at.button(key="articles_pages_newer").click().run()
    assert "page 1 of" in at.main.caption[0].value
    again = next(d.value for d in at.dataframe if "title" in d.value.columns)
    assert list(again["url"]) == list(first["url"])


def test_overview_offers_the_report_and_says_when_chromium_is_missing(demo_url: str,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    buttons = {b.proto.label: b.proto for b in open_app().get("download_button")}
    assert {"Report (HTML)", "Report (PDF)"} <= set(buttons)
    assert not buttons["Report (PDF)"].disabled and "filters" in buttons["Report (PDF)"].help
    monkeypatch.setenv("PRESSWATCH_CHROMIUM", "/nonexistent/chromium")
    buttons = {b.proto.label: b.proto for b in open_app().get("download_button")}
    assert buttons["Report (HTML)"].disabled and buttons["Report (PDF)"].disabled
    assert "no Chromium found at /nonexistent/chromium" in buttons["Report (HTML)"].help
    assert not buttons["Download daily table (CSV)"].disabled  # the CSVs need no browser


def test_compare_keeps_its_subjects_in_the_link_and_names_unknown_ones(demo_url: str) -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/compare.py")
    at.query_params["cmp"] = [f"event:{EVENT}", "event:no-such-event"]
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("event:no-such-event" in w.value for w in at.warning)
    assert at.multiselect(key="cmp_pick").value == [f"event:{EVENT}"]
    assert at.query_params["cmp"] in (f"event:{EVENT}", [f"event:{EVENT}"])
    assert [t["name"] for t in charts(at)[0]["data"]] == [EVENT]
