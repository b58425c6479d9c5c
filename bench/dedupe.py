"""Near-duplicate matching benchmark: band lookups in SQLite vs a brute-force similarity scan.

    python -m bench dedupe                       # 200,000 stored articles, in memory (~1.5 min, ~1 GB)
    python -m bench dedupe --stored 1000000 --db /tmp/bands.db   # the 1M target (~8 min, ~4 GB disk)

Builds N synthetic articles — Zipf-distributed words, a pool of stock sentences whose popularity is
itself Zipfian (the most common one is in ~15% of all articles), 30% of articles being edited copies of
another — signs them with `ingest.stages.neardup` in worker processes, and stores their bands in a table with
the same primary key as the store's `article_bands` (bucket, band, article_id), next to an `articles`
table holding the signatures. Then it times matching new articles (half are edited copies of stored
ones, half new stories using the same stock sentences): `bands()` + the store's own candidate query
(`ingest.store.groups.candidates_sql`) + `best_match()`
over the returned signatures, i.e. everything after the new article's `signature()` (timed separately).
`match_ms` is each article's first run; the best of `--repeat` runs is reported beside it.

The baseline, measured in the same run, scans a sample of stored signatures with the same decision
(`best_match` over every one) and is extrapolated linearly to N; a numpy-vectorised Jaccard scan over the
same sample (signatures already in RAM, no decision) is reported too, as the strongest brute force.

Last line: {"stored", "match_ms": {"p50", "p95"}, "candidates_mean", "baseline_ms", "speedup", …}.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import math
import os
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from bench import count
from ingest.stages import neardup
from ingest.store.groups import candidates_sql

CHUNK = 2_000
COPY_SHARE = 0.3
REPEAT = 3
SCHEMA = """
CREATE TABLE articles (id INTEGER PRIMARY KEY, minhash BLOB NOT NULL, duplicate_of INTEGER, published_at TEXT);
CREATE TABLE article_bands (
    bucket BIGINT NOT NULL, band INTEGER NOT NULL, article_id INTEGER NOT NULL,
    PRIMARY KEY (bucket, band, article_id)
);
"""


class Words:
    """A deterministic synthetic language: Zipf-distributed words and Zipf-popular stock sentences."""

    def __init__(self, seed: int, vocabulary: int = 20_000, stock: int = 400) -> None:
        rng = random.Random(seed)
        syllables = [a + b for a in "bcdfghklmnprstvz" for b in "aeiou"]
        self.words = [
            "".join(rng.choices(syllables, k=rng.randint(1, 4))) + str(i % 7) for i in range(vocabulary)
        ]
        self.word_cum = list(itertools.accumulate(1 / (i + 1) for i in range(vocabulary)))
        self.stock = [self.sentence(rng) for _ in range(stock)]
        self.stock_cum = list(itertools.accumulate(1 / (i + 1) ** 0.8 for i in range(stock)))

    def sentence(self, rng: random.Random) -> str:
        return " ".join(rng.choices(self.words, cum_weights=self.word_cum, k=rng.randint(10, 25))) + "."

    def story(self, rng: random.Random) -> list[str]:
        """5–10 paragraphs of 2–4 sentences, with 0–4 stock sentences placed at random."""
        sizes = [rng.randint(2, 4) for _ in range(rng.randint(5, 10))]
        paragraphs = [[self.sentence(rng) for _ in range(size)] for size in sizes]
        for _ in range(min(4, int(rng.expovariate(0.5)))):
            stock = self.stock[bisect.bisect(self.stock_cum, rng.random() * self.stock_cum[-1])]
            rng.choice(paragraphs).insert(0, stock)
        return [" ".join(p) for p in paragraphs]

    def copy(self, rng: random.Random, paragraphs: list[str]) -> list[str]:
        """An outlet's edit: local intro, last 1–3 paragraphs cut, a few words dropped (each 60–70%)."""
        out = list(paragraphs)
        if rng.random() < 0.7:
            out = out[: len(out) - rng.randint(1, 3)]
        if rng.random() < 0.6:
            words = " ".join(out).split(" ")
            for _ in range(rng.randint(2, 6)):
                words.pop(rng.randrange(len(words)))
            out = [" ".join(words)]
        if rng.random() < 0.6:
            out.insert(0, self.sentence(rng))
        return out


def chunk_texts(seed: int, chunk: int) -> Iterator[tuple[int | None, str]]:
    """(index of the original in the chunk or None, text) for one chunk of the stored corpus.

    Originals come first; copies follow, each of an original of the same chunk.
    """
    words = Words(seed)
    rng = random.Random(seed * 1_000_003 + chunk)
    originals = [words.story(rng) for _ in range(round(CHUNK * (1 - COPY_SHARE)))]
    for story in originals:
        yield None, "\n\n".join(story)
    for _ in range(CHUNK - len(originals)):
        index = rng.randrange(len(originals))
        yield index, "\n\n".join(words.copy(rng, originals[index]))


