"""What the ISO 3166-2 list of countries' subdivisions (via pycountry) says of a place name."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import NamedTuple

import pycountry
from anyascii import anyascii


class Subdivision(NamedTuple):
    country_code: str
    first_level: bool  # a province, state or region, not a district inside one


@cache
def _subdivisions() -> dict[str, list[Subdivision]]:
    # pycountry's own data file, read as JSON: building its 5,000 subdivision objects costs a
    # seventh of a second on every run, and only the name, country and level are needed here
    data = json.loads((Path(pycountry.DATABASE_DIR) / "iso3166-2.json").read_text(encoding="utf-8"))
    found: dict[str, list[Subdivision]] = {}
    for entry in data["3166-2"]:
        region = Subdivision(entry["code"].split("-")[0], "parent" not in entry)
        found.setdefault(anyascii(entry["name"]).casefold(), []).append(region)
    return found


def region_country(name: str) -> str | None:
    """The country code of the one country with a subdivision of that name, else None."""
    codes = {r.country_code for r in _subdivisions().get(anyascii(name).casefold(), [])}
    return next(iter(codes)) if len(codes) == 1 else None


def is_province(name: str) -> bool:
    """Whether the name is a country's first-level subdivision (a province, state, region): wider
    than a town, though a capital often shares its province's name."""
    return any(r.first_level for r in _subdivisions().get(anyascii(name).casefold(), []))
