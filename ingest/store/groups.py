"""Syndication groups in the store: which stored article a new one copies, and who is the original.

The store calls `GroupPlacer.place` once per batch, after the batch's articles are inserted (so they
have ids) and before their LSH bands are: candidates for each new article come from the bands already
stored (one indexed query per article, see `neardup`; the pipeline reads them before the batch's turn
to write, `candidates.prefetch`, and the turn adds what was stored since in one query) plus the bands of
the batch's own originals, held in memory here. So a batch costs one candidate query per article and a
few bulk statements, not a round of inserts and updates per article, and an article can still be a
copy of one earlier in its own batch.

Rules (unchanged from the per-article store): a copy points at its group's original (`duplicate_of`
and `duplicate_group`); the original is the earliest, so a new article published before its group's
original takes the group over; only originals store bands.

When no candidate's signature makes the new article a copy, the candidates whose signatures overlap it
at all (`sharedparts.TEXT_FLOOR`) are compared by text (`sharedparts.best_shared`): their stored
`articles.text` is read in one indexed query, so the cost is a few rows per new article, and only when
the signature test said no.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from db.models import Article, UTCDateTime
from ingest.stages import neardup, sharedparts
from ingest.store.candidates import (
    MAX_CANDIDATES,
    Newer,
    Prefetched,
    close,
    current_roots,
    newer,
    read_texts,
    stored_rows,
)
from ingest.store.candidates import candidates_sql as candidates_sql  # where bench.dedupe times it

_ARTICLES = Article.metadata.tables["articles"]
_SET_ORIGINAL = (update(_ARTICLES).where(_ARTICLES.c.id == bindparam("copy_id"))
                 .values(duplicate_of=bindparam("root_id"), duplicate_group=bindparam("root_id")))


@dataclass(frozen=True, slots=True)
class NewArticle:
    """What group placement needs of an article the batch just inserted."""

    id: int
    published_at: dt.datetime
    minhash: bytes | None
    bands: Sequence[tuple[int, int]]
    text: str = ""


@dataclass(frozen=True, slots=True)
class _Candidate:
    id: int
    root: int
    minhash: bytes
    hits: int


@dataclass
class GroupPlacer:
    """Places one batch's new articles into syndication groups and stores the originals' LSH bands."""

    conn: Connection
    prefetched: Prefetched | None = None  # candidates read before the batch's turn (`candidates.prefetch`)
    demoted: set[int] = field(default_factory=set)  # stored originals a take-over made copies
    _bands: dict[tuple[int, int], list[int]] = field(default_factory=lambda: defaultdict(list))
    _root: dict[int, int] = field(default_factory=dict)  # batch article → its group's original
    _signature: dict[int, bytes] = field(default_factory=dict)
    _text: dict[int, str] = field(default_factory=dict)  # batch originals, for the shared-part test
    _published: dict[int, dt.datetime] = field(default_factory=dict)  # batch articles and stored originals
    _copies: list[dict[str, int]] = field(default_factory=list)  # pending duplicate_of updates
    _roots: set[int] = field(default_factory=set)  # originals that gained a copy: duplicate_group = id
    _now: dict[int, tuple[int, Any]] = field(default_factory=dict)  # prefetched candidate → its original now
    _newer: Newer = field(default_factory=Newer)  # originals stored since the prefetch

    def __post_init__(self) -> None:
        dialect = self.conn.dialect  # the stored type's own reader: SQLite hands back text
        self._mark = "?" if dialect.paramstyle == "qmark" else "%s"  # the driver's positional placeholder
        self._timestamp: Callable[[Any], Any] = (
            UTCDateTime().dialect_impl(dialect).result_processor(dialect, None) or (lambda value: value))

    def place(self, articles: Sequence[NewArticle]) -> None:
        """Mark the copies among `articles` (in publication order) and store the originals' bands."""
        band_rows: list[tuple[int, int, int]] = []
        if self.prefetched is not None:
            self._newer = newer(self.conn, self.prefetched.horizon)
            self._now = current_roots(self.conn, [
                *self._newer.signature,
                *(cid for art in articles for cid, _, _ in self.prefetched.rows.get(tuple(art.bands), ()))])
        self._batch = {art.id for art in articles}
        for art in articles:
            self._published[art.id] = art.published_at
            if not art.bands or art.minhash is None:
                self._root[art.id] = art.id
                continue
            candidates = self._candidates(art)
            found: tuple[int, neardup.Overlap | sharedparts.Chain] | None = neardup.best_match(
                art.minhash, ((c.root, c.minhash) for c in candidates))
            if found is None and art.text:
                found = self._shared(art, candidates)
            if found is None or art.published_at < self._published[found[0]]:
                if found is not None:
                    self._take_over(art.id, found[0])
                self._root[art.id] = art.id
                self._signature[art.id] = art.minhash
                self._text[art.id] = art.text
                for band, bucket in dict.fromkeys(art.bands):
                    self._bands[(band, bucket)].append(art.id)
                    band_rows.append((bucket, band, art.id))
                continue
            root = found[0]
            self._root[art.id] = root
            self._copies.append({"copy_id": art.id, "root_id": root})
            self._roots.add(root)
        self._flush()
        if band_rows and self.conn.dialect.name == "postgresql":  # one statement of three arrays, not
            buckets, bands, ids = (list(column) for column in zip(*band_rows, strict=True))  # 10,000 rows
            self.conn.exec_driver_sql("INSERT INTO article_bands (bucket, band, article_id) SELECT * FROM "
                                      "unnest(%s::bigint[], %s::integer[], %s::integer[])", (buckets, bands, ids))
        elif band_rows:  # driver SQL again: thousands of rows per batch, each a plain tuple
            self.conn.exec_driver_sql(f"INSERT INTO article_bands (bucket, band, article_id) VALUES "
                                      f"({self._mark}, {self._mark}, {self._mark})", band_rows)

    def _candidates(self, art: NewArticle) -> list[_Candidate]:
        """Stored and same-batch originals sharing a band with `art`, most bands shared first."""
        assert art.minhash is not None
        found = []
        for cid, root, sig, hits, published in self._stored(tuple(art.bands)):
            root = self._root.get(root, root)
            self._published.setdefault(root, published)
            found.append(_Candidate(cid, root, sig, hits))
        local: dict[int, int] = defaultdict(int)
        for key in art.bands:
            for cid in self._bands.get(key, ()):
                local[cid] += 1
        found += [_Candidate(cid, self._root[cid], self._signature[cid], hits) for cid, hits in local.items()]
        found.sort(key=lambda c: (c.hits, c.id), reverse=True)
        return found[:MAX_CANDIDATES]

    def _stored(self, bands: tuple[tuple[int, int], ...]) -> list[tuple[int, int, bytes, int, Any]]:
        """Stored candidates (id, original, signature, bands shared, original's publication time): the
        prefetched ones in their group of now, plus those stored since the prefetch; without a prefetch,
        one query."""
        pre = self.prefetched
        if pre is None or bands not in pre.rows:
            return [(cid, root, sig, hits, self._timestamp(published))
                    for cid, root, sig, hits, published in stored_rows(self.conn, bands)]
        rows = []
        newer_ids = set()
        for cid, sig, hits in self._newer.candidates(bands):
            newer_ids.add(cid)
            if cid in self._now:
                root, published = self._now[cid]
                rows.append((cid, root, sig, hits, published))
        for cid, sig, hits in pre.rows[bands]:
            if cid not in newer_ids and cid in self._now:  # gone meanwhile: not a candidate any more
                root, published = self._now[cid]
                rows.append((cid, root, sig, hits, published))
        return rows

    def _shared(self, art: NewArticle, candidates: list[_Candidate]) -> tuple[int, sharedparts.Chain] | None:
        """The group `art` shares a run of reporter sentences with, by text (see `sharedparts`)."""
        assert art.minhash is not None
        near = [c for c in candidates if close(art.minhash, c.minhash)]
        known = self.prefetched.texts if self.prefetched is not None else {}
        # one indexed read of the few candidates close enough to compare by text, unless prefetched
        texts = read_texts(self.conn, [c.id for c in near if c.id not in self._text and c.id not in known])
        texts.update((c.id, known[c.id]) for c in near if c.id in known)
        texts.update((c.id, self._text[c.id]) for c in near if c.id in self._text)
        return sharedparts.best_shared(art.text, art.minhash,
                                       [(c.root, c.minhash, texts[c.id]) for c in near if c.id in texts])

    def _take_over(self, article_id: int, root_id: int) -> None:
        """`article_id` predates its group's original `root_id`: it becomes the group's original. Of the
        rollups only `originals` depends on who the original is, and of the members only `root_id`
        changes side (its copies stay copies): a stored `root_id` is listed in `demoted`, for the
        batch to take it off the originals of its cells (`rollups.demote`); one of this batch is
        counted as what it is by the batch's own links."""
        self._flush()
        ids = list(self.conn.execute(
            select(Article.id).where((Article.id == root_id) | (Article.duplicate_of == root_id))).scalars())
        self.conn.execute(update(Article).where(Article.id.in_(ids))
                          .values(duplicate_of=article_id, duplicate_group=article_id))
        self.conn.execute(update(Article).where(Article.id == article_id).values(duplicate_group=article_id))
        for member, root in self._root.items():
            if root == root_id:
                self._root[member] = article_id
        if root_id not in self._batch:
            self.demoted.add(root_id)

    def _flush(self) -> None:
        """Write the pending copy links and group marks."""
        if self._copies:
            self.conn.execute(_SET_ORIGINAL, self._copies)
            self._copies = []
        if self._roots:
            self.conn.execute(update(Article).where(Article.id.in_(sorted(self._roots)))
                              .values(duplicate_group=Article.id))
            self._roots = set()
