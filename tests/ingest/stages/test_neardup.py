"""Near-duplicate detection: syndicated copies found, look-alike stories kept apart, signatures robust.

The quality gate runs the matcher the pipeline runs — new article → band lookup → best candidate →
"copy of that group's original", inserting bands for originals only — over the labelled corpus in
`tests/fixtures/syndication.py`, with the SQL band table simulated by a dict.
"""

from __future__ import annotations

import hashlib
import importlib.util
import itertools
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.stages import neardup


def _load_fixture():  # the fixtures folder is not a package; load it by path whatever the rootdir
    path = Path(__file__).parents[2] / "fixtures" / "syndication.py"
    spec = importlib.util.spec_from_file_location("presswatch_syndication_fixture", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


syndication = _load_fixture()
CANDIDATE_LIMIT = 32  # the pipeline's `ORDER BY hits DESC LIMIT 32`
PER_BAND = 100  # … and `ORDER BY article_id DESC LIMIT 100` per bucket


def match_stream(corpus) -> tuple[dict[str, str | None], list[int]]:
    """Greedy incremental matching in publication order: article id → predicted original (or None)."""
    index: dict[tuple[int, int], list[str]] = defaultdict(list)
    sigs: dict[str, bytes] = {}
    root: dict[str, str] = {}
    predicted: dict[str, str | None] = {}
    candidate_counts = []
    for article in corpus:
        sig = neardup.signature(article.text)
        keys = neardup.bands(sig)
        hits = Counter(other for key in keys for other in index.get(key, [])[-PER_BAND:])
        candidate_counts.append(len(hits))
        ranked = [other for other, _ in hits.most_common(CANDIDATE_LIMIT)]
        found = neardup.best_match(sig, ((other, sigs[other]) for other in ranked))
        predicted[article.id] = None if found is None else root[found[0]]
        root[article.id] = predicted[article.id] or article.id
        sigs[article.id] = sig
        if found is None:
            for key in keys:
                index[key].append(article.id)
    return predicted, candidate_counts


@pytest.mark.parametrize("seed", [7, 11, 23])
def test_copies_matched_to_their_original_and_distinct_stories_never_merge(seed):
    corpus = syndication.build_corpus(seed=seed)
    predicted, candidate_counts = match_stream(corpus)
    copies = [a for a in corpus if a.original is not None]
    linked = [a for a in corpus if predicted[a.id] is not None]
    correct = [a for a in linked if predicted[a.id] == a.original]
    precision = len(correct) / len(linked)
    recall = len(correct) / len(copies)
    merged = [a.id for a in corpus if a.original is None and predicted[a.id] is not None]
    assert precision >= 0.95, precision
    assert recall >= 0.90, recall
    assert merged == []
    assert sum(candidate_counts) / len(candidate_counts) < CANDIDATE_LIMIT


def test_stock_phrases_and_shared_quotes_never_make_a_copy_pairwise():
    corpus = syndication.build_corpus(seed=5)
    stories = [neardup.signature(a.text) for a in corpus if a.original is None]
    assert len(stories) == 120
    false_merges = sum(neardup.is_near_copy(a, b) for a, b in itertools.combinations(stories, 2))
    assert false_merges == 0


def test_bands_bring_copies_together():
    corpus = syndication.build_corpus(seed=3)
    sigs = {a.id: neardup.signature(a.text) for a in corpus}
    copies = [a for a in corpus if a.original is not None]
    shared = [bool(set(neardup.bands(sigs[a.id])) & set(neardup.bands(sigs[a.original]))) for a in copies]
    assert sum(shared) / len(shared) >= 0.97


ORIGINAL = [
    "General Idris Volkan was killed in a drone strike at Karsk airport on Friday, the Ostmark defence "
    "department said, in an attack that sharply raised tensions across the region.",
    "Volkan, who commanded the Crescent Guard's foreign operations, had just landed on a flight from Tarsa "
    "when two missiles struck his convoy on an access road near the cargo terminal.",
    "“We took action last night to stop a war. We did not take action to start a war,” President Mara "
    "Lindqvist told reporters at her residence on Saturday morning.",
    "Oil prices jumped more than four percent in early trading, and shipping insurers said premiums for "
    "tankers crossing the strait would be reviewed before the markets opened on Monday.",
    "Veldania's council declared three days of mourning and summoned the Ostmark envoy, while crowds "
    "filled the main square of Veldan City chanting slogans late into the night.",
]


def test_hand_edited_copy_with_cut_tail_and_local_intro_is_a_copy():
    copy = [
        "Families in Lakeside with relatives in the region spent the weekend waiting for phone calls.",
        ORIGINAL[0].replace("sharply", "dramatically"),
        ORIGINAL[1].replace("two missiles", "missiles"),
    ]
    original, edited = neardup.signature("\n\n".join(ORIGINAL)), neardup.signature("\n\n".join(copy))
    assert neardup.similarity(original, edited) < 0.5  # Jaccard alone would miss it …
    assert neardup.is_near_copy(original, edited)  # … containment does not


def test_different_stories_sharing_the_stock_sentence_and_quote_are_not_copies():
    stock, quote = ORIGINAL[0].split(",")[0] + ".", ORIGINAL[2]
    first = " ".join([
        stock, "Airlines including Nordair and Meridian suspended flights over the region until Wednesday,",
        "rerouting dozens of long-haul services through the southern corridor and warning of delays.",
        quote, "Travel agents in Halden reported hundreds of cancellations by Saturday afternoon,",
        "and the airport operator said the cargo terminal would stay closed for repairs.",
    ])
    second = " ".join([
        "Thousands of mourners lined the road from Tarsa to the capital as the coffin passed on Sunday.",
        stock, "Shops closed early and black banners hung from the ministry buildings along the route.",
        quote, "Clerics led prayers at the central mosque, where the chairman is expected to speak.",
        "State television broadcast the procession live, interrupting its schedule for eight hours.",
    ])
    assert not neardup.is_near_copy(neardup.signature(first), neardup.signature(second))


def test_signature_is_stable_across_releases():
    # Stored signatures are compared with new ones for the life of the database: a change of
    # normalisation, shingling, seed or datasketch's hashing must be a deliberate migration.
    sig = neardup.signature("\n\n".join(ORIGINAL))
    assert len(sig) == 8 + 4 * neardup.NUM_PERM
    assert neardup.shingle_count(sig) == 142
    assert hashlib.sha256(sig).hexdigest()[:16] == "9fef66be58dbdfe9"


def test_empty_and_tiny_texts():
    empty = neardup.signature("")
    assert neardup.bands(empty) == []
    assert neardup.similarity(empty, neardup.signature(" \n—… ")) == 1.0
    assert not neardup.is_near_copy(empty, empty)
    short = neardup.signature("Strike at airport")
    assert neardup.shingle_count(short) == 1 and len(neardup.bands(short)) == neardup.BANDS
    assert neardup.similarity(short, empty) == 0.0
    assert neardup.signature("\ud800 lone surrogate") != empty


def test_foreign_bytes_are_rejected():
    with pytest.raises(ValueError, match="not a neardup signature"):
        neardup.similarity(b"\x00" * 10, neardup.signature("x"))
    other = bytearray(neardup.signature("some text here"))
    other[1] = 3  # made with 3-word shingles
    with pytest.raises(ValueError, match="3-word shingles"):
        neardup.bands(bytes(other))


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_unicode_signs_and_bands(text):
    sig = neardup.signature(text)
    assert neardup.similarity(sig, neardup.signature(text)) == 1.0
    for band, bucket in neardup.bands(sig):
        assert 0 <= band < neardup.BANDS
        assert -(2**63) <= bucket < 2**63


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=12), min_size=6, max_size=80))
def test_identical_texts_are_copies_and_order_of_arguments_does_not_matter(words):
    text = " ".join(words)
    a, b = neardup.signature(text), neardup.signature(text + " extra words at the end")
    assert neardup.similarity(a, b) == neardup.similarity(b, a)
    assert neardup.is_near_copy(a, b) == neardup.is_near_copy(b, a)
    if neardup.shingle_count(a):
        assert neardup.is_near_copy(a, neardup.signature(text))
