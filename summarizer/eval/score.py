"""Score a briefing against gold facts: typed comparators, one-to-one set matching, metrics.

The overall score is a weighted mean of the metrics in WEIGHTS (see fixtures/README.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from summarizer.eval.compare import judged, same_name
from summarizer.eval.gold import Gold, GoldFact
from summarizer.eval.matching import max_matching, prf
from summarizer.eval.report import (
    ActorResult, Cost, FieldResult, Grounding, Match, ReactionResult, Report, SetResult, TrapResult, mean,
)
from summarizer.schemas import Briefing, BriefingActor, Evidence, Fact

# How much each metric counts in the overall score. Cost and latency are reported, not scored:
# they depend on the machine. A metric that cannot be measured (grounding without the article
# texts) drops out and the others are reweighted.
WEIGHTS: dict[str, float] = {
    "field_accuracy": 0.35,   # event fields right, including "no value" where no article gives one
    "actors_f1": 0.15,        # actors matched one-to-one: duplicates and wrong merges both cost
    "reactions_f1": 0.15,     # right actor with a right stance
    "conflict_f1": 0.10,      # disagreements between sources listed, and none invented (see conflict_score)
    "grounding_rate": 0.10,   # quotes found at their offsets in their article
    "traps_avoided": 0.10,    # plausible wrong values the briefing does not show
    "attribution": 0.05,      # for right fields, share of the supporting articles it names
}
GROUNDED_MIN_RATIO = 90.0


class _Scorer:
    def __init__(self, briefing: Briefing, gold: Gold):
        self.b, self.g = briefing, gold
        by_file = {name: key for key, name in gold.articles.items()}
        self.article_key = {a.id: by_file.get(Path(a.source).name, a.id) for a in briefing.articles}
        self.actors = {a.id: a for a in briefing.actors}

    def keys(self, article_ids: Iterable[str]) -> list[str]:
        return sorted({self.article_key.get(i, i) for i in article_ids})

    def names_of(self, name: str | None, actor_id: str | None) -> list[str]:
        """A found name plus, when resolved, its actor's names."""
        actor = self.actors.get(actor_id) if actor_id else None
        return [n for n in [name, *(_actor_names(actor) if actor else [])] if n]

    def is_gold_actor(self, names: list[str], keys: Iterable[str]) -> bool:
        return any(same_name(n, self.g.actors[k].names) for n in names for k in keys)

    # event fields

    def fields(self) -> list[FieldResult]:
        results = []
        for field, fact in self.g.facts.items():
            if fact.type == "actors":
                results.append(self.targets(field, fact))
                continue
            found: Fact | None = getattr(self.b.event, field, None)
            value = found.value if found is not None else None
            right, why = judged(value, fact.value, fact, judge=self, field=field)
            score = 1.0 if right else 0.0
            results.append(FieldResult(
                field=field, expected=_show(fact.value, self.g, fact), found=_show(value), why=why,
                status=found.status.value if found is not None else None, score=score, correct=score == 1.0,
                sources_expected=fact.sources, sources_found=self.keys(found.sources) if found is not None else [],
            ))
        return results

    def matches(self, field: str, fact: GoldFact, found: Any, expected: Any, *, alone: bool = False) -> bool:
        """`found` is right for the fact. With `alone`, it must be `expected` itself: no aliases,
        accepted values, range or tolerance, and a name by its own actor; traps and conflict values
        are judged so, and a right answer never "hits" a trap."""
        return judged(found, expected, fact, judge=self, field=field, alone=alone)[0]

    def right_actor(self, field: str, found: str, expected: list[str], alone: bool) -> bool:
        """The actor the briefing resolved the name to (e.g. perpetrator_actor), or with `alone` the
        actor that bears the name itself, is one of the gold's."""
        actor_id = self.actor_named(found) if alone else getattr(self.b.event, f"{field}_actor", None)
        return self.is_gold_actor(self.names_of(found, actor_id), expected)

    def targets(self, field: str, fact: GoldFact) -> FieldResult:
        refs = getattr(self.b.event, field, [])
        required = fact.value or []
        gold_keys = [*required, *fact.optional]
        found_names = [self.names_of(ref.name, ref.actor_id) for ref in refs]
        edges = {k: [i for i, names in enumerate(found_names) if self.is_gold_actor(names, [k])] for k in gold_keys}
        matching = max_matching(gold_keys, edges)
        hit_required = sum(1 for k in required if k in matching)
        precision, recall, f1 = prf(len(matching), len(refs), hit_required, len(required))
        found_ids = sorted({s for ref in refs for s in ref.sources})
        missing, extra = len(required) - hit_required, len(refs) - len(matching)
        why = "; ".join(x for x in (f"{missing} target(s) of the gold missing" if missing else "",
                                    f"{extra} not in the gold" if extra else "") if x) or None
        return FieldResult(
            field=field, expected=_show(required, self.g, fact), found=", ".join(r.name for r in refs) or None,
            why=why, score=f1, correct=hit_required == len(required) and len(matching) == len(refs),
            sources_expected=fact.sources, sources_found=self.keys(found_ids),
        )

    # actors, reactions, conflicts

    def actor_result(self) -> ActorResult:
        gold = self.g.actors
        order = sorted(gold, key=lambda k: not gold[k].required)
        edges = {k: [a.id for a in self.b.actors if any(same_name(n, gold[k].names) for n in _actor_names(a))]
                 for k in order}
        matching = max_matching(order, edges)
        required = [k for k in order if gold[k].required]
        precision, recall, f1 = prf(len(matching), len(self.b.actors), sum(k in matching for k in required),
                                    len(required))
        hits: dict[str, list[str]] = {}
        for k, ids in edges.items():
            for actor_id in ids:
                hits.setdefault(actor_id, []).append(k)
        return ActorResult(
            matched=[Match(gold=k, found=_label(self.actors[a])) for k, a in matching.items()],
            missing=[k for k in required if k not in matching],
            spurious=[_label(a) for a in self.b.actors if a.id not in hits],
            duplicates={k: [_label(self.actors[a]) for a in ids] for k, ids in edges.items() if len(ids) > 1},
            merged={_label(self.actors[a]): ks for a, ks in hits.items() if len(ks) > 1},
            precision=precision, recall=recall, f1=f1,
        )

    def reaction_result(self) -> ReactionResult:
        gold = self.g.reactions
        found = self.b.reactions
        names = [self.names_of(r.actor, r.actor_id) for r in found]
        by_actor = {i: [j for j in range(len(found)) if self.is_gold_actor(names[j], g.actors)]
                    for i, g in enumerate(gold)}
        edges = {i: [j for j in by_actor[i] if found[j].stance in gold[i].stances] for i in range(len(gold))}
        order = sorted(range(len(gold)), key=lambda i: not gold[i].required)
        matching = max_matching(order, edges)
        # a second right reaction by a related actor (the spokesman and his ministry) is redundant, not wrong
        redundant = {j for ids in edges.values() for j in ids} - set(matching.values())
        required = [i for i in order if gold[i].required]
        precision, recall, f1 = prf(len(matching), len(found) - len(redundant), sum(i in matching for i in required),
                                    len(required))
        return ReactionResult(
            matched=[Match(gold=_reaction_label(gold[i]), found=f"{found[j].actor}: {found[j].stance.value}")
                     for i, j in matching.items()],
            missing=[_reaction_label(gold[i]) for i in required if i not in matching],
            spurious=[f"{r.actor}: {r.stance.value}" for j, r in enumerate(found)
                      if j not in matching.values() and j not in redundant],
            wrong_stance=[f"{_reaction_label(gold[i])} - found {', '.join(found[j].stance.value for j in by_actor[i])}"
                          for i in required if i not in matching and by_actor[i]],
            precision=precision, recall=recall, f1=f1,
        )

    def conflict_result(self) -> SetResult:
        gold = self.g.conflicts
        found = self.b.conflicts
        edges = {i: [j for j, c in enumerate(found) if self.same_conflict(g, c)] for i, g in enumerate(gold)}
        order = sorted(range(len(gold)), key=lambda i: not gold[i].required)
        matching = max_matching(order, edges)
        accounted = {j for ids in edges.values() for j in ids}
        required = [i for i in order if gold[i].required]
        # precision: listed conflicts that some gold conflict (required or acceptable) accounts for
        precision, recall, f1 = prf(len(accounted), len(found), sum(i in matching for i in required), len(required))
        return SetResult(
            matched=[Match(gold=_conflict_label(gold[i]), found=found[j].field) for i, j in matching.items()],
            missing=[_conflict_label(gold[i]) for i in required if i not in matching],
            spurious=[f"{c.field}: {' / '.join(str(v.value) for v in c.values)}"
                      + (f" (not a conflict: {why})" if (why := self.not_a_conflict(c)) else "")
                      for j, c in enumerate(found) if j not in accounted],
            precision=precision, recall=recall, f1=f1, required=len(required),
        )

    def not_a_conflict(self, conflict) -> str | None:
        """Why a conflict the gold does not list is none, when the gold says so: its values all name the
        gold's value (one actor, a spelling, a part of the place), or one of them is a trap (another
        attack, a page's date) with the gold's reason."""
        field = conflict.field.removeprefix("event.")
        fact = self.g.facts.get(field)
        if fact is None or fact.type == "actors":
            return None
        own = fact.type == "actor"  # each value by its own actor, not the one the shown value resolved to
        if fact.value is not None and all(self.matches(field, fact, v.value, fact.value, alone=own) for v in conflict.values):
            return "every value is the gold's " + ("actor" if fact.type == "actor" else "value")
        traps = [(v.value, t.why) for v in conflict.values for t in self.g.traps
                 if t.field == field and self.trap_value(field, fact, v.value, t.value)]
        return "; ".join(f"{value} is {why}" for value, why in traps) or None

    def trap_value(self, field: str, fact: GoldFact, value: Any, trap: Any) -> bool:
        if fact.type == "actor":  # the value's own actor, against the trap's actors
            return self.is_gold_actor(self.names_of(str(value), self.actor_named(str(value))), trap)
        return self.matches(field, fact, value, trap, alone=True)

    def same_conflict(self, gold, conflict) -> bool:
        if gold.about == "rank":
            m = re.match(r"actor (\S+)", conflict.field)
            actor = self.actors.get(m.group(1)) if m else None
            if actor is None or "rank" not in conflict.field or not self.is_gold_actor(_actor_names(actor), [gold.actor]):
                return False
            return all(any(same_name(str(v.value), [str(g.value)]) for v in conflict.values) for g in gold.values)
        if conflict.field != f"event.{gold.about}":
            return False
        fact = self.g.facts[gold.about]
        if fact.type == "actor":  # each value by its own actor, not the one the shown value resolved to
            return all(any(self.matches(gold.about, fact, v.value, g.value, alone=True) for v in conflict.values)
                       for g in gold.values)
        return all(any(self.matches(gold.about, fact, v.value, g.value) for v in conflict.values)
                   for g in gold.values)

    def actor_named(self, name: str) -> str | None:
        """The briefing actor one of whose names is `name`, when exactly one is."""
        ids = [a.id for a in self.b.actors if same_name(name, _actor_names(a))]
        return ids[0] if len(ids) == 1 else None

    def trap_results(self) -> list[TrapResult]:
        results = []
        for trap in self.g.traps:
            fact = self.g.facts[trap.field]
            if fact.type == "actors":
                refs = getattr(self.b.event, trap.field, [])
                hit = any(self.is_gold_actor(self.names_of(r.name, r.actor_id), trap.value) for r in refs)
            else:
                shown: Fact | None = getattr(self.b.event, trap.field, None)
                if shown is None or shown.value is None:
                    hit = False
                elif fact.type == "actor":  # the actor the shown value was resolved to, against the trap's actors
                    names = self.names_of(str(shown.value), getattr(self.b.event, f"{trap.field}_actor", None))
                    hit = self.is_gold_actor(names, trap.value)
                else:
                    hit = self.matches(trap.field, fact, shown.value, trap.value, alone=True)
            results.append(TrapResult(field=trap.field, value=_show(trap.value, self.g, fact), why=trap.why, hit=hit))
        return results


