"""English quotes: shapes found by blind-scored held-out batches (fictional sentences)."""

from __future__ import annotations

import pytest

from tests.ingest.nlp.quoting import only, pairs

# --- shapes found by blind-scored held-out batches 6 and 7 ----------------------------------------


def test_second_part_of_a_split_quote_after_a_long_attribution() -> None:
    text = ("« The court will not be hurried, » said Judge Bogomil Zorec, rejecting a defence request to "
            "exclude the recordings, « but nor will it be delayed by motions without merit. »")
    assert pairs(text) == [("The court will not be hurried,", "Bogomil Zorec"),
                           ("but nor will it be delayed by motions without merit.", "Bogomil Zorec")]


@pytest.mark.parametrize("lead", ["praised his opponents", "disagreed", "spoke for the families"])
def test_colon_lead_in_without_a_speech_verb_names_its_subject(lead: str) -> None:
    text = (f"Asel Tarn scored twice.\n\nHalvington captain Fergus Ruddock-Baines {lead}: "
            "\"They held their nerve and we didn't. There's no shame in that.\"")
    assert only(text).speaker == "Fergus Ruddock-Baines"


def test_colon_lead_in_with_an_unnamed_subject_is_anonymous() -> None:
    text = ("Rana Veld said the dam would hold.\n\nA doctor at Mercy Hospital described the scene: "
            "\"We had forty patients in the corridors by noon.\"")
    assert only(text).speaker is None


def test_colon_lead_in_with_a_named_object_does_not_give_the_object() -> None:
    text = "The union accused Tomas Kask of lying: \"He knew about the cuts for months.\""
    assert only(text).speaker != "Tomas Kask"


def test_quoted_as_saying_gives_the_one_quoted() -> None:
    text = ("The agency QRNA quoted the council's secretary, Nasrollah Kianfar, as saying: "
            "‘Our response will come at a time of our choosing.’")
    assert only(text).speaker == "Nasrollah Kianfar"


def test_bare_role_apposition_makes_a_person_for_a_later_pronoun() -> None:
    text = ("The agency also carried comments from Hojjat Arbabi, head of the security committee. "
            "‘Every base is within our reach,’ he warned.")
    assert only(text).speaker == "Hojjat Arbabi"


def test_organisation_named_head_first_answers_to_its_head() -> None:
    text = ("Relatives gathered outside the Bureau of Flight Safety Inquiry on Thursday.\n\n"
            "“Our findings are preliminary,” the bureau said in the report.")
    assert only(text).speaker == "Bureau of Flight Safety Inquiry"


def test_description_after_a_company_name_is_not_another_company() -> None:
    text = ("Skyrill Airways, the region’s largest carrier, cancelled all flights. “The safety of our "
            "passengers is not negotiable,” the airline said.")
    assert only(text).speaker == "Skyrill Airways"


def test_organisation_with_and_spelled_by_its_acronym() -> None:
    text = ("The Estmere Mines and Minerals Agency (EMMA) said the mine was illegal. A statement from EMMA "
            "said: \"Illegal mining has claimed too many lives in this region.\"")
    assert only(text).speaker == "Estmere Mines and Minerals Agency"


def test_acronym_of_a_name_introduced_by_a_role_word() -> None:
    text = ("The operator, Quenmouth Gateway Terminals (QGT), said automation would come slowly. "
            "\"No worker will be made compulsorily redundant,\" QGT said.")
    assert only(text).speaker == "Quenmouth Gateway Terminals"


def test_short_form_of_an_organisation_name() -> None:
    text = ("Corvenne Athletic agreed a fee on Friday.\n\n"
            "“Both clubs have reached agreement in principle,” Corvenne said in a statement.")
    assert only(text).speaker == "Corvenne Athletic"


def test_organisation_after_a_preposition_is_not_the_subject() -> None:
    text = ("Asked whether producers would raise output, an official at the Association of Crude "
            "Exporting States said: “It is too early to discuss that.”")
    assert only(text).speaker is None


def test_pronoun_after_an_unnamed_subject_stays_unnamed() -> None:
    text = ("Harbour master Oriel Fennimore-Shaw said the berth was closed.\n\n"
            "A crane driver who was on shift said he had heard a loud crack. \"We ran for the stairs. "
            "Ten seconds later the whole thing was in the water,\" he said.")
    assert pairs(text)[-1] == ("We ran for the stairs. Ten seconds later the whole thing was in the water,",
                               None)


