"""The command line: brief, extract, schema, models. Errors are one line; exit 0 ok, 1 some
articles failed, 2 usage error."""

from __future__ import annotations

import json
import logging
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Iterator

import typer
from rich import box
from rich.console import Console
from rich.logging import RichHandler
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from summarizer import pipeline, render
from summarizer.cache import ResponseCache
from summarizer.config import BASE_URL_ENV, DEFAULT_MODEL, MODEL_ENV, cache_dir
from summarizer.errors import SummarizerError, UsageError
from summarizer.ingest import expand_paths
from summarizer.llm import StructuredLLM
from summarizer.providers import PROVIDER_CLASSES, get_provider
from summarizer.schemas import ArticleExtraction, Briefing, ExtractionRun

app = typer.Typer(
    help="Turn news articles about one military strike into verified, source-attributed facts.",
    no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False,
)
err = Console(stderr=True)

ModelOption = Annotated[str, typer.Option(
    "-m", "--model", envvar=MODEL_ENV, show_envvar=True,
    help="local (embedded model), local/<embedded>, PATH.gguf, openai/<m>, anthropic/<m>, ollama/<m>, "
         "or <m> with --base-url. See `summarizer models`.")]
BaseUrlOption = Annotated[str | None, typer.Option(
    "--base-url", envvar=BASE_URL_ENV, show_envvar=True,
    help="URL of an OpenAI-compatible server (vLLM, llama.cpp server, ...), e.g. http://localhost:8000/v1")]


@contextmanager
def user_errors() -> Iterator[None]:
    """A SummarizerError becomes one line on stderr and an exit code, never a traceback."""
    try:
        yield
    except SummarizerError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(2 if isinstance(exc, UsageError) else 1) from None
    except KeyboardInterrupt:
        err.print("interrupted: answers received so far are cached (unless --no-cache); run again to resume")
        raise typer.Exit(130) from None


@app.callback()
def setup(verbose: Annotated[bool, typer.Option("-v", "--verbose", help="Log each step.")] = False) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s",
                        handlers=[RichHandler(console=err, show_path=False, show_time=False)])
    # instructor logs every failed attempt at ERROR; we report failures ourselves.
    for noisy in ("instructor", "httpx", "httpcore", "openai"):
        logging.getLogger(noisy).setLevel(logging.INFO if verbose else logging.CRITICAL)


class OutputFormat(str, Enum):
    json = "json"
    md = "md"


NoCacheOption = Annotated[bool, typer.Option("--no-cache", help="Ask the model again; do not read or write the cache.")]


@app.command()
def brief(
    files: Annotated[list[str], typer.Argument(help="Article files, folders or globs about one strike; '-' reads stdin.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write the briefing here (default: stdout).")] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="json (the full ledger) or md (readable).")] = OutputFormat.json,
    summary: Annotated[bool, typer.Option("--summary/--no-summary", help="Have the model write a short narrative from the merged facts.")] = True,
    model: ModelOption = DEFAULT_MODEL,
    base_url: BaseUrlOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Merge the articles into one briefing: each fact with every source's claim and quote, conflicts
    between sources, actors resolved across articles, reactions per actor.

    Exit 1 when some articles could not be read (the briefing of the others is still written)."""
    with user_errors():
        llm = _llm(model, base_url, no_cache)
        sources = expand_paths(files)
        with _RichProgress() as progress:
            result = pipeline.brief_sources(sources, llm, progress, summary=summary)
        text = result.model_dump_json(indent=2) if output_format is OutputFormat.json else render.to_markdown(result)
        _write(text, output)
        _print_briefing_summary(result, output)
        if result.run.failures:
            raise typer.Exit(1)


@app.command()
def extract(
    files: Annotated[list[str], typer.Argument(help="Article files, folders or globs; '-' reads stdin.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write JSON here (default: stdout).")] = None,
    model: ModelOption = DEFAULT_MODEL,
    base_url: BaseUrlOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Extract the strike event, actors and reactions from each article, every value with a verified quote."""
    with user_errors():
        llm = _llm(model, base_url, no_cache)
        sources = expand_paths(files)
        with _RichProgress() as progress:
            run = pipeline.extract_sources(sources, llm, progress)
        _write(run.model_dump_json(indent=2), output)
        _print_summary(run, output)
        if run.failures:
            raise typer.Exit(1)


