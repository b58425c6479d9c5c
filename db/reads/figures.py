"""Reads of the Figures page: who is quoted most, trends and ranks over time, one figure's series, outlets
and name variants, its quotes, and how quotes travel between outlets (also the `propagation` export).
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import ColumnElement, Engine, func, literal_column, or_, select, true

from db.filters import Filters
from db.models import Article, DailyFigure, Figure, FigureAlias, Quote, Source
from db.reads._buckets import FREQ, periods, raw_bucket, to_local, zero_fill
from db.reads._scope import event_id, figure_rollup, filtered_articles, rollup_conditions, uses_rollup
from db.reads._tables import page as page
from db.reads._tables import total as total
from db.rollups import AnySelect


def kind_condition(kind: str | None) -> ColumnElement[bool]:
    """People (a speaker never marked as an organisation counts as one) or organisations, so 'White
    House' never ranks among people; None for both."""
    if kind == "org":
        return Figure.kind == "org"
    if kind == "person":
        return or_(Figure.kind.is_(None), Figure.kind != "org")
    return true()


def top_figures(engine: Engine, f: Filters, limit: int = 10, kind: str | None = None) -> pd.DataFrame:
    """figure, quotes, mean_tone — most quoted figures in the view (people or organisations with `kind`)."""
    eid = event_id(engine, f.event)
    if uses_rollup(f):
        cells = figure_rollup(f)
        stmt = (select(Figure.name, func.sum(cells.quotes).label("quotes"),
                       (func.sum(cells.tone_sum) / func.sum(cells.tone_count)).label("tone"))
                .join(Figure, Figure.id == cells.figure_id)
                .where(*rollup_conditions(f, cells, eid), kind_condition(kind)).group_by(Figure.name))
    else:
        stmt = (filtered_articles(f, eid, Figure.name, func.count().label("quotes"),
                                  func.avg(Quote.tone).label("tone"))
                .join(Quote, Quote.article_id == Article.id).join(Figure, Figure.id == Quote.figure_id)
                .where(kind_condition(kind)).group_by(Figure.name))
    stmt = stmt.order_by(literal_column("quotes").desc(), Figure.name).limit(limit)
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    frame = pd.DataFrame(rows, columns=["figure", "quotes", "mean_tone"])
    frame["quotes"] = frame["quotes"].astype("int64")
    frame["mean_tone"] = frame["mean_tone"].astype(float).round(4)
    return frame


def _figure_cells(engine: Engine, f: Filters, names: list[str], by_source: bool = False) -> pd.DataFrame:
    """period (local bucket), group (figure or source), quotes, tone_sum, tone_count for figures `names`."""
    eid = event_id(engine, f.event)
    group = (Source.domain if by_source else Figure.name).label("grp")
    if uses_rollup(f):
        stmt = (select(DailyFigure.day, group, func.sum(DailyFigure.quotes), func.sum(DailyFigure.tone_sum),
                       func.sum(DailyFigure.tone_count))
                .join(Figure, Figure.id == DailyFigure.figure_id).join(Source, Source.id == DailyFigure.source_id)
                .where(*rollup_conditions(f, DailyFigure, eid), Figure.name.in_(names))
                .group_by(DailyFigure.day, literal_column("grp")))
    else:
        bucket = raw_bucket(engine, f).label("bucket")
        stmt = (filtered_articles(f, eid, bucket, group, func.count(), func.coalesce(func.sum(Quote.tone), 0.0),
                                  func.count(Quote.tone))
                .join(Quote, Quote.article_id == Article.id).join(Figure, Figure.id == Quote.figure_id)
                .where(Figure.name.in_(names)).group_by(literal_column("bucket"), literal_column("grp")))
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    frame = pd.DataFrame(rows, columns=["period", "group", "quotes", "tone_sum", "tone_count"])
    return to_local(frame, f, raw=not uses_rollup(f))


def _mean(frame: pd.DataFrame) -> pd.Series:
    return (frame["tone_sum"] / frame["tone_count"].where(frame["tone_count"] > 0)).astype(float).round(4)


