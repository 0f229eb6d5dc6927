"""A briefing as an ACLED row: one row per event, in the 31 columns of ACLED's data and their order,
each coded by ACLED's codebook where the briefing can tell it.

The codebook followed is ACLED's of 2023 (the one that added disorder_type, civilian_targeting and
tags), whose inter1 and inter2 are numbers: 1 state forces, 2 rebel groups, 3 political militias,
4 identity militias, 5 rioters, 6 protesters, 7 civilians, 8 external/other forces; the interaction
is both, the lower first ("17"), and a one-sided event's missing second actor is 0 ("10"). ACLED's
later exports write these codes as words; this row keeps the numbers.

How each column is filled:
- event_id_cnty: the country's ISO alpha-3 and a number of the briefing's own: the first six hex
  digits of the sha256 of its article ids (sorted, one a line), as a decimal number; the same
  articles give the same id. Empty when the country is none ISO 3166 knows.
- event_date, year, time_precision: the merged date; 1 the articles say the day, 2 only the pages'
  own dates give it (the week it was reported).
- disorder_type: "Political violence", which every event type below is.
- event_type, sub_event_type: from the weapon (EVENT_TYPES).
- actor1: the perpetrator. actor2: the target group, else the first target. assoc_actor_2: the
  other targets that are actors of the briefing and not people.
- inter1, inter2: from the actors' kinds. A state, its government or its armed forces is 1 in its
  own country and 8 abroad (the codebook counts state forces outside their country as external), so
  it needs the country its names name ("Redlandic Air Force") and the event's; an international
  organisation is 8; a target the lexicon calls civilians ("civilians", "residents") is 7. Rebels
  and political or identity militias differ by aims the briefing does not hold: their code stays
  empty, and so does an interaction with an empty code.
- civilian_targeting: "Civilian targeting" when actor2 is civilians: civilians were the target, not
  harmed beside it (those show in the notes' civilian harm).
- iso, region, country: ISO 3166-1 numeric; ACLED's region of the country's UN M49 subregion
  (REGIONS, REGION_OF); the country as the sources name it, else the country of the town found.
- admin1, location, latitude, longitude, geo_precision: the city as the gazetteer finds it
  (gazetteer.py): a town is its coordinates, its province and precision 1; a part of a town or a
  place near it ("northern X", "outskirts of X") is the town at precision 2; a province ("X
  Oblast") is precision 3 without coordinates; a place the gazetteer lacks keeps the sources'
  wording at precision 3 without coordinates: the codebook codes a point it knows, and no capital or
  centroid stands in for one.
- source: the outlets (else titles, else file names), each once, "; "-separated.
- notes: the briefing's summary, the facts the other columns leave out, every disagreement of the
  sources with its values, and what the gazetteer made of the place; never an internal id.
- fatalities: the most conservative estimate, as ACLED codes it: the lowest total a source stands by
  (casualties.source_totals: none a named victim exceeds, that a later report of its source raised,
  or that one source alone gives far above the others'); with no total, the briefing's toll (the
  named victims); 0 when no article gives a toll, as ACLED codes reports that give none. The notes
  say when sources give more.
- timestamp: when the briefing's run was made, in Unix seconds (ACLED's is when its row last changed).

Empty, since a briefing cannot know them: assoc_actor_1 (the attacker's allies or identity: a
briefing has one perpetrator); admin2 and admin3 (the gazetteer knows first-level subdivisions
only); source_scale (how local or international each outlet is: a briefing knows outlets by name
only); tags (ACLED's own reviewed list: crowd sizes, women targeted, tags of one context; none is a
fact a briefing holds).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path

from summarizer import gazetteer, lexicon
from summarizer.entities import names
from summarizer.facts.casualties import outliers, source_totals
from summarizer.gazetteer import Country, Place
from summarizer.schemas import (
    ActorKind,
    Briefing,
    BriefingActor,
    Conflict,
    CountOf,
    DateBasis,
    Weapon,
)

# ACLED's event type and sub-event type for each weapon (ACLED codebook, "Explosions/Remote violence").
EVENT_TYPES: dict[Weapon | None, tuple[str, str]] = {
    Weapon.DRONE: ("Explosions/Remote violence", "Air/drone strike"),
    Weapon.AIRCRAFT: ("Explosions/Remote violence", "Air/drone strike"),
    Weapon.AIR_STRIKE_UNSPECIFIED: ("Explosions/Remote violence", "Air/drone strike"),
    Weapon.MISSILE: ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    Weapon.ROCKET: ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    Weapon.ARTILLERY: ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    Weapon.EXPLOSIVE_DEVICE: ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    Weapon.GROUND_RAID: ("Battles", "Armed clash"),
    Weapon.OTHER: ("Explosions/Remote violence", ""),
    None: ("Explosions/Remote violence", ""),
}
# ACLED's time precision: 1 the day is known, 2 the week, 3 the month. A date that only the pages'
# own dates give says when the articles were written: the strike was that week.
DAY, WEEK = "1", "2"
# ACLED's geo precision: 1 the town (or its outskirts), 2 near a town or a part of a region, 3 a region.
TOWN, NEAR_TOWN, REGION = "1", "2", "3"
STATE_FORCES, CIVILIANS, EXTERNAL_FORCES = "1", "7", "8"
CIVILIAN_TARGETING = "Civilian targeting"
# ACLED's regions by the country's UN M49 subregion (as CLDR names them), with the countries ACLED
# places elsewhere: Iran is M49's Southern Asia and ACLED's Middle East; the Caucasus, M49's
# Western Asia, is in ACLED's "Caucasus and Central Asia"; Antarctica is a region of its own.
REGIONS = {
    "Northern Africa": "Northern Africa", "Western Africa": "Western Africa", "Middle Africa": "Middle Africa",
    "Eastern Africa": "Eastern Africa", "Southern Africa": "Southern Africa", "Southern Asia": "South Asia",
    "Southeast Asia": "Southeast Asia", "Eastern Asia": "East Asia", "Western Asia": "Middle East",
    "Central Asia": "Caucasus and Central Asia", "Northern Europe": "Europe", "Western Europe": "Europe",
    "Eastern Europe": "Europe", "Southern Europe": "Europe", "Caribbean": "Caribbean",
    "Central America": "Central America", "South America": "South America", "Northern America": "North America",
    "Australasia": "Oceania", "Melanesia": "Oceania", "Micronesian Region": "Oceania", "Polynesia": "Oceania",
}
REGION_OF = {"IR": "Middle East", "AM": "Caucasus and Central Asia", "AZ": "Caucasus and Central Asia",
             "GE": "Caucasus and Central Asia", "AQ": "Antarctica"}
_STATE_KINDS = (ActorKind.STATE, ActorKind.GOVERNMENT, ActorKind.MILITARY)
_ARMED_KINDS = (*_STATE_KINDS, ActorKind.MILITIA, ActorKind.ARMED_GROUP)
# A cell starting with one of these is a formula to a spreadsheet; article text must never be one.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


@dataclass
class _Event:
    """What a row is coded from: the briefing, and what the gazetteer and the codebook make of it."""

    b: Briefing
    country: Country | None
    place: Place | None
    precision: str
    actor2: str
    inter1: str
    inter2: str
    fatalities: int


def _code(b: Briefing) -> _Event:
    e = b.event
    named = gazetteer.country(e.country.value) if e.country.value else None
    place, precision = _locate(e.city.value, named, given=bool(e.country.value))
    country = named or (gazetteer.country(place.alpha2) if place else None)
    home = country.alpha2 if country else _country_key(e.country.value) if e.country.value else None
    actors = {a.id: a for a in b.actors}
    if e.target_group.value:  # actor2: the target group, else the first target
        actor2, of = e.target_group.value, actors.get(e.target_group_actor)
    else:
        actor2, of = (e.targets[0].name, actors.get(e.targets[0].actor_id)) if e.targets else ("", None)
    return _Event(b, country, place, precision, actor2,
                  _inter(e.perpetrator.value or "", actors.get(e.perpetrator_actor), b, home),
                  _inter(actor2, of, b, home), _fatalities(b))


def _locate(name: str | None, country: Country | None, given: bool) -> tuple[Place | None, str]:
    """The place the city names and ACLED's geo precision for it (see the module's docstring)."""
    if not name or (given and country is None):  # no city, or a country the gazetteer lacks
        return None, REGION if name or given else ""
    alpha2 = country.alpha2 if country else None
    if found := gazetteer.town(name, alpha2):
        return found, TOWN
    if found := gazetteer.province(name, alpha2):
        return found, REGION
    words = re.sub(r"['\u2019]s\b", "", name).split()  # "Orm's southern suburbs": Orm
    core = " ".join(w for w in words if not lexicon.says("place_parts", w))
    if core and core != name.strip():
        if any(lexicon.says("province_words", w) for w in words):  # "the Orm region": the province
            if found := gazetteer.province(core, alpha2):
                return found, REGION
        elif found := gazetteer.town(core, alpha2):
            return found, NEAR_TOWN
    return None, REGION


def _inter(name: str, actor: BriefingActor | None, b: Briefing, home: str | None) -> str:
    """ACLED's type of a named actor (see the module's docstring); empty when the briefing cannot tell."""
    if not name:
        return ""
    kind = actor.kind if actor and actor.kind else ActorKind.STATE if gazetteer.country(name) else None
    if kind in _STATE_KINDS:
        own = _country_of([name, *(actor.aliases + actor.affiliations if actor else [])], b)
        return "" if own is None or home is None else STATE_FORCES if own == home else EXTERNAL_FORCES
    if kind is ActorKind.INTERNATIONAL_ORGANIZATION:
        return EXTERNAL_FORCES
    return CIVILIANS if kind not in _ARMED_KINDS and lexicon.says("civilians", name) else ""


def _country_of(texts: list[str], b: Briefing) -> str | None:
    """The country an actor's names name ("Redlandic Air Force" names Redland), as _country_key
    gives it: a country ISO knows or one of the briefing's states, the longest name first."""
    states = [n for a in b.actors if a.kind is ActorKind.STATE for n in (a.name, *a.aliases)]
    states += [b.event.country.value] if b.event.country.value else []
    known = sorted([*gazetteer.country_names(), *((n, _country_key(n)) for n in states)], key=lambda p: -len(p[0]))
    return next((key for text in texts for name, key in known if names(text, name)), None)


