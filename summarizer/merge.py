"""Merge the articles' facts into one briefing: a claim ledger per event field, conflicts, reactions.

Every merged value keeps every article's claim; every disagreement becomes a Conflict, and the
field says it is contested. The rule of each field is written into the briefing (MERGE_RULES).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, timedelta
from typing import Any

from summarizer.copies import independent
from summarizer.counts import RULE as counts_rule
from summarizer.counts import OUTLIER_RATIO, outliers, superseded, toll
from summarizer.entities import Entity, Resolver, parse_name, refines
from summarizer.fields import EVENT_FIELDS, FIELDS
from summarizer.ground import NormalizedText
from summarizer.places import is_province
from summarizer.schemas import (
    CAMEO_CODES, ActorKind, ActorRef, ArticleCoverage, ArticleExtraction, BriefingActor, BriefingEvent, BriefingReaction, Claim, Conflict,
    ConflictValue, CountOf, CountScope, DateBasis, DateClaim, DateFact, Fact, FactStatus, Stance, Statement,
    StrikeEvent, Weapon,
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
    "target_group": "no article names the target group, but a target is itself an armed group: that group",
}
_AIR_WEAPONS = {Weapon.DRONE, Weapon.AIRCRAFT, Weapon.MISSILE}

# Article id -> its group of copies (copies.copy_groups): while a briefing is merged, a wire story and
# its reposts count as one source wherever sources are counted.
_copies: ContextVar[dict[str, str]] = ContextVar("copies", default={})


@contextmanager
def counting_copies_once(groups: dict[str, str]) -> Iterator[None]:
    token = _copies.set(groups)
    try:
        yield
    finally:
        _copies.reset(token)


def _independent(article_ids: list[str] | set[str]) -> int:
    return independent(article_ids, _copies.get())


def _status(article_ids: list[str], contested: bool = False) -> FactStatus:
    """Contested, else corroborated by two independent sources or more, else a single source's."""
    if contested:
        return FactStatus.CONTESTED
    return FactStatus.CORROBORATED if _independent(article_ids) >= 2 else FactStatus.SINGLE_SOURCE


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
        chosen = max(groups, key=lambda k: _independent(_articles(groups[k])))
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
    status = _status(sources, contested=conflict is not None)
    return fact_type(value=groups[chosen][0].value, status=status, rule=rule, sources=sources, claims=claims), conflict


def _plain(value: Any) -> str:
    return str(getattr(value, "value", value)).replace("_", " ")


def _articles(claims: list[Claim]) -> list[str]:
    return list(dict.fromkeys(c.evidence.article_id for c in claims))


def _most_articles(groups: dict[Hashable, list[Claim]]) -> Hashable | None:
    def weight(k: Hashable) -> tuple[int, int]:  # independent sources; on a tie, articles (a copy still reports)
        return _independent(_articles(groups[k])), len(_articles(groups[k]))

    ranked = sorted(groups, key=weight, reverse=True)
    if len(ranked) > 1 and weight(ranked[0]) == weight(ranked[1]):
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
    best = max((_independent(s), len(s)) for s in support.values())  # on a tie of sources, articles
    top = [k for k in groups if (_independent(support[k]), len(support[k])) == best]
    if any(not compatible(a, b) for a in top for b in top):
        towns = [k for k in top if not any(is_province(str(c.value)) for c in groups[k])]
        if specific and len(towns) == 1 and len(top) > 1:
            return towns[0], compatible  # a province against a town: the town (the province holds it)
        return None, compatible  # evenly split between values that disagree
    specificity = {k: sum(refine(k, j) for j in top) - sum(refine(j, k) for j in top) for k in top}
    sign = -1 if specific else 1
    return min(top, key=lambda k: (sign * specificity[k], -_independent(_articles(groups[k])))), compatible


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
    if conflict is not None and fact.value is not None:
        # A rival fewer sources give, in a weaker form than the date shown ("Sunday", the day a statement
        # came) or more than a day before it (an earlier attack the article recalls), is listed with the
        # claims, not a disagreement.
        shown = max(_DATE_STRENGTH.get(c.basis, 0) for c in resolved if c.value == fact.value)
        support = _independent(fact.sources)
        rivals = [v for v in conflict.values if v.value != fact.value and not (
            _independent(v.articles) < support
            and (max(_DATE_STRENGTH.get(c.basis, 0) for c in resolved if c.value == v.value) < shown
                 or v.value < fact.value - timedelta(days=1)))]
        if not rivals:
            conflict = None
            fact.status = _status(fact.sources)
        else:
            conflict.values = [v for v in conflict.values if v.value == fact.value or v in rivals]
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
    """Each field of the table (fields.py) merged by its rule; the conflicts in the table's order."""
    events = [x.event for x in extractions]

    def entity_key(value: str) -> Hashable:
        entity = resolver.find(value)
        return entity if entity is not None else parse_name(value).key

    conflicts: list[Conflict] = []
    merged: dict[str, Any] = {}
    for field in EVENT_FIELDS:
        claims = [c for e in events if (c := field.claim_of(e)) is not None]
        if field.merge == "targets":
            merged[field.name], unconfirmed = _merge_targets([t for ts in claims for t in ts], entity_key, resolver,
                                                             actor_ids)
            continue
        if field.merge == "count":
            merged[field.name] = count_fact(CountOf(field.name), events, conflicts,
                                            {x.article.id: x.article.published for x in extractions})
            continue
        if field.name == "city":
            claims = _in_the_country(events, merged["country"].value, entity_key) or claims
        if field.merge == "date":
            fact, conflict = merge_date(claims)
        else:
            fact, conflict = merge_fact(f"event.{field.name}", claims, **_rule(field.merge, entity_key))
        merged[field.name] = fact
        conflicts.extend([conflict] if conflict else [])
    def actor_of(field: str) -> str | None:
        entity = resolver.find(merged[field].value) if merged[field].value else None
        return actor_ids.get(entity) if entity else None

    event = BriefingEvent(**merged, perpetrator_actor=actor_of("perpetrator"), target_group_actor=actor_of("target_group"),
                          counts=[c for e in events for c in e.counts], unconfirmed_targets=unconfirmed)
    return event, conflicts


