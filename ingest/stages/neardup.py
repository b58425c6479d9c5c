"""Near-duplicate (syndication) detection: MinHash over word shingles, LSH banding done by the store.

Why MinHash: wire copies are edited lightly but never byte-identical (a new headline, a local intro, the
tail cut, a few words changed), so the exact content hash in `dedupe.py` misses them. A MinHash estimates
the Jaccard similarity of two texts' word shingles from two fixed-size signatures, so comparing a new
article with a candidate costs a few microseconds and no text has to be read back.

Why we band ourselves instead of using `datasketch.MinHashLSH`: candidates must be found in the store
with indexed lookups (`article_bands(band, bucket, article_id)`, PK on all three) so matching stays
O(candidates) at millions of articles and survives restarts and several workers. `bands()` returns the
(band, bucket) pairs to insert for a stored article and to look up for a new one.

Text → shingles: NFKC + case-folded, split into Unicode word tokens (`\\w+`, punctuation dropped, so
quote marks, dashes and line breaks don't matter), then every run of `SHINGLE_WORDS` consecutive tokens.
A text shorter than that is one shingle; an empty text has none.

Signature bytes (stored in `articles.minhash`), little-endian::

    u8 format (=1) · u8 shingle words · u16 num_perm · u32 distinct shingles · num_perm × u32 min-hashes

The min-hashes are `datasketch.MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32")` values with
CRC-32 as the shingle hash (datasketch pre-mixes it with a MurmurHash finaliser; CRC-32 is ~3× faster
than the default SHA-1 and its collisions are negligible at article sizes). The shingle count is kept
because Jaccard alone cannot recognise a copy whose tail was cut: a 5-paragraph story cut to 2 keeps 40%
of the original's shingles, so its Jaccard is ~0.35 while *containment* (shared / smaller set) is ~0.9.
With both sizes, shared = J·(|A|+|B|)/(1+J).

Decision (`is_near_copy`), thresholds chosen by measurement on `tests/fixtures/syndication.py` (see
`tests/ingest/stages/test_neardup.py`, which pins the scores): a copy when the estimated Jaccard is at least
`JACCARD_COPY`, or when the smaller text is at least `CONTAINMENT_COPY` contained in the larger one and
they share at least `MIN_SHARED` shingles (so one shared sentence never makes a two-line brief a copy).
Over 20 corpus seeds (4,711 copy pairs, 142,800 pairs of distinct stories that repeat the same stock
sentences and quotes): containment 0.55 misses 9 copies and merges no distinct pair; 0.5 misses 2 and
merges 1; 0.6 misses 23 (recall 0.995). The demo corpus, whose outlets report the same story
independently from shared facts, quotes and background, is the harder case for precision: there 0.55
marks 8% of independent stories as copies and 0.6 gives precision 0.99 and recall 0.99 (1,200 articles,
seed 3), so 0.6 it is. A copy cut to two of five paragraphs with a local intro still clears it (0.64).
5-word shingles: 3–4 words let template phrasing merge distinct stories, 6–7
let every changed word cost too many shingles.

Second test, by text (`sharedparts`): real wire copies are often another *version* of the story (intro
rewritten through the day, a local paragraph inserted, the tail cut elsewhere), so their signatures
overlap too little for the thresholds above — on the hand-labelled public news of
`bench/realnews/labelled/syndication.jsonl` the signature test alone matched 37 of 59 copies (record
recall 0.63). When no candidate passes it, the candidates whose containment is at least
`sharedparts.TEXT_FLOOR` (0.1) are compared by text: a copy when the two share an ordered chain of at
least `MIN_CHAIN` (4) long reporter sentences (≥ 12 words, quotations and datelines dropped), of at
least 60 words, covering at least 30% of the smaller text's long sentences; sentences that more than
one candidate carries are the event's stock phrasing and do not count. The chain size was set on the
demo, not on the real-news set: its independent outlets share template sentences verbatim, so with 3
sentences (and no stock rule) pairwise the test flagged 416 of 54,659 independent pairs that share 3
or more of 128 min-hashes (1,200 articles, seed 3); with the stock rule, a simulation of the
pipeline's stream (bands, 32
candidates, originals only) still lost 0.02 of copy precision at 3 sentences (0.9748 → 0.9537) and
none at 4; at 2,500 articles (seeds 0 and 3) 4 sentences add one false link each. Pipeline figures
(`python -m bench groundtruth` after `python -m ingest demo`),
copy precision / recall before → after: 1,200 articles seed 3 0.9932/1.0 → 0.9932/1.0; 1,000 seed 0
0.9718/1.0 → 0.9718/1.0; 2,500 seed 0 0.9633/0.9967 → 0.9618/0.9967; 2,500 seed 3 0.9243/0.9654 →
0.9228/0.9654. Synthetic fixture: unchanged (the signature test already finds its copies; the text
test flags none of its 7,140 distinct pairs per seed). Real news as a check: 49 of 59 copies (record
recall 0.83), pair precision 1.000, 0 hard negatives; no pair of different stories there shares even
two long reporter sentences. What it still misses is write-throughs that share two sentences or fewer.
That bench scores pairs; the store sees fewer: fed through this matching in publication order (bands,
32 candidates, originals only, stock rule), the same set gives record recall 0.58 with signatures
alone and 0.70 with the text step. The gap is the stock rule: two versions of one wire story that
became separate originals both carry its sentences, which then count as stock. Counting a sentence as
stock only from three candidates gives 0.80 there but costs the demo 0.01 of copy precision (1,200
articles, seed 3: 0.9932 → 0.9829), so the rule stays at two.
Cost of the text step: it runs only when the signatures found nothing, over the close candidates (up
to `candidates.MAX_CANDIDATES`), with their text read in one query and their sentence 3-grams cached. The
demo is its worst case (one event, so ~20 candidates are close to every new article): 1.5 ms per stored
article, 3.3 s of a 12.4 s ingest of 2,500 articles.

Banding: `BANDS` bands of `ROWS` min-hashes, each band's rows mixed into one signed 64-bit bucket. Two
texts with Jaccard J share a bucket with probability 1-(1-J^ROWS)^BANDS: 0.98 at J=0.25 and 0.93 at
J=0.2 for 64×2. Cut copies reach down to J≈0.2, which rules out 3 rows (42×3: 0.49 at J=0.25). Stock
text is the cost of 2 rows: a band's two minima both come from a phrase that makes up a share s of an
article's shingles with probability s², so every band has a "stock bucket" holding ~s² of the articles
that use the phrase — tiny per story, but boilerplate in 15% of a million articles (s≈0.05) gives
buckets of a few hundred. Hence the pipeline's rules below: bands for originals only, at most 100 rows
read per bucket, candidates ranked by bands shared (≈ BANDS·J², so copies rank first).

How the pipeline uses this (see `bench/dedupe.py`, which measures exactly this at 1M articles):

1. `sig = signature(text)` → `articles.minhash`.
2. Candidates: one index search per band, capped, ranked, resolved to each group's original::

       SELECT COALESCE(a.duplicate_of, a.id), a.minhash, c.hits FROM (
         SELECT article_id, COUNT(*) AS hits FROM (
           SELECT * FROM (SELECT article_id FROM article_bands WHERE band = ? AND bucket = ?
                          ORDER BY article_id DESC LIMIT 100) AS b0
           UNION ALL …                                       -- one per (band, bucket) of bands(sig)
         ) AS u GROUP BY article_id ORDER BY hits DESC, article_id DESC LIMIT 32
       ) AS c JOIN articles a ON a.id = c.article_id ORDER BY c.hits DESC, a.id DESC

   Not `WHERE (band, bucket) IN (VALUES …)`: SQLite 3.40 plans that as a full scan of article_bands.
3. `best_match(sig, rows)`; when None, `sharedparts.best_shared` over the candidates with containment
   ≥ `TEXT_FLOOR`, their `articles.text` read in one `WHERE id IN (…)` query.
   None → an original (`duplicate_of` NULL, new `duplicate_group`, insert its
   `bands()`); else `duplicate_of` = the returned original, its group, and no bands — copies would only
   add rows to buckets their original already holds.
4. The original is the earliest: if the new article was published before its group's original, it
   becomes the original (the group's `duplicate_of` repointed to it, its own set NULL, its bands
   inserted; the old original's bands stay and resolve to the group through `duplicate_of`), and the
   `originals` rollups of both articles' days are corrected in the same transaction.
"""

