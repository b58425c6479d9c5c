"""Reads of the Geography page: the view's coverage by the outlets' country, for the map and the table
beside it.

One SQL GROUP BY per view over the outlets' countries: the daily rollup cells when the view is whole UTC
days with no language filter (what the rollups are keyed by), the filtered articles otherwise. The few
grouped rows (one per country as the sources list writes it) are then keyed by ISO 3166 alpha-3
(`db.countries.iso3`) so "US" and "United States" are one country on the map; a country with no code
(blank, or a name no ISO table knows) stays in the table, marked as not on the map.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, case, func, literal_column, select

from db.countries import iso3
from db.filters import Filters
from db.models import Article, DailyCoverage, Source
from db.reads._scope import event_id, filtered_articles, rollup_conditions, uses_rollup

UNKNOWN = "(unknown)"

COLUMNS = ["country", "iso3", "written_as", "articles", "share", "originals", "sources", "quotes", "mean_tone"]


def _grouped(engine: Engine, f: Filters) -> pd.DataFrame:
    """written_as (the sources list's country, None when blank), articles, originals, sources, quotes,
    tone_sum, tone_count: one row per country string in the view."""
    eid = event_id(engine, f.event)
    country = Source.country.label("written_as")
    if uses_rollup(f):
        stmt = (select(country, func.sum(DailyCoverage.articles), func.sum(DailyCoverage.originals),
                       func.count(func.distinct(DailyCoverage.source_id)), func.sum(DailyCoverage.quotes),
                       func.sum(DailyCoverage.tone_sum), func.sum(DailyCoverage.tone_count))
                .join(Source, Source.id == DailyCoverage.source_id)
                .where(*rollup_conditions(f, DailyCoverage, eid), DailyCoverage.articles > 0)
                .group_by(literal_column("written_as")))
    else:
        stmt = (filtered_articles(f, eid, country, func.count(),
                                  func.sum(case((Article.duplicate_of.is_(None), 1), else_=0)),
                                  func.count(func.distinct(Article.source_id)), func.sum(Article.quote_count),
                                  func.coalesce(func.sum(Article.tone), 0.0), func.count(Article.tone))
                .group_by(literal_column("written_as")))
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return pd.DataFrame(rows, columns=["written_as", "articles", "originals", "sources", "quotes", "tone_sum",
                                       "tone_count"])


def by_country(engine: Engine, f: Filters) -> pd.DataFrame:
    """country (ISO alpha-3, else as written, else "(unknown)"), iso3 (None when not on the map),
    written_as (the forms the sources list uses, joined by " / "), articles, share (of the view's
    articles), originals, sources, quotes, mean_tone — most articles first."""
    grouped = _grouped(engine, f)
    if grouped.empty:
        return pd.DataFrame(columns=COLUMNS)
    grouped["iso3"] = [iso3(w) if isinstance(w, str) else None for w in grouped["written_as"]]
    written = grouped["written_as"].fillna(UNKNOWN).astype(str).str.strip().replace("", UNKNOWN)
    grouped["country"] = grouped["iso3"].where(grouped["iso3"].notna(), written)
    grouped["written_as"] = written
    for col in ("articles", "originals", "sources", "quotes", "tone_count"):
        grouped[col] = grouped[col].fillna(0).astype("int64")
    grouped["tone_sum"] = grouped["tone_sum"].fillna(0.0).astype(float)
    frame = (grouped.sort_values("articles", ascending=False, kind="stable")
             .groupby("country", sort=False, dropna=False)
             .agg(iso3=("iso3", "first"), written_as=("written_as", lambda s: " / ".join(dict.fromkeys(s))),
                  articles=("articles", "sum"), originals=("originals", "sum"), sources=("sources", "sum"),
                  quotes=("quotes", "sum"), tone_sum=("tone_sum", "sum"), tone_count=("tone_count", "sum"))
             .reset_index())
    total = int(frame["articles"].sum())
    frame["share"] = (frame["articles"] / total).round(4) if total else 0.0
    frame["mean_tone"] = (frame["tone_sum"] / frame["tone_count"].where(frame["tone_count"] > 0)).round(4)
    frame = frame.sort_values(["articles", "country"], ascending=[False, True], kind="stable")
    return frame[COLUMNS].reset_index(drop=True)
