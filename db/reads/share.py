"""Reads of the Share of voice page: each figure's part of the attributed quotes, and each outlet's part
of the coverage, per period and over the whole view.

Why shares beside counts: a figure quoted 40 times on the day after the event and 10 times a week later
may have gained ground, because the whole event went quiet; only the share says who leads the
conversation. The sums are made in SQL (rollups where the view allows, like every other page); the
division happens here, over the few rows per period that come back.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, func, literal_column, select

from db.filters import Filters
from db.models import Article, Figure, Quote
from db.reads._buckets import FREQ, periods, raw_bucket, to_local, zero_fill
from db.reads._scope import event_id, figure_rollup, filtered_articles, rollup_conditions, uses_rollup
from db.reads.figures import figure_trends, kind_condition, top_figures
from db.reads.volume import OTHER, volume

FIGURE_COLUMNS = ["period", "figure", "quotes", "share"]
OUTLET_COLUMNS = ["period", "source", "articles", "share"]


def _share(frame: pd.DataFrame, value: str, by: str = "period") -> pd.Series:
    """Each row's part of its period's total (0 where the period has none)."""
    totals = frame.groupby(by)[value].transform("sum")
    return (frame[value] / totals.where(totals > 0)).fillna(0.0).astype(float).round(4)


def quote_totals(engine: Engine, f: Filters, kind: str | None = None) -> pd.DataFrame:
    """period, quotes — every attributed quote of the view per period (people or organisations with
    `kind`), zero-filled: the whole that shares of voice are parts of."""
    eid = event_id(engine, f.event)
    if uses_rollup(f):
        cells = figure_rollup(f)
        stmt = (select(cells.day, func.sum(cells.quotes)).join(Figure, Figure.id == cells.figure_id)
                .where(*rollup_conditions(f, cells, eid), kind_condition(kind)).group_by(cells.day))
    else:
        bucket = raw_bucket(engine, f).label("bucket")
        stmt = (filtered_articles(f, eid, bucket, func.count()).join(Quote, Quote.article_id == Article.id)
                .join(Figure, Figure.id == Quote.figure_id).where(kind_condition(kind))
                .group_by(literal_column("bucket")))
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    frame = to_local(pd.DataFrame(rows, columns=["period", "quotes"]), f, raw=not uses_rollup(f))
    frame = periods(frame, FREQ[f.gran], [])
    if frame.empty:
        return pd.DataFrame(columns=["period", "quotes"])
    frame = zero_fill(frame, engine, f, FREQ[f.gran], None)
    frame["quotes"] = frame["quotes"].astype("int64")
    return frame


def figure_share(engine: Engine, f: Filters, top: int = 8, kind: str | None = "person") -> pd.DataFrame:
    """period, figure, quotes, share — the `top` most quoted figures' quotes per period and their part of
    all attributed quotes of that period; the rest as "other", so each period's shares sum to 1."""
    totals = quote_totals(engine, f, kind)
    if totals.empty or not totals["quotes"].sum():
        return pd.DataFrame(columns=FIGURE_COLUMNS)
    trends = figure_trends(engine, f, top, kind)[["period", "figure", "quotes"]]
    named = trends.groupby("period", as_index=False)["quotes"].sum().rename(columns={"quotes": "named"})
    rest = totals.merge(named, on="period", how="left").fillna({"named": 0})
    rest = pd.DataFrame({"period": rest["period"], "figure": OTHER,
                         "quotes": (rest["quotes"] - rest["named"]).astype("int64")})
    frame = pd.concat([trends, rest[rest["quotes"] > 0]] if rest["quotes"].any() else [trends], ignore_index=True)
    frame["share"] = _share(frame, "quotes")
    return frame[FIGURE_COLUMNS].reset_index(drop=True)


def figure_share_table(engine: Engine, f: Filters, limit: int = 15, kind: str | None = "person") -> pd.DataFrame:
    """figure, quotes, share — over the whole view: the most quoted figures and their part of every
    attributed quote (the rest of the quotes are others', so the column need not sum to 1)."""
    top = top_figures(engine, f, limit, kind)[["figure", "quotes"]]
    whole = int(quote_totals(engine, f, kind)["quotes"].sum()) if not top.empty else 0
    top["share"] = (top["quotes"] / whole).round(4) if whole else 0.0
    return top.reset_index(drop=True)


def outlet_share(engine: Engine, f: Filters, top: int = 8, originals: bool = False) -> pd.DataFrame:
    """period, source, articles, share — the `top` outlets' articles (or originals) per period and their
    part of the event's coverage in that period; the rest as "other"."""
    frame = volume(engine, f, "source", top, originals)
    if frame.empty:
        return pd.DataFrame(columns=OUTLET_COLUMNS)
    frame = frame.rename(columns={"group": "source"})
    frame["share"] = _share(frame, "articles")
    return frame[OUTLET_COLUMNS]


def outlet_share_table(engine: Engine, f: Filters, top: int = 15, originals: bool = False) -> pd.DataFrame:
    """source, articles, share — over the whole view, the `top` outlets and "other" (sums to 1)."""
    frame = outlet_share(engine, f, top, originals)
    if frame.empty:
        return pd.DataFrame(columns=["source", "articles", "share"])
    table = frame.groupby("source", as_index=False, sort=False)["articles"].sum()
    table["share"] = _share(table.assign(all=0), "articles", "all")
    return table.sort_values(["articles", "source"], ascending=[False, True], kind="stable").reset_index(drop=True)
