"""The Articles page's saved searches through AppTest on the demo corpus: saving from the page stores the
search, picking one fills the search box and the link, a link holding `saved=NAME` opens it in a new
session, a NEAR or field search narrows the tables, an unknown field is reported at its column."""

from __future__ import annotations

from sqlalchemy import select

from db.engine import make_engine
from db.models import SavedSearch
from db.reads import saved as reads_saved
from tests.pages.test_pages import EVENT, _navigation_mode, demo_url, open_app

__all__ = ["_navigation_mode", "demo_url"]  # the fixtures this module uses from test_pages


def _caption(at: object) -> str:
    return at.main.caption[0].value  # type: ignore[attr-defined,no-any-return]


def test_save_pick_and_open_a_saved_search_from_its_link(demo_url: str) -> None:
    at = open_app("articles")
    everything = _caption(at)
    at.text_input(key="q").set_value("airport NEAR/3 strike").run()
    near = _caption(at)
    assert near != everything and not near.startswith("0 ")
    at.text_input(key="save_name").set_value("airport strike").run()
    at.button(key="save_search").click().run()
    assert not at.exception and not at.error
    with make_engine(demo_url).connect() as conn:
        assert conn.execute(select(SavedSearch.name, SavedSearch.query)).all() == [("airport strike",
                                                                                    "airport NEAR/3 strike")]
    assert at.query_params["saved"] == "airport strike"
    assert at.selectbox(key="saved_pick").value == "airport strike"

    at.text_input(key="q").set_value("speaker:Marzouqi -country:Corvania").run()  # editing the box lets go of the name
    assert "saved" not in at.query_params and at.selectbox(key="saved_pick").value == ""
    speaker = _caption(at)
    assert speaker not in (everything, near) and not speaker.startswith("0 ")
    at.selectbox(key="saved_pick").set_value("airport strike").run()
    assert at.text_input(key="q").value == "airport NEAR/3 strike" and _caption(at) == near

    linked = open_app("articles", {"saved": "airport strike"})  # a shared link: no q in it
    assert linked.text_input(key="q").value == "airport NEAR/3 strike" and _caption(linked) == near
    assert linked.selectbox(key="saved_pick").value == "airport strike"


def test_unknown_saved_name_and_field_errors(demo_url: str) -> None:
    at = open_app("articles", {"saved": "no such search"})
    assert at.warning[0].value.startswith("No saved search 'no such search'")
    at.text_input(key="q").set_value("strike bogus:x").run()
    assert not at.exception
    assert at.error[0].value.startswith("Search not understood, column 8: unknown field 'bogus'")


def test_a_saved_search_replaces_its_query_and_checks_it(demo_url: str) -> None:
    eng = make_engine(demo_url)
    assert reads_saved.save(eng, EVENT, "only titles", "title:airport") is True
    assert reads_saved.save(eng, EVENT, "only titles", "title:airport") is False  # stored once
    assert reads_saved.save(eng, EVENT, "only titles", "title:strike") is False
    assert reads_saved.saved_query(eng, EVENT, "only titles") == "title:strike"
    frame = reads_saved.saved_searches(eng, EVENT)
    assert list(frame["name"]).count("only titles") == 1
