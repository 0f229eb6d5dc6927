"""Where: the country, city and site the article names for the strike; a region of one country says
the country; of a place and its part the part is shown, a country whole."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from datetime import date

import pycountry

from summarizer import answers, gazetteer, lexicon
from summarizer.claims import ClaimBuilder, by_rule, strike_section
from summarizer.dates import date_expression, resolve_date
from summarizer.entities import refines
from summarizer.ground import mentions, sentence_of, sentences
from summarizer.ledger import (
    TEXT_RULE,
    MergeContext,
    grouped,
    merge_country,
    merge_place,
    merge_wording,
    most_articles,
    set_aside,
)
from summarizer.places import country_code, country_named, region_country, written_as_place
from summarizer.schemas import ArticleExtraction, Claim, Fact, StrikeEvent


def from_answer(a: answers.WhereAnswer, b: ClaimBuilder, out: ArticleExtraction) -> None:
    loc = out.event.location
    loc.country = b.claim("event.location.country", a.country, a.quote, verbatim=True)
    loc.city = b.claim("event.location.city", a.city_or_town, a.quote, verbatim=True)
    loc.site = b.claim("event.location.site", a.place_within_city, a.quote, verbatim=True)
    section = strike_section(b, out)
    if loc.city is not None and section is not b.body and not any(mentions(s.quote, loc.city.value) for s in section):
        # small models answer with the place of another attack the article recalls in another section
        loc.city = b.reject("event.location.city", loc.city.value, loc.city.evidence.quote,
                            "named only outside the part of the article that tells of the strike")
    _country_of_the_region(b, out)
    _not_a_town(b, out)


def _not_a_town(b: ClaimBuilder, out: ArticleExtraction) -> None:
    """A city answer that names a country or a province and no town of the gazetteer ("Redland", "Orm
    Province") is no town; one written with a number ("Camp 7", "Post 9") names a place hit, the site
    when the model gave none."""
    loc = out.event.location
    if loc.city is None:
        return
    name, quote = loc.city.value, loc.city.evidence.quote
    code = country_named(name)
    if code is not None and gazetteer.town(name, code) is None:
        loc.city = b.reject("event.location.city", name, quote, "a country, not a town")
    elif (province := gazetteer.province(name)) is not None and gazetteer.town(name, province.alpha2) is None:
        loc.city = b.reject("event.location.city", name, quote, "a province, not a town")
    elif any(ch.isdigit() for ch in name):
        loc.city = b.reject("event.location.city", name, quote, "a numbered place, not a town")
        if loc.site is None:
            site = b.claim("event.location.site", name, quote, verbatim=True)
            loc.site = by_rule(site, "a numbered place the model gave as the town") if site else None


def _country_of_the_region(b: ClaimBuilder, out: ArticleExtraction) -> None:
    """A city or region that is a province of exactly one country (ISO 3166-2, via pycountry), or the
    gazetteer's one town of that name, says the country: a place in country A claimed with country B is
    in A, when the article names A; when it does not, and never writes the answer as a place ("in B"),
    the country answer is dropped (a slip: the attacker's or a neighbour's name)."""
    loc = out.event.location
    if loc.city is None:
        return
    code = region_country(loc.city.value)
    town = gazetteer.town(loc.city.value) if code is None else None
    code = code or (town.alpha2 if town is not None and town.namesakes == 0 else None)
    if code is None or (loc.country is not None and country_code(loc.country.value) in (code, None)):
        return
    country = pycountry.countries.get(alpha_2=code)
    for name in dict.fromkeys(n for n in (getattr(country, "common_name", None), country.name) if n):
        said = b.claim("event.location.country", name, None, verbatim=True)
        if said is not None:
            if loc.country is not None:
                b.reject("event.location.country", loc.country.value, loc.country.evidence.quote,
                         f"{loc.city.value} is in {name}")
            loc.country = by_rule(said, f"the city or region is in {name} (ISO 3166-2, the gazetteer)",
                                  loc.country.value if loc.country is not None else None)
            return
    if loc.country is not None and not written_as_place(b.text, loc.country.value):  # "in Redland": the article's own place
        loc.country = b.reject("event.location.country", loc.country.value, loc.country.evidence.quote,
                               f"{loc.city.value} is not in {loc.country.value}")


def merge_country_struck(name: str, claims: list[Claim], ctx: MergeContext) -> Fact:
    """As any country; a value fewer sources give than the leading one and that most articles name as
    the attacker is the attacker read as the place: listed with the claims, no rival."""
    attacker = most_articles(grouped([e.perpetrator for e in ctx.events if e.perpetrator is not None], ctx.entity_key))
    fact = merge_country(name, set_aside(claims, ctx.entity_key, {attacker} - {None}), ctx)
    fact.claims = claims
    return fact


def merge_city(name: str, claims: list[Claim], ctx: MergeContext) -> Fact:
    """As any place, from the articles that put the strike in the briefing's country, never a town the
    articles tie only to another day (another attack's); every claim stays listed."""
    named = _in_the_country(ctx.events, ctx.merged["country"].value, ctx.entity_key) or claims
    elsewhere = _towns_of_other_days(ctx)
    kept = [c for c in named if c.value not in elsewhere]
    areas = {ctx.entity_key(c.value) for c in kept if _an_area_by_a_town(c.value, ctx, {c.value for c in kept})}
    towns = [c for c in kept if ctx.entity_key(c.value) not in areas]  # every spelling of such an area
    fact = merge_place(name, towns or kept, ctx, key=lambda v: _town_key(v, ctx))
    fact.claims = named
    return fact


def _town_key(name: str, ctx: MergeContext) -> Hashable:
    """One town however the articles spell it, in any language the gazetteer has ("Munich", "München",
    "Monaco di Baviera"); a place it lacks by its name."""
    town = gazetteer.town(name)
    return ("town", town.name, town.alpha2) if town is not None else ctx.entity_key(name)


def _an_area_by_a_town(place: str, ctx: MergeContext, candidates: set[str]) -> bool:
    """Some article writes the place by its bearing from a town ("the Orm area west of Port Vell", "Orm, in
    the north of Port Vell"): a town of the gazetteer or another article's answer, never a country or
    a province ("Orm, in the north of Vell province" is a town)."""
    words = lexicon.pattern("place_parts")
    for x in ctx.extractions:
        for m in re.finditer(rf"(?<![\w-]){re.escape(place)}(?![\w-])[\s,]+((?:[^\W\d_]+\s+){{1,4}}?)"
                             rf"([A-Z\u00c0-\u00de][\w'-]*(?:\s+[A-Z\u00c0-\u00de][\w'-]*)*)", x.article.text):
            between, town = m.group(1).split(), m.group(2)
            if town == place or country_named(town) is not None \
                    or lexicon.starts("province_words", x.article.text[m.end():].lstrip()):  # "in the north of Orm province"
                continue
            parts = [w for w in between if words.fullmatch(lexicon.fold(w))]
            bearing = [w for w in between if not (_function_word(w) or lexicon.says("place_words", w))]  # "west", "near"
            if len(parts) == len(between) and bearing and _function_word(between[-1]) \
                    and (gazetteer.town(town) is not None or town in candidates):
                return True
    return False


def _function_word(word: str) -> bool:
    return lexicon.says("prepositions", word) or lexicon.says("leading_articles", word)


def _towns_of_other_days(ctx: MergeContext) -> set[str]:
    """The articles' towns tied only to other days than the strike's (worked out once per briefing: the
    city and the site both ask)."""
    if "towns_of_other_days" not in ctx.ledgers:
        day = ctx.merged["date"].value if "date" in ctx.merged else None
        towns = {e.location.city.value for e in ctx.events if e.location.city is not None}
        ctx.ledgers["towns_of_other_days"] = {t for t in towns if day is not None and _dated_only_on_other_days(t, ctx, day)}
    return ctx.ledgers["towns_of_other_days"]


def _dated_only_on_other_days(town: str, ctx: MergeContext, day: date) -> bool:
    """Some sentence of the articles names the town with a day ("16 March", "on Sunday", read from the
    article's date), and every such day is more than a day from the strike's ("the attack on a post in
    Orm on 16 March" in a story of a strike on the 18th)."""
    dated = [found for x in ctx.extractions for s in sentences(x.article.id, x.article.text)
             if mentions(s.quote, town) and (found := _day_written(s.quote, x.article.published)) is not None]
    return bool(dated) and all(abs((found - day).days) > 1 for found in dated)


def _day_written(sentence: str, published: date | None) -> date | None:
    written = date_expression(sentence)
    return resolve_date(written, published)[0] if written else None


def _in_the_country(events: list[StrikeEvent], country: str | None,
                    entity_key: Callable[[str], Hashable]) -> list[Claim]:
    """The city claims of the articles that put the strike in the briefing's country (or in none):
    an article that places it in another country names another attack's city ("the strike on Karsk"
    in a story about one in Redland)."""
    def agrees(said: Claim | None) -> bool:
        return said is None or country is None or entity_key(said.value) == entity_key(country) \
            or refines(said.value, country, "place_parts")

    return [e.location.city for e in events if e.location.city is not None and agrees(e.location.country)]


def merge_site(name: str, claims: list[Claim], ctx: MergeContext) -> Fact:
    """The wording most articles share, of those naming what was hit (a building, a vehicle, a base); a
    wording naming only an area (a bare name, "the southern suburbs") counts only when no article names
    more. Never the town or country itself, nor one whose sentence tells of another day or names a town of
    another day's attack; when none is left, a target that names a structure ("the depot"). Every claim
    stays listed."""
    day = ctx.merged["date"].value if "date" in ctx.merged else None
    towns = _towns_of_other_days(ctx)
    whole = {ctx.entity_key(f.value) for f in (ctx.merged.get("city"), ctx.merged.get("country")) if f and f.value}
    this_day = [c for c in claims if not _of_another_day(c, ctx, day, towns)
                and not (whole and ctx.entity_key(c.value) in whole)]
    if not this_day:
        this_day = [t for e in ctx.events for t in e.targets
                    if lexicon.says("structures", t.value) and not _of_another_day(t, ctx, day, towns)]
    hit = [c for c in this_day if not only_an_area(str(c.value))]
    fact = merge_wording(name, hit or this_day, ctx) if this_day else Fact[str](rule=TEXT_RULE)
    fact.claims = claims
    return fact


def _of_another_day(claim: Claim, ctx: MergeContext, day: date | None, towns: set[str]) -> bool:
    """The claim's sentence writes a day more than a day from the strike's, or names a town the articles
    tie only to other days."""
    article = next((x.article for x in ctx.extractions if x.article.id == claim.evidence.article_id), None)
    if article is None:
        return False
    sentence = sentence_of(article.text, claim.evidence).quote
    written = _day_written(sentence, article.published)
    return (day is not None and written is not None and abs((written - day).days) > 1) \
        or any(mentions(sentence, town) for town in towns)


def only_an_area(site: str) -> bool:
    """A site that names a place, not a thing in it (no word of the lexicon's `structures`): a word for a
    part of a town ("the southern suburbs"), or a name alone ("Orm Heights"; "Orm Children's Hospital" names a
    building)."""
    if lexicon.says("structures", site):
        return False
    words = [w for w in site.split() if w[:1].isalpha() and not lexicon.says("leading_articles", w)]
    return lexicon.says("place_words", site) or bool(words) and all(w[:1].isupper() for w in words)
