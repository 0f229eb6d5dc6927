"""The claim ledger: the articles' claims of one fact grouped by value, the value shown by the fact's
rule, the sources that give it (a wire story and its reposts counted once) and the conflicts."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from summarizer.copies import independent
from summarizer.entities import Entity, Resolver, parse_name, refines
from summarizer.facts.speakers import sentence_subject
from summarizer.ground import NormalizedText, mentions
from summarizer.places import is_province
from summarizer.schemas import ArticleExtraction, Claim, Conflict, ConflictValue, Fact, FactStatus, StrikeEvent

NAMES_RULE = ("the value most articles give, names compared after entity resolution; a value that only makes "
              "another more specific ('Redland's air force' of 'Redland', 'eastern Tartus' of 'Tartus') supports "
              "it and the more specific one is shown; any other value is a conflict")
TEXT_RULE = "the wording most articles share; wordings are listed, not compared for conflicts"

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


def copy_groups_now() -> dict[str, str]:
    """The groups of copies of the briefing being merged (article id -> its group)."""
    return _copies.get()


def independent_sources(article_ids: list[str] | set[str]) -> int:
    return independent(article_ids, copy_groups_now())


def fact_status(article_ids: list[str], contested: bool = False) -> FactStatus:
    """Contested, else corroborated by two independent sources or more, else a single source's."""
    if contested:
        return FactStatus.CONTESTED
    return FactStatus.CORROBORATED if independent_sources(article_ids) >= 2 else FactStatus.SINGLE_SOURCE


@dataclass
class MergeContext:
    """What a fact's merge may read besides its claims: the articles, the actors, the facts merged
    before it (in the table's order); and what it may add: conflicts, the event's other ledgers."""
    extractions: list[ArticleExtraction]
    resolver: Resolver
    actor_ids: dict[Entity, str]
    merged: dict[str, Any] = field(default_factory=dict)
    ledgers: dict[str, Any] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def events(self) -> list[StrikeEvent]:
        return [x.event for x in self.extractions]

    @property
    def published(self) -> dict[str, date | None]:
        return {x.article.id: x.article.published for x in self.extractions}

    def entity_key(self, value: str) -> Hashable:
        entity = self.resolver.find(value)
        return entity if entity is not None else parse_name(value).key

    def add(self, fact: Any, conflict: Conflict | None) -> Any:
        """Keep the conflict (if any); the fact."""
        self.conflicts.extend([conflict] if conflict else [])
        return fact


Merge = Callable[[str, list, MergeContext], Any]  # (field name, the articles' claims, context) -> the fact


def merge_names(name: str, claims: list[Claim], ctx: MergeContext) -> Fact:
    return ctx.add(*names_fact(name, claims, ctx))


def names_fact(name: str, claims: list[Claim], ctx: MergeContext) -> tuple[Fact, Conflict | None]:
    """As merge_names, with the conflict returned, not kept."""
    return merge_fact(f"event.{name}", claims, key=ctx.entity_key, rule=NAMES_RULE, refinements="institutions")


def unnamed(claims: list[Claim], ctx: MergeContext) -> set[Hashable]:
    """The values (by entity) that no claim's own quote names, by any of the names the articles give the
    entity: the model's reading of a sentence that says it nowhere ("a militia ... was slain" as the attacker)."""
    def names_it(claim: Claim) -> bool:
        entity = ctx.resolver.find(str(claim.value))
        names = [str(claim.value), *([entity.name, *entity.aliases] if entity else [])]
        return any(mentions(claim.evidence.quote, n) for n in names)

    named = {ctx.entity_key(c.value) for c in claims if names_it(c)}
    return {ctx.entity_key(c.value) for c in claims} - named


def merge_place(name: str, claims: list[Claim], ctx: MergeContext,
                key: Callable[[str], Hashable] | None = None) -> Fact:
    """Of a place and its part the part is shown."""
    return ctx.add(*merge_fact(f"event.{name}", claims, key=key or ctx.entity_key, rule=NAMES_RULE,
                               refinements="place_parts"))


def merge_country(name: str, claims: list[Claim], ctx: MergeContext) -> Fact:
    """A country is shown whole ("Yemen", not "north Yemen")."""
    return ctx.add(*merge_fact(f"event.{name}", claims, key=ctx.entity_key, rule=NAMES_RULE,
                               refinements="place_parts", specific=False))


def merge_wording(name: str, claims: list[Claim], ctx: MergeContext) -> Fact:
    return ctx.add(*merge_fact(f"event.{name}", claims, key=_text_key, rule=TEXT_RULE, compare=False))


def attacker_names(fact: Fact | None) -> list[str]:
    """The perpetrator shown, as the articles that agree on it name it ("Redland", "Redlandic army")."""
    if fact is None or fact.value is None:
        return []
    return list(dict.fromkeys(c.value for c in fact.claims if c.evidence.article_id in fact.sources))


