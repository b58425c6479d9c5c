"""Syndication on real wire copies: the store's own grouping, scored pair by pair against hand labels.

    python -m bench syndication [--sets DIR] [--errors] [--json]

The sets are `bench/realnews/syndication/dev.jsonl` and `blind.jsonl` (provenance and labelling rules
in that folder's README): public articles, each either a placement of a wire story (`group`) or an
outlet's own write-up of the same news (`group` null, `near` naming the story it resembles).

Why through the pipeline and not a pairwise call: what an analyst sees is the store's decision, made
one article at a time in arrival order against the originals already stored (LSH bands in SQL, at most
`groups.MAX_CANDIDATES` candidates, copies resolved to their group's original, the earliest article
taking a group over). A pairwise test scores a detector the store never runs. So each split is written
to a JSON-lines file and ingested by `ingest.run.pipeline.Pipeline` (files connector, extraction,
signatures, `BatchWriter`, `GroupPlacer`) into a fresh SQLite store, in publication order; then two
records are "flagged" when the store put them in one group (`COALESCE(duplicate_of, id)`).

Scores per split: pair precision / recall / F1 over every pair of records (a pair is a copy when both
carry the same `group`), `record_recall` (copies that share a group with at least one other placement
of their story), `hard_negative_fp` (flagged pairs where one side is a write-up of the other's story),
and `merged_negatives` (write-ups put in any group). `--errors` lists the mistakes on dev only: the blind
split is never looked at while tuning. Last line with --json: {"dev": {...}, "blind": {...}}.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import logging
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bench import labelled_parser
from db.engine import make_engine, upgrade
from db.models import Article
from ingest.config import EventConfig
from ingest.run.pipeline import Pipeline
from ingest.sources.files import read_path
from ingest.stages.dedupe import content_hash
from ingest.stages.documents import RawDocument
from ingest.stages.extract import extract

HERE = Path(__file__).resolve().parent / "realnews" / "syndication"
SPLITS = ("dev", "blind")
# Every record must be stored for its grouping to be scored: one event whose window is open and whose
# term is in every English article, so relevance never decides what the bench sees.
EVENT = EventConfig(slug="wire", name="Wire copies", start=None, terms=("the",), aliases={})
Row = dict[str, Any]


class SetError(ValueError):
    """A labelled set that cannot be scored (bad JSON, missing field): one line naming file and row."""


def load(path: Path) -> list[Row]:
    """The records of one split, checked: every field the bench needs, unique ids and URLs."""
    rows: list[Row] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SetError(f"{path}:{number}: not JSON ({exc.msg})") from None
        missing = [k for k in ("id", "url", "outlet", "published", "text", "group", "near") if k not in row]
        if missing:
            raise SetError(f"{path}:{number}: missing {', '.join(missing)}")
        try:
            row["published"] is None or dt.date.fromisoformat(row["published"])
        except (TypeError, ValueError):
            raise SetError(f"{path}:{number}: published {row['published']!r} is not YYYY-MM-DD") from None
        rows.append(row)
    for key in ("id", "url"):
        seen = [r[key] for r in rows]
        if len(set(seen)) != len(seen):
            raise SetError(f"{path}: {key} repeated: {sorted({v for v in seen if seen.count(v) > 1})[0]}")
    return rows


def store_groups(rows: Sequence[Row], workdir: Path) -> dict[str, int]:
    """Ingest `rows` into a new SQLite store with the pipeline; record id → its stored group's original."""
    ordered = sorted(rows, key=lambda r: (_day(r, rows), r["id"]))
    feed = workdir / "articles.jsonl"
    # distinct hours keep publication order (and so who is the original) fixed within a day
    items = [{"url": r["url"], "source": r["outlet"], "title": r.get("title") or r["id"], "text": r["text"],
              "published_at": f"{_day(r, rows)}T{(n % 24):02d}:{(n // 24) % 60:02d}:00Z", "language": "en"}
             for n, r in enumerate(ordered)]
    feed.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
    engine = make_engine(f"sqlite:///{workdir / 'store.db'}")
    try:
        upgrade(engine)
        report = Pipeline(engine, [EVENT], in_process=True).run(read_path(feed), "files")
        if report.errors:
            raise SetError(f"{feed}: {report.errors[0]}")
        with engine.connect() as conn:
            stored = {url: (root, digest) for url, root, digest in conn.execute(
                select(Article.url, func.coalesce(Article.duplicate_of, Article.id), Article.content_hash))}
    finally:
        engine.dispose()
    # an exact copy under a second URL is not stored (content hash): it is in the group of its twin
    by_hash = {digest: root for root, digest in stored.values()}
    root: dict[str, int] = {}
    for item, row in zip(items, ordered, strict=True):
        if item["url"] in stored:
            root[row["id"]] = stored[item["url"]][0]
            continue
        doc = extract(RawDocument(url=item["url"], origin=str(feed), source=item["source"], title=item["title"],
                                  text=item["text"], published_at=dt.datetime.fromisoformat(item["published_at"])))
        twin = by_hash.get(content_hash(doc.text))
        if twin is None:
            raise SetError(f"{feed}: {row['id']} ({row['url']}) was not stored")
        root[row["id"]] = twin
    return root


