"""Merge per-article extractions into one briefing: actors, a claim ledger, conflicts, reactions.

Every merged value keeps every article's claim; every disagreement becomes a Conflict, and the
field says it is contested. The rule of each field is written into the briefing (MERGE_RULES).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable
from typing import Any

from summarizer.counts import RULE as counts_rule
from summarizer.counts import toll
from summarizer.entities import Entity, Mention, Resolver, parse_name, refines
from summarizer import lexicon
from summarizer.ground import NormalizedText
from summarizer.ingest import is_page_furniture
from summarizer.schemas import (
    CAMEO_CODES, Actor, ActorKind, ActorRef, ArticleCoverage, ArticleExtraction, BriefingActor, BriefingEvent, BriefingReaction,
    Claim, Conflict, ConflictValue, CountOf, CountScope, DateBasis, DateClaim, DateFact, Evidence, Fact, FactStatus, MatchStatus,
    RankClaim, Stance, Statement, StrikeEvent, Weapon,
)

MERGE_RULES = {
    "date": "only dates some article writes in the strongest form count (explicit or year-inferred beats "
            "relative, e.g. 'Thursday'; a page's own date line or dateline counts only when no article says "
            "when the strike happened); of those, the date most articles give; any other date is a conflict",
    "names": "the value most articles give, names compared after entity resolution; a value that only makes "
             "another more specific ('Redland's air force' of 'Redland', 'eastern Tartus' of 'Tartus') supports "
             "it and the more specific one is shown; any other value is a conflict",
    "text": "the wording most articles share; wordings are listed, not compared for conflicts",
    "weapon": "the most specific weapon; 'airstrike' with no platform supports any air weapon; "
              "two specific weapons are a conflict",
    "civilian_harm": "the value most articles give; 'unclear' never conflicts; harmed against none is a conflict",
}
_AIR_WEAPONS = {Weapon.DRONE, Weapon.AIRCRAFT, Weapon.MISSILE}


# --- Actors -------------------------------------------------------------------------------------


def resolve_actors(extractions: list[ArticleExtraction]) -> Resolver:
    mentions: list[Mention] = []
    for x in extractions:
        aid = x.article.id
        for actor in x.actors:
            mentions.append(Mention(actor.name, aid, actor.kind.value == "person", tuple(actor.aliases)))
        mentions += [Mention(r.actor, aid) for r in x.reactions]
        mentions += [Mention(t.value, aid) for t in x.event.targets if _is_name(t.value)]
        for claim in (x.event.perpetrator, x.event.target_group):
            if claim is not None and _is_name(claim.value):
                mentions.append(Mention(claim.value, aid))
    return Resolver(mentions)


def _is_name(value: str) -> bool:
    """A proper name, not a description such as 'another militia member'."""
    text = value.strip()
    if text.lower().startswith("the "):
        text = text[4:]
    first = text[:1]
    return first.isupper() or (first.isalpha() and first.lower() == first.upper())  # a script without case


def build_actors(resolver: Resolver, extractions: list[ArticleExtraction]
                 ) -> tuple[list[BriefingActor], list[Conflict], dict[Entity, str]]:
    """One actor per resolved entity (named ones only), with the articles naming it and, for
    people, the rank each article writes before the name. Also returns entity -> actor id."""
    texts = {x.article.id: x.article.text for x in extractions}
    extracted: dict[Entity, list[tuple[str, Actor]]] = defaultdict(list)  # what the model said of each
    for x in extractions:
        for a in x.actors:
            if (entity := resolver.find(a.name)) is not None:
                extracted[entity].append((x.article.id, a))
    built: list[tuple[Entity, BriefingActor]] = []
    places = {c.value.casefold() for x in extractions for c in (x.event.location.city, x.event.location.site)
              if c is not None}
    for entity in resolver.entities:
        if not any(_is_name(n.surface) for n in entity.names) or _is_place(entity, places, extracted[entity], texts) \
                or _only_in_page_furniture(entity, texts) or _is_description(entity, extracted[entity], texts):
            continue
        mentions = _find_mentions(entity, texts)
        kinds = Counter(a.kind for _, a in extracted[entity])
        roles: dict[str, list[str]] = defaultdict(list)
        for article_id, a in extracted[entity]:
            if a.title and article_id not in roles[a.title]:
                roles[a.title].append(article_id)
        affiliations = list(dict.fromkeys(a.affiliation for _, a in extracted[entity] if a.affiliation))
        ranks = _find_ranks(entity, texts) if entity.person else []
        built.append((entity, BriefingActor(
            id="", name=entity.name, aliases=entity.aliases, kind=kinds.most_common(1)[0][0] if kinds else None,
            articles=list(dict.fromkeys(m.article_id for m in mentions)
                          | dict.fromkeys(m.article_id for m in entity.mentions)),
            ranks=ranks, roles=dict(roles), affiliations=affiliations, mentions=mentions,
        )))
    order = {x.article.id: i for i, x in enumerate(extractions)}
    built.sort(key=lambda pair: (-len(pair[1].articles), min((order.get(a, 99) for a in pair[1].articles),
                                                             default=99), pair[1].name))
    actors, conflicts, ids = [], [], {}
    for i, (entity, actor) in enumerate(built, 1):
        actor.id = ids[entity] = f"a{i}"
        actor.articles.sort(key=lambda a: order.get(a, 99))
        actor.rank, conflict = _merge_ranks(actor)
        if conflict:
            conflicts.append(conflict)
        actors.append(actor)
    return actors, conflicts, ids


def _is_place(entity: Entity, places: set[str], said: list[tuple[str, Actor]], texts: dict[str, str]) -> bool:
    """Every name of the entity is a place: where a strike hit, a name holding a place word, or (for
    what the model did not call a state, government, person or group) a name written after "in"."""
    other = all(a.kind is ActorKind.OTHER for _, a in said)
    return all(n.surface.casefold() in places or lexicon.says("place_words", n.surface)
               or (other and any(lexicon.written_as_place(t, n.surface) for t in texts.values()))
               for n in entity.names)


def _is_description(entity: Entity, said: list[tuple[str, Actor]], texts: dict[str, str]) -> bool:
    """A description, not a name ("Residents", "Local journalist"): a short name whose every word
    the articles also write in lower case, for what the model called a person or other."""
    if not said or any(a.kind not in (ActorKind.PERSON, ActorKind.OTHER) for _, a in said):
        return False
    words = {w for n in entity.names for w in re.findall(r"[^\W\d_]+", n.surface)}
    if not words or any(len(n.surface.split()) > 2 for n in entity.names) or any(w.isupper() for w in words):
        return False  # an acronym ("US") is a name, whatever "told us" says
    return all(any(re.search(rf"(?<![\w-]){re.escape(w.lower())}(?![\w-])", t) for t in texts.values())
               for w in words)


def _only_in_page_furniture(entity: Entity, texts: dict[str, str]) -> bool:
    """Named only in bylines and page headers: an author, not an actor."""
    surfaces = {n.surface for n in entity.names}
    patterns = [p for p in map(_name_pattern, surfaces) if p is not None]
    spots = [(text, m.start()) for text in texts.values() for p in patterns for m in p.finditer(text)]
    return bool(spots) and all(is_page_furniture(text, start) for text, start in spots)


def _name_pattern(surface: str) -> re.Pattern[str] | None:
    words = re.findall(r"[\w']+", surface)
    if not words:
        return None
    body = r"[\s\-]+".join(re.escape(w) for w in words)
    acronym = surface.replace(".", "").isupper()
    return re.compile(rf"(?<![\w-]){body}(?![\w-])", 0 if acronym else re.IGNORECASE)


def _surnames(entity: Entity) -> set[str]:
    """A person's surname alone ('Hale') also counts as a mention."""
    if not entity.person:
        return set()
    return {n.surface.split()[-1] for n in entity.names if len(n.surface.split()) >= 2
            and len(n.surface.split()[-1]) >= 4 and not n.is_acronym}


