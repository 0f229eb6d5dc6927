"""The contract, one article's side: what an extraction holds. Every extracted value carries its Evidence."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, SerializeAsAny

__all__ = ["SCHEMA_VERSION", "T", "CAMEO_CODES", "Model", "MatchStatus", "Evidence", "RULE_FIELD",
           "CORRECTED_FIELD", "Claim", "DateBasis", "DateClaim", "Weapon", "CivilianHarm", "ActorKind", "Stance",
           "CountOf", "CountScope", "Count", "Article", "Location", "StrikeEvent", "Actor", "Reaction",
           "RejectedClaim", "Usage", "ArticleExtraction", "ArticleFailure", "Duplicate", "ExtractionRun"]
SCHEMA_VERSION = "1.9"

T = TypeVar("T")


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MatchStatus(StrEnum):
    """How a quote was found in its article (LangExtract-style alignment status)."""

    EXACT = "exact"  # verbatim
    NORMALIZED = "normalized"  # after normalising whitespace, quote marks, dashes, case, "U. S."
    FUZZY = "fuzzy"  # a near-verbatim span (same numbers, high similarity)
    NONE = "none"  # not in the article: the value is ungrounded


class Evidence(Model):
    article_id: str
    quote: str = Field(
        description="When grounded, the article's own text at [start, end); otherwise the model's quote."
    )
    start: int | None = Field(None, description="Character offset of the quote in Article.text.")
    end: int | None = None
    match: MatchStatus

    @property
    def grounded(self) -> bool:
        return self.match is not MatchStatus.NONE


RULE_FIELD = Field(None, description="The check that set this value, when it is not the model's answer as given.")
CORRECTED_FIELD = Field(None, description="The model's answer the rule replaced; null when the model gave none.")


class Claim(Model, Generic[T]):
    """One value as one article states it, with the quote that supports it."""

    value: T
    evidence: Evidence
    rule: str | None = RULE_FIELD
    corrected_from: Any = CORRECTED_FIELD


class DateBasis(StrEnum):
    EXPLICIT = "explicit"  # day, month and year are written
    YEAR_INFERRED = "year_inferred"  # day and month written; year taken from the article's date
    RELATIVE = "relative"  # "Thursday", "yesterday": resolved against the article's date
    UNRESOLVED = "unresolved"  # relative, and the article has no date of its own
    PAGE = "page"  # the page's own date (header, date tag, dateline): when it was written, not the strike's


class DateClaim(Claim[date | None]):
    as_written: str = Field(description="The date expression exactly as the article writes it.")
    basis: DateBasis


class Weapon(StrEnum):
    DRONE = "drone"
    AIRCRAFT = "aircraft"  # manned aircraft, jets, helicopters
    AIR_STRIKE_UNSPECIFIED = "air_strike_unspecified"  # "airstrike" with no platform named
    MISSILE = "missile"
    ROCKET = "rocket"
    ARTILLERY = "artillery"
    GROUND_RAID = "ground_raid"
    EXPLOSIVE_DEVICE = "explosive_device"
    OTHER = "other"


class CivilianHarm(StrEnum):
    HARMED = "harmed"  # a source says civilians were killed or hurt
    NONE = "none"  # a source says no civilians were harmed
    UNCLEAR = "unclear"


class ActorKind(StrEnum):
    PERSON = "person"
    GOVERNMENT = "government"
    MILITARY = "military"
    MILITIA = "militia"
    ARMED_GROUP = "armed_group"
    STATE = "state"
    INTERNATIONAL_ORGANIZATION = "international_organization"
    POLITICAL_PARTY = "political_party"
    MEDIA = "media"
    OTHER = "other"


class Stance(StrEnum):
    CONDEMN = "condemn"
    ACCUSE = "accuse"
    THREATEN = "threaten"
    CALL_FOR_RESTRAINT = "call_for_restraint"
    SUPPORT = "support"
    JUSTIFY = "justify"
    DENY = "deny"
    NEUTRAL = "neutral"


# CAMEO event codes (Schrodt, CAMEO codebook 1.1b3) for each stance.
CAMEO_CODES: dict[Stance, str] = {
    Stance.CONDEMN: "111",  # criticize or denounce
    Stance.ACCUSE: "112",  # accuse
    Stance.THREATEN: "138",  # threaten with military force
    Stance.CALL_FOR_RESTRAINT: "0256",  # appeal for de-escalation of military engagement
    Stance.SUPPORT: "051",  # praise or endorse
    Stance.JUSTIFY: "015",  # acknowledge or claim responsibility
    Stance.DENY: "016",  # deny responsibility
    Stance.NEUTRAL: "010",  # make statement
}


class CountOf(StrEnum):
    KILLED = "killed"
    INJURED = "injured"


class CountScope(StrEnum):
    TOTAL = "total"  # everyone the strike killed (or injured), as the sentence writes the number
    PART = "part"  # a part of them: "29 children", "40 of them", one hospital's patients
    AT_LEAST = "at_least"  # the victims a sentence names without a number ("a commander was among the dead")


class Count(Model):
    """One casualty figure as an article gives it, with who gave it."""

    of: CountOf
    value: int
    scope: CountScope
    said_by: str | None = Field(None, description="Who gave the figure, as the article writes it.")
    evidence: Evidence
    rule: str | None = RULE_FIELD
    corrected_from: Any = CORRECTED_FIELD


class Article(Model):
    id: str = Field(description="Stable id: the first 16 hex digits of the sha256 of the text.")
    source: str = Field(description="Where the article was read from (path, or '-' for stdin).")
    title: str | None = None
    outlet: str | None = None
    published: date | None = Field(None, description="The article's own date: the feed's or the page's metadata, "
                                                     "else the date its header states.")
    url: str | None = Field(None, description="Where the article was published, when the feed or the page says.")
    text: str = Field(description="The article text; every Evidence offset points into it.")
    notes: list[str] = Field(default_factory=list,
                             description="What reading it took: a guessed encoding, HTML stripped, text not shown to the model.")


class Location(Model):
    country: Claim[str] | None = None
    city: Claim[str] | None = None
    site: Claim[str] | None = None


class StrikeEvent(Model):
    date: DateClaim | None = None
    local_time: Claim[str] | None = None
    location: Location = Field(default_factory=Location)
    perpetrator: Claim[str] | None = None
    weapon: Claim[Weapon] | None = None
    targets: list[Claim[str]] = Field(default_factory=list, description="Named people or objects targeted.")
    target_group: Claim[str] | None = None
    killed: Claim[int] | None = Field(None, description="The article's own toll, by the rule of `counts`.")
    injured: Claim[int] | None = None
    counts: list[Count] = Field(default_factory=list, description="Every casualty figure the article gives.")
    civilian_harm: Claim[CivilianHarm] | None = None
    justification: Claim[str] | None = None


class Actor(Model):
    name: str
    aliases: list[str] = Field(default_factory=list)
    kind: ActorKind
    title: str | None = Field(None, description="Role, rank or title as the article gives it.")
    affiliation: str | None = None
    evidence: Evidence


class Reaction(Model):
    actor: str
    stance: Stance
    cameo: str = Field(description="CAMEO event code of the stance.")
    evidence: Evidence = Field(description="The statement, quoted.")
    rule: str | None = RULE_FIELD
    corrected_from: Any = CORRECTED_FIELD


class RejectedClaim(Model):
    """A value the model gave whose quote is not in the article: kept for audit, never a fact."""

    field: str
    value: Any
    quote: str | None
    reason: str


class Usage(Model):
    calls: int = 0  # model calls made, re-asks and retries included
    cache_hits: int = 0
    prompt_tokens: int = 0
    # of those, the ones the provider reused from an earlier call's prompt instead of reading them
    # again (the embedded model's context, a server's prompt cache), where it says so
    reused_prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0

    def add(self, other: Usage) -> None:
        """Accumulate `other` into this record."""
        self.calls += other.calls
        self.cache_hits += other.cache_hits
        self.prompt_tokens += other.prompt_tokens
        self.reused_prompt_tokens += other.reused_prompt_tokens
        self.completion_tokens += other.completion_tokens
        self.seconds = round(self.seconds + other.seconds, 3)


class ArticleExtraction(Model):
    article: Article
    event: SerializeAsAny[StrikeEvent] = Field(default_factory=StrikeEvent)  # with the facts table's own fields
    actors: list[Actor] = Field(default_factory=list)
    reactions: list[Reaction] = Field(default_factory=list)
    rejected: list[RejectedClaim] = Field(default_factory=list)
    errors: list[str] = Field(default_factory=list, description="Questions that failed; the rest stand.")
    usage: Usage = Field(default_factory=Usage)


class ArticleFailure(Model):
    source: str
    error: str


class Duplicate(Model):
    source: str
    same_as: str = Field(description="The source read first with the same text (whitespace and case aside).")


class ExtractionRun(Model):
    """What `summarizer extract` writes."""

    schema_version: str = SCHEMA_VERSION
    created_at: datetime
    model: str
    prompts: dict[str, str] = Field(description="Prompt id -> version used.")
    articles: list[ArticleExtraction]
    failures: list[ArticleFailure] = Field(default_factory=list)
    duplicates: list[Duplicate] = Field(default_factory=list, description="Articles given twice, counted once.")
    usage: Usage
