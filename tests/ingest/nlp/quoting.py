"""What the English quote tests share: the (quote, speaker) pairs of a text, or its one quote."""

from __future__ import annotations

from ingest.nlp.quotes import Quote, extract_quotes


def pairs(text: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in extract_quotes(text)]


def only(text: str) -> Quote:
    quotes = extract_quotes(text)
    assert len(quotes) == 1, quotes
    return quotes[0]
