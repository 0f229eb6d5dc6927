"""Comparators: is a found value the gold value? Strict on purpose: a name matches only a listed
spelling after normalisation (case, accents, punctuation, a leading "the"), a date only the same
day, a number only the value or range. What counts as right is written in the gold file."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from summarizer.dates import clock_time

_PUNCT = re.compile(r"[\u2010-\u2015\-_/]+")
_DROP = re.compile(r"[.'\u2019`\u2018,\"\u201c\u201d()\[\]]")


def name_key(name: str) -> str:
    """A name in the form compared: no accents, case, dots or apostrophes, hyphens as spaces,
    no leading 'the'. 'U.S.' -> 'us', 'Ta'ir' -> 'tair', 'al-Oss' -> 'al oss'."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _PUNCT.sub(" ", _DROP.sub("", text))
    text = " ".join(text.split())
    return text[4:] if text.startswith("the ") else text


def same_name(found: str | None, names: Iterable[str]) -> bool:
    return found is not None and name_key(found) in {name_key(n) for n in names}


def same_date(found: Any, expected: date) -> bool:
    return as_date(found) == expected


def as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def in_number(found: Any, value: float | None, low_high: tuple[float, float] | None = None) -> bool:
    if isinstance(found, bool) or not isinstance(found, int | float):
        return False
    if low_high is not None:
        return low_high[0] <= found <= low_high[1]
    return found == value


def clock_minutes(text: str | None) -> int | None:
    """Minutes after midnight of the first clock time in the text: '12 p.m.', '9:30 am', '14:05', 'noon'."""
    found = clock_time(text or "")
    return found[0] if found else None


def same_time(found: str | None, expected: str, tolerance_minutes: int = 0) -> bool:
    a, b = clock_minutes(found), clock_minutes(expected)
    return a is not None and b is not None and abs(a - b) <= tolerance_minutes


def contains_all(found: str | None, phrases: list[str]) -> bool:
    """Every phrase is in the text (after normalisation); 'a|b' in a phrase means either."""
    if not found:
        return False
    text = f" {name_key(found)} "
    return all(any(f" {name_key(alt)} " in text for alt in phrase.split("|")) for phrase in phrases)