def _in_the_country(events: list[StrikeEvent], country: str | None,
                    entity_key: Callable[[str], Hashable]) -> list[Claim]:
    """The city claims of the articles that put the strike in the briefing's country (or in none):
    an article that places it in another country names another attack's city ("the strike on Karsk"
    in a story about one in Pakistan)."""
    def agrees(said: Claim | None) -> bool:
        return said is None or country is None or entity_key(said.value) == entity_key(country) \
            or refines(said.value, country, "place_parts")

    return [e.location.city for e in events if e.location.city is not None and agrees(e.location.country)]


def _rule(merge: str, entity_key: Callable[[str], Hashable]) -> dict[str, Any]:
    """merge_fact's arguments for a field's merge rule."""
    match merge:
        case "name":
            return {"key": entity_key, "rule": MERGE_RULES["names"], "refinements": "institutions"}
        case "place" | "country":  # of a place and its part the part is shown; a country is shown whole
            return {"key": entity_key, "rule": MERGE_RULES["names"], "refinements": "place_parts",
                    "specific": merge == "place"}
        case "wording":
            return {"key": _text_key, "rule": MERGE_RULES["text"], "compare": False}
        case "weapon":
            return {"key": lambda v: v, "rule": MERGE_RULES["weapon"], "choose": _most_specific_weapon,
                    "compatible": _weapon_compatible}
        case "civilian_harm":
            return {"key": lambda v: v, "rule": MERGE_RULES["civilian_harm"],
                    "choose": lambda g: _most_articles({k: v for k, v in g.items() if k != "unclear"} or g),
                    "compatible": lambda a, b: "unclear" in (a, b)}
    raise ValueError(f"no merge rule {merge!r}")


_GROUPS = {ActorKind.MILITIA, ActorKind.ARMED_GROUP}


def target_group_from_targets(event: BriefingEvent, actors: list[BriefingActor]) -> None:
    """When no article names the target group by an actor's name (none, or a description such as
    "a coastal militia" that no article lists among its actors), and a target is itself an armed group or
    militia, that group is the target group."""
    group = event.target_group
    kinds = {a.id: a.kind for a in actors}
    if group.value is not None and (kinds.get(event.target_group_actor) is not None
                                    or group.status is FactStatus.CONTESTED):
        return
    target = next((t for t in event.targets if t.actor_id and kinds.get(t.actor_id) in _GROUPS), None)
    if target is None:
        return
    event.target_group = Fact[str](
        value=target.name, status=_status(target.sources),
        rule=MERGE_RULES["target_group"], sources=target.sources, claims=[*target.claims, *group.claims])
    event.target_group_actor = target.actor_id


