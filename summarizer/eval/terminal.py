"""Eval reports on the terminal: a report's tables, a suite's summary, the differences of two reports."""

from __future__ import annotations

import sys
from pathlib import Path

from rich import box
from rich.console import Console
from rich.table import Table

from summarizer.eval import COUNTS, SUMMARY_METRICS, Report, SuiteReport, diff_reports, diff_suites
from summarizer.terminal import err, shown


def print_suite(s: SuiteReport) -> None:
    out = _report_console()
    table = Table("event", *SUMMARY_METRICS, box=box.SIMPLE_HEAD, title="summary")
    for name, r in s.events.items():
        table.add_row(shown(name), *(_value(m, r.overall if m == "overall" else r.metrics.get(m))
                                      for m in SUMMARY_METRICS))
    table.add_row("[bold]mean[/bold]", *(_value(m, s.mean.get(m)) for m in SUMMARY_METRICS), end_section=True)
    out.print(table)
    wrong = Table("event", "wrong fields", box=box.SIMPLE_HEAD)
    for column in wrong.columns[1:]:
        column.overflow = "fold"
    for name, r in s.events.items():
        wrong.add_row(shown(name), shown(", ".join(f"{f.field} ({f.found or '—'}: {f.why})" if f.why else
                                                     f"{f.field} ({f.found or '—'})" for f in r.fields
                                                     if not f.correct) or "none"))
    out.print(wrong)
    out.print(f"[bold]mean overall {s.mean['overall']:.3f}[/bold] over {len(s.events)} events", highlight=False)


def _mark(ok: bool) -> str:
    return "[green]✓[/green]" if ok else "[red]✗[/red]"


def _report_console() -> Console:
    return Console(width=None if sys.stdout.isatty() else 120)


def _value(name: str, value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g}" if name in COUNTS else f"{value:.3f}"


def print_report(r: Report) -> None:
    out = _report_console()
    table = Table("field", "expected", "found", "status", "sources", "", "why wrong", title=shown(r.event),
                  caption="sources: gold articles the briefing names for the fact / gold articles", box=box.SIMPLE_HEAD)
    for column in table.columns[1:3]:
        column.overflow = "fold"
    for f in r.fields:
        named = len(set(f.sources_expected) & set(f.sources_found))
        table.add_row(f.field, shown(f.expected or "—"), shown(f.found or "—"), f.status or "",
                      f"{named}/{len(f.sources_expected)}" if f.sources_expected else "",
                      _mark(f.correct) if f.score in (0.0, 1.0) else f"{f.score:.2f}", shown(f.why or ""))
    out.print(table)
    sets = Table("", "P", "R", "F1", "missing", "spurious / wrong", box=box.SIMPLE_HEAD)
    for column in sets.columns[4:]:
        column.overflow = "fold"
    a, x, c = r.actors, r.reactions, r.conflicts
    actor_problems = a.spurious + [f"duplicate {k}: {', '.join(v)}" for k, v in a.duplicates.items()] + \
        [f"merged {k}: {', '.join(v)}" for k, v in a.merged.items()]
    sets.add_row("actors", f"{a.precision:.2f}", f"{a.recall:.2f}", f"{a.f1:.2f}", shown(", ".join(a.missing)),
                 shown("; ".join(actor_problems)))
    sets.add_row("reactions", f"{x.precision:.2f}", f"{x.recall:.2f}", f"{x.f1:.2f}", shown("; ".join(x.missing)),
                 shown("; ".join(x.spurious)))
    sets.add_row("conflicts", f"{c.precision:.2f}", f"{c.recall:.2f}", f"{c.f1:.2f}", shown("; ".join(c.missing)),
                 shown("; ".join(c.spurious)))
    out.print(sets)
    hits = [t for t in r.traps if t.hit]
    out.print(f"traps: {len(hits)} of {len(r.traps)} hit" +
              "".join(f"\n  [red]✗[/red] {t.field} = {shown(t.value)} ({shown(t.why)})" for t in hits), highlight=False)
    g, cost = r.grounding, r.cost
    out.print(f"grounding: {g.verified}/{g.checked} quotes found at their offsets" if g.checked else
              "grounding: not checked (no article text)", highlight=False)
    out.print(f"cost: {shown(cost.model)}, {cost.articles} article(s), {cost.failures} failed, {cost.calls} call(s), "
              f"{cost.cache_hits} cached, {cost.prompt_tokens}+{cost.completion_tokens} tokens, {cost.seconds:.1f}s"
              + (f" ({cost.seconds_per_article:.1f}s per article)" if cost.seconds_per_article is not None else ""),
              highlight=False)
    metrics = Table("metric", "score", "weight", box=box.SIMPLE_HEAD)
    for name, value in r.metrics.items():
        metrics.add_row(name, _value(name, value), f"{r.weights[name]:.2f}" if name in r.weights else "")
    out.print(metrics)
    out.print(f"[bold]overall {r.overall:.3f}[/bold]", highlight=False)


def print_comparison(a: Report, b: Report, path_a: Path, path_b: Path) -> None:
    out = _report_console()
    metric_rows, field_rows = diff_reports(a, b)
    out.print(f"A = {shown(str(path_a))} ({shown(a.cost.model)})\nB = {shown(str(path_b))} ({shown(b.cost.model)})",
              highlight=False)
    if a.gold != b.gold or a.event != b.event:
        err.print(f"[yellow]the reports score different gold files: {shown(a.gold)} / {shown(b.gold)}[/yellow]")
    metrics = Table("metric", "A", "B", "B - A", box=box.SIMPLE_HEAD)
    for name, x, y in metric_rows:
        delta = "" if x is None or y is None else f"{y - x:+g}" if name in COUNTS else f"{y - x:+.3f}"
        style = "" if not delta or delta in ("+0", "-0", "+0.000", "-0.000") else "bold"
        metrics.add_row(name, _value(name, x), _value(name, y), delta, style=style)
    out.print(metrics)
    fields = Table("field", "A found", "", "B found", "", box=box.SIMPLE_HEAD)
    for name, x, y in field_rows:
        fields.add_row(name, shown((x.found or "—") if x else "(not scored)"), _mark(x.correct) if x else "",
                       shown((y.found or "—") if y else "(not scored)"), _mark(y.correct) if y else "",
                       style="" if x and y and x.correct == y.correct else "bold")
    out.print(fields)


def print_suite_comparison(a: SuiteReport, b: SuiteReport, path_a: Path, path_b: Path) -> None:
    out = _report_console()
    out.print(f"A = {shown(str(path_a))}\nB = {shown(str(path_b))}", highlight=False)
    table = Table("event / metric", "A", "B", "B - A", box=box.SIMPLE_HEAD)
    for name, x, y in diff_suites(a, b):
        metric = name.removeprefix("mean ")
        delta = "" if x is None or y is None else f"{y - x:+g}" if metric in COUNTS else f"{y - x:+.3f}"
        style = "" if not delta or delta in ("+0", "-0", "+0.000", "-0.000") else "bold"
        table.add_row(shown(name), _value(metric, x), _value(metric, y), delta, style=style)
    out.print(table)
    for key in [k for k in a.events if k in b.events]:
        out.rule(shown(key))
        print_comparison(a.events[key], b.events[key], path_a, path_b)
