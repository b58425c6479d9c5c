"""Score what the pipeline stored against the demo corpus's ground truth (`truth.json`).

`python -m bench groundtruth --database URL --truth data/demo/truth.json --json` prints relevance,
syndication and quote/figure scores; the pipeline tests use `evaluate` with pinned minimums.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import NoResultFound, OperationalError, ProgrammingError
from sqlalchemy.orm import aliased

from db.engine import make_engine
from db.models import Article, ArticleEvent, Event, Figure, Quote
from ingest.stages.dedupe import canonical_url


@dataclass(frozen=True)
class Scores:
    stored: int
    expected: int
    stored_twice: int
    off_topic_stored: int
    relevant_missed: int
    copy_precision: float
    copy_recall: float
    quote_precision: float
    quote_recall: float
    figure_accuracy: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 1.0


def evaluate(engine: Engine, truth_path: Path) -> Scores:
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    articles: dict[str, Any] = truth["articles"]
    alias_of = {v.casefold(): name for name, variants in truth["figures"].items() for v in [name, *variants]}
    original = aliased(Article)
    with engine.connect() as conn:
        eid = conn.execute(select(Event.id).where(Event.slug == truth["event"])).scalar_one()
        stored = conn.execute(
            select(Article.id, Article.canonical_url, original.canonical_url)
            .join(ArticleEvent, ArticleEvent.article_id == Article.id)
            .outerjoin(original, original.id == Article.duplicate_of).where(ArticleEvent.event_id == eid)
        ).all()
        quotes = conn.execute(
            select(Article.canonical_url, Quote.text, Figure.name)
            .join(Quote, Quote.article_id == Article.id).outerjoin(Figure, Figure.id == Quote.figure_id)
            .join(ArticleEvent, ArticleEvent.article_id == Article.id).where(ArticleEvent.event_id == eid)
        ).all()
    by_canon = {canonical_url(u): t for u, t in articles.items() if not t["exact_copy_of"]}
    expected = {c for c, t in by_canon.items() if t["relevant"]}
    urls = Counter(row[1] for row in stored)
    marked = {row[1]: row[2] for row in stored}
    true_copies = {c: canonical_url(t["duplicate_of"]) for c, t in by_canon.items() if t["duplicate_of"]}
    found = {c: o for c, o in marked.items() if o}
    right = sum(1 for c, o in found.items() if true_copies.get(c) == o)
    gold = Counter((canonical_url(u), q["quote"].strip(" ,.;:"), q["speaker"]) for u, t in articles.items()
                   if t["relevant"] and not t["exact_copy_of"] for q in t["quotes"])
    gold_spans = Counter((u, q) for u, q, _ in gold.elements())
    speaker_of = {(u, q): s for u, q, s in gold}
    predicted = Counter((u, text.strip(" ,.;:")) for u, text, _ in quotes)
    matched = sum((gold_spans & predicted).values())
    figure_right = figure_total = 0
    for u, text, figure in quotes:
        key = (u, text.strip(" ,.;:"))
        if key in speaker_of:
            figure_total += 1
            want = speaker_of[key]
            got = alias_of.get(figure.casefold(), figure) if figure else None
            figure_right += int(got == want)
    return Scores(
        stored=len(stored), expected=len(expected), stored_twice=sum(1 for n in urls.values() if n > 1),
        off_topic_stored=sum(1 for c in urls if c in by_canon and not by_canon[c]["relevant"]),
        relevant_missed=len(expected - set(urls)),
        copy_precision=_ratio(right, len(found)), copy_recall=_ratio(right, len(true_copies)),
        quote_precision=_ratio(matched, sum(predicted.values())), quote_recall=_ratio(matched, sum(gold.values())),
        figure_accuracy=_ratio(figure_right, figure_total),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench groundtruth")
    parser.add_argument("--database", default="sqlite:///data/presswatch.db")
    parser.add_argument("--truth", default="data/demo/truth.json", type=Path)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not args.truth.is_file():
        print(f"bench groundtruth: {args.truth}: no such file; `python -m ingest demo` writes it and loads "
              "the demo corpus into the store", file=sys.stderr)
        return 2
    try:
        scores = evaluate(make_engine(args.database), args.truth)
    except (NoResultFound, OperationalError, ProgrammingError) as exc:
        print(f"bench groundtruth: {args.database}: does not hold the demo event ({type(exc).__name__}); "
              "load it with `python -m ingest demo`", file=sys.stderr)
        return 2
    except (ValueError, KeyError) as exc:
        print(f"bench groundtruth: {args.truth}: not a demo truth file ({type(exc).__name__}: {exc})",
              file=sys.stderr)
        return 2
    if not args.json:
        for key, value in scores.as_dict().items():
            print(f"{key:<18} {value}")
    print(json.dumps(scores.as_dict()))
    return 0
