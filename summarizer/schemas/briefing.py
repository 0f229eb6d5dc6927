"""The contract, the briefing's side: many articles merged into facts, each with every article's claim."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, Generic

from pydantic import Field, SerializeAsAny, ValidationError

__all__ = ["FactStatus", "Fact", "DateFact", "ActorRef", "BriefingEvent", "RankClaim", "BriefingActor",
           "Statement", "BriefingReaction", "ConflictValue", "Conflict", "ArticleCoverage", "SummarySentence",
           "RunRecord", "Correction", "Briefing", "EventsRun"]
from summarizer.schemas.extraction import (
    CORRECTED_FIELD,
    RULE_FIELD,
    SCHEMA_VERSION,
    ActorKind,
    ArticleFailure,
    CivilianHarm,
    Claim,
    Count,
    DateClaim,
    Duplicate,
    Evidence,
    Model,
    Stance,
    T,
    Usage,
    Weapon,
)


class FactStatus(StrEnum):
    CORROBORATED = "corroborated"  # two or more articles agree and none disagrees
    SINGLE_SOURCE = "single_source"  # one article reports it, none disagrees
    CONTESTED = "contested"  # articles disagree: see the briefing's conflicts
    ABSENT = "absent"  # no article reports it


class Fact(Model, Generic[T]):
    """One field of the merged event: the merged value and every article's claim behind it."""

    value: T | None = None
    status: FactStatus = FactStatus.ABSENT
    rule: str = Field(description="The merge rule that chose the value.")
    sources: list[str] = Field(default_factory=list, description="Articles whose claim agrees with the value.")
    claims: list[Claim[T]] = Field(default_factory=list, description="Every article's claim, agreeing or not.")
    notes: list[str] = Field(default_factory=list, description="Flags a reader should see with the value, e.g. a "
                             "casualty figure one article alone gives, far above every other article's.")


class DateFact(Fact[date]):
    claims: list[DateClaim] = Field(default_factory=list)


class ActorRef(Model):
    """A claim whose value is an actor of the briefing."""

    actor_id: str | None = Field(description="The resolved actor, when one matches.")
    name: str
    status: FactStatus
    sources: list[str]
    claims: list[Claim[str]]


class BriefingEvent(Model):
    date: DateFact
    local_time: Fact[str]
    country: Fact[str]
    city: Fact[str]
    site: Fact[str]
    perpetrator: Fact[str]
    perpetrator_actor: str | None = Field(None, description="Actor id of the perpetrator, when resolved.")
    weapon: Fact[Weapon]
    targets: list[ActorRef] = Field(default_factory=list)
    unconfirmed_targets: list[ActorRef] = Field(default_factory=list, description="Targets a single article "
                                                "names while others agree on theirs: listed, not shown as fact.")
    target_group: Fact[str]
    target_group_actor: str | None = Field(None, description="Actor id of the target group, when resolved.")
    killed: Fact[int]
    injured: Fact[int]
    counts: list[Count] = Field(default_factory=list, description="Every casualty figure of every article, "
                                "with who gave it: the ledger behind killed and injured.")
    civilian_harm: Fact[CivilianHarm]
    justification: Fact[str]


class RankClaim(Model):
    value: str = Field(description="The rank in one canonical spelling, e.g. 'Major General'.")
    as_written: str
    evidence: Evidence


class BriefingActor(Model):
    id: str
    name: str = Field(description="The fullest name any article gives.")
    aliases: list[str] = Field(description="Every other name seen: variants, kunyas, acronyms, titled forms.")
    kind: ActorKind | None
    articles: list[str] = Field(description="Articles that mention the actor by any of its names.")
    rank: str | None = Field(None, description="Merged rank; null when none is given or the articles disagree.")
    ranks: list[RankClaim] = Field(default_factory=list, description="Each article's rank for this person.")
    roles: dict[str, list[str]] = Field(default_factory=dict, description="Role or title as written -> articles.")
    affiliations: list[str] = Field(default_factory=list)
    mentions: list[Evidence] = Field(default_factory=list, description="First mention in each article.")


class Statement(Model):
    stance: Stance
    cameo: str
    said_as: str = Field(description="How the article names the speaker.")
    evidence: Evidence
    rule: str | None = RULE_FIELD
    corrected_from: Any = CORRECTED_FIELD


class BriefingReaction(Model):
    actor_id: str | None
    actor: str
    stance: Stance = Field(description="The most reported stance of this actor.")
    cameo: str
    stances: list[Stance] = Field(description="Every stance reported for this actor, most reported first.")
    sources: list[str]
    statements: list[Statement]


class ConflictValue(Model):
    value: Any
    articles: list[str]
    quotes: list[Evidence]
    said_by: list[str] = Field(default_factory=list, description="Who gave this value, where the articles say.")


class Conflict(Model):
    field: str = Field(description="What is disputed, e.g. 'event.date' or 'actor a3 rank'.")
    values: list[ConflictValue] = Field(description="Each distinct value and the articles behind it.")
    resolution: str = Field(description="What the briefing shows and why; never a silent pick.")


class ArticleCoverage(Model):
    id: str
    source: str
    title: str | None
    outlet: str | None
    published: date | None
    url: str | None = None
    facts: list[str] = Field(description="Event fields this article reports.")
    errors: list[str] = Field(default_factory=list, description="Questions that failed on this article.")
    notes: list[str] = Field(default_factory=list, description="The article's reading notes (see Article.notes).")
    copy_of: str | None = Field(None, description="The article whose story this one copies (a wire story and its "
                                                  "reposts): they count as one source.")
    grouped: str | None = Field(None, description="Why the article is in this event, when `summarizer events` split "
                                                  "it from a mixed pile: the article it is most like and what they share.")


class SummarySentence(Model):
    text: str
    facts: list[str] = Field(description="The fact fields (and actor ids) the sentence rests on.")


class RunRecord(Model):
    schema_version: str = SCHEMA_VERSION
    created_at: datetime
    model: str
    provider: str
    prompts: dict[str, str]
    usage: Usage
    per_article: dict[str, Usage] = Field(default_factory=dict)
    failures: list[ArticleFailure] = Field(default_factory=list, description="Articles that could not be used.")
    duplicates: list[Duplicate] = Field(default_factory=list, description="Articles given twice, counted once.")
    errors: list[str] = Field(default_factory=list, description="Other steps that failed (e.g. the summary).")


class Correction(Model):
    """An analyst's word on one fact: its value accepted, or replaced, and why (`summarizer view --corrections`)."""

    field: str = Field(description="The event field, e.g. killed, date, city.")
    value: Any = Field(None, description="The value that replaces the briefing's; left out when accepted.")
    accept: bool = Field(False, description="The briefing's value is right as it stands.")
    reason: str = Field(min_length=1, description="Why: the source, the article, the check made.")
    by: str | None = Field(None, description="Who corrected it.")
    was: Any = Field(None, description="The value the briefing showed before (filled in when applied).")


class Briefing(Model):
    """What `summarizer brief` writes."""

    @classmethod
    def load(cls, path: str | Path) -> Briefing:
        """Read a briefing JSON; InputError (one line) when it cannot be read or is not a briefing."""
        from summarizer.errors import InputError
        from summarizer.files import read_input

        try:
            return cls.model_validate_json(read_input(path))
        except ValidationError as exc:
            first = exc.errors()[0]
            raise InputError(f"{path}: not a briefing ({'.'.join(map(str, first['loc']))}: {first['msg']})") from None

    def save(self, path: str | Path) -> None:
        """Write the briefing as JSON, atomically: a reader never sees half of it."""
        from summarizer.files import write_atomically

        write_atomically(Path(path), self.model_dump_json(indent=2) + "\n")

    event: SerializeAsAny[BriefingEvent]  # with the facts table's own fields
    actors: list[BriefingActor]
    reactions: list[BriefingReaction]
    conflicts: list[Conflict]
    coverage: dict[str, list[str]] = Field(description="Fact field -> articles that report it.")
    articles: list[ArticleCoverage]
    summary: list[SummarySentence] | None = Field(None, description="Narrative from the merged facts; null when off.")
    corrections: list[Correction] = Field(default_factory=list, description="An analyst's corrections applied to "
                                          "the facts, in order (each corrected fact's notes say so too).")
    run: RunRecord


class EventsRun(Model):
    """What `summarizer events` makes of a mixed pile: one briefing per strike event."""

    schema_version: str = SCHEMA_VERSION
    created_at: datetime
    model: str
    events: list[Briefing] = Field(description="One briefing per event, each article's `grouped` saying why it is there.")
    failures: list[ArticleFailure] = Field(default_factory=list, description="Articles that could not be used.")
    duplicates: list[Duplicate] = Field(default_factory=list, description="Articles given twice, counted once.")
    usage: Usage
