"""Reads behind the analyst's pages (volume, tone, figures, sources, health), each a DataFrame of a
documented shape aggregated in SQL.

The same rule as `db.queries`: UTC views by day or week read the daily rollups (cost grows with days x
sources); a view in another time zone, by the hour, by article language or needing what the rollups do
not keep (a sum of squares, a first publication time) aggregates raw rows in SQL to UTC hours (or days)
and only those few buckets are shifted into the chosen zone and summed into periods here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import Engine, case, func, literal, literal_column, select

from db import queries
from db.filters import Filters, zone
from db.models import Article, DailyCoverage, DailyFigure, Event, FetchState, Figure, FigureAlias, Quote, Source
from db.queries import event_id, filtered_articles, top_figures
from db.rollups import day_of

GROUPINGS = ("source", "country", "language")
FREQ = {"hour": "h", "day": "D", "week": "W"}
UNKNOWN = "(unknown)"
OTHER = "other"
Z95 = 1.959964


# ---------------------------------------------------------------- shared bucketing


def _raw_bucket(engine: Engine, f: Filters) -> Any:
    """UTC day when whole UTC days suffice, else UTC hour (shifted into the zone afterwards)."""
    if f.is_utc and f.gran != "hour":
        return day_of(Article.published_at)
    return queries.hour_bucket(engine)


def _to_local(frame: pd.DataFrame, f: Filters, raw: bool) -> pd.DataFrame:
    """Bucket stamps as naive local times: raw buckets are UTC and shifted, rollup days are taken as is."""
    if raw:
        stamps = pd.to_datetime(frame["period"], utc=True)
        frame["period"] = stamps.dt.tz_convert(zone(f.tz)).dt.tz_localize(None)
    else:
        frame["period"] = pd.to_datetime(frame["period"])
    return frame


def _periods(frame: pd.DataFrame, freq: str, keys: list[str]) -> pd.DataFrame:
    """Sum buckets into periods of `freq` (h, D, W starting Monday) per `keys`."""
    if frame.empty:
        return frame
    keyed = frame.assign(period=frame["period"].dt.to_period(freq).dt.start_time)
    return keyed.groupby(["period", *keys], as_index=False).sum(numeric_only=True)


def _zero_fill(frame: pd.DataFrame, engine: Engine, f: Filters, freq: str, key: str | None) -> pd.DataFrame:
    """One row per period of the filtered range (and per group when `key`), missing cells as 0."""
    index = queries.full_range(frame, f, engine, freq)
    values = [c for c in frame.columns if c not in ("period", key)]
    if key is None:
        full = frame.set_index("period").reindex(index, fill_value=0).rename_axis("period")
        return full.reset_index()[["period", *values]]
    groups = list(dict.fromkeys(frame[key]))
    grid = pd.MultiIndex.from_product([index, groups], names=["period", key])
    return frame.set_index(["period", key]).reindex(grid, fill_value=0).reset_index()


def _group_column(by: str) -> Any:
    """SQL expression of a grouping; language is the article's own (never on the rollup path)."""
    return {"source": Source.domain, "country": Source.country, "language": Article.language}[by]


def _coverage_cells(engine: Engine, f: Filters, by: str) -> pd.DataFrame:
    """period (local bucket), group, articles, originals, tone_sum, tone_count — rollup or raw buckets."""
    eid = event_id(engine, f.event)
    rollup = queries.uses_rollup(f) and by != "language"
    group = _group_column(by).label("grp")
    if rollup:
        stmt = (select(DailyCoverage.day, group, func.sum(DailyCoverage.articles),
                       func.sum(DailyCoverage.originals), func.sum(DailyCoverage.tone_sum),
                       func.sum(DailyCoverage.tone_count))
                .join(Source, Source.id == DailyCoverage.source_id)
                .where(*queries.rollup_conditions(f, DailyCoverage, eid))
                .group_by(DailyCoverage.day, literal_column("grp")))
    else:
        bucket = _raw_bucket(engine, f).label("bucket")
        stmt = (filtered_articles(f, eid, bucket, group, func.count(),
                                  func.sum(case((Article.duplicate_of.is_(None), 1), else_=0)),
                                  func.coalesce(func.sum(Article.tone), 0.0), func.count(Article.tone))
                .group_by(literal_column("bucket"), literal_column("grp")))
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    frame = pd.DataFrame(rows, columns=["period", "group", "articles", "originals", "tone_sum", "tone_count"])
    frame["group"] = frame["group"].fillna(UNKNOWN)
    return _to_local(frame, f, raw=not rollup)


