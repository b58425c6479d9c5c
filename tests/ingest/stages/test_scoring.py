"""Source scores and spike markers: parts in range, composite arithmetic, CSV errors, spikes vs noise."""

from __future__ import annotations

import math
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from db.reads.volume import detect_spikes
from ingest.stages.scoring import (
    DEFAULT_WEIGHTS,
    PARTS,
    SourceStats,
    load_reliability_csv,
    score_sources,
    timeliness,
)

WIRE = SourceStats("wire.example", articles=200, originals=190, quotes=600, first_hours=[0, 0, 0.5, 1])
AGGREGATOR = SourceStats("copies.example", 100, 5, 20, [6, 8, 12, 30], reliability=0.4)
QUIET = SourceStats("quiet.example", 0, 0, 0, [])


def test_parts_follow_their_documented_definitions():
    scores = score_sources([WIRE, AGGREGATOR, QUIET], DEFAULT_WEIGHTS)
    wire, agg, quiet = scores["wire.example"], scores["copies.example"], scores["quiet.example"]
    assert wire.originality == 0.95 and agg.originality == 0.05
    assert wire.timeliness == pytest.approx(0.5 ** (0.25 / 6))  # median delay 0.25 h
    assert agg.timeliness == pytest.approx(0.5 ** (10 / 6))
    assert wire.quote_richness == 1.0  # the most quote-rich source
    assert agg.quote_richness == pytest.approx(0.2 / (WIRE.quotes / WIRE.articles))
    assert (wire.volume_share, agg.volume_share) == (1.0, 0.5)
    assert wire.reliability is None and agg.reliability == 0.4
    assert quiet == score_sources([QUIET], DEFAULT_WEIGHTS)["quiet.example"]
    assert (quiet.originality, quiet.timeliness, quiet.volume_share, quiet.composite) == (0, 0, 0, 0)


def test_composite_renormalises_weights_when_reliability_is_missing():
    weights = {"originality": 1, "timeliness": 1, "quote_richness": 1, "volume_share": 1, "reliability": 4}
    rated = SourceStats("a.example", 10, 10, 30, [0], reliability=0.0)
    unrated = SourceStats("b.example", 10, 10, 30, [0])
    scores = score_sources([rated, unrated], weights)
    assert scores["b.example"].composite == 1.0  # mean of four parts that are all 1
    assert scores["a.example"].composite == pytest.approx(4 / 8)  # reliability 0 weighs half
    only_reliability = score_sources([unrated], {"reliability": 1.0})["b.example"]
    assert only_reliability.composite == 0.0


def test_scores_are_deterministic_and_keep_input_order():
    stats = [AGGREGATOR, WIRE, QUIET]
    first = score_sources(stats, DEFAULT_WEIGHTS)
    assert first == score_sources(list(stats), dict(DEFAULT_WEIGHTS))
    assert list(first) == ["copies.example", "wire.example", "quiet.example"]


@pytest.mark.parametrize(
    ("stats", "weights", "message"),
    [
        ([SourceStats("x.example", 1, 2, 0)], DEFAULT_WEIGHTS, "x.example: inconsistent counts"),
        ([SourceStats("x.example", 1, 1, 0, reliability=1.5)], DEFAULT_WEIGHTS, "outside 0..1"),
        ([WIRE, WIRE], DEFAULT_WEIGHTS, "appears twice"),
        ([WIRE], {"fame": 1.0}, "unknown score weight"),
        ([WIRE], {"originality": -1.0}, "must be finite"),
    ],
)
def test_bad_input_is_rejected_with_the_culprit_named(stats, weights, message):
    with pytest.raises(ValueError, match=message):
        score_sources(stats, weights)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 10_000), st.floats(0, 1), st.integers(0, 50_000),
            st.lists(st.floats(-48, 1e6, allow_nan=False), max_size=20),
            st.none() | st.floats(0, 1),
        ),
        min_size=1, max_size=8,
    ),
    st.dictionaries(st.sampled_from(PARTS), st.floats(0, 100), min_size=1),
)
def test_every_part_and_the_composite_stay_in_0_1(rows, weights):
    stats = [
        SourceStats(f"s{i}.example", n, math.floor(n * share), q, hours, rel)
        for i, (n, share, q, hours, rel) in enumerate(rows)
    ]
    for score in score_sources(stats, weights).values():
        for name in PARTS:
            value = getattr(score, name)
            assert value is None or 0.0 <= value <= 1.0
        assert 0.0 <= score.composite <= 1.0


