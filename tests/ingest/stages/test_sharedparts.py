"""Shared-part test: a run of the reporter's own sentences makes a copy; shared quotations never do."""

from __future__ import annotations

from ingest.stages import neardup, sharedparts

WIRE = [
    "RABAT, Morocco (AP) — A powerful earthquake struck the mountains south of Marrakech late on Friday, "
    "toppling buildings in several villages and sending residents of the old city fleeing into the streets.",
    "The quake had a preliminary magnitude of 6.8 and struck at a shallow depth of about 18 kilometres, "
    "according to the geological survey, which recorded several strong aftershocks during the night.",
    "Rescue teams from the capital worked through the night to reach remote communities where roads had "
    "been blocked by boulders, and the interior ministry said the army had been sent to help them.",
    "Hospitals in Marrakech appealed for blood donors on Saturday morning as hundreds of injured people "
    "arrived from the mountain villages, many of them carried down on the backs of trucks.",
    "The historic medina, a world heritage site, suffered damage to several walls and a minaret, and the "
    "authorities closed its main square while engineers inspected the buildings around it.",
]
QUOTE = ("“We felt the ground move for twenty seconds and then everything came down around us, the walls, "
         "the roof, the neighbours’ houses,” said one resident of the village.")


def _text(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs)


TAIL = [
    "Power was cut in parts of the province overnight and the state electricity company said it expected "
    "to restore supply to most homes by Sunday, once damaged lines in the hills had been repaired.",
    "The king chaired a meeting of ministers and military commanders on Saturday afternoon to organise the "
    "response, and three days of national mourning were declared across the country.",
    "Neighbouring governments offered search teams and field hospitals, and several European countries said "
    "aircraft carrying equipment and doctors were ready to leave as soon as permission was given.",
]
LATER = [
    "The death toll from the earthquake rose sharply on Saturday as soldiers and volunteers dug through "
    "rubble in villages across the region, officials said, and more aftershocks shook the area.",
    "Families who had lost their homes slept in the open in freezing temperatures near the epicentre, "
    "wrapped in blankets handed out by volunteers from the nearby towns and the local mosques.",
    "Aid groups warned that the first three days would decide how many of those still trapped could be "
    "pulled out alive, and urged the authorities to open the roads to private rescue teams.",
]


def test_another_version_with_a_new_intro_and_another_tail_is_a_shared_copy_the_signatures_miss():
    original = _text(WIRE + TAIL)
    version = _text(LATER + WIRE[1:5] + [
        "Football clubs in the league postponed their weekend matches and asked supporters to give blood at "
        "the stadiums, where the health ministry had set up collection points for the hospitals."])
    assert not neardup.is_near_copy(neardup.signature(original), neardup.signature(version))
    assert sharedparts.chain(original, version).sentences == 4
    assert sharedparts.is_shared_copy(original, version) and sharedparts.is_copy(original, version)


def test_chain_counts_sentences_in_order_only():
    shuffled = [WIRE[4], WIRE[3], WIRE[2], WIRE[1]]
    assert sharedparts.chain(_text(WIRE), _text(shuffled)).sentences == 1
    assert sharedparts.chain(_text(WIRE), _text(WIRE[1:])).sentences == 4


def test_a_word_changed_still_matches_a_rewritten_sentence_does_not():
    edited = WIRE[1].replace("several strong", "a number of strong")
    assert sharedparts.matches(WIRE[1], edited) == {0: [0]}
    rewritten = ("Seismologists put the strength of the quake at 6.8 and said it was shallow, which made the "
                 "shaking far more destructive for the houses of the region.")
    assert sharedparts.matches(WIRE[1], rewritten) == {}


