"""Assemble the Briefing: the merge of an extraction run, plus its run record."""

from __future__ import annotations

from summarizer import actors as people
from summarizer import merge
from summarizer.copies import copy_groups
from summarizer.facts import FACTS, Facts
from summarizer.schemas import Briefing, ExtractionRun, RunRecord


def build_briefing(run: ExtractionRun, provider: str, facts: Facts = FACTS) -> Briefing:
    extractions = run.articles
    resolver = people.resolve_actors(extractions)
    actors, rank_conflicts, actor_ids = people.build_actors(resolver, extractions)
    with merge.counting_copies_once(copy_groups((x.article.id, x.article.text) for x in extractions)):
        event, event_conflicts = merge.merge_event(extractions, resolver, actor_ids, facts)
        merge.target_group_from_targets(event, actors)
        by_field = merge.coverage(event, facts)
        reactions = merge.merge_reactions(extractions, resolver, actor_ids, merge.attacker_names(event.perpetrator), actors)
        articles = merge.article_coverage(extractions, by_field)
    return Briefing(
        event=event,
        actors=actors,
        reactions=reactions,
        conflicts=event_conflicts + rank_conflicts,
        coverage=by_field,
        articles=articles,
        run=RunRecord(
            schema_version=run.schema_version, created_at=run.created_at, model=run.model, provider=provider,
            prompts=run.prompts, usage=run.usage, per_article={x.article.id: x.usage for x in extractions},
            failures=run.failures, duplicates=run.duplicates,
        ),
    )
