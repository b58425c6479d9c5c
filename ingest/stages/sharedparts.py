"""Shared-part test for syndication: do two texts carry the same run of the reporter's own sentences?

Why a second test beside the MinHash: a real wire copy is often run from another version of the story
(a new intro written through the day, a local paragraph inserted, the tail cut at another point, the
dateline or agency credit rewritten), so the two texts' shingle sets overlap far less than the
signature thresholds need — yet both still carry several long sentences of the agency's own prose,
word for word or nearly, in the same order. Independent reporting of the same news does not: it shares
facts, names and, above all, quotations, and every outlet repeats the same statement verbatim. So the
test looks only at what the reporter wrote: quoted spans are dropped before anything is compared, and
what counts is an ordered chain of long sentences that match.

Text → sentences: NFKC; a leading dateline or agency credit ("RABAT, Morocco (AP) —", "Dec. 31 (UPI)
--", "LONDON (Reuters) -") is dropped from the first paragraph; every quoted span ("…", “…”, «…», ‘…’,
or an opening mark never closed in its paragraph, which is how a quotation running over paragraphs is
printed) becomes a sentence break; paragraphs are split at sentence ends; each sentence is its
case-folded `\\w+` words. Only sentences of at least `MIN_WORDS` words take part: short ones ("He
said:", credits, captions, "Read more") are the same everywhere and prove nothing.

Two sentences match when at least `MATCH` of the shorter one's word 3-grams occur in the other (a word
changed costs three 3-grams, so a 20-word sentence survives two edits; the dateline is gone already).
The chain is the heaviest set of matches in the same order in both texts (a longest increasing
subsequence weighted by words), so sentences that recur in a different order — stock background
lines, in a corpus that reuses them — add only the ones that happen to line up.

Decision (`is_shared_copy`, thresholds and measurements in `neardup`'s module doc): at least
`MIN_CHAIN` sentences and `MIN_CHAIN_WORDS` words in the chain, covering at least `MIN_SHARE` of the
smaller text's long reporter sentences.

In the store (`best_shared`, called by `ingest.store.groups` only when no signature matched) the test
runs over the candidates whose signature containment is at least `TEXT_FLOOR`, and a sentence that more
than one of them carries is left out of every chain: candidates are originals of different groups, so
such a sentence is the event's stock phrasing, not one story's. Without that rule the demo's
independent outlets, which share template sentences, would be merged. `is_copy` is the pairwise
decision the real-news bench scores (signatures, then this test, with no candidate set to find stock in).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from functools import lru_cache
from typing import NamedTuple, TypeVar

from ingest.stages import neardup

MIN_WORDS = 12
GRAM = 3
MATCH = 0.7
MIN_CHAIN = 4
MIN_CHAIN_WORDS = 60
MIN_SHARE = 0.3
TEXT_FLOOR = 0.1

K = TypeVar("K")
_WORD = re.compile(r"\w+")
_AGENCY = r"(?:AP|AFP|Reuters|UPI|PA|dpa|DPA|ANSA|EFE|Xinhua|Kyodo|Yonhap|Bernama|ANI|IANS|PTI|Anadolu|CNA)"
_DATELINE = re.compile(
    r"^(?:[^\n]{0,60}?\(\s*" + _AGENCY + r"\s*\)\s*(?:[-—–]{1,2}|:)?"  # … (AP) —   / Dec. 31 (UPI) --
    r"|[A-Z][A-Z.'’ -]{2,}(?:,\s*[A-Z][\w.'’ -]{0,30}?)?(?:\s*\([^)\n]{1,20}\))?\s*[-—–]{1,2})\s*"  # RABAT, Morocco —
)
_DOUBLE = "\"“”„‟«»"
_OPEN_SINGLE = re.compile(r"(?<![\w'’])[‘'](?=\w)")
_CLOSE_SINGLE = re.compile(r"(?<=[\w.,!?])[’'](?![\w'’])")
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Capt|Sgt|Adm|Rep|Sen|Gov|Rev|St|Jr|Sr|No|Jan|Feb|Mar|"
    r"Apr|Aug|Sept?|Oct|Nov|Dec|U\.S|U\.K|vs|approx|est))\.$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[(\[]?[A-Z0-9])|\x00")


class Chain(NamedTuple):
    """The ordered run of matching sentences two texts share, and the smaller text's sentence words."""

    sentences: int
    words: int
    smaller_words: int

    @property
    def share(self) -> float:
        return self.words / self.smaller_words if self.smaller_words else 0.0


def _drop_quotes(paragraph: str) -> str:
    """`paragraph` with every quoted span replaced by a sentence break (NUL), quote marks included."""
    out, i, n = [], 0, len(paragraph)
    while i < n:
        ch = paragraph[i]
        if ch in _DOUBLE:
            close = next((k for k in range(i + 1, n) if paragraph[k] in _DOUBLE), n)
            out.append("\x00")
            i = close + 1
            continue
        if ch in "‘'" and _OPEN_SINGLE.match(paragraph, i):
            found = _CLOSE_SINGLE.search(paragraph, i + 1)
            if found:
                out.append("\x00")
                i = found.end()
                continue
        out.append(ch)
        i += 1
    return "".join(out)


def _split(paragraph: str) -> list[str]:
    """Sentences of a paragraph; a full stop after an initial or a common abbreviation does not end one."""
    parts: list[str] = []
    start = 0
    for found in _SENTENCE_END.finditer(paragraph):
        if found.group() != "\x00" and _ABBREVIATION.search(paragraph, 0, found.start()):
            continue
        parts.append(paragraph[start:found.start()])
        start = found.end()
    parts.append(paragraph[start:])
    return parts


