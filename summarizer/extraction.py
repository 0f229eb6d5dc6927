"""Extract one article: narrow questions to the model, answers grounded into claims.

Every call on an article starts with the same system prompt and article text, so an engine
with prefix caching (llama.cpp, vLLM) reads the article once. A question that fails is listed
in `errors`; the other questions still count.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cached_property
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pycountry
from pydantic import BaseModel

from summarizer import answers, lexicon
from summarizer.counts import NEAR, casualty_numbers, is_total, ordinal_victims, toll
from summarizer.dates import clock_time, date_expression, resolve_date, weekday_named, year_slip
from summarizer.entities import PARTICLES, acronym_of, is_name, parse_name, refines
from summarizer.errors import AnswerError
from summarizer.ground import ground_quote, mentions, sentence_of, sentences
from summarizer.ingest import evidence_text, is_page_furniture, model_view
from summarizer.llm import StructuredLLM
from summarizer.planted import candidate_spans
from summarizer.places import region_country
from summarizer.prompts import load_prompt
from summarizer.schemas import (
    CAMEO_CODES, Actor, ActorKind, Article, ArticleExtraction, CivilianHarm, Claim, Count, CountOf, CountScope, DateBasis, DateClaim, Evidence,
    MatchStatus, Reaction,
    RejectedClaim, Stance, Usage, Weapon,
)


@dataclass(frozen=True)
class Question:
    prompt: str  # prompt file name
    answer: type[BaseModel]
    max_tokens: int
    apply: Callable[[Any, ClaimBuilder, ArticleExtraction], None]
    values: Callable[[ClaimBuilder], dict[str, Any]] = lambda b: {}  # what the prompt shows besides the article


_QUOTATION_MARKS = ('"', "“", "”", "«", "»", "„")

# What small models write for "not stated" when a string is allowed.
_PLACEHOLDERS = {"", "null", "none", "n/a", "na", "unknown", "not stated", "not specified", "not mentioned"}


class ClaimBuilder:
    """Turns (value, quote) pairs into grounded claims, and keeps what fails for audit."""

    def __init__(self, article: Article, hidden: list[tuple[int, int]] | None = None):
        self.article = article
        self.text = evidence_text(article, hidden or [])  # planted instructions blanked: never evidence
        self.rejected: list[RejectedClaim] = []

    def evidence(self, quote: str | None) -> Evidence:
        return ground_quote(self.article.id, self.text, quote)

    @cached_property
    def body(self) -> list[Evidence]:
        """The article's sentences outside its page furniture (header, bylines), in order."""
        return [s for s in sentences(self.article.id, self.text)
                if s.start is not None and not is_page_furniture(self.text, s.start)]

    @cached_property
    def statements(self) -> list[Evidence]:
        """The body's sentences in which someone speaks: a verb of speaking, a stance's words or a
        quotation mark. The reactions question cites them by number."""
        return [s for s in self.body if s.quote.rstrip().endswith((".", "!", "?", *_QUOTATION_MARKS))  # no headline
                and (lexicon.says("speech_verbs", s.quote) or lexicon.shown("stances", s.quote)
                     or any(mark in s.quote for mark in _QUOTATION_MARKS))]

    def claim(self, field: str, value: Any, quote: str | None, *, verbatim: bool = False) -> Claim | None:
        """A grounded claim, or None (and a rejection) when the article does not support it.

        `verbatim` values (names, places, dates as written) must themselves occur in the
        article; when the quote does not contain them, the value's own occurrence is the evidence.
        """
        if value is None or (type(value) is str and value.strip().lower() in _PLACEHOLDERS):
            return None  # not an enum: civilian harm "none" is an answer, not a placeholder
        if type(value) is str:
            value = tidy(value)
        evidence = self.evidence(quote)
        quote_supports = evidence.grounded and (not verbatim or mentions(evidence.quote, value))
        if not quote_supports and type(value) is str:
            evidence = self.evidence(value)
            if evidence.match not in (MatchStatus.EXACT, MatchStatus.NORMALIZED):
                reason = "value does not occur in the article" if verbatim or not quote else \
                    "neither the quote nor the value occurs in the article"
                return self.reject(field, value, quote, reason)
        elif not quote_supports:
            return self.reject(field, value, quote, "quote does not occur in the article")
        return Claim[type(value)](value=value, evidence=evidence)

    def keep_if_in_article(self, field: str, value: str | None) -> str | None:
        if not value or value.strip().lower() in _PLACEHOLDERS:
            return None
        if mentions(self.text, value):
            return tidy(value)
        self.reject(field, value, None, "value does not occur in the article")
        return None

    def reject(self, field: str, value: Any, quote: str | None, reason: str) -> None:
        self.rejected.append(RejectedClaim(field=field, value=value, quote=quote, reason=reason))
        return None


def tidy(value: str) -> str:
    """Collapse whitespace and spaced initials ("U. S." -> "U.S."), as small models write them."""
    return _SPACED_INITIALS.sub(r"\1.", " ".join(value.split()))


_SPACED_INITIALS = re.compile(r"\b([A-Z])\. (?=[A-Z]\.)")


