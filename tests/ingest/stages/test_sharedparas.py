"""Paragraph-level shared part: a wire story cut to its top paragraphs under an outlet's own lede is a
copy, a write-up that shares a quotation and a background line is not, stock paragraphs never count,
and the paragraph keys the store keeps are stable and bring edited paragraphs together.

The store-level tests run the pipeline into a real database on both backends: the copy is grouped with
its original through `GroupPlacer`, and a paragraph that several stored originals carry links nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Collection
from pathlib import Path

from sqlalchemy import Engine, select

from db.models import Article, ArticleBand
from ingest.config import EventConfig
from ingest.run.pipeline import Pipeline
from ingest.sources.files import read_path
from ingest.stages import neardup, sharedparas, sharedparts

WIRE = [
    "KESTREL BAY, Norland (AP) — Rescue crews searched collapsed warehouses along the Kestrel Bay waterfront "
    "on Tuesday after a storm surge tore through the harbour district overnight, killing at least 14 people "
    "and leaving hundreds without shelter, officials said.",
    "The surge, driven by the strongest winds the northern coast has recorded in four decades, pushed sea "
    "water more than two kilometres inland and swept fishing boats onto the coastal road.",
    "“We lost the whole street in less than ten minutes,” said Marit Olsgaard, who runs a bakery near the fish "
    "market. “There was no time to take anything.”",
    "Harbour master Tobias Lindqvist said the port would stay closed for at least a week while divers checked "
    "the quays, and that two cargo ships had broken their moorings and drifted into the channel.",
    "The regional government opened three schools as emergency shelters and asked residents of the low-lying "
    "streets to boil their water until the pumping station could be inspected.",
    "Forecasters warned that a second, weaker storm could reach the coast on Thursday, and the coast guard "
    "moved two rescue helicopters from the capital to the airfield outside the town.",
]
COPY = [
    "Families in Ashby with relatives on the Norland coast spent the night waiting for news from the harbour.",
    WIRE[0].replace("KESTREL BAY, Norland (AP) — ", "").replace("on Tuesday", "Tuesday")
    .replace("collapsed warehouses", "wrecked warehouses").replace("leaving hundreds", "leaving several hundred"),
    WIRE[1].replace("more than two kilometres", "over two kilometres").replace("strongest winds", "fiercest winds")
    .replace("swept fishing boats", "threw fishing boats"),
    WIRE[2],
    WIRE[3].replace("at least a week", "a week or more").replace("two cargo ships", "a pair of cargo ships")
    .replace("divers checked", "divers inspected"),
]
OWN = [
    "Insurers in the capital began counting the cost of the Kestrel Bay storm on Wednesday, with early "
    "estimates running to several hundred million crowns for the harbour district alone.",
    "“We lost the whole street in less than ten minutes,” said Marit Olsgaard, who runs a bakery near the fish "
    "market. “There was no time to take anything.”",
    "Brokers said claims from the fishing fleet would take months to settle because many boats were insured "
    "through small mutual societies that had never faced a loss of this size.",
    "The finance ministry said it would ask parliament for an emergency credit line next week, and the central "
    "bank promised to keep the crown stable while the insurers' bills came in from the coast.",
    "The regional government opened three schools as emergency shelters and asked residents of the low-lying "
    "streets to boil their water until the pumping station could be inspected.",
]


def _text(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs)


def test_a_cut_copy_under_its_own_lede_is_found_by_its_paragraphs_where_the_other_tests_miss_it() -> None:
    wire, copy = _text(WIRE), _text(COPY)
    assert not neardup.is_near_copy(neardup.signature(wire), neardup.signature(copy))
    assert not sharedparts.is_shared_copy(wire, copy)
    found = sharedparas.shared(wire, copy)
    assert found.paragraphs == 4 and found.share > 0.8, found  # the copy's reporter paragraphs but its lede
    assert sharedparas.is_paragraph_copy(copy, wire) and sharedparas.is_paragraph_copy(wire, copy)


def test_a_write_up_sharing_a_quotation_and_one_background_paragraph_is_not_a_copy() -> None:
    found = sharedparas.shared(_text(OWN), _text(WIRE))
    # the quotation is dropped (its attribution stays) and one background paragraph is not enough
    assert found.paragraphs == 2 and found.share < 0.3, found
    assert not sharedparas.is_paragraph_copy(_text(OWN), _text(WIRE))


def test_stock_paragraphs_count_for_no_candidate() -> None:
    copy = _text(COPY)
    assert sharedparas.best_shared(copy, [("wire", _text(WIRE))]) is not None
    everything = set(range(len(sharedparas.paragraphs(copy))))
    assert sharedparas.best_shared(copy, [("wire", _text(WIRE))], lambda found: everything) is None
    asked: list[set[int]] = []

    def common(found: Collection[int]) -> set[int]:
        asked.append(set(found))
        return set()

    assert sharedparas.best_shared(copy, [("own", _text(OWN))], common) is None
    assert asked == []  # nothing would pass even counting every paragraph: the store is not asked
    assert sharedparas.best_shared(copy, [("own", _text(OWN)), ("wire", _text(WIRE))], common) is not None
    assert asked == [{1, 2, 3, 4}]  # only the paragraphs a candidate shares are looked up (not the lede)


def test_paragraph_keys_are_stable_and_bring_edited_paragraphs_together() -> None:
    keys = sharedparas.fingerprints(_text(WIRE))
    assert len(keys) == len(sharedparas.paragraphs(_text(WIRE))) == 6
    assert all(len(k) == sharedparas.PRINT_BANDS and k[0][0] == sharedparas.PRINT_BAND for k in keys)
    assert all(band >= sharedparas.PRINT_BAND > neardup.BANDS for k in keys for band, _ in k)
    # stored keys are compared with new ones for the life of the database: a change is a migration
    assert hashlib.sha256(repr(keys).encode()).hexdigest()[:16] == "0998db792651ff68"
    edited = sharedparas.fingerprints(_text(COPY))
    assert set(keys[1]) & set(edited[2])  # "more than" → "over" still shares a key


EVENT = EventConfig(slug="storm", name="Harbour storm", start=dt.date(2024, 3, 5), terms=("Kestrel",), aliases={})


def _ingest(engine: Engine, tmp_path: Path, rows: list[tuple[str, int, str]]) -> dict[str, str | None]:
    """Run the pipeline over (url, hour, text) rows; url → url of its group's original (None: original)."""
    path = tmp_path / "rows.jsonl"
    path.write_text("".join(json.dumps({
        "url": url, "source": url.split("/")[2], "published_at": f"2024-03-05T{hour:02d}:00:00Z",
        "title": "Storm in Kestrel Bay", "text": text}) + "\n" for url, hour, text in rows), encoding="utf-8")
    report = Pipeline(engine, [EVENT], batch_size=2).run(read_path(path), "files")
    assert not report.errors
    with engine.connect() as conn:
        stored = conn.execute(select(Article.id, Article.url, Article.duplicate_of)).all()
    url = {r.id: r.url for r in stored}
    return {r.url: url.get(r.duplicate_of) for r in stored}


