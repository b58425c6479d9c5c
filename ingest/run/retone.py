"""Re-tone stored articles and their quotes whose tone was scored by another method than their
language's current one (`ingest.nlp.tone.tone_method`): articles stored before tone had a method per
language were all scored by VADER, whatever their language.

Part of `rescore`, so it runs inside its transaction and before the rollups are rebuilt from the new
tones. Only stale (language, method) groups are read, so a store that is current costs one grouped query.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import ColumnElement, Connection, and_, bindparam, func, select, update
from sqlalchemy.orm import InstrumentedAttribute

from db.models import Article, Quote
from ingest.nlp.tone import article_tone, text_tone, tone_method

CHUNK = 500


def _is(column: InstrumentedAttribute[str | None], value: str | None) -> ColumnElement[bool]:
    return column.is_(None) if value is None else column == value


def stale_groups(conn: Connection) -> list[tuple[str | None, str | None, str, int]]:
    """(language, stored method, current method, articles) for each group scored by another method."""
    rows = conn.execute(select(Article.language, Article.tone_method, func.count())
                        .group_by(Article.language, Article.tone_method)).all()
    out = []
    for language, stored, count in rows:
        current = tone_method(language)
        if stored != current:
            out.append((language, stored, current, int(count)))
    return out


def _chunks(conn: Connection, language: str | None, stored: str | None) -> Iterator[list[tuple[int, str]]]:
    where = and_(_is(Article.language, language), _is(Article.tone_method, stored))
    last = 0
    while True:
        rows = [(int(i), str(t)) for i, t in conn.execute(
            select(Article.id, Article.text).where(where, Article.id > last).order_by(Article.id).limit(CHUNK))]
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def retone(conn: Connection) -> int:
    """Score again every article (and its quotes) whose stored method is not its language's current one;
    returns how many articles were re-toned."""
    done = 0
    set_article = (update(Article).where(Article.id == bindparam("aid"))
                   .values(tone=bindparam("tone"), tone_method=bindparam("method")))
    set_quote = update(Quote).where(Quote.id == bindparam("qid")).values(tone=bindparam("tone"))
    for language, stored, current, _count in stale_groups(conn):
        for rows in _chunks(conn, language, stored):
            conn.execute(set_article.execution_options(synchronize_session=False),
                         [{"aid": aid, "tone": article_tone(body, language)[0], "method": current}
                          for aid, body in rows])
            quotes = conn.execute(select(Quote.id, Quote.text)
                                  .where(Quote.article_id.in_([aid for aid, _ in rows]))).all()
            if quotes:
                conn.execute(set_quote.execution_options(synchronize_session=False),
                             [{"qid": qid, "tone": text_tone(body, language)} for qid, body in quotes])
            done += len(rows)
    return done