def _find_mentions(entity: Entity, texts: dict[str, str]) -> list[Evidence]:
    surfaces = {n.surface for n in entity.names} | _surnames(entity)
    patterns = [p for p in map(_name_pattern, sorted(surfaces, key=len, reverse=True)) if p is not None]
    found = []
    for article_id, text in texts.items():
        hits = [m for p in patterns if (m := p.search(text))]
        if hits:
            first = min(hits, key=lambda m: m.start())
            found.append(Evidence(article_id=article_id, quote=first.group(), start=first.start(),
                                  end=first.end(), match=MatchStatus.EXACT))
    return found


# Military ranks as written before a name, in one canonical spelling, most specific first.
RANKS: dict[str, str] = {
    "Lieutenant General": r"Lieutenant[- ]General|Lt\.?[- ]?Gen\.?",
    "Major General": r"Major[- ]General|Maj\.?[- ]?Gen\.?",
    "Brigadier General": r"Brigadier[- ]General|Brig\.?[- ]?Gen\.?",
    "Lieutenant Colonel": r"Lieutenant[- ]Colonel|Lt\.?[- ]?Col\.?",
    "Vice Admiral": r"Vice[- ]Admiral|Vice Adm\.?",
    "Rear Admiral": r"Rear[- ]Admiral|Rear Adm\.?",
    "General": r"General|Gen\.",
    "Colonel": r"Colonel|Col\.",
    "Admiral": r"Admiral|Adm\.",
    "Brigadier": r"Brigadier|Brig\.",
    "Major": r"Major|Maj\.",
    "Captain": r"Captain|Capt\.",
    "Lieutenant": r"Lieutenant|Lt\.",
    "Sergeant": r"Sergeant|Sgt\.",
}
# A bare family rank ("Gen. Hale" on second reference) agrees with any rank of its family.
_RANK_FAMILY = {"General": {"Lieutenant General", "Major General", "Brigadier General"},
                "Colonel": {"Lieutenant Colonel"}, "Admiral": {"Vice Admiral", "Rear Admiral"}}
