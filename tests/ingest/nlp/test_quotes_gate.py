"""Quality gate: quote extraction scores on the shared dev set and our held-out set stay pinned.

The minimums sit about 0.02 under what the extractor reaches, so a change that makes attribution
worse fails here instead of quietly shipping. Raise them when the extractor gets better.

The held-out file (tests/fixtures/quotes_heldout.jsonl) holds 218 fictional records written for
this project under the dev set's labelling rules, in eight batches (ids ho-, ho2- … ho8-). Batches
2–8 were written after the rules and scored blind first — speaker accuracy 0.986, 0.935, 0.958,
0.974, 0.907, 0.876, 0.962; spans exact on all but batch 6 (exact F1 0.995: the second part of a
split quote after a long attribution) — before their failures were fixed with general rules.
Batches 6 and 7 moved to other shapes and subjects on purpose (colon lead-ins without a speech verb,
"quoted … as saying", bare appositions, organisations described or named head first, unnamed
subjects taken up by a pronoun, a story followed day by day), which is why they scored lowest;
batch 8 (American wire, live blogs, courts, features) was scored after their fixes.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from bench.quotes import DEFAULT_GOLD, load_scorer, predict, shared_dir
from ingest.nlp.quotes import extract_quotes

HELDOUT = Path(__file__).parents[2] / "fixtures" / "quotes_heldout.jsonl"
MINIMUMS = {
    # set: (overlap F1, exact F1, speaker accuracy, joint F1)
    "dev": (0.98, 0.98, 0.98, 0.98),
    "heldout": (0.98, 0.98, 0.98, 0.98),
}


def _scores(gold: Path) -> dict[str, Any]:
    try:
        scorer = load_scorer(gold)
    except FileNotFoundError as exc:
        pytest.skip(f"QUOTE GATE NOT RUN: the benchmark scorer is missing ({shared_dir()}): {exc}")
    rows = scorer.load_jsonl(str(gold))
    return scorer.score(rows, predict(rows))


@pytest.mark.parametrize(("name", "gold"), [("dev", DEFAULT_GOLD), ("heldout", HELDOUT)])
def test_quote_scores_stay_above_pinned_minimums(name: str, gold: Path) -> None:
    if not gold.is_file():
        pytest.skip(f"{gold} not present")
    res = _scores(gold)
    overlap_f1, exact_f1, speaker_acc, joint_f1 = MINIMUMS[name]
    assert res["overlap"]["f1"] >= overlap_f1
    assert res["exact"]["f1"] >= exact_f1
    assert res["overlap"]["speaker_accuracy"] >= speaker_acc
    assert res["overlap"]["joint_f1"] >= joint_f1
    assert res["pred_spans_invalid"] == 0


def test_time_grows_linearly_with_text_length() -> None:
    """A long article (all held-out texts in one, ~5x over) costs about 5x one pass, not 25x."""
    texts = [json.loads(line)["text"] for line in HELDOUT.read_text(encoding="utf-8").splitlines() if line.strip()]
    one = "\n\n".join(texts)

    five = "\n\n".join([one] * 5)
    short, long = [], []
    for _ in range(5):  # alternated, best of five: a busy neighbour slows both sides alike
        for text, runs in ((one, short), (five, long)):
            t0 = time.perf_counter()
            extract_quotes(text)
            runs.append(time.perf_counter() - t0)
    assert min(long) < 12 * min(short) + 0.05  # linear is 5x; quadratic would be 25x
