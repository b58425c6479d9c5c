"""Quoted stretches: where quotation marks open and close, and which stretches are real quotes.

News text mixes four families of marks (straight and curly double, curly single, guillemets) and uses
the curly single closing mark as the apostrophe, so a mark is read by its neighbours, the way
CommonMark reads emphasis: a mark after a space and before a word opens, a mark after a word and
before a space or punctuation closes, a mark between two letters is an apostrophe. Marks nest by
family on a stack; only the outermost pair makes a stretch, so a quotation inside a quote stays
inside its span.

A quote that runs over paragraphs leaves its paragraph unclosed and reopens the next one with the
same mark; each paragraph then gives its own stretch, the later ones flagged `continues_prev`.

Which stretches are quotes (and not scare quotes, titles, terms or nicknames) is decided from where
they stand: in this style a real quote starts its sentence, or follows a colon, or follows a speech
verb; a quoted word or title sits inside the writer's own sentence.
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from ingest.nlp.languages.en import (
    ABBREVIATIONS,
    ATTRIBUTING_WORDS,
    NAMING_WORDS,
    NUMBER_ABBREVIATIONS,
    PLURAL_POSSESSIVE_LETTERS,
    PREPOSITIONS,
    SPEECH_VERBS,
    TITLE_SMALL_WORDS,
)

_FAMILY = {
    '"': "D", "“": "D", "”": "D", "„": "D", "‟": "D",
    "'": "S", "‘": "S", "’": "S", "‚": "S", "‛": "S",
    "«": "G", "»": "G", "‹": "g", "›": "g",
}  # fmt: skip
_OPENING_CHARS = frozenset("“„‟«‹‘‚‛")
_CLOSING_CHARS = frozenset("”»›’")
CLOSE_MARKS = "\"”»›’'"
# A mark, unless it stands between two letters or digits: `_mark_role` would say "skip" to that one
# (don’t, Norvaal's), and a skipped mark changes nothing, so the apostrophes are not even listed.
_MARK_RE = re.compile("[\"“”„‟«»‹›‘’‚‛'](?:(?<![^\\W_].)|(?![^\\W_]))")
_PARA_RE = re.compile(r"\n[^\S\n]*\n\s*")
# Characters that let a mark open when they stand just before it / close when just after it.
_BEFORE_OPEN = frozenset("([{—–-/\u2014\u2013") | _OPENING_CHARS | frozenset('"\'')
_AFTER_CLOSE = frozenset(".,;:!?)]}…—–-/") | _CLOSING_CHARS | frozenset('"\'')
# r"[.!?…][\"'”’»“«)\]]*[^\S\n]+(?=[\"'“‘«(\[\w])|\n+[^\S\n]*" written to open with a character class, which
# `re` skips to in C instead of trying the pattern at every offset; the lookbehinds tell the branches apart.
# “ and « close a sentence's quote in German (and Danish) text, „ and » open one: „Das ist klar.“ »Dann …
_SENT_END_RE = re.compile(r"[.!?…\n](?:(?<=[.!?…])[\"'”’»“«)\]]*[^\S\n]+(?=[\"'“‘«„»(\[\w])|(?<=\n)\n*[^\S\n]*)")
_ABBREV_RE = re.compile(r"(\w+)\.$")
_WORD_RE = re.compile(r"[^\W\d_][\w’'-]*")
_TERMINAL = frozenset(".,!?…;:—–-")
_NOT_NEWLINE_RE = re.compile(r"[^\n]")
_ATTRIBUTING = SPEECH_VERBS | ATTRIBUTING_WORDS  # speech verbs, and "according (to)"


class Stretch(NamedTuple):
    """Text between a pair of top-level quotation marks, marks and inner spaces excluded.

    A NamedTuple, like `mentions.Mention`: immutable, and quicker to build than a frozen dataclass.
    """

    start: int
    end: int
    open_at: int
    close_at: int  # index of the closing mark; -1 when the paragraph ends first
    para: int
    continues_prev: bool  # reopens a quote left unclosed at the end of the previous paragraph


def _mark_role(text: str, i: int) -> str:
    """'open', 'close', 'both', 'weak' (closing that may be a plural possessive) or 'skip'."""
    ch = text[i]
    left = text[i - 1] if i > 0 else "\n"
    right = text[i + 1] if i + 1 < len(text) else "\n"
    if left.isalnum() and right.isalnum():
        return "skip"  # apostrophe (don’t, Norvaal's) or a stray mark inside a word
    opener = (left.isspace() or left in _BEFORE_OPEN) and not right.isspace()
    closer = not left.isspace() and (right.isspace() or right in _AFTER_CLOSE)
    # French and most others open with «; German and Danish close with it (»so«): it closes only after a
    # word and before no word, and » opens only before a word (never in "« Bonjour »,").
    if ch in "«‹":
        return "close" if not left.isspace() and left not in _BEFORE_OPEN and not right.isalnum() else "open"
    if ch in "»›":
        return "open" if (left.isspace() or left in _BEFORE_OPEN) and right.isalnum() else "close"
    if ch in _OPENING_CHARS:
        return "open" if opener or not closer else "close"
    if ch in _CLOSING_CHARS:
        if ch == "”":
            return "open" if opener and not closer else "close"
        if closer:
            if ch == "’" and left in PLURAL_POSSESSIVE_LETTERS and right == " " and text[i + 2 : i + 3].islower():
                return "weak"
            return "close"
        return "open" if opener else "skip"
    if opener and closer:
        return "both"
    if opener:
        return "open"
    if closer:
        if ch == "'" and left in PLURAL_POSSESSIVE_LETTERS and right == " " and text[i + 2 : i + 3].islower():
            return "weak"
        return "close"
    return "skip"


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty paragraph; paragraphs are numbered in this order everywhere."""
    spans, pos = [], 0
    for m in _PARA_RE.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return [(s, e) for s, e in spans if e > s]


