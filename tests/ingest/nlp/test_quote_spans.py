"""English quotes: where the marks open and close, and which stretches are quotes (fictional sentences)."""

from __future__ import annotations

import pytest

from ingest.nlp.quotes import extract_quotes
from tests.ingest.nlp.quoting import only, pairs

# --- span finding -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "closing"),
    [('"', '"'), ("“", "”"), ("‘", "’"), ("«", "»"), ("« ", " »"), ("„", "“")],
)
def test_every_mark_style_gives_the_span_inside_the_marks(opening: str, closing: str) -> None:
    text = f"Mayor Lena Brask said: {opening}The bridge will reopen in May.{closing}"
    q = only(text)
    assert q.text == "The bridge will reopen in May."
    assert text[q.start : q.end] == q.text
    assert q.speaker == "Lena Brask"


def test_apostrophes_inside_curly_single_quotes_do_not_close_them() -> None:
    text = "‘We’ve won nothing yet. The players’ families know that, and the final’s hard,’ Tully said."
    assert pairs(text) == [
        ("We’ve won nothing yet. The players’ families know that, and the final’s hard,", "Tully")
    ]


def test_possessive_apostrophe_outside_a_quote_is_not_a_mark() -> None:
    text = "Hollin Rovers’ striker Cal Mbeki said: ‘It’s a dream.’"
    assert pairs(text) == [("It’s a dream.", "Cal Mbeki")]


def test_nested_quotation_stays_inside_the_outer_span() -> None:
    text = "Judge Ona Vale said: \"The guard told him, 'Nobody leaves.' He obeyed.\""
    assert pairs(text) == [("The guard told him, 'Nobody leaves.' He obeyed.", "Ona Vale")]


def test_quote_over_paragraphs_gives_one_span_per_paragraph_same_speaker() -> None:
    text = ("Union leader Piet Mol told a rally: “We asked for a year. Nobody answered.\n\n"
            "“So today we stop.”\n\nThe company declined to comment.")
    assert pairs(text) == [("We asked for a year. Nobody answered.", "Piet Mol"),
                           ("So today we stop.", "Piet Mol")]


def test_quote_over_paragraphs_separated_by_single_newlines() -> None:
    text = "Piet Mol said: “We asked for a year.\n“So today we stop.”"
    assert pairs(text) == [("We asked for a year.", "Piet Mol"), ("So today we stop.", "Piet Mol")]


# --- not quotes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The minister called the plan “reckless” and left.",
        "Officials avoided the word \"epidemic\" all week.",
        "She won for her novel ‘The House That Stood on Stilts’, a family saga.",
        "The army named the offensive \"Operation Northern Shield\".",
        "The striker, known to fans as «the Postman», scored twice.",
        "“The Long Night” opened in 400 cinemas on Friday.",
        "Critics dismissed the so-called \"peace plan\" as a stunt.",
    ],
)
def test_scare_quotes_terms_titles_and_nicknames_are_not_quotes(text: str) -> None:
    assert extract_quotes(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Fans packed the hall for a bout billed as ‘Thunder in the Harbour’ on Saturday.",
        "Voters backed a campaign called “Your Voice, Your City” in large numbers.",
        "The council launched a scheme dubbed \"clean streets for every child\" last week.",
        "The mayor said in “The Harbour Gazette” that repairs would take a year.",
    ],
)
def test_long_titles_and_named_schemes_inside_a_sentence_are_not_quotes(text: str) -> None:
    assert extract_quotes(text) == []


def test_the_programme_a_quote_was_said_on_is_not_a_quote() -> None:
    text = "“We will have the data later today,” Ostrava said on “Morning Report Live.”"
    assert [q.text for q in extract_quotes(text)] == ["We will have the data later today,"]


@pytest.mark.parametrize(("text", "quote", "speaker"), [
    ("The new chief of the exchange, Oren Valik, has slammed a “complete failure of corporate controls” "
     "at the firm.", "complete failure of corporate controls", "Oren Valik"),
    ("Deckhand Ravi Molnar told reporters he was the \"last one off the dock\" as the fire spread.",
     "last one off the dock", "Ravi Molnar"),
    ("Ilse Marchetti spoke on Monday.\n\nShe said her plan was to build \"a mass movement over the next "
     "few years\" before the next vote.", "a mass movement over the next few years", "Ilse Marchetti"),
])
def test_a_partial_quote_of_four_words_or_more_is_the_sentence_subjects(text: str, quote: str,
                                                                        speaker: str) -> None:
    assert pairs(text) == [(quote, speaker)]



def test_short_quote_with_attribution_is_a_quote() -> None:
    assert pairs("“Not this year,” the chief executive replied.\n") == [("Not this year,", None)]


def test_one_word_quote_after_colon_and_speech_verb() -> None:
    text = "Director Mila Hrubá was asked about a sequel. She answered with one word: “Never.”"
    assert pairs(text) == [("Never.", "Mila Hrubá")]


def test_stray_apostrophe_does_not_swallow_the_quotes_after_it() -> None:
    text = "In the '90s the club was poor. Ana Lopez said: \"We will win.\" 'Maybe,' said one fan."
    assert pairs(text) == [("We will win.", "Ana Lopez"), ("Maybe,", None)]


def test_straight_single_quotes_as_the_main_marks() -> None:
    text = "Ana Lopez won. 'We will win,' she said. 'It's our year.'"
    assert pairs(text) == [("We will win,", "Ana Lopez"), ("It's our year.", "Ana Lopez")]


# --- robustness ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\"", "“”", "« »", "‘’’’", "He said: \"", "\n\n\"\n\n\""])
def test_degenerate_inputs(text: str) -> None:
    for q in extract_quotes(text):
        assert text[q.start : q.end] == q.text


def test_unclosed_quote_runs_to_its_paragraph_end_only() -> None:
    text = "Ana Pol said: “We will win\n\nThe vote is on Sunday."
    assert pairs(text) == [("We will win", "Ana Pol")]