from __future__ import annotations

import re
import struct
import unicodedata
import zlib
from collections.abc import Iterable
from typing import NamedTuple, TypeVar

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
BANDS = 64
ROWS = 2
SEED = 20200103
SHINGLE_WORDS = 5
FORMAT = 1

JACCARD_COPY = 0.5
CONTAINMENT_COPY = 0.6
MIN_SHARED = 30

K = TypeVar("K")
_HEADER = struct.Struct("<BBHI")
_WORD = re.compile(r"\w+")
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32", hashfunc=zlib.crc32)
_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)
_MIX = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53))
assert BANDS * ROWS <= NUM_PERM


class Overlap(NamedTuple):
    """How much two signed texts share: estimated Jaccard, containment of the smaller, shared shingles."""

    jaccard: float
    containment: float
    shared: float


def shingles(text: str) -> set[bytes]:
    """The distinct word shingles of a text, UTF-8 encoded (what the MinHash is taken over)."""
    words = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    if len(words) <= SHINGLE_WORDS:
        return {" ".join(words).encode("utf-8", "surrogatepass")} if words else set()
    runs = zip(*(words[i:] for i in range(SHINGLE_WORDS)), strict=False)
    return {" ".join(run).encode("utf-8", "surrogatepass") for run in runs}


def signature(text: str) -> bytes:
    """Serialised MinHash of the text's normalised word shingles, with the shingle count (see module doc)."""
    items = shingles(text)
    minhash = _TEMPLATE.copy()
    minhash.update_batch(items)
    header = _HEADER.pack(FORMAT, SHINGLE_WORDS, NUM_PERM, len(items))
    return header + minhash.hashvalues.astype("<u4").tobytes()


