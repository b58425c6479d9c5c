"""The ingest benchmark runs end to end (its speed is its own output, never asserted here), and its
news-site pages are pages extraction can read: the article comes out whole and the furniture stays out."""

from __future__ import annotations

import json

import pytest

from bench import ingest as bench_ingest
from bench.site_pages import bare_page, site_page
from ingest.stages.documents import RawDocument
from ingest.stages.extract import extract

PARAGRAPHS = [
    "General Vahedmir was killed in a drone strike at Merat airport early on Friday, officials said.",
    "\"This was a cowardly attack and it will be answered,\" said Mira Santel, the foreign minister.",
    "Crowds gathered outside the ministry as the news spread through the capital during the morning.",
    "Oil prices rose sharply in Asian trading as investors weighed the risk of a wider conflict.",
    "Analysts said the coming days would decide whether the crisis could still be contained by talks.",
]


@pytest.mark.parametrize("style", ["site", "bare"])
def test_article_survives_extraction_and_furniture_does_not(style: str) -> None:
    title, published = "Strike kills General Vahedmir", "2020-01-03T06:00:00+00:00"
    page = site_page(title, published, PARAGRAPHS, seed=3) if style == "site" else bare_page(title, published,
                                                                                             PARAGRAPHS)
    found = extract(RawDocument(url="https://ledger.example/news/1", origin="bench", html=page))
    assert all(p in found.text for p in PARAGRAPHS)
    for furniture in ("Most read", "From around the web", "We use cookies", "All rights reserved", "Reply"):
        assert furniture not in found.text
    assert found.published_at.isoformat() == published
    if style == "site":
        assert len(page) > 20_000 and page.count("<a ") > 150


def test_benchmark_prints_the_contract_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_ingest.main(["--pages", "12", "--repeat", "1", "--style", "both", "--json"]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["style"] == "site" and result["pages"] == 12 and result["bare"]["pages"] == 12
    for figures in (result, result["bare"]):
        assert set(figures["pages_per_s"]) == {"1", "2"} and min(figures["pages_per_s"].values()) > 0
        assert figures["overhead_vs_floor"] > 0 and figures["speedup_2_vs_1"] > 0
        assert figures["floor_speedup_2_vs_1"] > 0 and figures["scaling_vs_floor"] > 0
        low, high = figures["scaling_vs_floor_range"]
        assert low <= figures["scaling_vs_floor"] <= high
