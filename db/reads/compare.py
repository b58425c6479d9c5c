"""Reads of the Compare page (and `presswatch compare`): two or more subjects side by side on volume,
tone and figures, in counts and as a share of all stored coverage.

A subject is an event, or a saved search run within its event (db.reads.saved holds the query, db.search
compiles it, exactly as the explorer runs it). Every subject is read through `article_events`, so an
article dismissed from an event (db.curation) counts in none of its subjects.

The share's denominator is every *distinct* stored article published in the period that is coverage
of at least one event (any event, not only those compared; an article dismissed from all its events is
no one's coverage), under the view's outlet and language filters. Why this whole: a subject doubling
its articles while all coverage doubles (a busy news day, a new feed added) has not gained attention;
only its part of everything the store collected says so, as Media Cloud normalises a query by the
stories of its collections. Why distinct: an article about two events is one article of the day's
coverage; counted per event it would be counted twice and the whole would grow with the number of
events configured. The rollups hold cells per event, so summing them would count it twice: the
denominator is one COUNT over the window's articles (an EXISTS probe of the article_events key each).

Events are read from the rollups where the view allows (whole UTC days or weeks, no language), like
every other page; saved searches, and views in another time zone or language, group raw rows in SQL.
Only the few rows per period come back; shares and means are divided here.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Engine, func, literal_column, select

from db import __version__
from db import search as searching
from db.filters import Filters
from db.models import Article, ArticleEvent, DailyCoverage, DailyStored, Event, Figure, Quote, SavedSearch, Source
from db.query import QueryError
from db.reads import export
from db.reads._buckets import FREQ, periods, raw_bucket, to_local, zero_fill
from db.reads._scope import (
    UnknownEventError,
    _article_filters,
    event_id,
    figure_rollup,
    filtered_articles,
    rollup_conditions,
    uses_rollup,
)
from db.reads.figures import kind_condition
from db.reads.saved import SavedSearchError, saved_query

SERIES_COLUMNS = ["period", "subject", "articles", "all_articles", "share", "toned", "mean_tone"]
FIGURE_COLUMNS = ["subject", "figure", "quotes", "share", "mean_tone"]
DENOMINATOR = ("every distinct stored article of any event in the period (outlet and language filters "
               "applied; dismissed articles excluded)")


class CompareError(ValueError):
    """A subject that cannot be compared: malformed, or naming an event or saved search the store lacks."""


@dataclass(frozen=True, slots=True)
class Subject:
    """An event (`saved` None) or the saved search `saved` of event `event`, with its query once resolved."""

    event: str
    saved: str | None = None
    query: str | None = None

    @property
    def token(self) -> str:
        """How the subject travels in a link (`cmp=event:SLUG`, `cmp=saved:SLUG/NAME`): saved-search
        names hold no '/', so the last one separates the name from an event slug that might."""
        return f"saved:{self.event}/{self.saved}" if self.saved else f"event:{self.event}"

    @property
    def label(self) -> str:
        return f"{self.saved} (in {self.event})" if self.saved else self.event

    @property
    def file_name(self) -> str:
        """The subject in a download's file name: letters, digits, '.', '-' and '_' only."""
        return re.sub(r"[^\w.-]+", "-", f"{self.event}-{self.saved}" if self.saved else self.event).strip("-")


def parse_subject(token: str) -> Subject:
    """A subject from its token (`event:SLUG`, `saved:SLUG/NAME`, or a bare SLUG for an event)."""
    kind, sep, rest = token.partition(":")
    if sep and kind == "saved":
        event, slash, name = rest.rpartition("/")
        if not (slash and event and name):
            raise CompareError(f"subject {token!r}: a saved search is written saved:EVENT/NAME")
        return Subject(event, name.strip())
    if sep and kind == "event":
        token = rest
    if not token:
        raise CompareError("a subject needs an event slug")
    return Subject(token)


def options(engine: Engine) -> list[Subject]:
    """Every subject the store offers: its events (newest start first), each followed by its saved
    searches, by name."""
    stmt = (select(Event.slug, SavedSearch.name, SavedSearch.query)
            .outerjoin(SavedSearch, SavedSearch.event_id == Event.id)
            .order_by(Event.start.desc().nulls_last(), Event.slug, SavedSearch.name))
    found: list[Subject] = []
    with engine.connect() as conn:
        for slug, name, query in conn.execute(stmt):
            if not found or found[-1].event != slug:
                found.append(Subject(slug))
            if name is not None:
                found.append(Subject(slug, name, query))
    return found