def _when(a: answers.WhenAnswer, b: ClaimBuilder, out: ArticleExtraction) -> None:
    written = _as_written(b, a.date_as_written, a.date_quote, date_expression)
    said = b.claim("event.date", written, a.date_quote, verbatim=True)
    if said is not None:
        value, basis = resolve_date(said.value, b.article.published)
        weekday = weekday_named(said.evidence.quote)
        if value is not None and weekday and basis in (DateBasis.EXPLICIT, DateBasis.YEAR_INFERRED) \
                and weekday not in said.value.lower():  # "On Tuesday (Jan 17)": check the date by its weekday
            value, basis = resolve_date(f"{weekday} {said.value}", b.article.published)
        if value is not None and basis is DateBasis.EXPLICIT and (meant := year_slip(value, b.article.published)):
            b.reject("event.date", value.isoformat(), said.evidence.quote,
                     f"the year is a slip: read as {meant.isoformat()}, in the fortnight before the page's date")
            value = meant
        if value is not None and said.evidence.start is not None and is_page_furniture(b.text, said.evidence.start):
            basis = DateBasis.PAGE
        out.event.date = DateClaim(value=value, as_written=said.value, basis=basis, evidence=said.evidence)
    written = _as_written(b, a.time_as_written, a.time_quote, lambda q: q if len(q) <= SHORT_QUOTE else None)
    out.event.local_time = _local_time(b.claim("event.local_time", written, a.time_quote, verbatim=True), b)
    if out.event.local_time is None and said is not None:
        out.event.local_time = _time_in(said.evidence, b)  # "At 6:45 a.m. on March 3, forces struck ..."


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
    if (lexicon.says("foreign_time_zones", around) or _named_zone(around)) and not lexicon.says("local_time", claim.value):
        return b.reject("event.local_time", claim.value, ev.quote, "a time in another zone, not local time")
    return claim


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
    body = _strike_section(b, out)
    timed = [s for s in body if clock_time(s.quote) is not None and not _elsewhere(s.quote, where)]
    local = [s for s in timed if lexicon.says("local_time", s.quote[clock_time(s.quote)[2]:][:20])]
    struck = [s for s in timed if _says_a_strike(s.quote)]
    for sentence in local[:1] + struck[:1]:
        found = _time_in(sentence, b)
        if found is not None:
            return found
    return None


def _strike_section(b: ClaimBuilder, out: ArticleExtraction) -> list[Evidence]:
    """The body's sentences in the section that dates the strike (all of the body when no sentence
    of the body dates it): where the article tells of this strike, not of another."""
    dated = out.event.date.evidence.start if out.event.date is not None else None
    if dated is None or not any(s.start <= dated < s.end for s in b.body):
        return b.body
    section = [s for s in b.body if _section(b.text, s.start) == _section(b.text, dated)]
    return section if any(_says_a_strike(s.quote) for s in section) else b.body  # a date line of the header


def _section(text: str, offset: int) -> int:
    """Which section of the article holds `offset`: sections start at a subheading, a short line
    without a full stop or a question ("How did the other side respond?")."""
    lines = text[:offset].split("\n")[:-1]
    return sum(1 for line in lines if line.strip() and (line.strip().endswith("?") or (
        len(line.split()) <= 8 and not line.strip().endswith((".", "!", '"', "\u201d", ":")))))


def _elsewhere(sentence: str, where: list[str]) -> bool:
    """The clause that writes the sentence's first clock time names a place that is not the strike's."""
    _, _, end = clock_time(sentence)
    clause = next(c for c in re.finditer(r"[^,;()\u2014]+", sentence) if c.end() >= end)  # the one holding the time
    return any(not any(p.casefold() in w.casefold() or refines(w, p, "place_parts") or refines(p, w, "place_parts")
                       for w in where) for p in lexicon.places_written(clause.group()))


def _time_in(evidence: Evidence, b: ClaimBuilder) -> Claim | None:
    """The clock time written in the sentence that dates the strike, when the model gave none."""
    if evidence.start is None or is_page_furniture(b.text, evidence.start):
        return None
    found = clock_time(evidence.quote)
    if found is None:
        return None
    _, start, end = found
    rest = evidence.quote[end:]
    zone = re.match(r"\s*(?:[\w.]+\s+){0,2}", rest)  # keep "local time" / "GMT" with the time for the check
    written = evidence.quote[start:end + (zone.end() if zone and lexicon.says("local_time", zone.group()) else 0)]
    return _local_time(b.claim("event.local_time", written.strip(), written), b)


SHORT_QUOTE = 60


def _as_written(b: ClaimBuilder, value: str | None, quote: str | None,
                find_in_quote: Callable[[str], str | None]) -> str | None:
    """Small models often reword what they were told to copy ("4 January" for "Jan. 4"); when
    the value is not in the article, take the expression from the model's grounded quote."""
    if not value or mentions(b.text, value):
        return value
    evidence = b.evidence(quote)
    found = find_in_quote(evidence.quote) if evidence.grounded else None
    return found or value  # with neither, claim() rejects it and keeps the model's words for audit


def _where(a: answers.WhereAnswer, b: ClaimBuilder, out: ArticleExtraction) -> None:
    loc = out.event.location
    loc.country = b.claim("event.location.country", a.country, a.quote, verbatim=True)
    loc.city = b.claim("event.location.city", a.city_or_town, a.quote, verbatim=True)
    loc.site = b.claim("event.location.site", a.place_within_city, a.quote, verbatim=True)
    section = _strike_section(b, out)
    if loc.city is not None and section is not b.body and not any(mentions(s.quote, loc.city.value) for s in section):
        # small models answer with the place of another attack the article recalls in another section
        loc.city = b.reject("event.location.city", loc.city.value, loc.city.evidence.quote,
                            "named only outside the part of the article that tells of the strike")
    _country_of_the_region(b, out)


def _country_of_the_region(b: ClaimBuilder, out: ArticleExtraction) -> None:
    """A city or region that is a province of exactly one country (ISO 3166-2, via pycountry) says
    the country: a province of country A claimed with country B is in A, when the article names A."""
    loc = out.event.location
    if loc.city is None or (code := region_country(loc.city.value)) is None:
        return
    try:
        if loc.country is not None and pycountry.countries.lookup(loc.country.value).alpha_2 == code:
            return
    except LookupError:
        return  # a country pycountry does not know: nothing to compare
    country = pycountry.countries.get(alpha_2=code)
    for name in dict.fromkeys(n for n in (getattr(country, "common_name", None), country.name) if n):
        said = b.claim("event.location.country", name, None, verbatim=True)
        if said is not None:
            if loc.country is not None:
                b.reject("event.location.country", loc.country.value, loc.country.evidence.quote,
                         f"{loc.city.value} is a region of {name}")
            loc.country = said
            return


