"""Time buckets: SQL groups published times into UTC quarter hours or days; the few buckets that come back
are shifted into the view's time zone and summed into hours, days or ISO weeks here. The one home of both.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from db.filters import Filters, zone
from db.models import Article
from db.reads._scope import event_span
from db.rollups import QUARTER_S, day_of, quarter_of

FREQ = {"hour": "h", "day": "D", "week": "W"}


def hour_bucket(engine: Engine) -> Any:
    """The UTC quarter hour of an article, as its bucket number (`rollups.quarter_of`). Quarter hours and
    not hours: a zone such as Tehran (+3:30) or Kathmandu (+5:45) starts its local days and hours inside a
    UTC hour, so UTC hours shifted into it put the articles of the half hour before midnight on the next
    day."""
    return quarter_of(Article.published_at, engine.dialect.name)


def raw_bucket(engine: Engine, f: Filters) -> Any:
    """UTC day when whole UTC days suffice, else UTC quarter hour (shifted into the zone afterwards)."""
    if f.is_utc and f.gran != "hour":
        return day_of(Article.published_at)
    return hour_bucket(engine)


def from_quarters(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame whose `period` holds quarter_hour_coverage buckets, with UTC timestamps there instead
    (to be shifted by `to_local(..., raw=True)` like raw buckets)."""
    frame["period"] = pd.to_datetime(frame["period"].astype("int64") * QUARTER_S, unit="s", utc=True)
    return frame


def to_local(frame: pd.DataFrame, f: Filters, raw: bool) -> pd.DataFrame:
    """Bucket stamps as naive local times: raw buckets are UTC (days, or quarter-hour numbers) and shifted,
    rollup days are taken as is."""
    if raw and pd.api.types.is_numeric_dtype(frame["period"]) and len(frame):
        frame = from_quarters(frame)
    if raw:
        stamps = pd.to_datetime(frame["period"], utc=True)
        frame["period"] = stamps.dt.tz_convert(zone(f.tz)).dt.tz_localize(None)
    else:
        frame["period"] = pd.to_datetime(frame["period"])
    return frame


def periods(frame: pd.DataFrame, freq: str, keys: list[str]) -> pd.DataFrame:
    """Sum buckets into periods of `freq` (h, D, W starting Monday) per `keys`.

    Every other column is a measure; PostgreSQL returns SUM(bigint) as numeric (Decimal objects), so
    measures are made numbers first rather than being dropped as non-numeric."""
    if frame.empty:
        return frame
    values = [c for c in frame.columns if c not in ("period", *keys)]
    keyed = frame.assign(period=frame["period"].dt.to_period(freq).dt.start_time)
    keyed[values] = keyed[values].apply(pd.to_numeric)
    return keyed.groupby(["period", *keys], as_index=False)[values].sum()


def full_range(frame: pd.DataFrame, f: Filters, engine: Engine, freq: str) -> pd.DatetimeIndex:
    first, last = f.date_from, f.date_to
    if first is None or last is None:
        span = event_span(engine, f.event)
        first = first or span[0] or (frame["period"].min().date() if len(frame) else dt.date.today())
        last = last or span[1] or first
    end = pd.Timestamp(last) + (pd.Timedelta(hours=23) if freq == "h" else pd.Timedelta(0))
    start = pd.Timestamp(first).to_period(freq).start_time
    return pd.date_range(start, end, freq={"h": "h", "D": "D", "W": "W-MON"}[freq])


def zero_fill(frame: pd.DataFrame, engine: Engine, f: Filters, freq: str, key: str | None) -> pd.DataFrame:
    """One row per period of the filtered range (and per group when `key`), missing cells as 0."""
    index = full_range(frame, f, engine, freq)
    values = [c for c in frame.columns if c not in ("period", key)]
    if key is None:
        full = frame.set_index("period").reindex(index, fill_value=0).rename_axis("period")
        return full.reset_index()[["period", *values]]
    groups = list(dict.fromkeys(frame[key]))
    grid = pd.MultiIndex.from_product([index, groups], names=["period", key])
    return frame.set_index(["period", key]).reindex(grid, fill_value=0).reset_index()
