"""What the ISO 3166-2 list of countries' subdivisions (via pycountry) says of a place name."""

from __future__ import annotations

from functools import cache

import pycountry
from anyascii import anyascii


@cache
def _subdivisions() -> dict[str, list]:
    found: dict[str, list] = {}
    for region in pycountry.subdivisions:
        found.setdefault(anyascii(region.name).casefold(), []).append(region)
    return found


def region_country(name: str) -> str | None:
    """The country code of the one country with a subdivision of that name, else None."""
    codes = {r.country_code for r in _subdivisions().get(anyascii(name).casefold(), [])}
    return next(iter(codes)) if len(codes) == 1 else None


def is_province(name: str) -> bool:
    """Whether the name is a country's first-level subdivision (a province, state, region): wider
    than a town, though a capital often shares its province's name."""
    return any(r.parent_code is None for r in _subdivisions().get(anyascii(name).casefold(), []))
