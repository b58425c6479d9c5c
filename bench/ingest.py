"""`python -m bench ingest --pages N [--style site|bare|both] [--repeat R] --json`

Serves N article pages (demo prose) from an HTTP/1.1 server on 127.0.0.1 and ingests them through the
real path (`urls` connector → Fetcher → pipeline → SQLite) with 1 and with 2 workers. The floor is the
work no ingest can skip, on the same pages in the same run: trafilatura extraction plus sentence VADER.

- `overhead_vs_floor` = floor pages/s ÷ pipeline pages/s with one worker (target ≤ 1.3);
- `speedup_2_vs_1` = pipeline pages/s with two workers ÷ with one (target ≥ 1.7 on 2 cores), beside
  `floor_speedup_2_vs_1`, the same ratio for the floor alone run in two processes: what this machine's
  two cores give any CPU-bound work, the ceiling for the pipeline's figure;
- `scaling_vs_floor` = `speedup_2_vs_1` ÷ `floor_speedup_2_vs_1`, in the same round: how much of what the
  second core gives the floor the pipeline gets (1.0 = as much). This VM's two cores give the floor
  between about 1.6x and 2.1x from one round to the next, so this is the figure that compares releases;
- `own_ms_per_page` = what the pipeline adds per page beyond the floor (fetch, quotes, MinHash,
  relevance, store), in milliseconds: it hardly depends on the page, so it is the figure to compare
  between page styles and releases.

Pages come in two styles (`bench.site_pages`): `site`, the article inside a news site's page furniture
as a crawler downloads it (the headline figures), and `bare`, the article markup alone, which shows
the fixed per-page cost at its largest relative to extraction. Runs are interleaved in rounds and
ratios taken within a round (see `measure`).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import tempfile
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import trafilatura

from bench import count
from bench.site_pages import bare_page, site_page
from db.engine import make_engine, upgrade
from ingest.config import EventConfig, FetchConfig, SourceConfig
from ingest.demo.corpus import build_demo_corpus
from ingest.fetch.client import Fetcher
from ingest.nlp.tone import article_tone
from ingest.run.pipeline import Pipeline
from ingest.sources.registry import CONNECTORS

EVENT = EventConfig(slug="bench", name="Bench", start=None,
                    terms=("Vahedmir", "Vahed-Mir", "Wahedmir", "Vahedmeer"), aliases={})


def pages(n: int, style: str) -> dict[str, bytes]:
    """`/a/<i>.html` → one on-topic demo article as an HTML page of `style`."""
    corpus = build_demo_corpus(articles=max(n * 2, 40), seed=11)
    out: dict[str, bytes] = {}
    for line in corpus.articles.splitlines():
        row = json.loads(line)
        if "text" not in row or "Vahed" not in row["text"] + row["title"]:
            continue
        paragraphs = row["text"].split("\n\n")
        page = (site_page(row["title"], row["published_at"], paragraphs, seed=len(out)) if style == "site"
                else bare_page(row["title"], row["published_at"], paragraphs))
        out[f"/a/{len(out)}.html"] = page.encode("utf-8")
        if len(out) == n:
            break
    return out


def _serve(served: dict[str, bytes], port: Any) -> None:
    """Serve the pages until killed (runs in its own process, so it does not compete for our GIL).

    HTTP/1.1 with keep-alive, as news sites serve: a crawler reuses its connection to a host."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body leave at once, not 40 ms apart

        def do_GET(self) -> None:
            body = served.get(self.path) or (b"User-agent: *\nAllow: /\n" if self.path == "/robots.txt" else None)
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
    def __init__(self, served: dict[str, bytes]) -> None:
        port = multiprocessing.Value("i", 0)
        self.process = multiprocessing.Process(target=_serve, args=(served, port), daemon=True)
        self.process.start()
        deadline = time.monotonic() + 10
        while not port.value and time.monotonic() < deadline:
            time.sleep(0.01)
        self.base = f"http://127.0.0.1:{port.value}"

    def close(self) -> None:
        self.process.terminate()
        self.process.join()


def floor_rate(served: dict[str, bytes]) -> float:
    """Pages/s of trafilatura extraction plus sentence VADER alone, on the bodies already in memory."""
    started = time.perf_counter()
    for body in served.values():
        result = trafilatura.bare_extraction(body.decode("utf-8"), with_metadata=True, favor_precision=True)
        article_tone((result.text if result else "") or "")
    return len(served) / (time.perf_counter() - started)


def floor_rate_2(served: dict[str, bytes]) -> float:
    """Pages/s of the floor in two processes at once, each taking half the pages: the most two workers
    can gain on this machine, whatever the pipeline does."""
    items = list(served.items())
    halves = [dict(items[::2]), dict(items[1::2])]
    started = time.perf_counter()
    processes = [multiprocessing.Process(target=floor_rate, args=(half,)) for half in halves]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    return len(served) / (time.perf_counter() - started)


def pipeline_rate(served: dict[str, bytes], base: str, workers: int, folder: Path) -> float:
    """Pages/s of the whole ingest of the served pages into a new SQLite file."""
    url_file = folder / f"urls-{workers}.txt"
    url_file.write_text("\n".join(base + p for p in served) + "\n", encoding="utf-8")
    db = folder / f"bench-{workers}.db"
    db.unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{db}")
    upgrade(engine)
    source = SourceConfig(kind="urls", options={"path": str(url_file)}, base_dir=folder)
    fetcher = Fetcher(FetchConfig(per_host_delay_s=0.0, allow_private=True), {})
    started = time.perf_counter()
    report = Pipeline(engine, [EVENT], workers=workers).run(CONNECTORS["urls"](source, EVENT, fetcher), "bench")
    elapsed = time.perf_counter() - started
    fetcher.close()
    engine.dispose()
    if report.counts["documents"] != len(served) or report.errors:
        raise RuntimeError(f"{report.counts['documents']} of {len(served)} pages ingested: {report.errors[:3]}")
    return len(served) / elapsed