_RANK = "|".join(f"(?P<r{i}>{pattern})" for i, pattern in enumerate(RANKS.values()))


def _find_ranks(entity: Entity, texts: dict[str, str]) -> list[RankClaim]:
    surnames = _surnames(entity) | {n.surface for n in entity.names if len(n.surface.split()) == 1
                                    and not n.is_acronym}
    if not surnames:
        return []
    names = "|".join(re.escape(s) for s in sorted(surnames, key=len, reverse=True))
    pattern = re.compile(rf"\b(?:{_RANK})\s+(?:[A-Z][\w.'-]*\s+){{0,3}}?(?:{names})\b")
    canonical = list(RANKS)
    claims = []
    for article_id, text in texts.items():
        for m in pattern.finditer(text):
            group = next(g for g, v in m.groupdict().items() if v is not None)
            claims.append(RankClaim(
                value=canonical[int(group[1:])], as_written=m.group(group),
                evidence=Evidence(article_id=article_id, quote=m.group(), start=m.start(), end=m.end(),
                                  match=MatchStatus.EXACT)))
    return claims


def _rank_agrees(a: str, b: str) -> bool:
    return a == b or b in _RANK_FAMILY.get(a, ()) or a in _RANK_FAMILY.get(b, ())


def _merge_ranks(actor: BriefingActor) -> tuple[str | None, Conflict | None]:
    if not actor.ranks:
        return None, None
    specific = [r for r in actor.ranks if r.value not in _RANK_FAMILY] or actor.ranks
    distinct = list(dict.fromkeys(r.value for r in specific))
    if all(_rank_agrees(a, b) for a in distinct for b in distinct):
        return distinct[0], None
    values = [ConflictValue(value=v, articles=list(dict.fromkeys(r.evidence.article_id for r in specific
                                                                 if r.value == v)),
                            quotes=[r.evidence for r in specific if r.value == v]) for v in distinct]
    return None, Conflict(field=f"actor {actor.id} ({actor.name}) rank", values=values,
                          resolution="articles give different ranks; no rank is shown as fact")


# --- Event fields -------------------------------------------------------------------------------


