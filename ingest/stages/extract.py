"""HTML → readable text and metadata (title, byline, published date, language).

trafilatura does the boilerplate removal and metadata; htmldate is its date finder. Metadata that the
connector already knows (a feed's title and date, a file row's columns) wins over what is guessed from
the page, because it is what the publisher declared for this item, unless it is not a date an
article can have (`plausible_date`).

Everything that leaves here is storable: control characters, which PostgreSQL refuses (NUL) or which
only corrupt text, titles and exports (the rest of C0 and C1), are removed at this one layer, whatever
connector, page or feed they came from.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import trafilatura

from ingest import utc
from ingest.stages.boilerplate import strip_boilerplate
from ingest.stages.dedupe import canonical_url, normalise_domain, source_domain
from ingest.stages.documents import Extracted, RawDocument
from ingest.stages.language import article_language, declared_language
from ingest.utc import aware

_BLANKS = re.compile(r"\n\s*\n+")
_SPACES = re.compile(r"[ \t\u00a0]+")
# C0 controls but tab, newline and carriage return; DEL; C1 controls; lone surrogates (no encoder takes them)
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")
_BREAKS = re.compile("[\x0b\x0c\x85]")  # vertical tab, form feed, next line: breaks, not content
MIN_TEXT_CHARS = 1
EARLIEST_DATE = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
FUTURE_GRACE = dt.timedelta(days=1)  # time zones and embargoed items put a few dates a little ahead


class ExtractionError(ValueError):
    """The document has no usable text; the message names its URL."""


def storable(text: str) -> str:
    """`text` without control characters: line-breaking ones become a newline, the others go."""
    return _CONTROLS.sub("", _BREAKS.sub("\n", text))


def one_line(text: str | None) -> str | None:
    """A title or byline as storable text on one line with single spaces; None when nothing is left."""
    if not text:
        return None
    return " ".join(storable(text).split()) or None


def plausible_date(when: dt.datetime | None, fetched: dt.datetime) -> dt.datetime | None:
    """`when` if an article can have been published then, else None (the date is then looked for
    elsewhere, as for one that does not parse): not before 1900, not more than a day after the fetch.
    A feed's year 9999 would otherwise sort above every real article and overflow day arithmetic."""
    if when is None:
        return None
    when = aware(when)
    return when if EARLIEST_DATE <= when <= aware(fetched) + FUTURE_GRACE else None


def clean_text(text: str) -> str:
    """Paragraphs separated by one blank line, runs of spaces collapsed, so offsets are stable."""
    text = storable(text)  # PostgreSQL cannot store NUL in text, and no control character is content
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n")]
    joined = "\n".join(lines)
    return _BLANKS.sub("\n\n", joined).strip()


def _paragraphs(extracted: str) -> str:
    """trafilatura puts one paragraph per line; the rest of Presswatch separates them by a blank line."""
    return "\n\n".join(line for line in extracted.splitlines() if line.strip())


# htmldate (run by trafilatura) reads the page's own publication date from meta tags, JSON-LD and the
# URL, with the time when the page gives one. Not its "extensive" search of free text: slow, and on
# news pages it picks up dates of related stories and footers.
DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
DATE_PARAMS = {"original_date": True, "extensive_search": False, "outputformat": DATE_FORMAT}


def page_date(value: str | None) -> dt.datetime | None:
    """The date trafilatura found on the page, in UTC; a date without a time is taken as noon UTC."""
    if not value:
        return None
    try:
        when = dt.datetime.strptime(value, DATE_FORMAT)
    except ValueError:
        try:
            day = dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
        return dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC)
    return aware(when)


def _source_name(doc: RawDocument, url: str) -> str:
    """The outlet key: the given source if it looks like a domain, else the URL's domain."""
    given = (doc.source or "").strip().lower()
    if given and "." in given and " " not in given:
        return normalise_domain(given)
    return source_domain(url)


def extract(doc: RawDocument, now: dt.datetime | None = None) -> Extracted:
    """Readable article from a raw document; raises ExtractionError when nothing usable is left."""
    fetched = doc.fetched_at or now or utc.now()
    try:
        canonical = canonical_url(doc.url)
    except ValueError as exc:
        raise ExtractionError(f"{doc.origin}: {exc}") from None
    title, byline, published = one_line(doc.title), one_line(doc.byline), plausible_date(doc.published_at, fetched)
    if doc.text is not None:
        text = doc.text
    else:
        # before parsing too: lxml ends the document at a NUL, and the text after it would be lost
        result: Any = trafilatura.bare_extraction(
            storable(doc.html or ""), url=doc.url, with_metadata=True, include_comments=False, favor_precision=True,
            date_extraction_params=DATE_PARAMS,
        )
        text = _paragraphs((result.text if result is not None else "") or "")
        if result is not None:
            title = title or one_line(result.title)
            byline = byline or one_line(result.author)
            published = published or plausible_date(page_date(result.date), fetched)
    text = strip_boilerplate(clean_text(text))
    if title and text.startswith(title.strip() + "\n"):
        text = text[len(title.strip()):].lstrip()  # the page's <h1> repeats the headline
    if len(text) < MIN_TEXT_CHARS:
        raise ExtractionError(f"{doc.origin}: no article text could be extracted from {doc.url}")
    language, confidence = article_language(
        doc.language or (declared_language(doc.html) if doc.html else None), title or "", text)
    return Extracted(
        url=doc.url,
        canonical_url=canonical,
        source=_source_name(doc, doc.url),
        published_at=published or fetched,
        title=title or text[:80],
        text=text,
        byline=byline,
        language=language,
        language_confidence=confidence,
    )