def sign_chunk(seed: int, chunk: int) -> tuple[list[bytes], np.ndarray, list[int | None]]:
    """Signatures, band buckets (rows × BANDS) and stored id of each one's original (runs in a worker)."""
    sigs, duplicate_of = [], []
    for original, text in chunk_texts(seed, chunk):
        sigs.append(neardup.signature(text))
        duplicate_of.append(None if original is None else chunk * CHUNK + original + 1)
    buckets = np.array([[bucket for _, bucket in neardup.bands(s)] for s in sigs], dtype=np.int64)
    return sigs, buckets, duplicate_of


def build(db: sqlite3.Connection, stored: int, seed: int, workers: int, originals_only: bool) -> None:
    """Sign `stored` articles in worker processes and load articles + bands, sorted by the primary key."""
    db.executescript(SCHEMA)
    chunks = math.ceil(stored / CHUNK)
    ids, bucket_parts = [], []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = pool.map(sign_chunk, itertools.repeat(seed, chunks), range(chunks))
        for chunk, (sigs, buckets, duplicate_of) in enumerate(results):
            first = chunk * CHUNK + 1
            keep = min(CHUNK, stored - chunk * CHUNK)
            chunk_ids = np.arange(first, first + keep)
            rows = zip(chunk_ids.tolist(), sigs[:keep], duplicate_of[:keep], strict=True)
            db.executemany("INSERT INTO articles VALUES (?, ?, ?, NULL)", rows)
            mask = np.array([d is None or not originals_only for d in duplicate_of[:keep]])
            ids.append(chunk_ids[mask])
            bucket_parts.append(buckets[:keep][mask])
    article = np.repeat(np.concatenate(ids), neardup.BANDS)
    bucket = np.concatenate(bucket_parts).reshape(-1)
    band = np.tile(np.arange(neardup.BANDS), len(bucket) // neardup.BANDS)
    order = np.lexsort((article, band, bucket))
    for start in range(0, len(order), 1_000_000):
        part = order[start : start + 1_000_000]
        db.executemany(
            "INSERT INTO article_bands VALUES (?, ?, ?)",
            zip(bucket[part].tolist(), band[part].tolist(), article[part].tolist(), strict=True),
        )
    db.commit()


def queries(seed: int, count: int) -> list[tuple[int | None, str]]:
    """New articles: (stored id of the original, text) for copies, (None, text) for new stories."""
    words = Words(seed)
    rng = random.Random(seed + 99)
    stored = list(chunk_texts(seed, 0))
    out: list[tuple[int | None, str]] = []
    for i in range(count):
        if i % 2 == 0:
            index = rng.randrange(round(CHUNK * (1 - COPY_SHARE)))
            out.append((index + 1, "\n\n".join(words.copy(rng, stored[index][1].split("\n\n")))))
        else:
            out.append((None, "\n\n".join(words.story(rng))))
    return out


def match(db: sqlite3.Connection, sql: str, sig: bytes) -> tuple[int | None, int]:
    """The pipeline's matching step: (matched stored id or None, candidates compared)."""
    params = [value for band, bucket in neardup.bands(sig) for value in (bucket, band)]
    if not params:
        return None, 0
    rows = db.execute(sql, params).fetchall()  # (candidate, its original, signature, hits, published)
    found = neardup.best_match(sig, ((row[1], row[2]) for row in rows))
    return (None if found is None else found[0]), len(rows)


def count_candidates(db: sqlite3.Connection, sig: bytes) -> int:
    """Distinct stored articles sharing at least one band (before the LIMIT), for the report."""
    params = [value for pair in neardup.bands(sig) for value in pair]
    values = ", ".join(["(?, ?)"] * (len(params) // 2))
    sql = (f"WITH q(band, bucket) AS (VALUES {values}) SELECT COUNT(DISTINCT b.article_id) FROM q "
           "JOIN article_bands b ON b.band = q.band AND b.bucket = q.bucket")
    return int(db.execute(sql, params).fetchone()[0]) if params else 0


def baseline(db: sqlite3.Connection, stored: int, sample: int, probes: list[bytes]) -> tuple[float, float]:
    """(best_match scan, numpy Jaccard scan) ms per new article, extrapolated from `sample` to `stored`."""
    rows = db.execute("SELECT id, minhash FROM articles ORDER BY id LIMIT ?", (sample,)).fetchall()
    matrix = np.frombuffer(b"".join(r[1][8:] for r in rows), dtype="<u4").reshape(len(rows), -1)
    scale = stored / len(rows)
    loop, vector = [], []
    for sig in probes:
        start = time.perf_counter()
        neardup.best_match(sig, rows)
        loop.append(time.perf_counter() - start)
        query = np.frombuffer(sig, dtype="<u4", offset=8)
        start = time.perf_counter()
        np.count_nonzero(matrix == query, axis=1).argmax()
        vector.append(time.perf_counter() - start)
    return statistics.median(loop) * 1e3 * scale, statistics.median(vector) * 1e3 * scale


def _percentiles(values: list[float]) -> dict[str, float]:
    return {f"p{q}": round(float(np.percentile(values, q)), 3) for q in (50, 95)}


def timed_matches(
    db: sqlite3.Connection, new: list[tuple[int | None, str]], sigs: list[bytes], repeat: int
) -> tuple[dict[str, float], dict[str, object]]:
    """Match every new article `repeat` times: (first-run percentiles, the rest of the report).

    The first run is what the pipeline sees (this article's buckets not yet in SQLite's page cache). The
    fastest of the runs is reported too, as the cost of the work without noise: on a shared machine a
    single run can include a scheduler tick (~4 ms) that has nothing to do with the query.
    """
    sql = candidates_sql(neardup.BANDS, "?")
    first, best, compared, right, wrong = [], [], [], 0, 0
    for (original, _), sig in zip(new, sigs, strict=True):
        runs = []
        for _ in range(repeat):
            start = time.perf_counter()
            found, seen = match(db, sql, sig)
            runs.append((time.perf_counter() - start) * 1e3)
        first.append(runs[0])
        best.append(min(runs))
        compared.append(seen)
        right += original is not None and found == original
        wrong += found is not None and found != original
    copies = sum(original is not None for original, _ in new)
    return _percentiles(first), {
        f"match_ms_best_of_{repeat}": _percentiles(best),
        "compared_mean": round(statistics.fmean(compared), 2),
        "copies_found": round(right / copies, 4),
        "false_matches": wrong,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench dedupe", description="Near-duplicate matching: band lookups vs brute force."
    )
    parser.add_argument("--stored", type=count, default=200_000, help="stored articles (default 200000)")
    parser.add_argument("--queries", type=count, default=400, help="new articles to match (default 400)")
    parser.add_argument("--repeat", type=count, default=REPEAT, help="runs per article; first and best kept")
    parser.add_argument("--sample", type=count, default=20_000, help="baseline scan sample (default 20000)")
    parser.add_argument("--db", default=":memory:", help="new SQLite file for the tables (default in memory)")
    parser.add_argument("--workers", type=count, default=os.cpu_count() or 1, help="signing processes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--originals-only", action="store_true",
                        help="store bands of originals only, as the pipeline should (default: every article)")
    parser.add_argument("--json", action="store_true", help="accepted for symmetry; JSON is always printed")
    args = parser.parse_args(argv)
    if args.stored < CHUNK or args.queries < 2 or args.repeat < 1:
        parser.error(f"--stored must be >= {CHUNK}, --queries >= 2, --repeat >= 1")
    if args.db != ":memory:" and Path(args.db).exists():
        parser.error(f"{args.db} exists; give a new file")

    db = sqlite3.connect(args.db)
    db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;")
    start = time.perf_counter()
    build(db, args.stored, args.seed, args.workers, args.originals_only)
    build_s = time.perf_counter() - start
    db.execute("ANALYZE")
    band_rows = db.execute("SELECT COUNT(*) FROM article_bands").fetchone()[0]

    new = queries(args.seed, args.queries)
    sign_times, sigs = [], []
    for _, text in new:
        start = time.perf_counter()
        sigs.append(neardup.signature(text))
        sign_times.append(time.perf_counter() - start)
    match_ms, matched = timed_matches(db, new, sigs, args.repeat)
    candidates = [count_candidates(db, sig) for sig in sigs]
    sample = min(args.sample, args.stored)
    loop_ms, numpy_ms = baseline(db, args.stored, sample, sigs[:20])
    p50 = match_ms["p50"]
    result = {
        "stored": args.stored,
        "band_rows": band_rows,
        "bands_for": "originals" if args.originals_only else "all",
        "match_ms": match_ms,
        "candidates_mean": round(statistics.fmean(candidates), 2),
        "candidates_p95": round(float(np.percentile(candidates, 95)), 1),
        **matched,
        "signature_us": round(statistics.median(sign_times) * 1e6, 1),
        "baseline_ms": round(loop_ms, 2),
        "baseline_numpy_ms": round(numpy_ms, 2),
        "baseline_sample": sample,
        "speedup": round(loop_ms / p50, 1),
        "speedup_vs_numpy": round(numpy_ms / p50, 1),
        "build_s": round(build_s, 1),
    }
    print(
        f"{args.stored} stored, {band_rows} band rows: match p50 {p50} ms p95 {match_ms['p95']} ms, "
        f"brute force {loop_ms:.0f} ms ({result['speedup']}x), numpy scan {numpy_ms:.1f} ms",
        file=sys.stderr,
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