def merge_fact(field: str, claims: list[Claim], key: Callable[[Any], Hashable], rule: str,
               choose: Callable[[dict[Hashable, list[Claim]]], Hashable | None] | None = None,
               compare: bool = True, compatible: Callable[[Hashable, Hashable], bool] | None = None,
               fact_type: type[Fact] = Fact, refinements: str | None = None,
               specific: bool = True) -> tuple[Fact, Conflict | None]:
    """Group the claims by `key`; pick a group with `choose` (default: most articles); a second
    group that is not `compatible` with the chosen one is a conflict. With `refinements` (a lexicon
    list), a value that only makes another more specific agrees with it (see `refines`)."""
    groups: dict[Hashable, list[Claim]] = {}
    for claim in claims:
        groups.setdefault(key(claim.value), []).append(claim)
    if not groups:
        return fact_type(rule=rule), None
    if refinements:
        chosen, compatible = _refined_choice(groups, refinements, specific)
    else:
        chosen = (choose or _most_articles)(groups)
    if chosen is None and not compare:  # wordings are not contradictions: the first most-shared one
        chosen = max(groups, key=lambda k: len(_articles(groups[k])))
    rivals = [k for k in groups if k != chosen and not (compatible and chosen is not None and compatible(chosen, k))]
    conflict = None
    if compare and rivals:
        conflict = Conflict(
            field=field,
            values=[ConflictValue(value=groups[k][0].value, articles=_articles(groups[k]),
                                  quotes=[c.evidence for c in groups[k]]) for k in groups],
            resolution=(f"shown as {_plain(groups[chosen][0].value)} by the field's rule, marked contested"
                        if chosen is not None
                        else "no value shown: the articles are evenly split"),
        )
    if chosen is None:
        return fact_type(rule=rule, status=FactStatus.CONTESTED, claims=claims), conflict
    agreeing = [c for k, g in groups.items() if k == chosen or (compatible and compatible(chosen, k)) for c in g]
    sources = _articles(agreeing)
    status = (FactStatus.CONTESTED if conflict else
              FactStatus.CORROBORATED if len(sources) >= 2 else FactStatus.SINGLE_SOURCE)
    return fact_type(value=groups[chosen][0].value, status=status, rule=rule, sources=sources, claims=claims), conflict


def _plain(value: Any) -> str:
    return str(getattr(value, "value", value)).replace("_", " ")


def _articles(claims: list[Claim]) -> list[str]:
    return list(dict.fromkeys(c.evidence.article_id for c in claims))


def _most_articles(groups: dict[Hashable, list[Claim]]) -> Hashable | None:
    ranked = sorted(groups, key=lambda k: len(_articles(groups[k])), reverse=True)
    if len(ranked) > 1 and len(_articles(groups[ranked[0]])) == len(_articles(groups[ranked[1]])):
        return None
    return ranked[0]


def _refined_choice(groups: dict[Hashable, list[Claim]], parts: str, specific: bool = True) -> tuple[
        Hashable | None, Callable[[Hashable, Hashable], bool]]:
    """The value most articles support, counting a value's refinements and generalisations as
    support; of equally supported values that refine each other, the most specific (or, with
    `specific` false, the most general: a country is "Yemen", not "north Yemen"). Returns the
    choice and the test of compatibility (one refines the other)."""
    values = {k: {str(c.value) for c in g} for k, g in groups.items()}

    def refine(a: Hashable, b: Hashable) -> bool:
        return any(refines(x, y, parts) for x in values[a] for y in values[b])

    def compatible(a: Hashable, b: Hashable) -> bool:
        return a == b or refine(a, b) or refine(b, a)

    support = {k: {c.evidence.article_id for j, g in groups.items() if compatible(k, j) for c in g} for k in groups}
    best = max(len(s) for s in support.values())
    top = [k for k in groups if len(support[k]) == best]
    if any(not compatible(a, b) for a in top for b in top):
        return None, compatible  # evenly split between values that disagree
    specificity = {k: sum(refine(k, j) for j in top) - sum(refine(j, k) for j in top) for k in top}
    sign = -1 if specific else 1
    return min(top, key=lambda k: (sign * specificity[k], -len(_articles(groups[k])))), compatible


def _text_key(value: str) -> str:
    return NormalizedText(str(value)).text.strip(" .").removeprefix("the ")  # not the article cache


_DATE_STRENGTH = {DateBasis.EXPLICIT: 2, DateBasis.YEAR_INFERRED: 2, DateBasis.RELATIVE: 1}


def merge_date(claims: list[DateClaim]) -> tuple[DateFact, Conflict | None]:
    resolved = [c for c in claims if c.value is not None]
    # A page's own date (header, dateline) says when it was written: it counts only when no article
    # says when the strike happened, and never makes a conflict.
    reported = [c for c in resolved if c.basis is not DateBasis.PAGE]
    resolved = reported or resolved

    def strongest_then_most(groups: dict[Hashable, list[Claim]]) -> Hashable | None:
        best = max(_DATE_STRENGTH.get(c.basis, 0) for g in groups.values() for c in g)
        return _most_articles({k: g for k, g in groups.items()
                               if any(_DATE_STRENGTH.get(c.basis, 0) == best for c in g)})

    fact, conflict = merge_fact("event.date", resolved, key=lambda v: v, rule=MERGE_RULES["date"],
                                choose=strongest_then_most, fact_type=DateFact)
    fact.claims = claims  # unresolved ones ("Thursday" in an undated article) are listed too
    return fact, conflict