def test_timeliness_uses_the_median_and_clamps_clock_skew():
    assert timeliness([0, 0, 200]) == 1.0  # one late piece does not sink a fast outlet
    assert timeliness([-3, -1, -2]) == 1.0
    assert timeliness([6, 6], half_life_h=6) == 0.5
    assert timeliness([]) == 0.0


def test_reliability_csv_reads_ratings_and_where_they_come_from(tmp_path):
    path = tmp_path / "sources.csv"
    path.write_text(
        "\ufeff# ratings exported on 2020-01-10\n"
        "Domain,Rating,Source,notes\n"
        "www.Example.org,0.9,Media Bias Panel 2019,\n"
        "\n"
        'news.example,0.25,,"multi\nline note"\n',
        encoding="utf-8",
    )
    assert load_reliability_csv(path) == {
        "example.org": (0.9, "Media Bias Panel 2019"),
        "news.example": (0.25, "sources.csv"),
    }


@pytest.mark.parametrize(
    ("body", "line", "reason"),
    [
        ("domain,rating\nexample.org,high\n", 2, "rating 'high' is not a number"),
        ("domain,rating\nexample.org,0.5\nexample.net,85\n", 3, r"outside 0\.\.1 \(divide 0-100"),
        ("domain,rating\nexample.org,nan\n", 2, "outside 0..1"),
        ("domain,rating\n,0.5\n", 2, "empty domain"),
        ("domain,rating\nhttps://example.org/,0.5\n", 2, "not a bare host name"),
        ("domain,rating\nexample.org,0.5\nwww.example.org,0.7\n", 3, "already rated on line 2"),
        ("domain,rating\nexample.org,0.5,extra\n", 2, "3 fields, the header has 2"),
        ("site,score\nexample.org,0.5\n", 1, "missing column"),
        ("# nothing but a comment\n", 1, "no header row"),
    ],
)
def test_reliability_csv_errors_carry_path_and_line(tmp_path, body, line, reason):
    path = tmp_path / "sources.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ValueError, match=rf"^{re.escape(str(path))}:{line}: ") as err:
        load_reliability_csv(path)
    assert err.match(reason)


def _noise(level: float, days: int, seed: int) -> list[int]:
    rng = random.Random(seed)
    return [max(0, round(rng.gauss(level, math.sqrt(level)))) for _ in range(days)]


def test_spike_and_decay_is_marked_from_its_first_day():
    counts = [*_noise(12, 30, seed=1), 180, 120, 70, 40, 24, *_noise(14, 20, seed=2)]
    spikes = detect_spikes(counts)
    assert spikes[0] == 30
    assert set(spikes) <= {30, 31, 32, 33, 34}
    assert {30, 31, 32} <= set(spikes)


@pytest.mark.parametrize("level", [0, 1, 3, 10, 60, 800])
def test_flat_noise_has_no_spikes(level):
    for seed in range(5):
        assert detect_spikes(_noise(level, 120, seed)) == []


def test_spikes_edge_cases():
    assert detect_spikes([]) == []
    assert detect_spikes([500, 0, 0]) == []  # no baseline for the first days
    assert detect_spikes([0] * 10 + [4]) == []  # below min_count
    assert detect_spikes([0] * 10 + [9]) == [10]
    with pytest.raises(ValueError):
        detect_spikes([1, 2, 3], window=0)


def test_second_spike_during_decay_is_found():
    # coverage decaying from the event day, then a retaliation night: the wide window's MAD is inflated
    # by the decay, the jump over the last three days is not
    counts = [393, 287, 209, 158, 146, 286, 136, 91, 147, 61, 32, 24, 20, 18, 17]
    assert detect_spikes(counts) == [5]
