"""English quotes: each attribution pattern, one at a time (fictional sentences)."""

from __future__ import annotations

import pytest

from tests.ingest.nlp.quoting import only, pairs

# --- attribution patterns -----------------------------------------------------------------------


def test_colon_pattern_strips_titles() -> None:
    q = only("Sabrian Foreign Minister Dina Abu-Rish said: \"Our patience has limits.\"")
    assert (q.speaker, q.cue, q.speaker_kind) == ("Dina Abu-Rish", "said", "person")


def test_quote_then_name_then_verb() -> None:
    text = "Ana Roca won the race. \"I felt strong,\" Roca said."
    assert pairs(text) == [("I felt strong,", "Ana Roca")]


def test_quote_then_verb_then_name_and_role_cataphora() -> None:
    q = only("\"Prices will fall,\" said Tobias Lind, an analyst at Nordkap Securities.")
    assert (q.speaker, q.cue) == ("Tobias Lind", "said")


@pytest.mark.parametrize(
    ("verb_phrase", "cue"),
    [("told reporters", "told"), ("wrote on Telegram", "wrote"), ("posted on X", "posted"),
     ("added", "added"), ("warned", "warned"), ("insisted", "insisted"), ("asked", "asked")],
)
def test_speech_verbs_before_a_colon(verb_phrase: str, cue: str) -> None:
    q = only(f"Governor Samir Haddou {verb_phrase}: “Nobody will be left behind.”")
    assert (q.speaker, q.cue) == ("Samir Haddou", cue)


def test_split_quote_parts_share_the_speaker() -> None:
    text = "“The city,” said organiser Max Oduya, “wants to sell the profitable routes.”"
    assert pairs(text) == [("The city,", "Max Oduya"), ("wants to sell the profitable routes.", "Max Oduya")]


def test_split_quote_across_sentences() -> None:
    text = "Bente Ras accepted the ruling. ‘We got this wrong,’ she said. ‘The labels will change.’"
    assert pairs(text) == [("We got this wrong,", "Bente Ras"), ("The labels will change.", "Bente Ras")]


def test_pronoun_takes_the_right_gender_and_the_latest_subject() -> None:
    text = ("Kai Moe and his coach, Vera Lind, spoke after the game. Moe said he was tired. "
            "Lind said her team had played well. “We were the better side,” she said.")
    assert pairs(text)[-1] == ("We were the better side,", "Vera Lind")


def test_role_noun_resolves_to_the_person_who_holds_it() -> None:
    text = ("Interior Minister Goran Pavel said the law would change. Judge Vesna Rad disagreed. "
            "«We will come back with a better law,» the interior minister told reporters.")
    assert pairs(text) == [("We will come back with a better law,", "Goran Pavel")]


def test_epithet_resolves_to_the_person_just_described() -> None:
    text = "Mahmoud Kal has driven a lorry for 22 years. \"They have not paid us,\" the 54-year-old said."
    assert pairs(text) == [("They have not paid us,", "Mahmoud Kal")]


def test_no_verb_context_quote_takes_the_previous_sentence_subject() -> None:
    text = "In the village of Osk, nurse Hiba Mansi carried two patients out. “There was no time to think.”"
    q = only(text)
    assert (q.speaker, q.cue) == ("Hiba Mansi", None)


def test_statement_from_an_organisation() -> None:
    q = only("A statement from the Kalderan Union of Journalists said: \"Journalism is not a crime.\"")
    assert (q.speaker, q.speaker_kind) == ("Kalderan Union of Journalists", "org")


def test_statement_from_a_person_resolves_a_surname() -> None:
    text = ("The mayor, Beatriz Montalbán Ochoa, will not run again. "
            "A statement from Montalbán said: \"It is time for new energy.\"")
    assert pairs(text) == [("It is time for new energy.", "Beatriz Montalbán Ochoa")]


def test_organisation_without_article_or_possessive_country() -> None:
    text = ("Norvaal’s foreign ministry rejected the claim. “These accusations are invented,” "
            "the ministry said.")
    q = only(text)
    assert (q.speaker, q.speaker_kind) == ("foreign ministry", "org")


def test_acronym_resolves_to_the_expanded_name() -> None:
    text = ("The engineers worked for the Kuvar Reconstruction Consortium (KRC). "
            "“Our colleagues are safe,” the KRC said.")
    assert pairs(text) == [("Our colleagues are safe,", "Kuvar Reconstruction Consortium")]


def test_it_said_points_back_to_the_organisation() -> None:
    text = "Ferrovita said it would appeal. \"We followed the rules,\" it said in a statement."
    q = only(text)
    assert (q.speaker, q.speaker_kind) == ("Ferrovita", "org")


def test_the_company_points_back_to_the_company_in_the_story() -> None:
    text = "Kestrel Telecom cut 3,000 jobs. \"We have too many managers,\" the company said."
    assert pairs(text) == [("We have too many managers,", "Kestrel Telecom")]


@pytest.mark.parametrize(
    "attribution",
    ["a senior official said", "said one farmer in the village", "a company spokesperson said",
     "said a doctor who asked not to be named", "one reporter asked", "said her friend"],
)
def test_unnamed_speakers_are_none(attribution: str) -> None:
    q = only(f"Officials met on Monday. “The situation is serious,” {attribution}.")
    assert q.speaker is None and q.speaker_kind is None


def test_a_definite_role_pointing_to_an_unnamed_source_stays_none() -> None:
    text = ("An election official, who asked not to be named, said turnout was high. "
            "“We expect a long night,” the official said.")
    assert pairs(text) == [("We expect a long night,", None)]


