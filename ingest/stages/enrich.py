"""The pure per-article stages, run in worker processes: extract → hash → tone → relevance → quotes → MinHash.

Everything here is a function of the document and the event configuration only (no database, no
network), so `process` can run in any worker and its result is stored by the pipeline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache

from ingest.config import EventConfig
from ingest.nlp.languages import term_affixes
from ingest.nlp.readers import reader_for
from ingest.nlp.tone import article_tone, text_tone, tone_method
from ingest.stages import neardup
from ingest.stages.dedupe import content_hash
from ingest.stages.documents import ProcessedArticle, QuoteRecord, RawDocument
from ingest.stages.extract import extract
from ingest.stages.relevance import RELATED_WEIGHT, Matcher

Groups = tuple[tuple[str, tuple[str, ...]], ...]


@lru_cache(maxsize=64)
def _matcher(terms: tuple[str, ...], aliases: Groups, by_language: Groups = ()) -> Matcher:
    return Matcher.build(terms, dict(aliases), [(group, term_affixes(code)) for code, group in by_language])


def event_matcher(event: EventConfig, language: str | None = None) -> Matcher:
    """Compiled relevance pattern of an event for an article in `language`, built once per process.

    Terms given for a language count in articles of that language, and in articles whose language is
    not known; a term listed for Russian is not looked for in a French article."""
    groups = event.terms_by_language
    code = language.lower() if language else None
    chosen = groups if code is None else {code: groups[code]} if code in groups else {}
    return _matcher(event.terms, tuple(sorted(event.aliases.items())), tuple(sorted(chosen.items())))


def related_matcher(event: EventConfig) -> Matcher:
    """Compiled pattern of the event's `related` terms (matches nothing when there are none)."""
    return _matcher(event.related, ())


def event_score(event: EventConfig, title: str, text: str, language: str | None = None) -> float:
    """Relevance of an article to one event: its terms and aliases at full weight, `related` terms at
    RELATED_WEIGHT, so a consequence reported without the event's own names can still join."""
    score = event_matcher(event, language).score(title, text)
    if event.related:
        score += RELATED_WEIGHT * related_matcher(event).score(title, text)
    return score


def relevance(title: str, text: str, events: Sequence[EventConfig],
              published: dt.datetime | None = None, language: str | None = None) -> dict[str, float]:
    """Event slug → relevance score for the events this article belongs to: score ≥ threshold and
    published inside the event's window (an article from another year is another story)."""
    out: dict[str, float] = {}
    for event in events:
        if not event.in_window(published):
            continue
        score = event_score(event, title, text, language)
        if score >= event.relevance_threshold and score > 0:
            out[event.slug] = score
    return out


def quote_records(text: str, language: str | None = None) -> list[QuoteRecord]:
    """Quotes of an article with their tone, read by the rules of its language and toned by the method of
    its language (the article's); figures are resolved later against the store."""
    return [
        QuoteRecord(
            start=q.start,
            end=q.end,
            text=q.text,
            speaker_raw=q.speaker,
            speaker_kind=q.speaker_kind,
            cue=q.cue,
            tone=text_tone(q.text, language),
        )
        for q in reader_for(language).quotes(text)
    ]


def process(doc: RawDocument, events: Sequence[EventConfig], now: dt.datetime | None = None) -> ProcessedArticle:
    """All pure stages for one document. Off-topic articles skip the costly stages."""
    extracted = extract(doc, now)
    matched = relevance(extracted.title, extracted.text, events, extracted.published_at, extracted.language)
    if not matched:
        return ProcessedArticle(doc=extracted, content_hash=content_hash(extracted.text), tone=0.0,
                                sentence_count=0, tone_method=tone_method(extracted.language))
    tone, sentences = article_tone(extracted.text, extracted.language)
    signature = neardup.signature(extracted.text)
    return ProcessedArticle(
        doc=extracted,
        content_hash=content_hash(extracted.text),
        tone=tone,
        sentence_count=sentences,
        tone_method=tone_method(extracted.language),
        relevance=matched,
        quotes=quote_records(extracted.text, extracted.language),
        minhash=signature,
        bands=neardup.bands(signature),
    )
