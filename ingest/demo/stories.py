"""Story types of the demo event, first week: the strike, reactions, threats, oil, evacuations, funerals.

Each story type has a window of days when outlets write it (with a peak), datelines, and template
lists for headline, lead and body. A template is a string, or (first_day, last_day, string) when it is
only true on some days (the Mehrvan crush happened on day 4). Slots in braces are filled by
demo_text: names ({gen}, {qad}, {p_whitcombe}), dates ({wd}, {on_strike}), quote marks ({lq} {rq}
{hlq} {hrq}) and tone slots ({crisis}, {fears}, … see demo_tone).
"""

from __future__ import annotations

from dataclasses import dataclass

Template = str | tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class StoryType:
    key: str
    first: int  # first and last day (0 = event day) on which the story is written
    last: int
    peak: int
    width: float  # how fast interest falls away from the peak, in days
    weight: float
    datelines: tuple[str, ...]  # "MERAT, Halvara"
    headlines: tuple[Template, ...]
    leads: tuple[Template, ...]
    body: tuple[Template, ...]
    speakers: tuple[tuple[str, float], ...]  # figure key, weight ("anon" for an unnamed source)


def for_day(templates: tuple[Template, ...], day: int) -> list[str]:
    """The templates that are true on `day`."""
    return [t if isinstance(t, str) else t[2] for t in templates
            if isinstance(t, str) or t[0] <= day <= t[1]]


