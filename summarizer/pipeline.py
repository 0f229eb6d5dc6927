"""Run extraction over many articles; one failing article never loses the others."""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ThreadPoolExecutor, wait
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from summarizer.briefing import build_briefing
from summarizer.errors import AnswerError, ConfigError, InputError, ProviderError
from summarizer.extraction import extract_article, prompt_versions
from summarizer.facts import QUESTIONS
from summarizer.ingest import read_source
from summarizer.llm import StructuredLLM
from summarizer.prompts import load_prompt
from summarizer.events import split_events
from summarizer.schemas import (Article, ArticleExtraction, ArticleFailure, Briefing, Duplicate, EventsRun, ExtractionRun,
                                 Usage)
from summarizer.secrets import redact
from summarizer.summary import write_summary

if TYPE_CHECKING:
    from summarizer.providers.base import Provider

log = logging.getLogger(__name__)


class Progress:
    """What a long run reports; the CLI draws it, tests may record it. With several articles asked at
    once, `question_done` comes from their worker threads; the other calls come from the caller's."""

    def run_started(self, articles: int) -> None: ...
    def article_started(self, source: str, questions: int) -> None: ...
    def question_done(self, source: str, question: str) -> None: ...
    def article_done(self, source: str, result: ArticleExtraction | None, error: str | None) -> None: ...
    def article_skipped(self, source: str, reason: str) -> None: ...


Source = str | Path | Article  # a path ('-' is stdin), or an article already in memory
STOP_AFTER = 3  # articles in a row failing with the same provider error stop the run


def article_workers(provider: Provider, requested: int | None) -> int:
    """How many articles are asked at once: as requested, else the provider's default, never more
    than the provider allows (one model in this process answers one call at a time)."""
    workers = requested or provider.concurrency
    if provider.max_concurrency is not None and workers > provider.max_concurrency:
        log.warning("%s answers %d article(s) at a time; concurrency %d not used", provider.id,
                    provider.max_concurrency, workers)
        workers = provider.max_concurrency
    return workers


def extract_sources(sources: list[Source], llm: StructuredLLM, progress: Progress | None = None,
                    concurrency: int | None = None) -> ExtractionRun:
    """Each article's claims, in the order given. Up to `concurrency` articles are asked at once (None:
    the provider's default); each answer is cached as it arrives. Articles are read, and duplicates
    found, in order on the caller's thread."""
    progress = progress or Progress()
    progress.run_started(len(sources))
    workers = article_workers(llm.provider, concurrency)
    started = time.perf_counter()
    outcomes: dict[int, ArticleExtraction | ArticleFailure] = {}  # by position in `sources`
    duplicates: list[Duplicate] = []
    first_source: dict[str, str] = {}  # text (whitespace and case aside) -> where it was read first
    last_error, in_a_row = "", 0  # the provider's last error, and how many articles in a row it failed
    waiting = deque(enumerate(sources))
    stopping = threading.Event()
    running: dict[Future[ArticleExtraction], tuple[int, str]] = {}
    with ThreadPoolExecutor(workers) if workers > 1 else _InCallerThread() as pool:
        try:  # on Ctrl-C or an error, the article threads stop after their current question
            while waiting or running:
                while waiting and len(running) < workers and in_a_row < STOP_AFTER:
                    n, item = waiting.popleft()
                    source = _source_name(item)
                    progress.article_started(source, len(QUESTIONS))
                    try:
                        article = item if isinstance(item, Article) else read_source(source)
                    except Exception as exc:
                        outcomes[n] = _fail(progress, source, _failure(exc, source))
                        continue
                    same = first_source.setdefault(_content_key(article.text), source)
                    if same != source:
                        duplicates.append(Duplicate(source=source, same_as=same))
                        progress.article_skipped(source, f"duplicate of {Path(same).name}")
                        continue
                    running[pool.submit(_extract, article, source, llm, progress, stopping)] = (n, source)
                if not running:  # the provider is down or refuses us: stop, keep what is done
                    break
                for future in sorted(wait(running, return_when=FIRST_COMPLETED).done, key=lambda f: running[f][0]):
                    n, source = running.pop(future)
                    try:
                        outcomes[n] = result = future.result()
                    except Exception as exc:
                        outcomes[n] = _fail(progress, source, _failure(exc, source))
                        if isinstance(exc, ProviderError):
                            in_a_row = in_a_row + 1 if str(exc) == last_error else 1
                            last_error = str(exc)
                        continue
                    in_a_row = 0
                    progress.article_done(source, result, None)
        finally:
            stopping.set()
    for n, item in waiting:
        source = _source_name(item)
        progress.article_started(source, len(QUESTIONS))
        outcomes[n] = _fail(progress, source, f"not tried: the model failed {STOP_AFTER} articles in a row "
                                              f"({last_error}); answers so far are cached, run again to resume")
    in_order = [outcomes[n] for n in sorted(outcomes)]
    articles = [a for a in in_order if isinstance(a, ArticleExtraction)]
    total = Usage()
    for result in articles:
        total.add(result.usage)
    total.seconds = round(time.perf_counter() - started, 3)
    return ExtractionRun(
        created_at=datetime.now(timezone.utc), model=llm.provider.id, prompts=prompt_versions(),
        articles=articles, failures=[f for f in in_order if isinstance(f, ArticleFailure)],
        duplicates=duplicates, usage=total,
    )