def conflict_score(conflicts: SetResult) -> float:
    """Conflict F1: the disagreements listed, and none invented. With no conflict required, precision
    alone: 1.0 when none is shown, less for each one shown that the gold does not account for."""
    return conflicts.precision if not conflicts.required else conflicts.f1


def grounding(briefing: Briefing, texts: dict[str, str]) -> Grounding:
    """Share of the briefing's quotes found at their offsets in their article's text."""
    seen: set[tuple] = set()
    checked = verified = 0
    unverified: list[str] = []
    for ev in _evidence(briefing):
        key = (ev.article_id, ev.start, ev.end, ev.quote)
        text = texts.get(ev.article_id)
        if key in seen or text is None:
            continue
        seen.add(key)
        checked += 1
        span = text[ev.start:ev.end] if ev.start is not None and ev.end is not None else ""
        if span == ev.quote or (span and fuzz.ratio(" ".join(span.split()), " ".join(ev.quote.split()))
                                >= GROUNDED_MIN_RATIO):
            verified += 1
        elif len(unverified) < 10:
            unverified.append(f"{ev.article_id}[{ev.start}:{ev.end}] {ev.quote[:80]!r}")
    return Grounding(checked=checked, verified=verified, rate=round(verified / checked, 4) if checked else None,
                     unverified=unverified)


