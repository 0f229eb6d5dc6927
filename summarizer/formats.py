"""The output formats of a briefing, declared once: the command line's `--format` choices and the API's
`summarizer.render` read this table. A new format is one row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from summarizer.schemas import Briefing


@dataclass(frozen=True)
class Format:
    name: str
    description: str
    render: Callable[[Briefing, dict[str, str] | None, Path | None], str]  # (briefing, texts, base) -> text
    needs_texts: bool = False  # shows the articles' texts (read from the briefing's sources when not given)


def _json(briefing: Briefing, texts: dict[str, str] | None, base: Path | None) -> str:
    return briefing.model_dump_json(indent=2)


def _markdown(briefing: Briefing, texts: dict[str, str] | None, base: Path | None) -> str:
    from summarizer.md import to_markdown

    return to_markdown(briefing)


def _page(briefing: Briefing, texts: dict[str, str] | None, base: Path | None) -> str:
    from summarizer.review import review_page

    return review_page(briefing, texts, base)


def _csv(briefing: Briefing, texts: dict[str, str] | None, base: Path | None) -> str:
    from summarizer.acled import acled_csv

    return acled_csv(briefing).rstrip("\n")


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("json", "the full ledger", _json),
    Format("md", "readable Markdown", _markdown),
    Format("html", "the review page: every fact highlighted in its articles", _page, needs_texts=True),
    Format("csv", "one ACLED-style row", _csv),
)}


def render(briefing: Briefing, name: str, texts: dict[str, str] | None = None, base: Path | None = None) -> str:
    if name not in FORMATS:
        raise ValueError(f"no output format {name!r}: {', '.join(FORMATS)}")
    return FORMATS[name].render(briefing, texts, base)
