"""Persian: what running text joins to an event term (quotes are read by their marks alone so far).

Persian keeps most suffixes apart with a zero-width non-joiner ("سلیمانی‌ها"), which `fold` turns into a
space, so the name matches as a word; "را" is written apart. What is joined is the preposition "ب" in
informal spelling and the indefinite/ezafe "ی" after a final vowel ("سلیمانیِ" loses its mark in `fold`).
Arabic and Persian letter forms (ي/ی, ك/ک) are unified before matching.
"""

from __future__ import annotations

from ingest.nlp.languages import TermAffixes, ToneWords, polar_words, word_set

TERM_AFFIXES = TermAffixes(prefixes=("ب",), suffixes=("ی", "ای"))

TONE = ToneWords(
    negations=word_set("نه بدون هیچ بی غیر"),
    intensifiers=word_set("بسیار خیلی شدیدا کاملا"),
    # verbs carry their negation as a prefix: "نمی‌کشند", "نکرد"
    negating_prefixes=("نمی", "ن"),
    # the verb ends the clause, so a negated verb or copula negates the words before it: "شاد نیستند"
    after_negations=word_set("نیست نیستند نبود نبودند نشد نشدند نکرد نکردند ندارد ندارند نداشت نداشتند"),
    prefixes=("می", "بی", "ب"),
    suffixes=("های", "ها", "ان", "ترین", "تر", "ی", "ای"),
    overrides=polar_words(
        negative="""جانباخته جانباختگان جانباختن کشته‌شدگان کشتهشدگان مجروح مجروحان مصدوم مصدومان مصدومیت فوت
        فوتی اجساد جسد زلزله زمین‌لرزه زمینلرزه آتش‌سوزی آتشسوزی سیلاب حادثه غم‌انگیز غمانگیز سوگ عزا تشییع
        انفجار تلفات فاجعه اعدام بستری""",
        positive="""نجات نجات‌یافته زنده مدال قهرمانی پیروزی درخشان افتخارآفرینی کسب"""),
    # "جان" is life, but news writes it in "جان باختند" (died) and "جان سالم" (survived): the phrases
    # read it; alone it is left out, as are routine words the lexicon marks ("قانونی" of the coroner)
    ignore=word_set("جان نقل قانونی سازمان بیشترین رقابت رقابتها رقبای قرار درمانی تداوم"),
    contrasts=word_set("اما ولی ولیکن"),
    diminishers=word_set("کمی اندکی جزئی"),
    phrases={"از دست داد*": -1.0, "از دست رفت*": -1.0, "جان باخت*": -1.0, "جان سالم": 1.0,
             "جان خود را از دست": -1.0, "امداد و نجات": 0.0},  # the relief service's name
)
