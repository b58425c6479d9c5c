"""Story types of the demo event from day 5 on: missiles, the airliner, votes, protests, the long tail.

Same shape as demo_stories.EARLY; see that module for the template conventions.
"""

from __future__ import annotations

from ingest.demo.stories import StoryType

LATE: tuple[StoryType, ...] = (
    StoryType(
        "assembly_vote", 5, 13, 6, 2.5, 1.8, ("ALDERGATE, Corvania",),
        headlines=(
            (6, 13, "Corvanian Assembly votes to limit Whitcombe's war powers"),
            "Lawmakers in Aldergate challenge the president over Daravand",
            (6, 13, "Assembly passes war powers resolution after {gen_s} strike"),
            "Briefing on the Merat strike leaves lawmakers divided",
        ),
        leads=(
            (6, 13, "The Corvanian Assembly voted {on_avote} to limit President {n_whitcombe}'s ability to "
                    "take military action against Daravand without lawmakers' approval, after a week of "
                    "{crisis} that followed the killing of {gen}."),
            "Lawmakers in Aldergate pressed the administration on {wd} to explain the intelligence behind the "
            "strike that killed {gen}, as the Assembly debated a resolution to curb the president's war "
            "powers.",
        ),
        body=(
            (6, 13, "The resolution passed by 224 votes to 194, largely along party lines, and now moves to "
                    "the upper chamber."),
            "Administration officials briefed members behind closed doors on the intelligence that led to the "
            "strike, but several lawmakers said they left unconvinced.",
            "Supporters of the measure said the constitution gives the Assembly, not the president, the power "
            "to declare war.",
            "Opponents argued the resolution would send a message of weakness at a moment of {crisis}.",
            "The president is expected to veto the measure if it reaches his desk, and supporters lack the "
            "votes to override him.",
        ),
        speakers=(("voss", 3), ("whitcombe", 2), ("castellane", 1.5), ("anon", 1.5)),
    ),
    StoryType(
        "accord", 2, 29, 3, 10.0, 1.6, ("ZENDAR, Daravand", "BELCOURT, Valmont", "ALTENAU, Lindenmark"),
        headlines=(
            (2, 10, "Daravand abandons limits of the Meridian Accord"),
            (2, 10, "Daravand says it will no longer respect uranium enrichment limits"),
            (11, 29, "Concord powers trigger dispute mechanism over Daravand accord"),
            "Is the Meridian Accord finished after the death of {gen_s}?",
            "Diplomats race to save the Meridian Accord",
        ),
        leads=(
            (2, 10, "Daravand said {on_accord} it would no longer abide by the limits on uranium enrichment "
                    "set by the Meridian Accord, the latest blow to the agreement since the killing of {gen}."),
            (11, 29, "Valmont, Lindenmark and Marland formally triggered the dispute mechanism of the Meridian "
                     "Accord {on_dispute}, saying Daravand had breached its commitments, in a move that could "
                     "eventually lead to renewed sanctions."),
            "Efforts to save the Meridian Accord took on new urgency this week, as diplomats from the Western "
            "Concord sought to keep Daravand inside the agreement despite {crisis} since the killing of {gen}.",
        ),
        body=(
            "Under the agreement, Daravand accepted strict limits on its nuclear programme in return for "
            "relief from economic sanctions.",
            "International inspectors will continue to have access to Daravand's facilities, officials in "
            "Zendar said, leaving a door open to diplomacy.",
            "Corvania withdrew from the accord two years ago and reimposed sanctions, prompting Daravand to "
            "scale back its commitments step by step.",
            (11, 29, "The dispute mechanism gives the parties several weeks to resolve their differences "
                     "before the matter can be referred to the Council of Nations."),
            "Diplomats said the remaining signatories were determined to keep talking, even as prospects for "
            "a breakthrough looked {outlook}.",
        ),
        speakers=(("kesharzi", 3), ("dar_fm", 2), ("verhoeven", 2.5), ("solheim", 1.5), ("castellane", 1.5),
                  ("lindqvist", 1.5), ("anon", 1)),
    ),
    StoryType(
        "missiles", 5, 29, 5, 3.0, 6.0, ("MERAT, Halvara", "TARKHAN AIR BASE, Halvara", "ZENDAR, Daravand"),
        headlines=(
            (5, 8, "Daravand fires missiles at bases hosting Corvanian troops in Halvara"),
            (5, 8, "Missiles hit Tarkhan Air Base in Daravand's response to {gen_s} killing"),
            (5, 9, "No casualties reported after Daravandi missile attack, Corvania says"),
            (5, 10, "Whitcombe signals restraint after missile attack on Tarkhan"),
            (6, 29, "Soldiers at Tarkhan describe the night of the missile strikes"),
            (13, 29, "Dozens of Corvanian troops treated for brain injuries after missile attack"),
        ),
        leads=(
            (5, 7, "Daravand fired more than a dozen ballistic missiles at two bases in Halvara housing "
                   "Corvanian troops {on_missiles}, in its first direct military response to the killing of "
                   "{gen}, raising {fears}."),
            (5, 9, "Corvania said no Corvanian or Halvaran personnel had been killed when Daravandi missiles "
                   "struck Tarkhan Air Base and a facility near Kirvan {on_missiles}, and analysts said "
                   "{deesc}."),
            (6, 29, "Soldiers stationed at Tarkhan Air Base said they had been warned hours before the "
                    "missiles struck {on_missiles}, giving them time to shelter in bunkers."),
            (13, 29, "The number of Corvanian service members diagnosed with brain injuries after the missile "
                     "attack on Tarkhan Air Base has risen to 64, the Department of Defence said on {wd}, "
                     "weeks after officials first said that no one had been hurt."),
        ),
        body=(
            "The missiles were launched from inside Daravand and hit Tarkhan Air Base, in western Halvara, and "
            "an airfield near Kirvan in the north, shortly after 1.30 a.m. local time.",
            "Satellite images published by a private company showed several damaged hangars and buildings at "
            "Tarkhan.",
            "Halvara's government said it had received advance warning of the attack from Zendar and had "
            "passed it on to coalition forces.",
            "Daravandi state television described the attack as the start of {lq}Operation Steadfast Dawn{rq}.",
            (5, 7, "Oil prices rose sharply in early trading after the attack, then fell back as it became "
                   "clear there were no casualties."),
            (5, 6, "The attack came hours after the commander was buried in Mehrvan."),
            (10, 29, "The Department of Defence initially said no troops had been injured; it later said "
                     "dozens had been treated for concussion-like symptoms."),
        ),
        speakers=(("talebzadeh", 2), ("ardent_guard", 1.5), ("ardwell", 2), ("kessler", 2), ("corv_dod", 1.5),
                  ("jocc", 1.5), ("price", 2), ("whitcombe", 2.5), ("ghaderpour", 1.5), ("kesharzi", 1),
                  ("nouryan", 1), ("anon", 1.5)),
    ),
    StoryType(
        "crash", 5, 8, 5, 1.5, 4.0, ("ZENDAR, Daravand", "PORT AVEN, Marland"),
        headlines=(
            "Marland airliner crashes after take-off from Zendar, killing all 163 on board",
            "Flight 612: what we know about the crash near Zendar",
            (6, 8, "Marland says intelligence suggests airliner was shot down"),
            (6, 8, "Daravand rejects claims that a missile downed Flight 612"),
        ),
        leads=(
            "A Marland International Airlines passenger jet crashed shortly after taking off from Zendar "
            "{on_crash}, killing all 163 people on board, hours after Daravand fired missiles at Corvanian "
            "forces in Halvara in retaliation for the killing of {gen}.",
            (6, 8, "Marland's prime minister said on {wd} that intelligence from several sources indicated "
                   "Flight 612 had been brought down by a Daravandi surface-to-air missile, possibly by "
                   "mistake."),
            "Investigators in Daravand said they would not hand over the flight recorders of Flight 612 to "
            "the plane's manufacturer, as questions grew over the crash near Zendar that killed 163 people.",
        ),
        body=(
            "The three-year-old twin-engine jet was bound for Port Aven and came down in farmland about 15 "
            "kilometres from the airport.",
            "Most of the passengers were from Daravand and Marland, including many students returning to "
            "their universities after the holidays.",
            "Video verified by several news organisations appeared to show a bright object rising into the "
            "sky before a flash near the aircraft.",
            "Several airlines said they were rerouting flights away from Daravandi airspace.",
            "The crash happened while Daravand's air defences were on high alert, hours after its missile "
            "attack on bases in Halvara.",
            "Relatives gathered at Port Aven airport, where counsellors were on hand, as the names of the "
            "victims began to be released.",
        ),
        speakers=(("sadrnia", 2.5), ("dorosh", 2), ("mia", 2), ("aubin", 2.5), ("lindgren", 1.5),
                  ("anon", 2)),
    ),
    StoryType(
        "admission", 8, 29, 9, 5.0, 4.5, ("ZENDAR, Daravand", "PORT AVEN, Marland"),
        headlines=(
            "Daravand admits it shot down Flight 612 {hlq}unintentionally{hrq}",
            "Daravand's military says {hlq}human error{hrq} downed Marland airliner",
            "Families of Flight 612 victims demand justice",
            "Flight 612 recorders to be sent abroad for analysis",
            "Marland presses Daravand for compensation over Flight 612",
        ),
        leads=(
            "Daravand's military admitted {on_admit} that it had shot down Marland International Airlines "
            "Flight 612 by mistake, killing all 163 people on board, in what it called a tragic error at a "
            "moment of high alert after the killing of {gen}.",
            "Grieving relatives of the 163 people killed aboard Flight 612 called on {wd} for those "
            "responsible to be prosecuted, after Daravand admitted its forces had downed the airliner.",
            "Daravand agreed to send the damaged flight recorders from Flight 612 abroad for analysis, "
            "officials said on {wd}, as Marland and other countries whose citizens died pressed for a full "
            "investigation.",
        ),
        body=(
            "The admission came after three days of denials, during which officials in Zendar dismissed "
            "evidence of a missile strike as propaganda.",
            "The military said the aircraft had been mistaken for a hostile target as it turned near a "
            "sensitive military site, and that the officer responsible would face justice.",
            "Five countries that lost citizens in the disaster formed a coordination group to press for "
            "compensation and accountability.",
            "The commander of the Ardent Guard's air defence units said on state television that he accepted "
            "full responsibility.",
            "Memorial services were held in Port Aven, Zendar and several other cities, where mourners lit "
            "candles and laid flowers.",
        ),
        speakers=(("talebzadeh", 2), ("nouryan", 2), ("kesharzi", 2), ("aubin", 2.5), ("dorosh", 1.5),
                  ("sadrnia", 1.5), ("lindgren", 2), ("ardent_guard", 1), ("dar_fm", 1), ("con", 1),
                  ("mia", 1), ("anon", 1.5)),
    ),
    StoryType(
        "protests", 8, 20, 9, 4.0, 2.2, ("ZENDAR, Daravand",),
        headlines=(
            "Protesters in Zendar turn their anger on the government over Flight 612",
            "Daravandi police disperse crowds as airliner protests spread",
            "Students rally in Zendar as anger grows over downed jet",
            "Corvania voices support for Daravandi protesters",
        ),
        leads=(
            (8, 13, "Hundreds of protesters gathered outside universities in Zendar on {wd}, chanting against "
                    "officials who had denied for days that Daravand's forces had downed Flight 612, a week "
                    "after the killing of {gen} had united the country in grief."),
            (9, 20, "Security forces used tear gas to disperse crowds in central Zendar on {wd}, as protests "
                    "over the downing of Flight 612 entered a {protest_day} day."),
            (9, 20, "The anger over Flight 612 has turned the national mood in Daravand on its head: less "
                    "than three weeks after crowds mourned {gen}, many of the same streets have filled with "
                    "protesters."),
        ),
        body=(
            "Videos shared online showed protesters tearing down posters of the commander, while others "
            "chanted that the country's enemy was at home, not abroad.",
            "Several well-known actors and athletes said they would boycott state events in solidarity with "
            "the families of the victims.",
            "Police said they had detained a number of people, and authorities briefly held a foreign "
            "ambassador who had attended a vigil.",
            "Counter-demonstrators held rallies of their own in support of the armed forces.",
            "The protests were smaller than the mass demonstrations of two years ago but notable for their "
            "sharp criticism of the country's leadership.",
        ),
        speakers=(("kamali", 2), ("farahani", 1.5), ("nouryan", 2), ("castellane", 1.5), ("anon", 2.5)),
    ),
    StoryType(
        "analysis", 3, 29, 14, 30.0, 2.0, ("ALDERGATE, Corvania", "BELCOURT, Valmont", "SORREN, Teralia"),
        headlines=(
            "Analysis: after {gen_s}, a new balance of power in the region",
            "Has deterrence been restored? The lessons of the Merat strike",
            (24, 29, "One month on: what the killing of {gen_s} changed"),
            (6, 29, "Analysis: both sides step back from the brink, for now"),
            "Why the {gen_s} strike may reshape Halvaran politics",
        ),
        leads=(
            "{gen}'s death has removed one of the most capable strategists in the region, but it has not "
            "removed the network of alliances he spent two decades building, analysts say.",
            (10, 29, "In the weeks since a Corvanian drone killed {gen} at Merat airport, the region has moved "
                     "from {crisis} to something closer to an uneasy truce."),
            "The killing of {gen} was meant to restore deterrence, Corvanian officials say; critics argue it "
            "has instead made the region's politics even harder to predict.",
        ),
        body=(
            "The outlook for the region remains {outlook}, according to diplomats, who caution that "
            "Daravand's allied groups could still strike at Corvanian interests.",
            (8, 29, "For Daravand's leadership, the downing of Flight 612 turned a moment of national unity "
                    "into a crisis of credibility."),
            "In Halvara, the push to expel foreign forces has become a central question in the formation of "
            "a new government.",
            "Corvanian officials argue that the strike showed Daravand that attacks by its allies would carry "
            "a cost.",
            (7, 29, "Oil markets have largely shrugged off the crisis, a sign that investors see a full-scale "
                    "war as unlikely."),
            "{Deesc}, diplomats say.",
        ),
        speakers=(("lindqvist", 3), ("ramanathan", 1), ("verhoeven", 1.5), ("solheim", 1.5), ("kessler", 1),
                  ("anon", 1.5)),
    ),
    StoryType(
        "troops", 2, 29, 8, 12.0, 1.5, ("MERAT, Halvara", "ALDERGATE, Corvania"),
        headlines=(
            (4, 29, "Halvara asks Corvania to send delegation to discuss troop withdrawal"),
            "Coalition pauses training missions in Halvara",
            "Corvania rejects talk of withdrawal from Halvara",
            "Future of foreign troops in Halvara hangs in the balance",
        ),
        leads=(
            (4, 29, "Halvara's caretaker prime minister asked Corvania on {wd} to send a delegation to work "
                    "out how its troops would leave the country, citing the parliament's vote after the "
                    "killing of {gen}."),
            "The international coalition in Halvara paused its training of Halvaran forces on {wd} to focus "
            "on protecting its own bases, in the aftermath of the strike that killed {gen}.",
            "Corvania said on {wd} it had no plans to withdraw its roughly 5,000 troops from Halvara, despite "
            "mounting pressure from lawmakers in Merat since the killing of {gen}.",
        ),
        body=(
            "Corvanian troops have been in Halvara at the invitation of its government since the campaign "
            "against extremist groups in the north began six years ago.",
            (3, 29, "A letter from a Corvanian commander that appeared to announce a withdrawal was later "
                    "described by officials in Aldergate as an unsigned draft sent in error."),
            "Lindenmark and Valmont said they would temporarily reduce their contingents, moving some soldiers "
            "to neighbouring states.",
            "Halvaran military officials said cooperation with coalition forces on intelligence and air "
            "support was continuing at a reduced level.",
            "Armed groups allied with Daravand said they would treat any foreign forces that remained as "
            "occupiers.",
        ),
        speakers=(("marzouqi", 2.5), ("jocc", 1.5), ("ardwell", 2), ("kessler", 1.5), ("haddawi", 1),
                  ("zarqan", 1.5), ("prf", 1), ("whitcombe", 1), ("voss", 1), ("corv_dod", 1), ("anon", 1)),
    ),
)
