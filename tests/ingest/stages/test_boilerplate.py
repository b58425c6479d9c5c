"""Page furniture inside article bodies (ads, captions, bylines, link lines, live-blog stamps) is
dropped before tone and quotes; story paragraphs, and anything with a quotation in it, are kept."""

from __future__ import annotations

import datetime as dt

import pytest

from ingest.stages.boilerplate import is_boilerplate, strip_boilerplate
from ingest.stages.documents import RawDocument
from ingest.stages.extract import extract


@pytest.mark.parametrize("paragraph", [
    "ADVERTISEMENT", "Story continues below advertisement", "Read more: Fire crews battle blaze",
    "RELATED: Crew stuck aboard the ship", "Watch: the moment the bridge fell", "By Jane Doe",
    "By Jane Doe and Omar Haddad, Associated Press", "Photo: Getty Images",
    "Crews fought the fire overnight. (Photo: Jane Doe/AP)", "10:42 GMT", "Updated 12:30 GMT, 3 January 2020",
    "Sign up for our morning newsletter", "© 2024 The Example Times", "Read more: “We will rebuild”",
])
def test_furniture_is_boilerplate(paragraph: str) -> None:
    assert is_boilerplate(paragraph)


@pytest.mark.parametrize("paragraph", [
    "By Friday, it was over.", "By Friday crews had left the port.", "“We will rebuild,” Green said.",
    "The watch went on through the night.", "Related talks resumed on Monday in Geneva.",
    "Photo opportunities were few as the convoy passed, and reporters were kept behind a fence for hours "
    "while officials inspected the damage along the coast road and spoke to residents about the rebuilding.",
])
def test_story_paragraphs_are_kept(paragraph: str) -> None:
    assert not is_boilerplate(paragraph)


def test_extract_drops_furniture_from_html_and_from_given_text() -> None:
    body = ("The fire reached the harbour before dawn, officials said.\n\nADVERTISEMENT\n\n"
            "“We lost everything,” said Ana Ruiz, a fisher.\n\nRead more: How the fire spread\n\n"
            "Crews worked through the night to save the old quay.")
    kept = strip_boilerplate(body)
    assert "ADVERTISEMENT" not in kept and "Read more" not in kept and "“We lost everything,”" in kept
    doc = RawDocument(url="https://a.example/fire", origin="test", text=body, title="Harbour fire",
                      published_at=dt.datetime(2024, 3, 1, tzinfo=dt.UTC))
    assert extract(doc).text == kept
    html = ("<html><head><title>Harbour fire</title></head><body><article><h1>Harbour fire</h1>"
            + "".join(f"<p>{p}</p>" for p in body.split("\n\n")) + "<p>Photo: Getty Images</p></article></body></html>")
    text = extract(RawDocument(url="https://a.example/fire2", origin="test", html=html)).text
    assert "ADVERTISEMENT" not in text and "Getty" not in text and "We lost everything" in text
