"""A briefing as an ACLED-style CSV row: one row per event, in the columns an analyst's event
table uses (ACLED codebook: event_date, time_precision, sub_event_type, actor1, actor2, location,
fatalities, notes, source)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from enum import Enum
from pathlib import Path

from summarizer.schemas import Briefing, DateBasis, Weapon

COLUMNS = ("event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2", "country",
           "location", "fatalities", "notes", "source")

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
# A cell starting with one of these is a formula to a spreadsheet; article text must never be one.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def acled_row(briefing: Briefing) -> dict[str, str]:
    e = briefing.event
    event_type, sub_event_type = EVENT_TYPES[e.weapon.value]
    reported = any(c.value == e.date.value and c.basis is not DateBasis.PAGE for c in e.date.claims)
    target = e.target_group.value or next((t.name for t in e.targets), None)
    return {
        "event_date": e.date.value.isoformat() if e.date.value else "",
        "time_precision": "" if e.date.value is None else DAY if reported else WEEK,
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor1": e.perpetrator.value or "",
        "actor2": target or "",
        "country": e.country.value or "",
        "location": e.city.value or "",
        "fatalities": "" if e.killed.value is None else str(e.killed.value),
        "notes": notes(briefing),
        "source": "; ".join(a.outlet or a.title or Path(a.source).name for a in briefing.articles),
    }


def notes(briefing: Briefing) -> str:
    """What happened in one line, then each disagreement between the sources with its values."""
    e = briefing.event
    facts = [(label, fact.value) for label, fact in (
        ("local time", e.local_time), ("site", e.site), ("weapon", e.weapon), ("injured", e.injured),
        ("civilian harm", e.civilian_harm), ("stated justification", e.justification))]
    parts = [f"{label}: {_plain(value)}".rstrip(".") for label, value in facts if value is not None]
    if e.targets:
        parts.insert(0, "targets: " + ", ".join(t.name for t in e.targets))
    text = "; ".join(parts) + "." if parts else ""
    for conflict in briefing.conflicts:
        values = " / ".join(f"{v.value} ({len(v.articles)} article{'s' if len(v.articles) != 1 else ''}"
                            + (f", said by {', '.join(v.said_by)}" if v.said_by else "") + ")" for v in conflict.values)
        text += f" Sources disagree on {conflict.field.removeprefix('event.')}: {values}; {conflict.resolution}."
    return text.strip()


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
    """A cell a spreadsheet shows as text, never runs (OWASP's CSV injection advice: a leading quote)."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell
