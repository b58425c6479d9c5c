"""Accuracy on real, public news, labelled by hand: quotes and speakers, event membership, syndication.

    python -m bench realnews [--sets DIR] [--errors] [--json]

Every `*.jsonl` under `labelled/` is one event's articles (format and rules
in LABELLING.md). Quotes are scored with the quotes benchmark's own `score.py`; membership runs the
ingest relevance stage with the events of `events.toml` (terms, window, threshold) over every record
and compares with the hand label `on_event`; syndication compares `sharedparts.is_copy` (the signature
test, then the shared-part test) over every pair of `syndication/dev.jsonl` with its copy groups (the
store's own grouping, dev and blind, is `python -m bench syndication`).

Each record is **blind** when sha1(url) mod 3 == 0 and **dev** otherwise; scores are printed for both,
and `--errors` lists the mistakes on dev records only, so the blind score stays a fair estimate of text
never looked at. Last line with --json: {"dev": {...}, "blind": {...}, "syndication": {...}}.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

from bench import labelled_parser
from bench.quotes import load_scorer, predict, shared_dir
from ingest.config import EventConfig, load_settings
from ingest.stages import neardup, sharedparts
from ingest.stages.enrich import relevance

HERE = Path(__file__).resolve().parent
SETS = HERE / "labelled"
SYNDICATION_SET = HERE / "syndication" / "dev.jsonl"  # the blind half is scored by `bench syndication` only
EVENTS = HERE / "events.toml"
SPLITS = ("dev", "blind")
Row = dict[str, Any]


def split(url: str) -> str:
    """Which split a record belongs to: fixed by its URL, so adding records never moves old ones."""
    return "blind" if int(hashlib.sha1(url.encode()).hexdigest(), 16) % 3 == 0 else "dev"


def load(path: Path) -> list[Row]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not JSON ({exc.msg})") from None
    return rows


def event_sets(folder: Path) -> list[Row]:
    """Every record of every event set in `folder`, each with its `split`."""
    rows: list[Row] = []
    for path in sorted(folder.glob("*.jsonl")):
        rows.extend({**row, "split": split(row["url"])} for row in load(path))
    return rows


def events(path: Path = EVENTS) -> dict[str, EventConfig]:
    return {e.slug: e for e in load_settings(path, "sqlite://", environ={}).events}


def _published(row: Row) -> dt.datetime | None:
    day = row.get("published")
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(12), dt.UTC) if day else None


@lru_cache(maxsize=1)
def _scorer() -> ModuleType:
    """The quotes benchmark's `score.py`, loaded once for every score of a run."""
    return load_scorer(shared_dir() / "benchmarks/quotes/dev.jsonl")


def quote_scores(rows: Sequence[Row], predictions: Sequence[Row]) -> dict[str, Any]:
    """The reference scorer's overlap and exact figures for these records."""
    scorer = _scorer()
    scores = scorer.score(list(rows), list(predictions))
    out: dict[str, Any] = {"records": len(rows), "gold_quotes": scores["gold_quotes"],
                           "pred_quotes": scores["pred_quotes"]}
    for mode in ("overlap", "exact"):
        m = scores[mode]
        out[mode] = {"p": round(m["precision"], 4), "r": round(m["recall"], 4), "f1": round(m["f1"], 4),
                     "speaker_accuracy": round(m["speaker_accuracy"], 4), "joint_f1": round(m["joint_f1"], 4)}
    return out


def embed_recall(rows: Sequence[Row], predictions: Sequence[Row]) -> float | None:
    """Share of the partial quotes inside a reporter's sentence (pattern `embed`) that are found."""
    scorer = _scorer()
    hit = total = 0
    for row, pred in zip(rows, predictions, strict=True):
        gold = [scorer.trim(row["text"], q["start"], q["end"]) for q in row["quotes"]]
        found = [scorer.trim(row["text"], q["start"], q["end"]) for q in pred["quotes"]]
        matched = {g for g, _ in scorer.match(gold, found, "overlap")}
        for i, q in enumerate(row["quotes"]):
            if "embed" in (q.get("patterns") or []):
                total += 1
                hit += i in matched
    return round(hit / total, 4) if total else None


