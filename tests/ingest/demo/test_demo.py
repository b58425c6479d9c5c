"""The demo corpus: deterministic, big enough, labelled correctly, and shaped like real coverage."""

from __future__ import annotations

import csv
import datetime as dt
import html
import json
import re
import statistics
import time
import tomllib
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from ingest.demo.corpus import DemoFiles, write_demo_corpus
from ingest.demo.world import ALL_SOURCES, EVENT_START, EVENT_TERMS, GENERAL, aliases
from ingest.sources.files import row_to_document
from ingest.stages.dedupe import content_hash
from ingest.stages.extract import extract

FILES = ("articles", "truth", "config", "sources")
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(A-Z0-9])|\n\s*\n")


class Corpus:
    def __init__(self, files: DemoFiles, seconds: float) -> None:
        self.files, self.seconds = files, seconds
        self.rows = [json.loads(line) for line in files.articles.read_text(encoding="utf-8").splitlines()]
        self.truth: dict[str, Any] = json.loads(files.truth.read_text(encoding="utf-8"))
        self.labels: dict[str, dict[str, Any]] = self.truth["articles"]

    def text(self, row: dict[str, Any]) -> str:
        """Body text; for HTML rows the <p> paragraphs, as any extractor must find them."""
        if "text" in row:
            return str(row["text"])
        return "\n\n".join(html.unescape(p) for p in re.findall(r"<p>(.*?)</p>", row["html"]))

    def day(self, row: dict[str, Any]) -> int:
        when = dt.datetime.fromisoformat(row["published_at"]).astimezone(dt.UTC)
        return (when.date() - EVENT_START).days

    def on_topic(self) -> list[dict[str, Any]]:
        """Relevant rows that the pipeline keeps (exact copies are dropped)."""
        keep = [self.labels[r["url"]] for r in self.rows]
        return [r for r, label in zip(self.rows, keep, strict=True)
                if label["relevant"] and not label["exact_copy_of"]]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    started = time.perf_counter()
    files = write_demo_corpus(tmp_path_factory.mktemp("demo"))
    return Corpus(files, time.perf_counter() - started)


def _bytes(files: DemoFiles) -> list[bytes]:
    return [getattr(files, name).read_bytes() for name in FILES]


def test_same_seed_gives_identical_files_and_another_seed_differs(tmp_path: Path) -> None:
    first = write_demo_corpus(tmp_path / "a", articles=300, seed=7)
    again = write_demo_corpus(tmp_path / "b", articles=300, seed=7)
    other = write_demo_corpus(tmp_path / "c", articles=300, seed=8)
    assert _bytes(first) == _bytes(again)
    assert first.articles.read_bytes() != other.articles.read_bytes()
    assert first.event_slug == "merat-airport-strike"


def test_default_corpus_is_fast_and_big_enough(corpus: Corpus) -> None:
    assert corpus.seconds < 10
    assert len(corpus.rows) >= 2500
    assert len({r["source"] for r in corpus.rows}) >= 30
    quotes = [q for label in corpus.labels.values() for q in label["quotes"]]
    assert len(quotes) >= 500
    assert len({q["speaker"] for q in quotes if q["speaker"]}) >= 20
    assert len(corpus.truth["figures"]) >= 20


def test_rows_are_files_connector_input(corpus: Corpus) -> None:
    urls = [r["url"] for r in corpus.rows]
    assert len(set(urls)) == len(urls)
    assert set(corpus.labels) == set(urls)
    for row in corpus.rows:
        assert row["url"].startswith("https://")
        assert ("text" in row) != ("html" in row)
        assert row["title"] and row["source"] and row["language"] in {"en", "fr", "de"}
        assert dt.datetime.fromisoformat(row["published_at"]).tzinfo is not None
    texts = [r["text"] for r in corpus.rows if "text" in r]
    assert all(4 <= len(t.split("\n\n")) <= 10 for t in texts)
    assert len({r["language"] for r in corpus.rows}) >= 2
    assert len({r["published_at"][19:] for r in corpus.rows}) >= 4  # Z and several UTC offsets


def test_html_rows_are_little_pages(corpus: Corpus) -> None:
    pages = [r for r in corpus.rows if "html" in r]
    assert 0.02 <= len(pages) / len(corpus.rows) <= 0.05
    for row in pages:
        page = row["html"]
        assert page.startswith("<!DOCTYPE html><html") and page.endswith("</html>")
        assert "<title>" in page and "<article><h1>" in page and "<p>" in page