def test_first_name_only_speaker() -> None:
    text = "“The walls were never repaired,” said a resident who gave only her first name, Marisol."
    assert pairs(text) == [("The walls were never repaired,", "Marisol")]


@pytest.mark.parametrize(
    ("intro", "later", "full"),
    [
        ("captain Inés Carvajal Ruiz", "Carvajal", "Inés Carvajal Ruiz"),
        ("analyst Zhao Minghui", "Zhao", "Zhao Minghui"),
        ("Sheikh Abdulrahman bin Faisal al-Suwaidi", "Al-Suwaidi", "Abdulrahman bin Faisal al-Suwaidi"),
        ("Port director Pieter van der Berghe", "Van der Berghe", "Pieter van der Berghe"),
    ],
)
def test_speaker_is_the_fullest_form_of_the_name(intro: str, later: str, full: str) -> None:
    text = f"The talks were led by {intro}. “We will sign on Friday,” {later} said."
    assert pairs(text) == [("We will sign on Friday,", full)]


def test_multi_sentence_quote_is_one_span() -> None:
    q = only("Chief executive Rania Had said: “This was hard. Growth stalled. We will recover.”")
    assert q.text == "This was hard. Growth stalled. We will recover."


def test_colon_lead_in_on_the_line_above() -> None:
    text = "Union negotiator Ami Diallo told reporters:\n\"We got what we asked for.\""
    assert pairs(text) == [("We got what we asked for.", "Ami Diallo")]


def test_the_statement_said_speaks_for_its_author() -> None:
    text = "The Ministry of Water issued a statement on Friday. “Rationing began in May,” the statement said."
    assert pairs(text) == [("Rationing began in May,", "Ministry of Water")]


def test_the_statement_said_speaks_for_the_organisation_not_a_person_it_names() -> None:
    text = ("Kestrel Exchange apologised on Thursday. The cash-strapped company added in its statement that it "
            "had appointed Johan P. Marrow as chief executive.\n\n"
            "\"Many employees are expected to stay and assist Mr. Marrow,\" the statement said.")
    assert pairs(text) == [("Many employees are expected to stay and assist Mr. Marrow,", "Kestrel Exchange")]


def test_the_statement_said_after_a_person_said_in_it() -> None:
    text = ("The Ministry of Water issued a statement. Lina Varga, the minister, said in the statement that "
            "rationing would end.\n\n\"Reservoirs are full again,\" the statement said.")
    assert pairs(text) == [("Reservoirs are full again,", "Lina Varga")]


def test_the_statement_said_deep_in_a_long_article() -> None:
    filler = "".join(f"Crews cleared road {i} near the river on Saturday morning. " for i in range(80))
    text = (filler + "The Ministry of Water issued a statement on Friday. The Osk Farmers Union met on Saturday. "
            + "“Rationing began in May,” the statement said.")
    assert len(text) > 4500  # the search window for the statement starts well inside the text
    assert pairs(text) == [("Rationing began in May,", "Ministry of Water")]


def test_according_to_names_the_source_without_a_cue() -> None:
    q = only("Floods hit Osk. \"We have lost 40 homes,\" according to Mayor Ana Lopez.")
    assert (q.speaker, q.cue) == ("Ana Lopez", None)


def test_role_noun_outside_the_lexicon_after_an_unnamed_introduction() -> None:
    text = "Ana Lopez watched. A bystander filmed the crash. \"It was terrifying,\" the bystander said."
    assert pairs(text) == [("It was terrifying,", None)]


def test_it_said_after_a_one_word_company_name() -> None:
    text = "Alpenmilch said in a statement that prices fell. “We cannot pay more,” it said."
    assert pairs(text) == [("We cannot pay more,", "Alpenmilch")]


def test_pronoun_hint_about_someone_else_does_not_block_the_speaker() -> None:
    text = ("Olympic champion Yara Haddad said she would miss the season. Her coach, Sami Nasr, said she "
            "would be back. ‘This is a pause,’ he said.")
    assert pairs(text) == [("This is a pause,", "Sami Nasr")]


def test_a_paragraph_that_introduces_someone_gives_them_the_quote_after_it() -> None:
    text = ("“We had water for part of the fire,” said Fire Chief Oren Valik.\n\n"
            "Reporters asked why the system failed and got answers from Mara Quist, the director of the "
            "county water board.\n\n"
            "“The fire burned through the service connections.”")
    assert [s for _, s in pairs(text)] == ["Oren Valik", "Mara Quist"]


def test_someone_named_in_the_last_quote_s_own_attribution_is_not_introduced() -> None:
    text = ("“I take responsibility,” Prime Minister Tomas Rell said as his wife Ilse Rell-Marchetti "
            "watched on.\n\n"
            "“This is a difficult day.”")
    assert [s for _, s in pairs(text)] == ["Tomas Rell", "Tomas Rell"]


def test_an_outlet_reporting_a_partial_quote_relays_the_person_who_said_it() -> None:
    text = ("The ministry seemed to confirm this, with spokesman Oren Valik saying on Thursday that he is a "
            "“prime target for Ardovian aggression,” the Harbour Gazette reported.")
    assert pairs(text) == [("prime target for Ardovian aggression,", "Oren Valik")]
    assert pairs("“We will rebuild,” Mayor Lina Varga told residents, the Harbour Gazette reported.") == [
        ("We will rebuild,", "Lina Varga")]