def membership(rows: Sequence[Row], configured: dict[str, EventConfig]) -> dict[str, Any]:
    """Precision and recall of joining the record's event, against the hand label `on_event`."""
    tp = fp = fn = tn = 0
    for row in rows:
        joined = row["event"] in relevance(row.get("title") or "", row["text"], [configured[row["event"]]],
                                           _published(row), row.get("language"))
        tp += joined and row["on_event"]
        fp += joined and not row["on_event"]
        fn += not joined and row["on_event"]
        tn += not joined and not row["on_event"]
    return {"on_event": tp + fn, "near_misses": fp + tn, **_prf(tp, fp, fn)}


def syndication(rows: Sequence[Row]) -> dict[str, Any]:
    """Copies found, over every pair of the set.

    A group holds every placement of one wire story, including versions updated through the day whose
    openings share nothing, so "every pair of a group" is not the truth a detector can reach; the
    figures that matter are `record_recall` (a copy matched to at least one other placement of its
    story) and precision (pairs flagged across different stories). Pair P/R are printed as well."""
    sigs = [neardup.signature(row["text"]) for row in rows]
    tp = fp = fn = 0
    near_fp = 0
    found: set[int] = set()
    for (i, a), (j, b) in itertools.combinations(enumerate(rows), 2):
        copy = a.get("group") is not None and a.get("group") == b.get("group")
        flagged = sharedparts.is_copy(a["text"], b["text"], sigs[i], sigs[j])
        tp += flagged and copy
        fp += flagged and not copy
        fn += not flagged and copy
        if flagged and copy:
            found.update((i, j))
        near_fp += flagged and not copy and _same_story(a, b)
    groups = {row["group"] for row in rows if row.get("group")}
    copies = sum(1 for row in rows if row.get("group"))
    return {"records": len(rows), "groups": len(groups), "copies": copies, "copies_found": len(found),
            "record_recall": round(len(found) / copies, 4) if copies else None, **_prf(tp, fp, fn),
            "hard_negative_fp": near_fp}


def _same_story(a: Row, b: Row) -> bool:
    """Two records of one story that are not copies: a write-up beside a placement of the story it
    resembles, or two write-ups of the same story (a hard negative for the detector)."""
    return ((a.get("near") is not None and a.get("near") == b.get("group"))
            or (b.get("near") is not None and b.get("near") == a.get("group"))
            or (a.get("near") is not None and a.get("near") == b.get("near")))


def _prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "p": round(p, 4), "r": round(r, 4), "f1": round(f1, 4)}


def evaluate(folder: Path = SETS, events_path: Path = EVENTS) -> dict[str, Any]:
    """Every score of the sets in `folder`, per split (and per event for the quotes)."""
    rows = event_sets(folder)
    configured = events(events_path)
    predictions = {p["id"]: p for p in predict(rows)}
    result: dict[str, Any] = {}
    for name in SPLITS:
        part = [r for r in rows if r["split"] == name]
        result[name] = {
            "events": sorted({r["event"] for r in part}),
            "outlets": len({r["outlet"] for r in part}),
            "quotes": quote_scores(part, [predictions[r["id"]] for r in part]),
            "embed_recall": embed_recall(part, [predictions[r["id"]] for r in part]),
            "membership": membership(part, configured),
            "per_event": {slug: quote_scores(sub, [predictions[r["id"]] for r in sub])["overlap"]
                          for slug in sorted({r["event"] for r in part})
                          for sub in [[r for r in part if r["event"] == slug]]},
        }
    if SYNDICATION_SET.is_file():
        result["syndication"] = syndication(load(SYNDICATION_SET))
    return result


