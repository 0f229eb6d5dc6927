"""Run extraction over many articles; one failing article never loses the others."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from summarizer.briefing import build_briefing
from summarizer.errors import AnswerError, ConfigError, InputError, ProviderError
from summarizer.extraction import QUESTIONS, extract_article, prompt_versions
from summarizer.ingest import read_article
from summarizer.llm import StructuredLLM
from summarizer.prompts import load_prompt
from summarizer.schemas import Article, ArticleExtraction, ArticleFailure, Briefing, Duplicate, ExtractionRun, Usage
from summarizer.secrets import redact
from summarizer.summary import write_summary

log = logging.getLogger(__name__)


class Progress:
    """What a long run reports; the CLI draws it, tests may record it."""

    def article_started(self, source: str, questions: int) -> None: ...
    def question_done(self, source: str, question: str) -> None: ...
    def article_done(self, source: str, result: ArticleExtraction | None, error: str | None) -> None: ...
    def article_skipped(self, source: str, reason: str) -> None: ...


Source = str | Path | Article  # a path ('-' is stdin), or an article already in memory
STOP_AFTER = 3  # articles in a row failing with the same provider error stop the run


def extract_sources(sources: list[Source], llm: StructuredLLM, progress: Progress | None = None) -> ExtractionRun:
    progress = progress or Progress()
    started = time.perf_counter()
    articles: list[ArticleExtraction] = []
    failures: list[ArticleFailure] = []
    duplicates: list[Duplicate] = []
    first_source: dict[str, str] = {}  # text (whitespace and case aside) -> where it was read first
    total = Usage()
    last_error, in_a_row = "", 0  # the provider's last error, and how many articles in a row it failed
    for n, item in enumerate(sources):
        source = item.source if isinstance(item, Article) else str(item)
        if in_a_row >= STOP_AFTER:  # the provider is down or refuses us: stop, keep what is done
            for rest in sources[n:]:
                _fail(failures, progress, rest.source if isinstance(rest, Article) else str(rest),
                      f"not tried: the model failed {STOP_AFTER} articles in a row ({last_error}); "
                      "answers so far are cached, run again to resume")
            break
        progress.article_started(source, len(QUESTIONS))
        try:
            article = item if isinstance(item, Article) else read_article(source)
            same = first_source.setdefault(_content_key(article.text), source)
            if same != source:
                duplicates.append(Duplicate(source=source, same_as=same))
                progress.article_skipped(source, f"duplicate of {Path(same).name}")
                continue
            result = extract_article(article, llm, on_question=_bind(progress.question_done, source))
            if len(result.errors) == len(QUESTIONS):  # nothing usable came back: a failed article
                raise ProviderError(f"{source}: every question failed ({result.errors[0]})")
        except ConfigError:
            raise  # a missing package or key fails every article alike: stop, and say so once
        except (InputError, ProviderError) as exc:
            log.debug("article %s failed", source, exc_info=True)
            _fail(failures, progress, source, str(exc))
            if isinstance(exc, ProviderError):
                in_a_row = in_a_row + 1 if str(exc) == last_error else 1
                last_error = str(exc)
            continue
        except Exception as exc:  # a bug or an engine crash: lose this article, not the run
            log.info("article %s failed unexpectedly", source, exc_info=True)
            _fail(failures, progress, source, f"{source}: unexpected {type(exc).__name__}: {exc}")
            continue
        in_a_row = 0
        total.add(result.usage)
        articles.append(result)
        progress.article_done(source, result, None)
    total.seconds = round(time.perf_counter() - started, 3)
    return ExtractionRun(
        created_at=datetime.now(timezone.utc), model=llm.provider.id, prompts=prompt_versions(),
        articles=articles, failures=failures, duplicates=duplicates, usage=total,
    )


def brief_sources(sources: list[Source], llm: StructuredLLM, progress: Progress | None = None,
                  summary: bool = True) -> Briefing:
    """Extract every article, merge them into one briefing, and (unless off) write its summary."""
    run = extract_sources(sources, llm, progress)
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


def _fail(failures: list[ArticleFailure], progress: Progress, source: str, error: str) -> None:
    error = redact(error)
    failures.append(ArticleFailure(source=source, error=error))
    progress.article_done(source, None, error)


def _bind(callback: Callable[[str, str], None], source: str) -> Callable[[str], None]:
    return lambda question: callback(source, question)