def _last_strong_closers(roles: list[tuple[int, str, str]]) -> dict[str, int]:
    """Per family, the index in `roles` of the paragraph's last unambiguous closing mark."""
    last: dict[str, int] = {}
    for k, (_, fam, role) in enumerate(roles):
        if role in ("close", "both"):
            last[fam] = k
    return last


def find_stretches(text: str) -> list[Stretch]:
    """Every top-level quoted stretch of `text`, in order (quotes and non-quotes alike)."""
    out: list[Stretch] = []
    prev_unclosed_family = ""
    paras = paragraphs(text)
    for para, (p_start, p_end) in enumerate(paras):
        reopened = para + 1 < len(paras) and text[paras[para + 1][0]] == "'"
        roles = [
            (m.start(), _FAMILY[m.group()], _mark_role(text, m.start()))
            for m in _MARK_RE.finditer(text, p_start, p_end)
        ]
        if not roles:  # no quotation mark: no stretch, and nothing left open for the next paragraph
            prev_unclosed_family = ""
            continue
        for _ in range(4):
            found, unclosed = _scan_paragraph(text, roles, p_start, p_end, para, prev_unclosed_family)
            # A straight apostrophe left open at the paragraph end ("the '90s") was never a quote
            # mark: drop it and read the paragraph again, so the quotes after it are not swallowed.
            if unclosed < 0 or text[unclosed] != "'" or reopened or (found and found[-1].continues_prev):
                break
            roles = [(i, fam, "skip" if i == unclosed else role) for i, fam, role in roles]
        out.extend(found)
        prev_unclosed_family = _FAMILY[text[unclosed]] if unclosed >= 0 else ""
    return out


