"""summarizer: news articles about one military strike -> a verified, source-attributed briefing.

    import summarizer
    briefing = summarizer.brief(["a.txt", "b.txt", summarizer.article(text_in_memory)])
    print(briefing.event.killed.value, briefing.event.killed.status)
    report = summarizer.evaluate(briefing, "gold.yaml")
    briefing.save("briefing.json")
    Path("briefing.html").write_text(summarizer.review_page(briefing))   # the review page

The CLI and the evals are thin clients of these functions. `model` and `base_url` left out (None)
come from SUMMARIZER_MODEL / SUMMARIZER_BASE_URL, else the embedded model (summarizer.settings).
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from summarizer.errors import ConfigError, InputError, ProviderError, SummarizerError
from summarizer.schemas import Article, Briefing, Correction, EventsRun, ExtractionRun
from summarizer.settings import Settings

if TYPE_CHECKING:
    from summarizer.eval.gold import Gold, load_gold
    from summarizer.eval.report import Report
    from summarizer.pipeline import Progress, Source

__version__ = "0.1.0"
__all__ = ["Article", "Briefing", "ConfigError", "EventsRun", "ExtractionRun", "Gold", "InputError", "Progress", "ProviderError",
           "Settings", "SummarizerError", "acled_csv", "apply_corrections", "article", "brief", "brief_events", "evaluate", "extract", "load_gold",
           "markdown", "render", "review_page"]


def article(text: str, source: str | None = None, *, published: date | str | None = None, outlet: str | None = None,
            title: str | None = None, url: str | None = None) -> Article:
    """An article held in memory (no file): its id is the hash of its text. `published` (a date or an ISO
    string) is the date its page was published: weekdays and dates without a year resolve against it."""
    from summarizer.feeds import parse_published
    from summarizer.ingest import make_article

    if not text.strip():
        raise InputError(f"{source or 'text in memory'}: empty article")
    made = make_article(text, source or "memory", published=parse_published(published), outlet=outlet,
                        title=title, url=url)
    return made if source else made.model_copy(update={"source": f"memory:{made.id}"})


def _expand(sources: Sequence[Source]) -> list[Source]:
    """Folders and globs become their files; Articles stay. InputError for a path that is not there."""
    from summarizer.feeds import is_feed
    from summarizer.ingest import expand_paths, read_feed

    if isinstance(sources, str | Path | Article):
        sources = [sources]
    found: list[Source] = []
    for item in sources:
        if isinstance(item, Article):
            found.append(item)
            continue
        for path in expand_paths([str(item)]):
            found.extend(read_feed(path) if is_feed(path) else [path])
    return found


# Imported when first asked for: a briefing needs neither the evaluation nor, to read a cached
# answer, the model's libraries, and `import summarizer` stays quick.
_LAZY = {"Progress": "summarizer.pipeline", "Gold": "summarizer.eval.gold", "load_gold": "summarizer.eval.gold"}


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'summarizer' has no attribute {name!r}")


def extract(sources: Sequence[Source], *, model: str | None = None, base_url: str | None = None,
            cache: bool = True, progress: Progress | None = None, concurrency: int | None = None) -> ExtractionRun:
    """Each article's grounded claims, no merge, in the order given. `sources`: paths (files, folders,
    globs, '-' for stdin) or Articles. `concurrency`: articles asked at once (default: the provider's)."""
    from summarizer.llm import connect
    from summarizer.pipeline import extract_sources

    settings = Settings.load(model=model, base_url=base_url, concurrency=concurrency)
    return extract_sources(_expand(sources), connect(settings, cache), progress, settings.concurrency)


def brief(sources: Sequence[Source], *, model: str | None = None, base_url: str | None = None, cache: bool = True,
          summary: bool = True, progress: Progress | None = None, concurrency: int | None = None) -> Briefing:
    """One briefing from several articles about one strike: every fact with each source's claim,
    conflicts, actors, reactions. `model` as on the command line (`summarizer models`); `concurrency`:
    articles asked at once (default: the provider's, 1 for the embedded model)."""
    from summarizer.llm import connect
    from summarizer.pipeline import brief_sources

    settings = Settings.load(model=model, base_url=base_url, concurrency=concurrency)
    return brief_sources(_expand(sources), connect(settings, cache), progress, summary=summary,
                         concurrency=settings.concurrency)


def brief_events(sources: Sequence[Source], *, model: str | None = None, base_url: str | None = None,
                 cache: bool = True, summary: bool = True, progress: Progress | None = None,
                 concurrency: int | None = None) -> EventsRun:
    """A mixed pile of articles about several strikes: each article extracted once, the articles split into
    strike events by their names, dates and places (no extra model call), one briefing per event."""
    from summarizer.llm import connect
    from summarizer.pipeline import brief_events as split_and_brief

    settings = Settings.load(model=model, base_url=base_url, concurrency=concurrency)
    return split_and_brief(_expand(sources), connect(settings, cache), progress, summary=summary,
                           concurrency=settings.concurrency)


def evaluate(briefing: Briefing, gold: Gold | str | Path, *, texts: dict[str, str] | None = None,
             sources: Sequence[Source] | None = None) -> Report:
    """Score a briefing against gold facts (a Gold or the path of a gold file). The grounding check
    needs the articles' texts: `texts` (article id -> text), else read from `sources`, else from the
    briefing's own sources; those that cannot be read are listed in `report.grounding.unread`."""
    from summarizer.eval.gold import Gold, load_gold
    from summarizer.eval.score import score
    from summarizer.ingest import read_texts

    gold_facts = gold if isinstance(gold, Gold) else load_gold(gold)
    unread: list[str] = []
    if texts is None:
        texts, unread = read_texts(sources if sources is not None else [a.source for a in briefing.articles])
    report = score(briefing, gold_facts, texts, gold_path="" if isinstance(gold, Gold) else str(gold))
    report.grounding.unread = unread
    return report


def review_page(briefing: Briefing, *, texts: dict[str, str] | None = None, base: str | Path | None = None) -> str:
    """The briefing as one self-contained HTML page: the facts, each highlighted in every article
    that states it, conflicts, coverage, actors, reactions, the run record. The articles' texts come
    from `texts` (article id -> text), else from the briefing's sources (a relative path is also
    looked up under `base`); the page says which texts are not at hand."""
    from summarizer.review import review_page as render

    return render(briefing, texts, Path(base) if base is not None else None)


def render(briefing: Briefing, format: str, *, texts: dict[str, str] | None = None,
           base: str | Path | None = None) -> str:
    """The briefing in an output format (summarizer.formats.FORMATS: json, md, html, csv)."""
    from summarizer.formats import render as rendered

    return rendered(briefing, format, texts, Path(base) if base is not None else None)


def markdown(briefing: Briefing) -> str:
    """The briefing as Markdown: facts with their sources, values a check set, conflicts, actors, reactions."""
    from summarizer.md import to_markdown

    return to_markdown(briefing)


def _briefing_in_a_notebook(briefing: Briefing) -> str:
    """In a notebook, the review page, inside a frame of its own (its styles, script and security policy
    stay in it); the articles' texts are read from the briefing's sources."""
    from html import escape

    return (f'<iframe srcdoc="{escape(review_page(briefing), quote=True)}" title="summarizer briefing" '
            'style="width: 100%; height: 52rem; border: 1px solid #d8dde3"></iframe>')


Briefing._repr_html_ = _briefing_in_a_notebook  # what Jupyter shows for a Briefing


def apply_corrections(briefing: Briefing, corrections: Sequence[Correction] | str | Path) -> Briefing:
    """A copy of the briefing with an analyst's corrections applied (a list, or the path of a JSON/YAML file
    as the review page exports it): each corrected fact's value replaced or accepted, its notes saying who
    and why, `briefing.corrections` keeping each with the value it replaced."""
    from summarizer.corrections import apply_corrections as apply
    from summarizer.corrections import load_corrections

    listed = load_corrections(corrections) if isinstance(corrections, str | Path) else list(corrections)
    return apply(briefing, listed)


def acled_csv(briefings: Briefing | Sequence[Briefing]) -> str:
    """ACLED-style CSV: a header and one row per briefing, in the 31 columns of ACLED's data and their
    order (event_id_cnty ... timestamp), coded by ACLED's codebook where the briefing can tell."""
    from summarizer.acled import acled_csv as rows

    return rows(briefings)
