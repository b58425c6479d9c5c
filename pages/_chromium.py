"""Debian's Chromium, driven by Playwright, as the report's printer: plotly figures to PNG, HTML to PDF.

Chromium draws the charts because it runs the same plotly.js the dashboard runs in the analyst's
browser (the copy inside the installed plotly package, never a CDN: nothing here goes to the network,
and every request a page makes is refused), so a report's chart looks like the dashboard's. Playwright
only drives the browser the system has (`PRESSWATCH_CHROMIUM`, default /usr/bin/chromium); it never
downloads one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from html import escape
from importlib import resources
from pathlib import Path

import plotly.graph_objects as go
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from db.errors import first_line

DEFAULT_CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
CHART_WIDTH = 820  # CSS pixels; drawn at twice that so the PNG stays sharp in print
SCALE = 2
TIMEOUT_MS = 60_000
# One look wherever the report is made: inside the dashboard's server plotly's default template is
# Streamlit's (black bars without the browser's theme), on the command line plotly's own grey one.
TEMPLATE = "plotly_white"


class ChromiumError(RuntimeError):
    """No Chromium to render with, or it failed: one line saying which and where."""


def executable() -> str:
    """The Chromium binary to run; ChromiumError when there is none."""
    path = os.environ.get("PRESSWATCH_CHROMIUM") or DEFAULT_CHROMIUM
    if not (Path(path).is_file() and os.access(path, os.X_OK)):
        raise ChromiumError(f"no Chromium found at {path} (install Debian's chromium package, or set "
                            "PRESSWATCH_CHROMIUM to its path)")
    return path


@contextmanager
def browser() -> Iterator[Browser]:
    """One headless Chromium for the length of a report."""
    path = executable()
    with sync_playwright() as pw:
        try:
            opened = pw.chromium.launch(executable_path=path, args=ARGS, timeout=TIMEOUT_MS)
        except PlaywrightError as exc:
            raise ChromiumError(f"cannot start Chromium at {path}: {first_line(exc)}") from None
        try:
            yield opened
        finally:
            opened.close()


def _offline_page(chromium: Browser, scale: int = 1) -> Page:
    """A page that may load nothing from anywhere: a report is made from what is on this machine."""
    page = chromium.new_page(device_scale_factor=scale, viewport={"width": CHART_WIDTH + 40, "height": 800})
    page.set_default_timeout(TIMEOUT_MS)
    page.route("**/*", lambda route: route.abort())
    return page


def plotly_js() -> str:
    """plotly.js as shipped inside the installed plotly package (the version plotly.py is built for)."""
    return resources.files("plotly").joinpath("package_data", "plotly.min.js").read_text(encoding="utf-8")


def chart_pngs(chromium: Browser, figures: Sequence[go.Figure]) -> list[bytes]:
    """Each figure drawn by plotly.js in Chromium and screenshotted as a PNG (CHART_WIDTH wide, the
    figure's own height, at SCALE times the pixels, in TEMPLATE)."""
    page = _offline_page(chromium, SCALE)
    try:
        page.set_content('<!doctype html><html><body style="margin:0;background:#fff">'
                         f'<div id="chart" style="width:{CHART_WIDTH}px"></div></body></html>')
        page.add_script_tag(content=plotly_js())
        shots = []
        for fig in figures:
            spec = json.loads(go.Figure(fig).update_layout(template=TEMPLATE).to_json())
            layout = spec.get("layout", {}) | {"width": CHART_WIDTH}
            page.evaluate("""async ([data, layout]) => {
                const div = document.getElementById('chart');
                Plotly.purge(div);
                await Plotly.newPlot(div, data, layout, {staticPlot: true, displayModeBar: false});
            }""", [spec.get("data", []), layout])
            shots.append(page.locator("#chart").screenshot(type="png", animations="disabled"))
        return shots
    except PlaywrightError as exc:
        raise ChromiumError(f"Chromium could not draw a chart: {first_line(exc)}") from None
    finally:
        page.close()


def pdf(chromium: Browser, html: str, footer: str = "") -> bytes:
    """The HTML printed to an A4 PDF by Chromium, backgrounds included (its images are data: URIs), each
    page footed with `footer` (plain text) and "page N of M", so a printed page says whose it is."""
    page = _offline_page(chromium)
    foot = ('<div style="font-size:8px;color:#777;width:100%;padding:0 12mm;display:flex;'
            f'justify-content:space-between"><span>{escape(footer)}</span><span>page <span class="pageNumber">'
            '</span> of <span class="totalPages"></span></span></div>')
    try:
        page.set_content(html, wait_until="load")
        page.emulate_media(media="print")
        return page.pdf(format="A4", print_background=True, display_header_footer=True,
                        header_template="<span></span>", footer_template=foot,
                        margin={"top": "14mm", "bottom": "16mm", "left": "12mm", "right": "12mm"})
    except PlaywrightError as exc:
        raise ChromiumError(f"Chromium could not print the report: {first_line(exc)}") from None
    finally:
        page.close()
