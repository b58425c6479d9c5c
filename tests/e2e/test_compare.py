"""Compare in a real browser, on a copy of the demo store with a second event (a third of the demo's
articles linked to it) and a saved search: the page draws every subject, picking one writes it into the
link, the link opens the same subjects in a new browser, and one subject's download is exactly what
`presswatch compare` prints for it."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from sqlalchemy import insert, select

from db import curation, rollups
from db.engine import make_engine
from db.models import Article, ArticleEvent, Event
from tests.e2e.test_browser import DOWNLOAD, EVENT, EXCEPTION, ROOT, VIEWPORT, open_page, screenshot, settle

pytestmark = pytest.mark.e2e
OTHER = "coastal-ferry-strike"
SAVED, QUERY = "runway", "airport NEAR/3 strike"
WINDOW = "from=2020-01-03&to=2020-01-16"


def _cli(env: dict[str, str], *args: str) -> str:
    proc = subprocess.run([sys.executable, "-m", "ingest", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture(scope="module")
def two_events(demo: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The session's demo store copied, with event OTHER holding every third article (rollups rebuilt as
    `rescore` does), the demo event's saved search SAVED and a note of the same name on each event."""
    target = tmp_path_factory.mktemp("compare") / "demo.db"
    shutil.copy(Path(demo["DATABASE_URL"].removeprefix("sqlite:///")), target)
    env = demo | {"DATABASE_URL": f"sqlite:///{target}"}
    engine = make_engine(env["DATABASE_URL"])
    with engine.begin() as conn:
        eid = conn.execute(insert(Event).values(slug=OTHER, name="Coastal ferry strike", terms=["ferry"], related=[])
                           .returning(Event.id)).scalar_one()
        ids = conn.execute(select(Article.id).where(Article.id % 3 == 0)).scalars().all()
        conn.execute(insert(ArticleEvent), [{"article_id": i, "event_id": eid, "relevance": 1.0} for i in ids])
        rollups.rebuild(conn, eid)
        curation.add_note(conn, EVENT, dt.date(2020, 1, 5), "Talks")
        curation.add_note(conn, OTHER, dt.date(2020, 1, 9), "Talks")
    engine.dispose()
    _cli(env, "search", "--event", EVENT, "--save", SAVED, QUERY, "--limit", "1")
    return env


def _traces(page: Page, index: int) -> list[str]:
    return list(page.evaluate("i => document.querySelectorAll('.js-plotly-plot')[i]._fullData.map(t => t.name)",
                              index))


def _picked(page: Page) -> list[str]:
    """The subjects' tags in the multiselect, as shown."""
    return list(page.locator(".st-key-cmp_pick .react-aria-ComboBox [data-tag] > span[title]")
                .evaluate_all("tags => tags.map(t => t.title)"))


def _data_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if not line.startswith("# generated_at")]


def test_compare_two_events_and_a_saved_search(browser: Browser, two_events: dict[str, str], screenshots: Path
                                               ) -> None:
    from tests.e2e.conftest import Server

    srv = Server("compare", two_events)
    try:
        context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
        page = context.new_page()
        open_page(page, f"{srv.url}/compare?event={EVENT}&{WINDOW}", 3)  # volume, tone, one figures chart
        assert _picked(page) == [EVENT, f"Saved search: {SAVED} (in {EVENT})"]  # the event and its saved search
        page.locator('.st-key-cmp_pick input[role="combobox"]').first.click()
        page.get_by_role("option", name=OTHER, exact=True).click()
        page.keyboard.press("Escape")
        page.wait_for_url(re.compile(r"cmp=event%3Acoastal-ferry-strike"))
        settle(page)
        link = page.url
        assert urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)["cmp"] == [
            f"event:{EVENT}", f"saved:{EVENT}/{SAVED}", f"event:{OTHER}"]
        subjects = [EVENT, f"{SAVED} (in {EVENT})", OTHER]
        assert _traces(page, 0) == subjects  # volume: one line per subject
        assert _traces(page, 1) == subjects  # tone
        notes = page.evaluate("() => document.querySelectorAll('.js-plotly-plot')[0].layout.annotations"
                              ".map(a => [a.text, a.font.color])")
        colours = page.evaluate("() => document.querySelectorAll('.js-plotly-plot')[0]._fullData"
                                ".map(t => t.line.color)")
        assert sorted(notes) == sorted([[f"{EVENT}: Talks", colours[0]], [f"{OTHER}: Talks", colours[2]]])
        assert page.locator(".js-plotly-plot").count() == 5  # and each subject's figures
        page.get_by_text("As a share of all coverage").click()
        settle(page)
        assert "Share of all stored coverage" in page.evaluate(
            "() => document.querySelectorAll('.js-plotly-plot')[0].layout.title.text")
        screenshot(page, screenshots / "compare-two-events.png")
        context.close()

        fresh = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
        again = fresh.new_page()
        open_page(again, link, 5)
        assert _picked(again) == [EVENT, f"Saved search: {SAVED} (in {EVENT})", OTHER]
        assert again.locator(EXCEPTION).count() == 0
        with again.expect_download() as info:
            again.locator(DOWNLOAD, has_text=f"{OTHER}: volume (CSV)").first.click()
        assert info.value.suggested_filename == f"presswatch-compare-volume-{OTHER}.csv"
        downloaded = Path(info.value.path()).read_text(encoding="utf-8")
        fresh.close()
    finally:
        srv.stop()
    printed = _cli(two_events, "compare", "--event", OTHER, "--what", "volume", "--share", "--from", "2020-01-03",
                   "--to", "2020-01-16")
    assert f"# subject: {OTHER}" in downloaded and "# share_of: every distinct stored article" in downloaded
    rows = [line.split(",") for line in downloaded.splitlines() if not line.startswith("#")]
    assert rows[0] == ["period", "articles", "all_articles", "share"] and len(rows) == 15  # header + 14 days
    cli_rows = [line.split(",") for line in printed.splitlines() if not line.startswith("#")][1:]
    assert [[r[0], r[3], r[4], r[2]] for r in cli_rows] == rows[1:]  # period, articles, all, share
    assert sum(int(r[1]) for r in rows[1:]) > 0
