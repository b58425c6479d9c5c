"""Presswatch ingest: collect, extract, dedupe, enrich and store coverage of configured events."""

from db import __version__

__all__ = ["__version__"]
