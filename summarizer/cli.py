"""The command line: brief, events, view, extract, eval, schema, models. Errors are one line; exit 0 ok, 1 some
articles failed (or, for eval, the score is under --fail-under), 2 usage error."""

from __future__ import annotations

import json
import logging
import signal
import sys
import threading
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Iterator

import typer
from typer.core import TyperArgument, TyperCommand
from rich.console import Console
from rich.logging import RichHandler
from rich.table import Table

import summarizer
from summarizer.formats import FORMATS
from summarizer.errors import ConfigError, InputError, MissingPackageError, SummarizerError
from summarizer.eval import Report, SuiteReport, suite
from summarizer.files import check_writable, write_atomically
from summarizer.ingest import expand_paths, read_texts
from summarizer.providers import provider_classes
from summarizer.eval.gold import gold_sources
from summarizer.schemas import SCHEMA_VERSION, Article, Briefing, ExtractionRun
from summarizer.review import texts_at_hand
from summarizer.secrets import RedactingFilter, redact
from summarizer.settings import Settings
from summarizer.corrections import apply_corrections, load_corrections
from summarizer.events import save_events
from summarizer.terminal import RichProgress, err, print_briefing_summary, print_events_summary, print_run_summary, shown
from summarizer.eval.terminal import print_comparison, print_report, print_suite, print_suite_comparison


class UsageError(SummarizerError):
    """Options that cannot go together, or a command given nothing to do."""


class _Command(TyperCommand):
    """A command whose help names its arguments without Python types ("FILES...", not "files... <list[str]>")."""

    def format_help(self, ctx: typer.Context, formatter: Any) -> None:
        for param in self.params:
            if isinstance(param, TyperArgument):
                param.display_type_rich = lambda ctx: None  # type: ignore[method-assign]
        super().format_help(ctx, formatter)


app = typer.Typer(
    help="Turn news articles about military strikes into verified, source-attributed briefings.",
    no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False, rich_markup_mode=None,
)

# Options left out are taken from the environment, else the defaults (summarizer/settings.py).
ModelOption = Annotated[str | None, typer.Option(
    "-m", "--model", metavar="MODEL",
    help="local (embedded model), local/<embedded>, PATH.gguf, openai/<m>, anthropic/<m>, ollama/<m>, "
         "or <m> with --base-url. Default: $SUMMARIZER_MODEL, else local. See `summarizer models`.")]
BaseUrlOption = Annotated[str | None, typer.Option(
    "--base-url", metavar="URL", help="URL of an OpenAI-compatible server (vLLM, llama.cpp server, ...), e.g. "
                       "http://localhost:8000/v1. Default: $SUMMARIZER_BASE_URL.")]