def _attacker(a: answers.AttackerAnswer, b: ClaimBuilder, out: ArticleExtraction) -> None:
    out.event.perpetrator = b.claim("event.perpetrator", a.perpetrator, a.perpetrator_quote)
    out.event.weapon = b.claim("event.weapon", a.weapon, a.weapon_quote)
    if out.event.weapon is not None:
        out.event.weapon.value = checked_weapon(out.event.weapon.value, out.event.weapon.evidence.quote)


def _targets(a: answers.TargetsAnswer, b: ClaimBuilder, out: ArticleExtraction) -> None:
    """People, groups and objects aimed at; never a place (the location's job) or the strike itself."""
    where = [c.value for c in (out.event.location.city, out.event.location.country) if c is not None]
    seen: set[str] = set()
    for name in a.targets:
        claim = b.claim("event.targets", name, a.quote, verbatim=True)
        if claim is None or claim.value.lower() in seen:
            continue
        if not_a_target(claim.value, where, b.text):
            b.reject("event.targets", claim.value, a.quote, "a place or the strike itself, not a target")
            continue
        seen.add(claim.value.lower())
        out.event.targets.append(claim)
    group = b.claim("event.target_group", a.target_group, a.quote, verbatim=True)
    if group is not None and not_a_target(group.value, where, b.text, group=True):
        group = b.reject("event.target_group", group.value, a.quote, "a place or the strike itself, not a group")
    out.event.target_group = group


def not_a_target(name: str, where: list[str], text: str = "", group: bool = False) -> bool:
    """A place (the strike's city or country, one of their parts, a district, a name the article
    writes after "in"), the strike itself or its weapon ("guided missiles")."""
    head = (re.findall(r"[\w'-]+", name) or [""])[-1]  # "guided missiles" is a weapon, "rocket launchers" not
    return (lexicon.says("place_words", name) or lexicon.says("strike_words", head) or lexicon.shown("weapons", head)
            or any(name.strip().lower() == w.strip().lower() or refines(name, w, "place_parts") for w in where)
            or (not group and lexicon.written_as_place(text, name)))


def _casualties(a: answers.CasualtiesAnswer, b: ClaimBuilder, out: ArticleExtraction) -> None:
    """Every figure with its speaker, told total from part (see counts.py), read from the sentence
    the model points at; the article's own toll is set by the same rule as the briefing's."""
    counts = out.event.counts

    def add(of: CountOf, value: int, scope: CountScope, said_by: str | None, evidence: Evidence) -> None:
        if not any(c.evidence.start == evidence.start and c.value == value and c.of is of for c in counts):
            counts.append(Count(of=of, value=value, scope=scope, said_by=said_by, evidence=evidence))

    for f in a.figures:
        quote = b.evidence(f.quote)
        if not quote.grounded:
            b.reject(f"event.{f.of.value}", f.number, f.quote, "quote does not occur in the article")
            continue
        # The model points at a sentence and gives a number; the code finds that number in the whole
        # sentence (the model's quote is often a fragment: "55 civilians and wounded" of "killed 55
        # civilians and wounded 170") and reads there what it counts.
        sentence = sentence_of(b.text, quote)
        written = casualty_numbers(sentence.quote)
        if f.number > 0 and all(v != f.number for v, _ in written) and not _sum_of(f.number, written, f.of):
            # the quote is a slip (a neighbouring sentence); the one sentence of the body that writes the
            # model's figure as a count of its kind is the figure's
            elsewhere = [s for s in b.body if (f.number, f.of) in casualty_numbers(s.quote)]
            if len(elsewhere) == 1:
                sentence, written = elsewhere[0], casualty_numbers(elsewhere[0].quote)
        said_by = b.keep_if_in_article("event.counts.said_by", f.counted_by)
        kinds = [of for v, of in written if v == f.number]
        if lexicon.says(f.of.value, sentence.quote) and f.all_victims and _sum_of(f.number, written, f.of):
            # "four Orlanians and three Redlanders were killed": the model added the parts up
            add(f.of, f.number, CountScope.TOTAL, said_by, sentence)
            for value, of in written:
                add(of, value, CountScope.PART if of is f.of else _scope(f, value, sentence.quote), said_by, sentence)
            continue
        if not lexicon.says(f.of.value, sentence.quote):
            b.reject(f"event.{f.of.value}", f.number, f.quote, f"the sentence does not speak of people {f.of.value}")
        elif kinds:
            # the model's figure, of the kind the sentence gives it ("six morts et 91 blessés": six are dead,
            # whatever the label); another number of that kind in the sentence is not a figure of it
            # ("the strike on Building 7 killed 40 people")
            of = _kind_read(f.number, f.of, written)
            add(of, f.number, _scope(f, f.number, sentence.quote), said_by, sentence)
            # a figure of the other kind the model left out ("... and wounded 170"): none of its figures from this
            # sentence is read as that kind
            given = {_kind_read(g.number, g.of, written) for g in a.figures if g is not f
                     and b.evidence(g.quote).grounded and sentence_of(b.text, b.evidence(g.quote)).start == sentence.start}
            for value, other in written:
                if other is not of and other not in given:
                    add(other, value, _scope(f, value, sentence.quote), said_by, sentence)
            continue
        elif written:
            # the model's number is not in the sentence (a sum, a slip): the sentence's own figures stand
            b.reject(f"event.{f.of.value}", f.number, f.quote, "the sentence gives other figures")
        elif f.number > 0:
            # no number written: the model counted the victims the sentence names ("killing the deputy,
            # Tavi Oss, and his driver"), so at least that many, never a total; "a second guard was
            # also killed" is at least two
            add(f.of, max(f.number, ordinal_victims(sentence.quote)), CountScope.AT_LEAST, said_by, sentence)
        else:
            b.reject(f"event.{f.of.value}", f.number, f.quote, "the sentence does not say nobody was")
        for value, of in written:
            add(of, value, _scope(f, value, sentence.quote), said_by, sentence)
    # The people the model lists as killed help it count, but are no floor: it lists the dead of
    # background paragraphs, and one person under two names (measured: a floor of 2 where 1 died).
    for person in a.killed_people:
        b.keep_if_in_article("event.killed_people", person)