def _llm(model: str, base_url: str | None, no_cache: bool) -> StructuredLLM:
    cache = None if no_cache else ResponseCache(cache_dir() / "responses.sqlite")
    return StructuredLLM(get_provider(model, base_url), cache)


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text + "\n")
    else:
        pipeline.write_atomically(output, text + "\n")


class SchemaOf(str, Enum):
    briefing = "briefing"
    extraction = "extraction"


@app.command()
def schema(
    of: Annotated[SchemaOf, typer.Argument(help="briefing (what `brief` writes) or extraction (what `extract` writes).")] = SchemaOf.briefing,
) -> None:
    """Print the JSON Schema of a briefing or an extraction."""
    model = Briefing if of is SchemaOf.briefing else ExtractionRun
    sys.stdout.write(json.dumps(model.model_json_schema(), indent=2) + "\n")


@app.command()
def models() -> None:
    """List the providers, how to select each, and what each needs."""
    table = Table("provider", "select with -m", "needs", "here")
    for cls in PROVIDER_CLASSES:
        table.add_row(*(escape(cell) for cell in (cls.name, cls.usage_pattern, cls.needs, cls.status())))
    Console().print(table)


class _RichProgress(pipeline.Progress):
    """One progress bar per article, advanced per question, on stderr."""

    def __enter__(self) -> _RichProgress:
        self._bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                             TextColumn("{task.fields[status]}"), TimeElapsedColumn(), console=err,
                             transient=False)
        self._bar.__enter__()
        self._tasks: dict[str, int] = {}
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.__exit__(*exc)

    def article_started(self, source: str, questions: int) -> None:
        self._tasks[source] = self._bar.add_task(Path(source).name, total=questions, status="")

    def question_done(self, source: str, question: str) -> None:
        self._bar.update(self._tasks[source], advance=1, status=question)

    def article_done(self, source: str, result: ArticleExtraction | None, error: str | None) -> None:
        task = self._tasks[source]
        if error:
            self._bar.update(task, status=f"[red]failed: {error}[/red]")
        else:
            status = f"{len(result.errors)} question(s) failed" if result.errors else "done"
            self._bar.update(task, completed=self._bar.tasks[task].total, status=status)


def _print_summary(run: ExtractionRun, output: Path | None) -> None:
    u = run.usage
    err.print(
        f"{len(run.articles)} article(s) extracted, {len(run.failures)} failed; "
        f"{u.calls} model call(s), {u.cache_hits} cached, {u.prompt_tokens}+{u.completion_tokens} tokens, "
        f"{u.seconds:.1f}s" + (f" -> {output}" if output else ""),
        highlight=False,
    )
    for failure in run.failures:
        err.print(f"[red]failed:[/red] {failure.error}", highlight=False)


def _print_briefing_summary(briefing: Briefing, output: Path | None) -> None:
    table = Table("article", "outlet", "date", "facts", "calls", "cached", "secs", "status", box=box.SIMPLE_HEAD)
    for column in table.columns[:3]:
        column.overflow = "fold"
    for a in briefing.articles:
        u = briefing.run.per_article.get(a.id)
        status = f"{len(a.errors)} question(s) failed" if a.errors else "ok"
        table.add_row(escape(Path(a.source).name), escape(a.outlet or ""), str(a.published or ""), str(len(a.facts)),
                      str(u.calls if u else ""), str(u.cache_hits if u else ""), f"{u.seconds:.1f}" if u else "", status)
    for failure in briefing.run.failures:
        table.add_row(escape(Path(failure.source).name), "", "", "", "", "", "", "[red]failed[/red]")
    err.print(table)
    event, u = briefing.event, briefing.run.usage
    err.print(
        f"{len(briefing.articles)} article(s) merged, {len(briefing.run.failures)} failed; "
        f"{len(briefing.actors)} actors, {len(briefing.conflicts)} conflict(s); killed {event.killed.value} "
        f"({event.killed.status.value}); {u.calls} model call(s), {u.cache_hits} cached, "
        f"{u.prompt_tokens}+{u.completion_tokens} tokens, {u.seconds:.1f}s" + (f" -> {output}" if output else ""),
        highlight=False,
    )
    for conflict in briefing.conflicts:
        values = "; ".join(f"{v.value} ({len(v.articles)})" for v in conflict.values)
        err.print(f"[yellow]conflict:[/yellow] {escape(conflict.field)}: {escape(values)}", highlight=False)
    for problem in [f.error for f in briefing.run.failures] + briefing.run.errors:
        err.print(f"[red]failed:[/red] {escape(problem)}", highlight=False)


def main() -> None:
    app()