def _scan_paragraph(text: str, roles: list[tuple[int, str, str]], p_start: int, p_end: int, para: int,
                    prev_unclosed_family: str) -> tuple[list[Stretch], int]:
    """Stretches of one paragraph, and the offset of a mark left open at its end (or -1)."""
    out: list[Stretch] = []
    last_strong = _last_strong_closers(roles)
    stack: list[tuple[str, int]] = []
    continues = False
    for k, (i, fam, role) in enumerate(roles):
        if role == "skip":
            continue
        if not stack:
            if role in ("open", "both"):
                continues = i == p_start and fam == prev_unclosed_family
                stack.append((fam, i))
            continue
        top_fam, top_at = stack[0]
        if i > p_start and text[i - 1] == "\n" and fam == top_fam and role in ("open", "both"):
            _emit(out, text, top_at, -1, i - 1, para, continues)  # reopened on the next line
            stack, continues = [(fam, i)], True
            continue
        if role in ("close", "both", "weak") and (fam == top_fam or any(f == fam for f, _ in stack)):
            if role == "weak" and last_strong.get(fam, -1) > k:
                continue
            while stack and stack[-1][0] != fam:
                stack.pop()
            stack.pop()
            if not stack:
                _emit(out, text, top_at, i, i, para, continues)
            continue
        if role in ("open", "both"):
            stack.append((fam, i))
    if not stack:
        return out, -1
    _emit(out, text, stack[0][1], -1, p_end, para, continues)
    return out, stack[0][1]


def _emit(out: list[Stretch], text: str, open_at: int, close_at: int, end: int, para: int,
          continues: bool) -> None:
    start, stop = _trimmed(text, open_at + 1, end)
    if stop > start:
        out.append(Stretch(start, stop, open_at, close_at, para, continues))


def mask(text: str, stretches: list[Stretch]) -> str:
    """`text` with every stretch's words replaced by 'x' (same length, newlines and a final . ! ? kept).

    Names and punctuation inside quotes must not count as mentions or sentence ends of the narrative.
    """
    parts: list[str] = []
    pos = 0
    for s in stretches:
        parts.append(text[pos : s.start])
        body = text[s.start : s.end]
        last = body[-1] if body[-1] in ".!?…" else "x"
        inner = body[:-1]  # without a line break (the usual case) every character becomes an x
        parts.append(("x" * len(inner) if "\n" not in inner else _NOT_NEWLINE_RE.sub("x", inner)) + last)
        pos = s.end
    parts.append(text[pos:])
    return "".join(parts)


def sentence_starts(masked: str) -> list[int]:
    """Offsets where sentences start in masked text (abbreviations like "Dr." do not end one)."""
    starts = [0]
    for m in _SENT_END_RE.finditer(masked):
        nxt = masked[m.end() : m.end() + 1]
        if masked[m.start()] != "\n" and nxt.isalpha() and not nxt.isupper():
            continue
        if masked[m.start()] == ".":
            word = _ABBREV_RE.search(masked, max(0, m.start() - 12), m.start() + 1)
            if word and (word.group(1).lower() in ABBREVIATIONS or
                         (len(word.group(1)) == 1 and word.group(1).isupper())) and not (
                    word.group(1).lower() in NUMBER_ABBREVIATIONS and not nxt.isdigit()):
                continue  # "Dr. Ruiz", "No. 5" — but "voted no." ends its sentence
        starts.append(m.end())
    return starts


def sentence_of(starts: list[int], pos: int) -> int:
    """Index of the sentence holding offset `pos`."""
    return bisect.bisect_right(starts, pos) - 1


def _has_speech_verb(fragment: str) -> bool:
    return any(w.lower() in _ATTRIBUTING for w in _WORD_RE.findall(fragment))


def lead_in(masked: str, starts: list[int], s: Stretch, prev_close: int) -> str:
    """Narrative text of the stretch's sentence before its opening mark (after any earlier quote)."""
    begin = max(starts[sentence_of(starts, s.open_at)], prev_close + 1)
    return masked[begin : s.open_at] if begin <= s.open_at else ""