# ---------------------------------------------------------------- volume


def volume(engine: Engine, f: Filters, by: str = "source", top: int = 8, originals: bool = False) -> pd.DataFrame:
    """period, group, articles — articles (or only originals) per period stacked by source, country or
    language; the `top` largest groups over the range by name, the rest summed as "other"; zero-filled."""
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {', '.join(GROUPINGS)}, got {by!r}")
    cells = _coverage_cells(engine, f, by)
    measure = "originals" if originals else "articles"
    cells = cells[["period", "group", measure]].rename(columns={measure: "articles"})
    totals = cells.groupby("group")["articles"].sum().sort_values(ascending=False, kind="stable")
    keep = set(totals.index[:top])
    cells["group"] = cells["group"].where(cells["group"].isin(keep), OTHER)
    frame = _periods(cells, FREQ[f.gran], ["group"])
    if frame.empty:
        return pd.DataFrame(columns=["period", "group", "articles"])
    order = [g for g in totals.index if g in keep] + ([OTHER] if OTHER in set(frame["group"]) else [])
    frame = _zero_fill(frame, engine, f, FREQ[f.gran], "group")
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


# ---------------------------------------------------------------- tone


def tone_band(engine: Engine, f: Filters) -> pd.DataFrame:
    """period, articles, mean_tone, sd, ci_low, ci_high — mean article tone per period with a 95 %
    normal-approximation confidence interval (mean ± 1.96·sd/√n; no band below 2 toned articles).

    The rollups keep tone sums and counts but no sum of squares, so this groups raw rows in SQL.
    """
    eid = event_id(engine, f.event)
    bucket = _raw_bucket(engine, f).label("bucket")
    stmt = (filtered_articles(f, eid, bucket, func.count(Article.tone), func.coalesce(func.sum(Article.tone), 0.0),
                              func.coalesce(func.sum(Article.tone * Article.tone), 0.0))
            .where(Article.tone.is_not(None)).group_by(literal_column("bucket")))
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    frame = _to_local(pd.DataFrame(rows, columns=["period", "n", "s", "ss"]), f, raw=True)
    frame = _zero_fill(_periods(frame, FREQ[f.gran], []), engine, f, FREQ[f.gran], None)
    n = frame["n"].astype("int64")
    mean = frame["s"] / n.where(n > 0)
    var = ((frame["ss"] - n * mean**2) / (n - 1).where(n > 1)).clip(lower=0)
    half = Z95 * (var**0.5) / n.where(n > 1) ** 0.5
    return pd.DataFrame({"period": frame["period"], "articles": n, "mean_tone": mean.round(4),
                         "sd": (var**0.5).round(4), "ci_low": (mean - half).round(4),
                         "ci_high": (mean + half).round(4)})


def tone_heatmap(engine: Engine, f: Filters) -> pd.DataFrame:
    """source, day, articles, mean_tone — one row per source and day with coverage (days in the zone)."""
    cells = _periods(_coverage_cells(engine, f, "source"), "D", ["group"])
    if cells.empty:
        return pd.DataFrame(columns=["source", "day", "articles", "mean_tone"])
    cells = cells[cells["articles"] > 0]
    mean = (cells["tone_sum"] / cells["tone_count"].where(cells["tone_count"] > 0)).round(4)
    return pd.DataFrame({"source": cells["group"], "day": cells["period"].dt.date,
                         "articles": cells["articles"].astype("int64"), "mean_tone": mean}).reset_index(drop=True)


def tone_histogram(engine: Engine, f: Filters, bins: int = 20) -> pd.DataFrame:
    """tone_from, tone_to, articles — article tones counted into `bins` equal buckets over −1…1 in SQL."""
    eid = event_id(engine, f.event)
    edges = [-1 + 2 * i / bins for i in range(bins + 1)]
    bucket = sum((case((Article.tone >= edge, 1), else_=0) for edge in edges[1:-1]), literal(0)).label("b")
    stmt = (filtered_articles(f, eid, bucket, func.count()).where(Article.tone.is_not(None))
            .group_by(literal_column("b")))
    with engine.connect() as conn:
        counts: dict[int, int] = {int(b): int(n) for b, n in conn.execute(stmt).all()}
    return pd.DataFrame({"tone_from": [round(e, 3) for e in edges[:-1]], "tone_to": [round(e, 3) for e in edges[1:]],
                         "articles": [counts.get(i, 0) for i in range(bins)]})


