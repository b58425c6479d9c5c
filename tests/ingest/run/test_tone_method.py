"""The pipeline stores what scored each article's tone, and `rescore` re-tones articles scored by an
older method (stores from before 0013 scored every language with VADER), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine, select, update

from db.models import Article, DailyCoverage, Quote
from ingest.config import Settings
from ingest.nlp.tone import analyzer, article_tone
from ingest.run.pipeline import Pipeline
from ingest.run.rescore import rescore
from ingest.sources.files import read_path
from tests.db.test_store_queries import EVENT

ROWS = [
    {"url": "https://a.example/fr", "source": "a.example", "published_at": "2020-01-03T08:00:00Z",
     "title": "Varos : la catastrophe au port",
     "text": "La mort du général Varos a provoqué la colère et la peur dans tout le pays.\n\n"
             "« C'est une tragédie terrible et un crime odieux », a déclaré Mira Santel vendredi."},
    {"url": "https://b.example/en", "source": "b.example", "published_at": "2020-01-03T09:00:00Z",
     "title": "Varos killed in strike",
     "text": "General Varos was killed in a strike on Friday, and crowds mourned in the capital.\n\n"
             "\"This is a terrible crime,\" said Mira Santel, the foreign minister."},
]


def _ingest(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in ROWS) + "\n", encoding="utf-8")
    Pipeline(engine, [EVENT]).run(read_path(path), "files")


def _stored(engine: Engine) -> dict[str, tuple[str | None, str | None, float | None, list[float | None]]]:
    with engine.connect() as conn:
        articles = conn.execute(select(Article.id, Article.url, Article.language, Article.tone_method,
                                       Article.tone)).all()
        quotes = conn.execute(select(Quote.article_id, Quote.tone).order_by(Quote.id)).all()
    return {url: (language, method, tone, [t for a, t in quotes if a == aid])
            for aid, url, language, method, tone in articles}


def test_each_article_stores_its_method_and_its_quotes_share_it(engine: Engine, tmp_path: Path) -> None:
    _ingest(engine, tmp_path)
    stored = _stored(engine)
    language, method, tone, quotes = stored["https://a.example/fr"]
    assert (language, method) == ("fr", "lexicon:fr")
    assert tone is not None and tone < 0 and quotes and all(q is not None and q < 0 for q in quotes)
    assert tone == article_tone(ROWS[0]["text"], "fr")[0]
    language, method, tone, quotes = stored["https://b.example/en"]
    assert (language, method) == ("en", "vader")
    assert tone == article_tone(ROWS[1]["text"])[0]  # English: VADER as before
    assert quotes == [analyzer().polarity_scores("This is a terrible crime,")["compound"]]


def test_rescore_retones_articles_scored_by_an_older_method(engine: Engine, tmp_path: Path) -> None:
    _ingest(engine, tmp_path)
    before = _stored(engine)
    vader = {url: article_tone(r["text"])[0] for url, r in zip(before, ROWS, strict=True)}
    with engine.begin() as conn:  # what a store from before 0013 holds: VADER on every language
        for url, tone in vader.items():
            conn.execute(update(Article).where(Article.url == url).values(tone=tone, tone_method="vader"))
        french = conn.execute(select(Article.id).where(Article.language == "fr")).scalar_one()
        conn.execute(update(Quote).where(Quote.article_id == french).values(tone=0.0))
    settings = Settings(database_url=str(engine.url), config_path=tmp_path / "monitor.toml", events=(EVENT,))
    message = rescore(engine, settings, [EVENT])
    assert "1 articles re-toned" in message
    assert _stored(engine) == before  # the French article is back on its lexicon; English untouched
    with engine.connect() as conn:
        tone_sum = conn.execute(select(DailyCoverage.tone_sum).join(Article, Article.source_id ==
                                                                     DailyCoverage.source_id)
                                .where(Article.language == "fr")).scalar_one()
    assert tone_sum == before["https://a.example/fr"][2]  # rollups rebuilt from the new tone
    assert "re-toned" not in rescore(engine, settings, [EVENT])  # a current store re-tones nothing
