"""Paragraph-level shared part: how much of the shorter text is made of the other's own paragraphs.

Why a third test beside the signature (`neardup`) and the sentence chain (`sharedparts`): outlets run
wire copy paragraph by paragraph. They put their own lede or a local paragraph on top, change a few
words in a paragraph ("said by phone" for "said over the phone", "23 feet" for "7 meters (23 feet)"),
merge or split a paragraph and cut the story where their page ends. Over the whole text such a copy
overlaps its source too little (the shingle Jaccard of a three-paragraph cut of a ten-paragraph story
is ~0.2), and the sentence chain wants four long sentences in order, which a copy cut to its top three
paragraphs often lacks. What the copy still is, is mostly the other text's paragraphs; so the measure
is the *containment of the shorter text*: the share of its reporter words that sit in paragraphs
matching a paragraph of the other.

Text → paragraphs: the sentence test's normalisation (NFKC, the leading dateline or agency credit
dropped, quoted spans removed, case-folded `\\w+` words), kept per paragraph; a paragraph with fewer
than `MIN_WORDS` words outside quotation marks (a bare quote, "He said:", a credit) takes no part.
Quotations are dropped because independent reports of one event repeat the same statements verbatim.
Two paragraphs match when at least `MATCH` of the smaller one's word 3-grams occur in the other (a
changed word costs three 3-grams; "the smaller" lets a paragraph merged into its neighbour match).

Decision (`enough`): at least `MIN_PARAGRAPHS` paragraphs of the shorter text match, holding at least
`MIN_SHARED_WORDS` words and at least `MIN_SHARE` of its reporter words. On the real-news dev set
(`bench/realnews/syndication/dev.jsonl`) the most any pair of different stories shares is one
paragraph of 57 words, or three short ones at 0.36 of the shorter text; pairwise the test flags 43 of
the 93 copy pairs and none of the 5,058 others.

Stock paragraphs. The demo corpus writes its independent outlets' stories from shared template
paragraphs, so by text alone hundreds of its different stories are "copies" (at MATCH 0.5, 9,815 of the
42,713 pairs of different stories whose signatures overlap pass, 1,200 articles, seed 3); real news has
nothing like it (no real paragraph is carried by more than 4 of the 102 dev records, while the demo's
median paragraph is in 23 of 600 originals). So the store counts, for each matched paragraph of a new
article, how many stored originals carry it: each original stores `PRINT_BANDS` paragraph keys
(`fingerprints`, in `article_bands` beside its LSH bands), and a paragraph one of whose keys at least
`STOCK` originals hold is stock and counts for no candidate (`best_shared`). The keys add about six
rows per paragraph of an original to `article_bands` (~40 per dev article, beside its 64 bands); the
candidate query never reads them (it asks for bands 0…63 by value), and they are counted only for an
article whose signature matched no candidate. Counting only among the
candidates, as the sentence test does, is not enough: 32 candidates hold too few of an event's
originals (demo copy precision 0.38 with that rule).

What was measured to choose the settings (`python -m bench syndication` record recall on dev, then
`python -m bench groundtruth` copy precision / recall after `python -m ingest demo --articles 1200
--seed 3`): before this test 0.746 and 0.9932 / 1.0; MATCH 0.5, share 0.4, no stock rule: 0.898 and
0.046 / 0.134; stock counted among the candidates only: 0.898 and 0.377; stock from 3 originals on
any key, MATCH 0.6, share 0.4 (these settings): 0.864 and 0.9932 / 1.0; the same with MATCH 0.5:
0.864 and 0.9565 / 0.9828; with share 0.5: 0.847 and 0.9932 / 1.0; stock only when 2 of a
paragraph's keys agree: 0.848–0.898 and 0.9565–0.9631 (it depends on the key constants). The demo
bounds what can be taken from the real set: every setting that found more real copies merged demo
stories. The blind file was printed beside dev in these runs but its mistakes were never listed.
"""

from __future__ import annotations

import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from functools import lru_cache
from typing import NamedTuple, TypeVar

import numpy as np

from ingest.stages.sharedparts import _DATELINE, _WORD, _drop_quotes

MIN_WORDS = 8
GRAM = 3
MATCH = 0.6
MIN_PARAGRAPHS = 2
MIN_SHARED_WORDS = 40
MIN_SHARE = 0.4
STOCK = 3
PRINT_BANDS = 6
PRINT_BAND = 1000
_PRIME = np.uint64((1 << 31) - 1)
# fixed for the life of a database, like the signature's seed: stored keys are compared with new ones
_PERM_A = np.array([zlib.crc32(f"presswatch paragraph a{k}".encode()) % ((1 << 31) - 2) + 1
                    for k in range(PRINT_BANDS)], dtype=np.uint64)
_PERM_B = np.array([zlib.crc32(f"presswatch paragraph b{k}".encode()) % ((1 << 31) - 1)
                    for k in range(PRINT_BANDS)], dtype=np.uint64)

K = TypeVar("K")
_Paragraph = tuple[int, frozenset[tuple[str, ...]]]  # (reporter words, their 3-grams)


class Shared(NamedTuple):
    """What the shorter text shares: matching paragraphs, their words, and all its reporter words."""

    paragraphs: int
    words: int
    smaller_words: int

    @property
    def share(self) -> float:
        return self.words / self.smaller_words if self.smaller_words else 0.0