def measure(style: str, n: int, repeat: int, folder: Path) -> dict[str, Any]:
    """Floor and pipeline rates for one page style over `repeat` rounds.

    Each round runs the floor, the pipeline with 1 and 2 workers and the floor in two processes back
    to back, and each ratio is taken within a round: this machine's speed drifts by a fifth over
    minutes, so a ratio of runs minutes apart would measure the drift. Every other round runs in the
    reverse order, so a drift that slows or speeds up the machine through a round favours one side of
    a ratio in one round and the other side in the next, instead of the same side every time. Figures
    are the median round's; `*_range` gives the lowest and highest round."""
    served = pages(n, style)
    server = _Server(served)
    runs: dict[str, Callable[[], float]] = {
        "floor": lambda: floor_rate(served),
        "1": lambda: pipeline_rate(served, server.base, 1, folder),
        "2": lambda: pipeline_rate(served, server.base, 2, folder),
        "floor2": lambda: floor_rate_2(served),
    }
    rounds: list[dict[str, float]] = []
    try:
        floor_rate(dict(list(served.items())[:20]))  # warm trafilatura's and VADER's lazy set-up
        for number in range(repeat):
            order = list(runs) if number % 2 == 0 else list(reversed(runs))
            rounds.append({name: runs[name]() for name in order})
    finally:
        server.close()
    ratios = {
        "overhead_vs_floor": [r["floor"] / r["1"] for r in rounds],
        "speedup_2_vs_1": [r["2"] / r["1"] for r in rounds],
        "floor_speedup_2_vs_1": [r["floor2"] / r["floor"] for r in rounds],
        "scaling_vs_floor": [(r["2"] / r["1"]) / (r["floor2"] / r["floor"]) for r in rounds],
        "own_ms_per_page": [1000 / r["1"] - 1000 / r["floor"] for r in rounds],
    }
    kb = sum(map(len, served.values())) / len(served) / 1024
    result: dict[str, Any] = {
        "pages": len(served), "page_kb": round(kb, 1), "rounds": len(rounds),
        "floor_pages_per_s": round(statistics.median(r["floor"] for r in rounds), 1),
        "pages_per_s": {w: round(statistics.median(r[w] for r in rounds), 1) for w in ("1", "2")},
    }
    for name, values in ratios.items():
        result[name] = round(statistics.median(values), 2)
        result[f"{name}_range"] = [round(min(values), 2), round(max(values), 2)]
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench ingest", description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=count, default=400)
    parser.add_argument("--style", choices=("site", "bare", "both"), default="both",
                        help="page style; with both, the top-level figures are the site pages' (default both)")
    parser.add_argument("--repeat", type=count, default=7, help="rounds; the median round's figures are kept (7)")
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite",
                        help="sqlite: one in-process run with a pool of workers (default); postgresql: the "
                        "task queue with `presswatch worker` processes (bench.ingest_queue)")
    parser.add_argument("--workers", type=_counts, default=[1, 2], metavar="1,2",
                        help="postgresql: worker processes to compare, the first is the baseline (1,2)")
    parser.add_argument("--sources", type=count, default=8, help="postgresql: URL lists the pages are split into (8)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.backend == "postgresql":
        return _queue_main(args)
    styles = ["site", "bare"] if args.style == "both" else [args.style]
    with tempfile.TemporaryDirectory(prefix="presswatch-bench-") as tmp:
        results = {style: measure(style, args.pages, max(1, args.repeat), Path(tmp)) for style in styles}
    result = {"style": styles[0], **results[styles[0]]}
    if len(styles) > 1:
        result[styles[1]] = results[styles[1]]
    for style, r in results.items():
        print(f"{style}: {r['pages']} pages of {r['page_kb']} KB · floor {r['floor_pages_per_s']} pages/s · "
              f"pipeline 1 worker {r['pages_per_s']['1']} · 2 workers {r['pages_per_s']['2']} · overhead "
              f"{r['overhead_vs_floor']}x · 2 vs 1 {r['speedup_2_vs_1']}x (floor alone {r['floor_speedup_2_vs_1']}x, "
              f"scaling vs floor {r['scaling_vs_floor']}) · "
              f"own cost {r['own_ms_per_page']} ms/page")
    if args.json:
        print(json.dumps(result))
    return 0


def _counts(text: str) -> list[int]:
    """argparse type for `--workers 1,2`: whole numbers of at least 1, the first the baseline."""
    try:
        values = [int(v) for v in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a list of whole numbers such as 1,2") from None
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: every worker count must be at least 1")
    return values


def _queue_main(args: argparse.Namespace) -> int:
    from bench.ingest_queue import measure as measure_queue

    style = "site" if args.style == "both" else args.style
    with tempfile.TemporaryDirectory(prefix="presswatch-bench-") as tmp:
        result = measure_queue(args.pages, args.workers, args.sources, max(1, args.repeat), style, Path(tmp))
    rates = " · ".join(f"{w} workers {r} pages/s" for w, r in result["pages_per_s"].items())
    ratios = " · ".join(f"{k.removeprefix('speedup_').replace('_vs_', ' vs ')} {v}x" for k, v in result.items()
                        if k.startswith("speedup_") and not k.endswith("_range"))
    print(f"postgresql queue: {result['pages']} {style} pages in {result['sources']} sources · {rates} · {ratios} "
          f"(floor alone 2 vs 1 {result['floor_speedup_2_vs_1']}x)")
    if args.json:
        print(json.dumps(result))
    return 0
