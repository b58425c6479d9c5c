"""Quotes in languages read by their marks, speech verbs and names, and the seam that picks the rules by
an article's language. The texts are written for these tests (short, in each language's news style)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.nlp.quote_spans import find_stretches, sentence_starts
from ingest.nlp.quotes import extract_quotes
from ingest.nlp.readers import language_rules, reader_for

ROOT = Path(__file__).resolve().parents[3]


def _read(language: str, text: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in reader_for(language).quotes(text)]


FRENCH = ("La ministre de la Santé, Agnès Buzyn, s'est rendue lundi à Lyon.\n\n"
          "« Nous ouvrirons trois cents lits de plus avant l'hiver », a déclaré Agnès Buzyn. "
          "« Ce n'est qu'un début », a-t-elle ajouté.\n\n"
          "Selon Philippe Martinez, « les hôpitaux manquent de tout depuis des années ». "
          "Le syndicat dénonce une « mesure de façade ».")


def test_french_inversion_pronoun_and_according_to() -> None:
    assert _read("fr", FRENCH) == [
        ("Nous ouvrirons trois cents lits de plus avant l'hiver", "Agnès Buzyn"),
        ("Ce n'est qu'un début", "Agnès Buzyn"),
        ("les hôpitaux manquent de tout depuis des années", "Philippe Martinez"),
    ]  # "mesure de façade": three quoted words are a scare quote


def test_german_marks_both_ways_titles_dropped_and_colon_lead_in() -> None:
    text = ("Bundeskanzler Olaf Scholz hat am Montag in Berlin gesprochen. „Wir werden die Ukraine weiter "
            "unterstützen“, sagte Scholz. „Das ist unsere Pflicht“, fügte er hinzu.\n\n"
            "Friedrich Merz sagte: »Diese Politik führt unser Land in die Krise.« Laut Regierungssprecher "
            "Steffen Hebestreit ist „die Lage sehr ernst und angespannt“.")
    assert _read("de", text) == [
        ("Wir werden die Ukraine weiter unterstützen", "Olaf Scholz"),
        ("Das ist unsere Pflicht", "Olaf Scholz"),
        ("Diese Politik führt unser Land in die Krise.", "Friedrich Merz"),
        ("die Lage sehr ernst und angespannt", "Steffen Hebestreit"),
    ]


def test_spanish_dropped_subject_goes_to_the_speaker_before() -> None:
    text = ("El presidente del Gobierno, Pedro Sánchez, visitó ayer Valencia. «Vamos a reconstruir cada casa "
            "destruida», dijo Sánchez ante los vecinos. «No dejaremos a nadie atrás», aseguró.")
    assert _read("es", text) == [("Vamos a reconstruir cada casa destruida", "Pedro Sánchez"),
                                 ("No dejaremos a nadie atrás", "Pedro Sánchez")]


@pytest.mark.parametrize(("language", "text", "speaker"), [
    ("es", "«Estamos muy preocupados por las familias», dijo a la AFP Óscar González, portavoz de la ONG.",
     "Óscar González"),
    ("es", "“Es un día histórico para todos nosotros”, declaró a Reuters María López, alcaldesa de la ciudad.",
     "María López"),
    ("fr", "« Nous sommes très inquiets pour les familles », a déclaré à l'AFP Jean Dupont, porte-parole.",
     "Jean Dupont"),
    ("de", "„Wir sind sehr besorgt um die Familien“, sagte der Deutschen Presse-Agentur Anna Schmidt.",
     "Anna Schmidt"),
    ("es", "«La situación es muy grave en toda la región», señaló la agencia EFE.", "EFE"),
])
def test_the_agency_spoken_to_is_not_the_speaker(language: str, text: str, speaker: str) -> None:
    """"dijo a la AFP Óscar González": agency and name read as one capitalised run; the agency is the one
    told, the person after it spoke. An agency reporting on its own is still the source."""
    assert [s for _, s in _read(language, text)] == [speaker]


@pytest.mark.parametrize(("text", "speaker"), [
    ("Le Premier ministre Édouard Philippe a présenté la réforme lundi. Critiqué par les syndicats, Gérald "
     "Darmanin se défend. « La situation n'est pas aussi grave qu'on le dit », attaque le ministre des Comptes "
     "publics.", "Gérald Darmanin"),
    ("Emmanuel Macron a parlé dimanche soir devant la Tour Eiffel. « Je serai le président de toutes et de "
     "tous », a affirmé le chef de l'État.", "Emmanuel Macron"),
])
def test_a_role_points_back_to_the_person_just_named_in_full(text: str, speaker: str) -> None:
    """Not to an earlier person with a title of their own, nor to a place after a preposition."""
    assert [s for _, s in _read("fr", text)] == [speaker]


@pytest.mark.parametrize(("language", "text", "speakers"), [
    ("de", "„Wenn ich nicht Trainer wäre, hätte mir das Zuschauen Spaß gemacht.“ (Freiburgs Trainer Christian "
     "Streich nach dem 0:5 in Dortmund)\n\n„Ich kann nicht jammern, ich muss Vertrauen ausstrahlen.“ "
     "(VfB-Trainer Huub Stevens nach der Niederlage)", ["Christian Streich", "Huub Stevens"]),
    ("de", "Steffen Baumgart (Köln): „Ich glaube, heute gibt es ganz viele Komplimente für die Jungs.“",
     ["Steffen Baumgart"]),
    ("de", "„Wir hätten noch zwei Stunden spielen können, ohne ein Tor zu schießen“, analysiert Trainer Daniel "
     "Brinkmann.", ["Daniel Brinkmann"]),
])
def test_credits_in_brackets_and_titles_inside_a_name(language: str, text: str, speakers: list[str]) -> None:
    """Collections of sayings credit a quote in brackets after it; a club or team before the title
    ("Freiburgs Trainer …", "VfB-Trainer …") is no part of the name."""
    assert [s for _, s in _read(language, text)] == speakers


def test_a_surname_and_a_shortened_name_mean_the_person_named_in_full() -> None:
    text = ("El candidato Luis Lacalle Pou ganó la segunda vuelta frente a Daniel Martínez. Lacalle agradeció a sus "
            "seguidores. «Mi reconocimiento a todos los que defienden los votos en cada mesa», escribió.")
    assert _read("es", text) == [("Mi reconocimiento a todos los que defienden los votos en cada mesa",
                                  "Luis Lacalle Pou")]


def test_russian_dash_after_the_quote_and_a_title_before_the_name() -> None:
    text = ("Президент России Владимир Путин провёл совещание. «Мы не допустим эскалации конфликта», — заявил "
            "Путин.")
    assert _read("ru", text) == [("Мы не допустим эскалации конфликта", "Владимир Путин")]


def test_russian_speakers_are_named_in_the_nominative_whatever_case_the_text_gives() -> None:
    text = ("По словам Дмитрия Пескова, «решение будет принято на этой неделе». «Мы обязательно справимся с "
            "этим», — сказала Евгения Медведева.")
    assert [speaker for _, speaker in _read("ru", text)] == ["Дмитрий Песков", "Евгения Медведева"]


@pytest.mark.parametrize(("written", "cited"), [
    ("Дмитрия Пескова", "Дмитрий Песков"), ("Кузбасса Амана Тулеева", "Аман Тулеев"),
    ("Аллы Пугачевой", "Алла Пугачева"),  # no ё where the text wrote е
    ("Евгения Медведева", "Евгения Медведева"),  # her name as cited, not Евгений's genitive
    ("Александра Куренкова", "Александра Куренкова"),  # her, or his genitive: left as written
    ("Касема Сулеймани", "Касем Сулеймани"), ("Sukhoi Superjet", "Sukhoi Superjet"),
])
def test_russian_names_in_the_form_they_are_cited_by(written: str, cited: str) -> None:
    from ingest.nlp.languages.ru import nominative

    assert " ".join(nominative(written.split())) == cited


def test_a_bare_title_after_the_verb_is_the_person_introduced_with_it() -> None:
    text = ("Le ministre Bruno Le Maire était à Bercy. Le maire Anne Hidalgo l'accompagnait.\n\n"
            "« La croissance reviendra dès le printemps », a assuré le ministre.")
    assert _read("fr", text) == [("La croissance reviendra dès le printemps", "Bruno Le Maire")]


def test_german_closing_guillemet_and_closing_low_quote_end_a_sentence() -> None:
    text = "Er sprach von »einer historischen Aufgabe«. „Das ist klar.“ Dann ging er."
    assert [text[s.start:s.end] for s in find_stretches(text)] == ["einer historischen Aufgabe", "Das ist klar."]
    assert [text[i:i + 4] for i in sentence_starts(text)] == ["Er s", "„Das", "Dann"]


def test_french_spaced_guillemets_do_not_open_at_the_closing_mark() -> None:
    text = "« Bonjour à tous et merci », a-t-il dit. «Hola», dijo."
    assert [text[s.start:s.end] for s in find_stretches(text)] == ["Bonjour à tous et merci", "Hola"]


def test_english_and_unknown_language_keep_the_english_rules() -> None:
    assert reader_for("en").quotes is extract_quotes
    assert reader_for(None).quotes is extract_quotes
    assert reader_for("EN").language == "en"


def test_a_language_without_a_module_gets_quotes_by_their_marks_and_no_guessed_speaker() -> None:
    text = "«Non lasceremo nessuno indietro dopo questa tragedia», ha detto il sindaco Giuseppe Sala."
    assert reader_for("it").language == "it"
    assert _read("it", text) == [("Non lasceremo nessuno indietro dopo questa tragedia", None)]


@pytest.mark.parametrize("code", ["fr", "de", "es", "ru"])
def test_each_language_module_is_found_by_its_code(code: str) -> None:
    rules = language_rules(code)
    assert rules is not None and rules.code == code and rules.speech_verbs
    assert all(w == w.lower() for w in rules.speech_verbs | rules.titles | rules.not_names | rules.org_words)


@pytest.mark.parametrize("code", ["xx", "en", "../etc", "FR", "names", ""])
def test_codes_that_name_no_language_module(code: str) -> None:
    assert language_rules(code) is None


def test_the_quotes_command_reads_each_record_in_its_language() -> None:
    records = [{"id": "fr", "language": "fr", "text": FRENCH},
               {"id": "en", "text": '"We will rebuild every home," said Mayor Ana Ruiz.'},
               {"id": "bad", "language": 7, "text": "x"}]
    proc = subprocess.run([sys.executable, "-m", "ingest", "quotes"], cwd=ROOT, capture_output=True, text=True,
                          input="".join(json.dumps(r) + "\n" for r in records), timeout=60)
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [q["speaker"] for q in out[0]["quotes"]] == ["Agnès Buzyn", "Agnès Buzyn", "Philippe Martinez"]
    assert [q["speaker"] for q in out[1]["quotes"]] == ["Ana Ruiz"]
    assert proc.returncode == 1 and proc.stderr.strip() == "stdin:3: TypeError: language is not a string"


def test_an_article_s_quotes_are_read_in_its_language() -> None:
    from ingest.stages.enrich import quote_records

    assert [q.speaker_raw for q in quote_records(FRENCH, "fr")] == ["Agnès Buzyn", "Agnès Buzyn", "Philippe Martinez"]
    assert [q.speaker_raw for q in quote_records(FRENCH, "it")] == [None, None, None]


def test_dialogue_dashes_split_by_the_writer_and_an_interview_s_questions_are_unnamed() -> None:
    text = ("Вратарь Игорь Акинфеев ответил на вопросы журналистов.\n\n"
            "– Дело вовсе не во мне, эта победа принадлежит всей команде, – цитирует Акинфеева сайт ФИФА. "
            "– Команда молодец.\n\n"
            "– То есть такое не исключено?\n\n"
            "– Вообще не исключено.")
    assert _read("ru", text) == [
        ("Дело вовсе не во мне, эта победа принадлежит всей команде,", "Игорь Акинфеев"),
        ("Команда молодец.", "Игорь Акинфеев"),
        ("То есть такое не исключено?", None),
        ("Вообще не исключено.", "Игорь Акинфеев"),
    ]


def test_a_spanish_dash_glued_to_the_verb_lets_the_writer_in() -> None:
    text = "—No vamos a rendirnos nunca —dijo el presidente Pedro Sánchez."
    assert _read("es", text) == [("No vamos a rendirnos nunca", "Pedro Sánchez")]


def test_german_listed_points_opened_by_a_hyphen_are_not_speech() -> None:
    text = ("Die Lage:\n\n- Die Polizei hat die Suche nach den acht Personen eingestellt.\n\n"
            "- Weitere Felsabbrüche drohen.")
    assert _read("de", text) == []


def test_a_name_after_a_preposition_is_a_place_and_a_role_points_to_the_person_named_just_before() -> None:
    text = ("Gérald Darmanin se défend face à la grève à Paris.\n\n"
            "« La situation est difficile mais personne n'a été humilié », attaque le ministre de Lille.")
    assert _read("fr", text) == [("La situation est difficile mais personne n'a été humilié", "Gérald Darmanin")]


def test_an_indefinite_role_is_an_unnamed_source() -> None:
    text = ("Die Deutsche Bahn verzichtet auf Reservierungen. „Alle Sitzplätze seien reservierbar“, so eine "
            "Sprecherin gegenüber der Zeitung.")
    assert _read("de", text) == [("Alle Sitzplätze seien reservierbar", None)]


def test_a_surname_in_another_case_finds_the_name_given_in_full() -> None:
    text = ("Пресс-секретарь Дмитрий Песков провёл брифинг. По словам Пескова, «переговоры пока не "
            "планируются и не обсуждаются».")
    assert _read("ru", text) == [("переговоры пока не планируются и не обсуждаются", "Дмитрий Песков")]


def test_a_capitalised_noun_is_not_the_person_a_pronoun_points_to() -> None:
    text = ("Olaf Scholz kam spät. Er kommt nicht zu Wort, weil der Jubel nicht endet. Dann sagt er: „Ich freue "
            "mich über dieses Wahlergebnis.“")
    assert _read("de", text) == [("Ich freue mich über dieses Wahlergebnis.", "Olaf Scholz")]