def figure_trends(engine: Engine, f: Filters, top: int = 8, kind: str | None = None) -> pd.DataFrame:
    """period, figure, quotes, rank — quotes per period of the `top` most quoted figures, zero-filled;
    rank is the figure's place among them in that period (1 = most quoted; empty when unquoted)."""
    names = list(top_figures(engine, f, top, kind)["figure"])
    cells = periods(_figure_cells(engine, f, names), FREQ[f.gran], ["group"])
    if cells.empty:
        return pd.DataFrame(columns=["period", "figure", "quotes", "rank"])
    frame = zero_fill(cells[["period", "group", "quotes"]], engine, f, FREQ[f.gran], "group")
    frame = frame.rename(columns={"group": "figure"})
    frame["quotes"] = frame["quotes"].astype("int64")
    ranks = frame["quotes"].where(frame["quotes"] > 0).groupby(frame["period"]).rank(method="min", ascending=False)
    frame["rank"] = ranks.astype("Int64")
    frame["figure"] = pd.Categorical(frame["figure"], categories=names, ordered=True)
    frame = frame.sort_values(["figure", "period"]).reset_index(drop=True)
    frame["figure"] = frame["figure"].astype(str)
    return frame


def figure_ranks(engine: Engine, f: Filters, before: Filters, top: int = 15, kind: str | None = None
                 ) -> pd.DataFrame:
    """figure, quotes, rank, quotes_before, rank_before, rank_change — the view's most quoted figures
    against the period of equal length just before (positive change = climbed)."""
    now = top_figures(engine, f, top, kind).reset_index(drop=True)
    prev = top_figures(engine, before, 1000, kind).reset_index(drop=True)
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
    cells = periods(_figure_cells(engine, f, [figure]).drop(columns="group"), FREQ[f.gran], [])
    frame = zero_fill(cells, engine, f, FREQ[f.gran], None) if not cells.empty else cells
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


COLUMNS = ["quote", "figure", "first_source", "first_published_at", "first_url", "outlets", "later_outlets",
           "placements", "last_published_at", "spread_hours"]


def propagation_select(engine: Engine, f: Filters, figure: str | None = None) -> AnySelect:
    """One row per distinct quote in the view, most widely repeated first."""
    eid = event_id(engine, f.event)
    key = Quote.key.label("key")
    ranked = filtered_articles(
        f, eid, key, Quote.text.label("text"), Figure.name.label("figure"), Source.domain.label("source"),
        Article.published_at.label("published_at"), Article.url.label("url"), Article.source_id.label("source_id"),
        func.row_number().over(partition_by=key, order_by=(Article.published_at, Article.id, Quote.start))
        .label("rank"),
    ).join(Quote, Quote.article_id == Article.id).outerjoin(Figure, Figure.id == Quote.figure_id)
    if figure:
        ranked = ranked.where(Figure.name == figure)
    r = ranked.subquery("ranked")
    spread = func.max(r.c.published_at)
    firsts = select(r).where(r.c.rank == 1).subquery("firsts")
    totals = (select(r.c.key, func.count(func.distinct(r.c.source_id)).label("outlets"),
                     func.count().label("placements"), spread.label("last"))
              .group_by(r.c.key).subquery("totals"))
    return (select(firsts.c.text, firsts.c.figure, firsts.c.source, firsts.c.published_at, firsts.c.url,
                   totals.c.outlets, totals.c.placements, totals.c.last)
            .join(totals, totals.c.key == firsts.c.key)
            .order_by(totals.c.outlets.desc(), totals.c.placements.desc(), firsts.c.published_at))


def propagation(engine: Engine, f: Filters, figure: str | None = None, limit: int | None = None) -> pd.DataFrame:
    """The columns of `COLUMNS`; timestamps in the filter's time zone."""
    stmt = propagation_select(engine, f, figure)
    if limit:
        stmt = stmt.limit(limit)
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    frame = pd.DataFrame(rows, columns=["quote", "figure", "first_source", "first_published_at", "first_url",
                                        "outlets", "placements", "last_published_at"])
    for col in ("first_published_at", "last_published_at"):
        frame[col] = pd.to_datetime(frame[col], utc=True).dt.tz_convert(f.tz)
    frame["later_outlets"] = (frame["outlets"] - 1).clip(lower=0).astype("int64")
    frame["spread_hours"] = ((frame["last_published_at"] - frame["first_published_at"]).dt.total_seconds()
                             / 3600).round(1)
    return frame[COLUMNS]
