"""Shapes of English page furniture: whole short paragraphs that `ingest.stages.boilerplate` drops
("Read more: …", "ADVERTISEMENT", "Photo: Getty Images", "By Jane Doe", "10:42 GMT")."""

from __future__ import annotations

import re

_SPACE = r"[^\S\n]"
# "Read more: …", "RELATED: …": kept out only by its label, so a quoted headline after it goes too.
LINK_LINE_RE = re.compile(r"(?:read more|read next|also read|more from|related(?: articles?| stories| coverage)?"
                          r"|see also|recommended|watch|listen|more coverage|trending)\b" + _SPACE
                          + r"*[:|>»\-–—].*", re.IGNORECASE)
# Every furniture shape, the link line first; each must match a whole paragraph.
FURNITURE_RES = (LINK_LINE_RE, *(re.compile(p, re.IGNORECASE) for p in (
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
)))
_NAME = r"[A-Z][\w.'’-]+(?:" + _SPACE + r"+(?:[A-Z][\w.'’-]+|de|van|von|bin|al))*"
# "By Jane Doe", "By Jane Doe and Omar Haddad, Associated Press" — never a sentence ("By Friday, it was over.")
BYLINE_RE = re.compile(r"By" + _SPACE + r"+" + _NAME + r"(?:(?:," + _SPACE + r"+|" + _SPACE + r"+and" + _SPACE
                       + r"+|" + _SPACE + r"*&" + _SPACE + r"*)" + _NAME + r")*(?:," + _SPACE
                       + r"+[A-Z][\w .'’-]{0,40})?(?<![.!?,])")
