"""Places: what the ISO 3166-2 list of countries' subdivisions (via pycountry) says of a place name, and
which names a text writes as places (after a place preposition of the lexicon)."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import NamedTuple

import pycountry
from anyascii import anyascii

from summarizer import lexicon


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


def written_as_place(text: str, name: str) -> bool:
    """Whether the text writes `name` right after a place preposition ("in Orm", "près de
    Port Vell"), not as a possessive or a compound ("in Redland's army", "in Redland-held towns")."""
    if not name.strip():
        return False
    before = lexicon.pattern("place_prepositions").pattern
    found = re.search(rf"(?:{before})\s+{re.escape(lexicon.fold(name.strip()))}(?!['\u2019]s\b|-|\w)", lexicon.fold(text), re.IGNORECASE)
    return found is not None


def places_written(text: str) -> list[str]:
    """The capitalised names the text writes right after a place preposition ("near Orm", "in
    Port Vell"), as written."""
    before = lexicon.pattern("place_prepositions").pattern
    found = []
    for m in re.finditer(rf"(?:{before})\s+((?:[\w'-]+\s*){{1,4}})", lexicon.fold(text)):
        words = []
        for word in m.group(1).split():
            if not word[:1].isupper():
                break
            words.append(word)
        if words:
            found.append(" ".join(words))
    return found