def tone_extremes(engine: Engine, f: Filters, n: int = 10, positive: bool = False) -> pd.DataFrame:
    """published_at, source, title, tone, url — the `n` most negative (or positive) original articles
    (syndicated copies left out so one wire story does not fill the list)."""
    eid = event_id(engine, f.event)
    order = Article.tone.desc() if positive else Article.tone.asc()
    stmt = (filtered_articles(f, eid, Article.published_at, Source.domain, Article.title, Article.tone, Article.url)
            .where(Article.tone.is_not(None), Article.duplicate_of.is_(None)).order_by(order, Article.id).limit(n))
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    frame = pd.DataFrame(rows, columns=["published_at", "source", "title", "tone", "url"])
    frame["published_at"] = pd.to_datetime(frame["published_at"], utc=True).dt.tz_convert(zone(f.tz))
    frame["tone"] = frame["tone"].astype(float).round(4)
    return frame


def event_start(engine: Engine, slug: str) -> dt.date | None:
    """The event's configured start day (None when not configured)."""
    with engine.connect() as conn:
        return conn.execute(select(Event.start).where(Event.slug == slug)).scalar_one_or_none()


def split_day(f: Filters, start: dt.date | None) -> tuple[dt.date, str]:
    """Where to split before/after comparisons, and why: the event start when the view has days before it;
    otherwise (a view opening on the start day has no "before") one week into the view."""
    assert f.date_from and f.date_to
    if start and f.date_from < start <= f.date_to:
        return start, "the event start"
    return min(f.date_from + dt.timedelta(days=7), f.date_to), "one week into the view (no days before the start)"


def tone_before_after(engine: Engine, f: Filters, split: dt.date) -> pd.DataFrame:
    """source, articles_before, tone_before, articles_after, tone_after, change — each source's mean tone
    before and from the day `split` (usually the event start; a day in the filter's zone), most articles
    first."""
    cells = _coverage_cells(engine, f, "source")
    if cells.empty:
        return pd.DataFrame(columns=["source", "articles_before", "tone_before", "articles_after", "tone_after",
                                     "change"])
    cells["side"] = (cells["period"] >= pd.Timestamp(split)).map({False: "before", True: "after"})
    sums = cells.groupby(["group", "side"])[["articles", "tone_sum", "tone_count"]].sum().unstack("side",
                                                                                                 fill_value=0)
    out = pd.DataFrame({"source": sums.index})
    for side in ("before", "after"):
        arts = sums["articles"].get(side, pd.Series(0, index=sums.index))
        tsum = sums["tone_sum"].get(side, pd.Series(0.0, index=sums.index))
        tcount = sums["tone_count"].get(side, pd.Series(0, index=sums.index))
        out[f"articles_{side}"] = arts.astype("int64").to_numpy()
        out[f"tone_{side}"] = (tsum / tcount.where(tcount > 0)).round(4).to_numpy()
    out["change"] = (out["tone_after"] - out["tone_before"]).round(4)
    total = out["articles_before"] + out["articles_after"]
    return out.assign(_t=total).sort_values(["_t", "source"], ascending=[False, True]).drop(columns="_t") \
        .reset_index(drop=True)


# ---------------------------------------------------------------- figures


