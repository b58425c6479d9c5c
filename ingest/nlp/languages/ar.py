"""Arabic: what running text joins to an event term (quotes are read by their marks alone so far).

Arabic writes the conjunctions و and ف, the prepositions ب, ل and ك and the article ال onto the next word:
"وسليماني" (and Soleimani), "بالعراق" (in Iraq), "للحرس" (for the Guard). Letter variants (ي/ى/ی, ك/ک,
ة/ه, hamza seats, tatweel) are unified before matching, in `ingest.stages.relevance.fold`.
"""

from __future__ import annotations

from ingest.nlp.languages import TermAffixes

_CLITICS = ("و", "ف", "ب", "ل", "ک")  # folded: ك is written ک after `fold`
TERM_AFFIXES = TermAffixes(
    prefixes=(*_CLITICS, "ال", "لل", *(c + "ال" for c in _CLITICS), *(a + b for a in "وف" for b in "بلک")),
)
