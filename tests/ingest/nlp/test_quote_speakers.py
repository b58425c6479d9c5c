"""English quotes: which names, roles and organisations can be a speaker, and in which form (fictional sentences)."""

from __future__ import annotations

import pytest

from ingest.nlp.quotes import extract_quotes
from tests.ingest.nlp.quoting import pairs


def test_a_middle_initial_stays_inside_the_name() -> None:
    text = "The board named Oren J. Valik III as chief executive.\n\n“We will fix it,” Valik said."
    assert pairs(text) == [("We will fix it,", "Oren J. Valik III")]


def test_an_office_alone_is_a_role_that_resolves_to_its_holder() -> None:
    text = "Gov. Marta Ilves toured the town.\n\n“We are safe,” the Governor said."
    assert pairs(text) == [("We are safe,", "Marta Ilves")]


@pytest.mark.parametrize(("text", "speaker"), [
    ("VELMAR — Officials met on Friday.\n\n“This was a defensive action,” he said.", None),
    ("Details: Asked about the loss, he replied: “No comment at all on that.”", None),
    ("“We were not told,” Channel Nine News’ Marta Ilves said on Sunday.", "Marta Ilves"),
    ("“We need answers,” Senate Minority Leader Oren Valik said.", "Oren Valik"),
    ("First Lady Marta Ilves visited the ward.\n\n“We grieve,” the First Lady said.", "Marta Ilves"),
    ("“We lost money,” Ontario Teachers’ Pension Plan said.", "Ontario Teachers’ Pension Plan"),
])
def test_datelines_labels_titles_and_outlets_are_never_the_speaker(text: str, speaker: str | None) -> None:
    assert [q.speaker for q in extract_quotes(text)] == [speaker]


def test_an_organisation_spelled_by_its_acronym_keeps_its_full_name() -> None:
    text = ("A ship was hit, the Northern Sea Lanes Watch Centre (NSLWC) said.\n\n"
            "“The crew is safe,” NSLWC said in a note. “No damage was reported,” it added.")
    assert [q.speaker for q in extract_quotes(text)] == ["Northern Sea Lanes Watch Centre"] * 2


def test_a_surname_spelled_another_way_is_the_same_person() -> None:
    text = ("Marta Ilvess addressed the nation.\n\n“We stand alone,” Ilves said in a video address.")
    assert pairs(text) == [("We stand alone,", "Marta Ilvess")]


def test_an_outlet_reporting_is_not_a_person() -> None:
    text = ("The port fell, an official said, The New Harbour Times reported.\n\n"
            "Oren Valik, the mayor, spoke by phone.\n\n“We bury them at once,” he said.")
    assert pairs(text) == [("We bury them at once,", "Oren Valik")]


def test_he_and_she_are_never_an_organisation_and_a_number_is_not_a_name() -> None:
    text = ("Marta Ilves chairs the board. Twenty-four NSLWC investigators arrived at the UK port on Friday.\n\n"
            "“We are not looking at the ship today,” she said.")
    assert pairs(text) == [("We are not looking at the ship today,", "Marta Ilves")]


def test_the_pm_is_the_prime_minister_named_before() -> None:
    text = "Prime Minister Marta Ilves spoke on Friday.\n\n“We hear you,” the PM wrote."
    assert pairs(text) == [("We hear you,", "Marta Ilves")]


def test_shared_on_social_media_is_a_speech_verb() -> None:
    text = "“Thank you to everyone who reached out,” shared his wife, Kari, on Instagram."
    assert pairs(text) == [("Thank you to everyone who reached out,", "Kari")]


@pytest.mark.parametrize(("text", "speaker"), [
    ("The Harbour Ministry released a statement on Friday. “We condemn this attack,” the statement read.",
     "Harbour Ministry"),
    ("“We condemn this attack,” a statement from the Harbour Ministry read.", "Harbour Ministry"),
    ("“We condemn this attack,” read a statement from Marta Ilves, the minister.", "Marta Ilves"),
])
def test_a_statement_is_credited_to_its_issuer(text: str, speaker: str) -> None:
    assert [q.speaker for q in extract_quotes(text)] == [speaker]


def test_the_asker_named_after_a_question_is_its_speaker() -> None:
    text = "“Did you order the strike?” Jake Tapper asked. “I did not,” Oren Valik replied."
    assert pairs(text) == [("Did you order the strike?", "Jake Tapper"), ("I did not,", "Oren Valik")]


def test_a_title_before_a_news_noun_is_no_one() -> None:
    text = ("Oren Valik won his seat. The General Election was called in May.\n\n"
            "“This is just the first step,” he said.")
    assert pairs(text) == [("This is just the first step,", "Oren Valik")]


def test_he_added_carries_on_the_quote_before_unless_someone_else_is_named_between() -> None:
    text = ("Conceding defeat to Labour leader Oren Valik, Marta Ilves said: “I thank my voters.”\n\n"
            "She added: “I take responsibility.”")
    assert [q.speaker for q in extract_quotes(text)][1] == "Marta Ilves"
    text = ("“I thank my voters,” Ilse Marchetti said.\n\nHer coach, Oren Valik, said the record had been coming. "
            "He added: “She trained for months.”")
    assert [q.speaker for q in extract_quotes(text)] == ["Ilse Marchetti", "Oren Valik"]