def _figure_cells(engine: Engine, f: Filters, names: list[str], by_source: bool = False) -> pd.DataFrame:
    """period (local bucket), group (figure or source), quotes, tone_sum, tone_count for figures `names`."""
    eid = event_id(engine, f.event)
    group = (Source.domain if by_source else Figure.name).label("grp")
    if queries.uses_rollup(f):
        stmt = (select(DailyFigure.day, group, func.sum(DailyFigure.quotes), func.sum(DailyFigure.tone_sum),
                       func.sum(DailyFigure.tone_count))
                .join(Figure, Figure.id == DailyFigure.figure_id).join(Source, Source.id == DailyFigure.source_id)
                .where(*queries.rollup_conditions(f, DailyFigure, eid), Figure.name.in_(names))
                .group_by(DailyFigure.day, literal_column("grp")))
    else:
        bucket = _raw_bucket(engine, f).label("bucket")
        stmt = (filtered_articles(f, eid, bucket, group, func.count(), func.coalesce(func.sum(Quote.tone), 0.0),
                                  func.count(Quote.tone))
                .join(Quote, Quote.article_id == Article.id).join(Figure, Figure.id == Quote.figure_id)
                .where(Figure.name.in_(names)).group_by(literal_column("bucket"), literal_column("grp")))
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    frame = pd.DataFrame(rows, columns=["period", "group", "quotes", "tone_sum", "tone_count"])
    return _to_local(frame, f, raw=not queries.uses_rollup(f))


def _mean(frame: pd.DataFrame) -> pd.Series:
    return (frame["tone_sum"] / frame["tone_count"].where(frame["tone_count"] > 0)).astype(float).round(4)


def figure_trends(engine: Engine, f: Filters, top: int = 8) -> pd.DataFrame:
    """period, figure, quotes, rank — quotes per period of the `top` most quoted figures, zero-filled;
    rank is the figure's place among them in that period (1 = most quoted; empty when unquoted)."""
    names = list(top_figures(engine, f, top)["figure"])
    cells = _periods(_figure_cells(engine, f, names), FREQ[f.gran], ["group"])
    if cells.empty:
        return pd.DataFrame(columns=["period", "figure", "quotes", "rank"])
    frame = _zero_fill(cells[["period", "group", "quotes"]], engine, f, FREQ[f.gran], "group")
    frame = frame.rename(columns={"group": "figure"})
    frame["quotes"] = frame["quotes"].astype("int64")
    ranks = frame["quotes"].where(frame["quotes"] > 0).groupby(frame["period"]).rank(method="min", ascending=False)
    frame["rank"] = ranks.astype("Int64")
    frame["figure"] = pd.Categorical(frame["figure"], categories=names, ordered=True)
    frame = frame.sort_values(["figure", "period"]).reset_index(drop=True)
    frame["figure"] = frame["figure"].astype(str)
    return frame


def figure_ranks(engine: Engine, f: Filters, before: Filters, top: int = 15) -> pd.DataFrame:
    """figure, quotes, rank, quotes_before, rank_before, rank_change — the view's most quoted figures
    against the period of equal length just before (positive change = climbed)."""
    now = top_figures(engine, f, top).reset_index(drop=True)
    prev = top_figures(engine, before, 1000).reset_index(drop=True)
    now["rank"] = now.index + 1
    prev["rank_before"] = (prev.index + 1).astype("int64")
    out = now.merge(prev.rename(columns={"quotes": "quotes_before"})[["figure", "quotes_before", "rank_before"]],
                    on="figure", how="left")
    out["quotes_before"] = out["quotes_before"].fillna(0).astype("int64")
    out["rank_before"] = out["rank_before"].astype("Int64")
    out["rank_change"] = (out["rank_before"] - out["rank"]).astype("Int64")
    return out[["figure", "quotes", "rank", "quotes_before", "rank_before", "rank_change"]]


def figure_series(engine: Engine, f: Filters, figure: str) -> pd.DataFrame:
    """period, quotes, mean_tone — one figure's quotes per period and their mean tone, zero-filled."""
    cells = _periods(_figure_cells(engine, f, [figure]).drop(columns="group"), FREQ[f.gran], [])
    frame = _zero_fill(cells, engine, f, FREQ[f.gran], None) if not cells.empty else cells
    if frame.empty:
        return pd.DataFrame(columns=["period", "quotes", "mean_tone"])
    return pd.DataFrame({"period": frame["period"], "quotes": frame["quotes"].astype("int64"),
                         "mean_tone": _mean(frame)})


def figure_outlets(engine: Engine, f: Filters, figure: str) -> pd.DataFrame:
    """source, quotes, mean_tone — which outlets quote one figure, most quotes first."""
    cells = _figure_cells(engine, f, [figure], by_source=True)
    sums = cells.groupby("group", as_index=False)[["quotes", "tone_sum", "tone_count"]].sum()
    out = pd.DataFrame({"source": sums["group"], "quotes": sums["quotes"].astype("int64"), "mean_tone": _mean(sums)})
    return out.sort_values(["quotes", "source"], ascending=[False, True]).reset_index(drop=True)


