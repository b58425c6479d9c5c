"""`monitor.toml` and the environment, read once at the entry point into typed settings.

Nothing deeper in the code reads `os.environ` or the TOML file: the CLI builds a `Settings` and passes
the pieces down. Errors name the file and the offending key so a user can fix the config.
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest import __version__

SOURCE_KINDS = ("rss", "gdelt", "gkg", "newsapi", "urls", "files", "sitemap")
DEFAULT_CONFIG = "monitor.toml"
DEFAULT_USER_AGENT = f"Presswatch/{__version__} (+https://github.com/presswatch/presswatch)"
DEFAULT_RELEVANCE_THRESHOLD = 1.0


class ConfigError(ValueError):
    """A configuration problem; the message names the file and key."""


@dataclass(frozen=True, slots=True)
class SourceConfig:
    """One configured input of an event; `options` keeps kind-specific keys (url, path, query, …)."""

    kind: str
    options: Mapping[str, Any]
    base_dir: Path

    @property
    def label(self) -> str:
        """Stable name for logs, lock claims and health rows."""
        for key in ("url", "path", "query"):
            if key in self.options:
                return f"{self.kind}:{self.options[key]}"
        return self.kind

    def path(self, key: str = "path") -> Path:
        """A file option resolved against the config file's folder."""
        return (self.base_dir / str(self.options[key])).resolve()


@dataclass(frozen=True, slots=True)
class EventConfig:
    slug: str
    name: str
    start: dt.date | None
    terms: tuple[str, ...]
    aliases: Mapping[str, tuple[str, ...]]
    sources: tuple[SourceConfig, ...] = ()
    relevance_threshold: float = DEFAULT_RELEVANCE_THRESHOLD


@dataclass(frozen=True, slots=True)
class FetchConfig:
    user_agent: str = DEFAULT_USER_AGENT
    timeout_s: float = 20.0
    max_bytes: int = 5_000_000
    per_host_delay_s: float = 1.0
    max_redirects: int = 5
    retries: int = 3
    allow_private: bool = False
    respect_robots: bool = True
    concurrency: int = 8  # article pages downloading at once, across hosts (each host: at most 2, spaced)


@dataclass(frozen=True, slots=True)
class ScoreConfig:
    """Weights of the composite source score and the optional reliability ratings file."""

    weights: Mapping[str, float] = field(
        default_factory=lambda: {
            "originality": 0.3,
            "timeliness": 0.2,
            "quote_richness": 0.2,
            "volume_share": 0.1,
            "reliability": 0.2,
        }
    )
    reliability_csv: Path | None = None


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    config_path: Path
    events: tuple[EventConfig, ...] = ()
    fetch: FetchConfig = FetchConfig()
    scores: ScoreConfig = ScoreConfig()
    data_dir: Path = Path("data")
    newsapi_key: str | None = None

    def event(self, slug: str) -> EventConfig:
        for ev in self.events:
            if ev.slug == slug:
                return ev
        known = ", ".join(e.slug for e in self.events) or "none"
        raise ConfigError(f"{self.config_path}: no event with slug {slug!r} (configured: {known})")


def _source(raw: Mapping[str, Any], where: str, base_dir: Path) -> SourceConfig:
    kind = raw.get("kind")
    if kind not in SOURCE_KINDS:
        raise ConfigError(f"{where}: kind must be one of {', '.join(SOURCE_KINDS)}, got {kind!r}")
    needs = {"rss": "url", "sitemap": "url", "files": "path", "urls": "path"}.get(kind)
    if needs and needs not in raw and not (kind == "urls" and "url" in raw):
        raise ConfigError(f"{where}: a {kind} source needs `{needs}`")
    return SourceConfig(kind=kind, options={k: v for k, v in raw.items() if k != "kind"}, base_dir=base_dir)


