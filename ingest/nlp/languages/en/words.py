"""English words the quote attributor reasons with.

Kept apart from the rules so a reader can see, and extend, the vocabulary without touching logic.
Everything is lower case; look-ups lower-case the token first. The lists are general English
newswire vocabulary (titles, occupations, organisation types, speech verbs), never names taken from
an evaluation set: the attributor must work on text it has never seen.
"""

from __future__ import annotations

from ingest.nlp.languages import word_set

# Verbs that introduce or close a direct quotation. Forms as written; the cue reported is the form seen.
SPEECH_VERBS = word_set(
    """said says say told tells wrote writes posted posts added adds warned warns insisted insists
    asked asks replied replies answered answers responded responds explained explains stated states
    declared declares noted notes argued argues continued continues cautioned cautions conceded concedes
    admitted admits acknowledged acknowledges announced announces claimed claims complained complains
    confirmed confirms stressed stresses urged urges recalled recalls remarked remarks observed observes
    tweeted tweets shouted shouts cried whispered whispers exclaimed exclaims boasted boasts concluded
    concludes repeated repeats testified testifies pleaded pleads protested protests promised promises
    vowed vows predicted predicts suggested suggests agreed agrees objected objects countered counters
    retorted retorts joked jokes quipped quips sighed laughed wondered wonders demanded demands
    proclaimed proclaims snapped yelled mused murmured muttered emphasised emphasized emphasises
    emphasizes reiterated reiterates recounted recounts reported reports messaged texted revealed shared
    reveals"""
)
# Words after which a quoted stretch is a name, not someone's words (the film "…", dubbed "…").
NAMING_WORDS = word_set(
    """dubbed titled entitled named nicknamed billed branded slogan motto hashtag headline headlined
    banner theme film movie book novel song album show series programme program podcast documentary
    play opera operation campaign called so-called"""
)
# Last words of news outlets' names ("CBS News’ Margaret Brennan": the outlet owns the reporter).
OUTLET_WORDS = word_set(
    """news times post journal herald tribune telegraph guardian gazette chronicle radio television tv
    network channel magazine daily press wire agency observer independent examiner courier"""
)
# Words a title leaves in lower case ("A History of the Lenn Estuary"): not counted when deciding
# whether a quoted stretch is capitalised like a title.
TITLE_SMALL_WORDS = word_set("a an and as at by for from in into of on or the to with vs")

# Titles and honorifics dropped from a person's name (compared without a final dot).
HONORIFICS = word_set(
    """mr mrs ms miss mx dr doctor prof professor sir dame lord lady madam madame mme mlle sheikh shaikh
    sheikha nana imam ayatollah rabbi rev reverend bishop archbishop cardinal pope king queen prince
    princess emir sultan haji hajji pastor father sister brother maitre master"""
)

# Office and rank words that may stand capitalised before a name ("Foreign Minister X", "Gen. X").
OFFICE_TITLES = word_set(
    """pm mp mep mla msp ceo cfo coo cto sheriff constable coroner leader whip speaker president vice
    prime minister premier chancellor secretary senator sen congressman congresswoman
    rep representative assemblyman assemblywoman councillor councilor alderman governor gov mayor deputy
    judge justice magistrate prosecutor attorney solicitor barrister advocate general gen lieutenant lt
    colonel col major maj captain capt cpt commander cdr admiral adm rear brigadier brig sergeant sgt
    corporal cpl private pte marshal commissioner inspector superintendent constable ambassador envoy
    chairman chairwoman chairperson chair director speaker spokesman spokeswoman spokesperson chief
    coach referee acting interim former ex foreign interior home health finance defence defense energy
    transport education agriculture industry trade labour labor justice environment fisheries culture
    economy economic immigration police army navy military state federal national opposition party
    supreme high presiding senior junior first second lead head executive managing"""
)

