"""French: the words `marked_quotes` reads « … » quotes with ("a déclaré X", "selon X", "a-t-il dit")."""

from __future__ import annotations

from ingest.nlp.languages import QuoteRules, ToneWords, polar_words, word_set

RULES = QuoteRules(
    code="fr",
    speech_verbs=word_set(
        """dit dire dis disait disent déclaré déclare déclarait déclarent affirmé affirme affirmait
        affirment ajouté ajoute ajoutait ajoutent expliqué explique expliquait expliquent estimé estime
        estimait souligné souligne soulignait indiqué indique indiquait assuré assure assurait précisé
        précise précisait insisté insiste lancé lance lançait annoncé annonce annonçait confié confie
        raconté raconte répondu répond répondait réagi réagit dénoncé dénonce dénonçait martelé martèle
        prévenu prévient averti avertit rappelé rappelle rappelait reconnu reconnaît reconnaissait jugé
        juge jugeait promis promet écrit écrivait tweeté publié poursuivi poursuit poursuivait conclu
        conclut commenté commente admis admet regretté regrette déploré déplore salué salue confirmé
        confirme démenti dément nié nie fustigé fustige interrogé demandé demande demandait observé
        observe noté note notait relevé relève témoigné témoigne s'est exclamé glissé glisse répété
        répète plaidé plaide argué soutenu soutient soutenait ironisé ironise attaque attaqué s'indigne
        indigne défend défendu tonne tonné lâche lâché résume résumé souffle soufflé évoque évoqué
        interpelle interpellé alerte alerté signale signalé confiait détaille détaillé""",
    ),
    according_to=("selon", "d'après", "d’après", "aux yeux de"),
    pronouns={"il": "m", "elle": "f", "ils": "any", "elles": "any", "t-il": "m", "t-elle": "f", "-il": "m",
              "-elle": "f"},
    titles=word_set(
        """président présidente ministre premier première secrétaire général générale porte-parole
        directeur directrice maire député députée sénateur sénatrice chef cheffe juge procureur
        procureure ambassadeur ambassadrice commissaire gouverneur roi reine prince princesse pape
        monsieur madame m. mme dr docteur professeur avocat avocate maître me patron patronne président-
        directeur pdg chancelier chancelière lieutenant colonel capitaine commandant sergent adjoint
        adjointe vice-président ministre-président représentant représentante entraîneur sélectionneur
        conseiller conseillère leader dirigeant dirigeante opposant opposante candidat candidate l'ex-
        président ex-président préfet préfète sous-préfet recteur évêque archevêque médecin chirurgien
        président-fondateur d'état d'état-major fondateur fondatrice""",
    ),
    not_names=word_set(
        """le la les l' un une des du de d' au aux ce cet cette ces il elle ils elles on nous vous je selon
        d'après mais et ou donc or ni car pour par sur dans avec sans sous après avant depuis pendant
        lors alors ainsi aussi cependant pourtant toutefois enfin puis quand si lundi mardi mercredi
        jeudi vendredi samedi dimanche janvier février mars avril mai juin juillet août septembre
        octobre novembre décembre m. mme monsieur madame""",
    ),
    org_words=word_set(
        """ministère gouvernement parti syndicat entreprise société groupe agence commission conseil
        assemblée sénat tribunal cour parquet préfecture mairie police gendarmerie armée association
        fédération union banque office institut élysée matignon afp"""
    ),
    prepositions=word_set("""de d' d’ du des à au aux en dans sur pour par vers chez depuis devant derrière sous entre
        contre avec sans"""),
    articles=word_set("l' l’ la le les"),
    indefinites=word_set("un une"),
)

TONE = ToneWords(
    negations=word_set("ne n sans jamais aucun aucune ni nul nulle"),
    intensifiers=word_set("très trop extrêmement particulièrement vraiment profondément si tellement"),
    # tone words the function-word list holds; lexicon entries that are only news routine
    overrides={"bien": 1.0, "mal": -1.0, "bon": 1.0, "bonne": 1.0, "meilleur": 1.0, "pire": -1.0,
               **polar_words(
                   negative="""décès disparu disparus disparue disparues drame effondrer effondré effondrée
                   effondrés effondrées effondrement décombres gravats ruine ruines sinistré sinistrés sinistrées
                   noyer noyé noyés noyade péri périr cadavre cadavres funérailles obsèques séisme inondation
                   inondations crue crues meurtrier meurtrière meurtriers meurtrières tuer explosion""",
                   positive="""sauver sauvé sauvés sauvée sauvées sauvetage secourir secouru secourus secourue
                   rescapé indemne indemnes vivant vivants vivante vivantes liesse médaille médailles sacrer
                   sacré sacrés sacrée remporter remporté remportée euphorie acclamer acclamé ovationner
                   héros miraculé miraculée décrocher décroché décrochée conquérir conquis""")},
    # routine words of news reporting that the lexicon marks: the rescue services, the authorities,
    # "notamment", a toll "rising"; and words for people, who are neither good nor bad news
    ignore=word_set("""faire devenu situation part cache seule seul charge feu feux puits sentir secours
        autorités autorité notamment attester humain humains enfant enfants femme femmes homme hommes
        famille familles habitant habitants population foule"""),
    contrasts=word_set("mais cependant pourtant toutefois néanmoins"),
    diminishers=word_set("légèrement peu"),
    phrases={"trouvé la mort": -1.0, "trouvent la mort": -1.0, "trouver la mort": -1.0, "perdu la vie": -1.0,
             "perdent la vie": -1.0, "sain et sauf": 1.0, "saine et sauve": 1.0, "sains et saufs": 1.0},
)
