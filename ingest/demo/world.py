"""The fictional world of the demo corpus: outlets, wire agencies, people, organisations, name spellings.

Everything here is invented: the countries (Corvania, Daravand, Halvara, Marland, Valmont, Lindenmark,
Teralia), their cities, outlets and people. No real person is named or quoted. The world is fixed data
(independent of the seed) so that a corpus can be regenerated and compared byte for byte, and so
tests can check the generated text against the same tables that produced it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

EVENT_SLUG = "merat-airport-strike"
EVENT_NAME = "Corvanian drone strike kills General Arsalan Vahedmir at Merat airport"
EVENT_START = dt.date(2020, 1, 3)
DAYS = 30


@dataclass(frozen=True, slots=True)
class Outlet:
    """A news site. `bias` shifts its word choice (negative = alarmist); `translit` picks spellings."""

    domain: str
    name: str
    country: str
    language: str
    reliability: float | None
    bias: float
    curly: bool
    translit: int
    dmy: bool  # "3 January" rather than "January 3"
    utc_offset_min: int  # the offset its timestamps are written in
    weight: float  # relative output
    wire: str = ""  # agency abbreviation for wire services, "" for ordinary outlets


def _o(domain: str, name: str, country: str, lang: str, rel: float | None, bias: float, curly: bool,
       translit: int, dmy: bool, offset_h: float, weight: float, wire: str = "") -> Outlet:
    return Outlet(domain, name, country, lang, rel, bias, curly, translit, dmy, int(offset_h * 60), weight, wire)


WIRES: tuple[Outlet, ...] = (
    _o("cpa-wire.example", "Continental Press Agency", "Valmont", "en", 0.9, 0.0, False, 0, True, 0, 1, "CPA"),
    _o("beacon-wire.example", "Beacon News Service", "Corvania", "en", 0.88, 0.0, True, 1, False, 0, 1, "BNS"),
    _o("northernwire.example", "Northern Wire", "Lindenmark", "en", 0.85, 0.0, False, 2, True, 0, 1, "NW"),
)

OUTLETS: tuple[Outlet, ...] = (
    _o("northgate-herald.example", "The Northgate Herald", "Corvania", "en", 0.8, 0.3, True, 0, False, -5, 3),
    _o("corvan-ledger.example", "Corvan Daily Ledger", "Corvania", "en", 0.75, 0.1, True, 0, False, -5, 2.5),
    _o("capitol-observer.example", "The Capitol Observer", "Corvania", "en", 0.82, -0.15, True, 1, False, -5, 2),
    _o("westbridge-times.example", "Westbridge Times", "Corvania", "en", 0.7, 0.0, False, 0, False, -5, 1.5),
    _o("libertypost.example", "The Liberty Post", "Corvania", "en", 0.45, 0.45, False, 3, False, -5, 2),
    _o("corvania-citizen.example", "The Citizen", "Corvania", "en", 0.6, -0.35, True, 1, False, -5, 1.5),
    _o("harbourtimes.example", "Harbour Times", "Corvania", "en", 0.72, 0.05, False, 2, False, -5, 1),
    _o("bayside-gazette.example", "Bayside Gazette", "Corvania", "en", None, 0.25, False, 0, False, -5, 0.6),
    _o("globalaffairs-review.example", "Global Affairs Review", "Corvania", "en", 0.85, 0.15, True, 1, False,
       -5, 0.8),
    _o("merat-tribune.example", "The Merat Tribune", "Halvara", "en", 0.65, -0.3, False, 2, True, 3, 2.5),
    _o("halvara-today.example", "Halvara Today", "Halvara", "en", 0.6, -0.15, True, 2, True, 3, 2),
    _o("eastern-courier.example", "Eastern Courier", "Halvara", "en", None, -0.4, False, 3, True, 3, 1),
    _o("ormana-chronicle.example", "The Ormana Chronicle", "Halvara", "en", 0.55, -0.2, True, 3, True, 3, 1),
    _o("zendar-times.example", "Zendar Times", "Daravand", "en", 0.4, -0.55, False, 1, True, 3.5, 2),
    _o("daravand-news.example", "Daravand News Agency", "Daravand", "en", 0.3, -0.5, False, 1, True, 3.5, 2.5),
    _o("mehrvan-voice.example", "Mehrvan Voice", "Daravand", "en", None, -0.45, False, 3, True, 3.5, 0.8),
    _o("portaven-globe.example", "The Port Aven Globe", "Marland", "en", 0.85, -0.05, True, 0, True, -4, 2.5),
    _o("marland-mail.example", "Marland Mail", "Marland", "en", 0.6, -0.2, False, 0, True, -4, 1.5),
    _o("northshore-record.example", "Northshore Record", "Marland", "en", 0.7, 0.1, True, 1, True, -4, 1),
    _o("kestrel-independent.example", "Kestrel Independent", "Marland", "en", 0.78, 0.05, True, 2, True, -4,
       0.8),
    _o("courrier-belcourt.example", "Le Courrier de Belcourt", "Valmont", "fr", 0.83, 0.0, True, 2, True, 1, 2),
    _o("valmont-matin.example", "Valmont Matin", "Valmont", "fr", 0.68, -0.25, True, 2, True, 1, 1.5),
    _o("lagazette-valmont.example", "La Gazette valmontaise", "Valmont", "fr", 0.74, 0.15, True, 3, True, 1, 1),
    _o("thecontinental.example", "The Continental", "Valmont", "en", 0.8, 0.0, False, 0, True, 1, 1.2),
    _o("altenauer-zeitung.example", "Altenauer Zeitung", "Lindenmark", "de", 0.86, 0.05, True, 3, True, 1, 2),
    _o("lindenmark-rundschau.example", "Lindenmark Rundschau", "Lindenmark", "de", 0.7, -0.1, True, 3, True,
       1, 1.5),
    _o("tagesbote.example", "Der Tagesbote", "Lindenmark", "de", 0.66, 0.2, False, 3, True, 1, 1),
    _o("lindenkurier.example", "Linden-Kurier", "Lindenmark", "de", 0.62, -0.05, False, 2, True, 1, 0.7),
    _o("sorren-standard.example", "The Sorren Standard", "Teralia", "en", 0.77, 0.3, True, 0, True, 8, 2),
    _o("teralia-express.example", "Teralia Express", "Teralia", "en", 0.58, 0.2, False, 1, True, 8, 1.5),
    _o("sorren-morning.example", "Sorren Morning Post", "Teralia", "en", 0.7, 0.45, True, 0, True, 8, 1.5),
    _o("energywatch.example", "EnergyWatch", "Teralia", "en", 0.8, 0.1, False, 1, False, 8, 0.8),
    _o("metropolis-daily.example", "Metropolis Daily", "Marland", "en", 0.5, 0.35, False, 3, True, -4, 1.2),
)

ALL_SOURCES: tuple[Outlet, ...] = WIRES + OUTLETS

# A wire copy placed by an outlet gets one sentence tying the story to the outlet's readers.
LOCAL_INTROS: dict[str, tuple[str, ...]] = {
    "Corvania": (
        "Families of Corvanian service members posted abroad were following the news closely, "
        "veterans' groups in Aldergate said.",
        "The developments dominated conversation in Aldergate, where lawmakers were called back to the capital.",
        "Corvanian officials said the country's embassies in the region had been told to review their security.",
    ),
    "Halvara": (
        "In Merat, residents said the mood in the city remained tense, with more checkpoints than usual.",
        "Halvaran television channels interrupted their regular programmes to carry the latest reports.",
        "Traffic was light in central Merat, and many shops closed early.",
    ),
    "Daravand": (
        "The report was carried prominently by state media in Zendar.",
        "In Zendar, crowds gathered outside newspaper kiosks to read the latest reports.",
        "Daravandi television broadcast the news with patriotic songs and archive footage.",
    ),
    "Marland": (
        "Marland's foreign ministry said about 700 citizens were registered as living in the region.",
        "The story was being followed closely in Port Aven, home to a large community with family in the region.",
        "Marland officials said they were in contact with their allies about the situation.",
    ),
    "Valmont": (
        "Valmont's foreign ministry said it was in contact with the roughly 300 Valmontese nationals in Halvara.",
        "In Belcourt, the government convened its defence council to discuss the situation.",
        "Valmontese companies with staff in the region said they were reviewing their plans.",
    ),
    "Lindenmark": (
        "Lindenmark, which has about 120 military trainers in northern Halvara, said its soldiers were safe.",
        "The government in Altenau said it was following events with great attention.",
        "Lindenmark's largest carriers said they were reviewing routes over the region.",
    ),
    "Teralia": (
        "Teralian refiners, which buy much of their crude from the region, were watching events closely.",
        "The government in Sorren said it had no plans to evacuate its citizens for now.",
        "Shares in Sorren were among the first to react to the news.",
    ),
}


@dataclass(frozen=True, slots=True)
class Figure:
    """A speaker (person or organisation) with the spellings outlets use for the name."""

    key: str
    canonical: str
    spellings: tuple[str, ...]  # full names; an outlet uses spellings[translit % len]
    title: str  # goes before the name: "Foreign Minister"; for organisations the article ("the" or "")
    role: str  # appositive: "Daravand's foreign minister"
    role_noun: str  # second reference: "the minister"
    pronoun: str  # he / she / it
    org: bool = False
    telegram: bool = False

    def spelling(self, translit: int) -> str:
        return self.spellings[translit % len(self.spellings)]

    def surname(self, translit: int) -> str:
        return self.spelling(translit).split()[-1]

    def variants(self) -> list[str]:
        """Every way the corpus writes the name, for alias tables."""
        out: list[str] = []
        for full in self.spellings:
            names = [full] if self.org else [full, f"{self.title} {full.split()[-1]}" if self.title else ""]
            out.extend(n for n in names if n and n not in out)
        return out


def _p(key: str, spellings: str, title: str, role: str, role_noun: str, pronoun: str,
       telegram: bool = False) -> Figure:
    names = tuple(spellings.split("|"))
    return Figure(key, names[0], names, title, role, role_noun, pronoun, False, telegram)


def _org(key: str, name: str, role_noun: str, telegram: bool = False, article: str = "the") -> Figure:
    return Figure(key, name, (name,), article, "", role_noun, "it", True, telegram)


FIGURES: dict[str, Figure] = {f.key: f for f in (
    _p("whitcombe", "Harlan Whitcombe", "President", "Corvania's president", "the president", "he"),
    _p("castellane", "Miriam Castellane", "Foreign Secretary", "Corvania's foreign secretary",
       "the foreign secretary", "she"),
    _p("ardwell", "Thomas Ardwell", "Defence Secretary", "the Corvanian defence secretary",
       "the defence secretary", "he"),
    _p("kessler", "Raymond Kessler", "General", "the chairman of Corvania's joint chiefs of staff",
       "the general", "he"),
    _p("voss", "Eleanor Voss", "Speaker", "the speaker of the Corvanian Assembly", "the speaker", "she"),
    _p("nouryan", "Farhad Nouryan|Farhad Nuryan|Farhad Nourian", "President", "Daravand's president",
       "the president", "he"),
    _p("kesharzi", "Javad Kesharzi|Jawad Kesharzi|Javad Kesharzi|Javad Kesharzy", "Foreign Minister",
       "Daravand's foreign minister", "the minister", "he", telegram=True),
    _p("ghaderpour", "Esmail Ghaderpour|Ismail Ghaderpour|Esmail Qaderpour|Ismail Qaderpur",
       "Brigadier General", "the new commander of the Ardent Guard", "the commander", "he", telegram=True),
    _p("talebzadeh", "Omid Talebzadeh|Omid Talebzade", "Brigadier General",
       "a spokesman for Daravand's armed forces", "the spokesman", "he"),
    _p("sadrnia", "Kaveh Sadrnia", "", "the head of Daravand's civil aviation organisation",
       "the aviation chief", "he"),
    _p("marzouqi", "Adel Marzouqi|Adil Marzouki|Adel al-Marzouqi", "Prime Minister",
       "Halvara's caretaker prime minister", "the prime minister", "he"),
    _p("haddawi", "Karim Haddawi|Kareem Haddawi", "Speaker", "the speaker of Halvara's parliament",
       "the speaker", "he"),
    _p("zarqan", "Mustafa Zarqan|Mustafa Zarkan|Moustafa Zarqan", "",
       "a spokesman for the Popular Resistance Front", "the spokesman", "he", telegram=True),
    _p("solheim", "Ingrid Solheim", "Secretary-General", "the head of the Council of Nations",
       "the secretary-general", "she"),
    _p("verhoeven", "Lukas Verhoeven", "", "the Western Concord's foreign policy chief", "the envoy", "he"),
    _p("aubin", "Colette Aubin", "Prime Minister", "Marland's prime minister", "the prime minister", "she"),
    _p("dorosh", "Pavel Dorosh", "", "the chief executive of Marland International Airlines",
       "the airline chief", "he"),
    _p("ramanathan", "Priya Ramanathan", "", "head of oil research at Caldera Energy", "the analyst", "she"),
    _p("feld", "Marcus Feld", "", "chief economist at Harrowgate Bank", "the economist", "he"),
    _p("lindqvist", "Tobias Lindqvist", "", "a senior fellow at the Halden Institute", "the analyst", "he"),
    _p("farahani", "Leila Farahani", "", "a schoolteacher from Mehrvan", "the teacher", "she"),
    _p("kamali", "Dariush Kamali|Daryush Kamali", "", "a shopkeeper in Zendar's old bazaar",
       "the shopkeeper", "he"),
    _p("dallal", "Samir Dallal", "", "a taxi driver in Merat", "the driver", "he"),
    _p("price", "Nolan Price", "Staff Sergeant", "a Corvanian soldier stationed at Tarkhan Air Base",
       "the soldier", "he"),
    _p("lindgren", "Sophie Lindgren", "", "a nurse in Port Aven whose cousin was aboard Flight 612",
       "the nurse", "she"),
    _org("ardent_guard", "Ardent Guard", "the Guard", telegram=True),
    _org("dar_fm", "Daravandi Foreign Ministry", "the ministry"),
    _org("jocc", "Halvaran Joint Operations Command", "the command"),
    _org("corv_dod", "Corvanian Department of Defence", "the department"),
    _org("con", "Council of Nations", "the council"),
    _org("mia", "Marland International Airlines", "the airline", article=""),
    _org("pef", "Petroleum Exporters Forum", "the forum"),
    _org("prf", "Popular Resistance Front", "the group", telegram=True),
)}

# People who are talked about (not quoted) and whose names vary: the event's own protagonists.
GENERAL = Figure("vahedmir", "Arsalan Vahedmir",
                 ("Arsalan Vahedmir", "Arsalan Wahedmir", "Arslan Vahed-Mir", "Arsalaan Vahedmeer"),
                 "General", "the commander of the Ardent Guard's foreign operations", "the general", "he")
MILITIA_LEADER = Figure("qadrawi", "Salem Qadrawi",
                        ("Salem Qadrawi", "Salim Qadrawi", "Salem Kadrawi", "Salim al-Qadrawi"),
                        "", "the deputy leader of the Popular Resistance Front", "the militia leader", "he")

EVENT_TERMS: tuple[str, ...] = ("Vahedmir", "Wahedmir", "Vahed-Mir", "Vahedmeer", "Ardent Guard",
                                "Qadrawi", "Kadrawi")


def aliases() -> dict[str, list[str]]:
    """Canonical name → other spellings, for every figure whose name is written more than one way."""
    table: dict[str, list[str]] = {}
    for fig in (GENERAL, MILITIA_LEADER, *FIGURES.values()):
        if len(set(fig.spellings)) > 1:
            table[fig.canonical] = [v for v in fig.variants() if v != fig.canonical]
    table[GENERAL.canonical] += ["Gen. Vahedmir", "Major General Arsalan Vahedmir"]
    return table


REPORTER_FIRST = ("Anna", "Tomas", "Leah", "Marek", "Ines", "Oliver", "Nadia", "Samuel", "Clara", "Yusuf",
                  "Elena", "Jonah", "Farah", "Lucas", "Mira", "Daniel", "Hana", "Victor", "Rosa", "Idris")
REPORTER_LAST = ("Keller", "Ashdown", "Moreau", "Brennan", "Haddad", "Lindholm", "Okoro", "Vasquez",
                 "Petrova", "Hale", "Sandoval", "Mercer", "Quinlan", "Rahimi", "Dubois", "Fenwick", "Ito",
                 "Marsh", "Castel", "Novak", "Berger", "Tavares", "Holm", "Nasser")


def reporters(outlet_index: int) -> tuple[str, ...]:
    """Four staff names per outlet, fixed by its position so bylines are stable across seeds."""
    return tuple(
        f"{REPORTER_FIRST[(outlet_index * 7 + k * 3) % len(REPORTER_FIRST)]} "
        f"{REPORTER_LAST[(outlet_index * 5 + k * 11) % len(REPORTER_LAST)]}"
        for k in range(4)
    )