def _kind_read(number: int, label: CountOf, written: list[tuple[int, CountOf]]) -> CountOf:
    """The kind the sentence gives the number (the model's label when the sentence allows it)."""
    kinds = [of for v, of in written if v == number]
    return label if label in kinds or not kinds else kinds[0]


def _sum_of(number: int, written: list[tuple[int, CountOf]], of: CountOf) -> bool:
    """The sentence writes two figures or more of this kind that add up to `number`, and not `number` itself."""
    parts = [v for v, kind in written if kind is of]
    return len(parts) >= 2 and sum(parts) == number and number not in parts


def _scope(f: answers.CasualtyFigure, value: int, sentence: str) -> CountScope:
    """A total when the model says the figure counts every victim and the sentence writes it so."""
    return CountScope.TOTAL if f.all_victims and is_total(value, sentence) else CountScope.PART


def _claims(a: answers.ClaimsAnswer, b: ClaimBuilder, out: ArticleExtraction) -> None:
    out.event.civilian_harm = _civilian_harm(a.civilian_harm, a.civilian_harm_quote, b)
    # Free text is the article's words: the model's wording when the article has it, else its quote.
    said = b.claim("event.justification", a.justification, a.justification_quote, verbatim=True)
    if said is None and a.justification and a.justification.strip().lower() not in _PLACEHOLDERS:
        quote = b.evidence(a.justification_quote)
        if quote.grounded:
            said = Claim[str](value=tidy(quote.quote), evidence=quote)  # the model's words stay in `rejected`
    if said is not None and not lexicon.says("reasons", sentence_of(b.text, said.evidence).quote):
        said = b.reject("event.justification", said.value, said.evidence.quote, "the sentence gives no reason")
    out.event.justification = said


def _civilian_harm(harm: CivilianHarm | None, quote: str | None, b: ClaimBuilder) -> Claim | None:
    """A civilian-harm label must agree with its quote: a quote saying no civilians were harmed is
    "none" whatever the label; "harmed" or "none" needs a quote that speaks of civilians. A "none"
    whose quote does not say so (or is not in the article) stands on the body's first sentence that
    does ("no civilians were among the victims"), when there is one."""
    if harm is None or (harm is CivilianHarm.UNCLEAR and not quote):
        return None
    if quote and lexicon.says("no_civilians", quote) and b.evidence(quote).grounded:
        harm = CivilianHarm.NONE
    elif harm is CivilianHarm.NONE:
        said = next((s for s in b.body if lexicon.says("no_civilians", s.quote)), None)
        if said is None:
            return b.reject("event.civilian_harm", harm, quote, "no sentence of the article says no civilians were harmed")
        return Claim[CivilianHarm](value=harm, evidence=said)
    elif harm is not CivilianHarm.UNCLEAR and not lexicon.says("civilians", quote):
        return b.reject("event.civilian_harm", harm, quote, "the quote does not speak of civilians")
    return b.claim("event.civilian_harm", harm, quote)


def _actors(a: answers.ActorsAnswer, b: ClaimBuilder, out: ArticleExtraction) -> None:
    seen: set[str] = set()
    for item in a.actors:
        named = b.claim("actors.name", item.name, None, verbatim=True)
        if named is None or named.value.lower() in seen:
            continue
        seen.add(named.value.lower())
        aliases = [alias for alias in (b.keep_if_in_article("actors.aliases", x) for x in item.also_known_as)
                   if alias and alias.lower() != named.value.lower()] + _written_in_brackets(b.text, named.value)
        out.actors.append(Actor(
            name=named.value, aliases=list(dict.fromkeys(aliases)), kind=item.kind,
            title=b.keep_if_in_article("actors.title", item.title),
            affiliation=b.keep_if_in_article("actors.affiliation", item.affiliation),
            evidence=named.evidence,
        ))


_BRACKETED = re.compile(r"\s*\(([^()\n]{2,60})\)")
_NAME_BEFORE = re.compile(r"((?:[^\W\d_][\w'\u2019.-]*\s+){0,4}[^\W\d_][\w'\u2019.-]*)\s*\($")


def _written_in_brackets(text: str, name: str) -> list[str]:
    """The name's spelling in another script that the article gives beside it in brackets: "Mayor
    Ilse Varn (Ільза Варн)" - one person, written twice. The bracketed form may be the name the
    model gave (then the words before the bracket are the other spelling)."""
    found = []
    for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
        after = _BRACKETED.match(text, m.end())
        if after and _scripts(after.group(1)) and _scripts(after.group(1)) != _scripts(name):
            found.append(after.group(1).strip())
        before = _NAME_BEFORE.search(text[max(0, m.start() - 80):m.start()])
        if before and text[m.end():m.end() + 1] == ")" and _scripts(before.group(1)) != _scripts(name):
            words = re.split(r"[,;:]|(?<=[a-z]{3})\.\s", before.group(1))[-1].split()  # this sentence's words
            while words and (not words[0][:1].isupper() or lexicon.says("person_roles", words[0])
                             or lexicon.says("title_abbreviations", words[0].rstrip("."))):
                words.pop(0)  # "Mayor", "President", "Col.": titles, not the name
            if words:
                found.append(" ".join(words))
    return list(dict.fromkeys(found))


def _scripts(text: str) -> set[str]:
    """The scripts of a text's letters, by the first word of their Unicode names (LATIN, CYRILLIC, ARABIC...)."""
    return {unicodedata.name(ch, "?").split()[0] for ch in text if ch.isalpha()}