def _day(row: Row, rows: Sequence[Row]) -> str:
    """The record's publication day; an undated one (the page printed no date) takes the first day of
    its story, so it arrives beside the placements it should meet rather than all at the start."""
    if row["published"]:
        return str(row["published"])
    story = row["group"] or row["near"]
    days = [str(r["published"]) for r in rows if r["published"] and story in (r["group"], r["near"])]
    return min(days, default="2000-01-01")


def score(rows: Sequence[Row], root: dict[str, int]) -> dict[str, Any]:
    """Pair precision / recall of the store's groups against the labels (see the module doc)."""
    tp = fp = fn = near_fp = 0
    found: set[str] = set()
    errors: list[str] = []
    for a, b in itertools.combinations(rows, 2):
        copy = a["group"] is not None and a["group"] == b["group"]
        flagged = root[a["id"]] == root[b["id"]]
        tp += flagged and copy
        fp += flagged and not copy
        fn += copy and not flagged
        near_fp += flagged and not copy and _same_story(a, b)
        if flagged and copy:
            found.update((a["id"], b["id"]))
        if flagged != copy:
            errors.append(f"{'FALSE COPY' if flagged else 'MISSED'} {a['id']} ({a['outlet']}) ~ {b['id']} "
                          f"({b['outlet']}) group {a['group'] or b['group'] or a['near']}")
    copies = [r for r in rows if r["group"] is not None]
    sizes = Counter(root[r["id"]] for r in rows)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {
        "records": len(rows), "groups": len({c["group"] for c in copies}), "copies": len(copies),
        "negatives": len(rows) - len(copies), "tp": tp, "fp": fp, "fn": fn,
        "p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
        "copies_found": len(found & {c["id"] for c in copies}),
        "record_recall": round(len(found) / len(copies), 4) if copies else None,
        "hard_negative_fp": near_fp,
        "merged_negatives": sum(1 for r in rows if r["group"] is None and sizes[root[r["id"]]] > 1),
        "errors": errors,
    }


def _same_story(a: Row, b: Row) -> bool:
    """A write-up beside a placement of the story it resembles, or two write-ups of one story."""
    return ((a["near"] is not None and a["near"] in (b["group"], b["near"]))
            or (b["near"] is not None and b["near"] == a["group"]))


def evaluate(folder: Path = HERE) -> dict[str, Any]:
    """Both splits' scores; each split is ingested into its own fresh store, so they cannot interact."""
    result: dict[str, Any] = {}
    for name in SPLITS:
        rows = load(folder / f"{name}.jsonl")
        started = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix=f"syndication-{name}-") as tmp:
            root = store_groups(rows, Path(tmp))
        result[name] = {**score(rows, root), "ingest_s": round(time.perf_counter() - started, 2)}
    return result


def main(argv: list[str] | None = None) -> int:
    parser = labelled_parser("python -m bench syndication", __doc__, HERE, "folder holding dev.jsonl and blind.jsonl")
    args = parser.parse_args(argv)
    logging.getLogger("ingest").setLevel(logging.WARNING)
    for name in SPLITS:
        if not (args.sets / f"{name}.jsonl").is_file():
            print(f"{args.sets / f'{name}.jsonl'}: no such file", file=sys.stderr)
            return 2
    try:
        result = evaluate(args.sets)
    except (SetError, OSError) as exc:
        print(str(exc).splitlines()[0], file=sys.stderr)
        return 2
    for name in SPLITS:
        s = result[name]
        print(f"{name:5} {s['records']} records ({s['groups']} wire stories, {s['copies']} placements, "
              f"{s['negatives']} own write-ups): pair P {s['p']:.3f} R {s['r']:.3f} F1 {s['f1']:.3f} "
              f"(tp {s['tp']} fp {s['fp']} fn {s['fn']}) | {s['copies_found']} of {s['copies']} placements "
              f"grouped with their story (record recall {s['record_recall']}) | {s['hard_negative_fp']} "
              f"hard-negative pairs flagged, {s['merged_negatives']} write-ups merged | {s['ingest_s']} s")
    if args.errors:
        print("\n".join(result["dev"]["errors"]))
    for name in SPLITS:
        result[name].pop("errors")
    if args.json:
        print(json.dumps(result, sort_keys=True))
    return 0
