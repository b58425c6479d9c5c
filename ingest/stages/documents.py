"""Plain data passed between pipeline stages.

Connectors yield `RawDocument`s; extraction turns them into `Extracted`; enrichment produces
`ProcessedArticle`. Each stage is a function over these, so stages test and benchmark alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class RawDocument:
    """What every connector yields: one article as found, before extraction.

    `origin` names where it came from for error messages (`feed URL`, `PATH:LINE`), so a user can find
    the bad input. Either `text` (already plain) or `html` (to extract) is set. `published_at` is
    what the listing declared (feed item, API row, file column); when it is None, extraction dates the
    article from the page itself, then from `fetched_at`.
    """

    url: str
    origin: str
    source: str | None = None
    published_at: dt.datetime | None = None
    title: str | None = None
    text: str | None = None
    html: str | None = None
    byline: str | None = None
    language: str | None = None
    fetched_at: dt.datetime | None = None  # when the page was downloaded: the date of last resort


@dataclass(frozen=True, slots=True)
class SourceFailure:
    """A whole input that could not be read (feed down, file missing, bad row); recorded, then skipped."""

    origin: str
    message: str


@dataclass(frozen=True, slots=True)
class Extracted:
    """An article's readable content after HTML extraction and metadata clean-up."""

    url: str
    canonical_url: str
    source: str
    published_at: dt.datetime
    title: str
    text: str
    byline: str | None
    language: str | None
    language_confidence: float | None = None  # the detector's probability; None when a declared language stands


@dataclass(frozen=True, slots=True)
class QuoteRecord:
    """A quote ready to store: span in the article text, raw speaker, resolved figure and tone."""

    start: int
    end: int
    text: str
    speaker_raw: str | None
    speaker_kind: str | None
    cue: str | None
    tone: float | None  # None where the article's language has no tone method
    figure: str | None = None


@dataclass(slots=True)
class ProcessedArticle:
    """Everything the store needs for one article; the pipeline writes it in one transaction."""

    doc: Extracted
    content_hash: str
    tone: float | None  # None where the language has no tone method
    sentence_count: int
    tone_method: str = "vader"  # what scored `tone`: ingest.nlp.tone.tone_method of the article's language
    relevance: dict[str, float] = field(default_factory=dict)  # event slug -> score (only relevant ones)
    quotes: list[QuoteRecord] = field(default_factory=list)
    minhash: bytes | None = None
    bands: list[tuple[int, int]] = field(default_factory=list)  # (band, bucket) LSH keys
