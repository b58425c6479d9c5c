"""Event terms across scripts: letter forms, inflections and clitics, and terms given per language."""

from __future__ import annotations

import datetime as dt

import pytest

from ingest.config import EventConfig
from ingest.stages.enrich import event_score, relevance
from ingest.stages.relevance import fold

EVENT = EventConfig(slug="varos", name="Varos", start=None, terms=("Varos",), aliases={},
                    terms_by_language={"fa": ("واروس",), "ar": ("فاروس",), "ru": ("Варос", "Тарния")})


@pytest.mark.parametrize(("a", "b"), [
    ("فاروسي", "فاروسی"),  # Arabic yeh and Persian yeh
    ("كرمان", "کرمان"),  # Arabic kaf and keheh
    ("مدينة", "مدينه"),  # teh marbuta
    ("فـاروس", "فاروس"),  # tatweel
    ("Всё", "все"),
])
def test_fold_unifies_letter_forms(a: str, b: str) -> None:
    assert fold(a) == fold(b)


@pytest.mark.parametrize(("text", "language"), [
    ("قتل واروس في الغارة", "fa"),
    ("قال مسؤول إن فاروس قتل", "ar"),
    ("وفاروس كان هناك", "ar"),  # "and" written onto the name
    ("للفاروس", "ar"),
    ("خانواده‌ی واروس‌ها", "fa"),  # zero-width non-joiner before a suffix
    ("Генерал Варос погиб", "ru"),
    ("Гибель Вароса потрясла Тарнию", "ru"),  # genitive and accusative
])
def test_terms_of_a_language_match_its_inflected_forms(text: str, language: str) -> None:
    assert event_score(EVENT, "", text, language) > 0


def test_a_longer_word_is_not_an_inflection() -> None:
    assert event_score(EVENT, "", "Варостроение растёт", "ru") == 0
    assert event_score(EVENT, "", "فاروسیان", "ar") == 0


def test_terms_of_one_language_are_not_looked_for_in_another() -> None:
    text = "Le général Варос a été tué."
    assert event_score(EVENT, "", text, "fr") == 0
    assert event_score(EVENT, "", text, "ru") > 0
    assert event_score(EVENT, "", text, None) > 0  # language unknown: every term counts


def test_relevance_reads_the_article_language() -> None:
    when = dt.datetime(2020, 1, 3, tzinfo=dt.UTC)
    assert relevance("", "Генерал Варос погиб", [EVENT], when, "ru") == {"varos": 2.0}
    assert relevance("", "Генерал Варос погиб", [EVENT], when, "de") == {}