def test_every_truth_quote_is_in_its_article(corpus: Corpus) -> None:
    for row in corpus.rows:
        text = corpus.text(row)
        for quote in corpus.labels[row["url"]]["quotes"]:
            assert quote["quote"] in text, (row["url"], quote)


FORMS = {
    "colon": r"\b[A-Z][\w-]+ (?:said|told reporters|added|insisted|told a news conference)(?: on \w+)?: [\"“]",
    "quote, name said": r",[\"”] (?:[A-Z][\w.-]+ )+said\b",
    "quote, said name, role": r",[\"”] said [A-Z][\w-]+ [A-Z][\w-]+, [a-zA-Z]",
    "role name said": r"\b(?:Foreign Minister|Prime Minister|Defence Secretary|President) [A-Z]\w+ [A-Z][\w-]+ "
                      r"said,? [\"“]",
    "split": r",[\"”] [\w -]+ said\. [\"“]",
    "pronoun": r",[\"”] (?:he|she) (?:said|added|told reporters)\.|\b(?:He|She) added: [\"“]",
    "role noun": r",[\"”] the (?:minister|president|prime minister|analyst|spokesman|commander) (?:said|added)\.",
    "statement": r"\b[Aa] statement from (?:the )?[A-Z][\w ]+ said\b",
    "telegram": r"\bwrote on Telegram: [\"“]|\bIn a post on Telegram\b",
    "anonymous": r",[\"”] (?:said )?(?:a|an|one) [a-z][\w -]*(?:said|who asked not to be named)",
}


def test_every_attribution_form_is_present(corpus: Corpus) -> None:
    texts = "\n\n".join(corpus.text(r) for r in corpus.rows)
    for form, pattern in FORMS.items():
        assert len(re.findall(pattern, texts)) >= 10, form
    assert texts.count("“") > 1000 and texts.count('"') > 1000  # curly and straight quotes
    speakers = Counter(q["speaker"] for label in corpus.labels.values() for q in label["quotes"])
    assert speakers[None] >= 50  # anonymous quotes have no speaker


def test_names_vary_across_outlets_and_are_listed(corpus: Corpus) -> None:
    texts = "\n".join(corpus.text(r) for r in corpus.on_topic())
    used = [name for name in GENERAL.spellings if name in texts]
    assert len(used) >= 3
    assert set(GENERAL.spellings) - {GENERAL.canonical} <= set(aliases()[GENERAL.canonical])
    assert re.search(r"[\"”] Kesharzi said|Kesharzi said:", texts)  # surname-only second reference
    figures = corpus.truth["figures"]
    assert set(GENERAL.spellings) <= set(figures[GENERAL.canonical])


def test_volume_spikes_early_and_decays(corpus: Corpus) -> None:
    per_day = Counter(corpus.day(r) for r in corpus.on_topic())
    assert set(per_day) <= set(range(30))
    peak_day = max(per_day, key=lambda d: per_day[d])
    assert peak_day <= 2
    last_week = statistics.mean(per_day[d] for d in range(23, 30))
    assert last_week < 0.15 * per_day[peak_day]
    assert per_day[5] > per_day[4] and per_day[5] > per_day[6]  # the retaliation night
    hours = Counter(dt.datetime.fromisoformat(r["published_at"]).astimezone(dt.UTC).hour for r in corpus.rows)
    assert len(hours) == 24


def test_syndicated_copies_point_to_earlier_wire_originals(corpus: Corpus) -> None:
    when = {r["url"]: dt.datetime.fromisoformat(r["published_at"]) for r in corpus.rows}
    wires = {o.domain for o in ALL_SOURCES if o.wire}
    source = {r["url"]: r["source"] for r in corpus.rows}
    copies = [u for u, label in corpus.labels.items() if label["duplicate_of"]]
    on_topic = len(corpus.on_topic())
    assert 0.25 <= len(copies) / on_topic <= 0.30
    for url in copies:
        original = corpus.labels[url]["duplicate_of"]
        assert when[original] < when[url]
        assert source[original] in wires and source[url] not in wires
        assert corpus.labels[original]["duplicate_of"] is None


