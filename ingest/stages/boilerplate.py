"""Paragraphs that are page furniture, not the story: dropped before tone and quotes see the text.

trafilatura removes menus and footers from HTML, but lines inside the article body survive it — and
articles that arrive as text (files, APIs) were never cleaned at all: "ADVERTISEMENT", "Read more: …",
"Photo: Getty Images", a byline line, a live blog's "10:42 GMT". Each would add a sentence of neutral
tone, and a caption can hand a quote to the person pictured. Only whole, short paragraphs that match
one of these shapes are dropped; a paragraph with a quotation in it is kept unless it is a link line,
so nothing anyone said is lost. The shapes are the language's (`ingest.nlp.languages.en.boilerplate`).
"""

from __future__ import annotations

from ingest.nlp.languages.en import BYLINE_RE, FURNITURE_RES, LINK_LINE_RE

MAX_CHARS = 220  # furniture is short; a long paragraph is story even when it starts like a label
_QUOTE_MARKS = frozenset("\"“”«»")


def is_boilerplate(paragraph: str) -> bool:
    """Whether a paragraph is page furniture (a byline or another of the language's shapes)."""
    p = paragraph.strip()
    if not p or len(p) > MAX_CHARS:
        return False
    if not _QUOTE_MARKS.isdisjoint(p) and not LINK_LINE_RE.fullmatch(p):
        return False
    return bool(BYLINE_RE.fullmatch(p)) or any(shape.fullmatch(p) for shape in FURNITURE_RES)


def strip_boilerplate(text: str) -> str:
    """`text` (paragraphs separated by a blank line) without its furniture paragraphs."""
    paragraphs = text.split("\n\n")
    kept = [p for p in paragraphs if not is_boilerplate(p)]
    return text if len(kept) == len(paragraphs) else "\n\n".join(kept)