def saved_owners(engine: Engine, name: str) -> list[str]:
    """Slugs of the events that have a saved search called `name`."""
    stmt = (select(Event.slug).join(SavedSearch, SavedSearch.event_id == Event.id)
            .where(SavedSearch.name == name.strip()).order_by(Event.slug))
    with engine.connect() as conn:
        return list(conn.execute(stmt).scalars())


def resolve(engine: Engine, subjects: Iterable[Subject]) -> list[Subject]:
    """The subjects checked against the store, each saved search with its query (parsed, so a query the
    parser refuses is reported here, before anything is read); repeats dropped, order kept."""
    from db.query import parse

    out: list[Subject] = []
    for s in dict.fromkeys(Subject(s.event, s.saved) for s in subjects):
        try:
            event_id(engine, s.event)
            if s.saved:
                query = saved_query(engine, s.event, s.saved)
                parse(query)
                s = Subject(s.event, s.saved, query)
        except (UnknownEventError, SavedSearchError) as exc:
            raise CompareError(str(exc)) from None
        except QueryError as exc:
            raise CompareError(f"saved search {s.saved!r} of {s.event!r}: {exc}") from None
        out.append(s)
    if not out:
        raise CompareError("nothing to compare: name at least one event or saved search")
    return out


def window(engine: Engine, f: Filters, subjects: Sequence[Subject]) -> Filters:
    """The filters with a whole date range: the view's own, or else the days from the first to the last
    coverage of any subject's event, so every series and the denominator span the same days."""
    if f.date_from and f.date_to:
        return f
    ids = _event_ids(engine, subjects)
    stmt = (select(func.min(DailyCoverage.day), func.max(DailyCoverage.day))
            .where(DailyCoverage.event_id.in_(ids.values())))
    with engine.connect() as conn:
        span = conn.execute(stmt).one()
    firsts = [d for d in (span[0], f.date_from) if d]
    lasts = [d for d in (span[1], f.date_to) if d]
    today = dt.date.today()
    first, last = min(firsts, default=today), max(lasts, default=today)
    return f.with_(date_from=f.date_from or min(first, last), date_to=f.date_to or max(first, last))


def _event_ids(engine: Engine, subjects: Sequence[Subject]) -> dict[str, int]:
    """slug -> id of the subjects' events, in one read (resolve() has checked that each exists)."""
    slugs = list(dict.fromkeys(s.event for s in subjects))
    with engine.connect() as conn:
        rows = conn.execute(select(Event.slug, Event.id).where(Event.slug.in_(slugs)))
        found = {slug: int(eid) for slug, eid in rows}
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise CompareError(f"no event {missing[0]!r} in the store")
    return found


def _view(f: Filters, s: Subject) -> Filters:
    return f.with_(event=s.event)


def _cells(engine: Engine, f: Filters, subjects: Sequence[Subject], ids: dict[str, int]) -> list[pd.DataFrame]:
    """period (local bucket), articles, tone_sum, tone_count of each subject, in the subjects' order.

    Why the events that can be read from the rollups are read in one statement (grouped by event as
    well as day) and not one each: a comparison is a handful of subjects on a page redrawn at every
    click, and each statement is a round trip; the few rows that come back are split here."""
    view = f.with_(event=subjects[0].event)
    rolled = [s for s in subjects if s.query is None and uses_rollup(view)]
    by_event: dict[int, pd.DataFrame] = {}
    columns = ["period", "articles", "tone_sum", "tone_count"]
    if rolled:
        stmt: Any = (select(DailyCoverage.event_id, DailyCoverage.day, func.sum(DailyCoverage.articles),
                            func.sum(DailyCoverage.tone_sum), func.sum(DailyCoverage.tone_count))
                     .where(DailyCoverage.event_id.in_({ids[s.event] for s in rolled}),
                            *rollup_conditions(view, DailyCoverage, None))
                     .group_by(DailyCoverage.event_id, DailyCoverage.day))
        with engine.connect() as conn:
            rows = pd.DataFrame(conn.execute(stmt).all(), columns=["event_id", *columns])
        by_event = {int(eid): to_local(part[columns].reset_index(drop=True), view, raw=False)
                    for eid, part in rows.groupby("event_id")}
    out = []
    for s in subjects:
        if s in rolled:
            out.append(by_event.get(ids[s.event], to_local(pd.DataFrame(columns=columns), view, raw=False)))
            continue
        sview = _view(f, s)
        bucket = raw_bucket(engine, sview).label("bucket")
        raw: Any = filtered_articles(sview, ids[s.event], bucket, func.count(),
                                     func.coalesce(func.sum(Article.tone), 0.0), func.count(Article.tone))
        raw, _score = searching.restrict(engine, "articles", raw, s.query, Article.id)
        with engine.connect() as conn:
            found = conn.execute(raw.group_by(literal_column("bucket"))).all()
        out.append(to_local(pd.DataFrame(found, columns=columns), sview, raw=True))
    return out