class Terminated(KeyboardInterrupt):
    """SIGTERM (kill, a job scheduler, a container stopping): the run ends as on Ctrl-C."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


@contextmanager
def user_errors() -> Iterator[None]:
    """A SummarizerError becomes one line on stderr and an exit code, never a traceback; Ctrl-C and
    SIGTERM end the run with what was done kept in the cache."""
    in_main_thread = threading.current_thread() is threading.main_thread()  # where signals can be caught
    previous = signal.signal(signal.SIGTERM, _terminate) if in_main_thread else None
    try:
        yield
    except SummarizerError as exc:
        err.print(f"[red]error:[/red] {shown(redact(str(exc)))}", highlight=False, soft_wrap=True)
        raise typer.Exit(2 if isinstance(exc, UsageError | ConfigError | InputError) else 1) from None
    except KeyboardInterrupt as exc:
        how = "terminated" if isinstance(exc, Terminated) else "interrupted"
        err.print(f"{how}: answers received so far are cached (unless --no-cache); run again to resume")
        raise typer.Exit(128 + signal.SIGTERM if isinstance(exc, Terminated) else 130) from None
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


def _verbose(asked: bool) -> None:
    if asked:
        _logging(True)


# Before the command or after it: either way it logs each step from then on.
VerboseOption = Annotated[bool, typer.Option("-v", "--verbose", callback=_verbose, help="Log each step.")]


def _version(asked: bool) -> None:
    if asked:
        sys.stdout.write(f"summarizer {summarizer.__version__}\n")
        raise typer.Exit()


# Before the command or after it.
VersionOption = Annotated[bool, typer.Option("--version", is_eager=True, callback=_version,
                                             help="Print the version and exit.")]


@app.callback()
def setup(verbose: VerboseOption = False, version: VersionOption = False) -> None:
    _logging(verbose)


def _logging(verbose: bool) -> None:
    """Log each step (-v, before or after the command), else warnings only; keys masked either way."""
    handler = RichHandler(console=err, show_path=False, show_time=False)
    handler.addFilter(RedactingFilter())  # a server may echo a key in an error; never show it
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s",
                        handlers=[handler], force=True)
    # instructor logs every failed attempt at ERROR; we report failures ourselves.
    for noisy in ("instructor", "httpx", "httpcore", "openai"):
        logging.getLogger(noisy).setLevel(logging.INFO if verbose else logging.CRITICAL)
    # Assembling the embedded model (first use) or loading it takes seconds to minutes: always say so.
    for slow in ("summarizer.embedded", "summarizer.providers.local"):
        logging.getLogger(slow).setLevel(logging.INFO)


OutputFormat = Enum("OutputFormat", {name: name for name in FORMATS}, type=str)  # the table's formats
_FORMATS_HELP = "; ".join(f"{f.name}: {f.description}" for f in FORMATS.values())


SUFFIXES = {".json": "json", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".csv": "csv"}


def _format(given: OutputFormat | None, output: Path | None, default: OutputFormat) -> OutputFormat:
    """--format when given, else what the output file's suffix says (out.html: html), else the default."""
    if given is not None:
        return given
    by_suffix = SUFFIXES.get(output.suffix.lower()) if output is not None else None
    return OutputFormat(by_suffix) if by_suffix else default


def _render(briefing: Briefing, fmt: OutputFormat, texts: dict[str, str] | None = None,
            base: Path | None = None) -> str:
    return summarizer.render(briefing, fmt.value, texts=texts, base=base)


NoCacheOption = Annotated[bool, typer.Option("--no-cache", help="Ask the model again; do not read or write the cache.")]
ConcurrencyOption = Annotated[int | None, typer.Option(
    "--concurrency", "-j", min=1, metavar="N", help="Articles asked at once. Default: $SUMMARIZER_CONCURRENCY, else the provider's "
                                       "(1 for the embedded model, 4 for a server, 8 for OpenAI).")]


@app.command(cls=_Command)
def brief(
    files: Annotated[list[str], typer.Argument(metavar="FILES", help="Article files, folders or globs about one strike; '-' reads stdin.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", metavar="PATH", help="Write the briefing here ('-' or left out: stdout). Never one of the articles.")] = None,
    output_format: Annotated[OutputFormat | None, typer.Option("--format", "-f", metavar="FORMAT", help=f"Default: the -o file's suffix (.md, .html, .csv), else json. {_FORMATS_HELP}")] = None,
    summary: Annotated[bool, typer.Option("--summary/--no-summary", help="Have the model write a short narrative from the merged facts.")] = True,
    model: ModelOption = None,
    base_url: BaseUrlOption = None,
    no_cache: NoCacheOption = False,
    concurrency: ConcurrencyOption = None,
    verbose: VerboseOption = False,
    version: VersionOption = False,
) -> None:
    """Merge the articles into one briefing: each fact with every source's claim and quote, conflicts
    between sources, actors resolved across articles, reactions per actor.

    Exit 1 when some articles could not be read (the briefing of the others is still written)."""
    with user_errors():
        output = _output(output, files)
        output_format = _format(output_format, output, OutputFormat.json)
        with RichProgress() as progress:
            result = summarizer.brief(files, model=model, base_url=base_url, cache=not no_cache, summary=summary,
                                      progress=progress, concurrency=concurrency)
        _write(_render(result, output_format, progress.texts), output)
        print_briefing_summary(result, output)
        if result.run.failures:
            raise typer.Exit(1)