@lru_cache(maxsize=4096)
def paragraphs(text: str) -> tuple[_Paragraph, ...]:
    """Each long enough paragraph's reporter words (quotations and dateline dropped) and 3-grams; cached,
    as a stored original is a candidate for many new articles."""
    found = [p.strip() for p in unicodedata.normalize("NFKC", text).split("\n") if p.strip()]
    if found:
        found[0] = _DATELINE.sub("", found[0], count=1)
    out = []
    for paragraph in found:
        words = _WORD.findall(_drop_quotes(paragraph).replace("\x00", " ").casefold())
        if len(words) >= MIN_WORDS:
            out.append((len(words), frozenset(tuple(words[i:i + GRAM]) for i in range(len(words) - GRAM + 1))))
    return tuple(out)


@lru_cache(maxsize=4096)
def _index(text: str) -> dict[tuple[str, ...], tuple[int, ...]]:
    """3-gram → the paragraphs of `text` holding it; cached, as a stored original is a candidate often."""
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for j, (_, grams) in enumerate(paragraphs(text)):
        for gram in grams:
            index[gram].append(j)
    return {gram: tuple(js) for gram, js in index.items()}


def links(a: str, b: str) -> frozenset[tuple[int, int]]:
    """(i, j) for every paragraph i of `a` that matches paragraph j of `b` (3-grams counted through
    `b`'s index, so only paragraph pairs that share a 3-gram are looked at)."""
    pb, index = paragraphs(b), _index(b)
    found: list[tuple[int, int]] = []
    for i, (_, mine) in enumerate(paragraphs(a)):
        hits: dict[int, int] = defaultdict(int)
        for gram in mine:
            for j in index.get(gram, ()):
                hits[j] += 1
        found.extend((i, j) for j, shared in hits.items() if shared >= MATCH * min(len(mine), len(pb[j][1])))
    return frozenset(found)


def shared(a: str, b: str, stock: Collection[int] = (), found: Collection[tuple[int, int]] | None = None) -> Shared:
    """The part of the shorter of `a` and `b` (in reporter words) made of paragraphs the other carries.

    `stock`: paragraphs of `a` that do not count (see `best_shared`); `found`: `links(a, b)` when known."""
    pa, pb = paragraphs(a), paragraphs(b)
    pairs = [(i, j) for i, j in (links(a, b) if found is None else found) if i not in stock]
    size_a, size_b = sum(s for s, _ in pa), sum(s for s, _ in pb)
    if not min(size_a, size_b):
        return Shared(0, 0, 0)
    if size_a <= size_b:
        mine, sizes, smaller = {i for i, _ in pairs}, pa, size_a
    else:
        mine, sizes, smaller = {j for _, j in pairs}, pb, size_b
    return Shared(len(mine), sum(sizes[k][0] for k in mine), smaller)


def enough(found: Shared) -> bool:
    """True when the shared part makes one text a copy of the other (thresholds in the module doc)."""
    return (found.paragraphs >= MIN_PARAGRAPHS and found.words >= MIN_SHARED_WORDS
            and found.share >= MIN_SHARE)


def is_paragraph_copy(a: str, b: str) -> bool:
    """True when the shorter text is mostly the other's own paragraphs."""
    return enough(shared(a, b))


@lru_cache(maxsize=4096)
def fingerprints(text: str) -> tuple[tuple[tuple[int, int], ...], ...]:
    """For each paragraph of `paragraphs(text)`, its `PRINT_BANDS` (band, bucket) keys for `article_bands`.

    Each key is a band of two min-hashes of the paragraph's 3-grams (CRC-32 of the gram, then an affine
    permutation per row), so two paragraphs whose 3-grams have Jaccard J share a key with probability
    1-(1-J²)^PRINT_BANDS (0.87 at J=0.7). Bands are numbered from `PRINT_BAND`, far above the signature
    bands, so the candidate query (which asks for bands 0…63 by value) never reads them."""
    out = []
    for _, grams in paragraphs(text):
        hashes = np.fromiter((zlib.crc32(" ".join(g).encode("utf-8", "surrogatepass")) for g in grams),
                             dtype=np.uint64, count=len(grams))
        with np.errstate(over="ignore"):
            permuted = (hashes[None, :] * _PERM_A[:, None] + _PERM_B[:, None]) % _PRIME
        lows = permuted.min(axis=1)
        out.append(tuple((PRINT_BAND + k, int(lows[k])) for k in range(PRINT_BANDS)))
    return tuple(out)


def best_shared(text: str, candidates: Sequence[tuple[K, str]],
                common: Callable[[Collection[int]], Collection[int]] = lambda found: ()) -> tuple[K, Shared] | None:
    """The candidate whose paragraphs make up most of the shorter text, when enough (see `GroupPlacer`).

    `common(indices)` names those paragraphs of `text` (by index) that at least `STOCK` stored originals
    carry (the store counts their fingerprints); they are stock and count for none. Ties go to the most
    shared words, then the first candidate (the one sharing most LSH bands)."""
    found = [links(text, other) for _, other in candidates]
    if not any(enough(shared(text, other, (), pairs)) for (_, other), pairs in zip(candidates, found, strict=True)):
        return None  # nothing would pass even counting every paragraph: no need to ask the store
    stock = set(common({i for pairs in found for i, _ in pairs}))
    best: tuple[K, Shared] | None = None
    for (key, other), pairs in zip(candidates, found, strict=True):
        part = shared(text, other, stock, pairs)
        if enough(part) and (best is None or (part.share, part.words) > (best[1].share, best[1].words)):
            best = (key, part)
    return best

