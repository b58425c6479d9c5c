"""`python -m bench queries --articles N --backend sqlite|postgresql --json`

Loads N synthetic articles (bulk inserts, not the pipeline: this measures reads) into a fresh
database, rebuilds the rollups, then times the dashboard's reads. `raw_vs_rollup` compares each time
series read from the rollups with the same answer aggregated from raw rows (a language filter, which no
rollup is keyed by), measured in the same run; `daily_zone` and `hourly_utc` are views in another time
zone and by the hour, summed from the event's quarter hours;
and `search_rare_vs_like` the full-text search with the LIKE scan it replaced. Article texts are drawn
from a Zipf vocabulary, so searches range from a word in 0.2% of the articles to one in nearly all.
`batch_vs_rebuild` is what an ingest batch of 100 articles pays to add itself to the rollups, as a share of
recomputing the whole event: it must not grow with the store, or every batch slows with the store.
`dismiss_vs_rebuild` is the same for dismissing 100 articles (their links' contributions taken off,
`rollups.remove_links`), and `takeover_vs_rebuild` for 100 syndication take-overs (stored originals
that became copies leave the originals of their cells, `rollups.demote`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, func, insert, or_, select, text

from bench import count
from db import rollups
from db.engine import make_engine, upgrade
from db.filters import Filters
from db.models import Article, ArticleEvent, Event, Figure, Quote, Source
from db.reads import _tables as reads_tables
from db.reads import compare as reads_compare
from db.reads import figures as reads_figures
from db.reads import overview as reads_overview

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
DAYS, SOURCES, FIGURES = 60, 80, 200
VOCABULARY = [f"w{i}" for i in range(5_000)]  # word w_k is the k-th most frequent (Zipf, as in real text)
CUMULATIVE = list(itertools.accumulate(1 / (k + 1) for k in range(len(VOCABULARY))))
WORDS_PER_TEXT = 60
COUNTRIES = ("US", "GB", "FR", "IR", "IQ")  # by source number, not drawn: the texts stay those of earlier runs
RARE_WORD, MID_WORD = "w4000", "w99"  # in about 0.2% and 7% of the articles; w0 is in nearly all


def _words(rng: random.Random, k: int) -> str:
    return " ".join(rng.choices(VOCABULARY, cum_weights=CUMULATIVE, k=k))


def _load(engine: Engine, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    start = dt.datetime(2020, 1, 3, tzinfo=dt.UTC)
    with engine.begin() as conn:
        conn.execute(insert(Event).values(id=1, slug="bench", name="Bench event", start=start.date(), terms=["x"]))
        conn.execute(insert(Event).values(id=2, slug="second", name="A second event in the same store",
                                          start=start.date(), terms=["y"]))
        conn.execute(insert(Source), [{"id": i + 1, "domain": f"s{i}.example", "name": f"S{i}",
                                       "language": rng.choice(["en", "en", "fr", "ar"]),
                                       "country": COUNTRIES[i % len(COUNTRIES)]} for i in range(SOURCES)])
        conn.execute(insert(Figure), [{"id": i + 1, "name": f"Figure {i}"} for i in range(FIGURES)])
    quote_id = 0
    for lo in range(0, n, 5_000):
        arts, links, quotes = [], [], []
        for i in range(lo, min(n, lo + 5_000)):
            when = start + dt.timedelta(hours=min(DAYS * 24 - 1, int(rng.expovariate(1 / 150))),
                                        minutes=rng.randrange(60))
            arts.append({"id": i + 1, "canonical_url": f"https://s.example/{i}", "url": f"https://s.example/{i}",
                         "source_id": rng.randrange(SOURCES) + 1, "title": f"Article {i} {_words(rng, 6)}",
                         "published_at": when, "fetched_at": when, "language": "en",
                         "text": _words(rng, WORDS_PER_TEXT),
                         "content_hash": uuid.UUID(int=rng.getrandbits(128)).hex,
                         "duplicate_of": (rng.randrange(i) + 1) if i > 10 and rng.random() < 0.25 else None,
                         "tone": rng.uniform(-0.6, 0.3), "sentence_count": 10})
            links.append({"article_id": i + 1, "event_id": 1, "relevance": 3.0})
            if i % 3 == 0:  # a third of the articles also belong to the second event
                links.append({"article_id": i + 1, "event_id": 2, "relevance": 2.0})
            for _ in range(rng.choice([0, 0, 1, 2, 3])):
                quote_id += 1
                quotes.append({"id": quote_id, "article_id": i + 1, "start": quote_id % 1000, "end": 100,
                               "text": "A quote", "key": "a quote",
                               "figure_id": int(rng.paretovariate(1.2)) % FIGURES + 1,
                               "tone": rng.uniform(-1, 1), "speaker_raw": "X"})
        with engine.begin() as conn:
            conn.execute(insert(Article), arts)
            conn.execute(insert(ArticleEvent), links)
            if quotes:
                conn.execute(insert(Quote), quotes)
    with engine.begin() as conn:
        rollups.rebuild(conn, 1)
        rollups.rebuild(conn, 2)
    if engine.dialect.name == "postgresql":  # what autovacuum would have done by the time anyone reads
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))


def _like_page(engine: Engine, word: str) -> Any:
    """The search the explorer ran before the full-text index: LIKE over every title and text, newest
    first; the baseline the index is measured against."""
    pattern = f"%{word}%"
    matches = or_(func.lower(Article.title).like(pattern), func.lower(Article.text).like(pattern))
    stmt = (select(Article.id).where(matches).order_by(Article.published_at.desc(), Article.id.desc()).limit(50))
    with engine.connect() as conn:
        return conn.execute(stmt).all()


def _deep_cursor(engine: Engine, f: Filters, what: str, pages: int = 200, **kw: Any) -> Any:
    """Where page `pages` of the table starts (page 200 at 50 rows: the 10,000th row), walked once."""
    cursor = None
    for _ in range(pages):
        _, cursor = reads_tables.page(engine, what, f, 50, cursor, **kw)
    return cursor


def _rolled_back(engine: Engine, write: Callable[[Connection], Any]) -> None:
    """Run a rollup write and undo it, so every timed pass starts from the same store."""
    with engine.connect() as conn:
        transaction = conn.begin()
        write(conn)
        transaction.rollback()


def _time(fn: Callable[[], Any], repeat: int) -> dict[str, float]:
    fn()  # warm caches and plans
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return {"p50_ms": round(statistics.median(samples), 2),
            "p95_ms": round(samples[min(len(samples) - 1, int(0.95 * len(samples)))], 2)}


def _database(backend: str) -> tuple[str, Callable[[], None]]:
    if backend == "sqlite":
        folder = tempfile.mkdtemp(prefix="presswatch-bench-")
        return f"sqlite:///{Path(folder) / 'bench.db'}", lambda: None
    name = f"presswatch_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    return PG_ADMIN.rsplit("/", 1)[0] + "/" + name, drop


def _measure(backend: str, n: int, repeat: int) -> dict[str, Any]:
    """Load a fresh store of `n` articles on `backend`, time every read and write, drop the store."""
    url, cleanup = _database(backend)
    try:
        engine = make_engine(url)
        upgrade(engine)
        t0 = time.perf_counter()
        _load(engine, n)
        load_s = time.perf_counter() - t0
        f, second = Filters(event="bench"), Filters(event="second")
        pair = [reads_compare.Subject("bench"), reads_compare.Subject("second")]
        week = f.with_(sources=("s3.example",), date_from=dt.date(2020, 1, 10), date_to=dt.date(2020, 1, 16))
        deep_articles, deep_quotes = _deep_cursor(engine, f, "articles"), _deep_cursor(engine, f, "quotes")
        deep_search = _deep_cursor(engine, f, "articles", 20, search=MID_WORD)
        deep_second = _deep_cursor(engine, second, "articles", 50)
        reads: dict[str, Callable[[], Any]] = {
            "kpis": lambda: reads_overview.kpis(engine, f),
            "daily_rollup": lambda: reads_overview.series(engine, f, "day"),
            "daily_raw": lambda: reads_overview.series(engine, f.with_(tz="Europe/Paris", lang="en"), "day"),
            "daily_zone": lambda: reads_overview.series(engine, f.with_(tz="Asia/Tehran"), "day"),
            "hourly_utc": lambda: reads_overview.series(engine, f.with_(gran="hour")),
            "top_figures_rollup": lambda: reads_figures.top_figures(engine, f),
            "top_figures_raw": lambda: reads_figures.top_figures(engine, f.with_(lang="en")),
            "sources": lambda: reads_tables.sources(engine, f),
            "articles_page": lambda: reads_tables.page(engine, "articles", f, limit=50),
            "articles_page_deep": lambda: reads_tables.page(engine, "articles", f, 50, deep_articles),
            "articles_total": lambda: reads_tables.total(engine, "articles", f),
            "quotes_page": lambda: reads_tables.page(engine, "quotes", f, limit=50),
            "quotes_page_deep": lambda: reads_tables.page(engine, "quotes", f, 50, deep_quotes),
            "one_source_week": lambda: reads_tables.page(engine, "articles", week, limit=50),
            "one_source_week_total": lambda: reads_tables.total(engine, "articles", week),
            "search_like_rare": lambda: _like_page(engine, RARE_WORD),
            "search_rare": lambda: reads_tables.page(engine, "articles", f, 50, search=RARE_WORD),
            "search_mid": lambda: reads_tables.page(engine, "articles", f, 50, search=MID_WORD),
            "search_common": lambda: reads_tables.page(engine, "articles", f, 50, search="w0"),
            "search_phrase": lambda: reads_tables.page(engine, "articles", f, 50, search='"w1 w2"'),
            "search_prefix": lambda: reads_tables.page(engine, "articles", f, 50, search="w12*"),
            "search_boolean": lambda: reads_tables.page(engine, "articles", f, 50, search=f"({MID_WORD} OR w98) -w3"),
            "search_best": lambda: reads_tables.page(engine, "articles", f, 50, search=MID_WORD, order="best"),
            "search_page_deep": lambda: reads_tables.page(engine, "articles", f, 50, deep_search, search=MID_WORD),
            "search_total": lambda: reads_tables.total(engine, "articles", f, search=MID_WORD),
            "search_near": lambda: reads_tables.page(engine, "articles", f, 50, search=f"{MID_WORD} NEAR/5 w1"),
            "search_near_rare": lambda: reads_tables.page(engine, "articles", f, 50, search=f"{RARE_WORD} NEAR/5 w0"),
            "search_title": lambda: reads_tables.page(engine, "articles", f, 50, search=f"title:{MID_WORD}"),
            "search_field_source": lambda: reads_tables.page(engine, "articles", f, 50,
                                                             search=f"{MID_WORD} source:s3.example"),
            "search_field_country_or": lambda: reads_tables.page(engine, "articles", f, 50,
                                                                 search=f"title:{MID_WORD} OR country:IR"),
            "search_field_speaker": lambda: reads_tables.page(engine, "articles", f, 50,
                                                              search=f'{MID_WORD} -speaker:"Figure 42"'),
            "search_field_speaker_common": lambda: reads_tables.page(engine, "articles", f, 50,
                                                                     search='speaker:"Figure 1" w0'),
            "search_fields_only": lambda: reads_tables.page(engine, "articles", f, 50,
                                                            search='speaker:"Figure 42" country:FR'),
            "search_field_total": lambda: reads_tables.total(engine, "articles", f,
                                                             search=f"{MID_WORD} source:s3.example"),
            "quotes_search_speaker": lambda: reads_tables.page(engine, "quotes", f, 50, search='speaker:"Figure 42"'),
            "compare_series": lambda: reads_compare.series(engine, f, pair),
            "compare_figures": lambda: reads_compare.figures(engine, f, pair),
            "second_event_kpis": lambda: reads_overview.kpis(engine, second),
            "second_event_page": lambda: reads_tables.page(engine, "articles", second, limit=50),
            "second_event_page_deep": lambda: reads_tables.page(engine, "articles", second, 50, deep_second),
        }
        timings = {name: _time(fn, repeat) for name, fn in reads.items()}
        batch = [(aid, 1) for aid in random.Random(5).sample(range(1, n + 1), min(100, n))]
        with engine.connect() as conn:  # stored originals, as the take-overs of a batch find them
            first = conn.execute(select(Article.id).where(Article.duplicate_of.is_(None)).limit(20_000)).scalars()
            demoted = random.Random(6).sample(list(first), min(100, n))
        writes: dict[str, Callable[[], Any]] = {
            "batch_100_articles": lambda: _rolled_back(engine, lambda conn: rollups.add_links(conn, batch)),
            "dismiss_100_links": lambda: _rolled_back(engine, lambda conn: rollups.remove_links(conn, batch)),
            "takeover_100_originals": lambda: _rolled_back(engine, lambda conn: rollups.demote(conn, demoted)),
            "rebuild_event": lambda: _rolled_back(engine, lambda conn: rollups.rebuild(conn, 1)),
        }
        timings.update({name: _time(fn, max(3, repeat // 3)) for name, fn in writes.items()})
        engine.dispose()
    finally:
        cleanup()
    speedup = {
        "search_rare_vs_like": round(timings["search_like_rare"]["p50_ms"]
                                     / max(timings["search_rare"]["p50_ms"], 1e-3), 1),
        "daily": round(timings["daily_raw"]["p50_ms"] / max(timings["daily_rollup"]["p50_ms"], 1e-3), 1),
        "top_figures": round(timings["top_figures_raw"]["p50_ms"]
                             / max(timings["top_figures_rollup"]["p50_ms"], 1e-3), 1),
    }
    rebuild_ms = max(timings["rebuild_event"]["p50_ms"], 1e-3)
    return {"articles": n, "backend": backend, "load_s": round(load_s, 1), "queries": timings,
            "raw_vs_rollup": speedup,
            "dismiss_vs_rebuild": round(timings["dismiss_100_links"]["p50_ms"] / rebuild_ms, 4),
            "takeover_vs_rebuild": round(timings["takeover_100_originals"]["p50_ms"] / rebuild_ms, 4),
            "batch_vs_rebuild": round(timings["batch_100_articles"]["p50_ms"] / rebuild_ms, 4)}


def _sizes(text: str) -> list[int]:
    """--articles 100000,1000000: one store per size, smallest first."""
    return sorted(count(part) for part in text.split(","))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench queries")
    parser.add_argument("--articles", type=_sizes, default=[50_000], metavar="N[,N…]",
                        help="store size; several sizes give one store each and how every query grows")
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--repeat", type=count, default=15)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    runs = [_measure(args.backend, n, args.repeat) for n in args.articles]
    result = runs[0] if len(runs) == 1 else {"backend": args.backend, "runs": runs, "growth_p95": _growth(runs)}
    if not args.json:
        _report(runs, result)
    print(json.dumps(result))
    return 0


def _growth(runs: list[dict[str, Any]]) -> dict[str, float]:
    """How each query's p95 grew from the smallest store to the largest (the goal: at most 2x)."""
    first, last = runs[0]["queries"], runs[-1]["queries"]
    return {name: round(last[name]["p95_ms"] / max(first[name]["p95_ms"], 1e-3), 2) for name in first}


def _report(runs: list[dict[str, Any]], result: dict[str, Any]) -> None:
    sizes = [r["articles"] for r in runs]
    print(f"{'query':<24}" + "".join(f"{f'p95 @ {n:,}':>18}" for n in sizes)
          + ("   growth" if len(runs) > 1 else ""))
    for name in runs[0]["queries"]:
        cells = "".join(f"{r['queries'][name]['p95_ms']:>15} ms" for r in runs)
        grown = f"   {result['growth_p95'][name]}x" if len(runs) > 1 else ""
        print(f"{name:<24}{cells}{grown}")
    for r in runs:
        print(f"{r['articles']:,} articles: speed-up against the same answer without rollups / without the search "
              f"index {r['raw_vs_rollup']}; an ingest batch of 100 articles adds itself to the rollups for "
              f"{r['batch_vs_rebuild']} of a rebuild of the event, 100 take-overs {r['takeover_vs_rebuild']}, "
              f"dismissing 100 articles {r['dismiss_vs_rebuild']}")
