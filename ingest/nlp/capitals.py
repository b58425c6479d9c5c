"""Runs of capitalised words in masked text: where the narrative's names can be.

A run is one or more capitalised tokens ("Ilse Marchetti", "Dr. Ana Ruiz", "al-Suwaidi") joined by
spaces and name particles ("bin", "van der"). Leading function words ("In Kessab", "The Authority")
are dropped, and runs linked by "of", "for" or "and" are joined when the left part names an
organisation ("Union" + "of" + "Journalists"). `mentions` reads each run together with its neighbours.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from ingest.nlp.languages.en import (
    ACRONYM_SKIPPED,
    FUNCTION_LEADS,
    NUMBER_WORDS,
    ORG_CONNECTORS,
    ORG_HEADS,
    STRONG_ORG_WORDS,
    TITLE_ABBREVIATIONS,
)
from ingest.nlp.languages.names import JOINED_PREFIXES, PARTICLES


def _upper_class() -> str:
    ranges = [(0x41, 0x5A), (0xC0, 0x24F), (0x370, 0x52F), (0x1E00, 0x1EFF)]
    chars = [chr(c) for lo, hi in ranges for c in range(lo, hi + 1) if chr(c).isupper()]
    return "[" + "".join(chars) + "]"


UP = _upper_class()
_ABBR = rf"(?:{'|'.join(TITLE_ABBREVIATIONS)})\."
_PREFIXED = rf"(?:{'|'.join(JOINED_PREFIXES)})[-’']{UP}\w*"
_PLAIN = rf"{UP}\w*(?:[-’'](?!s\b)\w+)*(?:(?<=s)[’'](?=[^\S\n]+{UP}))?"
_INITIAL = rf"{UP}\.(?=[^\S\n]+{UP}\w)"  # the middle initial of "John J. Ray", never a name's last word
_DOTTED = rf"(?:{UP}\.){{2,}}"  # "U.S.", "U.N.": one word, so its letters never read as initials or names
_TOKEN = rf"(?:{_ABBR}|{_PREFIXED}|{_DOTTED}|{_INITIAL}|{_PLAIN})"
_PARTICLE = f"(?:{'|'.join(PARTICLES)})"
# "*+": nothing follows the repeat, so giving back a word would never be needed
_CAPSEQ_RE = re.compile(rf"{_TOKEN}(?:(?:[^\S\n]+{_PARTICLE})*[^\S\n]+{_TOKEN})*+")
# Where a capitalised run can start: a capital, or a mark ("al-", "d’") whose particle stands just before it.
# A pattern that opens with a character class lets `re` skip everything else in C; see `_capseqs`.
_CAPSEQ_START_RE = re.compile("[-’'" + UP[1:])
_UPPER_CHARS = frozenset(UP[1:-1])
_PARTICLE_MARKS = "-’'"
_LONGEST_PREFIX = max(map(len, JOINED_PREFIXES))  # "bint"
_CONNECT_RE = re.compile(rf"[^\S\n]+(?:{'|'.join(re.escape(w) for w in ORG_CONNECTORS)})[^\S\n]+$")
_NON_SPACE_RE = re.compile(r"\S+")


@lru_cache(maxsize=1 << 16)
def norm_word(token: str) -> str:
    """Lower case, no final dot, no quote marks around: the form the word lists use.

    Cached: the same few thousand words are looked up for every capitalised run of every article.
    """
    return token.lower().rstrip(".").strip("’'")


@lru_cache(maxsize=1 << 14)
def looks_like_org(name: str) -> bool:
    """An organisation by its form alone: an acronym, a head word last ("… Authority") or first before
    "of"/"for" ("Centre for Marhan Security Studies", "Bureau of Flight Safety Inquiry"), or a strong word."""
    toks = name.split()
    if not toks:
        return False
    if len(toks) == 1 and toks[0].isupper() and len(toks[0]) >= 2 and toks[0].isalpha():
        return True
    if norm_word(toks[-1]) in ORG_HEADS:
        return True
    if len(toks) > 2 and toks[1] in ("of", "for", "on") and norm_word(toks[0]) in ORG_HEADS:
        return True
    return any(norm_word(t) in STRONG_ORG_WORDS for t in toks)


def _joined_by_and(text: str, ps: int, pe: int, s: int, e: int, gap: str) -> bool:
    """"Food" + "and" + "Drug Administration", "Maritime" + "and" + "Port Authority of Singapore": one
    word, then "and", then an agency whose head word (last, or last before "of") names an organisation."""
    left, right = text[ps:pe].split(), text[s:e].split()
    if gap.strip() not in ("and", "&") or len(left) != 1 or len(right) < 2 or looks_like_org(left[0]):
        return False
    head = right[right.index("of") - 1] if "of" in right[1:] else right[-1]
    return norm_word(head) in ORG_HEADS


def _merge_connected(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join "Union" + "of" + "Journalists" when the left part is an organisation name, and "Estmere
    Mines" + "and" + "Minerals Agency" when the acronym that follows spells the whole ("(EMMA)")."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out:
            ps, pe = out[-1]
            gap = text[pe:s]
            if len(gap) <= 8 and _CONNECT_RE.search(" " + gap.rstrip() + " ") and (
                    (looks_like_org(text[ps:pe]) and (gap.strip() not in ("and", "&") or " of " in text[ps:pe]))
                    or spelled_by_acronym(text, ps, e) or _joined_by_and(text, ps, pe, s, e, gap)):
                out[-1] = (ps, e)
                continue
        out.append((s, e))
    return out


_ACRONYM_AFTER_RE = re.compile(r"[^\S\n]*\(([A-Z]{3,8})\)")


def spelled_by_acronym(text: str, start: int, end: int) -> bool:
    """text[start:end] is followed by "(ACR)" made of its capitalised words' initials."""
    found = _ACRONYM_AFTER_RE.match(text, end)
    if found is None:
        return False
    initials = "".join(w[0] for w in text[start:end].split() if w.lower() not in ACRONYM_SKIPPED)
    return initials == found.group(1)


