"""Writes processed articles to the SQL store, one transaction per batch, rollups included.

Rules that keep the store honest: an article is stored once (canonical URL), an exact copy under a
second URL is dropped (content hash), a near copy is stored and marked with the earliest article of
its syndication group (`store_groups`), a failure on one article rolls back only that article, and the
rollups are brought up to date before the batch commits (`db.rollups.add_links`, and `refresh` for the
cells of a syndication take-over). A full store is no article's fault: it is raised, so the caller
rolls the whole batch back and stops.

A batch is written with a handful of bulk statements (articles, bands, quotes, event links) plus one
candidate query per article, because per-article statements cost more in the driver and SQLAlchemy
than the rows cost the database. When a batch fails, it is redone as batches of one, each under its
own savepoint, so the bad article is the only one lost.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from db import rollups
from db.curation import dismissed_pairs
from db.errors import is_store_full
from db.keys import quote_key
from db.models import Article, ArticleEvent, Event, Quote, Source
from ingest import utc
from ingest.config import EventConfig
from ingest.stages.documents import ProcessedArticle
from ingest.store.candidates import Prefetched, prefetch
from ingest.store.figures import FigureIds
from ingest.store.groups import GroupPlacer, NewArticle

_INSERT_ARTICLES = insert(Article).returning(Article.id, sort_by_parameter_order=True)


@dataclass
class BatchResult:
    counts: Counter[str] = field(default_factory=Counter)
    errors: list[dict[str, str]] = field(default_factory=list)


def event_values(ev: EventConfig) -> dict[str, object]:
    """An event's row in the events table, as stored (JSON lists and objects, not tuples)."""
    return {"name": ev.name, "start": ev.start, "end": ev.end, "terms": list(ev.terms), "related": list(ev.related),
            "terms_by_language": {code: list(terms) for code, terms in ev.terms_by_language.items()},
            "aliases": {name: list(variants) for name, variants in ev.aliases.items()}}


def ensure_events(conn: Connection, events: Sequence[EventConfig]) -> dict[str, int]:
    """Create or update the configured events; slug → id."""
    ids: dict[str, int] = {}
    for ev in events:
        row = conn.execute(select(Event.id).where(Event.slug == ev.slug)).scalar_one_or_none()
        values = event_values(ev)
        if row is None:
            row = conn.execute(insert(Event).values(slug=ev.slug, **values).returning(Event.id)).scalar_one()
        else:
            conn.execute(update(Event).where(Event.id == row).values(**values))
        ids[ev.slug] = row
    return ids


