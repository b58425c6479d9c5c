"""Word choice that carries tone in the demo corpus: per-outlet bias plus a drift from alarm to calm.

Tone in Presswatch is the mean VADER compound of an article's sentences, so the demo steers tone
the way real outlets do: by which words and framing sentences they pick. Each article gets a `mood`
in -1..1 (outlet bias + a drift that starts alarmed and settles over the month + noise); tone slots
in templates pick from option lists ordered from most alarmed to calmest, and framing sentences come
from the band the mood falls in. The tests measure the result with VADER itself.
"""

from __future__ import annotations

import math
import random

# Ordered from most alarmed to calmest. Noun phrases include their article.
SLOTS: dict[str, tuple[str, ...]] = {
    "crisis": (
        "a terrifying slide toward all-out war", "the most dangerous crisis in decades",
        "a perilous confrontation", "a sharp escalation", "a tense standoff", "a period of uncertainty",
        "a crisis that diplomats hope can still be contained", "a standoff that has so far stayed calm",
    ),
    "fears": (
        "terror of a catastrophic war", "fears of a devastating war", "fears of a wider conflict",
        "worries about a wider conflict", "concern about further escalation", "questions about what comes next",
        "hopes that the worst is over", "growing confidence that calm will hold",
    ),
    "mood": (
        "panic and dread", "fear and fury", "anger and grief", "deep anxiety", "unease", "uncertainty",
        "wary calm", "cautious optimism", "relief",
    ),
    "outlook": ("catastrophic", "grim", "bleak", "uncertain", "unclear", "mixed", "stable", "hopeful",
                "encouraging"),
    "markets": ("plunged in panic selling", "tumbled", "fell sharply", "slipped", "wavered", "were steady",
                "steadied", "recovered", "rallied strongly"),
    "oil_move": ("soared", "jumped", "climbed", "edged higher", "held steady", "slipped", "eased",
                 "fell back"),
    "response": ("furious", "bitter", "stern", "sharp", "firm", "measured", "calm", "restrained"),
    "deesc": (
        "the danger of a catastrophic war remains terrifyingly real", "the risk of a deadly war remains high",
        "the risk of escalation has not gone away", "the situation remains fragile",
        "both sides appear to be weighing their options", "both sides appear keen to avoid a wider conflict",
        "tensions appear to be easing", "hopes for a lasting calm are growing",
    ),
}

# Framing sentences by band: 0 very alarmed … 4 very calm.
FRAMING: tuple[tuple[str, ...], ...] = (
    (
        "Many in the region fear the worst is yet to come, with the threat of a devastating war hanging "
        "over millions of people.",
        "The killing has left a trail of grief, anger and fear across the region.",
        "Panic buying emptied shelves in several cities as frightened families braced for war.",
        "Critics warned that a single miscalculation could now trigger a catastrophic war.",
        "The atmosphere was tense and frightening, with sirens sounding and rumours of attacks spreading fast.",
        "It is a dangerous moment, and the risk of a deadly spiral of violence is real.",
    ),
    (
        "The situation remains dangerous and unpredictable.",
        "Diplomats described the mood as tense and gloomy.",
        "Residents said they were worried about violence and shortages.",
        "The crisis has left allies anxious and divided.",
        "Few expect the tensions to fade quickly.",
        "The threats have left businesses in the region nervous.",
    ),
    (
        "Officials on both sides met behind closed doors throughout the day.",
        "Flights between the region's capitals continued on a reduced schedule.",
        "The government is expected to set out its position in the coming days.",
        "Analysts said the next steps would depend on decisions in several capitals.",
        "Both governments have said they will publish more details later in the week.",
        "The foreign ministers of several countries are due to meet next week.",
    ),
    (
        "Diplomats said there were encouraging signs that both sides want calm.",
        "Life in the capital was largely returning to normal, and people were glad to see shops and schools "
        "open.",
        "Several governments welcomed the calmer tone and offered to help with talks.",
        "Markets appeared relieved by the easing of tensions.",
        "Officials said cooperation between the two sides' intermediaries had been useful.",
        "Residents said they felt safer than they had a week ago.",
    ),
    (
        "There was a sense of relief and cautious hope across the region as leaders chose dialogue over "
        "confrontation.",
        "Negotiators praised the constructive spirit of the talks and said real progress was possible.",
        "Business leaders said confidence was strong and that trade links were recovering well.",
        "Many residents said they were grateful that calm had returned and were hopeful about the future.",
        "Mediators welcomed the positive signals and said both sides had shown admirable restraint.",
        "Analysts said the peaceful outcome was a welcome success for patient diplomacy.",
    ),
)


# Composed framing: who (any band) + what they felt (by band), for variety across thousands of articles.
PEOPLE = ("Residents of Merat", "Families across the region", "Many people in Zendar", "Shopkeepers in the old city",
          "Diplomats in the region", "Ordinary people on both sides", "Business owners in Karvan",
          "Students in Zendar")
FEELINGS: tuple[tuple[str, ...], ...] = (
    ("said they feared a devastating war could break out at any moment.",
     "described a terrifying atmosphere of panic and dread.",
     "spoke of grief, fear and fury after the killing.",
     "warned that the deadly violence could spiral out of control.",
     "said they were frightened, angry and desperate for safety."),
    ("said they were worried and expected more trouble.",
     "described a tense and anxious mood.",
     "said the threats had left them nervous about the future.",
     "complained of uncertainty, rising prices and fear of violence."),
    ("said they were following the news closely.",
     "said they were waiting to see what the governments would decide.",
     "said daily life was continuing, though with more checkpoints than usual.",
     "said they had changed few of their plans so far."),
    ("said they were relieved that the danger seemed to have passed.",
     "welcomed the calmer mood and said life was getting back to normal.",
     "said they were hopeful that talks would help.",
     "said they felt safer and more confident than a week ago."),
    ("said they were relieved and hopeful that peace would hold.",
     "welcomed the calm and praised the restraint shown by leaders.",
     "said confidence was returning and life was improving quickly.",
     "expressed hope that dialogue would bring a lasting, peaceful solution.",
     "said they were grateful for the calm and optimistic about the future."),
)


def drift(day: int) -> float:
    """Coverage starts alarmed and settles: about -0.7 on the first day, +0.45 after three weeks."""
    return -0.7 + 1.2 * (1.0 - math.exp(-day / 6.0))


def article_mood(rng: random.Random, bias: float, day: int) -> float:
    """Mood of one article in -1..1: outlet bias + time drift + noise."""
    return max(-1.0, min(1.0, bias + drift(day) + rng.gauss(0.0, 0.15)))


def _index(rng: random.Random, mood: float, size: int, spread: float = 0.8) -> int:
    pos = (mood + 1.0) / 2.0 * (size - 1) + rng.gauss(0.0, spread)
    return max(0, min(size - 1, round(pos)))


def pick_slot(rng: random.Random, name: str, mood: float) -> str:
    """One option of a tone slot, leaning toward the alarmed or calm end by `mood`."""
    options = SLOTS[name]
    return options[_index(rng, mood, len(options))]


def framing(rng: random.Random, mood: float, used: set[str]) -> str:
    """One framing sentence from the band `mood` falls in, sharing no part with one already used."""
    band = _index(rng, mood, len(FRAMING), spread=0.5)
    for _ in range(6):
        whole = rng.random() < 0.5
        parts = [rng.choice(FRAMING[band])] if whole else [rng.choice(PEOPLE), rng.choice(FEELINGS[band])]
        if not used.intersection(parts):
            break
    used.update(parts)
    return " ".join(parts)