def _content(row: dict[str, str]) -> str:
    """What the pipeline compares for exact copies: the hash of the extracted text."""
    return content_hash(extract(row_to_document(row, "demo")).text)


def test_exact_copies_repeat_their_originals_text(corpus: Corpus) -> None:
    by_url = {r["url"]: r for r in corpus.rows}
    exact = [u for u, label in corpus.labels.items() if label["exact_copy_of"]]
    assert 0.015 <= len(exact) / len(corpus.rows) <= 0.025
    same_url = 0
    for url in exact:
        original = corpus.labels[url]["exact_copy_of"]
        assert _content(by_url[url]) == _content(by_url[original])
        if re.fullmatch(re.escape(original) + r"(\?utm_source=[\w=&]+|#[\w-]+)", url):
            assert {**by_url[url], "url": original} == by_url[original]
            same_url += 1
        else:  # two desks made the same edits to one wire story: the later placement repeats the earlier
            published = {u: dt.datetime.fromisoformat(by_url[u]["published_at"]) for u in (original, url)}
            assert published[original] <= published[url]
    assert same_url >= 0.9 * len(exact)


def _mentions(text: str) -> bool:
    words = [*EVENT_TERMS, *(v for vs in aliases().values() for v in vs), *aliases()]
    return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text, re.IGNORECASE) for w in words)


def test_off_topic_pieces_never_mention_the_event(corpus: Corpus) -> None:
    off = [r for r in corpus.rows if not corpus.labels[r["url"]]["relevant"]]
    assert 0.06 <= len(off) / len(corpus.rows) <= 0.10
    assert not [r["url"] for r in off if _mentions(r["title"] + "\n" + corpus.text(r))]
    assert all(re.search("|".join(EVENT_TERMS), corpus.text(r), re.IGNORECASE) for r in corpus.on_topic())


def _tone(analyzer: SentimentIntensityAnalyzer, text: str) -> float:
    sentences = [s.strip() for s in SENTENCE_END.split(text) if s.strip()]
    return statistics.mean(analyzer.polarity_scores(s)["compound"] for s in sentences)


def test_tone_differs_by_outlet_and_calms_over_time(corpus: Corpus) -> None:
    analyzer = SentimentIntensityAnalyzer()
    bias = {o.domain: o.bias for o in ALL_SOURCES}
    by_source: dict[str, list[float]] = defaultdict(list)
    by_day: dict[int, list[float]] = defaultdict(list)
    for row in corpus.on_topic():
        tone = _tone(analyzer, corpus.text(row))
        by_day[corpus.day(row)].append(tone)
        if not corpus.labels[row["url"]]["duplicate_of"]:
            by_source[row["source"]].append(tone)
    alarmist = [t for s, ts in by_source.items() if bias[s] <= -0.3 for t in ts]
    upbeat = [t for s, ts in by_source.items() if bias[s] >= 0.3 for t in ts]
    assert statistics.mean(upbeat) - statistics.mean(alarmist) > 0.08
    means = {s: statistics.mean(ts) for s, ts in by_source.items()}
    assert statistics.correlation([bias[s] for s in means], list(means.values())) > 0.5
    early = [t for d in (0, 1, 2) for t in by_day[d]]
    late = [t for d in range(20, 30) for t in by_day[d]]
    assert statistics.mean(late) - statistics.mean(early) > 0.1


def test_config_and_sources_describe_the_corpus(corpus: Corpus) -> None:
    config = tomllib.loads(corpus.files.config.read_text(encoding="utf-8"))
    (event,) = config["event"]
    assert event["slug"] == corpus.truth["event"] == corpus.files.event_slug
    assert event["start"] == EVENT_START
    assert {"Vahedmir", "Wahedmir", "Vahed-Mir", "Vahedmeer"} <= set(event["terms"])
    assert event["aliases"][GENERAL.canonical]
    assert event["source"] == [{"kind": "files", "path": "articles.jsonl"}]
    header, *rows = csv.reader(corpus.files.sources.read_text(encoding="utf-8").splitlines())
    assert header == ["domain", "name", "country", "language", "rating", "source"]
    assert {r[0] for r in rows} >= {r["source"] for r in corpus.rows}
    assert any(r[4] == "" for r in rows) and all(r[4] == "" or 0 <= float(r[4]) <= 1 for r in rows)
