"""The Overview page's Report buttons in a real browser: the HTML and PDF downloaded are the report of
the filtered view on screen (its dates, sources and search, its numbers), made by the dashboard's server
in Debian's Chromium. The downloaded report is screenshotted to test-output/ for a person to look at."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from db.engine import make_engine
from db.reads._scope import event_sources
from tests.e2e.conftest import OUT
from tests.e2e.test_browser import DOWNLOAD, EVENT, VIEWPORT, kpis, open_page

pytestmark = pytest.mark.e2e


def test_report_buttons_download_the_report_of_the_filtered_view(browser: Browser, server: str,
                                                                  demo: dict[str, str]) -> None:
    sources = event_sources(make_engine(demo["DATABASE_URL"]), EVENT)[:2]
    query = (f"event={EVENT}&from=2020-01-05&to=2020-01-10&q=drone&" +
             "&".join(f"source={s}" for s in sources))
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    page = context.new_page()
    open_page(page, f"{server}/?{query}", 3)
    shown = kpis(page)
    assert shown and shown[0] != "0"
    with page.expect_download(timeout=120_000) as info:
        page.locator(DOWNLOAD, has_text="Report (HTML)").first.click()
    assert info.value.suggested_filename == f"presswatch-report-{EVENT}-2020-01-05-2020-01-10.html"
    html = Path(info.value.path()).read_text(encoding="utf-8")
    with page.expect_download(timeout=120_000) as info:
        page.locator(DOWNLOAD, has_text="Report (PDF)").first.click()
    pdf = Path(info.value.path()).read_bytes()
    context.close()

    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert f"sources {' '.join(sorted(sources))}" in text  # the sidebar's filter, printed
    assert "from 2020-01-05" in text and "to 2020-01-10" in text and "query drone" in text
    assert f"Articles {shown[0]}" in text  # the Overview's first metric, same number
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', html)
    assert len(images) == 4 and base64.b64decode(images[0]).startswith(b"\x89PNG")
    assert pdf.startswith(b"%PDF-") and b"/Count" in pdf

    # what the analyst opens: the downloaded HTML, as Chromium shows it, offline
    (OUT / "screenshots").mkdir(parents=True, exist_ok=True)
    viewer = browser.new_context(viewport={"width": 1100, "height": 900}, offline=True).new_page()
    viewer.set_content(html, wait_until="load")
    assert viewer.evaluate("() => Array.from(document.images).every(i => i.complete && i.naturalWidth > 800)")
    viewer.screenshot(path=str(OUT / "screenshots" / "report.png"), full_page=True)
    viewer.context.close()
