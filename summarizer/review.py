"""The review page: one self-contained HTML file (inline CSS and JS, no network) where every fact of
a briefing is highlighted in each article that states it.

The page is rendered by jinja2 from `templates/` with autoescaping on: every string that comes from
an article or a model is untrusted and reaches the page as text. This module only prepares the
data: which spans of which article support which fact ("keys" tie a fact to its highlights).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader

from summarizer.errors import InputError
from summarizer.files import OUTPUT_MARK
from summarizer.facts import EVENT_FIELDS, FIELDS
from summarizer.ingest import read_source
from summarizer.facts.speakers import sentence_subject
from summarizer.schemas import Briefing, CountScope, Evidence, Fact, FactStatus
from summarizer.md import plain, set_by_rules

# How a highlight relates to the fact it supports (a CSS class on the page).
AGREES, DIFFERS, CONTEXT, MENTION = "agrees", "differs", "context", "mention"
# The coverage matrix: what an article says of a fact.
REPORTED, OTHER_WORDING, DISAGREES, NOT_REPORTED = "reported", "other wording", "disagrees", "not reported"
TAG_CHARS = 60
TARGET_ROWS = (("target", "Target", "targets"), ("unconfirmed", "Target (unconfirmed)", "unconfirmed_targets"))
TARGETS_RULE = ("one target per actor or name; when some target is named by two articles or more, one that a "
                "single article names is unconfirmed: listed, not shown as fact")


@dataclass
class Span:
    """A quote of one article that supports one fact (or names one actor)."""

    start: int
    end: int
    key: str  # the fact, actor, reaction or conflict it belongs to
    label: str  # what it supports, e.g. "Killed: 2"
    kind: str  # AGREES, DIFFERS, CONTEXT or MENTION
    quote: str  # the briefing's copy of the quote (shown when the article's text is not at hand)

    @property
    def tag(self) -> str:
        """The label shown after the quote: short, the full one is the highlight's title."""
        return self.label if len(self.label) <= TAG_CHARS else self.label[:TAG_CHARS - 1].rstrip() + "…"


@dataclass
class Piece:
    """A run of article text under the same highlights, and the labels of the quotes ending after it."""

    text: str
    spans: list[Span]
    ending: list[Span] = field(default_factory=list)

    @property
    def keys(self) -> str:
        return " ".join(dict.fromkeys(s.key for s in self.spans))

    @property
    def kind(self) -> str:
        kinds = {s.kind for s in self.spans}  # a disagreement shows first: it is what a reader looks for
        return next((k for k in (DIFFERS, AGREES, CONTEXT) if k in kinds), MENTION)

    @property
    def differs(self) -> str:
        """The keys for which this text gives another value than the one shown."""
        return " ".join(dict.fromkeys(s.key for s in self.spans if s.kind == DIFFERS))

    @property
    def title(self) -> str:
        return "; ".join(dict.fromkeys(s.label for s in self.spans))


@dataclass
class ArticleView:
    number: int
    id: str
    source: str
    title: str | None
    outlet: str | None
    published: date | None
    notes: list[str]
    errors: list[str]
    facts: int
    pieces: list[Piece] | None  # None: the text is not at hand
    missing: str | None = None  # why the text is not at hand
    quotes: list[Span] = field(default_factory=list)  # when the text is not at hand: what was quoted from it
    copy_of: int | None = None  # the number of the article whose story this one copies (one source with it)


@dataclass
class FactRow:
    key: str
    label: str
    value: str
    status: str
    rule: str
    sources: list[int]  # article numbers whose claim agrees
    claims: int
    notes: list[str] = field(default_factory=list)  # flags shown with the value
    independent: int = 0  # how many stories the agreeing articles are (copies of one wire story count once)
    correctable: bool = False  # an event field an analyst may correct (summarizer.corrections)


def review_page(briefing: Briefing, texts: dict[str, str] | None = None, base: Path | None = None) -> str:
    """The briefing as one HTML page. `texts`: article id -> text; the others are read from the
    briefing's sources (relative paths also from `base`), and a page says which are not at hand."""
    found, missing = texts_at_hand(briefing, texts, base)
    env = _environment()
    style, script = (env.loader.get_source(env, name)[0] for name in ("review.css", "review.js"))
    return env.get_template("review.html.j2").render(**page_data(briefing, found, missing), style=style,
                                                     script=script, style_hash=_csp_hash(style),
                                                     script_hash=_csp_hash(script))


