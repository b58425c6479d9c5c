"""Reads of the Volume page: articles per period stacked by source, country or language, cumulative
views, and spike detection over a daily series.

Spikes are pure Python over a list of counts (what the series reads return) and touch no database.
A day i is a spike when, against the trailing window counts[i-window:i] (at least `min_history` days):

    count[i] >= min_count   and   count[i] > median + k · max(1.4826 · MAD, sqrt(median + 1))

Median and MAD (median absolute deviation; ×1.4826 makes it comparable to a standard deviation on normal
data) rather than mean and standard deviation, so the spike itself, or an earlier one still inside the
window, does not inflate the baseline and hide the next. The sqrt(median + 1) floor is the Poisson noise
of a count: without it a perfectly flat series (MAD 0) would flag any +1, and small counts would flag
ordinary jitter. Days after a spike stay marked as long as they remain far above the pre-spike baseline,
so a spike-and-decay reads as a run of markers that ends when coverage returns to normal.
"""

from __future__ import annotations

import math
import statistics
from typing import Any

import pandas as pd
from sqlalchemy import Engine, case, func, literal_column, select

from db.filters import Filters
from db.models import Article, DailyCoverage, Source
from db.reads._buckets import FREQ, periods, raw_bucket, to_local, zero_fill
from db.reads._scope import event_id, filtered_articles, rollup_conditions, uses_rollup
from db.reads._scope import event_start as event_start

GROUPINGS = ("source", "country", "language")


UNKNOWN = "(unknown)"


OTHER = "other"


def _group_column(by: str) -> Any:
    """SQL expression of a grouping; language is the article's own (never on the rollup path)."""
    return {"source": Source.domain, "country": Source.country, "language": Article.language}[by]


def coverage_cells(engine: Engine, f: Filters, by: str) -> pd.DataFrame:
    """period (local bucket), group, articles, originals, tone_sum, tone_count — rollup or raw buckets."""
    eid = event_id(engine, f.event)
    rollup = uses_rollup(f) and by != "language"
    group = _group_column(by).label("grp")
    if rollup:
        stmt = (select(DailyCoverage.day, group, func.sum(DailyCoverage.articles),
                       func.sum(DailyCoverage.originals), func.sum(DailyCoverage.tone_sum),
                       func.sum(DailyCoverage.tone_count))
                .join(Source, Source.id == DailyCoverage.source_id)
                .where(*rollup_conditions(f, DailyCoverage, eid))
                .group_by(DailyCoverage.day, literal_column("grp")))
    else:
        bucket = raw_bucket(engine, f).label("bucket")
        stmt = (filtered_articles(f, eid, bucket, group, func.count(),
                                  func.sum(case((Article.duplicate_of.is_(None), 1), else_=0)),
                                  func.coalesce(func.sum(Article.tone), 0.0), func.count(Article.tone))
                .group_by(literal_column("bucket"), literal_column("grp")))
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    frame = pd.DataFrame(rows, columns=["period", "group", "articles", "originals", "tone_sum", "tone_count"])
    frame["group"] = frame["group"].fillna(UNKNOWN)
    return to_local(frame, f, raw=not rollup)


def volume(engine: Engine, f: Filters, by: str = "source", top: int = 8, originals: bool = False) -> pd.DataFrame:
    """period, group, articles — articles (or only originals) per period stacked by source, country or
    language; the `top` largest groups over the range by name, the rest summed as "other"; zero-filled."""
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {', '.join(GROUPINGS)}, got {by!r}")
    cells = coverage_cells(engine, f, by)
    measure = "originals" if originals else "articles"
    cells = cells[["period", "group", measure]].rename(columns={measure: "articles"})
    totals = cells.groupby("group")["articles"].sum().sort_values(ascending=False, kind="stable")
    keep = set(totals.index[:top])
    cells["group"] = cells["group"].where(cells["group"].isin(keep), OTHER)
    frame = periods(cells, FREQ[f.gran], ["group"])
    if frame.empty:
        return pd.DataFrame(columns=["period", "group", "articles"])
    order = [g for g in totals.index if g in keep] + ([OTHER] if OTHER in set(frame["group"]) else [])
    frame = zero_fill(frame, engine, f, FREQ[f.gran], "group")
    frame["articles"] = frame["articles"].astype("int64")
    frame["group"] = pd.Categorical(frame["group"], categories=order, ordered=True)
    frame = frame.sort_values(["group", "period"]).reset_index(drop=True)
    frame["group"] = frame["group"].astype(str)
    return frame


def cumulative(frame: pd.DataFrame, value: str = "articles", key: str = "group") -> pd.DataFrame:
    """The same long frame with `value` running-summed per `key` over periods (for the cumulative view)."""
    out = frame.sort_values([key, "period"]).copy()
    out[value] = out.groupby(key)[value].cumsum()
    return out.reset_index(drop=True)


MAD_TO_SD = 1.4826


def spike_threshold(history: list[int], k: float) -> float:
    """The count above which a day is a spike, given the days before it (see module doc)."""
    median = statistics.median(history)
    mad = statistics.median(abs(c - median) for c in history)
    return median + k * max(MAD_TO_SD * mad, math.sqrt(median + 1.0))


JUMP_DAYS = 3


JUMP_RATIO = 1.3


def is_jump(recent: list[int], count: int, k: float) -> bool:
    """A burst above every one of the last `JUMP_DAYS` days: at least `JUMP_RATIO` times their maximum and
    k Poisson deviations above it. Catches a second spike while coverage of the first is still decaying,
    when the wide window's MAD (inflated by the decay) hides it; the maximum, not the median, keeps one
    quiet day from making ordinary noise look like a burst."""
    top = max(recent)
    return count >= JUMP_RATIO * top and count - top > k * math.sqrt(top + 1.0)


def detect_spikes(
    counts: list[int], window: int = 14, k: float = 4.0, min_count: int = 5, min_history: int = 5
) -> list[int]:
    """Indices of the days whose count is a robust outlier against the trailing window, or a jump
    against the last few days, ascending.

    The first `min_history` days are never spikes: there is no baseline to judge them against.
    """
    if window < 1 or min_history < 1 or k <= 0:
        raise ValueError("window and min_history must be >= 1 and k > 0")
    spikes = []
    for i, count in enumerate(counts):
        history = counts[max(0, i - window) : i]
        if len(history) < min(min_history, window) or count < min_count:
            continue
        if count > spike_threshold(history, k) or is_jump(history[-JUMP_DAYS:], count, k):
            spikes.append(i)
    return spikes
