"""Saved searches in a real browser: a NEAR search typed into the Articles page is saved from the page,
the link it leaves (`saved=NAME`) opens the same search in a new browser context, its count is what
`presswatch search --saved NAME` prints, and a field the parser does not know is shown at its column."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.test_browser import EVENT, EXCEPTION, ROOT, VIEWPORT, open_page, screenshot, settle

pytestmark = pytest.mark.e2e
NAME, QUERY = "airport strike", "airport NEAR/3 strike -title:markets"
CAPTION = '[data-testid="stCaptionContainer"]'


def _matches(page: Page) -> int:
    """The articles table's header count ("32 articles match · …")."""
    line = page.locator(CAPTION, has_text="articles match").first.inner_text()
    return int(re.match(r"(\d+)", line).group(1))  # type: ignore[union-attr]


def _search(page: Page, query: str) -> None:
    box = page.locator(".st-key-q input")
    box.fill(query)
    box.press("Enter")
    page.wait_for_url(re.compile(r"[?&]q="))
    settle(page)


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ingest", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_save_then_open_the_saved_search_from_its_link(browser: Browser, server: str, demo: dict[str, str],
                                                      screenshots: Path) -> None:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    open_page(page, f"{server}/articles", 0)
    everything = _matches(page)
    _search(page, QUERY)
    found = _matches(page)
    assert 0 < found < everything
    page.get_by_text("Save this search").click()
    name = page.locator(".st-key-save_name input")
    name.fill(NAME)
    name.press("Enter")
    settle(page)
    page.locator(".st-key-save_search button").click()
    page.wait_for_url(re.compile(r"saved=airport"))
    settle(page)
    assert page.locator(EXCEPTION).count() == 0, page.locator(EXCEPTION).all_inner_texts()
    context.close()

    listed = _cli(demo, "searches", "--event", EVENT)
    assert listed.returncode == 0, listed.stderr
    assert f"{NAME},{QUERY}," in listed.stdout

    fresh = browser.new_context(viewport=VIEWPORT)
    again = fresh.new_page()
    open_page(again, f"{server}/articles?event={EVENT}&saved=airport+strike", 0)
    assert again.locator(".st-key-q input").input_value() == QUERY
    assert again.locator('.st-key-saved_pick input[role="combobox"]').input_value() == NAME
    assert _matches(again) == found
    rows = _cli(demo, "search", "--event", EVENT, "--saved", NAME)
    assert rows.returncode == 0, rows.stderr
    assert len([line for line in rows.stdout.splitlines() if not line.startswith("#")]) - 1 == found
    screenshot(again, screenshots / "saved-search.png")

    _search(again, "strike bogus:x")
    error = again.locator('[data-testid="stAlertContentError"]').first.inner_text()
    assert error.startswith("Search not understood, column 8: unknown field 'bogus'")
    assert again.locator(EXCEPTION).count() == 0
    fresh.close()
