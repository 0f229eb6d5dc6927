"""Render a Briefing as Markdown: facts with their sources, conflicts, actors, reactions."""

from __future__ import annotations

from summarizer.facts import EVENT_FIELDS
from summarizer.files import OUTPUT_MARK
from summarizer.schemas import Briefing, Evidence, FactStatus


def to_markdown(briefing: Briefing) -> str:
    short = {a.id: f"[{i}]" for i, a in enumerate(briefing.articles, 1)}

    def cite(ids: list[str]) -> str:
        return "".join(short.get(i, f"[{i}]") for i in ids)

    def quote(evidence: Evidence) -> str:
        text = " ".join(evidence.quote.split())
        return f"“{_inline(text[:200])}{'…' if len(text) > 200 else ''}” {cite([evidence.article_id])}"

    out = ["# Strike briefing", ""]
    if briefing.summary:
        out += [_inline(" ".join(s.text for s in briefing.summary)), ""]
    out += ["## Event", "", "| Field | Value | Status | Sources |", "|---|---|---|---|"]
    event = briefing.event
    for field in (f for f in EVENT_FIELDS if not f.many):  # targets: a row each, below
        label, fact = field.label, getattr(event, field.name)
        value = "—" if fact.value is None else str(getattr(fact.value, "value", fact.value)).replace("_", " ")
        out.append(f"| {label} | {_inline(value)} | {fact.status.value.replace('_', ' ')} | {cite(fact.sources)} |")
    for target in event.targets:
        out.append(f"| Target | {_inline(target.name)} | {target.status.value.replace('_', ' ')} | {cite(target.sources)} |")
    for target in event.unconfirmed_targets:
        out.append(f"| Target (unconfirmed) | {_inline(target.name)} | one source, others name other targets "
                   f"| {cite(target.sources)} |")
    out.append("")
    flags = [(f.label, note) for f in EVENT_FIELDS if not f.many for note in getattr(event, f.name).notes]
    if flags:
        out += [f"> **{label}**: {_inline(note)}" for label, note in flags] + [""]
    ruled = set_by_rules(briefing)
    if ruled:
        out += ["## Values a check set", "", "Where a check of the article replaced the model's answer, or found a value "
                "the model did not give:", ""]
        for label, article_id, value, rule, model in ruled:
            said = f" (the model said: {_inline(plain(model))})" if model is not None else ""
            out.append(f"- **{label}** {cite([article_id])} {_inline(plain(value))}: {_inline(rule)}{said}")
        out.append("")
    if briefing.conflicts:
        out += ["## Where sources disagree", ""]
        for conflict in briefing.conflicts:
            out.append(f"- **{_inline(conflict.field)}**: {_inline(conflict.resolution)}")
            for v in conflict.values:
                out.append(f"  - {_inline(str(v.value))} {cite(v.articles)}: {quote(v.quotes[0])}")
        out.append("")
    out += ["## Actors", "", "| Actor | Also called | Kind | Rank | Articles |", "|---|---|---|---|---|"]
    for a in briefing.actors:
        rank = a.rank or ("contested" if len({r.value for r in a.ranks}) > 1 else "")
        out.append(f"| {_inline(a.name)} | {_inline(', '.join(a.aliases))} | {a.kind.value if a.kind else ''} "
                   f"| {rank} | {cite(a.articles)} |")
    out.append("")
    if briefing.reactions:
        out += ["## Reactions", ""]
        for r in briefing.reactions:
            out.append(f"- **{_inline(r.actor)}** — {r.stance.value.replace('_', ' ')} (CAMEO {r.cameo}) {cite(r.sources)}")
            out += [f"  - {quote(s.evidence)}" + (f" — set by a check: {_inline(s.rule)}" if s.rule else "")
                    for s in r.statements]
        out.append("")
    out += ["## Sources", ""]
    independent = sum(1 for a in briefing.articles if a.copy_of is None)
    if independent < len(briefing.articles):
        out += [f"{len(briefing.articles)} articles, {independent} independent sources (a copy of a story counts "
                "once).", ""]
    for a in briefing.articles:
        meta = ", ".join(x for x in (a.outlet, str(a.published) if a.published else None, a.url) if x)
        copies = f" — copies {short[a.copy_of]}" if a.copy_of in short else ""
        out.append(f"{short[a.id]} {_inline(a.title or a.source)}" + (f" ({_inline(meta)})" if meta else "")
                   + f" — {_inline(a.source)}" + copies)
    for failure in briefing.run.failures:
        out.append(f"- not read: {_inline(failure.error)}")
    u = briefing.run.usage
    out += ["", f"_Model {briefing.run.model}; {u.calls} calls, {u.cache_hits} cached, "
                f"{u.prompt_tokens}+{u.completion_tokens} tokens, {u.seconds:.0f} s; "
                f"facts marked {FactStatus.CONTESTED.value} are disputed between sources._", "",
            f"<!-- {OUTPUT_MARK}: a briefing, not an article -->", ""]
    return "\n".join(out)


def set_by_rules(briefing: Briefing) -> list[tuple[str, str, object, str, object]]:
    """(field label, article id, value, rule, the model's answer) of every event claim and casualty figure a
    check set, in the table's order."""
    event = briefing.event
    found = []
    for field in EVENT_FIELDS:
        fact = getattr(event, field.name)
        claims = [c for ref in fact for c in ref.claims] if field.many else fact.claims
        found += [(field.label, c.evidence.article_id, c.value, c.rule, c.corrected_from) for c in claims if c.rule]
    labels = {f.name: f.label for f in EVENT_FIELDS}
    found += [(labels.get(c.of.value, c.of.value), c.evidence.article_id, f"{c.value} ({c.scope.value.replace('_', ' ')})",
               c.rule, c.corrected_from) for c in event.counts if c.rule]
    return found


def plain(value: object) -> str:
    if isinstance(value, dict):
        return " ".join(str(v) for v in value.values())
    return str(getattr(value, "value", value)).replace("_", " ")


# Characters that make Markdown (or the HTML a viewer lets through) out of text: emphasis, code, links and
# images ("![](https://...)" would load a remote image), raw HTML ("<img src=...>"), table cells.
_MARKUP = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#"})


def _inline(text: str) -> str:
    """Article or model text as inert Markdown: one line, control characters dropped, markup escaped."""
    flat = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    return flat.translate(_MARKUP)