@app.command(cls=_Command)
def events(
    files: Annotated[list[str], typer.Argument(metavar="FILES", help="Article files, folders, globs or feeds about several strikes; '-' reads stdin.")],
    output: Annotated[Path, typer.Option("-o", "--output", metavar="FOLDER", help="Folder to write: a briefing JSON per event, events.csv (a row per event) and events.json (which article went where and why).")] = Path("events"),
    summary: Annotated[bool, typer.Option("--summary/--no-summary", help="Have the model write a short narrative of each event.")] = True,
    model: ModelOption = None,
    base_url: BaseUrlOption = None,
    no_cache: NoCacheOption = False,
    concurrency: ConcurrencyOption = None,
    verbose: VerboseOption = False,
    version: VersionOption = False,
) -> None:
    """Split a mixed pile of articles into strike events and brief each one: every article is extracted
    once, grouped with the articles it shares rare names with and whose date and place do not disagree
    (no extra model call), and each group merged into its own briefing.

    Exit 1 when some articles could not be read (the events of the others are still written)."""
    with user_errors():
        folder = _output_folder(output, files)
        with RichProgress() as progress:
            result = summarizer.brief_events(files, model=model, base_url=base_url, cache=not no_cache,
                                             summary=summary, progress=progress, concurrency=concurrency)
        written = save_events(result, folder)
        print_events_summary(result, written)
        if result.failures:
            raise typer.Exit(1)


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def _output_folder(folder: Path, files: list[str]) -> Path:
    """The folder `events` writes into, checked before any model call: a folder (made if missing) whose
    index and CSV are not input articles."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder}: is a file; give a folder for the events")
    for name in ("events.csv", "events.json"):
        _output(folder / name, files)
    return folder


@app.command(cls=_Command)
def view(
    briefing: Annotated[Path, typer.Argument(metavar="BRIEFING", help="A briefing JSON written by `summarizer brief`.")],
    files: Annotated[list[str] | None, typer.Argument(
        metavar="FILES",
        help="The articles, when they are no longer where the briefing read them (matched by their text).")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", metavar="PATH", help="Write the page here ('-': stdout). Left out: stdout when piped; on a terminal the page goes to the briefing's name with .html.")] = None,
    output_format: Annotated[OutputFormat | None, typer.Option("--format", "-f", metavar="FORMAT", help=f"Default: the -o file's suffix, else html. {_FORMATS_HELP}")] = None,
    corrections: Annotated[Path | None, typer.Option("--corrections", "-c", metavar="FILE", help="Apply an analyst's corrections (JSON or YAML, as the page exports them) to every output, each noted with its reason.")] = None,
    verbose: VerboseOption = False,
    version: VersionOption = False,
) -> None:
    """Re-render a saved briefing, by default as the review page: one self-contained HTML file with
    every fact highlighted in the articles that state it. The articles' texts are read from the
    briefing's sources (relative paths also from the briefing's folder) or from FILES; the page
    says which are no longer at hand. No model is run."""
    with user_errors():
        saved = Briefing.load(briefing)
        if corrections is not None:
            saved = apply_corrections(saved, load_corrections(corrections))
            err.print(f"{len(saved.corrections)} correction(s) applied from {shown(corrections)}", highlight=False)
        if saved.run.schema_version != SCHEMA_VERSION:
            err.print(f"[yellow]schema {shown(saved.run.schema_version)}:[/yellow] this briefing was written by another "
                      f"version of summarizer (this one writes {SCHEMA_VERSION}); what was added since is empty",
                      highlight=False, soft_wrap=True)
        output_format = _format(output_format, output, OutputFormat.html)
        if output is None and output_format is OutputFormat.html and _stdout_is_terminal():
            output = briefing.with_suffix(".html")  # a page is a file to open, not text for the terminal
        output = _output(output, [str(briefing), *(files or [])], {corrections: "the corrections"} if corrections else None)
        texts = None
        if FORMATS[output_format.value].needs_texts:
            texts, unread = read_texts(expand_paths(files)) if files else ({}, [])
            for reason in unread:
                err.print(f"[yellow]not read:[/yellow] {shown(reason)}", highlight=False, soft_wrap=True)
            texts, missing = texts_at_hand(saved, texts, briefing.parent)
            for a in saved.articles:
                if a.id in missing:
                    err.print(f"[yellow]text not at hand:[/yellow] {shown(missing[a.id])}", highlight=False,
                              soft_wrap=True)
            err.print(f"{len(texts)} of {len(saved.articles)} article texts at hand"
                      + (f" -> {output}" if output else ""), highlight=False)
        _write(_render(saved, output_format, texts, briefing.parent), output)
        if output is not None and not FORMATS[output_format.value].needs_texts:
            err.print(f"-> {shown(output)}", highlight=False)


@app.command(cls=_Command)
def extract(
    files: Annotated[list[str], typer.Argument(metavar="FILES", help="Article files, folders or globs; '-' reads stdin.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", metavar="PATH", help="Write JSON here ('-' or left out: stdout). Never one of the articles.")] = None,
    model: ModelOption = None,
    base_url: BaseUrlOption = None,
    no_cache: NoCacheOption = False,
    concurrency: ConcurrencyOption = None,
    verbose: VerboseOption = False,
    version: VersionOption = False,
) -> None:
    """Extract the strike event, actors and reactions from each article, every value with a verified quote."""
    with user_errors():
        output = _output(output, files)
        with RichProgress() as progress:
            run = summarizer.extract(files, model=model, base_url=base_url, cache=not no_cache, progress=progress,
                                     concurrency=concurrency)
        _write(run.model_dump_json(indent=2), output)
        print_run_summary(run, output)
        if run.failures:
            raise typer.Exit(1)


@app.command("eval", cls=_Command)
def eval_(
    files: Annotated[list[str] | None, typer.Argument(
        metavar="FILES",
        help="Articles to brief and score; with --briefing, the articles to check its quotes against. "
             "Only with one --gold.")] = None,
    gold: Annotated[list[Path] | None, typer.Option(
        "--gold", "-g", metavar="GOLD", help="Gold facts (YAML, see fixtures/README.md), or a folder of them; repeat for "
                             "several events.")] = None,
    briefing: Annotated[Path | None, typer.Option(
        "--briefing", "-b", metavar="BRIEFING", help="Score this briefing JSON instead of running a model (with several events: a "
                                 "folder holding <gold name>.json for each).")] = None,
    compare: Annotated[tuple[Path, Path] | None, typer.Option(
        "--compare", metavar="REPORT_A REPORT_B", help="Show the differences between two reports (REPORT_A REPORT_B); nothing is scored.")] = None,
    report: Annotated[Path | None, typer.Option("--report", "-r", metavar="PATH", help="Write the JSON report here.")] = None,
    fail_under: Annotated[float | None, typer.Option(
        "--fail-under", metavar="SCORE", help="Exit 1 when the overall score (with several events, their mean) is below this.")] = None,
    judge: Annotated[bool, typer.Option(
        "--judge", help="Also have an LLM judge (GEval) rate the summary's faithfulness to the articles; slow.")] = False,
    judge_model: Annotated[str | None, typer.Option(
        "--judge-model", metavar="MODEL", help="The judge's model. Default: $SUMMARIZER_JUDGE_MODEL, else the --model.")] = None,
    summary: Annotated[bool, typer.Option(
        "--summary/--no-summary", help="Have the model write the briefing's summary (the scores do not use it; "
                                       "--judge rates it).")] = True,
    model: ModelOption = None,
    base_url: BaseUrlOption = None,
    no_cache: NoCacheOption = False,
    concurrency: ConcurrencyOption = None,
    verbose: VerboseOption = False,
    version: VersionOption = False,
) -> None:
    """Score briefings against hand-labelled gold facts: a table per field (expected, found, right),
    actors, reactions, conflicts, traps, grounding, cost, and one overall score in [0, 1]. With
    several events, a table per event and a summary (one row per event, and the macro mean).

    \b
    summarizer eval --gold G.yaml [ARTICLES...]       brief them, then score
    summarizer eval --gold fixtures/gold/             every event of a folder
    summarizer eval --gold G.yaml --briefing B.json   score a saved briefing
    summarizer eval --compare A.json B.json           compare two reports"""
    with user_errors():
        if compare:
            _compare_reports(*compare)
            return
        gold_paths = _gold_paths(gold or [])
        if len(gold_paths) > 1 and files:
            raise UsageError("articles can be given with one --gold only; with several, each gold file's folder is used")
        if len(gold_paths) > 1 and briefing is not None and not briefing.is_dir():
            raise UsageError(f"{briefing}: with several events, --briefing is a folder holding <gold name>.json")
        if report is not None:  # checked before any model call
            scored = ([briefing / f"{g.stem}.json" for g in gold_paths] if briefing.is_dir() else [briefing]) \
                if briefing is not None else []
            _output(report, files or [], {**{g: "a gold file" for g in gold_paths},
                                          **{b: "a briefing it scores" for b in scored}})
        if judge and not summary:
            raise UsageError("--judge rates the summary: leave out --no-summary")
        options = {"model": model, "base_url": base_url, "cache": not no_cache, "concurrency": concurrency,
                   "summary": summary}
        reports: dict[str, Report] = {}
        for gold_path in gold_paths:
            saved = briefing / f"{gold_path.stem}.json" if briefing is not None and briefing.is_dir() else briefing
            scored, result = _score_event(gold_path, files, saved, options)
            if judge:
                judged = _judge(result, files, judge_model, options)
                if judged is not None:
                    scored.metrics["summary_faithfulness"] = judged
            print_report(scored)
            reports[gold_path.stem] = scored
        if len(reports) == 1:
            written: Report | SuiteReport = scored
            overall = scored.overall
        else:
            written = suite(reports)
            print_suite(written)
            overall = written.mean["overall"] or 0.0
        if report is not None:
            write_atomically(report, written.model_dump_json(indent=2) + "\n")
            err.print(f"report -> {shown(report)}", highlight=False)
        if fail_under is not None and overall < fail_under:
            err.print(f"[red]overall {overall:.3f} is under --fail-under {fail_under:.3f}[/red]", highlight=False)
            raise typer.Exit(1)


def _gold_paths(specs: list[Path]) -> list[Path]:
    if not specs:
        raise UsageError("eval needs --gold GOLD.yaml (or a folder of them; or --compare A.json B.json)")
    paths: list[Path] = []
    for spec in specs:
        if spec.is_dir():
            found = sorted(spec.glob("*.yaml")) + sorted(spec.glob("*.yml"))
            if not found:
                raise UsageError(f"{spec}: folder holds no gold files (*.yaml)")
            paths.extend(found)
        else:
            paths.append(spec)
    stems = [p.stem for p in paths]
    repeated = sorted({s for s in stems if stems.count(s) > 1})
    if repeated:
        raise UsageError(f"two gold files are named {repeated[0]}: events are told apart by file name")
    return list(dict.fromkeys(paths))


def _score_event(gold_path: Path, files: list[str] | None, saved: Path | None,
                 options: dict) -> tuple[Report, Briefing]:
    """Brief one gold event's articles (or read its saved briefing) and score it."""
    gold_facts = summarizer.load_gold(gold_path)
    if saved is not None:
        result = Briefing.load(saved)
    else:
        sources = files or [s if isinstance(s, Article) else str(s) for s in gold_sources(gold_facts, gold_path)]
        with RichProgress() as progress:
            result = summarizer.brief(sources, progress=progress, **options)
        print_briefing_summary(result, None)
    scored = summarizer.evaluate(result, gold_facts, sources=files or None)
    for reason in scored.grounding.unread:
        err.print(f"[yellow]grounding not checked for[/yellow] {shown(reason)}", highlight=False)
    return scored.model_copy(update={"gold": str(gold_path), "briefing": str(saved) if saved else None}), result


