"""`python -m bench ingest --pages N --json`

Serves N article pages (demo prose as HTML) from a server on 127.0.0.1 and ingests them through the
real path (`urls` connector → Fetcher → pipeline → SQLite) with 1 and with 2 workers. The floor is
the work no ingest can skip, on the same pages in the same run: trafilatura extraction plus sentence
VADER. `overhead_vs_floor` = floor pages/s ÷ pipeline pages/s with one worker.
"""

from __future__ import annotations

import argparse
import html
import json
import multiprocessing
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import trafilatura

from db.engine import make_engine, upgrade
from ingest.config import EventConfig, FetchConfig, SourceConfig
from ingest.demo import build_demo_corpus
from ingest.fetch import Fetcher
from ingest.nlp.tone import article_tone
from ingest.pipeline import Pipeline
from ingest.sources.registry import CONNECTORS


def _pages(n: int) -> dict[str, bytes]:
    """`/a/<i>.html` → an HTML page of one demo article (on-topic rows only)."""
    corpus = build_demo_corpus(articles=max(n * 2, 40), seed=11)
    pages: dict[str, bytes] = {}
    for line in corpus.articles.splitlines():
        row = json.loads(line)
        if "text" not in row or "Vahed" not in row["text"] + row["title"]:
            continue
        body = "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in row["text"].split("\n\n"))
        page = (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(row['title'])}"
                f"</title><meta property='article:published_time' content='{row['published_at']}'></head><body>"
                f"<nav><a href='/'>Home</a> · <a href='/world'>World</a></nav><article><h1>"
                f"{html.escape(row['title'])}</h1>{body}</article><footer>© Demo</footer></body></html>")
        pages[f"/a/{len(pages)}.html"] = page.encode("utf-8")
        if len(pages) == n:
            break
    return pages


def _serve(pages: dict[str, bytes], port: Any) -> None:
    """Serve the pages until killed (runs in its own process, so it does not compete for our GIL)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = pages.get(self.path) or (b"User-agent: *\nAllow: /\n" if self.path == "/robots.txt" else None)
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port.value = httpd.server_address[1]
    httpd.serve_forever()


class _Server:
    def __init__(self, pages: dict[str, bytes]) -> None:
        port = multiprocessing.Value("i", 0)
        self.process = multiprocessing.Process(target=_serve, args=(pages, port), daemon=True)
        self.process.start()
        deadline = time.monotonic() + 10
        while not port.value and time.monotonic() < deadline:
            time.sleep(0.01)
        self.base = f"http://127.0.0.1:{port.value}"

    def close(self) -> None:
        self.process.terminate()
        self.process.join()


def _floor(pages: dict[str, bytes]) -> float:
    started = time.perf_counter()
    for body in pages.values():
        result = trafilatura.bare_extraction(body.decode("utf-8"), with_metadata=True, favor_precision=True)
        article_tone((result.text if result else "") or "")
    return len(pages) / (time.perf_counter() - started)


def _pipeline(pages: dict[str, bytes], base: str, workers: int, folder: Path) -> float:
    url_file = folder / f"urls-{workers}.txt"
    url_file.write_text("\n".join(base + p for p in pages) + "\n", encoding="utf-8")
    engine = make_engine(f"sqlite:///{folder / f'bench-{workers}.db'}")
    upgrade(engine)
    event = EventConfig(slug="bench", name="Bench", start=None, terms=("Vahedmir", "Vahed-Mir", "Wahedmir",
                                                                        "Vahedmeer"), aliases={})
    source = SourceConfig(kind="urls", options={"path": str(url_file)}, base_dir=folder)
    fetcher = Fetcher(FetchConfig(per_host_delay_s=0.0, allow_private=True), {})
    started = time.perf_counter()
    report = Pipeline(engine, [event], workers=workers).run(CONNECTORS["urls"](source, event, fetcher), "bench")
    elapsed = time.perf_counter() - started
    fetcher.close()
    engine.dispose()
    if report.counts["documents"] != len(pages) or report.errors:
        raise RuntimeError(f"{report.counts['documents']} of {len(pages)} pages ingested: {report.errors[:3]}")
    return len(pages) / elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench ingest")
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    pages = _pages(args.pages)
    server = _Server(pages)
    try:
        with tempfile.TemporaryDirectory(prefix="presswatch-bench-") as tmp:
            floor = _floor(pages)
            rates = {str(w): _pipeline(pages, server.base, w, Path(tmp)) for w in (1, 2)}
    finally:
        server.close()
    result = {"pages": len(pages), "floor_pages_per_s": round(floor, 1),
              "pages_per_s": {k: round(v, 1) for k, v in rates.items()},
              "overhead_vs_floor": round(floor / rates["1"], 2),
              "speedup_2_vs_1": round(rates["2"] / rates["1"], 2)}
    if not args.json:
        print(f"floor {floor:.1f} pages/s · pipeline 1 worker {rates['1']:.1f} · 2 workers {rates['2']:.1f}")
    print(json.dumps(result))
    return 0
