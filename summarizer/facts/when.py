"""When: the strike's date and local time as the article writes them, the checks that keep a page's
own date or a time in another zone out, and the merge of the articles' dates."""

from __future__ import annotations

import re
from collections.abc import Hashable
from datetime import date, timedelta

from summarizer import answers, lexicon
from summarizer.claims import REWORDED, SHORT_QUOTE, ClaimBuilder, as_written, by_rule, says_a_strike, strike_section
from summarizer.dates import (
    clock_time,
    date_expression,
    dateline_date,
    only_a_date,
    resolve_date,
    weekday_named,
    year_slip,
)
from summarizer.entities import refines
from summarizer.ingest import is_page_furniture
from summarizer.ledger import fact_status, independent_sources, merge_fact, most_articles
from summarizer.places import places_written
from summarizer.schemas import ArticleExtraction, Claim, Conflict, DateBasis, DateClaim, DateFact, Evidence

RULE = ("only dates some article writes in the strongest form count (explicit or year-inferred beats "
        "relative, e.g. 'Thursday'; a page's own date line or dateline counts only when no article says "
        "when the strike happened); of those, the date most articles give; any other date is a conflict")


def from_answer(a: answers.WhenAnswer, b: ClaimBuilder, out: ArticleExtraction) -> None:
    written = as_written(b, a.date_as_written, a.date_quote, date_expression)
    said = b.claim("event.date", written, a.date_quote, verbatim=True)
    if said is not None:
        rules: list[str] = [REWORDED] if written != a.date_as_written else []
        # a wire story's "Tuesday" counts back from the day its dateline writes, when the page's date is another
        # (a page re-posted or re-tagged later)
        written_on = dateline_date(b.text, b.article.published) or b.article.published
        value, basis = resolve_date(said.value, written_on)
        read = value
        weekday = weekday_named(said.evidence.quote)
        if value is not None and weekday and basis in (DateBasis.EXPLICIT, DateBasis.YEAR_INFERRED) \
                and weekday not in said.value.lower():  # "On Tuesday (Jan 17)": check the date by its weekday
            value, basis = resolve_date(f"{weekday} {said.value}", written_on)
            rules += ["the weekday the sentence names"] if value != read else []
        if written_on != b.article.published and basis in (DateBasis.RELATIVE, DateBasis.YEAR_INFERRED):
            rules.append(f"counted from the day the dateline writes ({written_on.isoformat()}), not the page's date")
            read = resolve_date(said.value, b.article.published)[0]
        if value is not None and basis is DateBasis.EXPLICIT and (meant := year_slip(value, b.article.published)):
            b.reject("event.date", value.isoformat(), said.evidence.quote,
                     f"the year is a slip: read as {meant.isoformat()}, in the fortnight before the page's date")
            value = meant
            rules.append("the year is a slip: the same day in the fortnight before the page's date")
        if value is not None and said.evidence.start is not None and (
                is_page_furniture(b.text, said.evidence.start) or _the_page_s_date_line(b, said.evidence.start, value)):
            basis = DateBasis.PAGE
        out.event.date = DateClaim(value=value, as_written=said.value, basis=basis, evidence=said.evidence,
                                   rule="; ".join(rules) or None,
                                   corrected_from=(a.date_as_written if written != a.date_as_written else read)
                                   if rules else None)
    written = as_written(b, a.time_as_written, a.time_quote, lambda q: q if len(q) <= SHORT_QUOTE else None)
    time = _local_time(b.claim("event.local_time", written, a.time_quote, verbatim=True), b)
    out.event.local_time = by_rule(time, REWORDED, a.time_as_written) if time and written != a.time_as_written else time
    if out.event.local_time is None and said is not None:
        # "At 6:45 a.m. on March 3, forces struck ..."
        out.event.local_time = _time_in(said.evidence, b, "the clock time of the sentence that dates the strike")


