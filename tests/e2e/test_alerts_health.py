"""Alerts on the Health page in a real browser: rules checked against a copy of the demo store (a spike
rule posting to a webhook server on 127.0.0.1, and a figure rule posting to a port where nothing
listens), then the page's tiles count what fired, what was sent and what waits for a retry, and its
download of the alerts table is the same list `presswatch alerts list` prints."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from sqlalchemy import func, select

from db.engine import make_engine
from db.models import DailyFigureTotal, Figure
from tests.e2e.conftest import Server
from tests.e2e.test_browser import DOWNLOAD, EVENT, VIEWPORT, kpis, open_page, screenshot
from tests.ingest.alerts.servers import WebhookServer, free_port

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).absolute().parent.parent.parent


@pytest.fixture(scope="module")
def alerted(demo: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A copy of the demo store whose alerts have been checked once; the env pointing at it and its config."""
    folder = tmp_path_factory.mktemp("alerts")
    target = folder / "demo.db"
    shutil.copy(Path(demo["DATABASE_URL"].removeprefix("sqlite:///")), target)
    url = f"sqlite:///{target}"
    engine = make_engine(url)
    with engine.connect() as conn:
        top = conn.execute(select(Figure.name).join(DailyFigureTotal, DailyFigureTotal.figure_id == Figure.id)
                           .group_by(Figure.name).order_by(func.sum(DailyFigureTotal.quotes).desc()).limit(1)
                           ).scalar_one()
    engine.dispose()
    hooks = WebhookServer()
    path = f"/hook/{uuid.uuid4().hex}"
    config = folder / "monitor.toml"
    config.write_text(f'[[event]]\nslug = "{EVENT}"\nname = "Merat airport strike"\n\n'
                      f'[[event.alert]]\nkind = "spike"\nname = "volume"\ndays = 2\nthreshold = 1.5\nmin_articles = 3\n'
                      f'webhook = "{hooks.url(path)}"\n\n'
                      f'[[event.alert]]\nkind = "figure"\nname = "top figure"\nfigure = "{top}"\nfirst_only = true\n'
                      f'webhook = "http://127.0.0.1:{free_port()}/nobody-listens"\n', encoding="utf-8")
    env = demo | {"DATABASE_URL": url, "PRESSWATCH_CONFIG": str(config)}
    proc = subprocess.run([sys.executable, "-m", "ingest", "alerts", "check", "--event", EVENT], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    hooks.close()
    assert proc.returncode == 1, proc.stderr  # the figure rule's webhook failed and waits for a retry
    assert "wait for a retry" in proc.stderr
    yield env | {"posted": str(len(hooks.bodies(path))), "secret": path.rsplit("/", 1)[1]}


def _listed(env: dict[str, str]) -> list[dict[str, str]]:
    proc = subprocess.run([sys.executable, "-m", "ingest", "alerts", "list", "--event", EVENT], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return list(csv.DictReader(io.StringIO(proc.stdout)))


def test_health_page_lists_alerts_and_their_delivery(browser: Browser, alerted: dict[str, str],
                                                     screenshots: Path) -> None:
    listed = _listed(alerted)
    spikes = [r for r in listed if r["rule"] == "volume"]
    assert spikes and len(spikes) == int(alerted["posted"])
    assert all(": delivered " in r["delivery"] and r["state"] == "delivered" for r in spikes)
    figure = [r for r in listed if r["rule"] == "top figure"]
    assert len(figure) == 1 and figure[0]["state"] == "retrying" and "failed 1x" in figure[0]["delivery"]
    assert "ConnectError" in figure[0]["last_error"]

    srv = Server("alerts", {k: v for k, v in alerted.items() if k not in ("posted", "secret")})
    try:
        context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
        page = context.new_page()
        open_page(page, f"{srv.url}/health?event={EVENT}", 1)
        page.get_by_role("heading", name="Alerts").wait_for()
        tiles = kpis(page)
        assert tiles[4:8] == [str(len(listed)), str(len(spikes)), "1", "0"], tiles  # after the store's 4 tiles
        assert page.locator('.st-key-health_alerts [data-testid="stDataFrame"]').count() == 1
        with page.expect_download() as info:
            page.locator(DOWNLOAD, has_text="Download alerts (CSV)").first.click()
        downloaded = Path(info.value.path()).read_text(encoding="utf-8")
        screenshot(page, screenshots / "health-alerts.png")
        context.close()
    finally:
        srv.stop()
    rows = list(csv.DictReader(io.StringIO("\n".join(x for x in downloaded.splitlines() if not x.startswith("#")))))
    assert [(r["rule"], r["summary"]) for r in rows] == [(r["rule"], r["summary"]) for r in listed][:50]
    assert any("failed 1x" in r["delivery"] for r in rows)
    assert alerted["secret"] not in downloaded  # a webhook URL's secret part never reaches the page
