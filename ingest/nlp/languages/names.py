"""What personal names carry whatever language the article is written in.

An English article names "Abu Mahdi al-Muhandis", "Ursula von der Leyen" and "Luiz Inácio Lula da Silva";
so does a French or a German one. These particles belong to the names, not to the text's language, so
they live here rather than in a language package, and every language's rules share them.
"""

from __future__ import annotations

from ingest.nlp.languages import word_set

# Joined to the capitalised word after them by a hyphen or an apostrophe ("al-Suwaidi", "d’Estaing").
JOINED_PREFIXES = ("al", "el", "ad", "ash", "as", "at", "az", "an", "ar", "ud", "ul", "bin", "ibn", "abu", "ben",
                   "bint", "de", "di", "da", "du", "van", "von", "d", "l", "o")
# Standing lower case between the capitalised words of one name ("Ursula von der Leyen").
PARTICLES = ("bin", "bint", "ibn", "van", "von", "de", "del", "della", "der", "den", "des", "di", "da", "das", "do",
             "dos", "du", "la", "le", "las", "los", "ter", "ten", "y", "al", "el", "af", "av", "zu")
# Words set aside when two spellings of a name are compared word by word ("al-Muhandis"/"Muhandis").
COMPARISON_PARTICLES = word_set("al el ad ash as at az bin bint ibn abu ben de del della der den des di da das do dos "
                                "du la le van von ter ten y")

# One form per letter a name is typed with in Arabic-script and Cyrillic text, applied after NFKD has
# taken hamza seats and ё's diaeresis off: Arabic yeh / alef maksura → Persian yeh, Arabic kaf →
# keheh, teh marbuta → heh, tatweel dropped, zero-width non-joiner → a word break. "سليماني" and
# "سلیمانی" are one spelling; matching them across scripts ("Soleimani") is the alias table's job.
LETTER_FORMS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ـ": None, "\u200c": " "})

# News agencies, as any language's text names them right before the person who spoke to them ("dijo a la
# AFP Óscar González", "a déclaré à l'AFP Jean Dupont", "sagte der Deutschen Presse-Agentur Anna Schmidt"):
# written without a comma between, the agency and the name read as one capitalised run. Lower case, by word.
AGENCIES = frozenset(tuple(name.split()) for name in (
    "afp", "agence france-presse", "ap", "associated press", "reuters", "efe", "europa press", "dpa",
    "deutsche presse-agentur", "deutschen presse-agentur", "ansa", "xinhua", "tass", "тасс", "риа новости",
    "интерфакс", "interfax", "anadolu", "kyodo", "yonhap", "bloomberg", "notimex", "télam", "lusa", "belga",
    "irna", "isna", "tasnim", "sputnik", "apa", "pap", "ctk", "čtk"))
AGENCY_WORDS = max(len(name) for name in AGENCIES)