def merge_fact(field: str, claims: list[Claim], key: Callable[[Any], Hashable], rule: str,
               choose: Callable[[dict[Hashable, list[Claim]]], Hashable | None] | None = None,
               compare: bool = True, compatible: Callable[[Hashable, Hashable], bool] | None = None,
               fact_type: type[Fact] = Fact, refinements: str | None = None,
               specific: bool = True) -> tuple[Fact, Conflict | None]:
    """Group the claims by `key`; pick a group with `choose` (default: most articles); a second
    group that is not `compatible` with the chosen one is a conflict. With `refinements` (a lexicon
    list), a value that only makes another more specific agrees with it (see `refines`)."""
    groups = grouped(claims, key)
    if not groups:
        return fact_type(rule=rule), None
    if refinements:
        chosen, compatible = _refined_choice(groups, refinements, specific)
    else:
        chosen = (choose or most_articles)(groups)
    if chosen is None and not compare:  # wordings are not contradictions: the first most-shared one
        chosen = max(groups, key=lambda k: independent_sources(source_articles(groups[k])))
    rivals = [k for k in groups if k != chosen and not (compatible and chosen is not None and compatible(chosen, k))]
    conflict = None
    if compare and rivals:
        conflict = Conflict(
            field=field,
            values=[ConflictValue(value=groups[k][0].value, articles=source_articles(groups[k]),
                                  quotes=[c.evidence for c in groups[k]], said_by=_speakers(groups[k])) for k in groups],
            resolution=(f"shown as {_plain(groups[chosen][0].value)} by the field's rule, marked contested"
                        if chosen is not None
                        else "no value shown: the articles are evenly split"),
        )
    if chosen is None:
        return fact_type(rule=rule, status=FactStatus.CONTESTED, claims=claims), conflict
    agreeing = [c for k, g in groups.items() if k == chosen or (compatible and compatible(chosen, k)) for c in g]
    sources = source_articles(agreeing)
    status = fact_status(sources, contested=conflict is not None)
    return fact_type(value=groups[chosen][0].value, status=status, rule=rule, sources=sources, claims=claims), conflict


def _speakers(claims: list[Claim]) -> list[str]:
    """Who gives the value, where the claim's own sentence names a speaker ("the ministry said ...")."""
    named = (sentence_subject(c.evidence.quote) for c in claims)
    return list(dict.fromkeys(s.words for s in named if s is not None and s.name))


def _plain(value: Any) -> str:
    return str(getattr(value, "value", value)).replace("_", " ")


def source_articles(claims: list[Claim]) -> list[str]:
    return list(dict.fromkeys(c.evidence.article_id for c in claims))


def grouped(claims: list[Claim], key: Callable[[Any], Hashable]) -> dict[Hashable, list[Claim]]:
    groups: dict[Hashable, list[Claim]] = {}
    for claim in claims:
        groups.setdefault(key(claim.value), []).append(claim)
    return groups


def set_aside(claims: list[Claim], key: Callable[[Any], Hashable], others: set[Hashable]) -> list[Claim]:
    """The claims but those whose value (by `key`) is one of `others` and that fewer independent sources
    give than the leading value: another role read into the field (the struck side given as the attacker),
    which the caller keeps listed, not a rival."""
    groups = grouped(claims, key)
    votes = {k: independent_sources(source_articles(g)) for k, g in groups.items()}
    most = max(votes.values(), default=0)
    return [c for c in claims if not (key(c.value) in others and votes[key(c.value)] < most)]


def most_articles(groups: dict[Hashable, list[Claim]]) -> Hashable | None:
    def weight(k: Hashable) -> tuple[int, int]:  # independent sources; on a tie, articles (a copy still reports)
        return independent_sources(source_articles(groups[k])), len(source_articles(groups[k]))

    ranked = sorted(groups, key=weight, reverse=True)
    if not ranked or len(ranked) > 1 and weight(ranked[0]) == weight(ranked[1]):
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
    best = max((independent_sources(s), len(s)) for s in support.values())  # on a tie of sources, articles
    top = [k for k in groups if (independent_sources(support[k]), len(support[k])) == best]
    if any(not compatible(a, b) for a in top for b in top):
        towns = [k for k in top if not any(is_province(str(c.value)) for c in groups[k])]
        if specific and len(towns) == 1 and len(top) > 1:
            return towns[0], compatible  # a province against a town: the town (the province holds it)
        return None, compatible  # evenly split between values that disagree
    specificity = {k: sum(refine(k, j) for j in top) - sum(refine(j, k) for j in top) for k in top}
    sign = -1 if specific else 1
    return min(top, key=lambda k: (sign * specificity[k], -independent_sources(source_articles(groups[k])))), compatible


def _text_key(value: str) -> str:
    return NormalizedText(str(value)).text.strip(" .").removeprefix("the ")  # not the article cache