def test_a_name_after_an_office_of_a_place_is_a_subject_not_an_object() -> None:
    text = "Secretary of State Oren Valik said the country will “provide every possible assistance” to the crew."
    assert pairs(text) == [("provide every possible assistance", "Oren Valik")]


def test_an_agency_named_with_and_is_one_organisation() -> None:
    text = "“The vessel lost power,” the Maritime and Port Authority of Velmar said. “It was under pilotage.”"
    assert [q.speaker for q in extract_quotes(text)] == ["Maritime and Port Authority of Velmar"] * 2
    assert pairs("“We approved it,” the Food and Drug Administration said.") == [
        ("We approved it,", "Food and Drug Administration")]
    assert [q.speaker for q in extract_quotes("“We met,” Oren Valik and Marta Ilves said.")] != [
        "Oren Valik and Marta Ilves"]


def test_a_pronoun_subject_carries_past_the_people_named_after_it() -> None:
    text = ("Oren Valik won the seat of Clacton.\n\nHe was the second MP of the night to win, following "
            "Marta Ilves in Ashfield.\n\nIn his speech, he said: “That's exactly what I'm going to do.”")
    assert pairs(text) == [("That's exactly what I'm going to do.", "Oren Valik")]


@pytest.mark.parametrize(("text", "speaker"), [
    ("“We failed our customers,” CEO Oren Valik said.", "Oren Valik"),
    ("“Stay off the roads,” Harbour County Sheriff Marta Ilves said.", "Marta Ilves"),
    ("“We are a movement now,” Reform MP Oren Valik said.", "Oren Valik"),
    ("“We are watching closely,” the White House said.", "White House"),
])
def test_business_and_local_offices_are_titles_and_the_white_house_an_organisation(text: str,
                                                                                     speaker: str) -> None:
    assert [q.speaker for q in extract_quotes(text)] == [speaker]


def test_a_name_that_qualifies_a_noun_after_the_is_not_the_pronoun_s_person() -> None:
    text = ("“I’m done,” said Ana Keller, a customer in Quebec. When she heard the Varnex deal fell apart, "
            "her heart raced.\n\n“Centralized exchanges are dead,” she said.")
    assert pairs(text)[1] == ("Centralized exchanges are dead,", "Ana Keller")
    text = "“We will appeal,” the Kremlin has said. “It is unlawful,” it said."
    assert [s for _, s in pairs(text)] == ["Kremlin", "Kremlin"]


def test_people_named_after_a_role_subject_are_not_who_he_is() -> None:
    text = ("Oren Valik has won the seat of Marlow Bay at the eighth attempt.\n\n"
            "The Reform leader claimed 21,000 votes to beat Conservative candidate Giles Watling.\n\n"
            "In his speech afterwards, he said his job was to fill the gap, adding: “That is what I will do.”")
    assert pairs(text) == [("That is what I will do.", "Oren Valik")]
    text = ("Dara Kovac spoke first. The chief executive of Acme, Ana Ruiz, said the plant would close.\n\n"
            "“We had no choice,” she said.")
    assert pairs(text) == [("We had no choice,", "Ana Ruiz")]


def test_a_party_label_before_a_name_is_not_part_of_it() -> None:
    text = "“We lost,” said Conservative Giles Watling. “It hurts,” Democrat Ana Ruiz said."
    assert pairs(text) == [("We lost,", "Giles Watling"), ("It hurts,", "Ana Ruiz")]


def test_an_acronym_qualifying_a_noun_is_not_what_it_points_back_to() -> None:
    text = ("The foreign ministry of Velmar condemned the strike on the TV tower.\n\n"
            "“Troops fired on the tower,” it said on social media.")
    assert pairs(text) == [("Troops fired on the tower,", "foreign ministry")]


@pytest.mark.parametrize("text", [
    "U.S. Secretary of State Oren Valik said: “We will defend our people.”",
    "“We will defend our people,” Secretary of Defense Oren Valik said.",
])
def test_an_office_with_of_before_a_name_is_the_name_s_title(text: str) -> None:
    assert [s for _, s in pairs(text)] == ["Oren Valik"]


@pytest.mark.parametrize(("text", "speaker"), [
    ("The Velmar foreign ministry released a statement on Friday. “We condemn the attack,” it read.",
     "Velmar foreign ministry"),
    ("Ana Ruiz released a statement on Friday. “I am shocked by the attack,” it read.", "Ana Ruiz"),
])
def test_it_read_after_a_statement_is_its_issuer(text: str, speaker: str) -> None:
    assert [s for _, s in pairs(text)] == [speaker]


def test_the_sentence_after_a_quote_can_say_whose_words_they_were() -> None:
    text = "“Any retaliation will be met with force.” The warning came from Defence Secretary Oren Valik."
    assert pairs(text) == [("Any retaliation will be met with force.", "Oren Valik")]


def test_pushed_back_and_shot_back_are_speech() -> None:
    text = ("Oren Valik defended the strike. “That is not what the intelligence showed,” Jake Tapper pushed back. "
            "“You are wrong about this,” Valik shot back.")
    assert [s for _, s in pairs(text)] == ["Jake Tapper", "Oren Valik"]