def _compare_reports(path_a: Path, path_b: Path) -> None:
    a, b = _read_report(path_a), _read_report(path_b)
    if isinstance(a, Report) and isinstance(b, Report):
        print_comparison(a, b, path_a, path_b)
        return
    if isinstance(a, Report) or isinstance(b, Report):
        raise UsageError("--compare needs two reports of the same kind (both one event, or both several)")
    print_suite_comparison(a, b, path_a, path_b)


def _read_report(path: Path) -> Report | SuiteReport:
    try:
        raw = json.loads(path.read_bytes())
        return SuiteReport.model_validate(raw) if isinstance(raw, dict) and "events" in raw else \
            Report.model_validate(raw)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except ValueError:  # bad JSON, or JSON that is not a report (pydantic's ValidationError)
        raise InputError(f"{path}: not an eval report (write one with summarizer eval --report)") from None


def _judge(result: Briefing, files: list[str] | None, model: str | None, options: dict) -> float | None:
    try:
        from summarizer.eval.metrics import judge_summary  # deepeval loads slowly; only the judge needs it
    except ImportError as exc:
        raise MissingPackageError("deepeval (the LLM judge)", "eval") from exc

    with err.status("judging the summary ..."):
        verdict = judge_summary(result, sources=files or None, model=model, briefing_model=options["model"],
                                base_url=options["base_url"], cache=options["cache"])
    if verdict is None:
        err.print("[yellow]no summary to judge[/yellow]")
        return None
    u = verdict.usage
    err.print(f"judge {shown(verdict.model)}: summary faithfulness {verdict.score:.2f} - {shown(verdict.reason)} "
              f"({u.calls} call(s), {u.prompt_tokens}+{u.completion_tokens} tokens, {u.seconds:.1f}s)", highlight=False)
    return verdict.score