def _country_key(name: str) -> str:
    """A country as a key: its ISO code, else (a country ISO does not know) its name, case-folded."""
    found = gazetteer.country(name)
    return found.alpha2 if found else name.strip().casefold()


def _fatalities(b: Briefing) -> int:
    """The lowest total a source stands by (see the module's docstring); an analyst's correction of the
    toll wins."""
    if any(c.field == "killed" and not c.accept for c in b.corrections):
        return b.event.killed.value or 0
    counts = [c for c in b.event.counts if c.of is CountOf.KILLED]
    copies = {a.id: a.copy_of or a.id for a in b.articles}
    flagged, _ = outliers(counts, CountOf.KILLED, copies)
    given = source_totals([c for c in counts if c not in flagged], CountOf.KILLED, copies,
                          {a.id: a.published for a in b.articles})
    return min(given) if given else b.event.killed.value or 0


def _event_id(v: _Event) -> str:
    if v.country is None:
        return ""
    ids = "\n".join(sorted(a.id for a in v.b.articles))
    return f"{v.country.alpha3}{int(hashlib.sha256(ids.encode()).hexdigest()[:6], 16)}"


def _interaction(v: _Event) -> str:
    if not v.inter1 or (v.actor2 and not v.inter2):
        return ""
    return "".join(sorted((v.inter1, v.inter2))) if v.actor2 else v.inter1 + "0"


