"""The facts of a briefing, declared once: the questions asked of each article, the checks run on
their answers, and the event's fields with their label, merge rule and comparator.

A fact's rules live in its own module (when, where, attacker, targets, casualties, claims, actors,
reactions); this table says in which order they run. Extraction (extraction.py) asks the questions in
order and then runs the checks; merge (merge.py) merges the fields in order; both take a `Facts` (default:
this module's table). The gold loader, the Markdown, the page and the summary read EVENT_FIELDS.
`BriefingEvent` (schemas/briefing.py) holds the merged values under the same names, in the same order;
a row it does not declare gets a field in the models `Facts` builds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

from pydantic import BaseModel, create_model

from summarizer import answers
from summarizer.claims import ClaimBuilder
from summarizer.facts import actors, attacker, casualties, claims, reactions, targets, when, where
from summarizer.ledger import Merge, merge_names, merge_wording
from summarizer.schemas import ArticleExtraction, BriefingEvent, StrikeEvent

# How a gold value of the field is compared with the briefing's (eval/compare.py).
Comparison = Literal["date", "time", "name", "actor", "actors", "enum", "number", "text"]


@dataclass(frozen=True)
class Question:
    prompt: str  # prompt file name (prompts/)
    answer: type[BaseModel]
    max_tokens: int
    apply: Callable[[Any, ClaimBuilder, ArticleExtraction], None]  # the answer's grounded claims into the extraction
    values: Callable[[ClaimBuilder], dict[str, Any]] = lambda b: {}  # what the prompt shows besides the article


QUESTIONS: tuple[Question, ...] = (
    Question("when", answers.WhenAnswer, 256, when.from_answer),
    Question("where", answers.WhereAnswer, 256, where.from_answer),
    Question("attacker", answers.AttackerAnswer, 320, attacker.from_answer),
    Question("targets", answers.TargetsAnswer, 320, targets.from_answer),
    Question("casualties", answers.CasualtiesAnswer, 900, casualties.from_answer),
    Question("claims", answers.ClaimsAnswer, 400, claims.from_answer),
    Question("actors", answers.ActorsAnswer, 1400, actors.from_answer),
    Question("reactions", answers.ReactionsAnswer, 600, reactions.from_answer, reactions.statements),
)

# Run in this order once every question is answered: each may read what the questions (and the
# checks before it) found.
CHECKS: tuple[Callable[[ClaimBuilder, ArticleExtraction], None], ...] = (
    targets.target_group_from_affiliation,
    claims.justification_not_the_press,
    claims.justification_said_by_the_attacker,
    when.time_of_strike_when_missing,
    attacker.weapon_of_the_dating_sentence,
    casualties.nobody_hurt,
    casualties.toll_the_model_missed,
    casualties.set_tolls,
)


@dataclass(frozen=True)
class EventField:
    name: str
    label: str
    claim: str  # where an article's claim is in its StrikeEvent ("location.city")
    merge: Merge  # the articles' claims into the briefing's fact (its rule is written into the fact)
    compare: Comparison
    many: bool = False  # a list of actors (targets), not one fact
    conflicts: bool = True  # False: values are wordings, listed, never compared for conflicts
    # For a field the schemas' event models do not declare: the type of an article's claim of it and of the
    # merged fact (`Facts` adds the field to the models it builds).
    claim_type: Any = None
    fact_type: Any = None

    def claim_of(self, event: Any) -> Any:
        """The article's claim (a Claim, a list of them for targets, or None)."""
        for part in self.claim.split("."):
            event = getattr(event, part)
        return event


EVENT_FIELDS: tuple[EventField, ...] = (
    EventField("date", "Date", "date", when.merge, "date"),
    EventField("local_time", "Local time", "local_time", merge_wording, "time", conflicts=False),
    EventField("country", "Country", "location.country", where.merge_country_struck, "name"),
    EventField("city", "City", "location.city", where.merge_city, "name"),
    EventField("site", "Site", "location.site", where.merge_site, "text", conflicts=False),
    EventField("perpetrator", "Perpetrator", "perpetrator", attacker.merge_perpetrator, "actor"),
    EventField("weapon", "Weapon", "weapon", attacker.merge_weapon, "enum"),
    EventField("targets", "Targets", "targets", targets.merge_targets, "actors", many=True),
    EventField("target_group", "Target group", "target_group", merge_names, "actor"),
    EventField("killed", "Killed", "killed", casualties.merge_toll, "number"),
    EventField("injured", "Injured", "injured", casualties.merge_toll, "number"),
    EventField("civilian_harm", "Civilian harm", "civilian_harm", claims.merge_civilian_harm, "enum"),
    EventField("justification", "Stated justification", "justification", claims.merge_justification, "text", conflicts=False),
)
FIELDS: dict[str, EventField] = {f.name: f for f in EVENT_FIELDS}
# BriefingEvent's other members: an id and the ledgers behind the fields, not facts of their own.
LEDGERS = ("perpetrator_actor", "unconfirmed_targets", "target_group_actor", "counts")


@dataclass(frozen=True)
class Facts:
    """The table as one object, which extraction and merge take: the questions, the checks, the event
    fields, and the event models that hold them (the schemas' own, with a field added for each row they
    do not declare: a new fact is its module and its rows)."""
    questions: tuple[Question, ...] = QUESTIONS
    checks: tuple[Callable[[ClaimBuilder, ArticleExtraction], None], ...] = CHECKS
    fields: tuple[EventField, ...] = EVENT_FIELDS

    def with_rows(self, questions: tuple[Question, ...] = (), checks: tuple = (),
                  fields: tuple[EventField, ...] = ()) -> Facts:
        return Facts(self.questions + questions, self.checks + checks, self.fields + fields)

    @cached_property
    def strike_event(self) -> type[StrikeEvent]:
        """An article's event: StrikeEvent, with a claim for each field it does not declare."""
        more = {f.name: (f.claim_type | None, None) for f in self.fields if f.name not in StrikeEvent.model_fields
                and "." not in f.claim}
        return create_model("StrikeEvent", __base__=StrikeEvent, **more) if more else StrikeEvent

    @cached_property
    def briefing_event(self) -> type[BriefingEvent]:
        """The merged event: BriefingEvent, with a fact for each field it does not declare."""
        more = {f.name: (f.fact_type, ...) for f in self.fields if f.name not in BriefingEvent.model_fields}
        return create_model("BriefingEvent", __base__=BriefingEvent, **more) if more else BriefingEvent


FACTS = Facts()
