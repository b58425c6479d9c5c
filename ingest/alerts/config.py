"""`[[event.alert]]` rules and the `[smtp]` table of monitor.toml, as typed settings.

Strict like the rest of config.py: each kind declares its parameters, so a key another kind takes, a
typo or a value of the wrong type is one error naming the file, the rule and the key. A `term` query is
parsed here with the explorer's parser, so a query that cannot run is refused when the file is read,
not on the first check after an ingest. The SMTP password never sits in the file: `password_env`
names the environment variable that holds it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

KINDS = ("spike", "figure", "tone", "term")
COMMON_KEYS = ("kind", "name", "webhook", "email")
# kind -> parameter -> (type, default); None as default: required
PARAMS: dict[str, dict[str, tuple[type, Any]]] = {
    "spike": {"threshold": (float, 3.0), "days": (int, 7), "min_articles": (int, 10)},
    "figure": {"figure": (str, None), "min_quotes": (int, 1), "first_only": (bool, False)},
    "tone": {"below": (float, None), "above": (float, None), "min_articles": (int, 5)},
    "term": {"query": (str, None)},
}
OPTIONAL = {("tone", "below"), ("tone", "above")}  # one of the two is required
MINIMUM = {"threshold": 1.0, "days": 1, "min_articles": 1, "min_quotes": 1}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.-]{0,99}$")
SMTP_KEYS = ("host", "port", "from", "starttls", "ssl", "user", "password_env", "timeout_s")


@dataclass(frozen=True, slots=True)
class AlertRule:
    """One rule of an event: what to look for (`kind`, `params`) and where to send what it finds."""

    name: str  # the rule's key in the store: occurrences are unique per (event, name, key)
    kind: str
    params: Mapping[str, Any]
    webhooks: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SmtpConfig:
    host: str
    sender: str
    port: int = 25
    starttls: bool = False
    ssl: bool = False
    user: str | None = None
    password_env: str | None = None
    timeout_s: float = 20.0
    password: str | None = field(default=None, repr=False)  # read from $password_env by load_settings


def _fail(where: str, path: Path, message: str) -> NoReturn:
    from ingest.config import ConfigError

    raise ConfigError(f"{where} ({path}): {message}")


def _typed(value: Any, kind: type, key: str, where: str, path: Path) -> Any:
    if kind is bool:
        if not isinstance(value, bool):
            _fail(where, path, f"`{key}` must be true or false, got {value!r}")
        return value
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, kind) or isinstance(value, bool):
        _fail(where, path, f"`{key}` must be {'a number' if kind in (int, float) else 'a string'}"
                           f"{' (a whole number)' if kind is int else ''}, got {value!r}")
    if isinstance(value, str) and not value.strip():
        _fail(where, path, f"`{key}` must not be empty")
    return value


def _targets(raw: Mapping[str, Any], key: str, where: str, path: Path) -> tuple[str, ...]:
    value = raw.get(key, [])
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        _fail(where, path, f"`{key}` must be a string or a list of strings, got {value!r}")
    for v in values:
        if key == "webhook" and not re.match(r"^https?://[^\s/]+", v):
            _fail(where, path, f"`webhook` must be an http:// or https:// URL, got {v!r}")
        if key == "email" and not EMAIL.match(v):
            _fail(where, path, f"`email` must be an address like analyst@example.org, got {v!r}")
    return tuple(values)


def parse_rule(raw: Mapping[str, Any], number: int, slug: str, path: Path) -> AlertRule:
    """One [[event.alert]] table of event `slug`."""
    from ingest.config import check_keys

    where = f"[[event.alert]] {number} of {slug!r}"
    kind = raw.get("kind")
    if kind not in KINDS:
        _fail(where, path, f"`kind` must be one of {', '.join(KINDS)}, got {kind!r}")
    spec = PARAMS[kind]
    check_keys(raw, {*COMMON_KEYS, *spec}, f"{where} kind {kind!r}", path)
    params: dict[str, Any] = {}
    for key, (typ, default) in spec.items():
        if key in raw:
            params[key] = _typed(raw[key], typ, key, where, path)
            if key in MINIMUM and params[key] < MINIMUM[key]:
                _fail(where, path, f"`{key}` must be at least {MINIMUM[key]:g}, got {raw[key]!r}")
        elif default is None and (kind, key) not in OPTIONAL:
            _fail(where, path, f"a {kind} alert needs `{key}`")
        elif default is not None:
            params[key] = default
    if kind == "tone" and "below" not in params and "above" not in params:
        _fail(where, path, "a tone alert needs `below` or `above` (or both)")
    if kind == "term":
        from db.query import QueryError, parse

        try:
            parse(params["query"])
        except QueryError as exc:
            _fail(where, path, f"`query`: {exc}")
    webhooks, emails = _targets(raw, "webhook", where, path), _targets(raw, "email", where, path)
    if not webhooks and not emails:
        _fail(where, path, "an alert needs `webhook = URL` or `email = ADDRESS` (or both)")
    name = raw.get("name")
    if name is None:  # stable while the rule's parameters stay the same
        digest = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:8]
        name = f"{kind}-{digest}"
    elif not isinstance(name, str) or not NAME.match(name):
        _fail(where, path, f"`name` must be up to 100 letters, digits, spaces, '.', '_' or '-', got {name!r}")
    return AlertRule(name=name, kind=kind, params=params, webhooks=webhooks, emails=emails)


def parse_rules(raw: Any, slug: str, path: Path) -> tuple[AlertRule, ...]:
    """Every [[event.alert]] of event `slug`; names must be unique within the event."""
    if not isinstance(raw, list) or not all(isinstance(r, Mapping) for r in raw):
        _fail(f"[[event]] {slug!r}", path, "`alert` must be written as [[event.alert]] tables")
    rules = tuple(parse_rule(r, i + 1, slug, path) for i, r in enumerate(raw))
    names = [r.name for r in rules]
    for name in names:
        if names.count(name) > 1:
            _fail(f"[[event.alert]] of {slug!r}", path, f"two alerts share the name {name!r}; give each its own "
                                                        "`name`")
    return rules


def parse_smtp(raw: Any, path: Path) -> SmtpConfig:
    """The [smtp] table: the server alerts and digests are sent through."""
    from ingest.config import check_keys

    where = "[smtp]"
    if not isinstance(raw, Mapping):
        _fail(where, path, "must be a table")
    if "password" in raw:
        _fail(where, path, "the password never goes in the file: set `password_env` to the name of the "
                           "environment variable that holds it")
    check_keys(raw, SMTP_KEYS, where, path)
    for key in ("host", "from"):
        if key not in raw:
            _fail(where, path, f"`{key}` is required")
    host = _typed(raw["host"], str, "host", where, path)
    sender = _typed(raw["from"], str, "from", where, path)
    if not EMAIL.match(sender):
        _fail(where, path, f"`from` must be an address like monitor@example.org, got {sender!r}")
    port = _typed(raw.get("port", 25), int, "port", where, path)
    if not 0 < port < 65536:
        _fail(where, path, f"`port` must be between 1 and 65535, got {port}")
    starttls = _typed(raw.get("starttls", False), bool, "starttls", where, path)
    ssl = _typed(raw.get("ssl", False), bool, "ssl", where, path)
    if starttls and ssl:
        _fail(where, path, "`starttls` and `ssl` exclude each other (ssl: TLS from the start, port 465)")
    user = _typed(raw["user"], str, "user", where, path) if "user" in raw else None
    env = _typed(raw["password_env"], str, "password_env", where, path) if "password_env" in raw else None
    if env is not None and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", env):
        _fail(where, path, f"`password_env` must be an environment variable name, got {env!r}")
    timeout = _typed(raw.get("timeout_s", 20.0), float, "timeout_s", where, path)
    if timeout <= 0:
        _fail(where, path, "`timeout_s` must be above 0")
    return SmtpConfig(host=host, sender=sender, port=port, starttls=starttls, ssl=ssl, user=user,
                      password_env=env, timeout_s=timeout)
