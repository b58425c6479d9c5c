"""Source scores: each part 0…1 with a definition a user can check by hand, plus a weighted composite.

Pure functions over per-source aggregates the pipeline gathers in SQL (`SourceStats`); nothing here reads
the store. The parts, for one source over the scored period:

- originality    = originals / articles — the share of its articles that are not syndicated copies
                   (`duplicate_of` empty). 0 when it has no articles.
- timeliness     = 0.5 ** (median delay / `half_life_h`), where a delay is how many hours after a story's
                   first appearance (or the event start) this source ran it, negative delays (clock skew)
                   counted as 0. 1.0 = it was first on its typical story; with the default 6-hour half-life a
                   median delay of 6 h gives 0.5 and 24 h gives 0.06. The median, so one late feature piece
                   does not sink a fast outlet. 0 when there are no delays to judge.
- quote_richness = attributed quotes per article / the same for the most quote-rich source in the same
                   scoring call, so that source is 1.0. Relative, like volume share, because what counts
                   as many quotes depends on the coverage: a fixed cap reads 1.0 for every outlet of a
                   quote-heavy story and tells the analyst nothing.
- volume_share   = articles / articles of the busiest source in the same scoring call, so the busiest
                   source is 1.0. Relative to the maximum rather than a share of the total, because a
                   share of the total shrinks towards 0 for everyone as sources are added and would make
                   the part meaningless in the composite.
- reliability    = the rating the user imported (`load_reliability_csv`), or None when there is none.

composite = Σ weightᵢ·partᵢ / Σ weightᵢ over the parts that are available: a source without a reliability
rating is scored on the other four with their weights renormalised, so it is neither punished nor helped
by the missing rating. When no weighted part is available the composite is 0.0.
"""

from __future__ import annotations

import csv
import math
import statistics
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ingest.stages.dedupe import normalise_domain

PARTS = ("originality", "timeliness", "quote_richness", "volume_share", "reliability")
DEFAULT_WEIGHTS: Mapping[str, float] = {
    "originality": 0.3, "timeliness": 0.2, "quote_richness": 0.2, "volume_share": 0.1, "reliability": 0.2,
}
TIMELINESS_HALF_LIFE_H = 6.0


@dataclass(frozen=True)
class SourceStats:
    """What the pipeline counts for one source (domain) over the scored period."""

    domain: str
    articles: int
    originals: int
    quotes: int
    first_hours: list[float] = field(default_factory=list)
    reliability: float | None = None


@dataclass(frozen=True)
class SourceScores:
    """The parts (each 0…1, reliability None when not imported) and their weighted composite."""

    originality: float
    timeliness: float
    quote_richness: float
    volume_share: float
    reliability: float | None
    composite: float


def _check(stats: SourceStats) -> None:
    """Reject aggregates that cannot come from a consistent store, naming the source."""
    if stats.articles < 0 or stats.quotes < 0 or not 0 <= stats.originals <= stats.articles:
        raise ValueError(
            f"{stats.domain}: inconsistent counts (articles={stats.articles}, "
            f"originals={stats.originals}, quotes={stats.quotes})"
        )
    if stats.reliability is not None and not 0.0 <= stats.reliability <= 1.0:
        raise ValueError(f"{stats.domain}: reliability {stats.reliability} is outside 0..1")
    if any(math.isnan(h) for h in stats.first_hours):
        raise ValueError(f"{stats.domain}: NaN in first_hours")


def _check_weights(weights: Mapping[str, float]) -> None:
    unknown = sorted(set(weights) - set(PARTS))
    if unknown:
        raise ValueError(f"unknown score weight(s) {', '.join(unknown)}; known: {', '.join(PARTS)}")
    bad = sorted(k for k, w in weights.items() if not (w >= 0 and math.isfinite(w)))
    if bad:
        raise ValueError(f"score weight(s) {', '.join(bad)} must be finite and >= 0")


def timeliness(first_hours: list[float], half_life_h: float = TIMELINESS_HALF_LIFE_H) -> float:
    """0.5 ** (median delay in hours / half-life); 1.0 when first, 0.0 with nothing to judge."""
    if not first_hours:
        return 0.0
    delay = statistics.median(max(0.0, h) for h in first_hours)
    return 0.5 ** (delay / half_life_h)