def _reactions(a: answers.ReactionsAnswer, b: ClaimBuilder, out: ArticleExtraction) -> None:
    """Each statement the model picked, said by the speaker its sentence names; the model's speaker
    only where the sentence does not name one ("he said") and the article names it nearby."""
    for item in a.reactions:
        if not 1 <= item.n <= len(b.statements):
            b.reject("reactions", item.model_dump(mode="json"), None, "no sentence has that number")
            continue
        said = b.keep_if_in_article("reactions.actor", item.speaker)
        evidence = b.statements[item.n - 1]
        actor = _statement_speaker(b, evidence, said, out.actors)
        if actor is None and said is not None:  # small models miscount: the next or previous sentence names it
            evidence, actor = next(((s, said) for s in _neighbours(b, item.n) if _names(sentence_subject(s.quote), said)),
                                   (evidence, None))
        if actor is None:
            b.reject("reactions.actor", item.speaker, evidence.quote, "the sentence does not name that speaker")
            continue
        stance = checked_stance(item.stance, evidence.quote)
        if stance is not item.stance:  # the words are not in the sentence: the model may have miscounted
            evidence, stance = next(((s, item.stance) for s in _neighbours(b, item.n)
                                     if item.stance.value in lexicon.shown("stances", s.quote)
                                     and _statement_speaker(b, s, actor, out.actors) == actor), (evidence, stance))
        if any(r.actor == actor and r.evidence.start == evidence.start for r in out.reactions):
            continue
        out.reactions.append(Reaction(actor=actor, stance=stance, cameo=CAMEO_CODES[stance], evidence=evidence))
    # Whoever else a statement names as its speaker takes part too: a remark (neutral, so no reaction
    # in the briefing) keeps them among the actors; the model lists at most a dozen statements.
    picked = {r.evidence.start for r in out.reactions}
    for sentence in b.statements:
        # with no speaker from the model, only a name the sentence itself gives
        actor = _statement_speaker(b, sentence, None, out.actors) if sentence.start not in picked else None
        if actor is not None:
            out.reactions.append(Reaction(actor=actor, stance=Stance.NEUTRAL, cameo=CAMEO_CODES[Stance.NEUTRAL],
                                          evidence=sentence))


def _neighbours(b: ClaimBuilder, n: int) -> list[Evidence]:
    """The statements numbered just after and just before n (a small model's count is often off by one)."""
    return [b.statements[i] for i in (n, n - 2) if 0 <= i < len(b.statements)]


def _statement_speaker(b: ClaimBuilder, sentence: Evidence, said: str | None, actors: list[Actor]) -> str | None:
    subject = sentence_subject(sentence.quote)
    if subject is not None and subject.name:
        return b.keep_if_in_article("reactions.actor", subject.words)  # with its title: it says a person
    if said is None or not is_name(said):
        return None
    if subject is None:
        return speaker(b.text, sentence, said, [n for x in actors for n in (x.name, *x.aliases)])
    if subject.pronoun:  # the model's name when the article names it in the last few sentences
        at = next((i for i, s in enumerate(b.body) if s.start == sentence.start), 0)
        nearby = Subject(" ".join(s.quote for s in b.body[max(0, at - 3):at + 1]), False)
        return said if _names(nearby, said) else None
    return said if _names(subject, said) else None  # "the military said": the name it describes


def _names(subject: Subject | None, said: str) -> bool:
    """Whether the subject's words and a speaker's name share a word of four letters or more
    ("Al-Orm" of "Col. Tavi Al-Orm", "military" of "Redland's military")."""
    def words(text: str) -> set[str]:
        return {w.casefold() for w in re.findall(r"[^\W\d_][\w-]{3,}", text)}
    return subject is not None and bool(words(subject.words) & words(said))


def _statements(b: ClaimBuilder) -> dict[str, Any]:
    return {"statements": [" ".join(s.quote.split()) for s in b.statements]}


@dataclass(frozen=True)
class Subject:
    """Who a sentence says is speaking: a name, a pronoun or a description (`name` False)."""
    words: str
    name: bool
    pronoun: bool = False


def sentence_subject(sentence: str) -> Subject | None:
    """The speaker the sentence itself names before its first verb of speaking ("President Ilse
    Varn said", "Redland's health ministry said", "Varn, who spoke from Ostra, said"), or after it
    when a quotation or a source marker comes first ('"...," said Ilse Varn', "according to the
    Front"); None when no verb of speaking has a speaker beside it."""
    text = lexicon.fold(sentence)
    for verb in lexicon.pattern("speech_verbs").finditer(text):
        if verb.group()[:1].isupper():
            continue  # a name ("United States"), not the verb "states"
        if lexicon.starts("hearsay", text[verb.start():]):
            continue  # "pictures said to show the house": hearsay, nobody speaks
        before = text[:verb.start()].rstrip()
        if lexicon.says("source_markers", verb.group()) or before.endswith(_QUOTATION_MARKS) \
                or before[-2:-1] in _QUOTATION_MARKS and before.endswith(","):  # '"...," said Ilse Varn
            after = text[verb.end():].rstrip().rstrip(".!?")  # one sentence: an inner point is "Col."
            words = re.split(r"[,;:\"“”«»()—–]", after, maxsplit=1)[0].split()
            named = (_subject_of(words[:k]) for k in range(min(len(words), 6), 0, -1))
            subject = next((s for s in named if s.name), None)
            if subject is not None:
                return subject
            continue
        asides = re.sub(r"\([^()]*\)", lambda m: " " * len(m.group()), text[:verb.start()])  # "(Reuters)", "(Ільза Варн)"
        segments = re.split(r"[,;:\"“”«»()—–]", asides)
        found: Subject | None = None
        skipped = 0
        for segment in reversed(segments):
            words = segment.split()
            while words and lexicon.says("auxiliaries", words[-1]) and not words[-1][:1].isupper():
                words.pop()
            if not words:
                continue
            if lexicon.says("relative_pronouns", words[0]):
                continue  # ", who spoke from Ostra," sits between the speaker and the verb
            subject = _subject_of(words)
            if subject.name or subject.pronoun:
                return subject
            found = found or subject
            # "Varn, the envoy of the Front, said": a role or a phrase set between commas; the name before it speaks
            if skipped < 2 and (lexicon.says("person_roles", segment) or lexicon.says("leading_articles", words[0])):
                skipped += 1
                continue
            return found
        if found is not None:
            return found
    return None


