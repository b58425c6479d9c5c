"""Writes processed articles to the SQL store, one transaction per batch, rollups included.

Rules that keep the store honest: an article is stored once (canonical URL), an exact copy under a
second URL is dropped (content hash), a near copy is stored and marked with the earliest article of
its syndication group, a failure on one article rolls back only that article (a savepoint), and the
rollup cells the batch touched are recomputed before the batch commits.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import Connection, TextClause, insert, select, text, update
from sqlalchemy.exc import SQLAlchemyError

from db import rollups
from db.models import (
    Article,
    ArticleBand,
    ArticleEvent,
    Event,
    Figure,
    FigureAlias,
    Quote,
    Source,
)
from ingest import neardup
from ingest.config import EventConfig
from ingest.documents import ProcessedArticle
from ingest.nlp.people import FigureIndex

PER_BUCKET = 100  # a bucket holding more stored articles than this is stock text, not one story's copies
MAX_CANDIDATES = 32


@lru_cache(maxsize=4)
def _candidates_sql(bands: int) -> TextClause:
    """One index search per LSH band, at most PER_BUCKET rows each, ranked by bands shared; returns
    (group original id, candidate signature). Not `(band, bucket) IN (…)`, which SQLite plans as a scan.
    Derived tables are aliased so PostgreSQL runs the same text."""
    one = ("SELECT * FROM (SELECT article_id FROM article_bands WHERE bucket = :k{i} AND band = :b{i} "
           f"ORDER BY article_id DESC LIMIT {PER_BUCKET}) AS b{{i}}")
    union = " UNION ALL ".join(one.format(i=i) for i in range(bands))
    return text(
        "SELECT COALESCE(a.duplicate_of, a.id), a.minhash FROM ("
        f"SELECT article_id, COUNT(*) AS hits FROM ({union}) AS u "
        f"GROUP BY article_id ORDER BY hits DESC, article_id DESC LIMIT {MAX_CANDIDATES}"
        ") AS c JOIN articles a ON a.id = c.article_id ORDER BY c.hits DESC, a.id DESC")


@dataclass
class BatchResult:
    counts: Counter[str] = field(default_factory=Counter)
    errors: list[dict[str, str]] = field(default_factory=list)


def ensure_events(conn: Connection, events: Sequence[EventConfig]) -> dict[str, int]:
    """Create or update the configured events; slug → id."""
    ids: dict[str, int] = {}
    for ev in events:
        row = conn.execute(select(Event.id).where(Event.slug == ev.slug)).scalar_one_or_none()
        values = {"name": ev.name, "start": ev.start, "terms": list(ev.terms)}
        if row is None:
            row = conn.execute(insert(Event).values(slug=ev.slug, **values).returning(Event.id)).scalar_one()
        else:
            conn.execute(update(Event).where(Event.id == row).values(**values))
        ids[ev.slug] = row
    return ids


def load_figure_index(conn: Connection, events: Sequence[EventConfig]) -> FigureIndex:
    """Figure resolver seeded with the config's alias tables and the figures already stored."""
    aliases: dict[str, list[str]] = {}
    for ev in events:
        for canonical, variants in ev.aliases.items():
            aliases.setdefault(canonical, []).extend(variants)
    known = conn.execute(select(Figure.name).order_by(Figure.id)).scalars().all()
    return FigureIndex(aliases=aliases, known=known)


