"""Spanish: the words `marked_quotes` reads «…» and “…” quotes with ("dijo X", "según X", "afirmó")."""

from __future__ import annotations

from ingest.nlp.languages import QuoteRules, ToneWords, polar_words, word_set

RULES = QuoteRules(
    code="es",
    speech_verbs=word_set(
        """dijo dice decía dicen dijeron afirmó afirma afirmaba aseguró asegura aseguraba declaró declara
        señaló señala señalaba explicó explica explicaba añadió añade añadía indicó indica indicaba
        sostuvo sostiene advirtió advierte subrayó subraya destacó destaca manifestó manifiesta expresó
        expresa apuntó apunta agregó agrega insistió insiste comentó comenta reconoció reconoce precisó
        precisa anunció anuncia denunció denuncia criticó critica respondió responde contó cuenta relató
        relata aclaró aclara recordó recuerda lamentó lamenta escribió escribe publicó concluyó concluye
        remarcó remarca enfatizó enfatiza admitió admite prometió promete pidió pide exclamó preguntó
        pregunta defendió defiende valoró valora confesó confiesa sentenció declarado dicho afirmado
        asegurado señalado explicado añadido indicado advertido subrayado destacado manifestado
        expresado apuntado agregado insistido comentado reconocido precisado anunciado denunciado
        criticado respondido contado relatado aclarado recordado lamentado escrito publicado concluido
        remarcado enfatizado admitido prometido pedido zanjado sentenciado valorado defendido confesado
        detallado detalló reiteró reiterado adelantó adelantado informó informa informaron informado""",
    ),
    according_to=("según", "de acuerdo con"),
    pronouns={"él": "m", "ella": "f", "ellos": "any", "ellas": "any"},
    titles=word_set(
        """presidente presidenta ministro ministra primer primera secretario secretaria general portavoz
        director directora alcalde alcaldesa diputado diputada senador senadora jefe jefa juez jueza
        fiscal embajador embajadora gobernador gobernadora rey reina príncipe princesa papa señor señora
        sr. sra. dr. dra. doctor doctora líder dirigente candidato candidata entrenador técnico
        vicepresidente vicepresidenta consejero consejera comisario comisaria canciller expresidente
        mandatario mandataria subsecretario subsecretaria delegado delegada regidor regidora edil
        concejal concejala titular""",
    ),
    not_names=word_set(
        """el la los las un una unos unas lo al del de y e o u pero sino aunque porque según para por con
        sin sobre tras ante desde durante en entre hacia hasta mientras cuando como si también además
        embargo así luego él ella ellos ellas nosotros usted lunes martes miércoles jueves viernes
        sábado domingo enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre
        diciembre señor señora""",
    ),
    org_words=word_set(
        """ministerio gobierno partido sindicato empresa compañía grupo agencia comisión consejo congreso
        senado tribunal juzgado fiscalía policía guardia ejército asociación federación unión banco
        instituto ayuntamiento efe psoe pp vox"""
    ),
    prepositions=word_set("de del en a al desde por para con sobre ante tras hacia entre contra sin bajo"),
    articles=word_set("la el los las"),
    indefinites=word_set("un una"),
)

TONE = ToneWords(
    negations=word_set("no sin nunca jamás ningún ninguna ninguno ni tampoco"),
    intensifiers=word_set("muy sumamente extremadamente realmente tan gravemente"),
    overrides={"bien": 1.0, "mal": -1.0, "bueno": 1.0, "buena": 1.0, "mejor": 1.0, "peor": -1.0,
               **polar_words(
                   negative="""fallecer fallecido fallecidos fallecida fallecidas falleció herido heridos herida
                   heridas lesionado lesionados desaparecido desaparecidos desaparecida desaparecidas
                   damnificado damnificados damnificada damnificadas derrumbe derrumbarse ahogado ahogados
                   ahogar calcinado calcinados incendio incendios inundación inundaciones terremoto sismo
                   funeral devastación devastado devastada""",
                   positive="""rescatar rescatado rescatados rescatada rescatadas rescate ileso ilesos ilesa
                   ilesas sobrevivir sobrevivió sobrevivieron fiesta festejo festejos título medalla medallas
                   campeonato hazaña euforia eufórico eufóricos ovacionado ovacionados vítores conquistar
                   conquistó""")},
    # routine words of news reporting the lexicon marks (the technical staff's "cuerpo", a toll that
    # "rose", "recibió"); and words for people, who are neither good nor bad news
    ignore=word_set("""ejercicio pasado cerca adelantado primera primero general pena cuerpo cuerpos elevar
        elevó ascender ascendió recibir recibió producir produjo propietario propietaria niño niños niña niñas
        mujer mujeres hombre hombres familia familias vecino vecinos población"""),
    contrasts=word_set("pero embargo"),
    diminishers=word_set("levemente ligeramente"),
    phrases={"con vida": 1.0, "perdieron la vida": -1.0, "perdió la vida": -1.0, "sin embargo": 0.0},
)