def test_the_store_groups_a_paragraph_copy_with_its_original(engine: Engine, tmp_path: Path) -> None:
    groups = _ingest(engine, tmp_path, [("https://wire.example/storm", 6, _text(WIRE)),
                                        ("https://ashby-post.example/storm", 9, _text(COPY)),
                                        ("https://ledger.example/insurers", 10, _text(OWN))])
    assert groups == {"https://wire.example/storm": None, "https://ashby-post.example/storm":
                      "https://wire.example/storm", "https://ledger.example/insurers": None}
    with engine.connect() as conn:  # originals keep their paragraph keys beside their bands; copies none
        keyed = conn.execute(select(Article.url).join(ArticleBand, ArticleBand.article_id == Article.id)
                             .where(ArticleBand.band >= sharedparas.PRINT_BAND).distinct()).scalars().all()
    assert sorted(keyed) == ["https://ledger.example/insurers", "https://wire.example/storm"]


OWN_STORIES = [
    ["Schools across the Fenmoor district stayed shut on Tuesday as teachers helped pack food parcels in the "
     "sports halls, and the education office said lessons would resume online from Thursday morning.",
     "Parents queued outside the town library for laptops on loan, while the bus company rerouted its school "
     "services away from the flooded ring road for the rest of the month.",
     "The district's head teacher, Ingrid Solheim, asked former pupils who now live abroad to send money "
     "rather than clothes, because the gymnasium was already full of donated coats."],
    ["Farmers on the Brindle plain counted drowned sheep and ruined hay on Tuesday, and the farmers' union "
     "warned that salt left by the surge could keep the lowest meadows barren for two seasons.",
     "Veterinary teams from the agricultural college drove tractors loaded with fodder to the cut-off farms, "
     "where owners had moved their remaining cattle onto the dykes and the old railway embankment.",
     "The union's chairman, Henrik Vold, said compensation claims would be filed together, and that the "
     "ministry had promised an answer before the spring lambing began."],
    ["Musicians in Redcliff cancelled the winter festival on Tuesday and turned the concert hall into a "
     "depot for mattresses, blankets and nappies collected from households along the western valley.",
     "The festival director, Lena Aasgaard, said ticket holders could ask for refunds or give the money to the "
     "relief fund, and that most had already chosen the fund within a few hours of the announcement.",
     "A choir that was due to open the festival recorded its programme in an empty church instead and posted "
     "it online, asking listeners to donate what they would have paid at the door."],
]


def test_a_paragraph_many_stored_originals_carry_links_nothing(engine: Engine, tmp_path: Path) -> None:
    background = [WIRE[1], WIRE[4]]  # the event's stock lines, carried by every outlet's story
    rows = [(f"https://outlet{k}.example/storm", 6 + k, _text([*story, *background]))
            for k, story in enumerate(OWN_STORIES)]
    late = _text(["Volunteers from Ashby drove blankets and bottled water to the Kestrel Bay shelters on Tuesday, "
                  "and the town council said more vans would leave before the weekend.",
                  "The council's emergency officer, Petra Lund, said the town sports centre would collect "
                  "donations every evening until the shelters were closed.", *background])
    assert not any(neardup.is_near_copy(neardup.signature(late), neardup.signature(text)) for _, _, text in rows)
    assert all(sharedparas.is_paragraph_copy(late, text) for _, _, text in rows)  # pairwise it is a copy …
    assert not any(sharedparas.is_paragraph_copy(a[2], b[2]) for a in rows for b in rows if a is not b)
    groups = _ingest(engine, tmp_path, [*rows, ("https://outlet3.example/storm", 12, late)])
    assert set(groups.values()) == {None}  # … but three stored originals carry them: stock, not a copy