def test_religious_title_is_the_role_a_later_noun_points_back_to() -> None:
    text = ("Ayatollah Sadegh Khorramdel ordered three days of mourning. Gen. Rostam Vahidnia was killed on "
            "Friday. The 81-year-old cleric later visited the family. “He was a son to this nation,” the "
            "cleric told them.")
    assert only(text).speaker == "Sadegh Khorramdel"


def test_demonym_in_a_role_picks_the_holder_from_that_country() -> None:
    text = ("« We came to negotiate, » said Ruvimbo Chakanetsa, Zembara's water minister.\n\n"
            "Ardovian Foreign Minister Selamawit Okuba said: « The dam is ours. »\n\n"
            "Asked about a court case, the Zembaran minister noted: « Every option is on the table. »")
    assert [s for _, s in pairs(text)] == ["Ruvimbo Chakanetsa", "Selamawit Okuba", "Ruvimbo Chakanetsa"]


def test_the_coastguard_is_an_organisation() -> None:
    text = ("Captain Aksel Trondsen said survivors were pulled from the sea.\n\n"
            "\"The coastguard was alerted at 04:10,\" the Cavessan coastguard said.")
    assert only(text).speaker == "Cavessan coastguard"


# --- shapes found by blind-scored held-out batch 8 -------------------------------------------------


def test_voted_no_ends_its_sentence_and_the_next_quote_is_the_voters() -> None:
    text = ("9:45 p.m. — Supervisor Thomasina Kettleworth voted no. “This budget balances the books on "
            "the backs of our libraries. I will not vote to close four branches.”")
    assert only(text).speaker == "Thomasina Kettleworth"


def test_live_blog_time_before_the_subject() -> None:
    text = ("11:05 a.m. — The storm is 60 miles off the coast, forecasters said.\n\n11:12 a.m. — County "
            "emergency manager Brent Kawasugi said: \"If you are in Zone A, this is your last window.\"")
    assert only(text).speaker == "Brent Kawasugi"


def test_office_title_after_an_organisation_word_is_a_person() -> None:
    text = ("Mayor Colleen Abernathy-Voss says she will sign the budget. Police Chief Leopold Ostrowski was "
            "blunter. He told reporters: \"I can't promise the same response times in August.\"")
    assert only(text).speaker == "Leopold Ostrowski"


def test_colon_lead_in_whose_role_is_named_after_its_comma() -> None:
    text = ("Judge Ambrose Kettering thanked the jury.\n\nOutside court, Mrs Colethorpe’s nephew, Julian "
            "Brightwell, read a statement on behalf of the family: ‘She deserved to grow old in peace.’")
    assert only(text).speaker == "Julian Brightwell"


def test_role_of_a_name_that_closes_a_relative_clause() -> None:
    text = ("The first to spot her was Oscar Trout, 9, who was visiting with his grandmother, Bernadette. "
            "“I said it was a fox,” Oscar said.\n\n“He was right, I was wrong,” his grandmother said.")
    assert [s for _, s in pairs(text)] == ["Oscar Trout", "Bernadette"]


def test_adverbial_before_a_subject_name_is_not_its_role() -> None:
    text = ("Judge Ekow Sarpong sentenced Comfort Agyemang to six years.\n\nOutside the court, Agyemang "
            "spoke briefly. “I am innocent,” she said.")
    assert only(text).speaker == "Comfort Agyemang"


def test_a_participle_after_a_comma_speaks_for_the_clause_s_pronoun() -> None:
    text = ("Tomas Rell has announced he will stand down.\n\nIn his exit speech on the steps of the palace he "
            "apologised to the country after the Greens won a landslide, telling voters: “I am sorry.”")
    assert (only(text).speaker, only(text).cue) == ("Tomas Rell", "telling")


def test_kept_saying_gives_the_words_to_its_own_subject() -> None:
    text = ("“I was scared,” said Lisa Marrow, who was travelling with her husband. "
            "She said her son kept saying: “I don’t want to die, mommy.”")
    assert pairs(text) == [("I was scared,", "Lisa Marrow"), ("I don’t want to die, mommy.", None)]
