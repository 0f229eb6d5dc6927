"""What every fact of an article is built from: grounded claims (ClaimBuilder) and shared views of
the article's text (its body, its statements, the section that tells of the strike)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, cached_property
from typing import Any

from summarizer import lexicon
from summarizer.ground import ground_quote, mentions, sentences
from summarizer.ingest import evidence_text, is_page_furniture
from summarizer.schemas import Article, ArticleExtraction, Claim, Evidence, MatchStatus, RejectedClaim
from summarizer.sentences import QUOTATION_MARKS


def is_placeholder(value: str) -> bool:
    """What small models write for "not stated" when a string is allowed ("", "N/A", "unknown": the lexicon's
    `placeholders`)."""
    return not value.strip() or value.strip().casefold() in _placeholders()


@cache
def _placeholders() -> frozenset[str]:
    return frozenset(e.casefold() for e in lexicon.entries("placeholders"))


class ClaimBuilder:
    """Turns (value, quote) pairs into grounded claims, and keeps what fails for audit."""

    def __init__(self, article: Article, hidden: list[tuple[int, int]] | None = None):
        self.article = article
        self.text = evidence_text(article, hidden or [])  # planted instructions blanked: never evidence
        self.rejected: list[RejectedClaim] = []

    def evidence(self, quote: str | None) -> Evidence:
        return ground_quote(self.article.id, self.text, quote)

    @cached_property
    def body(self) -> list[Evidence]:
        """The article's sentences outside its page furniture (header, bylines), in order."""
        return [s for s in sentences(self.article.id, self.text)
                if s.start is not None and not is_page_furniture(self.text, s.start)]

    @cached_property
    def body_and_dateline_ledes(self) -> list[Evidence]:
        """The body and a lede that opens with a dateline ("ORM, Redland (Agency) - A drone struck ..."), which
        the body leaves out with its dateline: the questions' prompts are built from the body, so it stays as it is."""
        return [s for s in sentences(self.article.id, self.text) if s.start is not None and s.end is not None
                and not (is_page_furniture(self.text, s.start) and is_page_furniture(self.text, max(s.start, s.end - 1)))]

    @cached_property
    def statements(self) -> list[Evidence]:
        """The body's sentences in which someone speaks: a verb of speaking, a stance's words or a
        quotation mark. The reactions question cites them by number."""
        return [s for s in self.body if s.quote.rstrip().endswith((".", "!", "?", *QUOTATION_MARKS))  # no headline
                and (lexicon.says("speech_verbs", s.quote) or lexicon.shown("stances", s.quote)
                     or any(mark in s.quote for mark in QUOTATION_MARKS))]

    def claim(self, field: str, value: Any, quote: str | None, *, verbatim: bool = False) -> Claim | None:
        """A grounded claim, or None (and a rejection) when the article does not support it.

        `verbatim` values (names, places, dates as written) must themselves occur in the
        article; when the quote does not contain them, the value's own occurrence is the evidence.
        """
        if value is None or (type(value) is str and is_placeholder(value)):
            return None  # not an enum: civilian harm "none" is an answer, not a placeholder
        if type(value) is str:
            value = tidy(value)
        evidence = self.evidence(quote)
        quote_supports = evidence.grounded and (not verbatim or mentions(evidence.quote, value))
        if not quote_supports and type(value) is str:
            evidence = self.evidence(value)
            if evidence.match not in (MatchStatus.EXACT, MatchStatus.NORMALIZED):
                reason = "value does not occur in the article" if verbatim or not quote else \
                    "neither the quote nor the value occurs in the article"
                return self.reject(field, value, quote, reason)
        elif not quote_supports:
            return self.reject(field, value, quote, "quote does not occur in the article")
        return Claim[type(value)](value=value, evidence=evidence)

    def keep_if_in_article(self, field: str, value: str | None) -> str | None:
        if not value or is_placeholder(value):
            return None
        if mentions(self.text, value):
            return tidy(value)
        self.reject(field, value, None, "value does not occur in the article")
        return None

    def reject(self, field: str, value: Any, quote: str | None, reason: str) -> None:
        self.rejected.append(RejectedClaim(field=field, value=value, quote=quote, reason=reason))
        return None


def tidy(value: str) -> str:
    """Collapse whitespace and spaced initials ("U. S." -> "U.S."), as small models write them."""
    return _SPACED_INITIALS.sub(r"\1.", " ".join(value.split()))


_SPACED_INITIALS = re.compile(r"\b([A-Z])\. (?=[A-Z]\.)")


SHORT_QUOTE = 60


def by_rule(item: Any, rule: str, corrected_from: Any = None, **update: Any) -> Any:
    """A claim (or count, or reaction) as a check set it: `rule` says which check, `corrected_from` the
    model's answer it replaced (None when the model gave none). A second rule keeps the model's answer."""
    if item.rule:
        rule, corrected_from = f"{item.rule}; {rule}", item.corrected_from
    return item.model_copy(update={**update, "rule": rule, "corrected_from": corrected_from})


REWORDED = "the model's words are not in the article: the expression its quote writes"


def as_written(b: ClaimBuilder, value: str | None, quote: str | None,
                find_in_quote: Callable[[str], str | None]) -> str | None:
    """Small models often reword what they were told to copy ("4 January" for "Jan. 4"); when
    the value is not in the article, take the expression from the model's grounded quote."""
    if not value or mentions(b.text, value):
        return value
    evidence = b.evidence(quote)
    found = find_in_quote(evidence.quote) if evidence.grounded else None
    return found or value  # with neither, claim() rejects it and keeps the model's words for audit


def strike_section(b: ClaimBuilder, out: ArticleExtraction) -> list[Evidence]:
    """The body's sentences in the section that dates the strike (all of the body when no sentence
    of the body dates it): where the article tells of this strike, not of another."""
    dated = out.event.date.evidence.start if out.event.date is not None else None
    if dated is None or not any(s.start <= dated < s.end for s in b.body):
        return b.body
    section = [s for s in b.body if _section(b.text, s.start) == _section(b.text, dated)]
    return section if any(says_a_strike(s.quote) for s in section) else b.body  # a date line of the header


def _section(text: str, offset: int) -> int:
    """Which section of the article holds `offset`: sections start at a subheading, a short line
    without a full stop or a question ("How did the other side respond?")."""
    lines = text[:offset].split("\n")[:-1]
    return sum(1 for line in lines if line.strip() and (line.strip().endswith("?") or (
        len(line.split()) <= 8 and not line.strip().endswith((".", "!", '"', "\u201d", ":")))))


def says_a_strike(text: str) -> bool:
    """The text says a strike happened: a strike word ("raid") or verb ("struck")."""
    return lexicon.says("strike_words", text) or lexicon.says("strike_verbs", text)


