"""Extraction leaves only what a store can keep: no control characters in text, titles or bylines,
and no publication date an article cannot have (year 9999 from a feed, year 1 from a default)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.stages.documents import RawDocument
from ingest.stages.extract import clean_text, extract, one_line, plausible_date, storable

UTC = dt.UTC
FETCHED = dt.datetime(2024, 2, 8, 9, 0, tzinfo=UTC)
CONTROLS = "\x00\x01\x07\x08\x1b\x7f\x80\x9f\ud800"
PAGE = """<html lang="en"><head><title>Marrow Bridge night shift</title>
<meta property="article:published_time" content="{when}"></head><body><article><h1>Marrow Bridge night shift</h1>
<p>Crews in Port Esmer worked through the night below the Marrow Bridge, clearing the river for divers.</p>
</article></body></html>"""


def _doc(**fields: object) -> RawDocument:
    values: dict[str, object] = {"url": "https://ledger.example/news/night-shift", "origin": "test",
                                 "fetched_at": FETCHED, "html": PAGE.format(when="2024-02-05T22:00:00+00:00")}
    values.update(fields)
    return RawDocument(**values)  # type: ignore[arg-type]


def test_control_characters_are_removed_and_breaks_kept_as_breaks():
    assert storable(f"Marrow{CONTROLS} Bridge") == "Marrow Bridge"
    assert storable("one\x0btwo\x0cthree\x85four\ttab") == "one\ntwo\nthree\nfour\ttab"
    assert clean_text("Port\x00 Esmer\r\n\r\n\x0c\x0cnext") == "Port Esmer\n\nnext"


def test_titles_and_bylines_are_one_clean_line():
    assert one_line(f"  Marrow Bridge{CONTROLS}\n crews \x0b work ") == "Marrow Bridge crews work"
    assert one_line("\x00\x01 \n") is None and one_line(None) is None and one_line("") is None


@given(st.text())
def test_storable_text_has_no_control_character_and_is_stable(text):
    kept = storable(text)
    assert not any(c in kept for c in "".join(map(chr, [*range(0, 9), *range(11, 13), *range(14, 32),
                                                        *range(0x7F, 0xA0)])))
    assert not any("\ud800" <= c <= "\udfff" for c in kept)
    assert storable(kept) == kept
    kept.encode("utf-8")  # what every store and export writes


def test_an_article_keeps_no_control_character_from_feed_or_page():
    html = PAGE.format(when="2024-02-05T22:00:00+00:00").replace("through the night", f"through{CONTROLS} the night")
    article = extract(_doc(html=html, title=f"Night\x00 shift{CONTROLS}", byline="Ana\x00 Brel\x1b"))
    assert article.title == "Night shift" and article.byline == "Ana Brel"
    assert "worked through the night" in article.text
    assert not any(c in article.text + article.title for c in CONTROLS)


@pytest.mark.parametrize(("when", "kept"), [
    (dt.datetime(2024, 2, 5, 10, tzinfo=UTC), True),
    (FETCHED + dt.timedelta(hours=23), True),  # a time zone or an embargo ahead: allowed
    (dt.datetime(1901, 6, 1, tzinfo=UTC), True),  # an archive may be old
    (FETCHED + dt.timedelta(days=2), False),
    (dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC), False),
    (dt.datetime(1, 1, 1, tzinfo=UTC), False),  # a default value, not a date
    (dt.datetime(9999, 12, 31), False),  # naive: taken as UTC, as everywhere
])
def test_plausible_dates(when, kept):
    assert (plausible_date(when, FETCHED) is not None) is kept


def test_a_listing_date_in_9999_gives_way_to_the_page_date():
    article = extract(_doc(published_at=dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)))
    assert article.published_at == dt.datetime(2024, 2, 5, 22, tzinfo=UTC)


def test_with_no_plausible_date_anywhere_the_fetch_time_is_the_date():
    page = PAGE.format(when="9999-12-31T23:59:59+00:00")
    article = extract(_doc(html=page, published_at=dt.datetime(9999, 12, 31, tzinfo=UTC)))
    assert article.published_at == FETCHED


def test_a_plain_text_document_with_a_date_ahead_is_dated_when_fetched():
    doc = _doc(html=None, text="Marrow Bridge crews in Port Esmer.", published_at=FETCHED + dt.timedelta(days=30))
    assert extract(doc).published_at == FETCHED