def dev_errors(folder: Path = SETS) -> list[str]:
    """Quote mistakes on dev records: missed, spurious and wrong-speaker spans, one line each."""
    return dev_errors_of([r for r in event_sets(folder) if r["split"] == "dev"])


def dev_errors_of(rows: Sequence[Row]) -> list[str]:
    """Quote mistakes on these records (dev ones only, by the caller's choice), one line each."""
    scorer = _scorer()
    lines = []
    for row in rows:
        text = row["text"]
        gold = row.get("quotes") or []
        pred = predict([row])[0]["quotes"]
        gspans = [scorer.trim(text, q["start"], q["end"]) for q in gold]
        pspans = [scorer.trim(text, q["start"], q["end"]) for q in pred]
        pairs = scorer.match(gspans, pspans, "overlap")
        matched_g, matched_p = {g for g, _ in pairs}, {p for _, p in pairs}
        for g, p in pairs:
            if not scorer.speaker_correct(pred[p]["speaker"], gold[g]["speaker"]):
                lines.append(f"{row['id']} SPEAKER gold={gold[g]['speaker']!r} got={pred[p]['speaker']!r} "
                             f"{gold[g].get('patterns')} | {_snip(text, gold[g])}")
        lines.extend(f"{row['id']} MISSED {q['speaker']!r} {q.get('patterns')} | {_snip(text, q)}"
                     for i, q in enumerate(gold) if i not in matched_g)
        lines.extend(f"{row['id']} SPURIOUS got={q['speaker']!r} | {_snip(text, q)}"
                     for i, q in enumerate(pred) if i not in matched_p)
    return lines


def _snip(text: str, q: Row) -> str:
    before = text[max(0, q["start"] - 60):q["start"]].replace("\n", " ")
    after = text[q["end"]:q["end"] + 80].replace("\n", " ")
    return f"…{before}[[{text[q['start']:q['end']][:140]}]]{after}…"


def main(argv: list[str] | None = None) -> int:
    parser = labelled_parser("python -m bench realnews", __doc__, SETS, "folder of labelled JSONL sets",
                             "list the quote mistakes on dev records")
    parser.add_argument("--events", type=Path, default=EVENTS, help="events of the sets (TOML)")
    args = parser.parse_args(argv)
    if not args.sets.is_dir():
        print(f"{args.sets}: no such folder")
        return 2
    result = evaluate(args.sets, args.events)
    for name in SPLITS:
        part = result[name]
        q, m = part["quotes"], part["membership"]
        print(f"{name:5} {q['records']} records, {part['outlets']} outlets, events {', '.join(part['events'])}")
        for mode in ("overlap", "exact"):
            s = q[mode]
            print(f"  quotes {mode:7} P {s['p']:.3f} R {s['r']:.3f} F1 {s['f1']:.3f} | speaker acc "
                  f"{s['speaker_accuracy']:.3f} | joint F1 {s['joint_f1']:.3f}  ({q['gold_quotes']} gold)")
        print(f"  partial quotes inside a sentence: recall {part['embed_recall']}")
        print(f"  membership P {m['p']:.3f} R {m['r']:.3f} F1 {m['f1']:.3f} "
              f"({m['on_event']} on-event, {m['near_misses']} near misses)")
        for slug, s in part["per_event"].items():
            print(f"    {slug:11} quotes F1 {s['f1']:.3f} joint F1 {s['joint_f1']:.3f}")
    if "syndication" in result:
        s = result["syndication"]
        print(f"syndication {s['records']} records, {s['groups']} groups: {s['copies_found']} of {s['copies']} "
              f"copies matched to their story (recall {s['record_recall']}), pair precision {s['p']:.3f} "
              f"(pair recall {s['r']:.3f}), {s['hard_negative_fp']} hard negatives flagged")
    if args.errors:
        print("\n".join(dev_errors(args.sets)))
    if args.json:
        print(json.dumps(result, sort_keys=True))
    return 0
