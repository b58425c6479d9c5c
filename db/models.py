"""SQLAlchemy 2 models: the one schema shared by SQLite and PostgreSQL.

Timestamps are stored as naive UTC (`UTCDateTime`) because SQLite has no time zone type; every value
read back is timezone-aware UTC, so code never compares naive with aware datetimes. Rollup tables
(`daily_coverage`, `daily_figure`) are kept current by the ingest transaction so dashboard time
series cost grows with days x sources, not with articles.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Stores aware datetimes as naive UTC and returns them aware, on every backend."""

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: timestamps must carry a time zone")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Event(Base):
    __tablename__ = "events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    start: Mapped[dt.date | None] = mapped_column(Date)
    end: Mapped[dt.date | None] = mapped_column(Date)
    terms: Mapped[list[str]] = mapped_column(JSON, default=list)
    related: Mapped[list[str]] = mapped_column(JSON, default=list)
    # what else decides membership, kept so a change to it relinks the stored articles
    terms_by_language: Mapped[dict[str, list[str]] | None] = mapped_column(JSON)
    aliases: Mapped[dict[str, list[str]] | None] = mapped_column(JSON)


class Source(Base):
    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    domain: Mapped[str] = mapped_column(String(255), unique=True)
    name: Mapped[str | None] = mapped_column(String(300))
    country: Mapped[str | None] = mapped_column(String(100))
    language: Mapped[str | None] = mapped_column(String(20))
    reliability: Mapped[float | None] = mapped_column(Float)
    reliability_source: Mapped[str | None] = mapped_column(String(300))
    originality: Mapped[float | None] = mapped_column(Float)
    timeliness: Mapped[float | None] = mapped_column(Float)
    quote_richness: Mapped[float | None] = mapped_column(Float)
    volume_share: Mapped[float | None] = mapped_column(Float)
    composite: Mapped[float | None] = mapped_column(Float)
    score_updated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class Article(Base):
    __tablename__ = "articles"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    canonical_url: Mapped[str] = mapped_column(String(2000), unique=True)
    url: Mapped[str] = mapped_column(String(2000))
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    title: Mapped[str | None] = mapped_column(Text)
    byline: Mapped[str | None] = mapped_column(String(500))
    published_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    fetched_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    language: Mapped[str | None] = mapped_column(String(20))
    # the detector's probability for `language`; None when the page's declared language stands
    language_confidence: Mapped[float | None] = mapped_column(Float)
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    duplicate_group: Mapped[int | None] = mapped_column(Integer, index=True)
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("articles.id"), index=True)
    tone: Mapped[float | None] = mapped_column(Float)
    # what scored `tone`: "vader", "lexicon:<code>", "none" (ingest.nlp.tone.tone_method)
    tone_method: Mapped[str | None] = mapped_column(String(40))
    sentence_count: Mapped[int] = mapped_column(Integer, default=0)
    # kept by the store when the article's quotes are written, so tables list counts without grouping quotes
    quote_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    source: Mapped[Source] = relationship()

    # an outlet's articles of a day: what a rollup cell and a source-filtered date range read
    __table_args__ = (Index("ix_articles_source_published", "source_id", "published_at"),)


class ArticleBand(Base):
    """Locality-sensitive-hashing buckets of an article's MinHash, one row per band.

    Lets a new article find its near-duplicate candidates with indexed lookups instead of reading
    every stored signature.
    """

    __tablename__ = "article_bands"
    # bucket first: lookups are `bucket IN (…)`, which both backends serve from the primary key
    bucket: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    band: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ArticleEvent(Base):
    __tablename__ = "article_events"
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    relevance: Mapped[float] = mapped_column(Float)
    __table_args__ = (Index("ix_article_events_event", "event_id", "article_id"),)


class Dismissal(Base):
    """An article an analyst marked irrelevant to an event: its link is gone from `article_events`, so
    every count, chart and export of the event leaves it out, and this row keeps the link's relevance
    so that restoring it is exact. Relinking never re-adds a dismissed link."""

    __tablename__ = "dismissals"
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    relevance: Mapped[float] = mapped_column(Float)
    reason: Mapped[str | None] = mapped_column(String(500))
    dismissed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class Note(Base):
    """A key moment on an event's timeline ("ceasefire announced"), drawn on every time chart."""

    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(Date)
    label: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    __table_args__ = (Index("ix_notes_event_day", "event_id", "day"),)


class Figure(Base):
    __tablename__ = "figures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str | None] = mapped_column(String(20))


class FigureAlias(Base):
    __tablename__ = "figure_aliases"
    alias: Mapped[str] = mapped_column(String(300), primary_key=True)
    figure_id: Mapped[int] = mapped_column(ForeignKey("figures.id", ondelete="CASCADE"), index=True)


class Quote(Base):
    __tablename__ = "quotes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    key: Mapped[str] = mapped_column(String(500))  # db.keys.quote_key(text): what repeats of one quote share
    speaker_raw: Mapped[str | None] = mapped_column(String(300))
    figure_id: Mapped[int | None] = mapped_column(ForeignKey("figures.id"), index=True)
    cue: Mapped[str | None] = mapped_column(String(50))
    tone: Mapped[float | None] = mapped_column(Float)  # by its article's tone method; None where there is none
    __table_args__ = (UniqueConstraint("article_id", "start", name="uq_quotes_article_start"),)


class IngestRun(Base):
    __tablename__ = "ingest_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    command: Mapped[str] = mapped_column(String(50))
    event_slug: Mapped[str | None] = mapped_column(String(100))
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20))  # running | ok | partial | failed
    counts: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    errors: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)


