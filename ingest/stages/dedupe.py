"""Duplicate detection: canonical URLs and exact content hashes.

The same article reached under two URLs (tracking parameters, fragments, default ports, `www.`) must
be stored once; the canonical URL is the key. Exact copies under a different URL share a content hash
of their normalised text and are dropped.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gclsrc", "msclkid", "mc_cid", "mc_eid", "yclid", "igshid",
        "_ga", "_gl", "ref", "ref_src", "ref_url", "cmpid", "ncid", "ocid", "smid", "smtyp",
        "at_medium", "at_campaign", "ito", "mbid", "rss", "cid", "src", "s_cid", "share",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "__hs", "oly_")
DEFAULT_PORTS = {"http": 80, "https": 443}
_SPACE = re.compile(r"\s+")


def _is_tracking(key: str) -> bool:
    low = key.lower()
    return low in TRACKING_PARAMS or low.startswith(TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """The URL an article is stored under: lower-case host without `www.`, no default port, no fragment,
    no tracking parameters, remaining parameters sorted, no trailing slash on paths.

    Raises ValueError for anything that is not an absolute http(s) URL.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    host = normalise_domain(parts.hostname)
    port = parts.port
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not _is_tracking(k)))
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    if len(path) > 1:
        path = path.rstrip("/")
    return urlunsplit(("https" if scheme == "https" else "http", netloc, path, query, ""))


def normalise_domain(value: str) -> str:
    """The form domains and hosts are stored and compared in: lower-case, no trailing dot, no `www.`."""
    return value.strip().lower().rstrip(".").removeprefix("www.")


def source_domain(url: str) -> str:
    """The outlet's domain for an article URL."""
    return normalise_domain(urlsplit(url).hostname or "")


def normalise_text(text: str) -> str:
    """Whitespace- and case-folded text, so reflowed copies hash the same."""
    return _SPACE.sub(" ", text).strip().casefold()


def content_hash(text: str) -> str:
    """SHA-256 of the normalised text: equal for exact copies under different URLs."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()