class BatchWriter:
    """Stores batches of processed articles; keeps id caches across batches of one run."""

    def __init__(self, conn: Connection, events: Sequence[EventConfig]) -> None:
        self.event_ids = ensure_events(conn, events)
        self.figures = load_figure_index(conn, events)
        self._source_ids: dict[str, int] = {}
        self._figure_ids: dict[str, int] = {}
        self._aliases: set[str] = set(conn.execute(select(FigureAlias.alias)).scalars())
        self._aliases_stale = False
        self._speaker_figure: dict[str, int] = {}
        self._known: dict[str, int] = {}

    def reset_caches(self) -> None:
        """Forget cached ids after a rollback, since the rows they point to may be gone."""
        self._source_ids.clear()
        self._figure_ids.clear()
        self._speaker_figure.clear()
        self._aliases.clear()
        self._aliases_stale = True

    def write(self, conn: Connection, items: Sequence[ProcessedArticle]) -> BatchResult:
        """Store a batch inside the caller's transaction; one bad article is skipped, not fatal.

        The batch is tried under one savepoint; only when that fails is it redone article by article,
        each under its own savepoint, so the common case pays for one savepoint, not one per article.
        """
        relevant = [item for item in items if item.relevance]
        batch = conn.begin_nested()
        try:
            result = self._write_all(conn, relevant, isolate=False)
            batch.commit()
        except SQLAlchemyError:
            batch.rollback()
            self.reset_caches()
            result = self._write_all(conn, relevant, isolate=True)
        result.counts["off_topic"] += len(items) - len(relevant)
        return result

    def _write_all(self, conn: Connection, items: Sequence[ProcessedArticle], isolate: bool) -> BatchResult:
        result = BatchResult()
        touched: set[rollups.CoverageKey] = set()
        self._known = self._prefetch_known(conn, items)
        for item in items:
            if not isolate:
                result.counts[self._write_one(conn, item, touched)] += 1
                continue
            savepoint = conn.begin_nested()
            try:
                outcome = self._write_one(conn, item, touched)
                savepoint.commit()
                result.counts[outcome] += 1
            except SQLAlchemyError as exc:
                savepoint.rollback()
                self.reset_caches()
                self._known = self._prefetch_known(conn, items)
                result.counts["failed"] += 1
                result.errors.append({"origin": item.doc.url, "message": f"{item.doc.url}: cannot store: "
                                      f"{str(exc.orig if hasattr(exc, 'orig') else exc).splitlines()[0]}"})
        rollups.refresh(conn, touched)
        return result

    def _prefetch_known(self, conn: Connection, items: Sequence[ProcessedArticle]) -> dict[str, int]:
        """Ids of the batch's URLs and content hashes already stored, in two queries for the batch.

        Keys are `url:<canonical>` and `hash:<sha256>`; `_write_one` adds what it stores."""
        urls = sorted({i.doc.canonical_url for i in items})
        hashes = sorted({i.content_hash for i in items})
        known: dict[str, int] = {}
        if urls:
            known.update((f"url:{u}", a) for a, u in conn.execute(
                select(Article.id, Article.canonical_url).where(Article.canonical_url.in_(urls))))
        if hashes:
            known.update((f"hash:{h}", a) for a, h in conn.execute(
                select(Article.id, Article.content_hash).where(Article.content_hash.in_(hashes))))
        return known

    def _write_one(self, conn: Connection, item: ProcessedArticle, touched: set[rollups.CoverageKey]) -> str:
        doc = item.doc
        existing = self._known.get(f"url:{doc.canonical_url}")
        if existing is not None:
            return "already_stored" if not self._link_events(conn, existing, item, touched) else "linked"
        if f"hash:{item.content_hash}" in self._known:
            return "exact_copies"
        original = self._find_original(conn, item)
        source_id = self._source_id(conn, doc.source)
        article_id = conn.execute(
            insert(Article)
            .values(
                canonical_url=doc.canonical_url, url=doc.url, source_id=source_id,
                title=doc.title, byline=doc.byline, published_at=doc.published_at,
                fetched_at=dt.datetime.now(dt.UTC), language=doc.language, text=doc.text,
                content_hash=item.content_hash, minhash=item.minhash, tone=item.tone,
                sentence_count=item.sentence_count,
            )
            .returning(Article.id)
        ).scalar_one()
        self._known[f"url:{doc.canonical_url}"] = self._known[f"hash:{item.content_hash}"] = article_id
        became_original = self._place_in_group(conn, article_id, doc.published_at, original, touched)
        if item.bands and (original is None or became_original):
            # copies add no bands: their original's buckets already lead to the group
            conn.execute(insert(ArticleBand), [{"band": b, "bucket": k, "article_id": article_id}
                                               for b, k in set(item.bands)])
        self._store_quotes(conn, article_id, item)
        self._link_events(conn, article_id, item, touched, new_article=(source_id, doc.published_at))
        return "stored"

    def _link_events(self, conn: Connection, article_id: int, item: ProcessedArticle,
                     touched: set[rollups.CoverageKey], new_article: tuple[int, dt.datetime] | None = None) -> bool:
        """Join the article to the events it is relevant to that it is not yet in; True if any.

        `new_article` (source id, published) is given for an article just inserted, which has no links."""
        have = set() if new_article else set(
            conn.execute(select(ArticleEvent.event_id).where(ArticleEvent.article_id == article_id)).scalars())
        new = [(self.event_ids[slug], score) for slug, score in item.relevance.items()
               if slug in self.event_ids and self.event_ids[slug] not in have]
        if not new:
            return False
        conn.execute(insert(ArticleEvent), [{"article_id": article_id, "event_id": e, "relevance": s}
                                            for e, s in new])
        source_id, published = new_article or conn.execute(
            select(Article.source_id, Article.published_at).where(Article.id == article_id)).one()
        touched.update((e, source_id, published.date()) for e, _ in new)
        return True

    def _source_id(self, conn: Connection, domain: str) -> int:
        if domain not in self._source_ids:
            found = conn.execute(select(Source.id).where(Source.domain == domain)).scalar_one_or_none()
            if found is None:
                found = conn.execute(insert(Source).values(domain=domain, name=domain)
                                     .returning(Source.id)).scalar_one()
            self._source_ids[domain] = found
        return self._source_ids[domain]

    def _find_original(self, conn: Connection, item: ProcessedArticle) -> tuple[int, dt.datetime] | None:
        """The stored article this one is a near copy of, resolved to its group's original."""
        if not item.bands or item.minhash is None:
            return None
        params: dict[str, int] = {}
        for i, (band, bucket) in enumerate(item.bands):
            params[f"b{i}"], params[f"k{i}"] = band, bucket
        rows = conn.execute(_candidates_sql(len(item.bands)), params).all()
        found = neardup.best_match(item.minhash, ((root, sig) for root, sig in rows if sig is not None))
        if found is None:
            return None
        root = found[0]
        published = conn.execute(select(Article.published_at).where(Article.id == root)).scalar_one()
        return root, published

    def _place_in_group(self, conn: Connection, article_id: int, published: dt.datetime,
                        original: tuple[int, dt.datetime] | None, touched: set[rollups.CoverageKey]) -> bool:
        """Mark a near copy; when the new article predates the group's original it becomes the original
        (returns True then). On equal timestamps the stored original stays."""
        if original is None:
            return False
        root_id, root_published = original
        if published >= root_published:
            conn.execute(update(Article).where(Article.id == article_id)
                         .values(duplicate_of=root_id, duplicate_group=root_id))
            conn.execute(update(Article).where(Article.id == root_id).values(duplicate_group=root_id))
            return False
        members = conn.execute(
            select(Article.id, Article.source_id, Article.published_at)
            .where((Article.id == root_id) | (Article.duplicate_of == root_id))
        ).all()
        conn.execute(update(Article).where(Article.id.in_([m.id for m in members]))
                     .values(duplicate_of=article_id, duplicate_group=article_id))
        conn.execute(update(Article).where(Article.id == article_id).values(duplicate_group=article_id))
        member_events = conn.execute(
            select(ArticleEvent.article_id, ArticleEvent.event_id)
            .where(ArticleEvent.article_id.in_([m.id for m in members]))
        ).all()
        by_id = {m.id: m for m in members}
        touched.update((e, by_id[a].source_id, by_id[a].published_at.date()) for a, e in member_events)
        return True

    def _figure_id(self, conn: Connection, speaker: str, kind: str | None) -> int:
        if speaker in self._speaker_figure:
            return self._speaker_figure[speaker]
        figure_id = self._resolve_figure(conn, speaker, kind)
        self._speaker_figure[speaker] = figure_id
        return figure_id

    def _resolve_figure(self, conn: Connection, speaker: str, kind: str | None) -> int:
        name = self.figures.resolve(speaker)
        if name not in self._figure_ids:
            found = conn.execute(select(Figure.id).where(Figure.name == name)).scalar_one_or_none()
            if found is None:
                found = conn.execute(insert(Figure).values(name=name, kind=kind).returning(Figure.id)).scalar_one()
            self._figure_ids[name] = found
        figure_id = self._figure_ids[name]
        if speaker != name and speaker not in self._aliases:
            if self._aliases_stale:
                self._aliases = set(conn.execute(select(FigureAlias.alias)).scalars())
                self._aliases_stale = False
            if speaker not in self._aliases:
                conn.execute(insert(FigureAlias).values(alias=speaker, figure_id=figure_id))
                self._aliases.add(speaker)
        return figure_id

    def _store_quotes(self, conn: Connection, article_id: int, item: ProcessedArticle) -> None:
        rows = [
            {
                "article_id": article_id, "start": q.start, "end": q.end, "text": q.text,
                "speaker_raw": q.speaker_raw, "cue": q.cue, "tone": q.tone,
                "figure_id": self._figure_id(conn, q.speaker_raw, q.speaker_kind) if q.speaker_raw else None,
            }
            for q in item.quotes
        ]
        if rows:
            conn.execute(insert(Quote), rows)
