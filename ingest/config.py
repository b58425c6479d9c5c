"""`monitor.toml` and the environment, read once at the entry point into typed settings.

Nothing deeper in the code reads `os.environ` or the TOML file: the CLI builds a `Settings` and passes
the pieces down. Errors name the file and the offending key so a user can fix the config.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest import __version__

if TYPE_CHECKING:
    from ingest.alerts.config import AlertRule, SmtpConfig

DEFAULT_CONFIG = "monitor.toml"
DEFAULT_USER_AGENT = f"Presswatch/{__version__} (+https://github.com/presswatch/presswatch)"
DEFAULT_RELEVANCE_THRESHOLD = 1.0


class ConfigError(ValueError):
    """A configuration problem; the message names the file and key."""


TOP_KEYS = ("fetch", "scores", "event", "smtp")
EVENT_KEYS = ("slug", "name", "start", "end", "terms", "related", "aliases", "terms_by_language", "source",
              "relevance_threshold", "alert")
SCORES_KEYS = ("weights", "reliability_csv")


def check_keys(raw: Mapping[str, Any], known: Iterable[str], table: str, path: Path) -> None:
    """Refuse a key the table does not know, naming the file, the table and the nearest known key.

    A typo (`strat` for `start`) would otherwise be ignored and the event silently run without it.
    """
    names = sorted(known)
    for key in raw:
        if key not in names:
            near = difflib.get_close_matches(str(key), names, n=1, cutoff=0.6)
            hint = f"; did you mean {near[0]!r}?" if near else f" (known keys: {', '.join(names)})"
            raise ConfigError(f"unknown key {key!r} in {table} ({path}){hint}")


def _table(raw: Any, table: str, path: Path) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{table} ({path}) must be a table, got {type(raw).__name__}")
    return raw


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
    end: dt.date | None = None
    related: tuple[str, ...] = ()  # terms of consequences that need not name the event; they count less
    # language code → terms in that language and its script, matched with its inflections
    terms_by_language: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    alerts: tuple[AlertRule, ...] = ()  # [[event.alert]]: checked after each run (ingest/alerts/)

    def window(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        """[first, last) UTC instants an article may be published in to join: a day of grace either side
        of [start, end], since datelines and time zones put the first reports on the day before."""
        first = last = None
        if self.start is not None:
            first = dt.datetime.combine(self.start - dt.timedelta(days=1), dt.time(), dt.UTC)
        if self.end is not None:
            last = dt.datetime.combine(self.end + dt.timedelta(days=2), dt.time(), dt.UTC)
        return first, last

    def in_window(self, published: dt.datetime | None) -> bool:
        """Whether an article published then may join (an undated article may: nothing says otherwise)."""
        if published is None:
            return True
        first, last = self.window()
        if published.tzinfo is None:
            published = published.replace(tzinfo=dt.UTC)
        return (first is None or published >= first) and (last is None or published < last)


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
    smtp: SmtpConfig | None = None  # [smtp]: where alert and digest e-mail is sent through

    def event(self, slug: str) -> EventConfig:
        for ev in self.events:
            if ev.slug == slug:
                return ev
        known = ", ".join(e.slug for e in self.events) or "none"
        raise ConfigError(f"{self.config_path}: no event with slug {slug!r} (configured: {known})")


def _source(raw: Mapping[str, Any], table: str, path: Path) -> SourceConfig:
    """One [[event.source]]: its kind and the options that kind's connector declares (asked of the
    connector module, so an option added there is known here)."""
    from ingest.sources import registry  # the connectors import this module; ask them only when parsing

    kind = raw.get("kind")
    if kind not in registry.KINDS:
        raise ConfigError(f"{table} ({path}): kind must be one of {', '.join(registry.KINDS)}, got {kind!r}")
    spec = registry.spec(kind)
    check_keys(raw, {"kind", *spec.options}, f"{table} kind {kind!r}", path)
    if spec.needs and not any(key in raw for key in spec.needs):
        raise ConfigError(f"{table} ({path}): a {kind} source needs `{'` or `'.join(spec.needs)}`")
    return SourceConfig(kind=kind, options={k: v for k, v in raw.items() if k != "kind"},
                        base_dir=path.resolve().parent)


def _aliases(raw: Any, table: str, path: Path) -> dict[str, tuple[str, ...]]:
    aliases: dict[str, tuple[str, ...]] = {}
    for canonical, variants in _table(raw, table, path).items():
        if not isinstance(variants, list) or not all(isinstance(v, str) and v.strip() for v in variants):
            raise ConfigError(f"{table} ({path}): {canonical!r} must be a list of names, got {variants!r}")
        aliases[str(canonical)] = tuple(variants)
    return aliases


def _by_language(raw: Any, table: str, path: Path) -> dict[str, tuple[str, ...]]:
    """`fa = ["سلیمانی"]`, `ru = ["Сулеймани"]`: terms per ISO 639-1 language code."""
    out: dict[str, tuple[str, ...]] = {}
    for code, terms in _table(raw, table, path).items():
        if not re.fullmatch(r"[a-z]{2,3}", code):
            raise ConfigError(f"{table} ({path}): {code!r} is not a language code like \"fa\" or \"ru\"")
        if not isinstance(terms, list) or not all(isinstance(t, str) and t.strip() for t in terms):
            raise ConfigError(f"{table} ({path}): {code!r} must be a list of terms, got {terms!r}")
        out[code] = tuple(terms)
    return out


def _event(raw: Mapping[str, Any], number: int, path: Path) -> EventConfig:
    slug = raw.get("slug")
    if not isinstance(slug, str) or not slug:
        raise ConfigError(f"[[event]] {number} ({path}): `slug` is required")
    where = f"[[event]] {slug!r}"
    check_keys(raw, EVENT_KEYS, where, path)
    terms = _strings(raw, "terms", where, path)
    related = _strings(raw, "related", where, path)
    start, end = _date(raw, "start", where, path), _date(raw, "end", where, path)
    if start is not None and end is not None and end < start:
        raise ConfigError(f"{where} ({path}): `end` ({end}) is before `start` ({start})")
    aliases = _aliases(raw.get("aliases", {}), f"[event.aliases] of {slug!r}", path)
    by_language = _by_language(raw.get("terms_by_language", {}), f"[event.terms_by_language] of {slug!r}", path)
    raw_sources = raw.get("source", [])
    if not isinstance(raw_sources, list):
        raise ConfigError(f"{where} ({path}): `source` must be written as [[event.source]] tables")
    sources = tuple(
        _source(_table(s, f"[[event.source]] {i + 1} of {slug!r}", path), f"[[event.source]] {i + 1} of {slug!r}",
                path)
        for i, s in enumerate(raw_sources)
    )
    from ingest.alerts.config import parse_rules  # it names this module's errors; imported when parsing

    alerts = parse_rules(raw.get("alert", []), slug, path)
    threshold = raw.get("relevance_threshold", DEFAULT_RELEVANCE_THRESHOLD)
    if isinstance(threshold, bool) or not isinstance(threshold, int | float):
        raise ConfigError(f"{where} ({path}): `relevance_threshold` must be a number, got {threshold!r}")
    return EventConfig(
        slug=slug,
        name=str(raw.get("name", slug)),
        start=start,
        terms=tuple(terms),
        aliases=aliases,
        sources=sources,
        relevance_threshold=float(threshold),
        end=end,
        related=tuple(related),
        terms_by_language=by_language,
        alerts=alerts,
    )


def _strings(raw: Mapping[str, Any], key: str, where: str, path: Path) -> list[str]:
    values = raw.get(key, [])
    if not isinstance(values, list) or not all(isinstance(t, str) for t in values):
        raise ConfigError(f"{where} ({path}): `{key}` must be a list of strings")
    return values


def _date(raw: Mapping[str, Any], key: str, where: str, path: Path) -> dt.date | None:
    value = raw.get(key)
    if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
        raise ConfigError(f"{where} ({path}): `{key}` must be a date like 2020-01-03, got {value!r}")
    return value


_FETCH_MINIMUM = {"concurrency": 1}  # numbers not listed here must only not be negative


def _fetch(raw: Mapping[str, Any], path: Path) -> FetchConfig:
    check_keys(_table(raw, "[fetch]", path), FetchConfig.__dataclass_fields__, "[fetch]", path)
    where = str(path)
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


def _scores(raw: Mapping[str, Any], path: Path) -> ScoreConfig:
    check_keys(_table(raw, "[scores]", path), SCORES_KEYS, "[scores]", path)
    weights = dict(ScoreConfig().weights)
    given = _table(raw.get("weights", {}), "[scores] weights", path)
    check_keys(given, weights, "[scores] weights", path)
    for key, value in given.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise ConfigError(f"[scores] weights ({path}): {key} must be a number >= 0, got {value!r}")
        weights[key] = float(value)
    csv_path = raw.get("reliability_csv")
    if csv_path is not None and not isinstance(csv_path, str):
        raise ConfigError(f"[scores] ({path}): reliability_csv must be a path, got {csv_path!r}")
    base_dir = path.resolve().parent
    return ScoreConfig(weights=weights, reliability_csv=(base_dir / csv_path).resolve() if csv_path else None)


def parse_config(data: Mapping[str, Any], path: Path, database_url: str,
                 newsapi_key: str | None = None) -> Settings:
    """Typed settings from an already-parsed TOML mapping."""
    check_keys(data, TOP_KEYS, "the top level", path)
    raw_events = data.get("event", [])
    if not isinstance(raw_events, list):
        raise ConfigError(f"{path}: events must be written as [[event]] tables")
    events = tuple(_event(_table(e, f"[[event]] {i + 1}", path), i + 1, path) for i, e in enumerate(raw_events))
    slugs = [e.slug for e in events]
    if len(set(slugs)) != len(slugs):
        raise ConfigError(f"{path}: event slugs must be unique")
    from ingest.alerts.config import parse_smtp

    smtp = parse_smtp(data["smtp"], path) if "smtp" in data else None
    mailing = next((e.slug for e in events for rule in e.alerts if rule.emails), None)
    if mailing is not None and smtp is None:
        raise ConfigError(f"[[event.alert]] of {mailing!r} ({path}): `email` needs an [smtp] table (host, from) "
                          "to send through")
    return Settings(
        database_url=database_url,
        config_path=path,
        events=events,
        fetch=_fetch(data.get("fetch", {}), path),
        scores=_scores(data.get("scores", {}), path),
        newsapi_key=newsapi_key,
        smtp=smtp,
    )


def load_settings(
    config_path: str | Path | None = None,
    database_url: str | None = None,
    environ: Mapping[str, str] | None = None,
    required: bool = False,
) -> Settings:
    """Settings from `monitor.toml` (PRESSWATCH_CONFIG) and DATABASE_URL.

    A config file that was asked for (an argument or PRESSWATCH_CONFIG) must exist. A missing default
    `monitor.toml` is fine for commands that need no events (status, export, db) unless `required`.
    """
    env = os.environ if environ is None else environ
    from db.engine import DEFAULT_DATABASE_URL

    url = database_url or env.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    asked = config_path or env.get("PRESSWATCH_CONFIG")
    path = Path(asked or DEFAULT_CONFIG)
    if not path.exists():
        if asked or required:
            raise ConfigError(f"config file not found: {path}")
        return Settings(database_url=url, config_path=path, newsapi_key=env.get("NEWSAPI_KEY") or None)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    settings = parse_config(data, path, url, env.get("NEWSAPI_KEY") or None)
    if settings.smtp is not None and settings.smtp.password_env:  # the password lives only in the environment
        smtp = dataclasses.replace(settings.smtp, password=env.get(settings.smtp.password_env) or None)
        settings = dataclasses.replace(settings, smtp=smtp)
    return settings