def _the_page_s_date_line(b: ClaimBuilder, start: int, value: date) -> bool:
    """The date is the page's own: the day it was published, written alone on its line or before a dash
    that opens the paragraph ("Saturday, June 8, 2031", "Thursday, June 12, 2031 - At least 18 ...")."""
    if value != b.article.published:
        return False
    line_start = b.text.rfind("\n", 0, start) + 1
    line_end = b.text.find("\n", start)
    head = re.split(r"\s[-\u2013\u2014]\s", b.text[line_start:len(b.text) if line_end < 0 else line_end], maxsplit=1)[0]
    return only_a_date(head)


def _local_time(claim: Claim | None, b: ClaimBuilder) -> Claim | None:
    """A time of the page (its header, a timestamp) or in another zone ("1500 GMT") is not the
    local time of the strike."""
    if claim is None:
        return None
    ev = claim.evidence
    # the words right after the time, not an equivalent in brackets: "7:15 a.m. (04:15 GMT)" is local
    after = re.split(r"[(\[,;]", b.text[ev.end:ev.end + 20], maxsplit=1)[0] if ev.end is not None else ""
    around = f"{claim.value} {after}"
    if ev.start is not None and is_page_furniture(b.text, ev.start):
        return b.reject("event.local_time", claim.value, ev.quote, "the page's own time, not the strike's")
    if ev.start is not None and _status_time(b.text[max(0, ev.start - 30):ev.start + _lead(ev.quote)]):
        return b.reject("event.local_time", claim.value, ev.quote, "the time a count or report stood at, not the strike's")
    if (lexicon.says("foreign_time_zones", around) or _named_zone(around)) and not lexicon.says("local_time", claim.value):
        return b.reject("event.local_time", claim.value, ev.quote, "a time in another zone, not local time")
    return claim


def _lead(quote: str) -> int:
    """How far into a quote its clock time begins (0 when the quote is the time)."""
    found = clock_time(quote)
    return found[1] if found else 0


def _status_time(before: str) -> bool:
    """The words right before a clock time make it when a count or a report stood ("As of 11:30 am, the
    number of dead rose to 14", "Update 10:20 a.m."), not when the strike happened."""
    return re.search(rf"(?<![\w-])(?:{lexicon.alternation('status_times')})[\s:.,-]*$", before, re.IGNORECASE) is not None


# A clock time followed by a zone's abbreviation ("3 a.m. ET", "22:30 MSK") or by a place's time
# ("3:45 p.m. Paris time"): a conversion for readers elsewhere. Only "local" says the place's own.
_ZONE_AFTER_TIME = re.compile(r"(?:[ap]\.?\s?m\.?|\d)\s*(?:[A-Z]{2,4}\b(?![.'\u2019-]\w)|(?:[A-Z][\w'.-]*\s+){1,2}time\b)")


def _named_zone(time_and_after: str) -> bool:
    """Whether the time's own words name another zone; an equivalent in brackets ("7:15 a.m. (04:15
    GMT)") is not the time's own."""
    found = _ZONE_AFTER_TIME.search(time_and_after.split("(", 1)[0])
    return found is not None and not lexicon.says("local_time", found.group())


def _time_of_strike(b: ClaimBuilder, out: ArticleExtraction) -> Claim | None:
    """When neither the model nor the dating sentence gives a time: the first time the article's body
    writes as local ("shortly after 5 p.m. local time"), else the first time in a sentence that says a
    strike happened ("the raid began near nine o'clock"); never a time whose clause names
    another place ("rockets landed near Orm at 3 a.m.": another strike)."""
    where = [c.value for c in (out.event.location.country, out.event.location.city, out.event.location.site) if c]
    body = strike_section(b, out)
    timed = [s for s in body if clock_time(s.quote) is not None and not _elsewhere(s.quote, where)]
    local = [s for s in timed if lexicon.says("local_time", s.quote[clock_time(s.quote)[2]:][:20])]
    struck = [s for s in timed if says_a_strike(s.quote)]
    for sentence, rule in [*((s, "the first time the article writes as local") for s in local[:1]),
                           *((s, "the first time in a sentence saying a strike happened") for s in struck[:1])]:
        found = _time_in(sentence, b, rule)
        if found is not None:
            return found
    return None


