"""Reads of the Tone page: mean tone per period with its confidence band, by source and day, the
distribution, before/after the event's start, the most negative and positive articles, and tone per
language with the method that scored it (averages over several methods mix scales measured differently).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, case, func, literal, literal_column

from db.filters import Filters, zone
from db.models import Article, Source
from db.reads._buckets import FREQ, periods, raw_bucket, to_local, zero_fill
from db.reads._scope import event_id, filtered_articles
from db.reads._scope import event_start as event_start
from db.reads.volume import coverage_cells

Z95 = 1.959964


def tone_band(engine: Engine, f: Filters) -> pd.DataFrame:
    """period, articles, mean_tone, sd, ci_low, ci_high — mean article tone per period with a 95 %
    normal-approximation confidence interval (mean ± 1.96·sd/√n; no band below 2 toned articles).

    The rollups keep tone sums and counts but no sum of squares, so this groups raw rows in SQL.
    """
    eid = event_id(engine, f.event)
    bucket = raw_bucket(engine, f).label("bucket")
    stmt = (filtered_articles(f, eid, bucket, func.count(Article.tone), func.coalesce(func.sum(Article.tone), 0.0),
                              func.coalesce(func.sum(Article.tone * Article.tone), 0.0))
            .where(Article.tone.is_not(None)).group_by(literal_column("bucket")))
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    frame = to_local(pd.DataFrame(rows, columns=["period", "n", "s", "ss"]), f, raw=True)
    frame = zero_fill(periods(frame, FREQ[f.gran], []), engine, f, FREQ[f.gran], None)
    n = frame["n"].astype("int64")
    mean = frame["s"] / n.where(n > 0)
    var = ((frame["ss"] - n * mean**2) / (n - 1).where(n > 1)).clip(lower=0)
    half = Z95 * (var**0.5) / n.where(n > 1) ** 0.5
    return pd.DataFrame({"period": frame["period"], "articles": n, "mean_tone": mean.round(4),
                         "sd": (var**0.5).round(4), "ci_low": (mean - half).round(4),
                         "ci_high": (mean + half).round(4)})


def tone_heatmap(engine: Engine, f: Filters) -> pd.DataFrame:
    """source, day, articles, mean_tone — one row per source and day with coverage (days in the zone)."""
    cells = periods(coverage_cells(engine, f, "source"), "D", ["group"])
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


def tone_by_language(engine: Engine, f: Filters) -> pd.DataFrame:
    """language, tone_method, articles, toned, mean_tone — per language and tone method in the view,
    most articles first. `toned` counts articles with a tone (none where the method is "none")."""
    eid = event_id(engine, f.event)
    language, method = func.coalesce(Article.language, "unknown"), func.coalesce(Article.tone_method, "none")
    stmt = (filtered_articles(f, eid, language.label("language"), method.label("method"), func.count(),
                              func.count(Article.tone), func.avg(Article.tone))
            .group_by(language, method).order_by(func.count().desc(), language, method))
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    frame = pd.DataFrame(rows, columns=["language", "tone_method", "articles", "toned", "mean_tone"])
    frame["mean_tone"] = frame["mean_tone"].astype(float).round(4)
    return frame.astype({"articles": "int64", "toned": "int64"})


def mixed_methods(by_language: pd.DataFrame) -> list[str]:
    """The tone methods behind the view's averages (those that scored at least one article); more than
    one means an average across them mixes methods."""
    return sorted(set(by_language.loc[by_language["toned"] > 0, "tone_method"]))


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
    cells = coverage_cells(engine, f, "source")
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
