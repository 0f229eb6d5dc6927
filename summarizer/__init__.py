"""summarizer: news articles about one military strike -> a verified, source-attributed briefing.

    import summarizer
    briefing = summarizer.brief(["a.txt", "b.txt", summarizer.article(text_in_memory)])
    print(briefing.event.killed.value, briefing.event.killed.status)
    report = summarizer.evaluate(briefing, summarizer.load_gold("gold.yaml"))
    briefing.save("briefing.json")

The CLI and the evals are thin clients of these functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from summarizer.gold import Gold, load_gold
from summarizer.schemas import Article, Briefing, ExtractionRun

if TYPE_CHECKING:
    from summarizer.pipeline import Progress, Source
    from summarizer.scoring import Report

__version__ = "0.1.0"
__all__ = ["Article", "Briefing", "ExtractionRun", "Gold", "article", "brief", "evaluate", "extract", "load_gold"]


def article(text: str, source: str | None = None) -> Article:
    """An article held in memory (no file): its id is the hash of its text."""
    from summarizer.errors import InputError
    from summarizer.ingest import make_article

    if not text.strip():
        raise InputError(f"{source or 'text in memory'}: empty article")
    made = make_article(text, source or "memory")
    return made if source else made.model_copy(update={"source": f"memory:{made.id}"})


def _llm(model: str, base_url: str | None, cache: bool):
    from summarizer.cache import ResponseCache
    from summarizer.config import cache_dir
    from summarizer.llm import StructuredLLM
    from summarizer.providers import get_provider

    return StructuredLLM(get_provider(model, base_url), ResponseCache(cache_dir() / "responses.sqlite") if cache else None)


def extract(sources: Sequence[Source], *, model: str = "local", base_url: str | None = None, cache: bool = True,
            progress: Progress | None = None) -> ExtractionRun:
    """Each article's grounded claims, no merge. `sources`: paths (files, '-' for stdin) or Articles."""
    from summarizer.pipeline import extract_sources

    return extract_sources(list(sources), _llm(model, base_url, cache), progress)


def brief(sources: Sequence[Source], *, model: str = "local", base_url: str | None = None, cache: bool = True,
          summary: bool = True, progress: Progress | None = None) -> Briefing:
    """One briefing from several articles about one strike: every fact with each source's claim,
    conflicts, actors, reactions. `model` as on the command line (`summarizer models`)."""
    from summarizer.pipeline import brief_sources

    return brief_sources(list(sources), _llm(model, base_url, cache), progress, summary=summary)


def evaluate(briefing: Briefing, gold: Gold | str | Path, *, texts: dict[str, str] | None = None) -> Report:
    """Score a briefing against gold facts; `texts` (article id -> text) enables the grounding check
    (by default the briefing's sources are read again where they are files)."""
    from summarizer.ingest import read_article
    from summarizer.scoring import score

    gold_facts = gold if isinstance(gold, Gold) else load_gold(gold)
    if texts is None:
        texts = {}
        for a in briefing.articles:
            try:
                texts[a.id] = read_article(a.source).text if Path(a.source).is_file() else None
            except Exception:  # a source gone since: grounding is then not checked for it
                continue
        texts = {k: v for k, v in texts.items() if v is not None}
    return score(briefing, gold_facts, texts)
