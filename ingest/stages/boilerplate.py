"""Paragraphs that are page furniture, not the story: dropped before tone and quotes see the text.

trafilatura removes menus and footers from HTML, but lines inside the article body survive it — and
articles that arrive as text (files, APIs) were never cleaned at all: "ADVERTISEMENT", "Read more: …",
"Photo: Getty Images", a byline line, a live blog's "10:42 GMT". Each would add a sentence of neutral
tone, and a caption can hand a quote to the person pictured. Only whole, short paragraphs that match
one of these shapes are dropped; a paragraph with a quotation in it is kept unless it is a link line,
so nothing anyone said is lost.
"""

from __future__ import annotations

import re

MAX_CHARS = 220  # furniture is short; a long paragraph is story even when it starts like a label
_QUOTE_MARKS = frozenset("\"“”«»")
_SPACE = r"[^\S\n]"
# "Read more: …", "RELATED: …": kept out only by its label, so a quoted headline after it goes too
_LINK_LINE = re.compile(r"(?:read more|read next|also read|more from|related(?: articles?| stories| coverage)?"
                        r"|see also|recommended|watch|listen|more coverage|trending)\b" + _SPACE
                        + r"*[:|>»\-–—].*", re.IGNORECASE)
_SHAPES = [_LINK_LINE, *(re.compile(p, re.IGNORECASE) for p in (
    # markers of ads and promotions standing alone
    r"(?:advertisement|advertising|sponsored(?: content)?|story continues(?: below)?(?: advertisement)?"
    r"|scroll (?:down )?to continue(?: reading)?(?: with content)?|article continues below)\W*",
    # photo and video credits and captions with a credit
    r"(?:photo|picture|image|video|photograph|graphic|illustration)s?(?: credit)?" + _SPACE + r"*[:|].*",
    r".*\((?:photo|picture|image)s?:?" + _SPACE + r".*\)",
    r".*(?:/|\||via" + _SPACE + r")(?:getty images|ap photo|afp|reuters|epa|shutterstock|pa wire|pa images)\)?\W*",
    r"(?:updated|published|posted|last updated|first published)\b.{0,60}\d.{0,40}",
    r"\d{1,2}[:.]\d{2}" + _SPACE + r"*(?:[ap]\.?m\.?)?" + _SPACE + r"*(?:[A-Z]{2,4}|GMT[+-]\d+)?",
    # sign-ups and copyright
    r"(?:sign up|subscribe|follow us|follow (?:the|our)|click here|download (?:the|our)|join (?:us|our)"
    r"|get (?:our|the latest)|share this|copyright|all rights reserved|©)\b.*",
    r"©.*",
))]
_NAME = r"[A-Z][\w.'’-]+(?:" + _SPACE + r"+(?:[A-Z][\w.'’-]+|de|van|von|bin|al))*"
# "By Jane Doe", "By Jane Doe and Omar Haddad, Associated Press" — never a sentence ("By Friday, it was over.")
_BYLINE = re.compile(r"By" + _SPACE + r"+" + _NAME + r"(?:(?:," + _SPACE + r"+|" + _SPACE + r"+and" + _SPACE
                     + r"+|" + _SPACE + r"*&" + _SPACE + r"*)" + _NAME + r")*(?:," + _SPACE
                     + r"+[A-Z][\w .'’-]{0,40})?(?<![.!?,])")


def is_boilerplate(paragraph: str) -> bool:
    """Whether a paragraph is page furniture (see the module's list)."""
    p = paragraph.strip()
    if not p or len(p) > MAX_CHARS:
        return False
    if not _QUOTE_MARKS.isdisjoint(p) and not _LINK_LINE.fullmatch(p):
        return False
    return bool(_BYLINE.fullmatch(p)) or any(shape.fullmatch(p) for shape in _SHAPES)


def strip_boilerplate(text: str) -> str:
    """`text` (paragraphs separated by a blank line) without its furniture paragraphs."""
    paragraphs = text.split("\n\n")
    kept = [p for p in paragraphs if not is_boilerplate(p)]
    return text if len(kept) == len(paragraphs) else "\n\n".join(kept)