def count_fact(of: CountOf, events: list[StrikeEvent], conflicts: list[Conflict],
               published: dict[str, date | None] | None = None) -> Fact:
    """The toll every article's figures support together (counts.toll): a floor one article gives
    (a named victim) outweighs another's lower total. Totals that differ are a conflict. A figure one
    article alone gives, far above all the others' (counts.outliers), is never the toll: a note says so."""
    claims = [c for e in events if (c := getattr(e, of.value)) is not None]
    counts = [c for e in events for c in e.counts if c.of is of]
    flagged, highest_other = outliers(counts, of, _copies.get())
    value, support = toll([c for c in counts if c not in flagged], of, _copies.get(), published)  # never the toll when others give lower
    if value is None:  # an extraction made before counts were kept: its claims alone
        merged, conflict = merge_fact(f"event.{of.value}", claims, key=lambda v: v, rule=counts_rule,
                                      choose=lambda groups: min(groups))
        conflicts.extend([conflict] if conflict else [])
        return merged
    shown = {c.value for c in counts if c.scope is CountScope.TOTAL} | {value}
    sources = list(dict.fromkeys(c.evidence.article_id for c in support))
    published = published or {}
    earlier = {c.value for c in superseded(counts, published)} - {value}
    if len(shown) > 1:
        def first_reported(v: int) -> tuple:
            days = [d for c in counts if c.value == v and (d := published.get(c.evidence.article_id))]
            return (min(days) if days else date.max, v)

        rose = (f"the toll rose: {', '.join(str(v) for v in sorted(earlier, key=first_reported))} were earlier "
                "counts, raised by later reports of the same source; " if earlier else "")
        conflicts.append(Conflict(
            field=f"event.{of.value}",
            values=[ConflictValue(value=v, articles=list(dict.fromkeys(c.evidence.article_id for c in same)),
                                  quotes=[c.evidence for c in same],
                                  said_by=list(dict.fromkeys(c.said_by for c in same if c.said_by)))
                    for v in sorted(shown, key=first_reported) if (same := [c for c in counts if c.value == v])],
            resolution=f"{rose}shown as {value} by the field's rule (the most conservative toll the sources "
                       "support), marked contested" if shown - earlier - {value} else
                       f"{rose}shown as {value}, the latest"))
    status = _status(sources, contested=bool(shown - earlier - {value}))
    notes = [f"{v} {of.value} is given by one source only (an article and its copies) and is more than {OUTLIER_RATIO} "
             f"times the highest figure any other source gives ({highest_other}): unconfirmed, not taken as the toll"
             for v in sorted({c.value for c in flagged})]
    return Fact[int](value=value, status=status, rule=counts_rule, sources=sources, claims=claims, notes=notes)


def _merge_targets(claims: list[Claim], key: Callable[[str], Hashable], resolver: Resolver,
                   actor_ids: dict[Entity, str]) -> tuple[list[ActorRef], list[ActorRef]]:
    """The targets, one per actor or name, and apart from them the unconfirmed ones: when some
    target is named by two articles or more, one that a single article names is listed as
    unconfirmed, not shown as fact (a background figure, another place hit, a weapon). A name that
    only shortens another ("Orm" of "Orm Children's Hospital") is that target."""
    groups: dict[Hashable, list[Claim]] = {}
    for claim in claims:
        groups.setdefault(key(claim.value), []).append(claim)
    names = {k: resolver.find(g[0].value).name if resolver.find(g[0].value) else g[0].value for k, g in groups.items()}
    for k in list(groups):
        longer = [j for j in groups if j != k and _shortens(names[k], names[j])]
        if len(longer) == 1:
            groups[longer[0]].extend(groups.pop(k))
    refs = []
    for group in groups.values():
        entity = resolver.find(group[0].value)
        sources = _articles(group)
        refs.append(ActorRef(
            actor_id=actor_ids.get(entity) if entity else None, name=entity.name if entity else group[0].value,
            status=_status(sources),
            sources=sources, claims=group))
    refs.sort(key=lambda r: -_independent(r.sources))
    if any(_independent(r.sources) >= 2 for r in refs):
        return ([r for r in refs if _independent(r.sources) >= 2],
                [r for r in refs if _independent(r.sources) < 2])
    return refs, []


def _shortens(short: str, name: str) -> bool:
    """`short` is the leading words of the proper name `name`: "Orm" of "Orm Children's Hospital"."""
    a, b = short.casefold().split(), name.casefold().split()
    return short[:1].isupper() and 0 < len(a) < len(b) and b[:len(a)] == a


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
            said = Statement(stance=r.stance, cameo=r.cameo, said_as=r.actor, evidence=r.evidence)
            same = next((i for i, s in enumerate(statements) if s.evidence.quote == r.evidence.quote), None)
            if same is None:
                statements.append(said)
            elif statements[same].stance is Stance.NEUTRAL and r.stance is not Stance.NEUTRAL:
                statements[same] = said  # a copied article's same words, where the model saw a stance
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
    return sorted(merged, key=lambda r: -_independent(r.sources))


def coverage(event: BriefingEvent) -> dict[str, list[str]]:
    found = {}
    for name in FIELDS:
        value = getattr(event, name)
        claims = [c for ref in value for c in ref.claims] if isinstance(value, list) else value.claims
        found[name] = _articles([c for c in claims if c.value is not None])
    return found


def article_coverage(extractions: list[ArticleExtraction], by_field: dict[str, list[str]]) -> list[ArticleCoverage]:
    copies = _copies.get()
    return [ArticleCoverage(
        id=x.article.id, source=x.article.source, title=x.article.title, outlet=x.article.outlet,
        published=x.article.published, url=x.article.url, facts=[f for f, ids in by_field.items() if x.article.id in ids],
        errors=x.errors, notes=x.article.notes,
        copy_of=copies[x.article.id] if copies.get(x.article.id, x.article.id) != x.article.id else None)
        for x in extractions]
