"""Locate a model's quote in its article and record character offsets.

A quote is accepted verbatim, after normalisation (whitespace, quote marks, dashes, case,
spaced initials such as "U. S."), or as a near-verbatim span whose numbers agree. Anything
else is ungrounded: the caller must not report its value as a fact.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from summarizer.schemas import Evidence, MatchStatus
from summarizer.sentences import boundaries as sentence_boundaries
from summarizer.sentences import spans as sentence_spans

FUZZY_MIN_SCORE = 90.0
FUZZY_MIN_LENGTH = 20

_CHAR_MAP = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u00ad": "",
    "\u2026": "...",
}
_QUOTE_TRIM = " \t\r\n\"'\u201c\u201d\u2018\u2019"
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


class NormalizedText:
    """Text in canonical form, with a map from each canonical character to its original offset."""

    def __init__(self, text: str):
        chars: list[str] = []
        index: list[int] = []
        for i, ch in enumerate(text):
            for out in _CHAR_MAP.get(ch, ch):
                if out.isspace():
                    if not chars or chars[-1] == " ":
                        continue
                    out = " "
                chars.append(out.lower())
                index.append(i)
        self.text, self.index = _drop_spaces(chars, index)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) for canonical [start, end)."""
        return self.index[start], self.index[end - 1] + 1


def _drop_spaces(chars: list[str], index: list[int]) -> tuple[str, list[int]]:
    """Remove spaces around hyphens ("self- defense") and inside spaced initials ("u. s.")."""
    keep_chars: list[str] = []
    keep_index: list[int] = []
    n = len(chars)
    for i, ch in enumerate(chars):
        if ch == " ":
            before = chars[i - 1] if i else ""
            after = chars[i + 1] if i + 1 < n else ""
            if before == "-" or after == "-" or (_is_initial(chars, i - 2) and _is_initial(chars, i + 1)):
                continue
        keep_chars.append(ch)
        keep_index.append(index[i])
    return "".join(keep_chars), keep_index


def _is_initial(chars: list[str], i: int) -> bool:
    """chars[i:i+2] is a lone letter and a full stop, as in "u." of "u. s."."""
    if i < 0 or i + 1 >= len(chars):
        return False
    lone = i == 0 or not chars[i - 1].isalpha()
    return lone and chars[i].isalpha() and chars[i + 1] == "."


@lru_cache(maxsize=64)
def normalized(text: str) -> NormalizedText:
    return NormalizedText(text)


def ground_quote(article_id: str, text: str, quote: str | None) -> Evidence:
    """Find `quote` in `text`; the returned Evidence says where and how well it matched."""
    cleaned = (quote or "").strip(_QUOTE_TRIM)
    if not cleaned:
        return Evidence(article_id=article_id, quote=quote or "", match=MatchStatus.NONE)

    start = text.find(cleaned)
    if start >= 0:
        return _found(article_id, text, start, start + len(cleaned), MatchStatus.EXACT)

    article = normalized(text)
    needle = NormalizedText(cleaned).text
    pos = article.text.find(needle)
    if pos >= 0 and needle:
        return _found(article_id, text, *article.span(pos, pos + len(needle)), MatchStatus.NORMALIZED)

    compact = _compact(needle)
    if len(compact) >= COMPACT_MIN_LENGTH:  # "airstrike" for "air strike", "Al Varn" for "al-Varn"
        letters, index = _letters(article.text)
        pos = letters.find(compact)
        if pos >= 0:
            start, end = index[pos], index[pos + len(compact) - 1] + 1
            return _found(article_id, text, *article.span(start, end), MatchStatus.NORMALIZED)

    if len(needle) >= FUZZY_MIN_LENGTH:
        hit = fuzz.partial_ratio_alignment(needle, article.text, score_cutoff=FUZZY_MIN_SCORE)
        if hit is not None and hit.dest_end > hit.dest_start:
            span_text = article.text[hit.dest_start : hit.dest_end]
            if _numbers(needle) <= _numbers(span_text):
                return _found(
                    article_id, text, *article.span(hit.dest_start, hit.dest_end), MatchStatus.FUZZY
                )

    return Evidence(article_id=article_id, quote=quote or "", match=MatchStatus.NONE)


COMPACT_MIN_LENGTH = 6


def _compact(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


@lru_cache(maxsize=64)
def _letters(text: str) -> tuple[str, list[int]]:
    """The text's letters and digits alone, with each one's position in `text`."""
    index = [i for i, ch in enumerate(text) if ch.isalnum()]
    return "".join(text[i] for i in index), index


def _found(article_id: str, text: str, start: int, end: int, match: MatchStatus) -> Evidence:
    return Evidence(article_id=article_id, quote=text[start:end], start=start, end=end, match=match)


def _numbers(text: str) -> set[str]:
    return set(_NUMBER.findall(text))


def mentions(text: str, phrase: str) -> bool:
    """Whether `phrase` occurs in `text` after normalisation (used to check names and titles)."""
    needle = NormalizedText(phrase.strip(_QUOTE_TRIM)).text
    return bool(needle) and needle in normalized(text).text


def sentence_of(text: str, evidence: Evidence) -> Evidence:
    """The whole sentence (or sentences) holding a grounded quote, as evidence of its own."""
    if evidence.start is None or evidence.end is None:
        return evidence
    found = list(sentence_boundaries(text))
    start = max((end for _, end in found if end <= evidence.start), default=0)
    end = next((end for mark, end in found if mark >= max(evidence.end - 1, start)), len(text))
    while start < end and text[start].isspace():
        start += 1
    end = len(text[:end].rstrip())
    return _found(evidence.article_id, text, start, max(end, evidence.end), evidence.match)


def sentences(article_id: str, text: str) -> list[Evidence]:
    """Every sentence of the text, in order, as evidence with offsets."""
    return [_found(article_id, text, start, end, MatchStatus.EXACT) for start, end in sentence_spans(text)]
