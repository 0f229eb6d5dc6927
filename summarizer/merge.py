"""Merge the articles' facts into one briefing: each event field by its own rule (facts.EVENT_FIELDS,
in the table's order), the reactions, and which article reports which fact.

Every merged value keeps every article's claim; every disagreement becomes a Conflict, and the
field says it is contested. The rule of each field is written into the briefing.
"""

from __future__ import annotations

from summarizer.entities import Entity, Resolver
from summarizer.facts import FACTS, Facts
from summarizer.facts.reactions import merge_reactions
from summarizer.facts.targets import target_group_from_targets
from summarizer.ledger import MergeContext, attacker_names, copy_groups_now, counting_copies_once, source_articles
from summarizer.schemas import ArticleCoverage, ArticleExtraction, BriefingEvent, Conflict

__all__ = ["article_coverage", "attacker_names", "counting_copies_once", "coverage", "merge_event", "merge_reactions",
           "target_group_from_targets"]


def merge_event(extractions: list[ArticleExtraction], resolver: Resolver, actor_ids: dict[Entity, str],
                facts: Facts = FACTS) -> tuple[BriefingEvent, list[Conflict]]:
    """Each field of the table merged by its rule; the conflicts in the table's order."""
    ctx = MergeContext(extractions, resolver, actor_ids)
    for field in facts.fields:
        claims = [c for e in ctx.events if (c := field.claim_of(e)) is not None]
        ctx.merged[field.name] = field.merge(field.name, claims, ctx)

    def actor_of(name: str) -> str | None:
        entity = resolver.find(ctx.merged[name].value) if ctx.merged[name].value else None
        return actor_ids.get(entity) if entity else None

    event = facts.briefing_event(**ctx.merged, perpetrator_actor=actor_of("perpetrator"),
                          target_group_actor=actor_of("target_group"), counts=[c for e in ctx.events for c in e.counts],
                          unconfirmed_targets=ctx.ledgers.get("unconfirmed_targets", []))
    return event, ctx.conflicts


def coverage(event: BriefingEvent, facts: Facts = FACTS) -> dict[str, list[str]]:
    found = {}
    for name in (f.name for f in facts.fields):
        value = getattr(event, name)
        claims = [c for ref in value for c in ref.claims] if isinstance(value, list) else value.claims
        found[name] = source_articles([c for c in claims if c.value is not None])
    return found


def article_coverage(extractions: list[ArticleExtraction], by_field: dict[str, list[str]]) -> list[ArticleCoverage]:
    copies = copy_groups_now()
    return [ArticleCoverage(
        id=x.article.id, source=x.article.source, title=x.article.title, outlet=x.article.outlet,
        published=x.article.published, url=x.article.url, facts=[f for f, ids in by_field.items() if x.article.id in ids],
        errors=x.errors, notes=x.article.notes,
        copy_of=copies[x.article.id] if copies.get(x.article.id, x.article.id) != x.article.id else None)
        for x in extractions]