def _output(output: Path | None, files: list[str], inputs: dict[Path, str] | None = None) -> Path | None:
    """The output file, checked before any model call: '-' is stdout; a path that can be written
    (tried), never an input article, another input of the command (`inputs`: path -> what it is), the
    answer cache, a folder, a FIFO or a device."""
    if output is None or str(output) == "-":
        return None
    target = check_writable(output).resolve()
    guarded = {**(inputs or {}), Settings.load().responses: "the answer cache"}
    for path, what in guarded.items():
        if Path(path).expanduser().resolve() == target:
            raise UsageError(f"{output}: is {what}; the output would overwrite it")
    for spec in files:
        try:
            articles = expand_paths([spec]) if spec != "-" else []
        except InputError:
            continue  # said when the articles are read
        if any(Path(a).resolve() == target for a in articles):
            raise UsageError(f"{output}: is one of the input articles; the output would overwrite it")
    return output


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text + "\n")
    else:
        write_atomically(output, text + "\n")


class SchemaOf(str, Enum):
    briefing = "briefing"
    extraction = "extraction"


@app.command(cls=_Command)
def schema(
    of: Annotated[SchemaOf, typer.Argument(metavar="SCHEMA", help="briefing (what `brief` writes) or extraction (what `extract` writes).")] = SchemaOf.briefing,
    verbose: VerboseOption = False,
    version: VersionOption = False,
) -> None:
    """Print the JSON Schema of a briefing or an extraction."""
    model = Briefing if of is SchemaOf.briefing else ExtractionRun
    sys.stdout.write(json.dumps(model.model_json_schema(), indent=2) + "\n")


@app.command(cls=_Command)
def models(verbose: VerboseOption = False, version: VersionOption = False) -> None:
    """List the providers, how to select each, and what each needs."""
    table = Table("provider", "select with -m", "needs", "here")
    for cls in provider_classes():
        table.add_row(*(shown(cell) for cell in (cls.name, cls.usage_pattern, cls.needs, cls.status())))
    Console().print(table)


def main() -> None:
    app()
