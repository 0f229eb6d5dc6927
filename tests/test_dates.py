from datetime import date

import pytest

from summarizer.dates import find_date, resolve_date
from summarizer.schemas import DateBasis

TUESDAY = date(2031, 3, 11)


@pytest.mark.parametrize("written, expected", [
    ("Tuesday", date(2031, 3, 11)),  # a story dated Tuesday: "Tuesday" is that day
    ("on Tuesday night", date(2031, 3, 11)),
    ("Sunday", date(2031, 3, 9)),
    ("last Tuesday", date(2031, 3, 4)),
    ("yesterday", date(2031, 3, 10)),
])
def test_relative_dates_resolve_against_the_article_date(written, expected):
    assert resolve_date(written, TUESDAY) == (expected, DateBasis.RELATIVE)


def test_relative_date_without_article_date_stays_unresolved():
    assert resolve_date("Tuesday", None) == (None, DateBasis.UNRESOLVED)
    assert resolve_date("March 9", None) == (None, DateBasis.UNRESOLVED)


@pytest.mark.parametrize("written", ["March 9, 2031", "9 March 2031", "2031-03-09", "Mar. 9, 2031"])
def test_explicit_dates_ignore_the_article_date(written):
    assert resolve_date(written, date(2035, 1, 1)) == (date(2031, 3, 9), DateBasis.EXPLICIT)


def test_day_and_month_take_the_year_of_the_article():
    assert resolve_date("March 9", TUESDAY) == (date(2031, 3, 9), DateBasis.YEAR_INFERRED)
    # A December strike reported in January belongs to the year before.
    assert resolve_date("Dec. 30", date(2032, 1, 2)) == (date(2031, 12, 30), DateBasis.YEAR_INFERRED)


def test_nonsense_is_unresolved():
    assert resolve_date("recently", TUESDAY) == (None, DateBasis.UNRESOLVED)
    assert resolve_date("", TUESDAY) == (None, DateBasis.UNRESOLVED)


def test_find_date_reads_header_forms():
    assert find_date("Mar. 12, 2031 / 6:40 AM") == date(2031, 3, 12)
    assert find_date("Updated: 3/12/2031") == date(2031, 3, 12)
    assert find_date("posted 2031-03-12 Trending") == date(2031, 3, 12)
    assert find_date("World News") is None
    assert find_date("12 Sept. 2031") == date(2031, 9, 12)
    assert find_date("Updated: 13/3/2031") == date(2031, 3, 13)  # no 13th month: day first
    assert find_date("Feb. 30, 2031") is None  # no such day


def test_a_date_whose_weekday_says_otherwise_counts_only_as_its_weekday():
    # 17 March 2031 is a Monday: "Tuesday (March 17)" is a slip, so only "Tuesday" counts
    assert resolve_date("Tuesday (March 17)", date(2031, 3, 20)) == (date(2031, 3, 18), DateBasis.RELATIVE)
    assert resolve_date("Tuesday, March 18, 2031", None) == (date(2031, 3, 18), DateBasis.EXPLICIT)
    assert resolve_date("Tuesday, March 17, 2031", None) == (None, DateBasis.UNRESOLVED)


def test_an_old_year_written_by_habit_in_a_report_of_the_next_days_is_a_slip():
    from summarizer.dates import year_slip

    assert year_slip(date(2030, 1, 14), date(2031, 1, 17)) == date(2031, 1, 14)
    assert year_slip(date(2029, 1, 14), date(2031, 1, 17)) == date(2031, 1, 14)
    assert year_slip(date(2030, 3, 3), date(2031, 1, 17)) is None  # an earlier attack, not a slip
    assert year_slip(date(2031, 1, 14), date(2031, 1, 17)) is None
    assert year_slip(date(2030, 1, 14), None) is None


def test_an_hour_and_minutes_written_with_words_is_a_clock_time():
    # official statements in Ukrainian and Russian write "15 год. 30 хв."; "год" alone is also Russian for a year
    from summarizer.dates import clock_time

    assert clock_time("ракета влучила в будинок в Ормі о 15 год. 30 хв.")[0] == 15 * 60 + 30
    assert clock_time("в 15 часов 30 минут")[0] == 15 * 60 + 30
    assert clock_time("vers 10 heures")[0] == 600
    assert clock_time("в 2023 год") is None and clock_time("1 год назад") is None
    # the minutes after a point or a comma, before the word for the hour (Spanish, German)
    assert clock_time("Eran las 10,30 de la mañana cuando los aviones atacaron")[0] == 10 * 60 + 30
    assert clock_time("um 21.15 Uhr schlug die Rakete ein")[0] == 21 * 60 + 15
    assert clock_time("rund 2,5 Stunden") is None
