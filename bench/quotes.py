"""Quote extraction benchmark: accuracy on the labelled dev set and speed on one core.

    python -m bench quotes [--gold FILE] [--repeat N] [--json]

Runs `ingest.nlp.quotes.extract_quotes` over every record of the gold file (default: the shared dev
set next to the repository), scores the predictions with the benchmark's own `score.py` (imported
from beside the gold file, never copied, so the numbers are the reference ones), and times the
extraction alone several times over, keeping the best run: paragraphs per second on one core.

Last line with --json: {"paragraphs_per_s", "records", "overlap": {"p", "r", "f1"}, "exact": {…},
"speaker_accuracy", "joint_f1"}; speaker accuracy and joint F1 are the overlap-matched ones.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import time
from pathlib import Path
from types import ModuleType
from typing import Any

from bench import count
from ingest.nlp.quotes import extract_quotes
from ingest.nlp.readers import reader_for


def shared_dir() -> Path:
    """The benchmark folder `shared/` beside the checkout, or `$PRESSWATCH_SHARED` for a checkout elsewhere."""
    return Path(os.environ.get("PRESSWATCH_SHARED") or Path(__file__).resolve().parents[2] / "shared")


DEFAULT_GOLD = shared_dir() / "benchmarks/quotes/dev.jsonl"


def load_scorer(gold: Path) -> ModuleType:
    """`score.py` from the benchmark folder (beside the default dev set, else beside `gold`)."""
    for folder in (DEFAULT_GOLD.parent, gold.parent):
        path = folder / "score.py"
        if path.is_file():
            spec = importlib.util.spec_from_file_location("quotes_score", path)
            if spec is None or spec.loader is None:
                continue
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module
    raise FileNotFoundError(f"score.py not found beside {DEFAULT_GOLD} or {gold} (set PRESSWATCH_SHARED)")


def predict(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Predictions in the scorer's format, one row per gold record, each read by the rules of its
    `language` (English when the record has none)."""
    return [
        {"id": row["id"],
         "quotes": [{"start": q.start, "end": q.end, "speaker": q.speaker}
                    for q in reader_for(row.get("language")).quotes(row["text"])]}
        for row in rows
    ]


def paragraphs(rows: list[dict[str, Any]]) -> int:
    return sum(1 for row in rows for p in row["text"].split("\n\n") if p.strip())


def best_seconds(texts: list[str], repeat: int) -> float:
    """Best wall time of `repeat` passes over all texts (the machine's noise only ever adds time)."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for text in texts:
            extract_quotes(text)
        best = min(best, time.perf_counter() - t0)
    return best


def summary(gold_rows: list[dict[str, Any]], scores: dict[str, Any], seconds: float) -> dict[str, Any]:
    n_par = paragraphs(gold_rows)
    ov, ex = scores["overlap"], scores["exact"]
    return {
        "paragraphs_per_s": round(n_par / seconds, 1) if seconds > 0 else None,
        "records": len(gold_rows),
        "paragraphs": n_par,
        "overlap": {"p": ov["precision"], "r": ov["recall"], "f1": ov["f1"]},
        "exact": {"p": ex["precision"], "r": ex["recall"], "f1": ex["f1"]},
        "speaker_accuracy": ov["speaker_accuracy"],
        "joint_f1": ov["joint_f1"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench quotes", description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="labelled JSONL (default: dev set)")
    parser.add_argument("--repeat", type=count, default=5, help="timing passes; the best is kept")
    parser.add_argument("--json", action="store_true", help="print the result as JSON on the last line")
    args = parser.parse_args(argv)
    if not args.gold.is_file():
        print(f"{args.gold}: no such file")
        return 2
    scorer = load_scorer(args.gold)
    gold_rows = scorer.load_jsonl(str(args.gold))
    scores = scorer.score(gold_rows, predict(gold_rows))
    seconds = best_seconds([row["text"] for row in gold_rows], max(1, args.repeat))
    result = summary(gold_rows, scores, seconds)
    print(f"{args.gold.name}: {result['records']} records, {result['paragraphs']} paragraphs, "
          f"{scores['gold_quotes']} gold quotes, {scores['pred_quotes']} predicted")
    for mode in ("overlap", "exact"):
        m = scores[mode]
        print(f"  {mode:8} quote P {m['precision']:.4f} R {m['recall']:.4f} F1 {m['f1']:.4f} | "
              f"speaker acc {m['speaker_accuracy']:.4f} | joint F1 {m['joint_f1']:.4f}")
    print(f"  speed    {result['paragraphs_per_s']} paragraphs/s on one core (best of {args.repeat})")
    if args.json:
        print(json.dumps(result, sort_keys=True))
    return 0
