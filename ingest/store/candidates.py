"""Syndication candidates read before a batch takes its turn to write, so the turn stays short.

On PostgreSQL, queue workers write their batches in turn (`db.engine.store_turn`); everything a batch
does while holding the turn, the other workers wait for. Finding each new article's candidates (one
band-index query per article) and reading the texts the shared-part test compares are reads of rows
that do not change once stored, so `prefetch` does them first, outside the turn, in a connection of
its own. Under the turn, `GroupPlacer` adds only what was stored meanwhile, and re-reads which group
each prefetched candidate is in now (a take-over may have moved it).

What was stored meanwhile is read in one query per batch (the band rows above the horizon, a few batches'
worth at most), not one per article.

Why "stored meanwhile" is exactly `article_id > horizon`: articles are only ever inserted by a batch
holding the turn, and ids come from one sequence, so every batch that commits after the horizon was read
(including one in flight then, invisible to the read) holds ids above every id visible at that moment.
A candidate both in the prefetch and after the horizon (committed between the two reads) is counted once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import Connection, func, select

from db.models import Article, ArticleBand
from ingest.stages import neardup, sharedparts

PER_BUCKET = 100  # a bucket holding more stored articles than this is stock text, not one story's copies
MAX_CANDIDATES = 32
Bands = tuple[tuple[int, int], ...]


@lru_cache(maxsize=16)
def candidates_sql(bands: int, mark: str, after: bool = False) -> str:
    """One index search per LSH band, at most PER_BUCKET rows each, ranked by bands shared; returns
    (candidate id, its group's original, the candidate's signature, bands shared, the original's
    publication time). Parameters: bucket, band (and, with `after`, the horizon) of each band in turn,
    as `mark` (the driver's positional placeholder). Not `(band, bucket) IN (…)`, which SQLite plans as
    a scan; derived tables are aliased so PostgreSQL runs the same text. Run as driver SQL: binding 128
    named parameters through SQLAlchemy costs more than the query."""
    newer = f" AND article_id > {mark}" if after else ""
    one = (f"SELECT * FROM (SELECT article_id FROM article_bands WHERE bucket = {mark} AND band = {mark}{newer} "
           f"ORDER BY article_id DESC LIMIT {PER_BUCKET}) AS b{{i}}")
    union = " UNION ALL ".join(one.format(i=i) for i in range(bands))
    return (
        "SELECT a.id, r.id, a.minhash, c.hits, r.published_at FROM ("
        f"SELECT article_id, COUNT(*) AS hits FROM ({union}) AS u "
        f"GROUP BY article_id ORDER BY hits DESC, article_id DESC LIMIT {MAX_CANDIDATES}"
        ") AS c JOIN articles a ON a.id = c.article_id JOIN articles r ON r.id = COALESCE(a.duplicate_of, a.id)"
    )


def mark_of(conn: Connection) -> str:
    return "?" if conn.dialect.paramstyle == "qmark" else "%s"


Row = tuple[int, int, bytes, int, object]


def stored_rows(conn: Connection, bands: Bands, horizon: int | None = None) -> list[Row]:
    """(id, original's id, signature, bands shared, original's publication time as stored) of the stored
    articles sharing a band with `bands` (with `horizon`: only those stored after it)."""
    params: list[int] = []
    for band, bucket in bands:
        params += [bucket, band] + ([horizon] if horizon is not None else [])
    sql = candidates_sql(len(bands), mark_of(conn), horizon is not None)
    return [(cid, root, bytes(sig), hits, published)
            for cid, root, sig, hits, published in conn.exec_driver_sql(sql, tuple(params)) if sig is not None]


@dataclass
class Prefetched:
    """What a batch's candidates were before its turn: rows per article's bands, the texts of the
    candidates the shared-part test may read, and the horizon the turn adds to."""

    horizon: int
    rows: dict[Bands, list[tuple[int, bytes, int]]] = field(default_factory=dict)  # (id, signature, hits)
    texts: dict[int, str] = field(default_factory=dict)


def prefetch(conn: Connection, articles: Iterable[tuple[Bands, bytes | None, bool]]) -> Prefetched:
    """Candidates of each (bands, signature, has text) before the batch's turn; the texts of the
    candidates close enough for the shared-part test, in one query."""
    horizon = conn.execute(select(func.coalesce(func.max(Article.id), 0))).scalar_one()
    pre = Prefetched(horizon=int(horizon))
    wanted: set[int] = set()
    for bands, minhash, has_text in articles:
        if not bands or minhash is None or bands in pre.rows:
            continue
        rows = [(cid, sig, hits) for cid, _root, sig, hits, _published in stored_rows(conn, bands)]
        pre.rows[bands] = rows
        if has_text:
            wanted.update(cid for cid, sig, _ in rows if close(minhash, sig))
    pre.texts = read_texts(conn, wanted)
    return pre


def close(minhash: bytes, signature: bytes) -> bool:
    """Whether a candidate overlaps enough for the shared-part test to read its text."""
    return neardup.overlap(minhash, signature).containment >= sharedparts.TEXT_FLOOR


def _chunks(ids: Iterable[int], size: int = 1000) -> Iterator[list[int]]:
    """The distinct ids in order, `size` per IN list."""
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), size):
        yield wanted[start:start + size]


def read_texts(conn: Connection, ids: Iterable[int]) -> dict[int, str]:
    """Stored texts by id, a thousand ids per query."""
    texts: dict[int, str] = {}
    for part in _chunks(ids):
        texts.update((i, t or "") for i, t in conn.execute(select(Article.id, Article.text)
                                                         .where(Article.id.in_(part))).all())
    return texts


def current_roots(conn: Connection, ids: Sequence[int]) -> dict[int, tuple[int, object]]:
    """Each candidate's group original now, and the original's publication time as stored."""
    found: dict[int, tuple[int, object]] = {}
    original = Article.__table__.alias("r")
    for part in _chunks(ids):
        rows = conn.execute(select(Article.id, original.c.id, original.c.published_at)
                            .join(original, original.c.id == func.coalesce(Article.duplicate_of, Article.id))
                            .where(Article.id.in_(part)))
        found.update((cid, (root, published)) for cid, root, published in rows.all())
    return found


@dataclass
class Newer:
    """The originals stored after a prefetch's horizon: their band keys, signatures and groups."""

    by_band: dict[tuple[int, int], list[int]] = field(default_factory=lambda: defaultdict(list))
    signature: dict[int, bytes] = field(default_factory=dict)

    def candidates(self, bands: Bands) -> list[tuple[int, bytes, int]]:
        """(id, signature, bands shared) of the newer originals sharing a band with `bands`."""
        hits: dict[int, int] = defaultdict(int)
        for key in bands:
            for cid in self.by_band.get(key, ()):
                hits[cid] += 1
        return [(cid, self.signature[cid], n) for cid, n in hits.items() if cid in self.signature]


def newer(conn: Connection, horizon: int) -> Newer:
    """Band rows and signatures of the articles stored after `horizon` (by batches that wrote between
    the prefetch and this batch's turn)."""
    found = Newer()
    rows = conn.execute(select(ArticleBand.band, ArticleBand.bucket, ArticleBand.article_id)
                        .where(ArticleBand.article_id > horizon)).all()
    for band, bucket, article_id in rows:
        found.by_band[(band, bucket)].append(article_id)
    for part in _chunks(r[2] for r in rows):
        sigs = conn.execute(select(Article.id, Article.minhash)
                            .where(Article.id.in_(part), Article.minhash.is_not(None)))
        found.signature.update((i, bytes(sig)) for i, sig in sigs.all() if sig is not None)
    return found