@lru_cache(maxsize=4096)
def reporter_sentences(text: str) -> tuple[tuple[str, ...], ...]:
    """The text's long sentences outside quotations, each as its case-folded words (see module doc)."""
    paragraphs = [p.strip() for p in unicodedata.normalize("NFKC", text).split("\n") if p.strip()]
    if paragraphs:
        paragraphs[0] = _DATELINE.sub("", paragraphs[0], count=1)
    out = []
    for paragraph in paragraphs:
        for sentence in _split(_drop_quotes(paragraph)):
            words = tuple(_WORD.findall(sentence.casefold()))
            if len(words) >= MIN_WORDS:
                out.append(words)
    return tuple(out)


def _grams(words: tuple[str, ...]) -> frozenset[tuple[str, ...]]:
    return frozenset(words[i:i + GRAM] for i in range(len(words) - GRAM + 1))


@lru_cache(maxsize=4096)
def _sentence_grams(text: str) -> tuple[frozenset[tuple[str, ...]], ...]:
    """Word 3-grams of each long reporter sentence; cached, as a stored original is a candidate often."""
    return tuple(_grams(s) for s in reporter_sentences(text))


@lru_cache(maxsize=4096)
def _index(text: str) -> dict[tuple[str, ...], tuple[int, ...]]:
    """3-gram → the long reporter sentences of `text` holding it."""
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for j, grams in enumerate(_sentence_grams(text)):
        for gram in grams:
            index[gram].append(j)
    return {gram: tuple(js) for gram, js in index.items()}


def matches(a: str, b: str) -> dict[int, list[int]]:
    """For each long reporter sentence of `a` that matches some in `b`: the indices of those in `b`."""
    grams_b, index = _sentence_grams(b), _index(b)
    found: dict[int, list[int]] = {}
    for i, grams in enumerate(_sentence_grams(a)):
        hits: dict[int, int] = defaultdict(int)
        for gram in grams:
            for j in index.get(gram, ()):
                hits[j] += 1
        same = [j for j, shared in hits.items() if shared >= MATCH * min(len(grams), len(grams_b[j]))]
        if same:
            found[i] = sorted(same)
    return found


def chain(a: str, b: str, stock: Collection[int] = (), found: dict[int, list[int]] | None = None) -> Chain:
    """The heaviest ordered chain of matching long reporter sentences of `a` and `b`.

    `stock`: indices of `a`'s sentences that do not count (see `stock_sentences`); `found`: `matches(a, b)`
    when the caller has it already.
    """
    sa, sb = reporter_sentences(a), reporter_sentences(b)
    smaller = min(sum(map(len, sa)), sum(map(len, sb)))
    pairs = sorted((i, j, min(len(sa[i]), len(sb[j])))
                   for i, js in (matches(a, b) if found is None else found).items() if i not in stock for j in js)
    best: list[tuple[int, int]] = []  # (words, sentences) of the heaviest chain ending at each pair
    for k, (i, j, words) in enumerate(pairs):  # pairs are few (a few dozen at most): quadratic is fine
        prior = max((best[m] for m in range(k) if pairs[m][0] < i and pairs[m][1] < j), default=(0, 0))
        best.append((prior[0] + words, prior[1] + 1))
    words, sentences = max(best, default=(0, 0))
    return Chain(sentences, words, smaller)


def is_shared_copy(a: str, b: str, stock: Collection[int] = ()) -> bool:
    """True when one text carries a run of the other's own long sentences (thresholds in the module doc)."""
    return _enough(chain(a, b, stock))


def _enough(found: Chain) -> bool:
    return found.sentences >= MIN_CHAIN and found.words >= MIN_CHAIN_WORDS and found.share >= MIN_SHARE


def is_copy(a: str, b: str, sig_a: bytes | None = None, sig_b: bytes | None = None) -> bool:
    """The whole pairwise decision: the signature test (`neardup.is_near_copy`), or, for a pair whose
    signatures overlap at least `TEXT_FLOOR`, the shared-part test. Signatures are computed when not given."""
    sig_a = neardup.signature(a) if sig_a is None else sig_a
    sig_b = neardup.signature(b) if sig_b is None else sig_b
    if neardup.is_near_copy(sig_a, sig_b):
        return True
    return neardup.overlap(sig_a, sig_b).containment >= TEXT_FLOOR and is_shared_copy(a, b)


def stock_sentences(text: str, found: Iterable[dict[int, list[int]]]) -> set[int]:
    """Sentences of `text` that match in more than one candidate (each `found` is `matches(text, c)`).

    Candidates are originals of different groups, so a sentence several of them carry is the event's
    stock phrasing (a background line, a template), not evidence that `text` copies any one of them.
    """
    seen: dict[int, int] = defaultdict(int)
    for one in found:
        for i in one:
            seen[i] += 1
    return {i for i, count in seen.items() if count > 1}


def best_shared(text: str, sig: bytes, candidates: Sequence[tuple[K, bytes, str]]) -> tuple[K, Chain] | None:
    """The candidate `text` shares a part with, when the signatures found none (see `GroupPlacer`).

    Only candidates whose signature overlap is at least `TEXT_FLOOR` are compared; among them, stock
    sentences (carried by more than one) are left out, and the longest qualifying chain wins.
    """
    close = [(key, other) for key, other_sig, other in candidates
             if neardup.overlap(sig, other_sig).containment >= TEXT_FLOOR]
    found = [matches(text, other) for _, other in close]
    stock = stock_sentences(text, found)
    best: tuple[K, Chain] | None = None
    for (key, other), pairs in zip(close, found, strict=True):
        shared = chain(text, other, stock, pairs)
        if _enough(shared) and (best is None or shared.words > best[1].words):
            best = (key, shared)
    return best
