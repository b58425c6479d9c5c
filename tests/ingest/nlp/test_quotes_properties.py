"""Property tests: the quote extractor takes any text without raising and keeps its offsets honest."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.nlp.quotes import Quote, extract_quotes

MARKS = "\"'“”‘’«»„‹›"
NEWS_WORDS = ["said", "told", "he", "she", "the", "minister", "Dr.", "Ana", "Lopez", "al-Amin", "of",
              "Union", "(UAU)", ",", ".", ":", " ", "\n", "\n\n", "it", "a", "statement", "from", "’s"]


def _check(text: str, quotes: list[Quote]) -> None:
    last_end = -1
    for q in quotes:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text
        assert q.start >= last_end  # in order, never overlapping
        last_end = q.end
        assert q.speaker_kind in (None, "person", "org")
        assert q.speaker is None or (isinstance(q.speaker, str) and q.speaker.strip() == q.speaker != "")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_unicode_never_raises(text: str) -> None:
    _check(text, extract_quotes(text))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(MARKS) + list("ab .,:\n’sA"))))
def test_mark_soup(text: str) -> None:
    _check(text, extract_quotes(text))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(NEWS_WORDS + list(MARKS)), max_size=80))
def test_news_like_token_soup(tokens: list[str]) -> None:
    text = " ".join(tokens)
    _check(text, extract_quotes(text))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=6), st.sampled_from(["“”", '""', "«»", "‘’"]))
def test_well_formed_quotes_are_found_inside_their_marks(parts: list[str], marks: str) -> None:
    body = " ".join(p.replace(marks[0], "").replace(marks[1], "") for p in parts)
    text = f"Ana Lopez said: {marks[0]}{body}.{marks[1]}"
    quotes = extract_quotes(text)
    _check(text, quotes)
    for q in quotes:
        assert q.start > text.index(marks[0])