def test_shared_quotations_alone_are_not_a_shared_part():
    first = _text([f"{QUOTE} Rescuers reached the village of Asni before dawn with two bulldozers.",
                   f"{QUOTE} The regional governor said he would visit the valley on Monday.",
                   f"{QUOTE} Shops in the town of Amizmiz stayed shut for a second day.",
                   f"{QUOTE} Schools were turned into shelters for families who had lost their homes."])
    second = _text([f"Tourists in the old city were moved to hotels outside the walls on Saturday. {QUOTE}",
                    f"The national football team postponed its match against Liberia by a week. {QUOTE}",
                    f"Airlines said flights to Marrakech were running as planned despite the damage. {QUOTE}",
                    f"Charities opened collection points in Casablanca and in Rabat. {QUOTE}"])
    assert sharedparts.reporter_sentences(first) and not any(
        "ground" in sentence for sentence in sharedparts.reporter_sentences(first))
    assert sharedparts.chain(first, second).sentences == 0
    assert not sharedparts.is_copy(first, second)


def test_quotation_running_over_paragraphs_is_dropped_to_the_end_of_its_paragraph():
    text = ("“We have sent every team we have, and more are on the way from the north of the country and "
            "from abroad.\n\n“The army was told to help the villagers of the valley before anyone else.”")
    assert sharedparts.reporter_sentences(text) == ()


def test_datelines_and_agency_credits_are_dropped():
    words = sharedparts.reporter_sentences(WIRE[0])[0]
    assert words[:3] == ("a", "powerful", "earthquake")
    for dateline in ("Dec. 31 (UPI) -- ", "LONDON (Reuters) - ", "SEOUL, South Korea -- ", "MARRAKECH, Morocco (AP) "):
        assert sharedparts.reporter_sentences(dateline + WIRE[2])[0][:3] == ("rescue", "teams", "from")


def test_abbreviations_do_not_end_a_sentence():
    text = ("Gen. Ahmed Karim of the U.S. relief mission said on Dec. 9 that the teams would stay in the "
            "valley for as long as the survivors needed them and longer.")
    assert len(sharedparts.reporter_sentences(text)) == 1


def test_sentences_several_candidates_carry_are_stock_and_do_not_count():
    background = ("The quake was the strongest to hit the country in more than a century, according to the "
                  "national institute of geophysics in the capital.")
    new = _text([background, *WIRE[1:4]])
    other_story = _text(["Hotels in the coastal resorts reported cancellations from tour operators abroad, "
                         "though most said bookings for the winter were holding up well so far.", background])
    stock = sharedparts.stock_sentences(new, [sharedparts.matches(new, _text(WIRE)),
                                              sharedparts.matches(new, other_story)])
    assert stock == set()  # the background is only in one of the candidates
    stock = sharedparts.stock_sentences(new, [sharedparts.matches(new, _text([background, *WIRE])),
                                              sharedparts.matches(new, other_story)])
    assert stock == {0}
    assert sharedparts.chain(new, _text([background, *WIRE]), stock).sentences == 3


def test_best_shared_picks_the_candidate_with_the_longest_chain_and_ignores_distant_ones():
    new = _text(LATER + WIRE)
    unrelated = ("Stock markets in Casablanca opened lower on Monday, with shares of insurers and builders "
                 "falling the most as traders waited for estimates of the damage.")
    other_story = _text([TAIL[1], WIRE[1]])  # another group that carries one of the wire's sentences
    candidates = [("other", other_story), ("wire", _text(WIRE + TAIL)), ("markets", unrelated)]
    signed = [(key, neardup.signature(text), text) for key, text in candidates]
    found = sharedparts.best_shared(new, neardup.signature(new), signed)
    assert found is not None and found[0] == "wire" and found[1].sentences == 4  # WIRE[1] is stock here
    assert sharedparts.best_shared(unrelated, neardup.signature(unrelated), signed[:2]) is None


def test_short_or_empty_texts_share_nothing():
    assert sharedparts.chain("", _text(WIRE)) == sharedparts.Chain(0, 0, 0)
    assert not sharedparts.is_shared_copy("Short.", "Short.")
    assert sharedparts.reporter_sentences("He said: no.") == ()