def is_quote(text: str, masked: str, s: Stretch, before: str, after: str) -> bool:
    """True for a real quote; False for scare quotes, quoted terms, titles and nicknames.

    `before` is the narrative lead-in of the sentence, `after` the narrative text that follows the
    closing mark up to the sentence end.
    """
    if s.continues_prev:
        return True
    content = text[s.start : s.end]
    words = len(content.split(None, 3))  # only ever compared with 3: no need to split a long quote further
    ends_punct = content[-1] in _TERMINAL
    lead = before.rstrip()
    if lead and lead[-1] not in ".!?…;:—–-(" and lead[-1] not in CLOSE_MARKS:
        if lead[-1] == ",":
            clause = lead[:-1].rsplit(",", 1)[-1]
            # the clause before the mark says who speaks, or this is the second part of a split quote
            # whose attribution runs on ("…," said Judge X, rejecting a request, "but …")
            if _has_speech_verb(clause) or (_after_a_quote(masked, s.open_at - len(before)) and
                                            _has_speech_verb(lead)):
                return words > 3 or ends_punct
            # "Pressed on the delay, “We are working on it,” she said.": an adverbial, then the quote
            if words > 3 and ends_punct and s.close_at >= 0 and _attribution_follows(after):
                return True
            # "Davis said that, to date, “we have not identified any deficiencies”": a partial quote
            return words > 3 and _has_speech_verb(lead) and is_partial_quote(content, lead)
        tail_words = _WORD_RE.findall(lead)[-3:]
        if _has_speech_verb(" ".join(tail_words)) and (words > 3 or ends_punct):
            # "Homendy said on “Good Morning America.”": where it was said, a programme or a paper
            return not (tail_words[-1].lower() in PREPOSITIONS and reads_as_title(content))
        # a partial quote inside the writer's sentence: four words or more are someone's words
        # (slammed a “complete failure of corporate controls”); fewer are scare quotes
        return words > 3 and is_partial_quote(content, lead)
    if lead.endswith(":"):
        return words > 3 or ends_punct or _has_speech_verb(lead)
    if s.close_at < 0 or ends_punct:
        return True
    return _attribution_follows(after)


def is_partial_quote(content: str, lead: str) -> bool:
    """A stretch of four words or more inside the writer's sentence: someone's words, unless it reads
    as a title (most words capitalised: a book, film, bout or campaign name) or follows a word that
    introduces a name (dubbed, titled, the slogan, the hashtag)."""
    content_words = _content_words(content)
    if not content_words or _titled(content_words):
        return False
    last = _WORD_RE.findall(lead)[-2:]
    return not any(w.lower() in NAMING_WORDS for w in last)


def _content_words(content: str) -> list[str]:
    return [w for w in _WORD_RE.findall(content) if w.lower() not in TITLE_SMALL_WORDS]


def _titled(content_words: list[str]) -> bool:
    capitalised = sum(1 for w in content_words if w[0].isupper())
    return len(content_words) > 1 and capitalised >= 0.6 * len(content_words)


def reads_as_title(content: str) -> bool:
    """Most of two or more content words capitalised: a book, film, programme or campaign name."""
    return _titled(_content_words(content))


def _after_a_quote(masked: str, begin: int) -> bool:
    """The narrative at `begin` starts right after a closing mark: it sits between two quotes."""
    return begin > 0 and masked[begin - 1] in CLOSE_MARKS


def _attribution_follows(after: str) -> bool:
    """After a sentence-initial stretch with no closing punctuation: is it attributed like a quote?"""
    rest = after.lstrip()
    if not rest or rest[0] in ",:—–-":
        return bool(rest) and _has_speech_verb(rest[:80])
    first = _WORD_RE.match(rest)
    if not first:
        return False
    words = _WORD_RE.findall(rest[:80])
    return words[0].lower() in SPEECH_VERBS or (len(words) > 1 and words[1].lower() in SPEECH_VERBS)