def _weapon_compatible(chosen: Hashable, other: Hashable) -> bool:
    unspecified = Weapon.AIR_STRIKE_UNSPECIFIED
    return other == unspecified and chosen in _AIR_WEAPONS | {unspecified} or \
        chosen == unspecified and other in _AIR_WEAPONS


def _most_specific_weapon(groups: dict[Hashable, list[Claim]]) -> Hashable | None:
    specific = {k: g for k, g in groups.items() if k != Weapon.AIR_STRIKE_UNSPECIFIED}
    return _most_articles(specific) if specific else Weapon.AIR_STRIKE_UNSPECIFIED


def merge_event(extractions: list[ArticleExtraction], resolver: Resolver,
                actor_ids: dict[Entity, str]) -> tuple[BriefingEvent, list[Conflict]]:
    events = [x.event for x in extractions]

    def collect(get: Callable[[Any], Claim | None]) -> list[Claim]:
        return [c for e in events if (c := get(e)) is not None]

    def entity_key(value: str) -> Hashable:
        entity = resolver.find(value)
        return entity if entity is not None else parse_name(value).key

    conflicts: list[Conflict] = []

    def fact(field: str, claims: list[Claim], **kwargs: Any) -> Fact:
        merged, conflict = merge_fact(f"event.{field}", claims, **kwargs)
        if conflict:
            conflicts.append(conflict)
        return merged

    names = {"key": entity_key, "rule": MERGE_RULES["names"], "refinements": "institutions"}
    places = {"key": entity_key, "rule": MERGE_RULES["names"], "refinements": "place_parts"}
    text = {"key": _text_key, "rule": MERGE_RULES["text"], "compare": False}
    date_fact, date_conflict = merge_date(collect(lambda e: e.date))
    if date_conflict:
        conflicts.insert(0, date_conflict)
    perpetrator = fact("perpetrator", collect(lambda e: e.perpetrator), **names)
    perpetrator_entity = resolver.find(perpetrator.value) if perpetrator.value else None
    event = BriefingEvent(
        date=date_fact,
        local_time=fact("local_time", collect(lambda e: e.local_time), **text),
        country=fact("country", collect(lambda e: e.location.country), **places, specific=False),
        city=fact("city", collect(lambda e: e.location.city), **places),
        site=fact("site", collect(lambda e: e.location.site), **text),
        perpetrator=perpetrator,
        perpetrator_actor=actor_ids.get(perpetrator_entity) if perpetrator_entity else None,
        weapon=fact("weapon", collect(lambda e: e.weapon), key=lambda v: v, rule=MERGE_RULES["weapon"],
                    choose=_most_specific_weapon, compatible=_weapon_compatible),
        targets=_merge_targets([t for e in events for t in e.targets], entity_key, resolver, actor_ids),
        target_group=fact("target_group", collect(lambda e: e.target_group), **names),
        killed=count_fact(CountOf.KILLED, events, conflicts),
        injured=count_fact(CountOf.INJURED, events, conflicts),
        counts=[c for e in events for c in e.counts],
        civilian_harm=fact("civilian_harm", collect(lambda e: e.civilian_harm), key=lambda v: v,
                           rule=MERGE_RULES["civilian_harm"],
                           choose=lambda g: _most_articles({k: v for k, v in g.items() if k != "unclear"} or g),
                           compatible=lambda a, b: "unclear" in (a, b)),
        justification=fact("justification", collect(lambda e: e.justification), **text),
    )
    return event, conflicts