def _elsewhere(sentence: str, where: list[str]) -> bool:
    """The clause that writes the sentence's first clock time names a place that is not the strike's."""
    _, _, end = clock_time(sentence)
    clause = next(c for c in re.finditer(r"[^,;()\u2014]+", sentence) if c.end() >= end)  # the one holding the time
    return any(not any(p.casefold() in w.casefold() or refines(w, p, "place_parts") or refines(p, w, "place_parts")
                       for w in where) for p in places_written(clause.group()))


def _time_in(evidence: Evidence, b: ClaimBuilder, rule: str) -> Claim | None:
    """The clock time written in a sentence (that dates the strike, or says it happened), when the model gave none."""
    if evidence.start is None or is_page_furniture(b.text, evidence.start):
        return None
    found = clock_time(evidence.quote)
    if found is None:
        return None
    _, start, end = found
    rest = evidence.quote[end:]
    zone = re.match(r"\s*(?:[\w.]+\s+){0,2}", rest)  # keep "local time" / "GMT" with the time for the check
    written = evidence.quote[start:end + (zone.end() if zone and lexicon.says("local_time", zone.group()) else 0)]
    found = _local_time(b.claim("event.local_time", written.strip(), written), b)
    return by_rule(found, f"{rule} (the model gave no time)") if found is not None else None


def time_of_strike_when_missing(b: ClaimBuilder, out: ArticleExtraction) -> None:
    if out.event.local_time is None:
        out.event.local_time = _time_of_strike(b, out)


_DATE_STRENGTH = {DateBasis.EXPLICIT: 2, DateBasis.YEAR_INFERRED: 2, DateBasis.RELATIVE: 1}


def merge_date(claims: list[DateClaim]) -> tuple[DateFact, Conflict | None]:
    resolved = [c for c in claims if c.value is not None]
    # A page's own date (header, dateline) says when it was written: it counts only when no article
    # says when the strike happened, and never makes a conflict.
    reported = [c for c in resolved if c.basis is not DateBasis.PAGE]
    resolved = reported or resolved

    def strongest_then_most(groups: dict[Hashable, list[Claim]]) -> Hashable | None:
        best = max(_DATE_STRENGTH.get(c.basis, 0) for g in groups.values() for c in g)
        return most_articles({k: g for k, g in groups.items()
                               if any(_DATE_STRENGTH.get(c.basis, 0) == best for c in g)})

    fact, conflict = merge_fact("event.date", resolved, key=lambda v: v, rule=RULE,
                                choose=strongest_then_most, fact_type=DateFact)
    fact.claims = claims  # unresolved ones ("Thursday" in an undated article) are listed too
    if conflict is not None and fact.value is not None:
        # A rival fewer sources give, in a weaker form than the date shown ("Sunday", the day a statement
        # came) or more than a day before it (an earlier attack the article recalls), is listed with the
        # claims, not a disagreement.
        shown = max(_DATE_STRENGTH.get(c.basis, 0) for c in resolved if c.value == fact.value)
        support = independent_sources(fact.sources)
        rivals = [v for v in conflict.values if v.value != fact.value and not (
            independent_sources(v.articles) < support
            and (max(_DATE_STRENGTH.get(c.basis, 0) for c in resolved if c.value == v.value) < shown
                 or v.value < fact.value - timedelta(days=1)))]
        if not rivals:
            conflict = None
            fact.status = fact_status(fact.sources)
        else:
            conflict.values = [v for v in conflict.values if v.value == fact.value or v in rivals]
    return fact, conflict


def merge(name: str, claims: list[DateClaim], ctx) -> DateFact:
    return ctx.add(*merge_date(claims))