def _coordinate(v: _Event, i: int) -> str:
    value = (v.place.latitude, v.place.longitude)[i] if v.place else None
    return "" if value is None else f"{value:.4f}"


def _date(v: _Event, show: Callable[[date], str]) -> str:
    return "" if v.b.event.date.value is None else show(v.b.event.date.value)


def _time_precision(v: _Event) -> str:
    e = v.b.event
    reported = any(c.value == e.date.value and c.basis is not DateBasis.PAGE for c in e.date.claims)
    return "" if e.date.value is None else DAY if reported else WEEK


def _assoc_targets(v: _Event) -> str:
    actors = {a.id: a for a in v.b.actors}
    return "; ".join(t.name for t in v.b.event.targets if t.name != v.actor2 and t.actor_id in actors
                     and actors[t.actor_id].kind not in (None, ActorKind.PERSON))


def _sources(v: _Event) -> str:
    return "; ".join(dict.fromkeys(a.outlet or a.title or Path(a.source).name for a in v.b.articles))


# Each column of ACLED's data, in ACLED's order, with what fills it.
FILL: dict[str, Callable[[_Event], str]] = {
    "event_id_cnty": _event_id,
    "event_date": lambda v: _date(v, lambda d: d.isoformat()),
    "year": lambda v: _date(v, lambda d: str(d.year)),
    "time_precision": _time_precision,
    "disorder_type": lambda v: "Political violence",
    "event_type": lambda v: EVENT_TYPES[v.b.event.weapon.value][0],
    "sub_event_type": lambda v: EVENT_TYPES[v.b.event.weapon.value][1],
    "actor1": lambda v: v.b.event.perpetrator.value or "",
    "assoc_actor_1": lambda v: "",
    "inter1": lambda v: v.inter1,
    "actor2": lambda v: v.actor2,
    "assoc_actor_2": _assoc_targets,
    "inter2": lambda v: v.inter2,
    "interaction": _interaction,
    "civilian_targeting": lambda v: CIVILIAN_TARGETING if v.inter2 == CIVILIANS else "",
    "iso": lambda v: str(v.country.numeric) if v.country and v.country.numeric is not None else "",
    "region": lambda v: (REGION_OF.get(v.country.alpha2) or REGIONS.get(v.country.subregion, "")) if v.country else "",
    "country": lambda v: v.b.event.country.value or (v.country.name if v.country else ""),
    "admin1": lambda v: v.place.admin1 if v.place else "",
    "admin2": lambda v: "",
    "admin3": lambda v: "",
    "location": lambda v: v.place.name if v.place else v.b.event.city.value or "",
    "latitude": lambda v: _coordinate(v, 0),
    "longitude": lambda v: _coordinate(v, 1),
    "geo_precision": lambda v: v.precision,
    "source": _sources,
    "source_scale": lambda v: "",
    "notes": lambda v: notes(v.b, v),
    "fatalities": lambda v: str(v.fatalities),
    "tags": lambda v: "",
    "timestamp": lambda v: str(int(v.b.run.created_at.timestamp())),
}
COLUMNS = tuple(FILL)