class FetchState(Base):
    __tablename__ = "fetch_state"
    url: Mapped[str] = mapped_column(String(2000), primary_key=True)
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    failures_in_row: Mapped[int] = mapped_column(Integer, default=0)
    last_attempt_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_success_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    is_source: Mapped[bool] = mapped_column(Boolean, default=False)


class DailyCoverage(Base):
    __tablename__ = "daily_coverage"
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    articles: Mapped[int] = mapped_column(Integer, default=0)
    originals: Mapped[int] = mapped_column(Integer, default=0)
    tone_sum: Mapped[float] = mapped_column(Float, default=0.0)
    tone_count: Mapped[int] = mapped_column(Integer, default=0)
    quotes: Mapped[int] = mapped_column(Integer, default=0)
    __table_args__ = (Index("ix_daily_coverage_event_day", "event_id", "day"),)


class DailyFigure(Base):
    """Quotes per figure and day; also keyed by source so the source filter can use the rollup."""

    __tablename__ = "daily_figure"
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    figure_id: Mapped[int] = mapped_column(ForeignKey("figures.id", ondelete="CASCADE"), primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    quotes: Mapped[int] = mapped_column(Integer, default=0)
    tone_sum: Mapped[float] = mapped_column(Float, default=0.0)
    tone_count: Mapped[int] = mapped_column(Integer, default=0)
    # a refresh replaces one day's cells of some outlets: (event, day, source) finds exactly those rows
    __table_args__ = (Index("ix_daily_figure_event_day_source", "event_id", "day", "source_id"),)


class DailyFigureTotal(Base):
    """Quotes per figure and day over all sources: what the Figures page and the Overview read when no
    source filter is set. Kept beside `daily_figure`, which has a row per outlet too and so grows
    towards figures x outlets x days; ranking figures from it read every outlet's row."""

    __tablename__ = "daily_figure_total"
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    figure_id: Mapped[int] = mapped_column(ForeignKey("figures.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    quotes: Mapped[int] = mapped_column(Integer, default=0)
    tone_sum: Mapped[float] = mapped_column(Float, default=0.0)
    tone_count: Mapped[int] = mapped_column(Integer, default=0)
    __table_args__ = (Index("ix_daily_figure_total_event_day", "event_id", "day"),)


class QuarterHourCoverage(Base):
    """An event's coverage per quarter of an hour (UTC), over all outlets: what a view in any time zone
    sums into its local days, hours or weeks. Why quarter hours: every time zone's offset is a whole
    number of them (Tehran +3:30, Kathmandu +5:45), so a local day is always whole buckets; and why no
    outlet key: a cell per outlet and quarter hour holds about one article, no fewer rows than the raw
    table. `bucket` is the UTC epoch second divided by 900."""

    __tablename__ = "quarter_hour_coverage"
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    bucket: Mapped[int] = mapped_column(Integer, primary_key=True)
    articles: Mapped[int] = mapped_column(Integer, default=0)
    originals: Mapped[int] = mapped_column(Integer, default=0)
    tone_sum: Mapped[float] = mapped_column(Float, default=0.0)
    tone_count: Mapped[int] = mapped_column(Integer, default=0)
    quotes: Mapped[int] = mapped_column(Integer, default=0)


class DailyStored(Base):
    """Distinct articles per outlet and UTC day that are coverage of at least one event: the whole that
    Compare's shares are parts of. `daily_coverage` has a cell per event, so summing it counts an article
    about two events twice; this counts it once, and an article dismissed from its every event not at all."""

    __tablename__ = "daily_stored"
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    articles: Mapped[int] = mapped_column(Integer, default=0)
    __table_args__ = (Index("ix_daily_stored_day", "day"),)


class SavedSearch(Base):
    """A named search of an event's articles (`presswatch search --save NAME`, the explorer's "save"):
    kept in the store so every analyst and every dashboard replica sees the same list."""

    __tablename__ = "saved_searches"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    query: Mapped[str] = mapped_column(Text)
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    __table_args__ = (UniqueConstraint("event_id", "name", name="uq_saved_searches_event_name"),)


class AlertOccurrence(Base):
    """One thing an [[event.alert]] rule found: a day's spike, a figure's day, a day's tone, an article
    matching a query. (event, rule, key) is unique, so checking a rule again never fires it twice."""

    __tablename__ = "alert_occurrences"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    rule: Mapped[str] = mapped_column(String(100))  # the rule's name in monitor.toml
    kind: Mapped[str] = mapped_column(String(20))  # spike | figure | tone | term
    key: Mapped[str] = mapped_column(String(200))  # what makes this occurrence one (a day, an article id)
    summary: Mapped[str] = mapped_column(Text)  # one line for people: the message's first line
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    __table_args__ = (UniqueConstraint("event_id", "rule", "key", name="uq_alert_occurrences_event_rule_key"),)


class AlertDelivery(Base):
    """One occurrence sent to one target. Kept until delivered: each failed attempt counts, keeps its
    error and sets when the next check may try again (back-off), so nothing fired is lost."""

    __tablename__ = "alert_deliveries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("alert_occurrences.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(20))  # webhook | email
    target: Mapped[str] = mapped_column(String(2000))  # the URL or the address
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    __table_args__ = (
        UniqueConstraint("occurrence_id", "channel", "target", name="uq_alert_deliveries_occurrence_target"),
        Index("ix_alert_deliveries_pending", "delivered_at", "next_attempt_at"),
    )
