"""The dashboard in a real browser: every page loads and draws, filters live in the URL and a copied URL
reproduces the view, a download is byte-for-byte the CLI export. Screenshots and load times land in
test-output/ so a person can look at what an analyst would see (light and dark theme)."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Browser, Page

from db.engine import make_engine
from db.reads._scope import event_sources

if TYPE_CHECKING:  # the fixture's type; conftest itself is loaded by pytest
    from tests.e2e.conftest import Ingesting

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).absolute().parent.parent.parent
EVENT = "merat-airport-strike"

# page → (url path, plotly charts it draws on the demo corpus, download buttons at least)
PAGES = {"overview": ("", 3, 3), "volume": ("volume", 1, 1), "tone": ("tone", 4, 6), "figures": ("figures", 3, 6),
         "share": ("share", 2, 4), "compare": ("compare", 3, 3),
         "sources": ("sources", 2, 4), "geography": ("geography", 1, 1), "articles": ("articles", 0, 2),
         "health": ("health", 1, 2)}
CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot'
TABLE = '[data-testid="stDataFrame"]'
EXCEPTION = '[data-testid="stException"]'
DOWNLOAD = '[data-testid="stDownloadButton"]'
VIEWPORT = {"width": 1400, "height": 900}


# What the page shows (its metrics and every chart's values), or null while a script run is going on.
_DRAWN = """() => document.querySelector('[data-testid="stStatusWidget"]') !== null ? null : JSON.stringify([
    Array.from(document.querySelectorAll('[data-testid="stMetricValue"]')).map(e => e.innerText),
    Array.from(document.querySelectorAll('.js-plotly-plot')).map(p => (p._fullData || [])
        .map(t => Array.from(t.y || []).reduce((a, b) => a + (b || 0), 0)))])"""


def settle(page: Page, timeout_s: float = 60.0) -> None:
    """Wait until the script run has finished and its output is drawn: no 'running' status, and what the
    page shows is the same in three reads 300 ms apart. A fixed pause after the status widget goes
    is not enough on a loaded machine: the widget can vanish before a rerun's new numbers are drawn."""
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    deadline, seen = time.monotonic() + timeout_s, [page.evaluate(_DRAWN)]
    while time.monotonic() < deadline:
        page.wait_for_timeout(300)
        seen.append(page.evaluate(_DRAWN))
        if len(seen) >= 3 and seen[-1] is not None and seen[-1] == seen[-2] == seen[-3]:
            return
    raise AssertionError(f"{page.url} kept changing for {timeout_s:g} s")


def open_page(page: Page, url: str, charts: int) -> float:
    """Load `url`; seconds until its charts (or, without charts, its first table) are visible.

    Stops early when Streamlit shows an exception, so a broken page fails fast with its traceback."""
    start = time.monotonic()
    page.goto(url)
    ready = f"document.querySelectorAll('{CHART} .main-svg').length >= n" if charts else \
        f"document.querySelector('{TABLE}') !== null"
    page.wait_for_function(f"n => ({ready}) || document.querySelector('{EXCEPTION}') !== null", arg=charts,
                           timeout=60_000)
    elapsed = time.monotonic() - start
    assert page.locator(EXCEPTION).count() == 0, page.locator(EXCEPTION).all_inner_texts()
    settle(page)
    return round(elapsed, 2)


def screenshot(page: Page, path: Path) -> None:
    """The whole page: Streamlit scrolls inside its main block, so grow the viewport to fit it first."""
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMainBlockContainer\"]').scrollHeight")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(int(height) + 120, 12_000)})
    page.wait_for_timeout(800)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(VIEWPORT)


def kpis(page: Page) -> list[str]:
    return page.locator('[data-testid="stMetricValue"]').all_inner_texts()


def bar_total(page: Page, index: int = 0) -> float:
    """Sum of the bar heights plotly drew in the index-th chart (`_fullData`: numbers arrive base64-packed)."""
    return float(page.evaluate(
        """i => document.querySelectorAll('.js-plotly-plot')[i]._fullData.filter(t => t.type === 'bar')
               .reduce((s, t) => s + Array.from(t.y).reduce((a, b) => a + (b || 0), 0), 0)""", index))


def pick(page: Page, key: str, option: str) -> None:
    """Choose `option` in the selectbox with widget key `key`."""
    page.locator(f'.st-key-{key} button[aria-haspopup="listbox"]').click()
    page.get_by_role("option", name=option, exact=True).click()


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_with_charts_and_downloads(browser: Browser, server: str, name: str,
                                              page_times: dict[str, float], screenshots: Path) -> None:
    path, charts, downloads = PAGES[name]
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page_times[name] = open_page(page, f"{server}/{path}", charts)
    assert page.locator(EXCEPTION).count() == 0, page.locator(EXCEPTION).all_inner_texts()
    assert page.locator(CHART).count() >= charts
    assert page.locator(DOWNLOAD).count() >= downloads
    assert f"event={EVENT}" in page.url
    screenshot(page, screenshots / f"{name}.png")
    context.close()


def test_filters_go_into_the_url_and_the_url_reproduces_the_view(browser: Browser, server: str) -> None:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    open_page(page, f"{server}/", 3)
    before, bars_before = kpis(page), bar_total(page)
    pick(page, "f_lang", "en")  # the demo's outlets write in English whatever language they declare
    page.wait_for_url(re.compile(r"lang=en"))
    settle(page)
    page.locator('.st-key-f_gran button', has_text="week").click()
    page.wait_for_url(re.compile(r"gran=week"))
    settle(page)
    after, bars_after = kpis(page), bar_total(page)
    assert after != before and bars_after <= bars_before
    link = page.url
    context.close()

    fresh = browser.new_context(viewport=VIEWPORT)
    again = fresh.new_page()
    open_page(again, link, 3)
    assert kpis(again) == after and bar_total(again) == bars_after
    assert again.locator('.st-key-f_lang input[role="combobox"]').input_value() == "en"
    assert "gran=week" in again.url and "lang=en" in again.url
    fresh.close()


