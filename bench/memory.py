"""`python -m bench memory --articles N --json`

Loads the demo corpus (N articles) into a fresh SQLite file, starts a real `streamlit run dashboard.py`,
opens every page in Debian's Chromium and reads the server's resident memory after each page.
The baseline is the server's memory right after start-up, measured in the same run.

`--synthetic` loads the store of `python -m bench queries` instead (bulk inserts, no pipeline), which is
how a store of a million articles is built in minutes rather than hours: the dashboard's memory must
not grow with the store, since every page reads rollups or one page of rows.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench import count
from pages._chromium import ARGS as CHROMIUM_ARGS
from pages._chromium import DEFAULT_CHROMIUM

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["", "volume", "tone", "figures", "sources", "articles", "health"]
CHART = '[data-testid="stPlotlyChart"], [data-testid="stDataFrame"]'
METRIC = '[data-testid="stMetric"]'  # the health page of a store with no runs has metrics but no table


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    raise RuntimeError(f"no VmRSS for process {pid}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_healthy(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("streamlit exited during start-up")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit did not answer on {url}")


def _synthetic(url: str, articles: int) -> None:
    from bench.queries import _load
    from db.engine import make_engine, upgrade

    engine = make_engine(url)
    upgrade(engine)
    _load(engine, articles)
    engine.dispose()


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(prog="python -m bench memory")
    parser.add_argument("--articles", type=count, default=2500)
    parser.add_argument("--synthetic", action="store_true", help="bulk-load the queries bench's store instead of "
                        "ingesting the demo corpus (for stores of millions)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="presswatch-memory-") as tmp:
        env = os.environ | {"DATABASE_URL": f"sqlite:///{Path(tmp) / 'demo.db'}"}
        if args.synthetic:
            _synthetic(env["DATABASE_URL"], args.articles)
        else:
            subprocess.run([sys.executable, "-m", "ingest", "demo", "--articles", str(args.articles), "--out",
                            str(Path(tmp) / "corpus")], cwd=ROOT, env=env, check=True, capture_output=True)
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless",
                                   "true", "--server.port", str(port), "--server.address", "127.0.0.1",
                                   "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
                                  cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait_healthy(url, server)
            baseline = _rss_mb(server.pid)
            pages = []
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=DEFAULT_CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                for path in PAGES:
                    started = time.perf_counter()
                    page.goto(f"{url}/{path}")
                    page.wait_for_selector(METRIC if path == "health" else CHART, timeout=60_000)
                    pages.append({"page": "/" + path, "load_s": round(time.perf_counter() - started, 2),
                                  "server_rss_mb": _rss_mb(server.pid)})
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=20)
    peak = max(p["server_rss_mb"] for p in pages)
    result = {"articles": args.articles, "store": "synthetic" if args.synthetic else "demo",
              "server_rss_mb": peak, "baseline_rss_mb": baseline,
              "growth_vs_baseline": round(peak / baseline, 2), "pages": pages}
    if not args.json:
        for p in pages:
            print(f"{p['page']:<10} {p['load_s']:>5} s  server {p['server_rss_mb']} MB")
    print(json.dumps(result))
    return 0
