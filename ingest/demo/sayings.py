"""What the demo's figures say: quote sentences per figure and story type, and unnamed sources.

A quote in the corpus is one to three of these sentences. Keys are story types (see demo_stories);
"*" holds sentences a figure could say in any story it appears in. Everything is invented and
attributed only to invented people and organisations.
"""

from __future__ import annotations

SAYINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "whitcombe": {
        "*": ("Corvania does not seek war with anyone, but we will always protect our people.",
              "We are ready to talk, and we are ready to defend ourselves. Both things are true.",
              "Our forces acted to stop an attack that was coming, not to start a war."),
        "strike": ("Last night, on my orders, our forces carried out a precise strike against a man "
                   "responsible for the deaths of many.",
                   "He was planning new attacks on Corvanian diplomats and soldiers, and we stopped him.",
                   "We took action to prevent a war, not to begin one."),
        "threats": ("If Daravand strikes any Corvanian person or site, the response will be swift and heavy.",
                    "I would urge the leaders in Zendar to think very carefully before they act."),
        "missiles": ("No Corvanians were harmed in last night's attack, and every one of our people is "
                     "accounted for.",
                     "Daravand appears to be standing down, which is a good thing for all parties concerned.",
                     "We will impose additional economic penalties, and we will keep every option open."),
        "assembly_vote": ("The Assembly should not tie the hands of our commanders at a moment like this.",
                          "I will always consult the Assembly, but I will not wait for permission to "
                          "protect our people."),
        "troops": ("Our troops are in Halvara at the invitation of its government, to finish the fight "
                   "against extremist groups.",),
    },
    "castellane": {
        "*": ("We want de-escalation, and we have made that clear to every capital in the region.",
              "Our door to diplomacy remains open."),
        "strike": ("This was a defensive action based on clear intelligence of an imminent threat.",
                   "The region is safer today than it was yesterday."),
        "reaction": ("I have spoken with my counterparts in Belcourt, Altenau and Sorren, and they "
                     "understand why we acted.",
                     "We are asking our partners to press Zendar to choose restraint."),
        "evacuation": ("The safety of our citizens comes first, and we are asking them to leave Halvara "
                       "while commercial flights are still available.",
                       "Embassy staff who are not essential will be leaving Merat in the coming days."),
        "assembly_vote": ("The intelligence was specific and it was credible, and I have briefed members "
                          "of the Assembly on it.",),
        "accord": ("Daravand's decision to break through the limits of the Meridian Accord is deeply "
                   "concerning.",
                   "A better agreement is still possible if Zendar returns to the table."),
        "protests": ("The people of Daravand deserve a government that tells them the truth.",
                     "We stand with those who are demanding answers about Flight 612."),
        "profile": ("He had the blood of hundreds of soldiers and civilians on his hands.",),
    },
    "ardwell": {
        "*": ("Our forces are ready for whatever comes next.",
              "We have the capability to defend our people and our partners."),
        "strike": ("The strike was aimed at deterring future Daravandi attack plans.",
                   "We will take further pre-emptive action if we need to."),
        "threats": ("We have moved additional forces into the region as a precaution.",
                    "Any attack on our troops will be met with a response."),
        "missiles": ("The early-warning systems worked as designed, and our people had time to take cover.",
                     "We are assessing the damage at Tarkhan and at Kirvan."),
        "troops": ("We have no plans to leave Halvara, and no decision has been made.",
                   "A letter circulated about a withdrawal was a draft, and it was a mistake."),
    },
    "kessler": {
        "*": ("My focus is the protection of the force.",),
        "profile": ("He was a skilled commander, and that made him more dangerous, not less.",),
        "missiles": ("Based on what I saw, the missiles were intended to cause damage and to kill personnel.",
                     "Several service members are being evaluated for concussion symptoms."),
        "troops": ("We will remain in Halvara for as long as our mission requires and our hosts agree.",),
        "analysis": ("Deterrence has been restored for now, but that can change quickly.",),
    },
    "voss": {
        "*": ("The Assembly has a duty to decide when this country goes to war.",),
        "strike": ("This strike was carried out without consulting the Assembly, and it risks a serious "
                   "escalation.",),
        "assembly_vote": ("Today we vote to make clear that no president can take this country into a war "
                          "on his own.",
                          "The administration has not given members a convincing explanation of the threat.",
                          "This resolution is about the constitution, not about any one man."),
        "troops": ("Our service members deserve a clear strategy and an honest account of the risks.",),
    },
    "nouryan": {
        "*": ("Daravand does not seek war, but it will defend its dignity.",
              "The Corvanian government will bear responsibility for everything that follows."),
        "strike": ("This cowardly crime will not go unanswered.",
                   "The nation has lost a great son, and it will not forget who took him."),
        "profile": ("He spent his life defending this country and its neighbours from terror.",),
        "threats": ("Our response will come at a time and place of our choosing.",
                    "The era of Corvanian forces in this region is coming to an end."),
        "funeral": ("The sea of mourners in our streets is our answer to Aldergate.",
                    "Today the nation grieves, but it is united."),
        "missiles": ("Last night's operation was a warning, but it is not enough; the foreign forces must "
                     "leave.",),
        "admission": ("This unforgivable mistake has caused great sorrow, and we offer our deepest "
                      "condolences to the families.",
                      "Those responsible will be identified and brought to justice."),
        "protests": ("We have heard the anger of our young people, and we will listen.",
                     "Nobody should exploit the grief of the families for political ends."),
    },
    "kesharzi": {
        "*": ("Corvania has chosen the path of escalation, not us.",),
        "strike": ("This act of international terrorism is extremely dangerous and foolish.",
                   "The Corvanian government bears full responsibility for all the consequences of its "
                   "reckless adventurism."),
        "reaction": ("We have summoned the envoy who represents Corvanian interests to protest in the "
                     "strongest terms.",
                     "The world must condemn this violation of Halvara's sovereignty."),
        "accord": ("We are no longer bound by the limits on enrichment, but we are ready to return to full "
                   "compliance if the others do.",
                   "The Meridian Accord is not dead, but it is in intensive care.",
                   "The door to diplomacy is not closed, but it will not stay open forever."),
        "admission": ("A sad day. Human error at a time of crisis caused by Corvanian adventurism led to "
                      "disaster.",
                      "Our profound regrets, apologies and condolences go to our people, to the families "
                      "of all victims and to the other affected nations."),
        "missiles": ("We took proportionate measures in self-defence, and we do not seek escalation or war.",),
    },
    "ghaderpour": {
        "*": ("The path of our martyred commander will continue with even greater strength.",),
        "profile": ("He was a man of the front lines who never asked others to go where he would not go "
                    "himself.",),
        "threats": ("We will take revenge on those who took him, and they will regret it.",
                    "Be patient, and you will see our answer across the region."),
        "funeral": ("We promise the nation that his blood will not have been shed in vain.",),
        "missiles": ("Last night was only the first step.",
                     "Our aim was not to kill, but to strike at the heart of their military machine."),
    },
    "talebzadeh": {
        "*": ("Our armed forces are at the highest level of readiness.",),
        "threats": ("Every Corvanian base within range is now a legitimate target.",),
        "missiles": ("Dozens of missiles hit their targets with precision, and the operation is over.",
                     "If there is any new aggression, the response will be even more crushing."),
        "admission": ("The aircraft turned toward a sensitive military site and was mistaken for a hostile "
                      "target.",
                      "The operator had ten seconds to decide, and he made the wrong decision.",
                      "Our air defences were on their highest state of alert because we expected an attack."),
    },
    "sadrnia": {
        "crash": ("The pilot made no radio call about an emergency before the aircraft went down.",
                  "It is too early to say what caused the crash, and we ask people not to speculate.",
                  "The flight recorders have been recovered; they are damaged, but we will examine them."),
        "admission": ("The flight recorders will be sent abroad, because we do not have the equipment to "
                      "read them.",
                      "Investigators from every affected country will be given full access."),
    },
    "dorosh": {
        "crash": ("The aircraft was one of the best in our fleet and passed a full maintenance check two "
                  "days ago.",
                  "Our crew were among the most experienced pilots we have."),
        "admission": ("Nobody asked us to stop flying, and the airspace was open.",
                      "We want compensation for every family, and we want it without delay.",
                      "How could anyone fire on a civilian aircraft flying in an international corridor?"),
    },
    "aubin": {
        "reaction": ("We are urging all sides to step back from the edge.",),
        "evacuation": ("We are working with our allies to help Marland citizens in Halvara leave safely.",),
        "crash": ("We have intelligence from multiple sources indicating that the plane was shot down.",
                  "Families want answers, and Marland will not rest until they get them."),
        "admission": ("Our country is grieving, and today that grief has turned to anger.",
                      "We expect full cooperation, full accountability and compensation for the families.",
                      "Flight 612 was a national tragedy, and it must never happen again."),
    },
    "solheim": {
        "*": ("The world cannot afford another war in this region.",),
        "reaction": ("This is a moment in which leaders must exercise maximum restraint.",
                     "I am deeply concerned about the recent escalation."),
        "accord": ("The Meridian Accord remains the best tool we have, and it should be preserved.",),
        "analysis": ("Dialogue is the only way out of this crisis.",),
    },
    "verhoeven": {
        "reaction": ("The cycle of violence must stop before it spins out of control.",
                     "We call on all actors to show restraint and to avoid further escalation."),
        "accord": ("Our aim is not to reimpose sanctions, but to bring Daravand back into full compliance.",
                   "We have triggered the dispute mechanism to keep the agreement alive, not to kill it."),
        "analysis": ("There is still space for diplomacy, and the Concord intends to use it.",),
    },
    "marzouqi": {
        "strike": ("This is a flagrant breach of the conditions under which foreign troops are present in "
                   "our country.",
                   "Killing a military commander on Halvaran soil is an aggression against Halvara."),
        "reaction": ("Halvara will not become a battlefield for other people's wars.",),
        "halvara_vote": ("Parliament must take the measures needed to protect the dignity and security of "
                         "Halvara.",
                         "We ask every faction to put Halvara's interest first."),
        "troops": ("We have asked for delegates to be sent to arrange the implementation of parliament's "
                   "decision.",
                   "Our relationship with Corvania must be built on mutual respect."),
        "evacuation": ("Foreign companies and their staff are safe here, and we are protecting them.",),
    },
    "haddawi": {
        "halvara_vote": ("The vote reflects the will of the people we represent.",
                         "We are a sovereign nation, and we must act like one.",
                         "This is a first step, and parliament will follow it closely."),
        "troops": ("Any agreement on foreign forces must come back to this parliament.",),
    },
    "zarqan": {
        "*": ("The resistance will respond at the right time.",),
        "strike": ("The blood of our commanders will be the fuel of the resistance.",),
        "threats": ("Every foreign soldier in Halvara should now start counting the days.",
                    "We call on our fighters to be ready for the coming battle."),
        "troops": ("If the foreign forces do not leave, they will be treated as occupiers.",),
        "halvara_vote": ("Parliament has spoken, and now the government must act.",),
    },
    "farahani": {
        "funeral": ("I came because I wanted my children to see this day.",
                    "He was from our city, and today every family here feels it has lost someone."),
        "protests": ("They lied to us for three days, and we will not forget it.",),
    },
    "kamali": {
        "funeral": ("I closed my shop this morning. Everyone did.",
                    "People are angry, but most of us are also afraid of what comes next."),
        "protests": ("I lost a customer and a friend on that plane.", "We want the truth, that is all."),
        "profile": ("For my father's generation he was a hero of the war; for my son he is a face on a "
                    "poster.",),
    },
    "dallal": {
        "evacuation": ("The road to the airport has been full of foreigners since the morning.",
                       "We are used to trouble, but this feels different."),
        "strike": ("I heard two explosions, and then everything was burning near the cargo terminal.",),
    },
    "price": {
        "missiles": ("We were in the bunkers for hours, and you could feel every impact in your chest.",
                     "Nobody here will forget that night.",
                     "We got the warning in time, and that is why we are still here."),
    },
    "lindgren": {
        "crash": ("She called us from the gate to say the flight was delayed.",),
        "admission": ("They have admitted it, but an apology will not bring her home.",
                      "I want to know who gave the order, and why the airspace was open."),
    },
    "ramanathan": {
        "oil": ("The market had been complacent about risks in the region, and that complacency has gone.",
                "Traders are pricing in the risk of disruption in the Strait of Ormana.",
                "If there is no further escalation, the premium will fade quickly.",
                "Supply has not actually been disrupted, and that matters more than the headlines."),
        "analysis": ("Energy markets have moved on faster than many people expected.",),
    },
    "feld": {
        "oil": ("Higher fuel prices act like a tax on consumers and airlines.",
                "Gold and government bonds are where investors hide when they are scared.",
                "The calm in markets this week tells you investors think the worst is behind us."),
    },
    "lindqvist": {
        "strike": ("This is the most consequential killing in the region in decades.",),
        "profile": ("He was the architect of Daravand's network of allied militias across the region.",
                    "There is no obvious successor with his reach or his reputation."),
        "threats": ("Zendar has to respond to save face, but it also wants to avoid a war it cannot win.",),
        "accord": ("Each step away from the accord makes the way back harder.",),
        "analysis": ("Both sides looked into the abyss and stepped back, at least for now.",
                     "The biggest casualty may be the Corvanian presence in Halvara.",
                     "The downing of the airliner changed the politics inside Daravand overnight."),
    },
    "ardent_guard": {
        "strike": ("The commander of our foreign operations was martyred in an attack by Corvanian drones "
                   "near Merat airport.",),
        "threats": ("A harsh revenge awaits the criminals whose hands are stained with his blood.",),
        "funeral": ("The funeral ceremonies will continue for three days in Merat, Zendar and Mehrvan.",),
        "missiles": ("We warn all allies of Corvania that any territory used to attack Daravand will be "
                     "targeted.",
                     "The operation to avenge our commander has begun."),
        "admission": ("We accept full responsibility for this painful mistake, and we apologise to the "
                      "nation.",),
    },
    "dar_fm": {
        "reaction": ("The envoy representing Corvanian interests has been summoned to receive a formal "
                     "protest.",),
        "accord": ("Daravand will no longer observe any operational limits under the Meridian Accord.",
                   "These steps are reversible if the other parties fulfil their obligations."),
        "admission": ("Daravand will cooperate fully with the countries that lost citizens.",),
    },
    "jocc": {
        "strike": ("Two vehicles were struck on the road leaving the airport, killing several people.",),
        "missiles": ("Twenty-two missiles fell on Halvaran territory, and there were no Halvaran casualties.",),
        "troops": ("Joint training and operations with the coalition have been paused for now.",),
        "evacuation": ("Security at all airports and border crossings has been reinforced.",),
    },
    "corv_dod": {
        "strike": ("At the direction of the president, Corvanian forces have taken decisive defensive action "
                   "to protect personnel abroad.",
                   "This strike was aimed at deterring future attack plans."),
        "missiles": ("We are working on initial battle damage assessments.",
                     "Ballistic missiles were launched from Daravand and targeted at least two bases "
                     "hosting Corvanian personnel."),
        "threats": ("Additional forces are being deployed to the region as a precautionary measure.",),
        "troops": ("There has been no change in our force posture in Halvara.",),
    },
    "con": {
        "reaction": ("The council urges all parties to refrain from actions that could lead to a wider "
                     "conflict.",),
        "admission": ("All states must respect the rules that protect civilian aviation.",),
    },
    "mia": {
        "crash": ("Flight 612 lost contact with air traffic control minutes after take-off from Zendar.",
                  "We are doing everything possible to support the families."),
        "admission": ("The airline has suspended all flights through Daravandi airspace until further "
                      "notice.",),
    },
    "pef": {
        "oil": ("Member states are ready to act to keep the market balanced.",
                "There is no shortage of supply, and we see no need for emergency measures."),
    },
    "prf": {
        "strike": ("We mourn our commanders, who fell together on the road from the airport.",),
        "threats": ("Our fighters are ready, and they are waiting for the order.",),
        "troops": ("The occupation forces have been warned, and the clock is now running.",),
    },
}

