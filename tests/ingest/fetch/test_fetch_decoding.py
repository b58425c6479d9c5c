"""The fetcher against a real HTTP server on 127.0.0.1: who it says it is, what it returns, how it decodes."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from ingest.fetch.client import decode_body
from ingest.fetch.rules import sniff_encoding
from tests.conftest_web import TEST_AGENT

CP1252_PAGE = "/articles/queral-interview-cp1252.html"

def test_user_agent_is_presswatch_not_the_library_default(web, make_fetcher):
    result = make_fetcher().fetch(web.url("/echo-headers"), conditional=False)
    agent = json.loads(result.text)["user-agent"]
    assert agent == TEST_AGENT
    assert "python-httpx" not in agent


def test_result_carries_final_url_status_and_headers(web, make_fetcher):
    result = make_fetcher().fetch(web.url("/chain/2"), conditional=False)
    assert result.url == web.url("/chain/0")
    assert result.status == 200
    assert result.content == b"end of chain"
    assert result.headers["content-type"].startswith("text/plain")
    assert not result.not_modified


def test_windows_1252_page_declared_only_in_meta_is_decoded(web, make_fetcher):
    result = make_fetcher().fetch(web.url(CP1252_PAGE), conditional=False)
    assert "charset" not in result.headers["content-type"]
    assert "Tomás Quérel" in result.text
    assert "“Les fissures étaient visibles à l’œil nu,”" in result.text
    assert "\ufffd" not in result.text


def test_charset_in_http_header_wins_over_meta(web, make_fetcher):
    # The same cp1252 bytes, but the header claims UTF-8: the header wins, so bytes become U+FFFD.
    url = web.url(CP1252_PAGE + "?ctype=text/html;+charset=utf-8")
    result = make_fetcher().fetch(url, conditional=False)
    assert "\ufffd" in result.text
    header_1252 = make_fetcher().fetch(web.url(CP1252_PAGE + "?ctype=text/html;+charset=windows-1252"),
                                       conditional=False)
    assert "Quérel" in header_1252.text


def test_undeclared_windows_1252_is_detected():
    text = "The engineer Tomás Quérel said “the Marrow Bridge was failing” and Anaïs Brénot agreed."
    assert decode_body(text.encode("cp1252"), "text/html") == text


def test_latin1_label_bom_and_xml_declaration():
    assert sniff_encoding(b"caf\xe9 \x93quoted\x94", "text/html; charset=ISO-8859-1") == "cp1252"  # as browsers
    assert decode_body("“ok”".encode("cp1252"), "text/html; charset=iso-8859-1") == "“ok”"
    assert decode_body(b"\xef\xbb\xbfPort Esmer \xc3\xa9", None) == "Port Esmer é"
    xml = '<?xml version="1.0" encoding="windows-1252"?><rss>Quérel</rss>'.encode("cp1252")
    assert "Quérel" in decode_body(xml, "application/xml")


@given(st.binary(max_size=300), st.sampled_from([None, "text/html", "text/html; charset=utf-8",
                                                 "text/html; charset=bogus-charset", "text/xml"]))
def test_decode_body_never_raises(content, content_type):
    assert isinstance(decode_body(content, content_type), str)


@given(st.text(max_size=200))
def test_declared_utf8_round_trips(text):
    assert decode_body(text.encode("utf-8"), "text/html; charset=utf-8") == text.removeprefix("\ufeff")
