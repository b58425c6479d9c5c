"""Fixtures for the real-browser tests: a demo SQLite database, `streamlit run dashboard.py` on a free port,
and Debian's Chromium driven by Playwright (never a downloaded browser: no `playwright install`).

Everything is built once per session; screenshots and page timings go to test-output/ for a human to read.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Playwright, sync_playwright

ROOT = Path(__file__).absolute().parent.parent.parent
OUT = ROOT / "test-output"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
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
