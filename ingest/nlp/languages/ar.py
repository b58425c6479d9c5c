"""Arabic: what running text joins to an event term (quotes are read by their marks alone so far).

Arabic writes the conjunctions و and ف, the prepositions ب, ل and ك and the article ال onto the next word:
"وسليماني" (and Soleimani), "بالعراق" (in Iraq), "للحرس" (for the Guard). Letter variants (ي/ى/ی, ك/ک,
ة/ه, hamza seats, tatweel) are unified before matching, in `ingest.stages.relevance.fold`.
"""

from __future__ import annotations

from ingest.nlp.languages import TermAffixes, ToneWords, word_set

_CLITICS = ("و", "ف", "ب", "ل", "ک")  # folded: ك is written ک after `fold`
TERM_AFFIXES = TermAffixes(
    prefixes=(*_CLITICS, "ال", "لل", *(c + "ال" for c in _CLITICS), *(a + b for a in "وف" for b in "بلک")),
)

# the conjunctions, prepositions and the article Arabic writes onto a word, longest first
_PREFIXES = ("وبال", "وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "س")
TONE = ToneWords(
    negations=word_set("لا لم لن ليس ليست غير بدون دون ما عدم"),
    intensifiers=word_set("جدا للغاية شديد شديدة بشدة"),
    prefixes=_PREFIXES,
    suffixes=("ها", "هم", "هما", "ون", "ين", "ات", "ة", "ه"),
)