def figure_aliases(engine: Engine, f: Filters, figure: str) -> pd.DataFrame:
    """name, quotes, in_alias_table — every spelling merged into one figure: the alias table's entries and
    the speaker names actually written in the view's quotes, with how many quotes used each."""
    eid = event_id(engine, f.event)
    known = select(FigureAlias.alias).join(Figure, Figure.id == FigureAlias.figure_id).where(Figure.name == figure)
    seen = (filtered_articles(f, eid, Quote.speaker_raw, func.count()).join(Quote, Quote.article_id == Article.id)
            .join(Figure, Figure.id == Quote.figure_id).where(Figure.name == figure, Quote.speaker_raw.is_not(None))
            .group_by(Quote.speaker_raw))
    with engine.connect() as conn:
        aliases = set(conn.execute(known).scalars())
        counts: dict[str, int] = {str(name): int(n) for name, n in conn.execute(seen).all()}
    names = sorted(aliases | set(counts), key=lambda n: (-counts.get(n, 0), n))
    return pd.DataFrame({"name": names, "quotes": [counts.get(n, 0) for n in names],
                         "in_alias_table": [n in aliases for n in names]})


def article_figures(engine: Engine, urls: tuple[str, ...]) -> pd.DataFrame:
    """url, figures — the distinct figures quoted in each of these articles (one page of the articles
    table), names joined by "; "; articles without attributed quotes are left out."""
    stmt = (select(Article.url, Figure.name).join(Quote, Quote.article_id == Article.id)
            .join(Figure, Figure.id == Quote.figure_id).where(Article.url.in_(urls)).distinct()
            .order_by(Article.url, Figure.name))
    with engine.connect() as conn:
        rows = pd.DataFrame(conn.execute(stmt).all(), columns=["url", "figure"])
    return rows.groupby("url", as_index=False).agg(figures=("figure", "; ".join))


# ---------------------------------------------------------------- sources


def source_profile(engine: Engine, f: Filters) -> pd.DataFrame:
    """source, country, language, articles, originals, mean_tone, quotes, first_article, hours_after_first —
    per source in the view; first_article (in the zone) needs raw rows, so this is one SQL GROUP BY over
    them. Earliest first."""
    eid = event_id(engine, f.event)
    qc = select(Quote.article_id, func.count().label("n")).group_by(Quote.article_id).subquery()
    stmt = (filtered_articles(f, eid, Source.domain, Source.country, Source.language, func.count(),
                              func.sum(case((Article.duplicate_of.is_(None), 1), else_=0)), func.avg(Article.tone),
                              func.coalesce(func.sum(qc.c.n), 0), func.min(Article.published_at))
            .outerjoin(qc, qc.c.article_id == Article.id)
            .group_by(Source.domain, Source.country, Source.language))
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    cols = ["source", "country", "language", "articles", "originals", "mean_tone", "quotes", "first_article"]
    frame = pd.DataFrame(rows, columns=cols)
    first = pd.to_datetime(frame["first_article"], utc=True)
    frame["hours_after_first"] = ((first - first.min()).dt.total_seconds() / 3600).round(1)
    frame["first_article"] = first.dt.tz_convert(zone(f.tz))
    for col in ("articles", "originals", "quotes"):
        frame[col] = frame[col].astype("int64")
    frame["mean_tone"] = frame["mean_tone"].astype(float).round(4)
    return frame.sort_values(["first_article", "source"]).reset_index(drop=True)


# ---------------------------------------------------------------- health


def fetch_inputs(engine: Engine, limit: int = 500) -> pd.DataFrame:
    """url, is_source, last_status, failures_in_row, last_error, last_attempt_at, last_success_at —
    every fetched input (feeds first, failing first) so the operator sees when each last worked."""
    stmt = (select(FetchState.url, FetchState.is_source, FetchState.last_status, FetchState.failures_in_row,
                   FetchState.last_error, FetchState.last_attempt_at, FetchState.last_success_at)
            .order_by(FetchState.is_source.desc(), FetchState.failures_in_row.desc(), FetchState.url).limit(limit))
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return pd.DataFrame(rows, columns=["url", "is_source", "last_status", "failures_in_row", "last_error",
                                       "last_attempt_at", "last_success_at"])