def test_picked_figure_is_in_the_link(browser: Browser, server: str) -> None:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    open_page(page, f"{server}/figures", 3)
    page.locator('.st-key-figure button[aria-haspopup="listbox"]').click()
    name = page.get_by_role("option").nth(1).inner_text().strip()
    page.get_by_role("option").nth(1).click()
    page.wait_for_url(re.compile(r"figure="))
    settle(page)
    link = page.url
    again = browser.new_context(viewport=VIEWPORT).new_page()
    open_page(again, link, 3)
    assert again.locator('.st-key-figure input[role="combobox"]').input_value() == name
    assert again.locator(EXCEPTION).count() == 0
    again.context.close()
    context.close()


def _cli_export(env: dict[str, str], *args: str) -> str:
    proc = subprocess.run([sys.executable, "-m", "ingest", "export", "--event", EVENT, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _without_stamp(csv_text: str) -> list[str]:
    return [line for line in csv_text.splitlines() if not line.startswith("# generated_at")]


@pytest.mark.parametrize(("path", "label", "what"), [("articles", "Download all", "articles"),
                                                     ("", "Download daily table", "daily"),
                                                     ("geography", "Download this table", "countries")])
def test_download_equals_cli_export(browser: Browser, server: str, demo: dict[str, str], path: str, label: str,
                                    what: str) -> None:
    sources = event_sources(make_engine(demo["DATABASE_URL"]), EVENT)[:2]
    query = f"event={EVENT}&from=2020-01-04&to=2020-01-12&tz=Asia/Tokyo&" + "&".join(f"source={s}" for s in sources)
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    page = context.new_page()
    open_page(page, f"{server}/{path}?{query}", 0 if path else 3)
    with page.expect_download() as info:
        page.locator(DOWNLOAD, has_text=label).first.click()
    downloaded = Path(info.value.path()).read_text(encoding="utf-8")
    context.close()
    expected = _cli_export(demo, "--what", what, "--from", "2020-01-04", "--to", "2020-01-12", "--tz", "Asia/Tokyo",
                           "--source", *sources)
    assert len(_without_stamp(downloaded)) > 8
    assert _without_stamp(downloaded) == _without_stamp(expected)


def test_deep_link_to_a_fresh_server_then_dark_theme_pages(browser: Browser, dark_server: str,
                                                          screenshots: Path) -> None:
    # the first request this server sees is a deep link: it must open that page with those filters
    context = browser.new_context(viewport=VIEWPORT, color_scheme="dark")
    page = context.new_page()
    open_page(page, f"{dark_server}/volume?event={EVENT}&gran=week", 1)
    assert page.locator(EXCEPTION).count() == 0, page.locator(EXCEPTION).all_inner_texts()
    assert "/volume?" in page.url and "gran=week" in page.url
    for name, (path, charts, _) in PAGES.items():
        open_page(page, f"{dark_server}/{path}", charts)
        assert page.locator(EXCEPTION).count() == 0, (name, page.locator(EXCEPTION).all_inner_texts())
        screenshot(page, screenshots / f"dark-{name}.png")
    context.close()


def test_every_page_draws_while_an_ingest_writes(browser: Browser, ingesting: Ingesting) -> None:
    """Each page, opened while `ingest files` commits batch after batch into the store it reads, draws
    its charts (or its table) and shows no exception, and the ingest goes on writing without an error.
    (That it then completes, and what every read sees meanwhile, tests/ingest/run/test_reads_during_writes.py
    checks without a browser.)"""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    stored_before, drawn = ingesting.stored(), []
    for name, (path, charts, _) in PAGES.items():
        seconds = open_page(page, f"{ingesting.url}/{path}", min(charts, 1))
        assert page.locator(EXCEPTION).count() == 0, page.locator(EXCEPTION).all_inner_texts()
        drawn.append(f"{name} {seconds} s")
    context.close()
    assert ingesting.ingest.poll() is None, f"the ingest ended before every page was drawn: {drawn}"
    assert ingesting.stored() > stored_before, "no batch was committed while the pages were drawn"
    errors = ingesting.stderr.read_text()
    assert "locked" not in errors and "Traceback" not in errors, errors


def test_clicking_a_share_bar_opens_its_articles(browser: Browser, server: str) -> None:
    """A bar of an outlet on Share of voice opens Articles filtered to that outlet and that day."""
    context = browser.new_context(viewport={"width": 1400, "height": 1600})
    page = context.new_page()
    open_page(page, f"{server}/share?event={EVENT}", 2)
    top = page.evaluate("""() => document.querySelectorAll('.st-key-share_outlets .js-plotly-plot')[0]
        ._fullData[0].name""")
    bar = page.locator(".st-key-share_outlets .barlayer .trace").first.locator("path").first
    bar.click(force=True)
    page.wait_for_url(re.compile(r"/articles\?"), timeout=30_000)
    settle(page)
    assert f"source={top}" in page.url
    day = re.search(r"from=(\d{4}-\d\d-\d\d)", page.url)
    assert day and f"to={day.group(1)}" in page.url
    sources = page.locator('[data-testid="stMultiSelect"]').first.inner_text()
    assert top in sources
    context.close()
