"""The attacker: who carried out the strike and with what weapon. Air weapons are declared here once."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable

from summarizer import answers, lexicon
from summarizer.claims import ClaimBuilder, by_rule, says_a_strike
from summarizer.ground import sentence_of
from summarizer.ingest import is_page_furniture
from summarizer.ledger import (
    MergeContext,
    merge_fact,
    most_articles,
    names_fact,
    set_aside,
    unnamed,
)
from summarizer.schemas import ArticleExtraction, Claim, Fact, Weapon

WEAPON_RULE = ("the most specific weapon; 'airstrike' with no platform supports any air weapon; "
               "two specific weapons are a conflict")
AIR_WEAPONS = {Weapon.DRONE, Weapon.AIRCRAFT, Weapon.MISSILE}


def from_answer(a: answers.AttackerAnswer, b: ClaimBuilder, out: ArticleExtraction) -> None:
    out.event.perpetrator = b.claim("event.perpetrator", a.perpetrator, a.perpetrator_quote)
    perpetrator = out.event.perpetrator
    if perpetrator is not None and (group := backed_group(perpetrator.value, perpetrator.evidence.quote)) \
            and group.casefold() != perpetrator.value.casefold():
        out.event.perpetrator = by_rule(perpetrator, "the group the quote says the named state backs",
                                        perpetrator.value, value=group)
    out.event.weapon = b.claim("event.weapon", a.weapon, a.weapon_quote)
    weapon = out.event.weapon
    if weapon is not None and (named := checked_weapon(weapon.value, weapon.evidence.quote)) is not weapon.value:
        out.event.weapon = by_rule(weapon, "the weapon the quote's own words name", weapon.value, value=named)


def backed_group(value: str, quote: str) -> str | None:
    """The group the quote says `value` backs, when it names `value` only so ("a Redland-backed militia
    attack", "militias backed by Redland"): the attacker is that group, as the quote writes it."""
    first = (re.findall(r"[^\W\d_]{4,}", _bare(value)) or [""])[0]
    if not first:
        return None
    text = _bare(quote)  # one letter for one: the match's offsets are the quote's
    named = rf"\b{re.escape(first)}\w*"
    backers, groups, word = lexicon.alternation("backers"), lexicon.alternation("militia_nouns"), r"[\w'\u2019-]+"
    found = [m for m in re.finditer(rf"{named}\s*(?:{backers})\s+(?:{word}\s+){{0,2}}?(?:{groups})\b"
                                    rf"|\b(?:{groups})\s+(?:{word}\s+){{0,2}}?(?:{backers})\s+(?:{word}\s+)?{named}",
                                    text, re.IGNORECASE)]
    mentions = list(re.finditer(named, text, re.IGNORECASE))
    if not found or any(not any(f.start() <= m.start() < f.end() for f in found) for m in mentions):
        return None
    return quote[found[0].start():found[0].end()]


def _bare(text: str) -> str:
    """Each letter without its accent ("Rédland" -> "Redland"), the text as long as before."""
    return "".join(unicodedata.normalize("NFKD", ch)[:1] or ch for ch in lexicon.fold(text))


def checked_weapon(weapon: Weapon, quote: str) -> Weapon:
    """The weapon the quote's own words name: the model's label when they name it (and name no
    more specific weapon than "airstrike"), else the most specific weapon they name. A quote that
    names none leaves the label as it is."""
    named = [Weapon(w) for w in lexicon.shown("weapons", quote)]
    specific = [w for w in named if w is not Weapon.AIR_STRIKE_UNSPECIFIED]
    if weapon in specific or (weapon is Weapon.AIR_STRIKE_UNSPECIFIED and not specific) or not named:
        return weapon
    return (specific or named)[0]


def weapon_of_the_dating_sentence(b: ClaimBuilder, out: ArticleExtraction) -> None:
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
        sentence = next((s for s in b.body if says_a_strike(s.quote)), None)
    if sentence is None:
        return
    named = {Weapon(w) for w in lexicon.shown("weapons", sentence.quote)} - {Weapon.AIR_STRIKE_UNSPECIFIED}
    if len(named) == 1 and named <= AIR_WEAPONS:
        out.event.weapon = by_rule(weapon, "the one air weapon the sentence dating the strike (or its lead) names",
                                   weapon.value, value=named.pop(), evidence=sentence)


def merge_perpetrator(name: str, claims: list[Claim], ctx: MergeContext) -> Fact:
    """As any name; a value fewer sources give than the leading one and that the articles name as the
    target or the target group, or that is the country struck, is the struck side read as the attacker:
    listed with the claims, no rival to the attacker."""
    kept = set_aside(claims, ctx.entity_key, struck_side(ctx))
    fact, conflict = names_fact(name, kept, ctx)
    if conflict is not None:  # a rival its own quote does not name is no rival
        fact, conflict = names_fact(name, set_aside(kept, ctx.entity_key, unnamed(kept, ctx)), ctx)
    ctx.add(fact, conflict)
    fact.claims = claims
    return fact


def struck_side(ctx: MergeContext) -> set[Hashable]:
    """The side the strike hit, by entity: what the articles name as a target or the target group, and the
    country struck."""
    country = ctx.merged["country"].value if "country" in ctx.merged else None
    struck = {ctx.entity_key(t.value) for e in ctx.events for t in [*e.targets, e.target_group] if t is not None}
    return struck | ({ctx.entity_key(country)} if country else set())


def _weapon_compatible(chosen: Hashable, other: Hashable) -> bool:
    unspecified = Weapon.AIR_STRIKE_UNSPECIFIED
    return other == unspecified and chosen in AIR_WEAPONS | {unspecified} or \
        chosen == unspecified and other in AIR_WEAPONS


def _most_specific_weapon(groups: dict[Hashable, list[Claim]]) -> Hashable | None:
    specific = {k: g for k, g in groups.items() if k != Weapon.AIR_STRIKE_UNSPECIFIED}
    return most_articles(specific) if specific else Weapon.AIR_STRIKE_UNSPECIFIED


def merge_weapon(name: str, claims: list[Claim], ctx: MergeContext) -> Fact:
    return ctx.add(*merge_fact(f"event.{name}", claims, key=lambda v: v, rule=WEAPON_RULE,
                               choose=_most_specific_weapon, compatible=_weapon_compatible))