def all_coverage(engine: Engine, f: Filters) -> pd.DataFrame:
    """period, all_articles — the denominator of every share (see the module doc), zero-filled over the
    view's range: from `daily_stored` where the view is whole UTC days (its cells are outlet days), else
    counted from the window's articles, each probed for a link to any event."""
    if uses_rollup(f):
        stmt: Any = (select(DailyStored.day, func.sum(DailyStored.articles))
                     .where(*rollup_conditions(f, DailyStored, None)).group_by(DailyStored.day))
    else:
        member = select(ArticleEvent.article_id).where(ArticleEvent.article_id == Article.id).exists()
        bucket = raw_bucket(engine, f).label("bucket")
        stmt = (select(bucket, func.count()).select_from(Article).join(Source, Source.id == Article.source_id)
                .where(member, *_article_filters(f)).group_by(literal_column("bucket")))
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    frame = to_local(pd.DataFrame(rows, columns=["period", "all_articles"]), f, raw=not uses_rollup(f))
    frame = periods(frame, FREQ[f.gran], [])
    if frame.empty:
        frame = pd.DataFrame({"period": pd.to_datetime([]), "all_articles": pd.Series([], dtype="int64")})
    frame = zero_fill(frame, engine, f, FREQ[f.gran], None)
    frame["all_articles"] = frame["all_articles"].astype("int64")
    return frame


def series(engine: Engine, f: Filters, subjects: Sequence[Subject]) -> pd.DataFrame:
    """period, subject (its label), articles, all_articles, share, toned, mean_tone — one row per subject
    and period of the view (zero-filled), subjects in the order given. `share` is articles / all_articles
    (0 where the store holds nothing that period); `mean_tone` is the mean tone of the subject's toned
    articles (empty where none)."""
    subjects = resolve(engine, subjects)
    ids = _event_ids(engine, subjects)
    f = window(engine, f, subjects)
    whole = all_coverage(engine, f)
    found = [cells.assign(n=n) for n, cells in enumerate(_cells(engine, f, subjects, ids)) if len(cells)]
    cells = (periods(pd.concat(found, ignore_index=True), FREQ[f.gran], ["n"]) if found
             else pd.DataFrame(columns=["period", "n", "articles", "tone_sum", "tone_count"]))
    grid = pd.DataFrame({"n": range(len(subjects))}).merge(whole, how="cross")  # subject by subject
    frame = grid.merge(cells.astype({"n": "int64"}), on=["period", "n"], how="left").fillna(
        {"articles": 0, "tone_sum": 0.0, "tone_count": 0})
    articles, toned = frame["articles"].astype("int64"), frame["tone_count"].astype("int64")
    return pd.DataFrame({
        "period": frame["period"], "subject": frame["n"].map(dict(enumerate(s.label for s in subjects))),
        "articles": articles, "all_articles": frame["all_articles"],
        "share": (articles / frame["all_articles"].where(frame["all_articles"] > 0)).fillna(0.0).round(4),
        "toned": toned, "mean_tone": (frame["tone_sum"].astype(float) / toned.where(toned > 0)).round(4)},
    )[SERIES_COLUMNS]


def summary(frame: pd.DataFrame) -> pd.DataFrame:
    """subject, articles, all_articles, share, mean_tone — a `series` frame over the whole view (its few
    rows summed here): each subject's part of all coverage in the window, and its mean article tone."""
    if frame.empty:
        return pd.DataFrame(columns=["subject", "articles", "all_articles", "share", "mean_tone"])
    weighted = frame.assign(tone_sum=frame["mean_tone"].fillna(0.0) * frame["toned"])
    sums = weighted.groupby("subject", sort=False)[["articles", "all_articles", "toned", "tone_sum"]].sum()
    return pd.DataFrame({
        "subject": sums.index, "articles": sums["articles"].astype("int64").to_numpy(),
        "all_articles": sums["all_articles"].astype("int64").to_numpy(),
        "share": (sums["articles"] / sums["all_articles"].where(sums["all_articles"] > 0)).fillna(0.0).round(4)
        .to_numpy(),
        "mean_tone": (sums["tone_sum"] / sums["toned"].where(sums["toned"] > 0)).round(4).to_numpy()})


