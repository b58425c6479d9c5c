"""Point the dashboard's pages at one store for AppTest runs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st


@contextmanager
def serving(url: str) -> Iterator[str]:
    """DATABASE_URL set to `url` while the block runs, Streamlit's caches cleared on the way in and out:
    the engine is a cached resource, so a page must never reuse another module's database."""
    before = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url
    st.cache_data.clear()
    st.cache_resource.clear()
    try:
        yield url
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()
        if before is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = before
