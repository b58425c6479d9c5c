"""Tone per language: each language is scored by its own method, never VADER outside English; the sign
follows the words, negation flips it, and English scores are VADER's as before.

The sentences are made up for these tests; the lexicons are the ones installed with asent's wheel."""

from __future__ import annotations

from pathlib import Path

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from ingest.nlp.lexicon_tone import lexicon_tone, raw_score, word_value
from ingest.nlp.lexicons import lexicon, lexicon_folder
from ingest.nlp.tone import article_tone, text_tone, tone_method

ROOT = Path(__file__).resolve().parents[3]
# (language, clearly positive, clearly negative, the positive one negated)
SENTENCES = [
    ("fr", "Les sauveteurs ont célébré une victoire magnifique et les familles étaient heureuses.",
     "La catastrophe a fait des morts et les blessés souffrent dans la terreur.",
     "Les familles ne sont pas heureuses."),
    ("es", "Los vecinos celebraron con alegría el éxito del rescate, una victoria maravillosa.",
     "La tragedia dejó muertos y heridos, y el miedo y el dolor se extendieron.",
     "Los vecinos no celebraron con alegría."),
    ("de", "Die Retter feierten einen wunderbaren Erfolg, und die Familien waren glücklich.",
     "Die Katastrophe forderte Tote, Verletzte litten unter Angst und Schmerz.",
     "Die Familien waren keine glücklichen Menschen."),
    ("ru", "Жители радостно праздновали блестящую победу спасателей.",
     "Катастрофа унесла жизни, раненые страдают от боли и страха.",
     "Жители не праздновали победу."),
    ("ar", "احتفل السكان بالنصر الرائع وعمت الفرحة والسعادة.",
     "خلفت الكارثة قتلى وجرحى وساد الخوف والرعب.",
     "لم يحتفل الناس بالنصر."),
    ("fa", "مردم با شادی پیروزی بزرگ و موفقیت امدادگران را جشن گرفتند.",
     "این فاجعه کشته و زخمی بر جا گذاشت و ترس و وحشت همه جا را گرفت.",
     "مردم شادی نکردند."),
]


def test_lexicons_are_read_from_the_installed_wheel_not_the_repository() -> None:
    folder = lexicon_folder()
    assert folder is not None and "site-packages" in folder.parts, folder  # an installed wheel's data
    copied = [p for part in ("ingest", "db", "bench") for p in (ROOT / part).rglob("*")
              if p.is_file() and p.suffix in (".txt", ".csv", ".json", ".tsv") and "lexicon" in str(p).lower()]
    assert not copied, copied  # the lexicons are GPL: never copied into the repository
    assert len(lexicon("fr")) > 1000 and lexicon("no-such") == {} and lexicon("zz") == {}


@pytest.mark.parametrize(("code", "positive", "negative", "negated"), SENTENCES, ids=[s[0] for s in SENTENCES])
def test_sign_follows_the_words_and_negation_flips_it(code: str, positive: str, negative: str, negated: str) -> None:
    assert tone_method(code) == f"lexicon:{code}"
    assert text_tone(positive, code) > 0 > text_tone(negative, code)  # type: ignore[operator]
    assert lexicon_tone(negated, code) < 0


def test_vader_never_scores_other_languages_and_english_is_unchanged() -> None:
    text = "Rescuers were thrilled: a wonderful, brave effort saved the children. The storm was terrible."
    vader = SentimentIntensityAnalyzer()
    assert tone_method("en") == tone_method(None) == tone_method("en-GB") == "vader"
    assert text_tone(text, "en") == text_tone(text) == vader.polarity_scores(text)["compound"]
    tone, sentences = article_tone(text, "en")
    assert sentences == 2
    assert tone == pytest.approx(sum(vader.polarity_scores(s)["compound"] for s in
                                     ("Rescuers were thrilled: a wonderful, brave effort saved the children.",
                                      "The storm was terrible.")) / 2)
    # French scored by VADER finds almost nothing; the French lexicon finds the tone
    assert text_tone(SENTENCES[0][2], "fr") != vader.polarity_scores(SENTENCES[0][2])["compound"]


