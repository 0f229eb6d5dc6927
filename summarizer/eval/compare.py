"""Comparators: is a found value the gold value? Strict on purpose: a name matches only a listed
spelling after normalisation (case, accents, punctuation, a leading "the"), a date only the same
day, a number only the value or range. What counts as right is written in the gold file."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, ClassVar, Protocol

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


# --- One comparator per kind of fact (facts.EVENT_FIELDS names each field's): what a gold fact of the
# kind must hold, whether a found value is right, and why not. ------------------------------------------


class Judge(Protocol):
    """What a comparator may ask the scorer: which actor a name is in the briefing, and in the gold."""

    def right_actor(self, field: str, found: str, expected: list[str], alone: bool) -> bool: ...


class Comparator:
    kind: ClassVar[str]

    def check(self, fact: Any) -> None:
        """Raise ValueError when a gold fact of this kind does not hold what it needs (here: a string)."""
        if not isinstance(fact.value, str):
            raise ValueError(f"a {self.kind} fact needs a string value, not {fact.value!r}")

    def same(self, found: Any, expected: Any, fact: Any, *, alone: bool, judge: Judge, field: str) -> bool:
        raise NotImplementedError

    def why(self, found: Any, expected: Any, fact: Any) -> str:
        """Why `found` is not right (it is not)."""
        return f"another {self.kind}"


class DateComparator(Comparator):
    kind = "date"

    def check(self, fact: Any) -> None:
        if not isinstance(fact.value, date):
            raise ValueError(f"a date fact needs a YYYY-MM-DD value, not {fact.value!r}")

    def same(self, found, expected, fact, *, alone, judge, field):
        return same_date(found, as_date(expected))

    def why(self, found, expected, fact):
        day = as_date(found)
        return f"another day ({(day - as_date(expected)).days:+d} days)" if day else "not a date"


class TimeComparator(Comparator):
    kind = "time"

    def same(self, found, expected, fact, *, alone, judge, field):
        return same_time(str(found), str(expected), 0 if alone else fact.tolerance_minutes)

    def why(self, found, expected, fact):
        a, b = clock_minutes(str(found)), clock_minutes(str(expected))
        return "no clock time in it" if a is None or b is None else \
            f"{a - b:+d} minutes off (tolerance {fact.tolerance_minutes})"


class NameComparator(Comparator):
    kind = "name"

    def same(self, found, expected, fact, *, alone, judge, field):
        return same_name(str(found), [str(expected), *([] if alone else fact.aliases)])

    def why(self, found, expected, fact):
        return "not one of the gold spellings"


class ActorComparator(Comparator):
    kind = "actor"

    def check(self, fact: Any) -> None:
        if not (isinstance(fact.value, list) and all(isinstance(k, str) for k in fact.value)):
            raise ValueError("an actor fact's value is a list of actor keys")

    def same(self, found, expected, fact, *, alone, judge, field):
        return judge.right_actor(field, str(found), expected, alone)

    def why(self, found, expected, fact):
        return "another actor"


class ActorsComparator(ActorComparator):
    kind = "actors"

    def why(self, found, expected, fact):
        return "targets missing or not in the gold"


class EnumComparator(Comparator):
    kind = "enum"

    def same(self, found, expected, fact, *, alone, judge, field):
        return str(getattr(found, "value", found)) in {str(expected), *([] if alone else fact.accept)}

    def why(self, found, expected, fact):
        return "another value"


class NumberComparator(Comparator):
    kind = "number"

    def check(self, fact: Any) -> None:
        if isinstance(fact.value, bool) or not isinstance(fact.value, int | float):
            raise ValueError(f"a number fact needs a number, not {fact.value!r}")

    def same(self, found, expected, fact, *, alone, judge, field):
        return in_number(found, expected, None if alone else fact.range)

    def why(self, found, expected, fact):
        if isinstance(found, bool) or not isinstance(found, int | float):
            return "not a number"
        if fact.range is not None:
            return f"outside {fact.range[0]:g}-{fact.range[1]:g}"
        return f"off by {found - expected:+g}"


class TextComparator(Comparator):
    kind = "text"

    def check(self, fact: Any) -> None:
        super().check(fact)
        if not fact.contains:
            raise ValueError("a text fact needs `contains`: the phrases a right answer must hold")

    def same(self, found, expected, fact, *, alone, judge, field):
        return same_name(str(found), [str(expected)]) if alone else contains_all(str(found), fact.contains)

    def why(self, found, expected, fact):
        missing = [p for p in fact.contains if not contains_all(str(found), [p])]
        return f"lacks {', '.join(repr(p) for p in missing)}" if missing else "another wording"


COMPARATORS: dict[str, Comparator] = {c.kind: c for c in (
    DateComparator(), TimeComparator(), NameComparator(), ActorComparator(), ActorsComparator(), EnumComparator(),
    NumberComparator(), TextComparator())}


def judged(found: Any, expected: Any, fact: Any, *, judge: Judge, field: str, alone: bool = False) -> tuple[bool, str | None]:
    """Whether `found` is right for the gold fact, and why not. No value is right only where no article gives one."""
    if expected is None or found is None:
        right = expected is None and found is None
        return right, None if right else "no value shown" if found is None else "a value where no article gives one"
    comparator = COMPARATORS[fact.type]
    right = comparator.same(found, expected, fact, alone=alone, judge=judge, field=field)
    return right, None if right else comparator.why(found, expected, fact)
