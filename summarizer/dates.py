"""Turn a date expression as written ("Tuesday", "Mar. 3", "3 March 2031") into a date.

Relative expressions are resolved against the article's own date, and left unresolved when the
article has none: a guess would look like a fact.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import cache

from summarizer import lexicon
from summarizer.schemas import DateBasis

_YEAR = re.compile(r"\b(1[89]|20)\d{2}\b")
_NUMERIC_DATE = re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b")
_SETTINGS = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}


@cache
def _weekdays() -> tuple[tuple[str, int], ...]:
    """Every language's weekday names with their numbers (Monday 0), in the week's order."""
    return tuple(sorted(((k.casefold(), int(v)) for k, v in lexicon.mapping("weekdays").items()), key=lambda kv: kv[1]))


def _weekday_name(number: int) -> str:
    return next(name for name, n in _weekdays() if n == number)


@cache
def _months() -> str:
    """A regular expression of every language's month names and short forms, with an optional point."""
    names = sorted(lexicon.mapping("months"), key=len, reverse=True)
    return rf"(?:{'|'.join(re.escape(n) for n in names)})\.?"


def dateline_date(text: str, published: date | None) -> date | None:
    """The day a wire dateline opening one of the text's first lines writes ("PORT VELL, MARCH 12, ...",
    "Port Vell, Mar. 12 (NRA) -"): when the story was written, the day its "Tuesday" counts back from. Its
    year is the one written, else the page's (the year before when the day would come after the page)."""
    for line in text.lstrip().splitlines()[:12]:
        m = re.match(rf"\s*[A-Z][\w .'/-]{{1,40}},\s*(?P<month>{_months()})\s+(?P<day>\d{{1,2}})(?:,?\s+(?P<year>\d{{4}}))?\b",
                     line, re.IGNORECASE)
        if m is None:
            continue
        if m.group("year") is None and published is None:
            return None
        year = int(m.group("year") or published.year)
        month = int(next(v for k, v in lexicon.mapping("months").items()
                         if k.casefold() == m.group("month").rstrip(".").casefold()))
        try:
            found = date(year, month, int(m.group("day")))
        except ValueError:
            return None
        if m.group("year") is None and published is not None and found > published + timedelta(days=2):
            found = found.replace(year=year - 1) if not (month == 2 and found.day == 29) else found
        return found
    return None


def only_a_date(text: str) -> bool:
    """The text writes a date and nothing else: numbers, month and weekday names, punctuation."""
    rest = re.sub(rf"(?i)(?<!\w){_months()}(?!\w)", " ", text)
    rest = re.sub(r"(?i)(?<!\w)(?:" + "|".join(re.escape(name) for name, _ in _weekdays()) + r")(?!\w)", " ", rest)
    return bool(re.search(r"\d", text)) and not re.search(r"[^\W\d_]{2,}", rest)


def starts_with_month(text: str) -> bool:
    """The text starts with a month's name ("June" of "06 June 2024": the number before it is a day)."""
    return re.match(rf"\s*{_months()}(?!\w)", text, re.IGNORECASE) is not None


def ends_with_month(text: str) -> bool:
    """The text ends with a month's name ("Aug." of "Aug. 9": the number is a day of the month)."""
    return re.search(rf"(?<!\w){_months()}\s*$", text, re.IGNORECASE) is not None


def resolve_date(as_written: str, published: date | None) -> tuple[date | None, DateBasis]:
    """Resolve `as_written`; `published` is the article's own date, if it has one."""
    text = as_written.strip().lower()
    if not text:
        return None, DateBasis.UNRESOLVED

    offset = _relative_offset(text)
    if offset is not None:
        if published is None:
            return None, DateBasis.UNRESOLVED
        return published - timedelta(days=offset(published)), DateBasis.RELATIVE

    if _YEAR.search(text) or _NUMERIC_DATE.search(text):
        parsed = _parse(text, {"REQUIRE_PARTS": ["day", "month", "year"]})
        return _weekday_agrees(text, parsed, published, DateBasis.EXPLICIT)

    if published is None:
        return None, DateBasis.UNRESOLVED
    base = datetime.combine(published, datetime.min.time())
    parsed = _parse(text, {"REQUIRE_PARTS": ["day", "month"], "RELATIVE_BASE": base,
                           "PREFER_DATES_FROM": "past"})
    return _weekday_agrees(text, parsed, published, DateBasis.YEAR_INFERRED)