def count_fact(of: CountOf, events: list[StrikeEvent], conflicts: list[Conflict]) -> Fact:
    """The toll every article's figures support together (counts.toll): a floor one article gives
    (a named victim) outweighs another's lower total. Totals that differ are a conflict."""
    claims = [c for e in events if (c := getattr(e, of.value)) is not None]
    counts = [c for e in events for c in e.counts if c.of is of]
    value, support = toll(counts, of)
    if value is None:  # an extraction made before counts were kept: its claims alone
        merged, conflict = merge_fact(f"event.{of.value}", claims, key=lambda v: v, rule=counts_rule,
                                      choose=lambda groups: min(groups))
        conflicts.extend([conflict] if conflict else [])
        return merged
    shown = {c.value for c in counts if c.scope is CountScope.TOTAL} | {value}
    sources = list(dict.fromkeys(c.evidence.article_id for c in support))
    if len(shown) > 1:
        conflicts.append(Conflict(
            field=f"event.{of.value}",
            values=[ConflictValue(value=v, articles=list(dict.fromkeys(c.evidence.article_id for c in same)),
                                  quotes=[c.evidence for c in same],
                                  said_by=list(dict.fromkeys(c.said_by for c in same if c.said_by)))
                    for v in sorted(shown) if (same := [c for c in counts if c.value == v])],
            resolution=f"shown as {value} by the field's rule (the most conservative toll the sources support), "
                       "marked contested"))
    status = (FactStatus.CONTESTED if len(shown) > 1 else
              FactStatus.CORROBORATED if len(sources) >= 2 else FactStatus.SINGLE_SOURCE)
    return Fact[int](value=value, status=status, rule=counts_rule, sources=sources, claims=claims)


def _merge_targets(claims: list[Claim], key: Callable[[str], Hashable], resolver: Resolver,
                   actor_ids: dict[Entity, str]) -> list[ActorRef]:
    groups: dict[Hashable, list[Claim]] = {}
    for claim in claims:
        groups.setdefault(key(claim.value), []).append(claim)
    refs = []
    for group in groups.values():
        entity = resolver.find(group[0].value)
        sources = _articles(group)
        refs.append(ActorRef(
            actor_id=actor_ids.get(entity) if entity else None, name=entity.name if entity else group[0].value,
            status=FactStatus.CORROBORATED if len(sources) >= 2 else FactStatus.SINGLE_SOURCE,
            sources=sources, claims=group))
    return sorted(refs, key=lambda r: -len(r.sources))


# --- Reactions, coverage ------------------------------------------------------------------------


def merge_reactions(extractions: list[ArticleExtraction], resolver: Resolver,
                    actor_ids: dict[Entity, str]) -> list[BriefingReaction]:
    grouped: dict[Hashable, list[Statement]] = {}
    names: dict[Hashable, tuple[str | None, str]] = {}
    for x in extractions:
        for r in x.reactions:
            entity = resolver.find(r.actor)
            if entity is not None and entity not in actor_ids:
                continue  # a place, a byline or a description ("Residents"), not an actor
            key = entity if entity is not None else parse_name(r.actor).key
            names[key] = (actor_ids.get(entity), entity.name) if entity else (None, r.actor)
            statements = grouped.setdefault(key, [])
            if not any(s.evidence.quote == r.evidence.quote for s in statements):
                statements.append(Statement(stance=r.stance, cameo=r.cameo, said_as=r.actor, evidence=r.evidence))
    merged = []
    for key, statements in grouped.items():
        if all(s.stance is Stance.NEUTRAL for s in statements):
            continue  # remarks that take no stance are not reactions
        # most reported first; a neutral remark never outweighs a stance taken
        counts = Counter(s.stance for s in statements).most_common()
        stances = [s for s, _ in sorted(counts, key=lambda sc: (sc[0] is Stance.NEUTRAL, -sc[1]))]
        actor_id, name = names[key]
        merged.append(BriefingReaction(
            actor_id=actor_id, actor=name, stance=stances[0], cameo=CAMEO_CODES[stances[0]], stances=stances,
            sources=list(dict.fromkeys(s.evidence.article_id for s in statements)), statements=statements))
    return sorted(merged, key=lambda r: -len(r.sources))


EVENT_FIELDS = ("date", "local_time", "country", "city", "site", "perpetrator", "weapon", "targets",
                "target_group", "killed", "injured", "civilian_harm", "justification")


def coverage(event: BriefingEvent) -> dict[str, list[str]]:
    found = {}
    for name in EVENT_FIELDS:
        value = getattr(event, name)
        claims = [c for ref in value for c in ref.claims] if isinstance(value, list) else value.claims
        found[name] = _articles([c for c in claims if c.value is not None])
    return found


def article_coverage(extractions: list[ArticleExtraction], by_field: dict[str, list[str]]) -> list[ArticleCoverage]:
    return [ArticleCoverage(
        id=x.article.id, source=x.article.source, title=x.article.title, outlet=x.article.outlet,
        published=x.article.published, facts=[f for f, ids in by_field.items() if x.article.id in ids],
        errors=x.errors, notes=x.article.notes) for x in extractions]