def _subject_of(words: list[str]) -> Subject:
    """The subject at the end of a clause's words: a run of capitalised words (with particles and a
    possessive) followed by at most two lower-case words ending in an institution ("Redland's health
    ministry"), a pronoun, or else a description."""
    last = words[-1]
    if lexicon.says("pronouns", last) and len(last) <= 5:
        return Subject(last, False, pronoun=True)
    lower = 0
    while lower < min(2, len(words)) and words[-1 - lower][:1].islower():
        lower += 1
    if lower and not lexicon.says("institutions", words[-1]):
        return Subject(" ".join(words), False)
    start = len(words) - lower
    while start > 0 and (words[start - 1][:1].isupper() or words[start - 1].lower() in PARTICLES):
        start -= 1
    run = words[start:len(words) - lower]
    while run and (run[0].lower() in PARTICLES or lexicon.says("leading_articles", run[0])):
        start, run = start + 1, run[1:]
    if any(lexicon.says("prepositions", w) for w in [*words[max(0, start - 2):start], *run[:1]]):
        return Subject(" ".join(words), False)  # "the envoy for the Red Coast": a place, not the speaker
    if not run or lexicon.says("determiners", run[0]) or weekday_named(" ".join(run)):
        return Subject(" ".join(words), False)  # "Some accounts", "Its office", "On Tuesday"
    named = run + words[len(words) - lower:]
    if lexicon.says("person_roles", named[-1].removesuffix("s")):
        return Subject(" ".join(words), False)  # "Security officials", "Prime Minister": a role, nobody named
    return Subject(" ".join(named), True)


def speaker(text: str, evidence: Evidence, said: str, known: list[str]) -> str:
    """Who made the statement: the model's actor when its sentence names it just before a verb of
    speaking; else the actor named just before one ("Ilse Varn said the Front had ..." is Varn's,
    whoever the model named); else the model's actor when
    the sentence names it; else the one actor the sentence names. Small models often give every
    statement of an article to one actor."""
    sentence = sentence_of(text, evidence).quote
    named: dict[str, tuple[int, int]] = {}
    for name in sorted(set(known) | ({said} if said else set()), key=len, reverse=True):
        m = re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", sentence)
        if m and not any(s <= m.start() < e for s, e in named.values()):
            named[name] = (m.start(), m.end())
    verbs = [m.start() for m in lexicon.pattern("speech_verbs").finditer(lexicon.fold(sentence))]
    before_verb = [(v, -end, name) for name, (_, end) in named.items() for v in verbs if 0 <= v - end <= 40]
    if any(name == said for _, _, name in before_verb):
        return said  # "Redland said the Front condemned ...": the model may mean either speaker
    if before_verb:
        return min(before_verb)[2]  # the first verb of speaking, the name closest before it
    if said and mentions(sentence, said):
        return said
    return next(iter(named)) if len(named) == 1 else said


def _weapon_of_the_dating_sentence(b: ClaimBuilder, out: ArticleExtraction) -> None:
    """An airstrike whose platform the model did not give ("airstrike" from a headline) is the
    weapon named in the body's sentence that dates the strike, else in its lead (the first sentence
    that speaks of a strike): both are about this strike ("a Redland drone hit the depot in Port Vell on
    Thursday"). Only when that sentence names exactly one air weapon."""
    weapon, date = out.event.weapon, out.event.date
    if weapon is None or weapon.value is not Weapon.AIR_STRIKE_UNSPECIFIED:
        return
    if date is not None and date.evidence.start is not None and not is_page_furniture(b.text, date.evidence.start):
        sentence = sentence_of(b.text, date.evidence)
    else:
        sentence = next((s for s in b.body if _says_a_strike(s.quote)), None)
    if sentence is None:
        return
    named = {Weapon(w) for w in lexicon.shown("weapons", sentence.quote)} - {Weapon.AIR_STRIKE_UNSPECIFIED}
    if len(named) == 1 and named <= _AIR_WEAPONS:
        out.event.weapon = Claim[Weapon](value=named.pop(), evidence=sentence)


_AIR_WEAPONS = {Weapon.DRONE, Weapon.AIRCRAFT, Weapon.MISSILE}


def _says_a_strike(text: str) -> bool:
    """The text says a strike happened: a strike word ("raid") or verb ("struck")."""
    return lexicon.says("strike_words", text) or lexicon.says("strike_verbs", text)


def checked_weapon(weapon: Weapon, quote: str) -> Weapon:
    """The weapon the quote's own words name: the model's label when they name it (and name no
    more specific weapon than "airstrike"), else the most specific weapon they name. A quote that
    names none leaves the label as it is."""
    named = [Weapon(w) for w in lexicon.shown("weapons", quote)]
    specific = [w for w in named if w is not Weapon.AIR_STRIKE_UNSPECIFIED]
    if weapon in specific or (weapon is Weapon.AIR_STRIKE_UNSPECIFIED and not specific) or not named:
        return weapon
    return (specific or named)[0]


