"""Places: what the ISO 3166-2 list of countries' subdivisions (via pycountry) says of a place name, and
which names a text writes as places (after a place preposition of the lexicon)."""

from __future__ import annotations

import gettext
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


@cache
def _country_names() -> dict[str, str]:
    """Every country's name, common and official name, and its name in each language pycountry
    translates it to (folded to Latin letters) -> its alpha-2 code."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for name in (country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)):
            if name:
                names[anyascii(name).casefold()] = country.alpha_2
    for locale in sorted(Path(pycountry.LOCALES_DIR).iterdir()):
        try:
            translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[locale.name])
        except OSError:
            continue
        for country in pycountry.countries:
            names.setdefault(anyascii(translation.gettext(country.name)).casefold(), country.alpha_2)
    return names


def country_named(name: str) -> str | None:
    """The ISO 3166 alpha-2 code of the country so named, in any language pycountry knows; None when none is."""
    key = anyascii(name).casefold().strip()
    if not key:
        return None
    found = _country_names().get(key)
    if found:
        return found
    try:
        return pycountry.countries.lookup(name.strip()).alpha_2
    except LookupError:
        return None


def country_code(name: str) -> str | None:
    """The code of the country so named (`country_named`), or of the one country with a province of
    that name; None when neither says."""
    return country_named(name) or (region_country(name) if name.strip() else None)

