"""Accuracy outside English, on real news labelled by hand: quotes and speakers, tone sign, language.

    python -m bench languages [--sets DIR] [--errors] [--json]

The sets live in `bench/realnews/labelled/languages/` (format and counts in bench/realnews/LABELLING.md):

* `<code>.jsonl`: articles with their quotes, read by the rules of the record's `language` and scored
  with the quotes benchmark's `score.py`; `blind2/<code>.jsonl`, a later batch of articles labelled
  and set aside whole (split **blind2**), never looked at while tuning;
* `tone_<code>.jsonl`: clearly polar paragraphs; the score is the share whose tone has the labelled sign
  (0 counts as wrong), for the method Presswatch uses on that language and for VADER beside it;
  `blind2/tone_<code>.jsonl` holds the third of a later batch of paragraphs that was set aside before
  any scorer ran on the batch (split **blind2**), so that tuning on the grown dev set is measured on text
  no tuning looked at;
* `langid.jsonl`: texts in known languages; the score is the share detected right, for the texts of
  100 characters or more and for the short ones apart.

Each record is **blind** when sha1(url, or id when there is no url) mod 3 == 0 and **dev** otherwise
(the later batch's paragraphs that hash blind are the ones in `blind2/`); `--errors` lists quote and tone
mistakes on dev records only. Last line with --json: the whole result.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from bench import labelled_parser
from bench.quotes import predict
from bench.realnews import SETS, SPLITS, Row, dev_errors_of, load, quote_scores, split
from ingest.nlp.tone import text_tone
from ingest.stages.language import detect_language

LANGUAGES = SETS / "languages"
BLIND2 = "blind2"  # the folder, and the split, of a later batch's held-out paragraphs and articles
ALL_SPLITS = (*SPLITS, BLIND2)


def records(path: Path) -> list[Row]:
    """The records of one set, each with its split (by URL, or by id for texts with no URL)."""
    return [{**row, "split": split(row.get("url") or row["id"])} for row in load(path)]


def with_blind2(path: Path) -> list[Row]:
    """A set's records (dev and blind by hash) and, when there is one, its `blind2/` file's."""
    held_out = path.parent / BLIND2 / path.name
    return records(path) + ([{**row, "split": BLIND2} for row in load(held_out)] if held_out.is_file() else [])


def quote_sets(folder: Path) -> dict[str, list[Row]]:
    """Language code → the records of its quote set (`fr.jsonl`, `de.jsonl`, …)."""
    return {p.stem: with_blind2(p) for p in sorted(folder.glob("*.jsonl")) if len(p.stem) in (2, 3)}


def quotes(rows: Sequence[Row]) -> dict[str, Any]:
    predictions = {p["id"]: p for p in predict(list(rows))}
    return {name: quote_scores(part, [predictions[r["id"]] for r in part])
            for name in ALL_SPLITS for part in [[r for r in rows if r["split"] == name]] if part}


def tone_sign(rows: Sequence[Row], scorers: dict[str, Callable[[str, str], float]]) -> dict[str, Any]:
    """Per split and method: the share of paragraphs whose tone has the labelled sign."""
    out: dict[str, Any] = {}
    for name in ALL_SPLITS:
        part = [r for r in rows if r["split"] == name]
        if not part:
            continue
        out[name] = {"paragraphs": len(part)}
        for method, score in scorers.items():
            values = [(score(r["text"], r["language"]), r["polarity"] == "positive") for r in part]
            right = sum(1 for value, positive in values if value != 0 and (value > 0) == positive)
            out[name][method] = round(right / len(part), 4)
    return out


def tone_errors(rows: Sequence[Row]) -> list[str]:
    """One line per paragraph whose tone has the wrong sign (or none): id, label, score, the text."""
    score = tone_scorers()["presswatch"]
    lines = []
    for r in rows:
        value = score(r["text"], r["language"])
        if value == 0 or (value > 0) != (r["polarity"] == "positive"):
            lines.append(f"tone   {r['id']} {r['polarity']:8} {value:+.3f}  {r['text']}")
    return lines


def langid(rows: Sequence[Row], detectors: dict[str, Callable[[str], str | None]]) -> dict[str, Any]:
    """Per detector: accuracy on texts of ≥ 100 characters and on shorter ones, and per language."""
    out: dict[str, Any] = {}
    for name, detect in detectors.items():
        guesses = [(r, detect(r["text"])) for r in rows]
        long = [(r, g) for r, g in guesses if len(r["text"]) >= 100]
        short = [(r, g) for r, g in guesses if len(r["text"]) < 100]
        out[name] = {
            "long": _accuracy(long), "short": _accuracy(short),
            "per_language": {code: _accuracy([(r, g) for r, g in long if r["language"] == code])
                             for code in sorted({r["language"] for r in rows})},
            "missing": sum(1 for _, g in guesses if g is None),
        }
    return out


def _accuracy(pairs: Sequence[tuple[Row, str | None]]) -> float | None:
    return round(sum(1 for r, g in pairs if g == r["language"]) / len(pairs), 4) if pairs else None


@lru_cache(maxsize=1)
def _py3langid() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def py3langid_detect(text: str) -> str | None:
    """The detector Presswatch used before, as it was used: py3langid, no guess under 0.8 or 40 characters."""
    if len(text) < 40:
        return None
    lang, prob = _py3langid().classify(text[:2000])
    return str(lang) if prob >= 0.8 else None


def tone_scorers() -> dict[str, Callable[[str, str], float]]:
    """The method Presswatch scores each language with (`tone_method`: its lexicon outside English; no
    tone, counted wrong, where it has none), and VADER on every language beside it for comparison."""
    return {"presswatch": lambda text, language: text_tone(text, language) or 0.0,
            "vader": lambda text, language: text_tone(text, "en") or 0.0}


def evaluate(folder: Path = LANGUAGES) -> dict[str, Any]:
    result: dict[str, Any] = {"quotes": {code: quotes(rows) for code, rows in quote_sets(folder).items()}}
    result["tone"] = {p.stem.removeprefix("tone_"): tone_sign(with_blind2(p), tone_scorers())
                      for p in sorted(folder.glob("tone_*.jsonl"))}
    path = folder / "langid.jsonl"
    if path.is_file():
        result["langid"] = langid(records(path), {"presswatch": detect_language, "py3langid": py3langid_detect})
    return result


def main(argv: list[str] | None = None) -> int:
    parser = labelled_parser("python -m bench languages", __doc__, LANGUAGES, "folder of the labelled sets",
                             "list the quote mistakes on dev records")
    args = parser.parse_args(argv)
    if not args.sets.is_dir():
        print(f"{args.sets}: no such folder")
        return 2
    result = evaluate(args.sets)
    for code, per_split in result["quotes"].items():
        for name, q in per_split.items():
            s = q["overlap"]
            print(f"quotes {code} {name:6} {q['records']:3} records P {s['p']:.3f} R {s['r']:.3f} F1 {s['f1']:.3f} "
                  f"| speaker acc {s['speaker_accuracy']:.3f}  ({q['gold_quotes']} gold)")
    for code, per_split in result["tone"].items():
        for name, t in per_split.items():
            methods = " · ".join(f"{m} {v:.3f}" for m, v in t.items() if m != "paragraphs")
            print(f"tone   {code} {name:6} {t['paragraphs']:3} paragraphs, sign right: {methods}")
    for detector, d in result.get("langid", {}).items():
        print(f"langid {detector}: long texts {d['long']} · short {d['short']} · none {d['missing']} · "
              + " ".join(f"{c} {v}" for c, v in d["per_language"].items()))
    if args.errors:
        for code in result["quotes"]:
            print("\n".join(dev_errors_of([r for r in quote_sets(args.sets)[code] if r["split"] == "dev"])))
        for path in sorted(args.sets.glob("tone_*.jsonl")):
            print("\n".join(tone_errors([r for r in records(path) if r["split"] == "dev"])))
    if args.json:
        print(json.dumps(result, sort_keys=True))
    return 0
