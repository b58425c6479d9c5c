"""The Geography page in a real browser with every request off this machine refused: the world map draws
from the dashboard's own copy (no CDN), each country with coverage is a shape, and clicking one opens the
Articles page on its outlets' articles."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route

from db.engine import make_engine
from db.filters import Filters
from db.reads.geography import by_country
from tests.e2e.conftest import Server
from tests.e2e.test_browser import EVENT, VIEWPORT, open_page, screenshot, settle
from tests.fixtures.countries import ISO, place_outlets

pytestmark = pytest.mark.e2e
MAP = ".st-key-geo_map"


@pytest.fixture(scope="module")
def placed_store(demo: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> str:
    """A copy of the demo store whose outlets are in real countries."""
    target = tmp_path_factory.mktemp("geography") / "demo.db"
    shutil.copy(Path(demo["DATABASE_URL"].removeprefix("sqlite:///")), target)
    place_outlets(f"sqlite:///{target}")
    return f"sqlite:///{target}"


@pytest.fixture(scope="module")
def placed(demo: dict[str, str], placed_store: str) -> Iterator[str]:
    srv = Server("geography", demo | {"DATABASE_URL": placed_store})
    yield srv.url
    srv.stop()


def _offline(page: Page, refused: list[str]) -> None:
    """Refuse every request that does not go to this machine, and note it."""
    def route(r: Route) -> None:
        if r.request.url.startswith(("http://127.0.0.1", "data:", "blob:")):
            r.continue_()
        else:
            refused.append(r.request.url)
            r.abort()
    page.route("**/*", route)


def test_the_map_draws_offline_and_a_clicked_country_opens_its_articles(browser: Browser, placed: str,
                                                                       placed_store: str, screenshots: Path) -> None:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    refused: list[str] = []
    _offline(page, refused)
    served: list[int] = []
    page.on("response", lambda r: served.append(r.status) if "/app/static/topojson/" in r.url else None)
    open_page(page, f"{placed}/geography?event={EVENT}", 2)
    page.wait_for_function(f"() => document.querySelectorAll('{MAP} path.choroplethlocation').length > 0",
                           timeout=30_000)
    assert served == [200], "the map's data did not come from the dashboard's own static files"
    assert refused == [], f"the page asked the internet for {refused}"
    shapes = page.locator(f"{MAP} path.choroplethlocation")
    assert shapes.count() == len(set(ISO.values()))
    borders = page.locator(f"{MAP} .countries path").first.get_attribute("d") or ""
    assert len(borders) > 50_000  # the world's borders are drawn too, from the same file
    screenshot(page, screenshots / "geography-map.png")

    for n in range(shapes.count()):  # hover each shape's middle until one is France (small and compact)
        box = shapes.nth(n).bounding_box()
        assert box
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(x, y)
        page.wait_for_timeout(200)
        if (page.locator(f"{MAP} .hoverlayer").text_content() or "").startswith("France:"):
            page.mouse.click(x, y)
            break
    else:
        raise AssertionError("no shape on the map is France")
    page.wait_for_url("**/articles**", timeout=30_000)
    settle(page)
    search = page.locator('[data-testid="stTextInput"] input').first.input_value()
    assert search == 'country:"France"'
    france = by_country(make_engine(placed_store, readonly=True), Filters(event=EVENT)).set_index("country")
    line = page.get_by_text("articles match").first.inner_text()
    assert line.startswith(f"{france.loc['FRA', 'articles']} articles match"), line
    context.close()