def _extract(article: Article, source: str, llm: StructuredLLM, progress: Progress,
             stopping: threading.Event) -> ArticleExtraction:
    """One article's questions (on a worker thread when several articles are asked at once)."""
    def question_done(question: str) -> None:
        progress.question_done(source, question)
        if stopping.is_set():
            raise KeyboardInterrupt  # the run was interrupted: ask nothing more

    result = extract_article(article, llm, on_question=question_done)
    if len(result.errors) == len(QUESTIONS):  # nothing usable came back: a failed article
        raise ProviderError(f"{source}: every question failed ({result.errors[0]})")
    return result


class _InCallerThread(Executor):
    """Runs each article at once on the caller's thread: one article at a time needs no thread, and
    the in-process model then runs on the main thread, where Ctrl-C stops it at once."""

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[override]
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:
            future.set_exception(exc)
        return future


def brief_sources(sources: list[Source], llm: StructuredLLM, progress: Progress | None = None,
                  summary: bool = True, concurrency: int | None = None) -> Briefing:
    """Extract every article, merge them into one briefing, and (unless off) write its summary."""
    return _briefing_of(extract_sources(sources, llm, progress, concurrency), llm, summary)


def brief_events(sources: list[Source], llm: StructuredLLM, progress: Progress | None = None,
                 summary: bool = True, concurrency: int | None = None) -> EventsRun:
    """Extract every article of a mixed pile once, split them into strike events (summarizer.events),
    and merge each event's articles into its own briefing; each article's coverage says why it is there."""
    started = time.perf_counter()
    run = extract_sources(sources, llm, progress, concurrency)
    briefings = []
    for event in split_events(run.articles):
        sources_in = {x.article.source for x in event.articles}
        usage = Usage()
        for x in event.articles:
            usage.add(x.usage)
        part = run.model_copy(update={"articles": event.articles, "failures": [], "usage": usage,
                                      "duplicates": [d for d in run.duplicates if d.same_as in sources_in]})
        briefing = _briefing_of(part, llm, summary)
        for article in briefing.articles:
            article.grouped = event.why[article.id]
        briefings.append(briefing)
    usage = Usage()  # the extraction's calls, and each event's summary
    for briefing in briefings:
        usage.add(briefing.run.usage)
    usage.seconds = round(time.perf_counter() - started, 3)
    return EventsRun(created_at=run.created_at, model=run.model, events=briefings, failures=run.failures,
                     duplicates=run.duplicates, usage=usage)


def _briefing_of(run: ExtractionRun, llm: StructuredLLM, summary: bool) -> Briefing:
    briefing = build_briefing(run, provider=llm.provider.name)
    if summary and run.articles:
        usage = Usage()
        try:
            briefing.summary = write_summary(briefing, llm, usage)
        except ConfigError:
            raise
        except (AnswerError, ProviderError) as exc:
            briefing.run.errors.append(f"summary: {exc}")
        except Exception as exc:  # the summary is optional: a bug in it never loses the briefing
            log.info("summary failed unexpectedly", exc_info=True)
            briefing.run.errors.append(redact(f"summary: unexpected {type(exc).__name__}: {exc}"))
        briefing.run.usage.add(usage)
        prompt = load_prompt("summary")
        briefing.run.prompts[prompt.id] = prompt.version
    return briefing


def _content_key(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).casefold().encode()).hexdigest()


def _source_name(item: Source) -> str:
    return item.source if isinstance(item, Article) else str(item)


def _failure(exc: Exception, source: str) -> str:
    """Why an article failed. A ConfigError (a missing package or key) would fail every article
    alike: it is raised, to stop the run and say so once."""
    if isinstance(exc, ConfigError):
        raise exc
    if isinstance(exc, InputError | ProviderError):
        log.debug("article %s failed", source, exc_info=exc)
        return str(exc)
    log.info("article %s failed unexpectedly", source, exc_info=exc)  # a bug or an engine crash: lose
    return f"{source}: unexpected {type(exc).__name__}: {exc}"        # this article, not the run


def _fail(progress: Progress, source: str, error: str) -> ArticleFailure:
    error = redact(error)
    progress.article_done(source, None, error)
    return ArticleFailure(source=source, error=error)
