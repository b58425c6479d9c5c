"""Share of voice on both backends: each period's shares sum to one, "other" is the quotes of everyone
not shown, and the rollup path (UTC days) and the raw path (a language filter) agree."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from db.engine import make_engine
from db.filters import Filters
from db.reads import figures as reads_figures
from db.reads import share
from db.reads import volume as reads_volume

EVENT = "merat-airport-strike"


@pytest.fixture
def engine(demo_store: str) -> Engine:
    return make_engine(demo_store)


def test_figure_shares_are_parts_of_every_attributed_quote(engine: Engine) -> None:
    f = Filters(event=EVENT)
    frame = share.figure_share(engine, f, 3, "person")
    sums = frame.groupby("period")["share"].sum()
    assert ((sums - 1).abs() < 1e-3).all()
    totals = share.quote_totals(engine, f, "person").set_index("period")["quotes"]
    per_period = frame.groupby("period")["quotes"].sum()
    assert per_period.to_dict() == {p: q for p, q in totals.items() if q}
    top = list(reads_figures.top_figures(engine, f, 3, "person")["figure"])
    assert list(dict.fromkeys(frame["figure"]))[:3] == top and share.OTHER in set(frame["figure"])
    table = share.figure_share_table(engine, f, 3, "person")
    assert list(table["figure"]) == top
    assert table["share"].iloc[0] == pytest.approx(table["quotes"].iloc[0] / totals.sum(), abs=1e-4)


def test_outlet_shares_sum_to_one_and_match_the_volume(engine: Engine) -> None:
    f = Filters(event=EVENT)
    frame = share.outlet_share(engine, f, 4)
    counted = frame.groupby("period")["articles"].sum()
    assert ((frame.groupby("period")["share"].sum() - 1).abs()[counted > 0] < 1e-3).all()
    volume = reads_volume.volume(engine, f, "source", 4)
    assert frame["articles"].sum() == volume["articles"].sum()
    table = share.outlet_share_table(engine, f, 4)
    assert table["share"].sum() == pytest.approx(1, abs=1e-3)
    assert table["articles"].sum() == volume["articles"].sum()


def test_rollup_and_raw_paths_agree(engine: Engine) -> None:
    rolled = share.quote_totals(engine, Filters(event=EVENT), None)
    raw = share.quote_totals(engine, Filters(event=EVENT, lang="en"), None)
    assert rolled["quotes"].sum() == raw["quotes"].sum() > 0
    assert share.figure_share(engine, Filters(event=EVENT, lang="zz"), 3).empty
