"""A source's country, as the sources list gives it ("US", "USA", "United States", "UK", "Russia"), as its
ISO 3166-1 alpha-3 code: the key the world map draws countries by.

pycountry's `lookup` answers codes and the ISO names (official and common ones); a short alias table
answers the English names newsrooms use that ISO does not ("UK", "Turkey", "Ivory Coast", "UAE"), and
a name before ISO's comma ("Iran" for "Iran, Islamic Republic of") counts when it names one country
only. Nothing is guessed beyond that: pycountry's fuzzy search also matches subdivisions ("Kosovo"
gives Serbia, "UK" Uganda), so a name none of these know stays off the map and is listed beside it.
"""

from __future__ import annotations

from functools import cache

import pycountry

ALIASES = {
    "uk": "GBR", "u.k.": "GBR", "britain": "GBR", "great britain": "GBR", "england": "GBR", "scotland": "GBR",
    "wales": "GBR", "northern ireland": "GBR", "u.s.": "USA", "u.s.a.": "USA", "america": "USA",
    "russia": "RUS", "turkey": "TUR", "ivory coast": "CIV",
    "uae": "ARE", "emirates": "ARE", "dr congo": "COD", "drc": "COD", "democratic republic of congo": "COD",
    "republic of congo": "COG", "macedonia": "MKD",
    "holland": "NLD", "the netherlands": "NLD", "vatican": "VAT", "burma": "MMR",
    "swaziland": "SWZ", "cape verde": "CPV", "east timor": "TLS", "kosovo": "XKX",
    "brunei": "BRN",
}


@cache
def _short_names() -> dict[str, str | None]:
    """ISO names cut at their comma, each to its code (None when two countries share the short name)."""
    out: dict[str, str | None] = {}
    for country in pycountry.countries:
        if "," in country.name:
            short = country.name.split(",")[0].strip().lower()
            out[short] = None if short in out and out[short] != country.alpha_3 else country.alpha_3
    return out


@cache
def iso3(country: str | None) -> str | None:
    """The ISO 3166-1 alpha-3 code of a country as written in a sources list, or None when it names no
    country (blank, unknown, or a place that is not a country)."""
    text = " ".join((country or "").split())
    if not text:
        return None
    key = text.lower()
    if key in ALIASES:
        return ALIASES[key]
    try:
        return str(pycountry.countries.lookup(text).alpha_3)
    except LookupError:
        pass
    return _short_names().get(key.removeprefix("the "))