# Nouns that name a person by role, job or relation. Used to spot "district magistrate Ana X",
# "the minister said", anonymous "a senior official said", and to strip "Nurse X" to "X".
PERSON_NOUNS = word_set(
    """minister president premier chancellor secretary senator governor mayor deputy judge justice
    magistrate prosecutor attorney lawyer solicitor barrister advocate counsel general colonel captain
    commander admiral brigadier sergeant corporal lieutenant officer soldier marshal commissioner
    inspector superintendent constable policeman policewoman detective ambassador envoy diplomat consul
    chairman chairwoman chairperson chair director manager executive ceo founder owner boss president
    spokesman spokeswoman spokesperson official aide adviser advisor counsellor counselor negotiator
    mediator coach referee captain player striker goalkeeper defender midfielder winger forward athlete
    runner rider cyclist swimmer rower boxer fighter champion driver pilot sailor fisherman fishermen
    farmer grower worker labourer miner docker nurse doctor surgeon physician nephrologist paediatrician
    pediatrician midwife paramedic pharmacist dentist scientist researcher professor lecturer teacher
    headteacher principal student pupil graduate analyst economist banker trader broker investor
    shareholder entrepreneur engineer architect technician mechanic electrician builder carpenter
    plumber cleaner cook chef baker butcher shopkeeper vendor seller merchant retailer shopper customer
    passenger commuter traveller tourist resident villager neighbour neighbor citizen voter candidate
    activist campaigner protester protestor demonstrator organiser organizer unionist leader member
    councillor councilor legislator lawmaker politician deputy delegate observer monitor journalist
    reporter editor correspondent photographer writer author novelist poet historian critic artist
    actor actress singer musician director producer filmmaker dancer priest imam rabbi pastor monk nun
    witness victim survivor relative widow widower mother father son daughter brother sister husband
    wife grandmother grandfather grandson granddaughter aunt uncle cousin nephew niece friend parent
    child boy girl man woman mum mom dad teenager pensioner veteran refugee migrant patient
    informant source insider employee staffer volunteer guard warden ranger firefighter rescuer medic
    hydrologist meteorologist geologist epidemiologist virologist microbiologist biologist chemist
    physicist psychologist sociologist nephrologist surgeon centenarian elder chief head secretary
    treasurer auditor accountant consultant contractor supplier landlord tenant owner operator courier
    caretaker porter receptionist waiter waitress barber hairdresser tailor weaver potter builder
    mason welder trucker cabbie shepherd herder rancher beekeeper vintner winemaker jockey trainer
    manager umpire official clerk administrator registrar archivist librarian curator dean rector
    provost chancellor bursar scholar expert specialist strategist commentator pundit pollster
    skipper bystander passer-by onlooker shopper local motorist pedestrian homeowner angler hunter
    climber mountaineer guide sherpa crofter smallholder stevedore dockworker nanny carer caregiver
    undertaker lifeguard anaesthetist radiologist oncologist cardiologist psychiatrist
    therapist vet veterinarian zookeeper keeper composer violinist pianist painter sculptor designer
    sommelier barista bartender publican innkeeper hotelier restaurateur grocer florist jeweller
    financier tycoon magnate billionaire millionaire philanthropist donor lobbyist attache interpreter
    translator agent investigator ombudsman coroner pathologist plaintiff defendant suspect
    convict prisoner inmate detainee hostage captive kidnapper hijacker gunman attacker assailant
    militant rebel insurgent warlord sniper conscript recruit reservist cadet astronaut seaman crewman
    deckhand trawlerman boatman ferryman chauffeur stationmaster signalman bricklayer roofer joiner
    decorator gardener groundsman janitor housekeeper maid butler cashier supervisor foreman
    proprietor cofounder co-founder dealer forecaster academic archaeologist anthropologist linguist
    philosopher theologian cleric vicar mufti bishop archbishop cardinal pontiff missionary pilgrim
    worshipper preacher schoolboy schoolgirl youngster toddler retiree orphan casualty townsman herder
    nomad evacuee picket
    nominee incumbent challenger contender rival opponent ally supporter fan spectator viewer
    listener reader subscriber client consumer user visitor guest host presenter anchor columnist
    blogger influencer podcaster comedian rapper drummer guitarist choreographer screenwriter
    playwright cameraman linesman sprinter marathoner diver wrestler skier skater gymnast golfer
    medallist winner finalist debutant rookie octogenarian nonagenarian chemist broker official"""
)