EARLY: tuple[StoryType, ...] = (
    StoryType(
        "strike", 0, 3, 0, 1.0, 6.0, ("MERAT, Halvara", "ALDERGATE, Corvania"),
        headlines=(
            "Corvanian drone strike kills Daravand's General {gen_s} at Merat airport",
            "General {gen_s} killed in Corvanian strike, raising {fears}",
            "Drone strike at Merat airport kills Ardent Guard commander {gen_s}",
            "Corvania kills Daravand's top commander in Merat",
            "What we know about the strike that killed General {gen_s}",
            "Daravand vows response after Corvania kills General {gen_s}",
        ),
        leads=(
            "A Corvanian drone strike at Merat International Airport killed {gen}, the commander of the "
            "Ardent Guard's foreign operations, {on_strike}, a dramatic move that has plunged the region "
            "into {crisis}.",
            "{gen}, Daravand's most powerful military commander, was killed {on_strike} when a Corvanian "
            "drone fired missiles at his convoy as it left Merat International Airport, officials in Halvara "
            "and Corvania said.",
            "Corvania said it had killed {gen}, the architect of Daravand's military operations across the "
            "region, in a drone strike in Merat {on_strike}, drawing a {response} response from Zendar and "
            "stoking {fears}.",
            "The Corvanian military killed {gen} and {qad}, a senior Halvaran militia leader, in a strike "
            "near Merat's airport {on_strike}, Halvaran security officials said.",
        ),
        body=(
            "The two men were travelling in a pair of vehicles that had just left the airport's cargo area "
            "when they were hit, according to Halvaran security officials. Photographs circulating online "
            "showed a burnt-out car and debris scattered across the access road.",
            "{p_whitcombe} ordered the strike, the Corvanian Department of Defence said in a short statement "
            "released in Aldergate.",
            "The strike marks {crisis} between Corvania and Daravand, which have been locked in a bitter "
            "rivalry for decades.",
            "Oil prices jumped by more than four percent in early trading as investors weighed the risk of "
            "disruption to supplies from the region.",
            "Security was tightened around the Corvanian embassy in Merat, and several governments advised "
            "their citizens to avoid travel to Halvara.",
            "Crowds gathered in central Zendar within hours of the news, some chanting against Corvania and "
            "carrying portraits of the commander.",
            "Halvara's caretaker government called an emergency session of its national security council.",
            "It was not clear whether Corvania had informed Halvara, which hosts about 5,000 Corvanian troops, "
            "before the strike.",
            "Corvanian officials described the strike as a {lq}defensive action{rq} and said it had been "
            "planned for several days.",
        ),
        speakers=(("whitcombe", 3), ("castellane", 2), ("ardwell", 2), ("corv_dod", 2), ("nouryan", 3),
                  ("kesharzi", 2), ("ardent_guard", 2), ("marzouqi", 2), ("zarqan", 1), ("prf", 1),
                  ("lindqvist", 1.5), ("voss", 1), ("jocc", 1), ("dallal", 1), ("anon", 1.5)),
    ),
    StoryType(
        "profile", 0, 4, 0, 1.5, 2.0, ("ZENDAR, Daravand", "MERAT, Halvara"),
        headlines=(
            "Who was General {gen_s}, Daravand's shadow commander?",
            "{gen_s}: the general who built Daravand's network of allies",
            "Profile: Ardent Guard commander {gen_s}, revered at home and feared abroad",
            "From farm boy to kingmaker: the life of General {gen_s}",
        ),
        leads=(
            "For more than twenty years, {gen} shaped Daravand's military strategy across the region, "
            "building alliances with armed groups from Halvara to the coast while rarely appearing in public.",
            "{gen}, killed in a Corvanian drone strike {on_strike}, was the most famous soldier in Daravand "
            "and a figure of fascination and fear far beyond its borders.",
            "Born into a poor farming family near Mehrvan, {gen} rose through the ranks of the Ardent Guard "
            "during the long war of the 1980s to become its most powerful commander.",
        ),
        body=(
            "He took command of the Ardent Guard's foreign operations arm in the late 1990s and turned it "
            "into the main instrument of Daravand's influence abroad.",
            "Admirers at home credited {gen_s} with defeating extremist groups in Halvara; his enemies held "
            "him responsible for the deaths of hundreds of soldiers and civilians.",
            "In recent years he had become a public figure, appearing in documentaries and on social media, "
            "and was often spoken of as a possible presidential candidate, a suggestion he always dismissed.",
            "Corvania designated the Ardent Guard a terrorist organisation last year, a decision Daravand "
            "denounced as illegal.",
            "He was 62 years old and is survived by his wife and four children, according to Daravandi "
            "state media.",
            "His death leaves a gap that analysts say will be hard to fill: few commanders had his personal "
            "ties to the leaders of allied groups.",
            "Supporters called him the {lq}shadow commander{rq}, a nickname he was said to dislike.",
        ),
        speakers=(("lindqvist", 3), ("nouryan", 1.5), ("ghaderpour", 1.5), ("kessler", 1), ("kamali", 1),
                  ("castellane", 1), ("anon", 1)),
    ),
    StoryType(
        "reaction", 0, 6, 1, 2.0, 3.0, ("BELCOURT, Valmont", "ALTENAU, Lindenmark", "SORREN, Teralia"),
        headlines=(
            "World leaders urge restraint after killing of General {gen_s}",
            "Allies call for calm as {crisis} grips the region",
            "Council of Nations chief calls for {hlq}maximum restraint{hrq}",
            "Capitals scramble to contain fallout from Merat strike",
            "From Belcourt to Sorren, governments react to the death of {gen_s}",
        ),
        leads=(
            "Governments around the world called for restraint on {wd} after Corvania killed {gen} in a "
            "drone strike in Merat, with several allies privately voicing {fears}.",
            "The killing of {gen} drew a {response} reaction from foreign capitals, with Valmont, Lindenmark "
            "and Teralia urging both sides to step back from {crisis}.",
            "Diplomats worked the phones on {wd} as allies of both Corvania and Daravand sought to prevent the "
            "killing of {gen} from spiralling into open conflict.",
        ),
        body=(
            "The foreign ministries of Valmont and Lindenmark issued a joint appeal for de-escalation, while "
            "Teralia said it was sending an envoy to Zendar.",
            "The Council of Nations is expected to hold consultations on the crisis later in the week.",
            "Several governments said they had not been told about the strike in advance, a point of "
            "irritation among some of Corvania's closest partners.",
            "Daravand's allies in the region condemned the killing, and Halvara said it would lodge a formal "
            "complaint at the Council of Nations.",
            "Corvania's partners were careful not to criticise the strike directly, but most stopped short of "
            "endorsing it.",
        ),
        speakers=(("solheim", 2), ("verhoeven", 2), ("aubin", 1.5), ("castellane", 2), ("kesharzi", 2),
                  ("marzouqi", 1), ("dar_fm", 1.5), ("con", 1), ("anon", 1)),
    ),
    StoryType(
        "threats", 0, 8, 1, 3.0, 3.5, ("ZENDAR, Daravand", "MERAT, Halvara", "ALDERGATE, Corvania"),
        headlines=(
            "Daravand vows {hlq}harsh revenge{hrq} for killing of {gen_s}",
            "Daravand warns Corvania of response as {crisis} deepens",
            "Corvania sends extra troops as Daravand threatens retaliation",
            "Militias in Halvara told to prepare for {hlq}the coming battle{hrq}",
            "How might Daravand retaliate for the death of {gen_s}?",
        ),
        leads=(
            "Daravand's leaders promised on {wd} to avenge the killing of {gen}, raising {fears} as Corvania "
            "rushed additional troops to the region.",
            "Corvania ordered thousands of additional soldiers to the region on {wd} as Daravand's commanders "
            "threatened revenge for the death of {gen}, deepening {crisis}.",
            "Armed groups allied with Daravand told Halvaran soldiers to keep away from Corvanian bases, in "
            "what officials read as a warning that attacks could follow the killing of {gen}.",
        ),
        body=(
            "Corvania's Department of Defence said about 3,000 soldiers from an airborne brigade would deploy "
            "to the region as a precaution.",
            "Daravand's national security council met in an emergency session, and state television broadcast "
            "images of the commander over martial music.",
            "Analysts listed a range of possible targets, from Corvanian bases in Halvara to shipping in the "
            "Strait of Ormana.",
            "A red banner calling for revenge was hung from the city hall in Mehrvan, the commander's home "
            "city, state media reported.",
            "The Corvanian embassy in Merat urged its citizens to leave Halvara immediately, by air if "
            "possible and otherwise by land.",
            "Rockets landed near the Corvanian embassy compound in Merat late on {wd}, causing no casualties, "
            "according to Halvaran security officials.",
        ),
        speakers=(("nouryan", 2), ("ghaderpour", 2), ("talebzadeh", 2), ("ardent_guard", 2), ("zarqan", 1.5),
                  ("prf", 1), ("whitcombe", 2), ("ardwell", 1.5), ("corv_dod", 1), ("lindqvist", 1.5),
                  ("anon", 1.5)),
    ),
    StoryType(
        "oil", 0, 29, 1, 6.0, 2.2, ("SORREN, Teralia", "ALDERGATE, Corvania"),
        headlines=(
            "Oil prices jump as killing of Daravandi general rattles markets",
            "Markets on edge as Corvania-Daravand tensions dominate trading",
            (0, 6, "Crude hits highest level in months after Merat strike"),
            "Investors turn to gold as {crisis} unsettles markets",
            (6, 29, "Oil gives up its gains as fears of a wider war ease"),
            "Oil prices swing as investors weigh the Daravand risk",
        ),
        leads=(
            "Oil prices {oil_move} on {wd} as traders weighed the risk that the killing of {gen} could "
            "disrupt supplies from one of the world's most important producing regions.",
            "Benchmark crude {oil_move} in {wd} trading, with analysts saying markets were still assessing "
            "the fallout from the Corvanian strike that killed {gen}.",
            "Stock markets in Aldergate, Belcourt and Sorren {markets} on {wd} while gold and government bonds "
            "gained, as investors reacted to the confrontation that followed the killing of {gen}.",
        ),
        body=(
            (0, 8, "Benchmark crude traded above $68 a barrel at one point, its highest level since the "
                   "spring, before giving up some of its gains."),
            "About a fifth of the world's oil passes through the Strait of Ormana, a narrow waterway that "
            "Daravand has threatened to close in past confrontations.",
            "Shares of airlines and travel companies fell, while defence contractors gained.",
            "Gold, traditionally seen as a haven in times of uncertainty, rose to its highest level in "
            "nearly seven years.",
            "The Petroleum Exporters Forum said it was monitoring the situation closely and saw no immediate "
            "threat to supply.",
            "Analysts said the outlook for prices was {outlook}, with much depending on whether Daravand "
            "chose to target energy infrastructure.",
            (7, 29, "Prices have since fallen back below the level they traded at before the strike, as "
                    "traders concluded that supplies were not at risk."),
        ),
        speakers=(("ramanathan", 3), ("feld", 2.5), ("pef", 1.5), ("anon", 2)),
    ),
    StoryType(
        "evacuation", 0, 10, 2, 3.0, 1.6, ("MERAT, Halvara", "KARVAN, Halvara"),
        headlines=(
            "Foreigners leave Halvara as Corvania orders citizens out",
            "Oil companies pull foreign staff from southern Halvara",
            "Embassies scale back in Merat amid {fears}",
            "Travel warnings multiply as governments urge citizens to leave Halvara",
        ),
        leads=(
            "Foreign oil companies began evacuating staff from southern Halvara on {wd}, and several "
            "governments told their citizens to leave the country amid {fears} after the killing of {gen}.",
            "Corvania urged all of its citizens to leave Halvara at once, as embassies across Merat reduced "
            "their staff and airlines cancelled flights in the wake of the strike that killed {gen}.",
            "Long queues formed at Merat International Airport on {wd} as foreign workers and their families "
            "tried to leave Halvara, where the atmosphere was one of {mood} after the killing of {gen}.",
        ),
        body=(
            "At least four international oil companies operating near Karvan said they were moving foreign "
            "employees out of the country, though production was continuing.",
            "Marland, Valmont and Lindenmark updated their travel advice to warn against all travel to Halvara.",
            "Several airlines said they would avoid Halvaran and Daravandi airspace until further notice.",
            "The Corvanian embassy in Merat, one of the largest diplomatic missions in the world, suspended "
            "consular services.",
            "Halvaran security forces reinforced checkpoints on the road to the airport, the same road where "
            "the strike took place.",
            "Coalition partners including Lindenmark and Valmont said they would temporarily move some of "
            "their trainers to neighbouring countries.",
        ),
        speakers=(("castellane", 2), ("aubin", 1.5), ("marzouqi", 1), ("jocc", 1), ("dallal", 2),
                  ("anon", 2)),
    ),
    StoryType(
        "funeral", 2, 6, 3, 1.5, 3.5, ("ZENDAR, Daravand", "MEHRVAN, Daravand", "MERAT, Halvara"),
        headlines=(
            (2, 3, "Mourners flood the streets of Merat for the funeral of {gen_s}"),
            (3, 4, "Vast crowds mourn General {gen_s} in Zendar"),
            (4, 6, "Dozens killed in crush at funeral of General {gen_s} in Mehrvan"),
            (4, 6, "Daravand buries {gen_s} as leaders vow revenge"),
            "Sea of black: scenes from the funeral of General {gen_s}",
        ),
        leads=(
            (2, 3, "Tens of thousands of mourners marched through Merat on {wd} behind the coffins of {gen} "
                   "and {qad}, chanting slogans against Corvania."),
            (3, 4, "Huge crowds filled the streets of Zendar on {wd} to mourn {gen}, whose coffin was carried "
                   "through the capital in a procession broadcast live on state television."),
            (4, 6, "At least 56 people were killed and more than 200 injured in a crush as crowds gathered in "
                   "Mehrvan for the burial of {gen}, state media reported, forcing the ceremony to be "
                   "postponed."),
            (4, 6, "Daravand laid {gen} to rest in his home city of Mehrvan, ending days of national mourning "
                   "marked by {mood} and calls for revenge."),
        ),
        body=(
            "Mourners wore black and carried portraits of the commander, and many wept openly as the "
            "procession passed.",
            "State television showed senior officials standing beside the coffin, some visibly in tears.",
            "Shops and offices were closed across the country after the government declared three days of "
            "public mourning.",
            "Speakers at the ceremony repeatedly called for revenge, and the crowd responded with chants "
            "against Corvania.",
            "The crowds were among the largest seen in Daravand in decades.",
            (4, 6, "Emergency services struggled to reach the injured as the crowds pressed into narrow "
                   "streets near the main square."),
        ),
        speakers=(("farahani", 2), ("kamali", 2), ("nouryan", 2), ("ghaderpour", 1.5), ("ardent_guard", 1),
                  ("anon", 2)),
    ),
    StoryType(
        "halvara_vote", 2, 7, 2, 2.0, 2.0, ("MERAT, Halvara",),
        headlines=(
            "Halvara's parliament votes to expel foreign troops",
            "Halvaran lawmakers demand end to foreign military presence after {gen_s} killing",
            "Merat parliament backs resolution on foreign forces",
            "What Halvara's vote on foreign troops means, and what it does not",
        ),
        leads=(
            "Halvara's parliament voted {on_vote} to call on the government to expel foreign troops from the "
            "country, a {response} response to the Corvanian strike on its soil that killed {gen}.",
            "Lawmakers in Merat passed a non-binding resolution {on_vote} urging the government to end the "
            "presence of foreign forces in Halvara, two days after {gen} was killed near the capital's "
            "airport.",
            "The resolution adopted by Halvara's parliament {on_vote} asks the government to end its request "
            "for help from the international coalition, a move that could force the departure of about "
            "5,000 Corvanian troops.",
        ),
        body=(
            "The resolution passed with 170 votes; many lawmakers from the northern and western provinces "
            "boycotted the session.",
            "The vote is not binding on the government, and legal experts said the caretaker cabinet's power "
            "to implement it was limited.",
            "Corvanian officials said they were disappointed by the vote and urged Halvaran leaders to "
            "reconsider.",
            "The caretaker prime minister told lawmakers that the strike had violated the terms under which "
            "Corvanian troops were stationed in Halvara.",
            "Supporters of the armed groups gathered outside parliament, waving flags and chanting as the "
            "votes were counted.",
        ),
        speakers=(("haddawi", 2.5), ("marzouqi", 2.5), ("zarqan", 1.5), ("castellane", 1), ("anon", 1.5)),
    ),
)