def _capseqs(masked: str) -> Iterator[re.Match[str]]:
    """The matches of `_CAPSEQ_RE.finditer(masked)`, found without trying the pattern at every offset.

    The pattern opens with an alternation, so `finditer` runs it at each character. A match can only
    start at a capital, or at a particle ("al", "bint", "d") right before a mark that a capital
    follows; `_CAPSEQ_START_RE` jumps between capitals and marks in C, and the pattern is tried there
    (for a mark: at the up to four offsets before it, leftmost first, as `finditer` would).
    """
    pos, n = 0, len(masked)
    for found in _CAPSEQ_START_RE.finditer(masked):
        at = found.start()
        if at < pos:
            continue  # inside the previous match, or tried already
        m = None
        if masked[at] not in _PARTICLE_MARKS:
            m = _CAPSEQ_RE.match(masked, at)
        elif at + 1 < n and masked[at + 1] in _UPPER_CHARS:
            for start in range(max(pos, at - _LONGEST_PREFIX), at):
                if (m := _CAPSEQ_RE.match(masked, start)) is not None:
                    break
        if m is None:
            pos = at + 1
            continue
        yield m
        pos = m.end()


def find_capseqs(masked: str) -> list[tuple[int, int]]:
    """Spans of capitalised word runs, leading function words dropped, organisation names joined."""
    spans: list[tuple[int, int]] = []
    for m in _capseqs(masked):
        s, e = m.span()
        first = m.group().split(None, 1)[0]
        if norm_word(first) in FUNCTION_LEADS or _NUMBER_WORD_RE.fullmatch(first):  # "In Kessab": rare
            s = _after_function_leads(masked, s, e)
        if s < e:
            spans.append((s, e))
    return _merge_connected(masked, spans)


# "Twenty-four NTSB investigators": a number starting a sentence is not part of the name after it
_NUMBER_WORD_RE = re.compile(f"(?i:{'|'.join(NUMBER_WORDS)})" + r"(?:-\w+)?")


def _after_function_leads(masked: str, s: int, e: int) -> int:
    """Where the run masked[s:e] starts once its leading function words are dropped."""
    for tok in _NON_SPACE_RE.finditer(masked, s, e):
        if norm_word(tok.group()) in FUNCTION_LEADS or _NUMBER_WORD_RE.fullmatch(tok.group()):
            s = tok.end()
            continue
        break
    while s < e and masked[s].isspace():
        s += 1
    return s
