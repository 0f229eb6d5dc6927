"""What scoring produces: a report per event, a suite report over several, and their differences."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone

from pydantic import Field

from summarizer.schemas import Model

# Metrics that are counts, not scores in [0, 1].
COUNTS = {"actor_duplicates", "actor_wrong_merges", "traps_hit", "calls", "tokens", "seconds_per_article"}
# The metrics a suite summary shows per event, in this order.
SUMMARY_METRICS = ("overall", "field_accuracy", "actors_f1", "reactions_f1", "conflict_f1", "conflict_recall",
                   "conflict_precision", "grounding_rate", "traps_avoided", "attribution", "traps_hit",
                   "seconds_per_article")


class FieldResult(Model):
    field: str
    expected: str | None = Field(description="The gold value; null: no article gives one.")
    found: str | None
    why: str | None = Field(None, description="Why the value found is wrong ('another day (-1 days)', 'off by +3').")
    status: str | None = Field(None, description="The briefing's status for the fact.")
    score: float
    correct: bool
    sources_expected: list[str] = Field(default_factory=list)
    sources_found: list[str] = Field(default_factory=list)


class Match(Model):
    gold: str
    found: str


class SetResult(Model):
    matched: list[Match] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list, description="Required gold items not found.")
    spurious: list[str] = Field(default_factory=list, description="Found items no gold item accounts for.")
    precision: float
    recall: float
    f1: float
    required: int | None = Field(None, description="How many gold items are required (conflicts: none required "
                                                   "means the score is precision alone).")


class ActorResult(SetResult):
    duplicates: dict[str, list[str]] = Field(default_factory=dict,
                                             description="Gold actor -> the briefing actors it is split into.")
    merged: dict[str, list[str]] = Field(default_factory=dict,
                                         description="Briefing actor -> the gold actors it wrongly joins.")


class ReactionResult(SetResult):
    wrong_stance: list[str] = Field(default_factory=list, description="Gold reactions whose actor has another stance.")


class TrapResult(Model):
    field: str
    value: str
    why: str
    hit: bool


class Grounding(Model):
    checked: int = Field(description="Quotes whose article text was available.")
    verified: int
    rate: float | None
    unverified: list[str] = Field(default_factory=list, description="Up to ten quotes not found at their offsets.")
    unread: list[str] = Field(default_factory=list, description="Sources whose text could not be read, and why: "
                              "their quotes are not checked.")


class Cost(Model):
    model: str
    articles: int
    failures: int
    calls: int
    cache_hits: int
    prompt_tokens: int
    completion_tokens: int
    seconds: float = Field(description="Time spent on the run (model calls; 0 when all were cached).")
    seconds_per_article: float | None


class Report(Model):
    event: str
    gold: str
    briefing: str | None = None
    created_at: datetime
    fields: list[FieldResult]
    actors: ActorResult
    reactions: ReactionResult
    conflicts: SetResult
    traps: list[TrapResult]
    grounding: Grounding
    cost: Cost
    metrics: dict[str, float | None]
    weights: dict[str, float]
    overall: float


class SuiteReport(Model):
    """Several events scored in one run: each event's report and the macro mean of each metric."""

    created_at: datetime
    events: dict[str, Report] = Field(description="Gold file stem -> its report.")
    mean: dict[str, float | None] = Field(description="Macro mean over the events of each metric (and overall).")


def suite(reports: dict[str, Report]) -> SuiteReport:
    names = ["overall", *dict.fromkeys(k for r in reports.values() for k in r.metrics)]

    def value(r: Report, name: str) -> float | None:
        return r.overall if name == "overall" else r.metrics.get(name)

    means = {name: mean(v for r in reports.values() if (v := value(r, name)) is not None) for name in names}
    return SuiteReport(created_at=datetime.now(timezone.utc), events=reports, mean=means)


def diff_suites(a: SuiteReport, b: SuiteReport) -> list[tuple[str, float | None, float | None]]:
    """Overall per event, then the macro means, A beside B."""
    events = [*a.events, *(k for k in b.events if k not in a.events)]
    rows = [(k, a.events[k].overall if k in a.events else None, b.events[k].overall if k in b.events else None)
            for k in events]
    names = [*a.mean, *(k for k in b.mean if k not in a.mean)]
    return rows + [(f"mean {k}", a.mean.get(k), b.mean.get(k)) for k in names]


def diff_reports(a: Report, b: Report) -> tuple[list[tuple[str, float | None, float | None]],
                                                    list[tuple[str, FieldResult | None, FieldResult | None]]]:
    """Metric and field differences between two reports (e.g. two models on one gold file)."""
    metric_names = [*a.metrics, *(k for k in b.metrics if k not in a.metrics)]
    metrics = [("overall", a.overall, b.overall)] + [(k, a.metrics.get(k), b.metrics.get(k)) for k in metric_names]
    fa, fb = {f.field: f for f in a.fields}, {f.field: f for f in b.fields}
    fields = [(k, fa.get(k), fb.get(k)) for k in [*fa, *(k for k in fb if k not in fa)]]
    return metrics, fields


def mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return round(sum(values) / len(values), 4) if values else None