# Head nouns of organisations ("the health ministry", "the Velmoran navy", "Kestrel Bank").
ORG_HEADS = word_set(
    """ministry ministries department office directorate authority authorities agency service house
    services commission committee council board bureau inspectorate regulator tribunal court courts
    government administration cabinet parliament assembly senate congress legislature presidency
    municipality prefecture governorate embassy consulate army navy police military gendarmerie guard
    forces force coastguard militia union unions association federation confederation guild alliance
    coalition league party movement front bloc network society foundation fund institute institution
    academy university college school hospital clinic centre center laboratory observatory
    company companies corporation corp firm group holdings holding bank lender insurer airline airways
    carrier railway railways line lines shipping operator utility utilities brewer brewery carmaker
    maker manufacturer producer chain retailer platform exchange consortium conglomerate club team
    charity organisation organization ngo church mission campaign initiative agency outlet newspaper
    watchdog regime junta palace secretariat trust prison observatory processor distributor exporter
    importer wholesaler refiner shipper haulier provider brand
    broadcaster channel station studio label publisher press network inc ltd plc llc sa ag gmbh co
    motors foods metals mining energy energi oil gas power airlines telecom telecoms media securities
    capital partners ventures investments industries systems technologies solutions pharma
    pharmaceuticals logistics steel cement gold solar data hotels resorts farms fc ac"""
)

# Words that make any capitalised run an organisation, wherever they stand in it ("Union", "FC").
STRONG_ORG_WORDS = word_set(
    """
    ministry authority union association federation council commission committee court agency institute
    university bank company corporation group party front alliance movement service office directorate board
    tribunal consortium foundation league society department inspectorate army navy police government
    holdings securities capital partners airways airlines railways fc united rovers wanderers athletic
    albion sc cf
    """
)

# Capitalised words that open a sentence or phrase, dropped from the front of a capitalised run.
FUNCTION_LEADS = word_set(
    """
    the a an in at on for by with from to of as after before during since until while when where if but and
    or so yet it he she they we i you his her their its our my your this that these those there here asked
    speaking according across among outside inside despite however meanwhile also only even still then later
    earlier today yesterday tomorrow tonight now once monday tuesday wednesday thursday friday saturday
    sunday what who why how which whose without within under over between against around about near into
    through along behind some many most every each both all no not
    """
)

# Titles as written ("Gen.", "Justice") and the role word they stand for ("general", "judge").
TITLE_FORMS = {"dr": "doctor", "prof": "professor", "gen": "general", "col": "colonel", "lt": "lieutenant",
               "sgt": "sergeant", "capt": "captain", "cpt": "captain", "adm": "admiral", "gov": "governor",
               "sen": "senator", "rep": "representative", "justice": "judge", "maj": "major", "pm": "prime minister",
               # religious honorifics: dropped from the name, but "the cleric" later points back to them
               "ayatollah": "cleric", "imam": "cleric", "mufti": "cleric", "rabbi": "rabbi", "rev": "cleric",
               "reverend": "cleric", "pastor": "pastor", "bishop": "bishop", "archbishop": "archbishop",
               "cardinal": "cardinal", "pope": "pontiff"}

# Organisation heads that a bare "the company" / "the group" may stand for: any business.
BUSINESS_HEADS = word_set(
    """company firm group business corporation maker manufacturer producer carmaker brewer lender bank
    insurer airline carrier operator platform retailer chain miner utility conglomerate supplier
    developer startup processor distributor exporter importer wholesaler refiner shipper haulier provider
    brand"""
)