def year_slip(value: date, published: date | None) -> date | None:
    """The day an explicit date means when its year is a slip: written a year or more before the page was
    published, its month and day fall in the fortnight before the page ("January 14, 2022" in a report
    published 17 January 2023, the old year written by habit in January). None when it is no slip."""
    if published is None or value.year >= published.year:
        return None
    try:
        meant = value.replace(year=published.year)
    except ValueError:  # 29 February
        return None
    return meant if 0 <= (published - meant).days <= 14 and (published - value).days > 180 else None


def date_word(word: str) -> bool:
    """A weekday or a month, written whole or shortened ("Tue", "Sept")."""
    w = word.strip(".").lower()
    return len(w) >= 3 and (any(day.startswith(w) for day, _ in _weekdays())
                            or re.fullmatch(_months(), w, re.IGNORECASE) is not None)


def weekday_named(text: str) -> str | None:
    """The one weekday the text names, if it names exactly one."""
    named = [day for day, _ in _weekdays() if re.search(rf"\b{day}\b", text, re.IGNORECASE)]
    return named[0] if len(named) == 1 else None


def _weekday_agrees(text: str, parsed: date | None, published: date | None,
                    basis: DateBasis) -> tuple[date | None, DateBasis]:
    """A date whose own weekday says otherwise ("Tuesday (Jan 17)" when the 17th is a Wednesday)
    is a slip: only the weekday counts, as a relative date."""
    if parsed is None:
        return None, DateBasis.UNRESOLVED
    named = [i for day, i in _weekdays() if re.search(rf"\b{day}\b", text)]
    if named and parsed.weekday() not in named:
        if published is None:
            return None, DateBasis.UNRESOLVED
        return resolve_date(_weekday_name(named[0]), published)
    return parsed, basis




@cache
def _clock() -> re.Pattern[str]:
    """'12 p.m.', '9:30 am', '14:05', '18h30', an hour (and its minutes) with the lexicon's word for it
    ("10 o'clock", "10.30 Uhr"), and an hour and minutes with theirs ("15 год. 30 хв.": a short word for the hour counts only with the minutes)."""
    def minutes(group: str) -> str:
        return rf"\s*(?P<{group}>[0-5]\d)\s?(?:{lexicon.alternation('minute_words')})\b\.?"

    return re.compile(r"\b(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ampm>[ap])\.?\s*m\b\.?"
                      r"|\b(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)\b"
                      r"|\b(?P<hf>[01]?\d|2[0-3])\s?h\s?(?P<mf>[0-5]\d)?\b"
                      rf"|\b(?P<hs>[01]?\d|2[0-3])\s?(?:{lexicon.alternation('hour_abbreviations')})\.{minutes('ms')}"
                      rf"|\b(?P<hc>\d{{1,2}})(?:[.,](?P<mh>[0-5]\d))? (?:{lexicon.alternation('hour_words')})\b\.?"
                      rf"(?:{minutes('mc')})?", re.IGNORECASE)


def clock_times(text: str) -> list[tuple[int, int, int]]:
    """(minutes after midnight, start, end) of each clock time written in the text: '12 p.m.',
    '9:30 am', '14:05', '18h30', "10 o'clock" (read as morning)."""
    found = []
    for m in _clock().finditer(text):
        if m.group("h24") is not None:
            found.append((int(m.group("h24")) * 60 + int(m.group("m24")), m.start(), m.end()))
        elif m.group("hf") is not None:
            found.append((int(m.group("hf")) * 60 + int(m.group("mf") or 0), m.start(), m.end()))
        elif m.group("hs") is not None:
            found.append((int(m.group("hs")) * 60 + int(m.group("ms")), m.start(), m.end()))
        elif m.group("hc") is not None:
            minute = m.group("mc") or m.group("mh")  # "15 год. 30 хв.", "10.30 Uhr", "las 10,30 de la mañana"
            if minute is not None and int(m.group("hc")) <= 23:
                found.append((int(m.group("hc")) * 60 + int(minute), m.start(), m.end()))
            elif int(m.group("hc")) <= 12:
                found.append((int(m.group("hc")) % 12 * 60, m.start(), m.end()))
        else:
            hour, minute = int(m.group("h")), int(m.group("m") or 0)
            if hour <= 12 and minute <= 59:
                found.append((hour % 12 * 60 + (720 if m.group("ampm").lower() == "p" else 0) + minute,
                              m.start(), m.end()))
    return found


