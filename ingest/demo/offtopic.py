"""Off-topic articles for the demo corpus: sport, weather and local politics in the same fictional countries.

They share outlets, dates and quote forms with the event coverage but never mention the event's terms
or the names in its alias table, so a correct relevance stage keeps every one of them out of the event.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ingest.demo.attribution import Para, Pen, quote_block
from ingest.demo.text import Draft, weekday
from ingest.demo.world import Figure, Outlet


def _p(key: str, name: str, title: str, role: str, role_noun: str, pronoun: str) -> Figure:
    return Figure(key, name, (name,), title, role, role_noun, pronoun)


LOCALS: dict[str, Figure] = {f.key: f for f in (
    _p("ostrowski", "Ruben Ostrowski", "", "the Merat Athletic coach", "the coach", "he"),
    _p("vance", "Teodora Vance", "", "captain of the Aldergate Falcons", "the captain", "she"),
    _p("leclerc", "Hanna Leclerc", "", "a forecaster at the Valmont Meteorological Service",
       "the forecaster", "she"),
    _p("gallo", "Peter Gallo", "", "a spokesman for Corvania's national weather service", "the spokesman", "he"),
    _p("whitlow", "Agnes Whitlow", "Mayor", "the mayor of Northgate", "the mayor", "she"),
    _p("ebner", "Jonas Ebner", "Councillor", "a member of Altenau's city council", "the councillor", "he"),
    _p("marten", "Ilse Marten", "", "the new leader of Marland's opposition Civic Party", "the opposition leader",
       "she"),
    _p("osei", "Kwame Osei-Larbi", "", "the Sorren Open tournament director", "the director", "he"),
)}


@dataclass(frozen=True, slots=True)
class Topic:
    dateline: str
    headlines: tuple[str, ...]
    leads: tuple[str, ...]
    body: tuple[str, ...]
    speakers: tuple[tuple[str, tuple[str, ...]], ...]  # local figure key (or "anon:who"), sentences


TOPICS: tuple[Topic, ...] = (
    Topic(
        "MERAT, Halvara",
        ("Merat Athletic come from behind to beat Karvan Rovers", "Late winner keeps Merat Athletic top of the league",
         "Karvan Rovers frustrated as Merat Athletic snatch victory"),
        ("Merat Athletic scored twice in the final ten minutes to beat Karvan Rovers 2-1 on {wd} and stay top of "
         "the Halvaran league.",
         "A stoppage-time header from substitute Idris Hamdan gave Merat Athletic a 2-1 win over Karvan Rovers "
         "in front of a sold-out crowd on {wd}."),
        ("Karvan had led since the first half, when their captain curled a free kick into the top corner.",
         "The win stretches Merat's unbeaten run to eleven matches.",
         "Karvan remain fourth, three points behind the leaders, with a game in hand.",
         "The two sides meet again in the cup quarter-finals next month."),
        (("ostrowski", ("We never stopped believing, and the crowd carried us in the last ten minutes.",
                        "It was not our best performance, but champions win games like this.",
                        "The young players showed real character today.")),
         ("anon:one supporter", ("This is the best Merat team I have seen in twenty years.",))),
    ),
    Topic(
        "ALDERGATE, Corvania",
        ("Aldergate Falcons extend winning streak to seven", "Falcons beat Northgate Miners in overtime thriller"),
        ("The Aldergate Falcons beat the Northgate Miners 4-3 in overtime on {wd}, extending their winning streak "
         "to seven games.",
         "A goal forty seconds into overtime gave the Aldergate Falcons a 4-3 victory over the Northgate Miners "
         "on {wd}."),
        ("The Miners had come back from two goals down in the third period.",
         "The Falcons' goaltender made 38 saves, several of them spectacular.",
         "The result lifts the Falcons into second place in the northern conference.",
         "Attendance was a season-high 17,200."),
        (("vance", ("We knew they would push hard in the third period, and we stayed calm.",
                    "Seven in a row is great, but nobody in this room is satisfied yet.",
                    "Our goalie stole this one for us tonight.")),),
    ),
    Topic(
        "SORREN, Teralia",
        ("Record crowds at the Sorren Open as heat eases", "Home favourite reaches Sorren Open quarter-finals"),
        ("Organisers of the Sorren Open reported record attendance on {wd} as temperatures fell after a week of "
         "extreme heat.",
         "Teralia's top-ranked player reached the quarter-finals of the Sorren Open on {wd} with a straight-sets "
         "win in front of a packed centre court."),
        ("Play had been suspended twice earlier in the week because of the heat.",
         "Ticket sales are up by a fifth on last year, according to the organisers.",
         "The tournament's new roof over the main court was used for the first time."),
        (("osei", ("The players and the fans have been wonderful all week.",
                   "We have learned a lot about how to protect everyone in extreme heat.")),),
    ),
    Topic(
        "BELCOURT, Valmont",
        ("Flood warnings issued for Valmont's river valleys", "Heavy rain swells rivers across Valmont",
         "Villages evacuated as Valmont river bursts its banks"),
        ("Forecasters issued flood warnings for much of southern Valmont on {wd} after three days of heavy rain "
         "swelled rivers to their highest levels in a decade.",
         "Emergency services evacuated several villages along the upper Belle valley on {wd} as the river burst "
         "its banks after days of rain."),
        ("Several roads and a regional rail line were closed as a precaution.",
         "Farmers in the valley said fields planted in the autumn were under water.",
         "More rain is forecast for the weekend, though it is expected to be lighter.",
         "Schools in the worst-hit districts will stay closed until at least the middle of the week."),
        (("leclerc", ("The ground is saturated, so even moderate rain now runs straight into the rivers.",
                      "We expect the peak to pass through Belcourt overnight.",
                      "People living near rivers should be ready to move at short notice.")),
         ("anon:one resident", ("The water came up faster than anyone expected.",))),
    ),
    Topic(
        "NORTHGATE, Corvania",
        ("Heavy snow closes roads across northern Corvania", "Winter storm brings northern Corvania to a halt"),
        ("A winter storm dumped up to 60 centimetres of snow across northern Corvania on {wd}, closing highways "
         "and schools and leaving thousands of homes without power.",
         "Road crews worked through the night on {wd} to clear highways after the heaviest snowfall in northern "
         "Corvania in five years."),
        ("Utility companies said most homes should have power back within two days.",
         "Northgate's airport cancelled about a third of its flights.",
         "Officials urged drivers to stay off the roads unless their journey was essential."),
        (("gallo", ("This is a serious storm, and conditions will stay difficult into the weekend.",
                    "Temperatures will fall sharply once the snow stops, so ice will be the next problem.")),
         ("whitlow", ("Our crews have been out all night, and I want to thank every one of them.",))),
    ),
    Topic(
        "NORTHGATE, Corvania",
        ("Northgate council approves budget after late-night session", "Northgate budget passes with tax rise"),
        ("Northgate's city council approved a budget on {wd} that raises property taxes by two percent to pay "
         "for road repairs and more bus routes.",
         "After a debate that ran past midnight, Northgate councillors voted 9-4 on {wd} to approve next year's "
         "city budget."),
        ("The budget includes money for 40 new buses and the repair of the Harbour Street bridge.",
         "Opponents argued that the tax rise would hurt families already struggling with rent.",
         "A proposal to close two branch libraries was dropped after public protests.",
         "The budget now goes to the mayor, who is expected to sign it next week."),
        (("whitlow", ("This budget fixes our roads and gets more buses on them.",
                      "Nobody likes raising taxes, but the bridges will not repair themselves.")),
         ("anon:one councillor who voted against", ("We are asking families to pay more for less.",))),
    ),
    Topic(
        "ALTENAU, Lindenmark",
        ("Altenau mayor faces questions over tram project costs", "Altenau tram extension runs over budget"),
        ("Altenau's city council demanded an independent review on {wd} after the cost of the city's tram "
         "extension rose by a third.",
         "The planned tram line to Altenau's eastern districts will cost far more than first estimated, city "
         "officials admitted on {wd}."),
        ("The extension was due to open next year but is now expected to be delayed until at least 2022.",
         "Contractors blamed the rising price of steel and unexpected problems with underground pipes.",
         "Residents of the eastern districts have waited more than a decade for a direct link to the centre."),
        (("ebner", ("The people of Altenau deserve to know where their money has gone.",
                    "We support the tram, but we cannot sign blank cheques.")),),
    ),
    Topic(
        "PORT AVEN, Marland",
        ("Marland's Civic Party picks Ilse Marten as new leader", "New opposition leader promises housing push"),
        ("Marland's main opposition Civic Party elected Ilse Marten as its new leader on {wd}, after a contest "
         "that lasted nearly three months.",
         "Ilse Marten, a former health minister, won the leadership of Marland's opposition Civic Party on {wd} "
         "with 58 percent of members' votes."),
        ("Marten beat two rivals and will lead the party into the general election due next year.",
         "Turnout among party members was the highest in its history.",
         "Her first task will be to unite a party split over housing and taxes."),
        (("marten", ("Our job now is to show Marland that we are ready to govern.",
                     "Housing will be at the heart of everything we do.",
                     "I want to thank my rivals for a campaign that was fair and friendly.")),),
    ),
)


def write_offtopic(rng: random.Random, outlet: Outlet, day: int) -> Draft:
    """One article unrelated to the event, in the outlet's house style."""
    local = [t for t in TOPICS if t.dateline.endswith(outlet.country)]
    topic = rng.choice(local if local and rng.random() < 0.7 else TOPICS)
    pen = Pen(rng, outlet.translit, outlet.curly, weekday(day), topic.dateline.split(", ")[0].title())
    lead = pen.typeset(rng.choice(topic.leads).format(wd=pen.weekday))
    if rng.random() < 0.4:
        lead = f"{topic.dateline} — {lead}"
    body = list(topic.body)
    rng.shuffle(body)
    chunks = [[Para(pen.typeset(t))] for t in body[: rng.randint(2, len(body))]]
    for key, sentences in topic.speakers:
        fig = None if key.startswith("anon:") else LOCALS[key]
        if fig is not None and fig.canonical in lead:
            pen.mentioned.add(fig.key)
        block = quote_block(pen, fig, list(sentences), key.removeprefix("anon:"))
        chunks.insert(rng.randint(0, len(chunks)), block)
    paras = [Para(lead)] + [p for chunk in chunks for p in chunk]
    return Draft("offtopic", pen.typeset(rng.choice(topic.headlines)), paras[:10], outlet.translit, outlet.curly)
