"""Quality gate on real, public news labelled by hand (bench/realnews): quote spans and speakers,
event membership and syndication must not fall below what they reach today, on the dev records and,
more loosely, on the blind ones that are never looked at while improving the extractor.

Also checks the sets themselves, so a broken label cannot pass silently: offsets match the text, ids
are unique, every event has its configuration, and the split is fixed by URL."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench import realnews

ROOT = Path(__file__).resolve().parents[2]
# a little under what the extractor reaches on each split; raise them when it improves
MINIMUM = {
    "dev": {"f1": 0.975, "joint_f1": 0.84, "membership_f1": 0.95, "embed_recall": 0.93},
    "blind": {"f1": 0.965, "joint_f1": 0.81, "membership_f1": 0.93, "embed_recall": 0.9},
}
SYNDICATION = {"precision": 0.95, "record_recall": 0.6}


@pytest.fixture(scope="module")
def scores() -> dict:
    return realnews.evaluate()


def test_the_labelled_sets_are_well_formed() -> None:
    rows = realnews.event_sets(realnews.SETS)
    configured = realnews.events()
    assert len({r["id"] for r in rows}) == len(rows)
    assert {r["event"] for r in rows} <= set(configured), "every set needs its event in events.toml"
    for row in rows:
        for q in row["quotes"]:
            assert row["text"][q["start"]:q["end"]] == q["quote"], (row["id"], q["quote"])
            assert (q["speaker"] is None) == (q["speaker_kind"] is None), (row["id"], q["quote"])
    syndication = realnews.load(realnews.SYNDICATION_SET)
    groups = {r["group"] for r in syndication if r["group"]}
    assert all(sum(r["group"] == g for r in syndication) >= 2 for g in groups)
    assert all(r["near"] in groups for r in syndication if r["group"] is None)
    assert realnews.split("https://example.org/a") == realnews.split("https://example.org/a")
    assert {realnews.split(r["url"]) for r in rows} == {"dev", "blind"}


@pytest.mark.parametrize("name", ["dev", "blind"])
def test_quotes_and_membership_hold_their_level(scores: dict, name: str) -> None:
    part, floor = scores[name], MINIMUM[name]
    overlap = part["quotes"]["overlap"]
    assert overlap["f1"] >= floor["f1"], overlap
    assert overlap["joint_f1"] >= floor["joint_f1"], overlap
    assert part["membership"]["f1"] >= floor["membership_f1"], part["membership"]
    assert part["embed_recall"] >= floor["embed_recall"], part["embed_recall"]


def test_wire_copies_are_found_without_merging_different_stories(scores: dict) -> None:
    found = scores["syndication"]
    assert found["p"] >= SYNDICATION["precision"], found
    assert found["record_recall"] >= SYNDICATION["record_recall"], found


def test_the_benchmark_command_prints_both_splits_as_json() -> None:
    done = subprocess.run([sys.executable, "-m", "bench", "realnews", "--json"], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert set(result) >= {"dev", "blind"} and result["dev"]["quotes"]["gold_quotes"] > 0
