"""Source kind → connector. Every connector has the same shape, so the pipeline runs any source alike:

    read(source: SourceConfig, event: EventConfig, fetcher: Fetcher) -> Iterator[RawDocument | SourceFailure]

A connector yields a SourceFailure for a bad input or item and carries on; it does not raise for them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ingest.config import EventConfig, SourceConfig
from ingest.fetch.client import Fetcher
from ingest.sources import gdelt, gkg, newsapi, rss, sitemap, urls
from ingest.stages.documents import RawDocument, SourceFailure

ReadFn = Callable[[SourceConfig, EventConfig, Fetcher], Iterator[RawDocument | SourceFailure]]
FILES_MODULE = "ingest.sources.files"


def _files(source: SourceConfig, event: EventConfig, fetcher: Fetcher) -> Iterator[RawDocument | SourceFailure]:
    """The files connector lives in its own module, imported on first use so this registry does not
    depend on it at import time."""
    module = importlib.import_module(FILES_MODULE)
    read: ReadFn = module.read
    return read(source, event, fetcher)


CONNECTORS: dict[str, ReadFn] = {
    "rss": rss.read,
    "sitemap": sitemap.read,
    "gdelt": gdelt.read,
    "gkg": gkg.read,
    "newsapi": newsapi.read,
    "urls": urls.read,
    "files": _files,
}


KINDS = tuple(CONNECTORS)


@dataclass(frozen=True, slots=True)
class KindSpec:
    """What a connector module declares about its `[[event.source]]` table."""

    options: frozenset[str]
    needs: tuple[str, ...]  # at least one of these keys must be given


def spec(kind: str) -> KindSpec:
    """The options the connector of `kind` declares; config validates sources against them."""
    connector(kind)  # ValueError for an unknown kind
    module = importlib.import_module(f"ingest.sources.{kind}")
    return KindSpec(options=frozenset(module.OPTIONS), needs=tuple(module.NEEDS))


def connector(kind: str) -> ReadFn:
    """The read function for a source kind; ValueError naming the known kinds otherwise."""
    try:
        return CONNECTORS[kind]
    except KeyError:
        raise ValueError(f"unknown source kind {kind!r} (known: {', '.join(sorted(CONNECTORS))})") from None


def read_source(source: SourceConfig, event: EventConfig, fetcher: Fetcher
                ) -> Iterator[RawDocument | SourceFailure]:
    """Run the connector for `source.kind`."""
    return connector(source.kind)(source, event, fetcher)
