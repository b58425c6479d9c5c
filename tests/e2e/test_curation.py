"""Curation in a real browser, on a copy of the demo store of its own: ticking an article and dismissing
it takes it out of every count (the table's header, the Overview KPIs), lists it under "Dismissed",
restoring brings it back; a timeline note added on Overview is drawn on the charts. A dashboard with
editing switched off shows the lists and no controls."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.conftest import Server
from tests.e2e.test_browser import EVENT, VIEWPORT, kpis, open_page, screenshot, settle

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).absolute().parent.parent.parent
MATCH = re.compile(r"(\d+) articles match")


@pytest.fixture(scope="module")
def own_store(demo: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The session's demo store copied, so what these tests change is seen by no other test."""
    source = Path(demo["DATABASE_URL"].removeprefix("sqlite:///"))
    target = tmp_path_factory.mktemp("curation") / "demo.db"
    shutil.copy(source, target)
    return demo | {"DATABASE_URL": f"sqlite:///{target}"}


@pytest.fixture(scope="module")
def editing(own_store: dict[str, str]) -> Iterator[str]:
    srv = Server("curation", own_store)
    yield srv.url
    srv.stop()


def _matching(page: Page) -> int:
    found = MATCH.search(page.get_by_text("articles match").first.inner_text())
    assert found, "no '… articles match' line"
    return int(found.group(1))


def _tick_first_row(page: Page, table: str, then: str) -> None:
    """Tick row 1 of a selectable table until the button named `then` shows that one row is selected
    (the grid is a canvas: the click goes to its row-marker column, once the grid has stopped moving)."""
    grid = page.locator(f'[class*="st-key-{table}"] [data-testid="stDataFrame"]').first
    grid.wait_for()
    for _ in range(5):
        grid.scroll_into_view_if_needed()
        page.wait_for_timeout(800)  # the canvas draws its rows, and an expander finishes opening
        box = grid.bounding_box()
        assert box
        page.mouse.click(box["x"] + 15, box["y"] + 35 + 17)
        try:
            page.get_by_role("button", name=then).wait_for(timeout=5_000)
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"ticking row 1 of {table} never showed {then!r}")


def _cli(env: dict[str, str], *args: str) -> str:
    proc = subprocess.run([sys.executable, "-m", "ingest", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_dismiss_and_restore_an_article(browser: Browser, editing: str, own_store: dict[str, str],
                                        screenshots: Path) -> None:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    open_page(page, f"{editing}/?event={EVENT}", 3)
    articles_before = kpis(page)[0]
    open_page(page, f"{editing}/articles?event={EVENT}", 0)
    before = _matching(page)
    _tick_first_row(page, "articles_table", "Dismiss 1 selected")
    page.locator('[class*="st-key-dismiss_reason"] input').first.fill("a press release, not coverage")
    page.get_by_role("button", name="Dismiss 1 selected").click()
    page.get_by_text("1 article(s) dismissed").wait_for()
    settle(page)
    assert _matching(page) == before - 1
    assert page.get_by_role("button", name="Dismiss selected").is_disabled()  # nothing stays ticked
    dismissed = _cli(own_store, "export", "--what", "dismissed", "--event", EVENT)
    assert "a press release, not coverage" in dismissed

    page.get_by_text("Dismissed from this event (1)").click()
    _tick_first_row(page, "dismissed_table", "Restore 1 selected")
    screenshot(page, screenshots / "articles-dismissed.png")
    page.get_by_role("button", name="Restore 1 selected").click()
    page.get_by_text("1 article(s) restored").wait_for()
    settle(page)
    assert _matching(page) == before
    open_page(page, f"{editing}/?event={EVENT}", 3)
    assert kpis(page)[0] == articles_before
    context.close()


def test_a_timeline_note_is_drawn_on_the_charts(browser: Browser, editing: str, screenshots: Path) -> None:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    open_page(page, f"{editing}/?event={EVENT}&from=2020-01-03&to=2020-01-20", 3)
    page.locator('[class*="st-key-note_label"] input').first.fill("Parliament votes on the war powers motion")
    page.get_by_role("button", name="Add note").click()
    page.get_by_text("Parliament votes on the war powers motion").first.wait_for()
    settle(page)
    drawn = page.evaluate("""() => Array.from(document.querySelectorAll('.js-plotly-plot'))
        .map(p => ((p.layout || {}).annotations || []).map(a => a.text)).flat()""")
    assert drawn.count("Parliament votes on the war powers motion") >= 2  # the volume and tone charts
    screenshot(page, screenshots / "overview-notes.png")
    open_page(page, f"{editing}/volume?event={EVENT}&from=2020-01-03&to=2020-01-20", 1)
    volume = page.evaluate("() => document.querySelector('.js-plotly-plot').layout.annotations.map(a => a.text)")
    assert "Parliament votes on the war powers motion" in volume
    context.close()


def test_without_editing_the_lists_stay_and_the_controls_go(browser: Browser, own_store: dict[str, str]) -> None:
    srv = Server("read-only", own_store | {"PRESSWATCH_DASHBOARD_EDITS": "off"})
    try:
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        open_page(page, f"{srv.url}/articles?event={EVENT}", 0)
        assert page.get_by_text("Editing is switched off on this dashboard").count() >= 1
        assert page.get_by_role("button", name="Dismiss selected").count() == 0
        open_page(page, f"{srv.url}/?event={EVENT}", 3)
        assert page.get_by_role("button", name="Add note").count() == 0
        context.close()
    finally:
        srv.stop()
