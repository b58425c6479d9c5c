"""Quotes opened by a dash of dialogue: the way Russian, Spanish and French print speech and interviews.

    – Дело вовсе не во мне, – цитирует Акинфеева сайт ФИФА. – Команда молодец.
    —No vamos a rendirnos —dijo el presidente.

A paragraph that opens with a dash is someone's words up to the dash that lets the writer in (after
punctuation and a space, or a dash glued to the next word as in Spanish); the writer's words run to the
next dash, which reopens the speech, or to the paragraph's end. Each stretch of speech is one span, as a
quote split by its attribution is. The stretches are `Stretch`es, so the quote reader treats them like
stretches between quotation marks.
"""

from __future__ import annotations

import re

from ingest.nlp.quote_spans import Stretch, paragraphs

_OPENING_RE = re.compile(r"[–—-][^\S\n]*(?=\w)")  # "- «…», — сказал он" is a listed quote: its marks say
# the writer comes in: ", – цитирует", "… —dijo"; and speech comes back: ". – Команда"
_INSERT_RE = re.compile(r"(?<=[,.!?…])[^\S\n]+[–—-][^\S\n]+|[^\S\n]+[–—](?=\w)")


def dialogue_stretches(text: str) -> list[Stretch]:
    """The stretches of speech of every paragraph of `text` that opens with a dash of dialogue."""
    out: list[Stretch] = []
    for para, (p_start, p_end) in enumerate(paragraphs(text)):
        while p_start < p_end and text[p_start].isspace():
            p_start += 1
        opening = _OPENING_RE.match(text, p_start, p_end)
        if opening is None or (text[p_start] == "-" and text[p_start + 1 : p_start + 2] != " "):
            continue
        dash_at, pos, speech = p_start, opening.end(), True
        for ins in _INSERT_RE.finditer(text, pos, p_end):
            if speech:
                _emit(out, text, dash_at, pos, ins.start(), ins.start() + ins.group().index(ins.group().strip()[0]),
                      para)
            else:
                dash_at = ins.start() + ins.group().index(ins.group().strip()[0])
            pos, speech = ins.end(), not speech
        if speech:
            _emit(out, text, dash_at, pos, p_end, -1, para)
    return out


def _emit(out: list[Stretch], text: str, open_at: int, start: int, end: int, close_at: int, para: int) -> None:
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Stretch(start, end, open_at, close_at, para, False))
