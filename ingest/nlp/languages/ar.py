"""Arabic: what running text joins to an event term (quotes are read by their marks alone so far).

Arabic writes the conjunctions و and ف, the prepositions ب, ل and ك and the article ال onto the next word:
"وسليماني" (and Soleimani), "بالعراق" (in Iraq), "للحرس" (for the Guard). Letter variants (ي/ى/ی, ك/ک,
ة/ه, hamza seats, tatweel) are unified before matching, in `ingest.stages.relevance.fold`.
"""

from __future__ import annotations

from ingest.nlp.languages import TermAffixes, ToneWords, polar_words, word_set

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
    overrides=polar_words(
        negative="""قتلى قتيل مقتل مصرع حتف ضحايا ضحية جرحى جريح مصاب مصابون مصابين مفقود مفقودين حداد أنقاض
        ركام حطام انهار جثة جثث جثامين حريق حرائق فيضان فيضانات سيول زلزال انفجار مأساوي مأساة مروع إعدام""",
        positive="""إنقاذ أنقذ انقاذ ناج ناجين الناجين نجا نجاة تتويج توج المتوج لقب بطولة ميدالية ابتهاج
        ابتهاجا زغاريد أهازيج فاز حصد أحرز"""),
    # routine words of news reporting the lexicon marks (a toll that "rose"); words for people
    ignore=word_set("ارتفع ارتفاع وفقا الرسمي الشباب غالبية المحتفلين الكبير حالة الحدود رغم"),
    # "لا يزال" is "still", not a negation: "لا يزال حياً" (still alive)
    phrases={"على قيد الحياة": 1.0, "لا يزال": 0.0, "لا تزال": 0.0, "لا يزالون": 0.0, "ما زال": 0.0,
             "ما زالت": 0.0, "ما زالوا": 0.0},
    contrasts=word_set("لكن لكنّ ولكن بيد"),
)
