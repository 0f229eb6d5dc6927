"""What the command line shows on the terminal while it works: a bar for the run and one per article
being asked, and a table of the run when it ends (stderr; the output file or stdout holds the result)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

import summarizer
from summarizer.schemas import ArticleExtraction, Briefing, EventsRun, ExtractionRun

err = Console(stderr=True)


def shown(text: object) -> str:
    """Text from files, articles, servers or the user as the terminal shows it: control characters (escape
    sequences that would clear the screen, set the title or write the clipboard) dropped, rich markup
    escaped (a "[/x]" in a path is text, not a closing tag)."""
    return escape("".join(ch for ch in str(text) if ch in "\n\t" or unicodedata.category(ch) != "Cc"))


class RichProgress(summarizer.Progress):
    """On stderr: one bar for the run (articles done of all, time left) and one per article being asked
    (its questions), which goes when the article ends, so a run of thousands of articles shows a few
    lines. A failed or skipped article is a line of its own; when stderr is no terminal (CI, nohup, a
    pipe), every article that ends is a line."""

    def __enter__(self) -> RichProgress:
        self._live = err.is_terminal
        self._bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                             TextColumn("{task.fields[status]}"), TimeElapsedColumn(), TimeRemainingColumn(),
                             console=err, transient=True, disable=not self._live)
        self._bar.__enter__()
        self._run = self._bar.add_task("articles", total=None, status="")
        self._tasks: dict[str, int] = {}
        self._ended = 0
        self._total: int | None = None
        self.texts: dict[str, str] = {}  # article id -> text, for the review page
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.__exit__(*exc)

    def run_started(self, articles: int) -> None:
        self._total = articles
        self._bar.update(self._run, total=articles)

    def article_started(self, source: str, questions: int) -> None:
        self._tasks[source] = self._bar.add_task(f"  {shown(Path(source).name)}", total=questions, status="")

    def question_done(self, source: str, question: str) -> None:
        self._bar.update(self._tasks[source], advance=1, status=question)

    def article_skipped(self, source: str, reason: str) -> None:
        self._end(source, f"[yellow]skipped: {shown(reason)}[/yellow]", always=True)

    def article_done(self, source: str, result: ArticleExtraction | None, error: str | None) -> None:
        if error:
            self._end(source, f"[red]failed: {shown(error)}[/red]", always=True)
            return
        self.texts[result.article.id] = result.article.text
        self._end(source, f"{len(result.errors)} question(s) failed" if result.errors else "done",
                  always=bool(result.errors))

    def _end(self, source: str, status: str, always: bool) -> None:
        task = self._tasks.pop(source, None)
        if task is not None:
            self._bar.remove_task(task)
        self._ended += 1
        self._bar.update(self._run, advance=1)
        if always or not self._live:
            of = f"/{self._total}" if self._total else ""
            err.print(f"{escape(f'[{self._ended}{of}]')} {shown(Path(source).name)}: {status}", highlight=False,
                      soft_wrap=True)


def print_run_summary(run: ExtractionRun, output: Path | None) -> None:
    u = run.usage
    err.print(
        f"{len(run.articles)} article(s) extracted, {len(run.failures)} failed; "
        f"{u.calls} model call(s), {u.cache_hits} cached, {u.prompt_tokens}+{u.completion_tokens} tokens, "
        f"{u.seconds:.1f}s" + (f" -> {shown(output)}" if output else ""),
        highlight=False,
    )
    _print_failures_and_duplicates(run)


def print_briefing_summary(briefing: Briefing, output: Path | None) -> None:
    table = Table("", "file", "outlet", "date", "facts", "calls", "secs", "status", box=box.SIMPLE_HEAD, padding=(0, 1),
                  collapse_padding=True, pad_edge=False)
    for column in table.columns[:4]:  # a label, a file name or a date is shortened with "…", never cut in two
        column.no_wrap, column.overflow = True, "ellipsis"
    table.columns[1].max_width = table.columns[2].max_width = 16
    table.columns[0].min_width, table.columns[3].min_width, table.columns[7].min_width = 3, 10, 6
    for column in table.columns[4:7]:  # counts in full: the file name and the outlet give way first
        column.no_wrap, column.min_width = True, len(str(column.header))
    for n, a in enumerate(briefing.articles, 1):  # [n]: as the review page numbers them
        u = briefing.run.per_article.get(a.id)
        status = "; ".join([f"{len(a.errors)} question(s) failed"] if a.errors else ["ok"]) + \
            "".join(f"; {shown(note)}" for note in a.notes)
        table.add_row(f"[{n}]", shown(Path(a.source).name), shown(a.outlet or ""), str(a.published or ""),
                      str(len(a.facts)), str(u.calls if u else ""), f"{u.seconds:.1f}" if u else "", status)
    for failure in briefing.run.failures:
        table.add_row("", shown(Path(failure.source).name), "", "", "", "", "", "[red]failed[/red]")
    for dup in briefing.run.duplicates:
        table.add_row("", shown(Path(dup.source).name), "", "", "", "", "",
                      f"[yellow]duplicate of {shown(Path(dup.same_as).name)}, counted once[/yellow]")
    err.print(table)
    event, u = briefing.event, briefing.run.usage
    err.print(
        f"{len(briefing.articles)} article(s) merged, {len(briefing.run.failures)} failed; "
        f"{len(briefing.actors)} actors, {len(briefing.conflicts)} conflict(s); "
        + ("no toll reported" if event.killed.value is None else f"killed {event.killed.value} ({event.killed.status.value})")
        + f"; {u.calls} model call(s), {u.cache_hits} cached, "
        f"{u.prompt_tokens}+{u.completion_tokens} tokens, {u.seconds:.1f}s" + (f" -> {shown(output)}" if output else ""),
        highlight=False,
    )
    for conflict in briefing.conflicts:
        values = "; ".join(f"{v.value} ({len(v.articles)})" for v in conflict.values)
        err.print(f"[yellow]conflict:[/yellow] {shown(conflict.field)}: {shown(values)}", highlight=False)
    for problem in [f.error for f in briefing.run.failures] + briefing.run.errors:
        err.print(f"[red]failed:[/red] {shown(problem)}", highlight=False)




def print_events_summary(run: EventsRun, written: list[Path]) -> None:
    """A row per event (its file, date, place, toll, articles), each article with why it is there."""
    table = Table("event", "date", "place", "killed", "articles", box=box.SIMPLE_HEAD)
    for briefing, path in zip(run.events, written):
        e = briefing.event
        table.add_row(shown(path.name), str(e.date.value or ""), shown(e.city.value or e.country.value or ""),
                      "" if e.killed.value is None else str(e.killed.value), str(len(briefing.articles)))
    err.print(table)
    for briefing, path in zip(run.events, written):
        err.print(f"{shown(path.name)}:", highlight=False)
        for a in briefing.articles:
            err.print(f"  {shown(Path(a.source).name)}: {shown(a.grouped or '')}", highlight=False)
    u = run.usage
    err.print(f"{sum(len(b.articles) for b in run.events)} article(s) in {len(run.events)} event(s), "
              f"{len(run.failures)} failed; {u.calls} model call(s), {u.cache_hits} cached, "
              f"{u.prompt_tokens}+{u.completion_tokens} tokens, {u.seconds:.1f}s -> {shown(written[-1].parent)}",
              highlight=False)
    _print_failures_and_duplicates(run)


def _print_failures_and_duplicates(run: ExtractionRun | EventsRun) -> None:
    for failure in run.failures:
        err.print(f"[red]failed:[/red] {shown(failure.error)}", highlight=False)
    for dup in run.duplicates:
        err.print(f"[yellow]duplicate:[/yellow] {shown(dup.source)} has the text of {shown(dup.same_as)}; counted once",
                  highlight=False)