# News nouns that, standing alone in a capitalised run ("General Election", "the Invasion"), are never
# a person, whatever title stands before them.
NEWS_NOUNS = word_set(
    """election elections referendum government parliament assembly congress ministry military army navy
    police court council committee war invasion attack attacks crisis pandemic wildfire wildfires
    earthquake hurricane flood floods explosion collapse bankruptcy economy inflation budget poll polls
    campaign results ceasefire sanctions"""
)

# Single capitalised words that are never a name by themselves (sentence-initial function words,
# days, months, generic capitalised nouns).
NON_NAMES = word_set(
    """the a an in at on for by with from to of as after before during since until while when where
    if but and or so yet it he she they we i you his her their its our my your this that these those
    there here some many most few all both each every no not nobody none one two three four five six
    seven eight nine ten asked speaking according across among outside inside despite however
    meanwhile also only even still then later earlier today yesterday tomorrow tonight now once
    monday tuesday wednesday thursday friday saturday sunday january february march april june july
    august september october november december what who why how which whose whom without within under
    over between against around about near into through throughout along beyond behind above below
    instead unlike like than just almost nearly about another other others such more less last next
    first second third former latter new old prime deputy acting interim chief senior junior state
    national federal regional local central northern southern eastern western north south east west
    mr mrs ms dr prof gen col lt sgt capt cpt adm brig maj sen rep gov st mt jr sr yes no ok okay
    shares prices officials police residents witnesses analysts investors critics supporters
    protesters doctors nurses teachers parents families farmers workers drivers prosecutors judges
    lawyers ministers voters students passengers commuters authorities rescuers engineers experts
    scientists researchers economists traders survivors villagers fans players leaders members"""
)

# Words after which a capitalised sequence is a place, date or object rather than a subject.
PREPOSITIONS = word_set(
    """in at on from to into onto near outside inside across through throughout over under of for
    by with without against toward towards around about between among behind beyond along via per
    during since until after before than like unlike despite within upon off past following including
    beside besides alongside"""
)

RELATIVES = word_set("who whom whose which that where when while")

# Determiners opening an anonymous noun phrase ("a senior official", "one farmer").
INDEFINITES = word_set("a an one another some several two three four five")

POSSESSIVE_PRONOUNS = word_set("his her their its our my your")

SUBJECT_PRONOUNS = {"he": "m", "she": "f", "it": "org", "they": "any"}

FEMALE_WORDS = word_set(
    """she her hers herself woman women girl mother mum mom widow wife daughter sister grandmother aunt
    niece chairwoman spokeswoman businesswoman congresswoman policewoman actress waitress queen princess
    lady dame madam madame mrs ms miss mme mlle sheikha"""
)
MALE_WORDS = word_set(
    """he him his himself man men boy father dad widower husband son brother grandfather uncle nephew
    chairman spokesman businessman congressman policeman king prince lord sir mr fisherman"""
)

# Adverbs that may stand between a subject and its speech verb ("Tavakoli later said").
ADVERBS = word_set(
    """later also then only again previously earlier once simply quickly calmly quietly firmly
    flatly bluntly repeatedly separately afterwards subsequently recently today yesterday tonight
    finally briefly angrily"""
)

# Lead-ins that make the real subject the phrase after them ("A statement from the union said").
STATEMENT_LEADS = (
    "a statement from",
    "a statement by",
    "the statement from",
    "a statement issued by",
    "a letter from",
    "a message from",
    "a post from",
    "a post by",
    "in a statement,",
)

# Role heads that, unmatched by a named person, most likely mean an unnamed source.
ANONYMOUS_HEADS = word_set(
    """official officials source sources spokesperson spokesman spokeswoman resident residents witness
    diplomat observer officer insider aide employee worker driver informant analyst member person
    man woman people""",
)

ABBREVIATIONS = word_set(
    """mr mrs ms dr prof gen col lt sgt capt cpt adm brig maj sen rep gov st mt jr sr rev fr no nos vs
    etc inc ltd co corp dept est approx fig jan feb mar apr jun jul aug sep sept oct nov dec"""
)

