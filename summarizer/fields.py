"""The briefing's event fields, declared once: how each is labelled, how an article's claim of it is
found, how the claims are merged (the rules are in merge.py) and how a gold value is compared (the
comparators are in eval/). Merge, the gold loader, the Markdown and the summary read this table;
`BriefingEvent` (schemas.py) holds the merged values under the same names, in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

# How a gold value of the field is compared with the briefing's (eval/compare.py).
Comparison = Literal["date", "time", "name", "actor", "actors", "enum", "number", "text"]
# How the articles' claims become one value (merge.py, MERGE_RULES).
MergeRule = Literal["date", "wording", "place", "country", "name", "weapon", "targets", "count", "civilian_harm"]


@dataclass(frozen=True)
class EventField:
    name: str
    label: str
    merge: MergeRule
    compare: Comparison
    claim: str  # where an article's claim is in its StrikeEvent ("location.city")

    def claim_of(self, event: Any) -> Any:
        """The article's claim (a Claim, a list of them for targets, or None)."""
        for part in self.claim.split("."):
            event = getattr(event, part)
        return event


EVENT_FIELDS: tuple[EventField, ...] = (
    EventField("date", "Date", "date", "date", "date"),
    EventField("local_time", "Local time", "wording", "time", "local_time"),
    EventField("country", "Country", "country", "name", "location.country"),
    EventField("city", "City", "place", "name", "location.city"),
    EventField("site", "Site", "wording", "text", "location.site"),
    EventField("perpetrator", "Perpetrator", "name", "actor", "perpetrator"),
    EventField("weapon", "Weapon", "weapon", "enum", "weapon"),
    EventField("targets", "Targets", "targets", "actors", "targets"),
    EventField("target_group", "Target group", "name", "actor", "target_group"),
    EventField("killed", "Killed", "count", "number", "killed"),
    EventField("injured", "Injured", "count", "number", "injured"),
    EventField("civilian_harm", "Civilian harm", "civilian_harm", "enum", "civilian_harm"),
    EventField("justification", "Stated justification", "wording", "text", "justification"),
)
FIELDS: dict[str, EventField] = {f.name: f for f in EVENT_FIELDS}
# BriefingEvent's other members: an id and the ledgers behind the fields, not facts of their own.
LEDGERS = ("perpetrator_actor", "unconfirmed_targets", "target_group_actor", "counts")
