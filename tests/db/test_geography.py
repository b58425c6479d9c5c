"""Coverage by the outlets' country on both backends: country strings become ISO codes (two forms of one
country are one row), nothing is lost (the rows add up to the view's articles), what no ISO table knows
stays in the table off the map, and the rollup path (UTC days) agrees with the raw path (another zone)."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select

from db.countries import iso3
from db.engine import make_engine
from db.filters import Filters
from db.models import Article, ArticleEvent, Event, Source
from db.reads import geography
from tests.fixtures.countries import ISO, place_outlets

EVENT = "merat-airport-strike"


@pytest.mark.parametrize(("written", "code"), [
    ("US", "USA"), ("usa", "USA"), ("United States", "USA"), ("U.S.", "USA"), ("UK", "GBR"),
    ("United Kingdom", "GBR"), ("gb", "GBR"), ("Britain", "GBR"), ("Russia", "RUS"), ("Iran", "IRN"),
    ("Iran, Islamic Republic of", "IRN"), ("Turkey", "TUR"), ("Türkiye", "TUR"), ("Ivory Coast", "CIV"),
    ("UAE", "ARE"), ("DR Congo", "COD"), ("Congo", "COG"), ("  South   Korea ", "KOR"), ("Kosovo", "XKX"),
    ("Venezuela", "VEN"), ("the Netherlands", "NLD"), ("DEU", "DEU"), ("276", "DEU"),
])
def test_country_forms_become_iso_codes(written: str, code: str) -> None:
    assert iso3(written) == code


@pytest.mark.parametrize("written", ["", "   ", "Atlantis", "Corvania", "Korea", "Europe", "Middle East"])
def test_what_names_no_single_country_stays_off_the_map(written: str) -> None:
    assert iso3(written) is None


@pytest.fixture(scope="module")
def engine(demo_store: str) -> Engine:
    place_outlets(demo_store)
    return make_engine(demo_store)


def _articles_by_country(engine: Engine) -> dict[str | None, int]:
    """Articles of the event per source country, counted row by row (the expectation)."""
    stmt = (select(Source.country, func.count()).select_from(ArticleEvent)
            .join(Event, Event.id == ArticleEvent.event_id).join(Article, Article.id == ArticleEvent.article_id)
            .join(Source, Source.id == Article.source_id).where(Event.slug == EVENT).group_by(Source.country))
    with engine.connect() as conn:
        return dict(conn.execute(stmt).all())  # type: ignore[arg-type]


def test_each_country_once_with_every_form_it_is_written_in(engine: Engine) -> None:
    frame = geography.by_country(engine, Filters(event=EVENT))
    assert frame["country"].is_unique
    counted = _articles_by_country(engine)
    assert int(frame["articles"].sum()) == sum(counted.values()) > 0
    usa = frame.set_index("country").loc["USA"]
    assert set(usa["written_as"].split(" / ")) == {"US", "United States"}
    assert usa["articles"] == counted["US"] + counted["United States"]
    for written, code in ISO.items():
        if written in ("US", "United States"):
            continue
        assert frame.set_index("country").loc[code, "articles"] == counted[written]
    assert frame["share"].sum() == pytest.approx(1, abs=1e-3)
    assert list(frame["articles"]) == sorted(frame["articles"], reverse=True)


def test_unknown_and_made_up_countries_are_kept_off_the_map(engine: Engine) -> None:
    frame = geography.by_country(engine, Filters(event=EVENT)).set_index("country")
    counted = _articles_by_country(engine)
    assert frame.loc["Atlantis", "articles"] == counted["Atlantis"] and pd.isna(frame.loc["Atlantis", "iso3"])
    assert frame.loc[geography.UNKNOWN, "articles"] == counted[None]


def test_rollup_and_raw_paths_agree(engine: Engine) -> None:
    rolled = geography.by_country(engine, Filters(event=EVENT)).set_index("country")
    raw = geography.by_country(engine, Filters(event=EVENT, tz="Asia/Tokyo")).set_index("country")
    assert rolled[["articles", "originals", "sources", "quotes"]].equals(raw[["articles", "originals", "sources",
                                                                              "quotes"]].loc[rolled.index])
    assert (rolled["mean_tone"] - raw["mean_tone"].loc[rolled.index]).abs().max() < 1e-3


def test_filters_narrow_the_counts(engine: Engine) -> None:
    english = geography.by_country(engine, Filters(event=EVENT, lang="en"))
    with engine.connect() as conn:
        en = conn.execute(select(func.count()).select_from(ArticleEvent)
                          .join(Article, Article.id == ArticleEvent.article_id)
                          .where(Article.language == "en")).scalar_one()
    assert int(english["articles"].sum()) == en > 0
    one = geography.by_country(engine, Filters(event=EVENT, sources=("libertypost.example",)))
    assert list(one["country"]) == ["USA"] and one["written_as"].iloc[0] == "United States"
    assert geography.by_country(engine, Filters(event=EVENT, lang="zz")).empty