def checked_stance(stance: Stance, quote: str) -> Stance:
    """The model's label when the quote's words agree with it or show no stance; otherwise the
    strongest stance the words show (the lexicon's order). Small models often mislabel a stance;
    the quote's own words are checked instead. "Support", "deny", "call for restraint" and "threaten"
    need their words, else neutral (a small model gives plain reports these labels); "condemn",
    "accuse" and "justify" keep the model's label."""
    shown = [Stance(s) for s in lexicon.shown("stances", quote)]
    if stance in shown:
        return stance
    if shown:
        return shown[0]
    return Stance.NEUTRAL if stance in _NEED_THEIR_WORDS else stance


_NEED_THEIR_WORDS = (Stance.SUPPORT, Stance.DENY, Stance.CALL_FOR_RESTRAINT, Stance.THREATEN)


QUESTIONS: tuple[Question, ...] = (
    Question("when", answers.WhenAnswer, 256, _when),
    Question("where", answers.WhereAnswer, 256, _where),
    Question("attacker", answers.AttackerAnswer, 320, _attacker),
    Question("targets", answers.TargetsAnswer, 320, _targets),
    Question("casualties", answers.CasualtiesAnswer, 900, _casualties),
    Question("claims", answers.ClaimsAnswer, 400, _claims),
    Question("actors", answers.ActorsAnswer, 1400, _actors),
    Question("reactions", answers.ReactionsAnswer, 600, _reactions, _statements),
)
SHARED_PROMPTS = ("system", "article")
# Asked only about an article that has candidate sentences (planted.py): which of them instruct the model.
PLANTED_CHECK = "planted"


def prompt_versions() -> dict[str, str]:
    """Every prompt an extraction uses, id -> version."""
    loaded = [load_prompt(name) for name in (*SHARED_PROMPTS, *(q.prompt for q in QUESTIONS), PLANTED_CHECK)]
    return {p.id: p.version for p in loaded}


def extract_article(article: Article, llm: StructuredLLM,
                    on_question: Callable[[str], None] | None = None) -> ArticleExtraction:
    """All questions on one article. ProviderError and InputError end the article; a question the
    model cannot answer validly is listed in `errors` and the rest go on."""
    system, article_prompt = (load_prompt(name) for name in SHARED_PROMPTS)
    out = ArticleExtraction(article=article, usage=Usage())

    def ask(name: str, answer: type[BaseModel], max_tokens: int, hidden: list[tuple[int, int]],
            **values: Any) -> BaseModel | None:
        prompt = load_prompt(name)
        prefix = article_prompt.render(text=model_view(article, hidden))
        messages = [
            {"role": "system", "content": system.render()},
            {"role": "user", "content": f"{prefix}\n\n{prompt.render(**values)}"},
        ]
        versions = {p.id: p.version for p in (system, article_prompt, prompt)}
        try:
            return llm.ask(answer, messages, versions, out.usage, max_tokens=max_tokens)
        except AnswerError as exc:
            out.errors.append(f"{name}: {exc}")
            return None

    hidden = _instructions_found_by_the_model(article, out, ask)
    builder = ClaimBuilder(out.article, hidden)
    for question in QUESTIONS:
        answer = ask(question.prompt, question.answer, question.max_tokens, hidden, **question.values(builder))
        if answer is not None:
            question.apply(answer, builder, out)
        if on_question is not None:
            on_question(question.prompt)
    _target_group_from_affiliation(builder, out)
    _justification_not_the_press(builder, out)
    _justification_said_by_the_attacker(builder, out)
    if out.event.local_time is None:
        out.event.local_time = _time_of_strike(builder, out)
    _weapon_of_the_dating_sentence(builder, out)
    _nobody_hurt(builder, out)
    _set_tolls(out)
    out.rejected = builder.rejected
    return out


def _instructions_found_by_the_model(article: Article, out: ArticleExtraction,
                                     ask: Callable[..., BaseModel | None]) -> list[tuple[int, int]]:
    """The candidate sentences (planted.py: they name a machine reader or speak to someone with an
    order, but the word lists are not sure) that the model says instruct it instead of reporting:
    never evidence, and the questions do not show them. No call when there is no candidate."""
    candidates = candidate_spans(article.text)
    if not candidates:
        return []
    asked = len(out.errors)
    answer = ask(PLANTED_CHECK, answers.PlantedAnswer, 128, [],
                 candidates=[" ".join(article.text[a:b].split()) for a, b in candidates])
    if answer is None:  # a note, not a failed question: the candidates are kept (the lists come first)
        failed = "; ".join(out.errors[asked:])
        del out.errors[asked:]
        note = f"the check for planted instructions failed ({failed}): {len(candidates)} candidate sentence(s) kept"
        out.article = out.article.model_copy(update={"notes": [*out.article.notes, note]})
        return []
    hidden = [candidates[n - 1] for n in dict.fromkeys(answer.instructions) if 1 <= n <= len(candidates)]
    if hidden:
        note = (f"{len(hidden)} sentence(s) the model judged to be instructions to it, not reporting: "
                "not shown to the model, never evidence")
        out.article = out.article.model_copy(update={"notes": [*out.article.notes, note]})
    return hidden


def _justification_not_the_press(b: ClaimBuilder, out: ArticleExtraction) -> None:
    """A justification is a reason someone gives for the strike. A sentence whose speaker is the press
    ("..., the Tribune reported", "the agency said") describes the strike: no one's justification."""
    said = out.event.justification
    if said is None:
        return
    press = _the_press_speaking(sentence_of(b.text, said.evidence).quote, out.actors)
    if press:
        out.event.justification = b.reject("event.justification", said.value, said.evidence.quote,
                                           f"reported by the press ({press}), not a reason given for the strike")