def texts_at_hand(briefing: Briefing, texts: dict[str, str] | None = None,
                  base: Path | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """Each article's text by id, and for each article whose text cannot be had, why."""
    found = {i: t for i, t in (texts or {}).items() if any(a.id == i for a in briefing.articles)}
    missing: dict[str, str] = {}
    for a in briefing.articles:
        if a.id in found:
            continue
        text, reason = _read_back(a.source, a.id, base)
        if text is None:
            missing[a.id] = reason
        else:
            found[a.id] = text
    return found, missing


def _read_back(source: str, article_id: str, base: Path | None) -> tuple[str | None, str]:
    if source == "-":
        return None, "-: it was read from standard input, which is not kept"
    if source.startswith("memory:"):
        return None, f"{source}: it was text held in memory; pass its text to show it"
    candidates = [Path(source)] + ([base / source] if base is not None and not Path(source).is_absolute() else [])
    reason = f"{source}: no such file"
    for path in dict.fromkeys(candidates):
        if not path.exists():
            continue
        try:
            article = read_source(str(path))
        except InputError as exc:
            reason = str(exc)
            continue
        if article.id == article_id:
            return article.text, ""
        reason = f"{path}: the file has changed since the briefing was made; its quotes no longer point into it"
    return None, reason


def page_data(briefing: Briefing, texts: dict[str, str], missing: dict[str, str]) -> dict[str, Any]:
    """Everything the template shows, prepared: rows, keys, each article cut into highlighted pieces."""
    number = {a.id: n for n, a in enumerate(briefing.articles, 1)}
    rows = fact_rows(briefing, number)
    actor_key = {a.id: f"actor{i}" for i, a in enumerate(briefing.actors, 1)}
    # An event field's conflict is shown under the field; another (a rank) has a key of its own.
    conflict_key = {i: c.field.removeprefix("event.") if c.field.removeprefix("event.") in FIELDS else f"conflict{i}"
                    for i, c in enumerate(briefing.conflicts, 1)}
    summary_key = {name: name for name in FIELDS}
    summary_key |= {f"target{i}": f"target{i}" for i in range(1, len(briefing.event.targets) + 1)}
    summary_key |= {f"reaction:{r.actor_id or r.actor}": f"reaction{i}" for i, r in enumerate(briefing.reactions, 1)}
    summary_key |= actor_key
    labels = {row.key: f"{row.label}: {row.value}" for row in rows}
    labels |= {actor_key[a.id]: f"Actor: {a.name}" for a in briefing.actors}
    labels |= {f"reaction{i}": f"Reaction of {r.actor}" for i, r in enumerate(briefing.reactions, 1)}
    labels |= {f"conflict{i}": c.field for i, c in enumerate(briefing.conflicts, 1)}
    spans = list(quote_spans(briefing, actor_key, conflict_key))
    articles = []
    for a in briefing.articles:
        mine = _dedupe(s for i, s in spans if i == a.id)
        text = texts.get(a.id)
        notes = list(a.notes)
        if text is not None:  # a quote is shown only where the text at its offsets is the quote
            misplaced = [s for s in mine if text[s.start:s.end] != s.quote]
            if misplaced:
                mine = [s for s in mine if s not in misplaced]
                notes.append(f"{len(misplaced)} quote(s) of the briefing are not at their offsets in this text: the "
                             "briefing does not match the article (one of them was edited); those are not highlighted")
        articles.append(ArticleView(
            number[a.id], a.id, a.source, a.title, a.outlet, a.published, notes, a.errors, len(a.facts),
            pieces(text, mine) if text is not None else None, missing.get(a.id),
            [s for s in mine if s.kind != MENTION] if text is None else [], number.get(a.copy_of or "")))
    return {
        "briefing": briefing, "rows": rows, "articles": articles, "number": number, "actor_key": actor_key,
        "conflict_key": conflict_key, "summary_key": summary_key, "labels": labels,
        "coverage": coverage_matrix(briefing), "fields": EVENT_FIELDS, "timeline": timeline(briefing, number), "headline": headline(briefing),
        "shown": shown, "at_hand": len(articles) - len(missing), "set_by_rules": set_by_rules(briefing), "plain": plain,
        "output_mark": OUTPUT_MARK,
        "legend": {REPORTED: "✓", OTHER_WORDING: "≈", DISAGREES: "✗", NOT_REPORTED: "·"},
    }


@dataclass
class Reported:
    """One figure or value in the timeline: when its article was published, which article, who gave it."""

    published: date | None
    article_id: str
    value: int | str
    scope: str
    said_by: str | None
    quote: str


def timeline(briefing: Briefing, number: dict[str, int]) -> list[tuple[str, str, list[Reported]]]:
    """(field, label, values) for each toll and each contested fact, its values in the order they were
    reported (the articles' published dates; undated last, then in the briefing's order): a toll that
    rises from one report to the next is an update, not a disagreement; a contested value may be too."""
    published = {a.id: a.published for a in briefing.articles}
    rows: dict[str, list[Reported]] = {}
    for count in briefing.event.counts:
        article = count.evidence.article_id
        rows.setdefault(count.of.value, []).append(Reported(
            published.get(article), article, count.value, count.scope.value.replace("_", " "), count.said_by,
            count.evidence.quote))
    for of in ("killed", "injured"):  # figures the extraction did not keep apart: the toll's own claims
        if of not in rows:
            rows[of] = [Reported(published.get(c.evidence.article_id), c.evidence.article_id, c.value, "total", None,
                                 c.evidence.quote) for c in getattr(briefing.event, of).claims if c.value is not None]
    contested = [f.name for f in EVENT_FIELDS if not f.many and f.name not in rows
                 and getattr(briefing.event, f.name).status is FactStatus.CONTESTED]
    for name in contested:
        rows[name] = [Reported(published.get(c.evidence.article_id), c.evidence.article_id, shown(c.value), "total",
                               _speaker(c.evidence.quote), c.evidence.quote)
                      for c in getattr(briefing.event, name).claims if c.value is not None and c.evidence.grounded]
    for figures in rows.values():
        figures.sort(key=lambda r: (r.published is None, r.published or date.min, number.get(r.article_id, 0)))
    return [(of, FIELDS[of].label, rows[of]) for of in ("killed", "injured", *contested) if rows[of]]


def _speaker(quote: str) -> str | None:
    subject = sentence_subject(quote)
    return subject.words if subject is not None and subject.name else None


def fact_rows(briefing: Briefing, number: dict[str, int]) -> list[FactRow]:
    """The event table: one row per field, then one per target (confirmed, then unconfirmed)."""
    event = briefing.event
    story = {a.id: a.copy_of or a.id for a in briefing.articles}
    rows = [FactRow(f.name, f.label, shown(fact.value), fact.status.value, fact.rule,
                    sorted(number[i] for i in fact.sources if i in number), len(fact.claims), fact.notes,
                    len({story.get(i, i) for i in fact.sources}), correctable=True)
            for f in EVENT_FIELDS if not f.many for fact in [getattr(event, f.name)]]
    for prefix, label, refs in TARGET_ROWS:
        rows += [FactRow(f"{prefix}{i}", label, ref.name, ref.status.value, TARGETS_RULE,
                         sorted(number[a] for a in ref.sources if a in number), len(ref.claims),
                         independent=len({story.get(a, a) for a in ref.sources}))
                 for i, ref in enumerate(getattr(event, refs), 1)]
    return rows


def quote_spans(briefing: Briefing, actor_key: dict[str, str],
                conflict_key: dict[int, str]) -> Iterator[tuple[str, Span]]:
    """(article id, span) for every grounded quote: each field's claims, the casualty figures, the
    targets, the actors' mentions and ranks, the reactions, and the quotes of other conflicts."""
    event = briefing.event
    rivals = {(c.field, q.article_id, q.start) for c in briefing.conflicts for v in c.values for q in v.quotes}
    for f in EVENT_FIELDS:
        fact: Fact = getattr(event, f.name)
        for claim in fact.claims if not f.many else []:
            said = shown(claim.value) if claim.value is not None else f"“{getattr(claim, 'as_written', '') or '?'}”"
            agrees = claim.evidence.article_id in fact.sources or (claim.value is not None and claim.value == fact.value)
            # another value only where the briefing records the disagreement: a page's own date, or a value
            # set aside as another role (the struck side read as the attacker), is context, not a rival
            rival = (f"event.{f.name}", claim.evidence.article_id, claim.evidence.start) in rivals
            kind = AGREES if agrees else DIFFERS if rival else CONTEXT
            yield from _span(claim.evidence, f.name, f"{f.label}: {said}", kind)
    for count in event.counts:  # the figures behind killed and injured
        toll = getattr(event, count.of.value).value
        kind = AGREES if count.value == toll else DIFFERS if count.scope is CountScope.TOTAL else CONTEXT
        scope = "" if count.scope is CountScope.TOTAL else f" ({count.scope.value.replace('_', ' ')})"
        yield from _span(count.evidence, count.of.value, f"{FIELDS[count.of.value].label}: {count.value}{scope}"
                         + (f", said by {count.said_by}" if count.said_by else ""), kind)
    for prefix, label, refs in TARGET_ROWS:
        for i, ref in enumerate(getattr(event, refs), 1):
            for claim in ref.claims:
                yield from _span(claim.evidence, f"{prefix}{i}", f"{label}: {claim.value}",
                                 AGREES if prefix == "target" else CONTEXT)
    for a in briefing.actors:
        for mention in a.mentions:
            yield from _span(mention, actor_key[a.id], f"Actor: {a.name}", MENTION)
        for rank in a.ranks:
            yield from _span(rank.evidence, actor_key[a.id], f"Rank of {a.name}: {rank.value}", MENTION)
    for i, reaction in enumerate(briefing.reactions, 1):
        for statement in reaction.statements:
            yield from _span(statement.evidence, f"reaction{i}",
                             f"Reaction of {reaction.actor}: {shown(statement.stance)}", CONTEXT)
    for i, conflict in enumerate(briefing.conflicts, 1):
        if conflict_key[i] == f"conflict{i}":  # an event field's quotes are above, under the field
            for value in conflict.values:
                for quote in value.quotes:
                    yield from _span(quote, conflict_key[i], f"{conflict.field}: {shown(value.value)}", DIFFERS)


def _span(evidence: Evidence, key: str, label: str, kind: str) -> Iterator[tuple[str, Span]]:
    if evidence.grounded and evidence.start is not None and evidence.end is not None:
        yield evidence.article_id, Span(evidence.start, evidence.end, key, label, kind, evidence.quote)


def pieces(text: str, spans: list[Span]) -> list[Piece]:
    """Cut the text at every span's start and end; each piece knows the spans over it."""
    spans = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    out = []
    for start, end in zip(cuts, cuts[1:]):
        over = [s for s in spans if s.start <= start and end <= s.end]
        out.append(Piece(text[start:end], over, [s for s in spans if s.end == end and s.kind != MENTION]))
    return out


def coverage_matrix(briefing: Briefing) -> dict[tuple[str, str], str]:
    """(article id, field) -> reported / other wording / disagrees / not reported."""
    conflicted = {c.field.removeprefix("event."): c for c in briefing.conflicts}
    cells = {}
    for f in EVENT_FIELDS:
        fact = getattr(briefing.event, f.name)
        sources = {i for ref in fact for i in ref.sources} if isinstance(fact, list) else \
            set(fact.sources) | {c.evidence.article_id for c in fact.claims if c.value is not None and c.value == fact.value}
        against = {i for v in conflicted[f.name].values for i in v.articles} if f.name in conflicted else set()
        for a in briefing.articles:
            reports = a.id in briefing.coverage.get(f.name, [])
            cells[a.id, f.name] = (NOT_REPORTED if not reports else REPORTED if a.id in sources
                                   else OTHER_WORDING if not f.conflicts and a.id not in against
                                   else DISAGREES)
    return cells


def headline(briefing: Briefing) -> str:
    """One line: when, where, how many killed."""
    e = briefing.event
    place = ", ".join(str(x) for x in (e.city.value, e.country.value) if x)
    parts = [shown(e.date.value) if e.date.value else "date unknown", place or "place unknown"]
    if e.killed.value is not None:
        parts.append(f"{e.killed.value} killed")
    return " · ".join(parts)


def shown(value: Any) -> str:
    if value is None:
        return "—"
    return value.value.replace("_", " ") if isinstance(value, Enum) else str(value)


def _dedupe(spans: Iterable[Span]) -> list[Span]:
    """One span per quote and fact: a claim and the count it rests on share a quote."""
    seen: dict[tuple[int, int, str], Span] = {}
    for s in spans:
        seen.setdefault((s.start, s.end, s.key), s)
    return list(seen.values())


def _csp_hash(code: str) -> str:
    """The Content-Security-Policy source that lets exactly this inline style or script run."""
    return "sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()


_ENV: Environment | None = None


def _environment() -> Environment:
    global _ENV
    if _ENV is None:
        _ENV = Environment(loader=PackageLoader("summarizer", "templates"), autoescape=True,
                           trim_blocks=True, lstrip_blocks=True)
    return _ENV