class BatchWriter:
    """Stores batches of processed articles; keeps id caches across batches of one run."""

    def __init__(self, conn: Connection, events: Sequence[EventConfig]) -> None:
        self.event_ids = ensure_events(conn, events)
        self.figures = FigureIds(conn, events)
        self._source_ids: dict[str, int] = {}

    def reset_caches(self) -> None:
        """Forget cached ids after a rollback, since the rows they point to may be gone."""
        self._source_ids.clear()
        self.figures.reset()

    def prefetch(self, conn: Connection, items: Sequence[ProcessedArticle]) -> Prefetched:
        """What the batch's syndication test reads of stored rows, read before its turn to write (see
        `ingest.store.candidates`): run it in a connection of its own, then pass it to `write`."""
        return prefetch(conn, ((tuple(i.bands), i.minhash, bool(i.doc.text)) for i in items if i.relevance))

    def write(self, conn: Connection, items: Sequence[ProcessedArticle],
              prefetched: Prefetched | None = None) -> BatchResult:
        """Store a batch inside the caller's transaction; one bad article is skipped, not fatal.

        The batch is tried under one savepoint; only when that fails is it redone article by article,
        each under its own savepoint, so the common case pays for one savepoint, not one per article.
        """
        relevant = [item for item in items if item.relevance]
        batch = conn.begin_nested()
        try:
            result = self._write_batch(conn, relevant, prefetched)
            batch.commit()
        except SQLAlchemyError as exc:
            batch.rollback()
            self.reset_caches()
            if is_store_full(exc):
                raise
            result = self._write_isolated(conn, relevant, prefetched)
        result.counts["off_topic"] += len(items) - len(relevant)
        return result

    def _write_isolated(self, conn: Connection, items: Sequence[ProcessedArticle],
                        prefetched: Prefetched | None) -> BatchResult:
        result = BatchResult()
        for item in items:
            savepoint = conn.begin_nested()
            try:
                one = self._write_batch(conn, [item], prefetched)
                savepoint.commit()
                result.counts.update(one.counts)
            except SQLAlchemyError as exc:
                savepoint.rollback()
                self.reset_caches()
                if is_store_full(exc):
                    raise
                result.counts["failed"] += 1
                result.errors.append({"origin": item.doc.url, "message": f"{item.doc.url}: cannot store: "
                                      f"{str(exc.orig if hasattr(exc, 'orig') else exc).splitlines()[0]}"})
        return result

    def _write_batch(self, conn: Connection, items: Sequence[ProcessedArticle],
                     prefetched: Prefetched | None = None) -> BatchResult:
        """Classify (stored already, exact copy, new), insert the new ones in bulk, group, link, and
        bring the rollups up to date: the new links add themselves to their cells, and a stored original
        that a take-over made a copy leaves the originals of its cells; both cost what the batch wrote."""
        result = BatchResult()
        demoted: set[int] = set()  # stored originals that became copies (a take-over)
        links: list[tuple[int, int]] = []  # (article id, event id) joined in this batch
        new, existing = self._classify(conn, items, result.counts)
        for outcome in self._link_existing(conn, existing, links):
            result.counts[outcome] += 1
        if new:
            ids = self._insert_articles(conn, new)
            placer = GroupPlacer(conn, prefetched)
            placer.place([NewArticle(i, p.doc.published_at, p.minhash, p.bands, p.doc.text)
                          for i, p in zip(ids, new, strict=True)])
            demoted = placer.demoted
            self._insert_quotes(conn, ids, new)
            self._insert_links(conn, list(zip(ids, new, strict=True)), links)
            result.counts["stored"] += len(new)
        rollups.demote(conn, demoted, links)
        rollups.add_links(conn, links)
        return result

    def _classify(self, conn: Connection, items: Sequence[ProcessedArticle], counts: Counter[str],
                  ) -> tuple[list[ProcessedArticle], list[tuple[int, ProcessedArticle]]]:
        """(new articles, (stored id, item) of pages stored before); counts exact copies and pages
        that come twice in the batch."""
        known = self._prefetch_known(conn, items)
        new: list[ProcessedArticle] = []
        existing: list[tuple[int, ProcessedArticle]] = []
        for item in items:
            url_key, hash_key = f"url:{item.doc.canonical_url}", f"hash:{item.content_hash}"
            if url_key in known:
                stored = known[url_key]
                if stored is None:  # the same page twice in this batch
                    counts["already_stored"] += 1
                else:
                    existing.append((stored, item))
            elif hash_key in known:
                counts["exact_copies"] += 1
            else:
                known[url_key] = known[hash_key] = None
                new.append(item)
        return new, existing

    def _prefetch_known(self, conn: Connection, items: Sequence[ProcessedArticle]) -> dict[str, int | None]:
        """Ids of the batch's URLs and content hashes already stored, in two queries for the batch.

        Keys are `url:<canonical>` and `hash:<sha256>`; the batch adds its new ones with id None."""
        urls = sorted({i.doc.canonical_url for i in items})
        hashes = sorted({i.content_hash for i in items})
        known: dict[str, int | None] = {}
        if urls:
            known.update((f"url:{u}", a) for a, u in conn.execute(
                select(Article.id, Article.canonical_url).where(Article.canonical_url.in_(urls))))
        if hashes:
            known.update((f"hash:{h}", a) for a, h in conn.execute(
                select(Article.id, Article.content_hash).where(Article.content_hash.in_(hashes))))
        return known

    def _insert_articles(self, conn: Connection, items: Sequence[ProcessedArticle]) -> list[int]:
        """Insert the batch's new articles in one statement; their ids in the same order."""
        fetched_at = utc.now()
        rows = [{
            "canonical_url": p.doc.canonical_url, "url": p.doc.url, "source_id": self._source_id(conn, p.doc.source),
            "title": p.doc.title, "byline": p.doc.byline, "published_at": p.doc.published_at,
            "fetched_at": fetched_at, "language": p.doc.language,
            "language_confidence": p.doc.language_confidence, "text": p.doc.text,
            "content_hash": p.content_hash, "minhash": p.minhash, "tone": p.tone, "sentence_count": p.sentence_count,
            "tone_method": p.tone_method, "quote_count": len(p.quotes),
            "duplicate_of": None, "duplicate_group": None,
        } for p in items]
        return list(conn.execute(_INSERT_ARTICLES, rows).scalars())

    def _insert_quotes(self, conn: Connection, ids: Sequence[int], items: Sequence[ProcessedArticle]) -> None:
        rows = [
            {
                "article_id": article_id, "start": q.start, "end": q.end, "text": q.text, "key": quote_key(q.text),
                "speaker_raw": q.speaker_raw, "cue": q.cue, "tone": q.tone,
                "figure_id": self.figures.get(conn, q.speaker_raw, q.speaker_kind) if q.speaker_raw else None,
            }
            for article_id, item in zip(ids, items, strict=True) for q in item.quotes
        ]
        if rows:
            conn.execute(insert(Quote), rows)

    def _events_to_join(self, item: ProcessedArticle, have: set[int]) -> list[tuple[int, float]]:
        """(event id, relevance) of the configured events `item` is relevant to and not yet in."""
        return [(self.event_ids[slug], score) for slug, score in item.relevance.items()
                if slug in self.event_ids and self.event_ids[slug] not in have]

    def _insert_links(self, conn: Connection, articles: Sequence[tuple[int, ProcessedArticle]],
                      links: list[tuple[int, int]]) -> None:
        """Join each new (article id, item) to the events it is relevant to; the links made are added
        to `links`."""
        rows = []
        for article_id, item in articles:
            joined = self._events_to_join(item, set())
            rows += [{"article_id": article_id, "event_id": e, "relevance": r} for e, r in joined]
            links += [(article_id, e) for e, _ in joined]
        if rows:
            conn.execute(insert(ArticleEvent), rows)

    def _link_existing(self, conn: Connection, existing: Sequence[tuple[int, ProcessedArticle]],
                       links: list[tuple[int, int]]) -> list[str]:
        """Stored articles seen again: "linked" when they joined an event they were not in yet (the
        links made are added to `links`), else "already_stored"."""
        if not existing:
            return []
        ids = sorted({a for a, _ in existing})
        have: dict[int, set[int]] = defaultdict(set)
        for article_id, event_id in conn.execute(
                select(ArticleEvent.article_id, ArticleEvent.event_id).where(ArticleEvent.article_id.in_(ids))):
            have[article_id].add(event_id)
        for article_id, event_id in dismissed_pairs(conn, ids):  # dismissed by an analyst: never rejoined
            have[article_id].add(event_id)
        rows, outcomes = [], []
        for article_id, item in existing:
            joined = self._events_to_join(item, have[article_id])
            have[article_id].update(e for e, _ in joined)
            rows += [{"article_id": article_id, "event_id": e, "relevance": r} for e, r in joined]
            links += [(article_id, e) for e, _ in joined]
            outcomes.append("linked" if joined else "already_stored")
        if rows:
            conn.execute(insert(ArticleEvent), rows)
        return outcomes

    def _source_id(self, conn: Connection, domain: str) -> int:
        if domain not in self._source_ids:
            found = conn.execute(select(Source.id).where(Source.domain == domain)).scalar_one_or_none()
            if found is None:
                found = conn.execute(insert(Source).values(domain=domain, name=domain)
                                     .returning(Source.id)).scalar_one()
            self._source_ids[domain] = found
        return self._source_ids[domain]