def _event(raw: Mapping[str, Any], where: str, base_dir: Path) -> EventConfig:
    slug = raw.get("slug")
    if not isinstance(slug, str) or not slug:
        raise ConfigError(f"{where}: `slug` is required")
    terms = raw.get("terms", [])
    if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
        raise ConfigError(f"{where}: `terms` must be a list of strings")
    start = raw.get("start")
    if start is not None and not isinstance(start, dt.date):
        raise ConfigError(f"{where}: `start` must be a date like 2020-01-03")
    aliases_raw = raw.get("aliases", {})
    aliases = {str(k): tuple(str(x) for x in v) for k, v in aliases_raw.items()}
    sources = tuple(
        _source(s, f"{where} source {i + 1}", base_dir) for i, s in enumerate(raw.get("source", []))
    )
    return EventConfig(
        slug=slug,
        name=str(raw.get("name", slug)),
        start=start,
        terms=tuple(terms),
        aliases=aliases,
        sources=sources,
        relevance_threshold=float(raw.get("relevance_threshold", DEFAULT_RELEVANCE_THRESHOLD)),
    )


_FETCH_MINIMUM = {"concurrency": 1}  # numbers not listed here must only not be negative


def _fetch(raw: Mapping[str, Any], where: str) -> FetchConfig:
    known = set(FetchConfig.__dataclass_fields__)
    unknown = set(raw) - known
    if unknown:
        raise ConfigError(f"{where}: unknown [fetch] keys: {', '.join(sorted(unknown))}")
    defaults = FetchConfig()
    for key, value in raw.items():
        expected = type(getattr(defaults, key))
        ok = isinstance(value, expected) or (expected is float and isinstance(value, int))
        if not ok or isinstance(value, bool) != (expected is bool):
            raise ConfigError(f"{where}: [fetch] {key} must be {expected.__name__}, not {value!r}")
        least = _FETCH_MINIMUM.get(key, 0)
        if expected in (int, float) and value < least:
            raise ConfigError(f"{where}: [fetch] {key} must not be {f'below {least}' if least else 'negative'}")
    return FetchConfig(**raw)


def _scores(raw: Mapping[str, Any], base_dir: Path) -> ScoreConfig:
    weights = dict(ScoreConfig().weights)
    weights.update({k: float(v) for k, v in raw.get("weights", {}).items()})
    csv_path = raw.get("reliability_csv")
    return ScoreConfig(weights=weights, reliability_csv=(base_dir / csv_path).resolve() if csv_path else None)


def parse_config(data: Mapping[str, Any], path: Path, database_url: str,
                 newsapi_key: str | None = None) -> Settings:
    """Typed settings from an already-parsed TOML mapping."""
    base_dir = path.resolve().parent
    events = tuple(_event(e, f"{path} event {i + 1}", base_dir) for i, e in enumerate(data.get("event", [])))
    slugs = [e.slug for e in events]
    if len(set(slugs)) != len(slugs):
        raise ConfigError(f"{path}: event slugs must be unique")
    return Settings(
        database_url=database_url,
        config_path=path,
        events=events,
        fetch=_fetch(data.get("fetch", {}), str(path)),
        scores=_scores(data.get("scores", {}), base_dir),
        newsapi_key=newsapi_key,
    )


def load_settings(
    config_path: str | Path | None = None,
    database_url: str | None = None,
    environ: Mapping[str, str] | None = None,
    required: bool = False,
) -> Settings:
    """Settings from `monitor.toml` (PRESSWATCH_CONFIG) and DATABASE_URL.

    A missing config file is fine for read-only commands (status, export) unless `required`.
    """
    env = os.environ if environ is None else environ
    from db.engine import DEFAULT_DATABASE_URL

    url = database_url or env.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    path = Path(config_path or env.get("PRESSWATCH_CONFIG") or DEFAULT_CONFIG)
    if not path.exists():
        if required:
            raise ConfigError(f"{path}: config file not found (set PRESSWATCH_CONFIG or pass --config)")
        return Settings(database_url=url, config_path=path, newsapi_key=env.get("NEWSAPI_KEY") or None)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    return parse_config(data, path, url, env.get("NEWSAPI_KEY") or None)