def acled_row(briefing: Briefing) -> dict[str, str]:
    coded = _code(briefing)
    return {column: fill(coded) for column, fill in FILL.items()}


def notes(briefing: Briefing, coded: _Event | None = None) -> str:
    """What happened (the briefing's summary), the facts the other columns leave out, each
    disagreement between the sources with its values, and what the gazetteer made of the place."""
    v = coded or _code(briefing)
    e = briefing.event
    facts = [(label, fact.value) for label, fact in (
        ("local time", e.local_time), ("site", e.site), ("weapon", e.weapon), ("injured", e.injured),
        ("civilian harm", e.civilian_harm), ("stated justification", e.justification))]
    parts = [f"{label}: {_plain(value)}".rstrip(".") for label, value in facts if value is not None]
    if e.targets:
        parts.insert(0, "targets: " + ", ".join(t.name for t in e.targets))
    said = [s.text.strip() for s in briefing.summary or []]
    if parts:
        said.append(parts[0][0].upper() + "; ".join(parts)[1:] + ".")
    said += [f"{note}." for note in e.killed.notes]
    said += [_disagreement(c, v.fatalities) for c in briefing.conflicts]
    if e.killed.value is None:
        said.append("No article gives a death toll: fatalities coded 0, as ACLED codes reports of none.")
    return " ".join(said + _placed(v)).strip()


def _disagreement(conflict: Conflict, fatalities: int) -> str:
    values = " / ".join(f"{_plain(v.value)} ({len(v.articles)} article{'s' if len(v.articles) != 1 else ''}"
                        + (f", said by {', '.join(v.said_by)}" if v.said_by else "") + ")" for v in conflict.values)
    resolution = (f"fatalities coded as {fatalities}, the lowest total a source stands by (ACLED codes the most "
                  "conservative)" if conflict.field == "event.killed" else conflict.resolution)
    return f"Sources disagree on {_field(conflict.field)}: {values}; {resolution}."


def _field(field: str) -> str:
    """A conflict's field in words: "event.killed" is "killed", "actor a3 (Mira Hale) rank" "the rank of Mira Hale"."""
    actor = re.fullmatch(r"actor \S+ \((.+)\) (\w+)", field)
    return f"the {actor[2]} of {actor[1]}" if actor else field.removeprefix("event.")


def _placed(v: _Event) -> list[str]:
    """What the gazetteer made of the place, where it is not the sources' own word for it."""
    written, place = v.b.event.city.value, v.place
    if not written:
        return []
    if place is None:
        return [f"The gazetteer does not place {written}: no coordinates."]
    said = [] if gazetteer.same_name(written, place.name) else [f"The sources write the place as {written}."]
    if place.namesakes:
        said.append(f"{place.namesakes + 1} places of the gazetteer are named {place.name}"
                    f"{' in ' + v.country.name if v.b.event.country.value and v.country else ''}: "
                    "the most populous is coded.")
    return said


def acled_csv(briefings: Briefing | Iterable[Briefing]) -> str:
    """A header and one row per briefing."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for briefing in [briefings] if isinstance(briefings, Briefing) else briefings:
        writer.writerow({k: _inert(v) for k, v in acled_row(briefing).items()})
    return out.getvalue()


def _plain(value: object) -> str:
    return value.value.replace("_", " ") if isinstance(value, Enum) else str(value)


def _inert(cell: str) -> str:
    """A cell a spreadsheet shows as text, never runs (OWASP's CSV injection advice: a leading quote);
    a plain number ("-12.0432", a longitude) is no formula."""
    return "'" + cell if cell.startswith(_FORMULA_START) and not _NUMBER.fullmatch(cell) else cell