def test_a_language_with_no_lexicon_has_no_tone_rather_than_a_guess() -> None:
    assert tone_method("am") == "none"  # Amharic: no lexicon ships
    assert text_tone("ሰላም ነው", "am") is None
    assert article_tone("ሰላም ነው። ጥሩ ቀን ነው።", "am") == (None, 1)


def test_function_words_the_lexicon_marks_carry_no_tone() -> None:
    assert lexicon("fr").get("sur") is not None  # marked in the lexicon …
    assert word_value("sur", "fr") == (0.0, False)  # … but a preposition says nothing about tone
    assert word_value("bien", "fr")[0] > 0  # a tone word that the function-word list holds is put back


def test_clitics_prefixes_and_compounds_reach_the_lexicon_word() -> None:
    assert word_value("والسعادة", "ar")[0] == word_value("سعادة", "ar")[0] != 0  # "and the happiness"
    value, negated = word_value("نمی‌ترسند", "fa")  # "they do not fear": negated verb
    assert negated and value != 0
    assert word_value("erdbebenkatastrophe", "de")[0] < 0  # a compound by its tail
    assert word_value("катастрофами", "ru")[0] < 0  # an inflected form by its lemma


def test_scores_stay_in_range_on_long_texts() -> None:
    text = " ".join([SENTENCES[0][2]] * 200)
    assert -1 < lexicon_tone(text, "fr") < 0
    assert lexicon_tone("", "fr") == 0.0 and text_tone("   ", "fr") == 0.0


def test_the_clause_after_a_but_weighs_more_than_the_one_before() -> None:
    assert raw_score("Une tragédie, une victoire.", "fr") == 0  # -1 + 1
    assert raw_score("Une tragédie, mais une victoire.", "fr") == pytest.approx(-0.5 + 1.5)
    assert raw_score("Un triomphe, mais une tragédie.", "fr") == pytest.approx(0.5 - 1.5)
    assert raw_score("Ein Sieg, aber eine Tragödie.", "de") < 0 < raw_score("Eine Tragödie, aber ein Sieg.", "de")


@pytest.mark.parametrize(("code", "text", "sign"), [
    ("fr", "Trois personnes ont trouvé la mort.", -1),  # "found death": died
    ("de", "Zwei Menschen kamen ums Leben.", -1),  # "Leben" alone is a good word
    ("fa", "سه نفر جان خود را از دست دادند.", -1),  # "lost their lives"
    ("ar", "لا يزال الطفل على قيد الحياة.", 1),  # "still alive": "لا يزال" is no negation
    ("es", "Sin embargo, la victoria fue clara.", 1),  # "sin embargo" is "however", not "without"
])
def test_phrases_are_read_together(code: str, text: str, sign: int) -> None:
    assert raw_score(text, code) * sign > 0


def test_a_comma_ends_a_negation_and_a_diminisher_halves_the_next_word() -> None:
    assert raw_score("No hubo alegría.", "es") < 0
    assert raw_score("No hubo agua, alegría.", "es") > 0  # the negation stops at the comma
    assert raw_score("Zwei Menschen wurden leicht verletzt.", "de") == pytest.approx(
        raw_score("Zwei Menschen wurden verletzt.", "de") / 2)


@pytest.mark.parametrize(("code", "negative", "positive"), [
    ("fr", "décombres", "sauvés"), ("es", "heridos", "rescatados"), ("de", "vermisst", "gerettet"),
    ("ru", "пострадавшие", "спасены"), ("ar", "قتلى", "الناجين"), ("fa", "مصدومان", "نجات"),
])
def test_news_vocabulary_the_lexicons_miss_is_signed(code: str, negative: str, positive: str) -> None:
    assert lexicon(code).get(negative) is None or lexicon(code).get(positive) is None  # the gap filled
    assert word_value(negative, code)[0] < 0 < word_value(positive, code)[0]


def test_an_ignored_word_stays_ignored_in_any_of_its_forms() -> None:
    assert lexicon("ru").get("удалось") == 1.0  # the lexicon marks "succeeded" …
    assert word_value("удалось", "ru") == (0.0, False)  # … which news writes of recovering bodies too
    assert word_value("тела", "ru") == (0.0, False)  # "тело" (body) is listed as a lemma