def _parse(sig: bytes) -> tuple[int, np.ndarray]:
    """(shingle count, min-hash array); ValueError for bytes made by another format or parameters."""
    if len(sig) != _HEADER.size + 4 * NUM_PERM:
        raise ValueError(f"not a neardup signature: {len(sig)} bytes")
    fmt, words, perms, count = _HEADER.unpack_from(sig)
    if (fmt, words, perms) != (FORMAT, SHINGLE_WORDS, NUM_PERM):
        raise ValueError(f"signature made with format {fmt}, {words}-word shingles, {perms} permutations")
    return count, np.frombuffer(sig, dtype="<u4", offset=_HEADER.size)


def shingle_count(sig: bytes) -> int:
    """How many distinct shingles the signed text had (0 for an empty text)."""
    return _parse(sig)[0]


def bands(sig: bytes) -> list[tuple[int, int]]:
    """(band index, bucket) pairs for `article_bands`; buckets are signed 64-bit so they fit BIGINT.

    An empty text has no bands: all empty signatures are equal and would otherwise share one bucket.
    """
    count, values = _parse(sig)
    if count == 0:
        return []
    rows = values[: BANDS * ROWS].reshape(BANDS, ROWS).astype(np.uint64)
    with np.errstate(over="ignore"):
        key = np.zeros(BANDS, dtype=np.uint64)
        for column in range(ROWS):
            key = (key * _MIX[0] + rows[:, column] + _MIX[0]) & _MASK64
        key ^= key >> np.uint64(33)
        key *= _MIX[1]
        key ^= key >> np.uint64(29)
        key *= _MIX[2]
        key ^= key >> np.uint64(32)
    return list(enumerate(key.view(np.int64).tolist()))


def _jaccard(count_a: int, values_a: np.ndarray, count_b: int, values_b: np.ndarray) -> float:
    if count_a == 0 or count_b == 0:
        return 1.0 if count_a == count_b else 0.0
    return int(np.count_nonzero(values_a == values_b)) / NUM_PERM


def _overlap(count_a: int, values_a: np.ndarray, count_b: int, values_b: np.ndarray) -> Overlap:
    jaccard = _jaccard(count_a, values_a, count_b, values_b)
    smaller = min(count_a, count_b)
    if smaller == 0:
        return Overlap(jaccard, 0.0, 0.0)
    shared = min(jaccard * (count_a + count_b) / (1.0 + jaccard), float(smaller))
    return Overlap(jaccard, shared / smaller, shared)


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets (1.0 for two empty texts)."""
    return _jaccard(*_parse(a), *_parse(b))


def overlap(a: bytes, b: bytes) -> Overlap:
    """Jaccard, containment of the smaller text in the larger, and estimated shared shingles.

    Containment comes from Jaccard and the stored set sizes: shared = J·(|A|+|B|)/(1+J), capped by the
    smaller set, divided by the smaller set.
    """
    return _overlap(*_parse(a), *_parse(b))


def _copy(found: Overlap) -> bool:
    if found.shared == 0.0:
        return False
    return found.jaccard >= JACCARD_COPY or (
        found.containment >= CONTAINMENT_COPY and found.shared >= MIN_SHARED
    )


def is_near_copy(a: bytes, b: bytes) -> bool:
    """True when one text is a lightly edited copy of the other (thresholds in the module doc).

    Empty texts are never copies of anything: there is nothing to attribute.
    """
    return _copy(overlap(a, b))


def best_match(sig: bytes, candidates: Iterable[tuple[K, bytes]]) -> tuple[K, Overlap] | None:
    """The candidate `sig` is a copy of, if any: the highest containment, then Jaccard, then first seen.

    Containment ranks first because a cut copy is most contained in its own original, while a sibling
    copy (cut differently) or a look-alike story can have a similar Jaccard.
    """
    count, values = _parse(sig)
    best: tuple[K, Overlap] | None = None
    for key, other in candidates:
        found = _overlap(count, values, *_parse(other))
        rank = (found.containment, found.jaccard)
        if _copy(found) and (best is None or rank > (best[1].containment, best[1].jaccard)):
            best = (key, found)
    return best