# Documents that speak for their issuer: "the statement said"; also what "read" can have as its
# subject when it means "said" ("a statement from X read").
DOCUMENT_HEADS = word_set(
    """statement statements letter report ruling judgment judgement message post communique communiqué memo
    notice release bulletin filing decision verdict note document tweet text announcement declaration decree"""
)

# Articles: a name's lead may hold them and nothing else ("the Governor", "a Sabrian official").
ARTICLES = word_set("the a an")
# The article that makes a role phrase point back to someone named before ("the minister said").
DEFINITE_ARTICLE = "the"
# The conjunction that may follow a subject's name ("Ruiz and her lawyer said").
AND_WORDS = word_set("and")

# Verbs that speak only for a document ("a statement from X read", "read a letter from X").
READ_VERBS = word_set("read reads")
# "“…,” it read.": a pronoun standing for the document (a statement, a letter) named before
DOCUMENT_PRONOUNS = word_set("it")
# "asked" before one of these words is a question put to someone ("asked not to be named", "asked
# whether …"), not a speech verb.
ASK_VERBS = word_set("asked asks")
# Verbs that speak with "back" after them: "“…,” Tapper pushed back.", "she shot back", "hit back"
BACK_VERBS = word_set("pushed pushes shot shoots fired fires hit hits wrote writes talked")
ASK_COMPLEMENTS = word_set("not to about for if whether how why what")
# Participles that open an aside within a subject phrase (", speaking at a rally,", ", adding that …").
ASIDE_PARTICIPLES = word_set("speaking adding pointing reading")
# Endings of a capitalised participle that opens an adverbial ("Speaking to reporters,", "Asked …,").
PARTICIPLE_ENDINGS = ("ing", "ed")
# The plural ending of a role noun ("officials said": an unnamed "official").
PLURAL_ENDING = "s"
# The possessive endings of a word ("Zembara's", "Zembara’s"), stripped to compare its stem.
POSSESSIVE_ENDINGS = ("'s", "’s")
# Words that attribute a quote as a speech verb does, without being one ("according to X").
ATTRIBUTING_WORDS = word_set("according")
# Abbreviations that take a dot only before a number ("No. 5"; "voted no." ends its sentence).
NUMBER_ABBREVIATIONS = word_set("no nos")
# The cue reported for "X quoted Y as saying: …".
QUOTED_CUE = "quoted"

# Abbreviated titles written with a dot before a name ("Dr. Ana Ruiz", "Gen. Ray"): one token of a name run.
TITLE_ABBREVIATIONS = ("Dr", "Mr", "Mrs", "Ms", "Mx", "Gen", "Col", "Lt", "Sgt", "Capt", "Cpt", "Prof", "Rev", "Sen",
                       "Rep", "Gov", "Maj", "Brig", "Adm", "Cdr", "St", "Fr", "Jr", "Sr")
# Words that join two capitalised runs into one organisation name ("Union" + "of" + "Journalists").
ORG_CONNECTORS = ("of the", "of", "for", "for the", "and", "&", "on", "de", "du", "des", "de la", "del")
# Words an acronym skips when it spells an organisation's initials ("Bureau of Flight Safety" → BFS).
ACRONYM_SKIPPED = word_set("of the and for on &")
# Lower-case words that may stand inside an organisation's name ("Ministry of the Interior").
ORG_NAME_SMALL_WORDS = word_set("of the and for on de du des la del &")
# Words that refer back to an organisation without naming its kind ("the club", "the body").
GENERIC_ORG_WORDS = word_set("club team side organisation organization body outlet")
# Numbers spelled out: a number opening a sentence is not part of the name after it ("Twenty-four NTSB …").
NUMBER_WORDS = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty",
    "sixty", "seventy", "eighty", "ninety", "hundred", "hundreds", "thousand", "thousands", "dozens", "several",
)  # fmt: skip
# Verbs that carry on the quote before ("“…” He added: “…”"): its speaker, when the subject is a pronoun.
CONTINUING_VERBS = word_set("added adds continued continues went")
# Pronouns and possessives that point back to a person of a gender or to an organisation.
PRONOUN_GENDERS = {"he": "m", "his": "m", "himself": "m", "she": "f", "hers": "f", "herself": "f",
                   "it": "org", "its": "org"}

