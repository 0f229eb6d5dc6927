"""Where: the country, city and site the article names for the strike; a region of one country says
the country; of a place and its part the part is shown, a country whole."""

from __future__ import annotations

from collections.abc import Callable, Hashable

import pycountry

from summarizer import answers, gazetteer, lexicon
from summarizer.claims import ClaimBuilder, by_rule, strike_section
from summarizer.entities import refines
from summarizer.ground import mentions
from summarizer.ledger import MergeContext, merge_place, merge_wording
from summarizer.places import country_named, region_country
from summarizer.schemas import ArticleExtraction, Claim, Fact, StrikeEvent


def from_answer(a: answers.WhereAnswer, b: ClaimBuilder, out: ArticleExtraction) -> None:
    loc = out.event.location
    loc.country = b.claim("event.location.country", a.country, a.quote, verbatim=True)
    loc.city = b.claim("event.location.city", a.city_or_town, a.quote, verbatim=True)
    loc.site = b.claim("event.location.site", a.place_within_city, a.quote, verbatim=True)
    _not_a_town(b, out)
    section = strike_section(b, out)
    if loc.city is not None and section is not b.body and not any(mentions(s.quote, loc.city.value) for s in section):
        # small models answer with the place of another attack the article recalls in another section
        loc.city = b.reject("event.location.city", loc.city.value, loc.city.evidence.quote,
                            "named only outside the part of the article that tells of the strike")
    _country_of_the_region(b, out)


def _not_a_town(b: ClaimBuilder, out: ArticleExtraction) -> None:
    """A city answer that names a country ("Redland", unless the gazetteer has a town of that name there)
    is no town; one written with a number ("Camp 7", "Tower 22") names a place hit, the site when the
    model gave none."""
    loc = out.event.location
    if loc.city is None:
        return
    name, quote = loc.city.value, loc.city.evidence.quote
    code = country_named(name)
    if code is not None and gazetteer.town(name, code) is None:
        loc.city = b.reject("event.location.city", name, quote, "a country, not a town")
    elif any(ch.isdigit() for ch in name):
        loc.city = b.reject("event.location.city", name, quote, "a numbered place, not a town")
        if loc.site is None:
            site = b.claim("event.location.site", name, quote, verbatim=True)
            loc.site = by_rule(site, "a numbered place the model gave as the town") if site else None


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
            loc.country = by_rule(said, f"the city or region is in {name} (ISO 3166-2)",
                                  loc.country.value if loc.country is not None else None)
            return


def merge_city(name: str, claims: list[Claim], ctx: MergeContext) -> Fact:
    """As any place, from the articles that put the strike in the briefing's country."""
    return merge_place(name, _in_the_country(ctx.events, ctx.merged["country"].value, ctx.entity_key) or claims, ctx)


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
    more. Every claim stays listed."""
    hit = [c for c in claims if not only_an_area(str(c.value))]
    fact = merge_wording(name, hit or claims, ctx)
    fact.claims = claims
    return fact


def only_an_area(site: str) -> bool:
    """A site that names a place, not a thing in it (no word of the lexicon's `structures`): a word for a
    part of a town ("the southern suburbs"), or a name alone ("Orm Heights"; "Orm Children's Hospital" names a
    building)."""
    if lexicon.says("structures", site):
        return False
    words = [w for w in site.split() if w[:1].isalpha() and not lexicon.says("leading_articles", w)]
    return lexicon.says("place_words", site) or bool(words) and all(w[:1].isupper() for w in words)
