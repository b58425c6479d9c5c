"""Fixtures for the real-browser tests: a demo SQLite database, `streamlit run dashboard.py` on a free port,
and Debian's Chromium driven by Playwright (never a downloaded browser: no `playwright install`).

Everything is built once per session; screenshots and page timings go to test-output/ for a human to read.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Playwright, sync_playwright
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from db.engine import make_engine
from db.models import Article
from ingest.demo.corpus import write_demo_corpus
from pages._chromium import ARGS as CHROMIUM_ARGS
from pages._chromium import DEFAULT_CHROMIUM

ROOT = Path(__file__).absolute().parent.parent.parent
OUT = ROOT / "test-output"
CHROMIUM = DEFAULT_CHROMIUM
EVENT = "merat-airport-strike"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """`ingest demo --articles 300` in a fresh SQLite file; the env that points the CLI and server at it."""
    tmp = tmp_path_factory.mktemp("e2e")
    (tmp / "monitor.toml").write_text("# no events: the demo writes its own config\n", encoding="utf-8")
    env = os.environ | {"DATABASE_URL": f"sqlite:///{tmp / 'demo.db'}", "PRESSWATCH_CONFIG": str(tmp / "monitor.toml")}
    proc = subprocess.run([sys.executable, "-m", "ingest", "demo", "--articles", "300", "--out", str(tmp / "corpus")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode in (0, 1), proc.stderr
    return env


class Server:
    """One `streamlit run dashboard.py` process (started and stopped by us only)."""

    def __init__(self, name: str, env: dict[str, str], *extra: str) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = OUT / f"streamlit-{name}.log"
        OUT.mkdir(exist_ok=True)
        cmd = [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
               "--server.port", str(self.port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats",
               "false", "--server.fileWatcherType", "none", "--client.toolbarMode", "minimal", *extra]
        with self.log.open("w") as log:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"streamlit did not answer on {self.url}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="session")
def server(demo: dict[str, str]) -> Iterator[str]:
    srv = Server("light", demo)
    yield srv.url
    srv.stop()


@pytest.fixture(scope="session")
def dark_server(demo: dict[str, str]) -> Iterator[str]:
    srv = Server("dark", demo, "--theme.base", "dark")
    yield srv.url
    srv.stop()


@dataclass
class Ingesting:
    """A dashboard server on a store that `ingest files` is writing to: its URL and the ingest process."""

    url: str
    store: str
    ingest: subprocess.Popen[bytes]
    stderr: Path

    def stored(self) -> int:
        return _stored(self.store)


INGEST_ARTICLES = 6_000  # at one worker, enough that the run outlasts drawing every page (it is killed then)
STORED_FIRST = 300  # articles stored before the first page is opened: a few days to draw


def _stored(url: str) -> int:
    engine = make_engine(url, readonly=True)
    try:
        with engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(Article)).scalar_one())
    except DBAPIError:  # no file or no schema yet
        return 0
    finally:
        engine.dispose()


@pytest.fixture
def ingesting(tmp_path: Path) -> Iterator[Ingesting]:
    """`streamlit run dashboard.py` on a new SQLite store, then `ingest files` of the demo corpus into it,
    handed over once the first batches are in; the ingest is killed afterwards if it still runs (the
    test only needs it writing while the pages draw)."""
    files = write_demo_corpus(tmp_path / "corpus", articles=INGEST_ARTICLES, seed=4)
    url = f"sqlite:///{tmp_path / 'store.db'}"
    srv = Server("ingesting", os.environ | {"DATABASE_URL": url, "PRESSWATCH_CONFIG": str(files.config)})
    err = tmp_path / "ingest.err"
    try:
        with err.open("wb") as handle:
            proc = subprocess.Popen([sys.executable, "-m", "ingest", "files", str(files.articles), "--config",
                                     str(files.config), "--database", url], cwd=ROOT,
                                    stdout=subprocess.DEVNULL, stderr=handle, start_new_session=True)
        try:
            deadline = time.monotonic() + 120
            while _stored(url) < STORED_FIRST:
                assert proc.poll() is None and time.monotonic() < deadline, err.read_text()
                time.sleep(0.2)
            yield Ingesting(srv.url, url, proc, err)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)  # the run and its worker
            proc.wait()
    finally:
        srv.stop()


@pytest.fixture(scope="session")
def pw() -> Iterator[Playwright]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} missing: apt-get install -y chromium chromium-driver")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(pw: Playwright) -> Iterator[Browser]:
    b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield b
    b.close()


@pytest.fixture(scope="session")
def page_times() -> Iterator[dict[str, float]]:
    """Seconds from navigation until a page's charts (or tables) are visible, written at the end."""
    times: dict[str, float] = {}
    yield times
    OUT.mkdir(exist_ok=True)
    (OUT / "page_times.json").write_text(json.dumps(times, indent=2, sort_keys=True) + "\n")


@pytest.fixture(scope="session")
def screenshots() -> Path:
    path = OUT / "screenshots"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path