def _the_press_speaking(sentence: str, actors: list[Actor]) -> str | None:
    """The sentence's speaker when it is the press: an actor of kind media, or a name with a word of the press."""
    subject = sentence_subject(sentence)
    if subject is None or subject.pronoun:
        return None
    who = subject.words.casefold()
    short = parse_name(subject.words)
    matching = [a for a in actors if any(x.casefold() in who or (len(who) >= 3 and who in x.casefold())
                                         or acronym_of(short, parse_name(x)) for x in [a.name, *a.aliases])]
    names = [subject.words, *(n for a in matching for n in [a.name, *a.aliases])]
    if any(a.kind is ActorKind.MEDIA for a in matching) or any(lexicon.says("press", n) for n in names):
        return subject.words
    return None


def _justification_said_by_the_attacker(b: ClaimBuilder, out: ArticleExtraction) -> None:
    """When the model gave no usable justification: the first sentence of the body in which the
    attacker (as the article names it) says something (a verb of speaking) that gives a reason; else
    the first statement the reactions found justifying the strike, when it gives a reason."""
    if out.event.justification is not None or out.event.perpetrator is None:
        return
    attacker = [w for w in re.findall(r"[^\W\d_]{3,}", lexicon.fold(out.event.perpetrator.value).lower())
                if not lexicon.says("leading_articles", w)]
    if not attacker:
        return
    for sentence in b.body:
        words = re.findall(r"[^\W\d_]+", lexicon.fold(sentence.quote).lower())
        if not lexicon.says("speech_verbs", sentence.quote) or not lexicon.says("reasons", sentence.quote) \
                or _the_press_speaking(sentence.quote, out.actors):
            continue
        if all(any(w.startswith(a) for w in words) for a in attacker):
            out.event.justification = Claim[str](value=tidy(sentence.quote), evidence=sentence)
            return
    # else a statement that justifies the strike (the stance says the speaker is on the side that struck)
    for reaction in out.reactions:
        if reaction.stance is Stance.JUSTIFY and lexicon.says("reasons", reaction.evidence.quote):
            out.event.justification = Claim[str](value=tidy(reaction.evidence.quote), evidence=reaction.evidence)
            return


def _is_state(name: str, actors: list[Actor]) -> bool:
    """A country (ISO 3166, via pycountry) or what the actors answer calls a state or government: a
    person's nationality or employer, not the group a target belongs to."""
    try:
        pycountry.countries.lookup(name.strip())
        return True
    except LookupError:
        key = parse_name(name).key
        return any(parse_name(a.name).key == key and a.kind in (ActorKind.STATE, ActorKind.GOVERNMENT) for a in actors)


def _target_group_from_affiliation(b: ClaimBuilder, out: ArticleExtraction) -> None:
    """When the model named no target group: the group the actors answer says a target belongs to
    ("Tavi Oss", affiliation "Blue Coast Front"), where the article writes it, else the group the
    article names with the target and a role ("Blue Coast Front commander Tavi Oss"); never a
    country or government (a person's affiliation is often a nationality)."""
    if out.event.target_group is not None:
        return
    where = [c.value for c in (out.event.location.city, out.event.location.country) if c is not None]
    for target in out.event.targets:
        key = parse_name(target.value).key
        for actor in out.actors:
            names = {parse_name(n).key for n in (actor.name, *actor.aliases)}
            if key in names and actor.affiliation and not _is_state(actor.affiliation, out.actors) \
                    and not not_a_target(actor.affiliation, where, group=True):
                out.event.target_group = b.claim("event.target_group", actor.affiliation, None, verbatim=True)
                if out.event.target_group is not None:
                    return
    for group in _groups_named_with_a_role(b.text, [t.value for t in out.event.targets]):
        if not _is_state(group, out.actors) and not not_a_target(group, where, group=True):
            out.event.target_group = b.claim("event.target_group", group, None, verbatim=True)
            if out.event.target_group is not None:
                return


_NAME_WORD = r"(?:[a-z]{1,3}-)?[A-Z][\w'-]*"  # "Redland", "al-Orm"


def _groups_named_with_a_role(text: str, targets: list[str]) -> list[str]:
    """Groups written right before a role and a target's name ("Blue Coast Front commander Tavi
    Oss", "the Front's chief, Tavi Oss" is not one), most often first."""
    roles = "|".join(re.escape(r) for r in sorted(lexicon.entries("group_roles"), key=len, reverse=True))
    found: list[str] = []
    for target in targets:
        for m in re.finditer(re.escape(target), text):
            g = re.search(rf"({_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}})\s+(?:{roles})\s+$", text[max(0, m.start() - 90):m.start()])
            if g:
                found.append(g.group(1))
    return [name for name, _ in Counter(found).most_common()]


def _nobody_hurt(b: ClaimBuilder, out: ArticleExtraction) -> None:
    """A sentence of the strike's section saying that nobody was killed or hurt is a toll of zero,
    of each kind it names ("nobody had been killed or hurt": 0 killed, 0 injured), when the model
    gave no figure of that kind from it (small models skip a zero). Only words for nobody at all
    (a word list): "none of the family", "none have been killed" (of a group just named) and "no
    civilians" count a part of the victims and are no toll."""
    for sentence in _strike_section(b, out):
        folded = lexicon.fold(sentence.quote)
        for nobody in lexicon.pattern("nobody").finditer(folded):
            clause = re.split(r"[,;:.!?]", folded[nobody.end():], maxsplit=1)[0]
            words = clause.split()[:NEAR + 2]
            for of in CountOf:
                if any(lexicon.says(of.value, w) for w in words) and not any(
                        c.of is of and c.evidence.start == sentence.start for c in out.event.counts):
                    subject = sentence_subject(sentence.quote)
                    out.event.counts.append(Count(of=of, value=0, scope=CountScope.TOTAL, evidence=sentence,
                                                  said_by=subject.words if subject and subject.name else None))


def _set_tolls(out: ArticleExtraction) -> None:
    """The article's own killed and injured, by the same rule as the briefing's (counts.toll)."""
    for of in CountOf:
        value, support = toll(out.event.counts, of)
        setattr(out.event, of.value, Claim[int](value=value, evidence=support[0].evidence) if value is not None else None)