# Unnamed speakers per story type: how they are described, and what they say.
ANONYMOUS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "strike": (("a senior Halvaran security official", "an airport employee"),
               ("We heard the drones for several minutes before the missiles hit.",
                "Nobody told us anything in advance. We found out like everyone else.")),
    "threats": (("a Western diplomat in Merat", "a senior Daravandi official"),
                ("Everyone is waiting to see what Zendar will do, and nobody knows.",
                 "The response will be military, and it will be against military targets.")),
    "oil": (("one oil trader in Sorren", "a senior executive at a refining company"),
            ("The first reaction is always to buy, and to ask questions later.",
             "We have enough crude in storage for several weeks, so there is no panic here.")),
    "evacuation": (("an embassy official", "a spokesperson for one oil company"),
                   ("We are moving people out as a precaution, and operations will continue.",
                    "It is an orderly departure, not an evacuation under fire.")),
    "funeral": (("one mourner", "a young man in the crowd"),
                ("I have never seen so many people in one place.",
                 "We are here to show the world that we are not afraid.")),
    "missiles": (("a Corvanian official", "a coalition officer at the base"),
                 ("The warning gave us hours, and those hours saved lives.",
                  "It looked like they chose targets where they knew they would not kill anyone.")),
    "crash": (("a senior intelligence official", "an official involved in the investigation"),
              ("All the evidence we have points to a missile.",
               "The wreckage tells a story, and it is not the story we were told.")),
    "admission": (("a relative of one of the victims", "an official involved in the investigation"),
                  ("We waited three days for the truth, and now we have it.",
                   "The recorders will tell us what the crew knew, and when.")),
    "protests": (("one student", "one protester"),
                 ("We came out because we are tired of being lied to.",
                  "This is not about one country or another. It is about the truth.")),
    "analysis": (("a senior Concord diplomat", "a Western official"),
                 ("Both sides found a way out, and nobody wants to go back to the brink.",
                  "The channels stayed open even on the worst night, and that matters.")),
    "halvara_vote": (("one lawmaker who asked not to be named",),
                     ("Many of us voted yes because we had no other way to show our anger.",)),
    "assembly_vote": (("a senior aide to the speaker",),
                      ("The briefing raised more questions than it answered.",)),
    "reaction": (("a senior Concord diplomat",),
                 ("Nobody in Belcourt or Altenau was told in advance, and that has not gone unnoticed.",)),
    "accord": (("a diplomat involved in the talks",),
               ("The accord is on life support, but the patient is not dead yet.",)),
    "troops": (("a coalition officer in Merat",),
               ("Our mission has not changed, but our priorities have.",)),
    "profile": (("a former Halvaran intelligence officer",),
                ("He came and went as he pleased, and everyone knew it.",)),
}
