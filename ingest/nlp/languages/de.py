"""German: the words `marked_quotes` reads „…“ and »…« quotes with ("sagte X", "so X", "laut X")."""

from __future__ import annotations

from ingest.nlp.languages import QuoteRules, TermAffixes, ToneWords, polar_words, word_set

RULES = QuoteRules(
    code="de",
    speech_verbs=word_set(
        """sagte sagten sagt sagen gesagt erklärte erklärten erklärt betonte betonten betont sprach spricht
        meinte meint fügte fügt hinzu ergänzte ergänzt warnte warnt mahnte mahnt forderte fordert
        kritisierte kritisiert teilte teilt mit schrieb schreibt twitterte räumte räumt ein bestätigte
        bestätigt versicherte versichert kündigte kündigt an erläuterte erläutert berichtete berichtet
        antwortete antwortet entgegnete entgegnet fragte fragt rief ruft appellierte unterstrich
        unterstreicht bekräftigte bekräftigt so äußerte äußert verkündete verkündet zitiert zitierte
        beklagte beklagt lobte lobt resümierte bilanzierte bekennt bekannte äusserte äussert stellte
        stellt fest sagt's schilderte schildert beschrieb beschreibt kommentierte kommentiert gab gibt
        zu bilanziert resümiert versprach verspricht analysierte analysiert gestand gesteht""",
    ),
    according_to=("laut", "nach angaben von", "zufolge", "nach worten von"),
    pronouns={"er": "m", "sie": "f", "es": "any"},
    titles=word_set(
        """präsident präsidentin kanzler kanzlerin bundeskanzler bundeskanzlerin minister ministerin
        bundesminister bundesministerin ministerpräsident ministerpräsidentin sprecher sprecherin chef
        chefin vorsitzende vorsitzender bürgermeister bürgermeisterin oberbürgermeister abgeordnete
        abgeordneter generalsekretär generalsekretärin botschafter botschafterin richter richterin
        staatsanwalt staatsanwältin trainer trainerin herr frau dr. dr prof. prof professor professorin
        general oberst könig königin prinz papst kommissar kommissarin direktor direktorin
        geschäftsführer geschäftsführerin vorstandschef vorstandschefin parteichef parteichefin
        regierungssprecher regierungssprecherin außenminister außenministerin innenminister
        innenministerin landrat landrätin bundesrat bundesrätin bundespräsident bundespräsidentin
        gemeindepräsident gemeindepräsidentin polizeisprecher polizeisprecherin feuerwehrsprecher
        einsatzleiter einsatzleiterin gewerkschaftschef ortsbürgermeister ortsbürgermeisterin manager
        managerin kapitän kapitänin coach chefcoach clubchef sportdirektor sportdirektorin""",
    ),
    not_names=word_set(
        """der die das den dem des ein eine einer eines einem einen er sie es wir ihr ich man laut so aber
        und oder doch denn weil wenn als nach vor seit bei mit ohne für gegen über unter im am auch noch
        nun dann dort hier zudem jedoch trotzdem deshalb daher montag dienstag mittwoch donnerstag
        freitag samstag sonntag januar februar märz april mai juni juli august september oktober
        november dezember herr frau""",
    ),
    org_words=word_set(
        """ministerium regierung bundesregierung partei gewerkschaft unternehmen konzern gruppe agentur
        kommission rat gericht bundesverfassungsgericht staatsanwaltschaft polizei bundeswehr verband
        verein bank institut amt behörde dpa spd cdu csu fdp afd"""
    ),
    title_endings=("sprecher", "sprecherin", "minister", "ministerin", "kanzler", "kanzlerin", "präsident",
                   "präsidentin", "chef", "chefin", "vorsitzende", "vorsitzender", "meister", "meisterin",
                   "trainer", "trainerin", "profi", "kapitän", "coach"),  # "Schalke-Trainer", "Bayern-Profi"
    prepositions=word_set("von vom in im aus nach bei beim zu zum zur an am auf für gegen über unter durch mit"),
    articles=word_set("der die das dem den des"),
    indefinites=word_set("ein eine einer einem einen"),
    # German capitalises nouns: "der", "den", "zu" between two of them are articles and prepositions
    # ("Schleife der Ahr", "Dreyer zu Mittag"), so only the particles of names written in German text join.
    name_particles=("von der", "von dem", "van der", "van den", "von", "van", "de", "al", "el", "bin", "ibn", "di",
                    "da", "du", "la", "le"),
    dialogue=False,  # a paragraph opened by "- " is a listed summary point in German news, not speech
    capitalised_nouns=True,  # "Kanton Tessin", "Solche Ereignisse": two capitalised words, no person
)


# The genitive "-s" and plural or weak endings a name takes ("Irans", "des Iraks").
TERM_AFFIXES = TermAffixes(suffixes=("s", "es", "n", "en"))

TONE = ToneWords(
    negations=word_set("kein keine keinen keinem keiner keines nie niemals ohne weder"),
    # German puts "nicht" after the verb it negates ("sie überlebten nicht"), and before adjectives
    after_negations=word_set("nicht"),
    intensifiers=word_set("sehr äußerst extrem besonders wirklich zutiefst schwer"),
    overrides={"gut": 1.0, "schlecht": -1.0, "besser": 1.0, "schlimm": -1.0,
               **polar_words(
                   negative="""vermisst vermisste vermissten vermissen trümmer trümmern ertrinken ertrunken
                   ertrank ertranken obdachlos leiche beerdigung brand waldbrand hochwasser flut erdbeben
                   beben explosion tödlich tödliche tödlichen lebensgefährlich ausgebrannt entgleist
                   entgleiste albtraum verwüstung verwüstet hinrichtung""",
                   positive="""retten gerettet rettete retteten rettung lebend unverletzt überleben überlebt
                   überlebten medaille medaillen goldmedaille meistertitel bejubelt jubeln jubelten gefeiert
                   freudentränen erringen errang errungen""")},
    # routine words of news reporting the lexicon marks; words for people, neither good nor bad news
    ignore=word_set("""mannschaft genau regelrecht mal kind kinder frau frauen mann männer familie familien
        bewohner menschen"""),
    contrasts=word_set("aber doch jedoch allerdings trotzdem dennoch"),
    diminishers=word_set("leicht leichte leichten etwas kaum"),
    phrases={"ums leben": -1.0, "das leben": 0.0},
    compounds=True,
)