def _evidence(b: Briefing) -> Iterable[Evidence]:
    for name in type(b.event).model_fields:
        value = getattr(b.event, name)
        facts = value if isinstance(value, list) else [value]
        for fact in facts:
            for claim in getattr(fact, "claims", []):
                yield claim.evidence
            if isinstance(getattr(fact, "evidence", None), Evidence):  # a casualty count
                yield fact.evidence
    for actor in b.actors:
        yield from actor.mentions
        yield from (r.evidence for r in actor.ranks)
    for reaction in b.reactions:
        yield from (s.evidence for s in reaction.statements)
    for conflict in b.conflicts:
        for value in conflict.values:
            yield from value.quotes


def score(briefing: Briefing, gold: Gold, texts: dict[str, str] | None = None, *, gold_path: str = "",
          briefing_path: str | None = None) -> Report:
    """Score a briefing. `texts` maps article id -> article text, for the grounding check."""
    s = _Scorer(briefing, gold)
    fields = s.fields()
    actors, reactions, conflicts = s.actor_result(), s.reaction_result(), s.conflict_result()
    traps = s.trap_results()
    ground = grounding(briefing, texts or {})
    valued = [f for f in fields if gold.facts[f.field].value is not None]
    shown = [f for f in fields if f.found is not None]
    attributed = [len(set(f.sources_expected) & set(f.sources_found)) / len(f.sources_expected)
                  for f in fields if f.correct and f.sources_expected]
    metrics: dict[str, float | None] = {
        "field_accuracy": mean(f.score for f in fields),
        "fact_recall": mean(f.score for f in valued),
        "fact_precision": mean(f.score for f in shown),
        "attribution": mean(attributed),
        "actors_precision": actors.precision, "actors_recall": actors.recall, "actors_f1": actors.f1,
        "actor_duplicates": float(sum(len(v) - 1 for v in actors.duplicates.values())),
        "actor_wrong_merges": float(len(actors.merged)),
        "reactions_precision": reactions.precision, "reactions_recall": reactions.recall,
        "reactions_f1": reactions.f1,
        "conflict_recall": conflicts.recall, "conflict_precision": conflicts.precision,
        "conflict_f1": conflict_score(conflicts),
        "grounding_rate": ground.rate,
        "traps_hit": float(sum(t.hit for t in traps)),
        "traps_avoided": mean(0.0 if t.hit else 1.0 for t in traps),
    }
    used = {k: w for k, w in WEIGHTS.items() if metrics.get(k) is not None}
    overall = sum(metrics[k] * w for k, w in used.items()) / sum(used.values())
    u = briefing.run.usage
    n = len(briefing.articles)
    cost = Cost(model=briefing.run.model, articles=n, failures=len(briefing.run.failures), calls=u.calls,
                cache_hits=u.cache_hits, prompt_tokens=u.prompt_tokens, completion_tokens=u.completion_tokens,
                seconds=u.seconds, seconds_per_article=round(u.seconds / n, 2) if n else None)
    metrics.update({"calls": float(u.calls), "tokens": float(u.prompt_tokens + u.completion_tokens),
                    "seconds_per_article": cost.seconds_per_article})
    return Report(event=gold.event, gold=gold_path, briefing=briefing_path, created_at=datetime.now(timezone.utc),
                  fields=fields, actors=actors, reactions=reactions, conflicts=conflicts, traps=traps,
                  grounding=ground, cost=cost, metrics=metrics, weights=WEIGHTS, overall=round(overall, 4))


# --- helpers -----------------------------------------------------------------------------


def _actor_names(actor: BriefingActor) -> list[str]:
    return [actor.name, *actor.aliases]


def _label(actor: BriefingActor) -> str:
    return f"{actor.id} {actor.name}"


def _reaction_label(reaction) -> str:
    return f"{'/'.join(reaction.actors)}: {'|'.join(s.value for s in reaction.stances)}"


def _conflict_label(conflict) -> str:
    about = f"{conflict.actor} rank" if conflict.about == "rank" else conflict.about
    return f"{about}: {' / '.join(str(v.value) for v in conflict.values)}"


def _show(value: Any, gold: Gold | None = None, fact: GoldFact | None = None) -> str | None:
    if value is None:
        return None
    if fact is not None and fact.type in ("actor", "actors") and isinstance(value, list) and gold is not None:
        return " | ".join(gold.actors[k].name for k in value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(getattr(value, "value", value))