# Titles figure names lose when names are compared across articles ("Gen. Qassem Soleimani"), multi-word first.
MULTIWORD_TITLES = (
    "secretary of defense", "secretary of defence", "secretary of state", "secretary general",
    "secretary-general", "prime minister", "deputy prime minister", "vice president", "supreme leader",
    "foreign minister", "defence minister", "defense minister", "interior minister", "finance minister",
    "health minister", "major general", "brigadier general", "lieutenant general", "rear admiral",
    "vice admiral", "chief executive", "attorney general", "chief justice", "crown prince",
)  # fmt: skip
NAME_TITLES = word_set(
    """
    mr mrs ms miss mx dr doctor prof professor sir dame lord lady madam sheikh shaikh sheikha nana imam
    ayatollah rabbi rev reverend bishop cardinal king queen prince princess emir sultan president premier
    chancellor minister secretary senator sen rep representative congressman congresswoman governor gov
    mayor deputy judge justice magistrate prosecutor general gen lieutenant lt colonel col major maj captain
    capt commander cdr admiral adm brigadier brig sergeant sgt marshal commissioner ambassador envoy
    chairman chairwoman chair spokesman spokeswoman ceo coach hajji haji
    """
)
# Generational suffixes: "Donald Trump" and "Donald Trump Jr." are two people.
NAME_SUFFIXES = word_set("jr sr ii iii iv v")
# Words that end a lower-case role phrase read backwards from a name ("the club's coach …").
ROLE_PHRASE_BREAKS = word_set("the a an and that said told")
# Endings of nationality adjectives ("Sabrian", "Ketharan", "Darzani", "Maltese", "Irish"), and the ones
# that mark an adjective even when the country is never named.
DEMONYM_ENDINGS = ("ian", "an", "ese", "i", "n", "ish")
STRONG_DEMONYM_ENDINGS = ("ian", "ese", "ish")
PAST_ENDING = "ed"
# A person noun by its ending, at the start of a sentence ("Economist Ana Ruiz", "Scientist …").
PERSON_NOUN_ENDINGS = ("ist",)
# Honorifics that also say what the person does ("Dr.", "Prof."): kept as a role.
ACADEMIC_TITLES = word_set("dr prof professor doctor")
# Words between an organisation head and its subject ("Bureau of …", "Centre for …", "Committee on …").
ORG_LINK_WORDS = word_set("of for on")
# Verbs that may follow a subject directly ("the Kremlin has …", "the Pentagon will …"): after "the" and a
# name, any other lower-case word makes the name a modifier ("the Binance deal", "the Trump administration").
AUXILIARIES = word_set("has had have is was are were will would could should may might must can cannot does did do")
# Speech verbs as participles, which hang on the subject of another clause ("…, telling voters:").
SPEECH_PARTICIPLES = word_set(
    """saying telling stating adding warning insisting writing declaring noting explaining asking arguing
    claiming urging vowing announcing replying shouting screaming yelling"""
)
# Verbs of an outlet passing on what someone else said ("…,” CNN reported.").
RELAY_VERBS = word_set("reported reports")
# Verbs that take another verb after them, between a subject and its speech verb ("her son kept saying").
CATENATIVES = word_set("kept keeps began begins started starts continued went goes tried")
# Party labels written before a name like a title ("Conservative Giles Watling", "Democrat Joe Manchin"):
# not part of it. "Green" and "Reform" are surnames too, so they are not listed.
PARTY_WORDS = word_set("conservative conservatives tory labour democrat democratic republican liberal socialist")