def _figure_select(engine: Engine, f: Filters, s: Subject, kind: str | None) -> Any:
    """figure name, quotes, tone_sum, tone_count of one subject per figure (kind as on the Figures page)."""
    view = _view(f, s)
    eid = event_id(engine, s.event)
    if s.query is None and uses_rollup(view):
        cells = figure_rollup(view)
        return (select(Figure.name, func.sum(cells.quotes).label("quotes"), func.sum(cells.tone_sum),
                       func.sum(cells.tone_count))
                .join(Figure, Figure.id == cells.figure_id)
                .where(*rollup_conditions(view, cells, eid), kind_condition(kind)).group_by(Figure.name))
    stmt = filtered_articles(view, eid, Figure.name, func.count().label("quotes"),
                             func.coalesce(func.sum(Quote.tone), 0.0), func.count(Quote.tone))
    stmt, _score = searching.restrict(engine, "articles", stmt, s.query, Article.id)
    return (stmt.join(Quote, Quote.article_id == Article.id).join(Figure, Figure.id == Quote.figure_id)
            .where(kind_condition(kind)).group_by(Figure.name))


def figures(engine: Engine, f: Filters, subjects: Sequence[Subject], top: int = 10,
            kind: str | None = "person") -> pd.DataFrame:
    """subject, figure, quotes, share, mean_tone — each subject's `top` most quoted figures over the view,
    with their part of all the subject's attributed quotes (of people, or organisations, with `kind`), so
    a subject's column sums to 1 only when it quotes no more than `top` figures."""
    subjects = resolve(engine, subjects)
    f = window(engine, f, subjects)
    parts = []
    for s in subjects:
        inner = _figure_select(engine, f, s, kind)
        ranked = inner.order_by(literal_column("quotes").desc(), Figure.name).limit(top)
        whole = select(func.coalesce(func.sum(inner.subquery().c.quotes), 0))
        with engine.connect() as conn:
            rows = conn.execute(ranked).all()
            total = int(conn.execute(whole).scalar_one())
        frame = pd.DataFrame(rows, columns=["figure", "quotes", "tone_sum", "tone_count"])
        quotes, toned = frame["quotes"].astype("int64"), frame["tone_count"].astype("int64")
        parts.append(pd.DataFrame({
            "subject": s.label, "figure": frame["figure"], "quotes": quotes,
            "share": (quotes / total).round(4) if total else 0.0,
            "mean_tone": (frame["tone_sum"].astype(float) / toned.where(toned > 0)).round(4)}))
    return pd.concat(parts, ignore_index=True)[FIGURE_COLUMNS]


def manifest(what: str, f: Filters, subjects: Sequence[Subject], generated_at: dt.datetime | None = None
             ) -> list[str]:
    """The `#` lines of a comparison CSV: what it holds, the subjects (with their queries), the view and
    the denominator of its shares, so a file that travels alone says what its numbers are parts of."""
    when = (generated_at or dt.datetime.now(dt.UTC)).replace(microsecond=0).isoformat()
    lines = [f"# Presswatch compare: {what}"]
    for s in subjects:
        lines.append(f"# subject: {s.label}" + (f" · query: {s.query}" if s.query else ""))
    lines += [f"# {key}: {value}" for key, value in f.describe() if key != "event"]
    lines += [f"# granularity: {f.gran}", f"# share_of: {DENOMINATOR}", f"# generated_at: {when}",
              f"# presswatch_version: {__version__}"]
    return [export.safe_manifest(line) for line in lines]


def to_csv(frame: pd.DataFrame, what: str, f: Filters, subjects: Sequence[Subject],
           generated_at: dt.datetime | None = None) -> str:
    """One comparison table (or one subject's series of it) as CSV with its manifest: what the page's
    per-series downloads and `presswatch compare` write."""
    buffer = io.StringIO()
    export.write_frames(buffer, list(frame.columns), [frame], manifest(what, f, subjects, generated_at))
    return buffer.getvalue()