def composite(parts: Mapping[str, float | None], weights: Mapping[str, float]) -> float:
    """Weighted mean of the available parts, weights renormalised over them (module doc)."""
    used = [(weights.get(name, 0.0), value) for name, value in parts.items() if value is not None]
    total = sum(w for w, _ in used)
    if total == 0:
        return 0.0
    return min(1.0, max(0.0, sum(w * v for w, v in used) / total))


def score_sources(
    stats: list[SourceStats],
    weights: Mapping[str, float],
    *,
    half_life_h: float = TIMELINESS_HALF_LIFE_H,
) -> dict[str, SourceScores]:
    """Scores per domain, in input order. ValueError on duplicate domains, bad counts or bad weights."""
    _check_weights(weights)
    if not half_life_h > 0:
        raise ValueError("half_life_h must be > 0")
    seen: set[str] = set()
    for item in stats:
        _check(item)
        if item.domain in seen:
            raise ValueError(f"{item.domain}: appears twice in the source statistics")
        seen.add(item.domain)
    busiest = max((s.articles for s in stats), default=0)
    richest = max((_quotes_per_article(s) for s in stats), default=0.0)
    return {item.domain: _score(item, busiest, richest, weights, half_life_h) for item in stats}


def _quotes_per_article(item: SourceStats) -> float:
    return item.quotes / item.articles if item.articles else 0.0


def _score(
    item: SourceStats, busiest: int, richest: float, weights: Mapping[str, float], half_life_h: float
) -> SourceScores:
    per_article = _quotes_per_article(item)
    parts: dict[str, float] = {
        "originality": item.originals / item.articles if item.articles else 0.0,
        "timeliness": timeliness(item.first_hours, half_life_h),
        "quote_richness": per_article / richest if richest else 0.0,
        "volume_share": item.articles / busiest if busiest else 0.0,
    }
    available: dict[str, float | None] = {**parts, "reliability": item.reliability}
    return SourceScores(**parts, reliability=item.reliability, composite=composite(available, weights))




def _parse_row(row: dict[str, str], default_origin: str) -> tuple[str, float, str]:
    domain = normalise_domain(row.get("domain", ""))
    if not domain:
        raise ValueError("empty domain")
    if any(c in domain for c in "/: \t") or "." not in domain:
        raise ValueError(f"domain {domain!r} is not a bare host name like example.org")
    text = row.get("rating", "").strip()
    try:
        rating = float(text)
    except ValueError:
        raise ValueError(f"rating {text!r} is not a number") from None
    if not 0.0 <= rating <= 1.0:  # also rejects NaN
        hint = " (divide 0-100 scores by 100)" if 1.0 < rating <= 100.0 else ""
        raise ValueError(f"rating {text} is outside 0..1{hint}")
    origin = row.get("source", "").strip() or default_origin
    return domain, rating, origin


def load_reliability_csv(path: Path) -> dict[str, tuple[float, str]]:
    """Read the user's `sources.csv`: domain → (rating 0…1, where the rating comes from).

    Columns (header row required, extra columns ignored): `domain`, `rating`, optional `source` naming
    where the rating comes from (defaults to the file name). Blank lines and lines starting with `#` are
    skipped. Any bad row — or a domain listed twice — raises ValueError("PATH:LINE: reason"): ratings
    silently dropped would change scores without anyone noticing.
    """
    ratings: dict[str, tuple[float, str]] = {}
    first_line: dict[str, int] = {}
    columns: list[str] = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
                continue
            if not columns:
                columns = [c.strip().lower() for c in cells]
                missing = {"domain", "rating"} - set(columns)
                if missing:
                    raise ValueError(f"{path}:{line}: missing column(s) {', '.join(sorted(missing))}")
                continue
            if len(cells) > len(columns):
                raise ValueError(f"{path}:{line}: {len(cells)} fields, the header has {len(columns)}")
            row = dict(zip(columns, cells, strict=False))
            if not (row.get("rating") or "").strip():
                continue  # an outlet listed without a rating (e.g. only its metadata) is unrated
            try:
                domain, rating, origin = _parse_row(row, path.name)
            except ValueError as err:
                raise ValueError(f"{path}:{line}: {err}") from None
            if domain in ratings:
                raise ValueError(f"{path}:{line}: {domain} already rated on line {first_line[domain]}")
            ratings[domain] = (rating, origin)
            first_line[domain] = line
    if not columns:
        raise ValueError(f"{path}:1: no header row; expected domain,rating[,source]")
    return ratings