def clock_time(text: str) -> tuple[int, int, int] | None:
    """The first clock time written in the text (see clock_times), else noon, midday or midnight."""
    found = clock_times(text)
    if found:
        return found[0]
    for word, minutes in lexicon.mapping("clock_words").items():
        m = re.search(rf"\b{re.escape(word)}\b", text, re.IGNORECASE)
        if m:
            return int(minutes), m.start(), m.end()
    return None


def _relative_offset(text: str):
    """A function of the article date giving days back, when `text` is relative; else None."""
    for phrase, days in lexicon.mapping("relative_days").items():
        if re.search(rf"\b{re.escape(phrase.casefold())}\b", text):
            return lambda _published, days=int(days): days
    last = "|".join(re.escape(w.casefold()) for w in lexicon.entries("previous_week"))
    for name, number in _weekdays():
        if re.search(rf"\b{name}\b", text) and not _YEAR.search(text) and not re.search(r"\d", text):
            days_back = 7 if last and re.search(rf"\b(?:{last}) {name}\b", text) else 0
            # News convention: "on Thursday" in a story dated Thursday means that same day.
            return lambda published, number=number, extra=days_back: (
                (published.weekday() - number) % 7 + (extra if published.weekday() == number else 0)
            )
    return None


def _parse(text: str, settings: dict) -> date | None:
    if any(p.fullmatch(text.strip()) for p in _full_date_patterns()):
        # a whole date as written ("Jan. 4, 2031", "4 January 2031", "2031-01-04", "1/4/2031", read
        # month first as dateparser reads English): dateutil's parser reads these as dateparser does,
        # whatever the settings, and dateparser takes a fifth of a second to load and set up, the
        # most of any step in a run whose answers are all cached. What dateutil cannot read goes on
        # to dateparser (which reads "2031-18-02" as 18 February)
        from dateutil import parser

        try:
            return parser.parse(text).date()
        except (ValueError, OverflowError):  # "Feb. 30, 2031": dateparser has the last word
            pass
    import dateparser

    parsed = dateparser.parse(text, languages=list(lexicon.languages()), settings={**_SETTINGS, **settings})
    return parsed.date() if parsed else None


def date_expression(text: str) -> str | None:
    """The first date expression written in `text` ("Jan. 4, 2031", "March 3", "Tuesday")."""
    for pattern in (*_full_date_patterns(), *_partial_date_patterns()):
        match = pattern.search(text)
        if match:
            return match.group(0)
    return None


def find_date(text: str) -> date | None:
    """A full date (day, month and year) written in `text`, or None."""
    for pattern in _full_date_patterns():
        match = pattern.search(text)
        if match:
            parsed = _parse(match.group(0), {"REQUIRE_PARTS": ["day", "month", "year"]})
            if parsed:
                return parsed
    return None


@cache
def _full_date_patterns() -> tuple[re.Pattern[str], ...]:
    month = _months()
    return (
        re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
        re.compile(rf"\b{month}\s+\d{{1,2}},?\s+\d{{4}}\b", re.IGNORECASE),
        re.compile(rf"\b\d{{1,2}}\s+{month}\s+\d{{4}}\b", re.IGNORECASE),
        re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b"),
    )


@cache
def _partial_date_patterns() -> tuple[re.Pattern[str], ...]:
    """A month and a day ("Mar. 3", "3 March"); a weekday or a relative day ("last Tuesday", "yesterday")."""
    month = _months()
    last, relative = lexicon.alternation("previous_week"), lexicon.alternation("relative_days")
    days = "|".join(re.escape(d) for d, _ in _weekdays())
    return (
        re.compile(rf"\b{month}\s+\d{{1,2}}\b", re.IGNORECASE),
        re.compile(rf"\b\d{{1,2}}\s+{month}", re.IGNORECASE),
        re.compile(rf"\b(?:(?:(?:{last}) )?(?:{days})|{relative})\b", re.IGNORECASE),
    )
