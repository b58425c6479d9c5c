"""Which language an article is in, and how sure: detection from the text, what the page declared, and
which wins. The texts are short news-style sentences written for these tests."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from sqlalchemy import select

from db.engine import make_engine
from db.models import Article, Quote
from ingest.cli import main
from ingest.stages.language import article_language, declared_language, identify
from tests.ingest.run.test_run import event_config

TEXTS = {
    "en": "The river burst its banks overnight and hundreds of families were moved to safety by rescue crews.",
    "fr": "La rivière est sortie de son lit pendant la nuit et des centaines de familles ont été évacuées.",
    "de": "Der Fluss ist in der Nacht über die Ufer getreten, Hunderte Familien wurden in Sicherheit gebracht.",
    "es": "El río se desbordó durante la noche y cientos de familias fueron trasladadas a un lugar seguro.",
    "ru": "Ночью река вышла из берегов, и сотни семей были эвакуированы спасателями в безопасное место.",
    "ar": "فاض النهر خلال الليل ونقلت فرق الإنقاذ مئات العائلات إلى أماكن آمنة بعيدا عن المياه.",
    "fa": "رودخانه در طول شب طغیان کرد و صدها خانواده توسط امدادگران به مکان‌های امن منتقل شدند.",
    "tr": "Nehir gece boyunca taştı ve yüzlerce aile kurtarma ekipleri tarafından güvenli yerlere taşındı.",
}


@pytest.mark.parametrize("code", sorted(TEXTS))
def test_each_language_is_identified_with_a_confidence(code: str) -> None:
    guess = identify(TEXTS[code])
    assert guess is not None and guess.code == code and 0.5 < guess.confidence <= 1.0


def test_a_headline_alone_is_identified() -> None:
    guess = identify("Inondations : des centaines de familles évacuées")
    assert guess is not None and guess.code == "fr"


@pytest.mark.parametrize("text", ["", "   ", "12:45 — 2024", "… !!! ???"])
def test_text_without_letters_has_no_language(text: str) -> None:
    assert identify(text) is None
    assert article_language(None, "", text) == (None, None)


def test_detection_never_opens_a_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("language detection tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert identify(TEXTS["de"]).code == "de"  # type: ignore[union-attr]


def test_a_long_text_overrides_what_its_page_declared() -> None:
    text = TEXTS["en"] + " Officials said the water would recede by the weekend."
    language, confidence = article_language("fr", "Flood", text)
    assert language == "en" and confidence is not None and confidence >= 0.5


def test_a_declared_language_stands_for_a_short_text_and_agreement_gives_the_confidence() -> None:
    assert article_language("de", "", "Merci.") == ("de", None)
    language, confidence = article_language("ES", "Inundaciones", TEXTS["es"])
    assert language == "es" and confidence is not None


def test_a_short_text_is_judged_with_its_title() -> None:
    language, _ = article_language(None, "Inondations : des centaines de familles évacuées", "Photo : AFP")
    assert language == "fr"


def test_the_language_an_html_page_declares() -> None:
    assert declared_language('<!doctype html><html class="x" lang="en-GB"><head>') == "en"
    assert declared_language("<html><body>no declaration</body></html>") is None


def test_an_ingest_stores_each_article_s_language_and_confidence_and_reads_its_quotes_in_it(tmp_path: Path) -> None:
    rows = [
        {"url": "https://a.example/fr", "source": "a.example", "published_at": "2024-02-06T10:00:00",
         "title": "Pont Marrow", "language": "en",  # declared wrongly, as site templates do
         "text": "Le pont Marrow s'est effondré à Port Esmer. « Nous reconstruirons ce pont pour toute la "
                 "ville », a déclaré la maire Lina Ostrova devant les habitants réunis."},
        {"url": "https://a.example/en", "source": "a.example", "published_at": "2024-02-06T11:00:00",
         "title": "Marrow Bridge", "text": "The Marrow Bridge at Port Esmer collapsed overnight. “We will "
                                           "rebuild it for the whole city,” said Mayor Lina Ostrova on Tuesday."},
    ]
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'store.db'}"
    assert main(["files", str(path), "--config", str(event_config(tmp_path, "")), "--database", url]) == 0
    engine = make_engine(url)
    with engine.connect() as conn:
        stored = {u: (lang, conf) for u, lang, conf in conn.execute(
            select(Article.url, Article.language, Article.language_confidence))}
        speakers = sorted(conn.execute(select(Quote.speaker_raw)).scalars())
    engine.dispose()
    assert stored["https://a.example/fr"][0] == "fr" and stored["https://a.example/fr"][1] >= 0.5
    assert stored["https://a.example/en"][0] == "en" and stored["https://a.example/en"][1] >= 0.5
    assert speakers == ["Lina Ostrova", "Lina Ostrova"]
