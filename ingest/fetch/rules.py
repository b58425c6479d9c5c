"""Pure rules the fetcher applies: how to decode a body, which addresses may be reached, and how long a
Retry-After header asks us to wait. Kept apart from `ingest/fetch/client.py` so they test without a network."""

from __future__ import annotations

import codecs
import datetime as dt
import email.utils
import ipaddress
import re

import charset_normalizer

from ingest.utc import aware

SNIFF_BYTES = 4_096
# Browsers decode these labels as windows-1252 (WHATWG Encoding); servers rely on that.
_WHATWG_1252 = frozenset({"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii"})
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([^\s;"']+)""", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-.]+)""", re.I)


def hop_note(url: str, origin: str) -> str:
    """" (at URL)" when the URL a message is about is not the one asked for (a redirect hop, robots.txt)."""
    return "" if url == origin else f" (at {url})"



def _codec(label: str | bytes | None) -> str | None:
    if not label:
        return None
    name = (label.decode("ascii", "ignore") if isinstance(label, bytes) else label).strip().lower()
    name = "windows-1252" if name in _WHATWG_1252 else name
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _detected(content: bytes) -> str:
    """charset-normalizer's guess, preferring windows-1252 on a tie: short Western pages score the same
    under several code pages, and cp1252 is what unlabeled Western news pages are written in."""
    matches = charset_normalizer.from_bytes(content[:200_000])
    best = matches.best()
    if best is None:
        return "windows-1252"
    if any(m.encoding == "cp1252" and m.chaos <= best.chaos for m in matches):
        return "cp1252"
    return best.encoding


def sniff_encoding(content: bytes, content_type: str | None) -> str:
    """Charset of a body: BOM, HTTP header, <meta charset> or XML declaration, valid UTF-8, detection."""
    if content.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    header = _HEADER_CHARSET.search(content_type or "")
    head = content[:SNIFF_BYTES]
    declared = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    for label in (header.group(1) if header else None, declared.group(1) if declared else None):
        if codec := _codec(label):
            return codec
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return _detected(content)
    return "utf-8"


def decode_body(content: bytes, content_type: str | None = None) -> str:
    """Text of a body; undecodable bytes become U+FFFD rather than failing the article."""
    return content.decode(sniff_encoding(content, content_type), errors="replace")


def address_problem(ip: ipaddress.IPv4Address | ipaddress.IPv6Address, allow_private: bool) -> str | None:
    """Why an address must not be fetched, or None. Link-local (cloud metadata at 169.254.169.254),
    multicast and reserved space are refused even with `allow_private`: no news lives there."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.is_link_local:
        return "link-local"
    if ip.is_loopback:  # before `reserved`: Python counts ::1 as reserved (::/8)
        return None if allow_private else "loopback"
    if ip.is_multicast or ip.is_unspecified or ip.is_reserved:
        return "reserved"
    if allow_private:
        return None
    return "private" if ip.is_private or not ip.is_global else None


def retry_after(value: str | None, now: dt.datetime) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or HTTP-date)."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (aware(when) - now).total_seconds())
