"""Russian: the words `marked_quotes` reads «…» quotes with ("заявил X", "по словам X", "— сказал он")."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ingest.nlp.languages import QuoteRules, TermAffixes, ToneWords, polar_words, word_set

_NAME_TAGS = ("Name", "Surn", "Patr")


@lru_cache(maxsize=1)
def _morph() -> Any:
    import pymorphy3  # its dictionary takes a second to load: only when Russian text comes

    return pymorphy3.MorphAnalyzer()


def nominative(words: list[str]) -> list[str]:
    """A person's name as the text inflected it, in the nominative it is cited by: "Дмитрия Пескова" →
    "Дмитрий Песков", "Амана Тулеева" → "Аман Тулеев". The first name fixes gender and case (a
    surname alone is ambiguous: "Тулеева" is his genitive or her nominative), so only a run that opens
    with a first name pymorphy3 knows is changed, and a word in front of it that is not a name (a region
    in the genitive: "Кузбасса Амана Тулеева") is dropped. Anything else is left as written."""
    morph = _morph()
    parsed = [morph.parse(w) for w in words]
    first = next((i for i, parses in enumerate(parsed) if any("Name" in p.tag for p in parses)), None)
    if first is None or first == len(words) - 1:
        return words
    def reads_as(case: str, gender: str) -> bool:
        return all(any(any(t in p.tag for t in _NAME_TAGS) and p.tag.case == case and p.tag.gender == gender
                       for p in parses) for parses in parsed[first:])

    if any(reads_as("nomn", p.tag.gender) for p in parsed[first] if "Name" in p.tag):
        return words[first:]  # "Евгения Медведева" is her, as cited, before it is his genitive
    given = next(p for p in parsed[first] if "Name" in p.tag)
    case, gender = given.tag.case, given.tag.gender
    out = []
    for word, parses in zip(words[first:], parsed[first:], strict=True):
        match = next((p for p in parses if any(t in p.tag for t in _NAME_TAGS) and p.tag.case == case
                      and p.tag.gender == gender), None)
        form = match.inflect({"nomn"}) if match is not None else None
        if form is None:  # a word the dictionary does not read as this person's name: leave the name alone
            return words
        cited = "-".join(part.capitalize() for part in form.word.split("-"))
        out.append(cited if "ё" in word.lower() else cited.replace("ё", "е").replace("Ё", "Е"))
    return out


RULES = QuoteRules(
    code="ru",
    speech_verbs=word_set(
        """сказал сказала сказали говорит говорил говорила заявил заявила заявили заявляет отметил отметила
        отметили отмечает подчеркнул подчеркнула подчеркивает подчёркивает сообщил сообщила сообщили
        сообщает добавил добавила добавили рассказал рассказала рассказали пояснил пояснила объяснил
        объяснила уточнил уточнила заметил заметила признал признала признался призналась считает
        заверил заверила предупредил предупредила написал написала пишет ответил ответила отвечает
        призвал призвала указал указала указывает констатировал констатировала выразил выразила
        добавляет утверждает утверждал утверждала высказался высказалась процитировал цитирует заключил
        заключила резюмировал сказано заявлено уточняет поясняет рассказывает""",
    ),
    according_to=("по словам", "по мнению", "как сообщил", "как заявил", "как отметил"),
    pronouns={"он": "m", "она": "f", "они": "any"},
    titles=word_set(
        """президент премьер-министр премьер министр глава председатель спикер пресс-секретарь секретарь
        генеральный директор мэр губернатор депутат сенатор посол судья прокурор генерал полковник
        командующий лидер министра президента главы губернатора министр-председатель вице-премьер
        заместитель замминистра официальный представитель помощник тренер патриарх король королева
        вратарь нападающий защитник капитан пассажир пассажирка очевидец очевидица спортсмен спортсменка
        фигуристка фигурист футболист хоккеист""",
    ),
    not_names=word_set(
        """в во на по с со к ко о об от до из за для при про без над под и а но или что как это этот эта
        эти тот та те он она они мы вы я его её их также однако тем кроме после перед время понедельник
        вторник среда четверг пятница суббота воскресенье январь февраль март апрель май июнь июль
        август сентябрь октябрь ноябрь декабрь россии сша украины франции германии китая ирана израиля
        турции белоруссии казахстана японии индии британии европы москвы""",
    ),
    org_words=word_set(
        """министерство мид минобороны правительство кремль партия компания агентство комиссия совет дума
        госдума суд прокуратура полиция армия союз банк институт тасс риа""",
    ),
    prepositions=word_set("в во на из от с со к ко у о об по при до за под над для"),
    # a surname is written in the case its clause asks for: "по словам Дмитрия Пескова", "заявил Песков"
    name_form=nominative,
    case_endings=("ого", "его", "ому", "ему", "ой", "ей", "ом", "ем", "ым", "им", "ую", "юю", "а", "я", "у", "ю", "е",
                  "ы", "и", "ий", "ия"),
)


# Case endings of nouns and names ("Ирана", "Ираном", "Сулеймани" stays as it is).
TERM_AFFIXES = TermAffixes(suffixes=(
    "а", "я", "у", "ю", "е", "и", "ы", "ом", "ем", "ём", "ой", "ей", "ою", "ов", "ев", "ам", "ям", "ами",
    "ями", "ах", "ях", "ский", "ского", "скому", "ском", "ская", "ской", "ские", "ских",
))

TONE = ToneWords(
    negations=word_set("не ни нет без никогда ничуть"),
    scope=2,
    intensifiers=word_set("очень крайне чрезвычайно особенно весьма сильно"),
    overrides={"хорошо": 1.0, "плохо": -1.0, "лучше": 1.0, "хуже": -1.0,
               **polar_words(
                   negative="""погибнуть погибший гибель пострадать пострадавший ранить раненый траур похороны
                   завал обрушение обрушиться пожар наводнение землетрясение взрыв утонуть скончаться паника
                   трагический""",
                   positive="""спасти спасение спасённый спастись выжить выживший уцелеть чемпионство титул
                   медаль ликовать торжественный торжественно триумфальный завоевать обыграть""")},
    # routine words of news reporting the lexicon marks (bodies found, "удалось", information); words
    # for people, who are neither good nor bad news
    ignore=word_set("""тело удаться информация комплекс спортивный нападающий сторона ребёнок ребенок дети
        девушка женщина мужчина семья житель люди"""),
    contrasts=word_set("но однако зато"),
    diminishers=word_set("слегка немного легко"),
)
