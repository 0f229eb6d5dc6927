"""Where sentences end, and which marks quote: one rule for every module that reads text by sentence
(grounding a quote, the checks on an article's statements, planted instructions, the summary)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from summarizer import lexicon

# Marks that open or close a quotation, in the languages the lexicon covers.
QUOTATION_MARKS = ('"', "\u201c", "\u201d", "\u00ab", "\u00bb", "\u201e")
# What may close a sentence after its full stop: a quotation mark, an apostrophe used as one, a bracket.
_CLOSING = "\"'\u201d\u2019\u00bb)\\]"


@cache
def _end() -> re.Pattern[str]:
    """A sentence ends at . ! ? (Latin, Arabic, CJK) and any closing quote or bracket, before a space and
    a capital, an opening quote or a letter of a script without case ("Aug. 10" and "U.S. forces" go on),
    or at a line's end; not at the point of a title written before a name ("Col. Mira Hale": the word
    lists' title_abbreviations)."""
    titles = "".join(rf"(?<!\b{re.escape(a)})" for a in lexicon.entries("title_abbreviations"))
    starts = "A-Z\u00c0-\u024f\u0400-\u04ff\u0600-\u06ff\u3040-\u9fff"  # Latin, Cyrillic, Arabic, CJK
    return re.compile(rf"{titles}[.!?\u061f\u3002][{_CLOSING}]*(?=\s+[\"'\u201c\u2018\u00ab(]?[{starts}]|\s*$)|\n",
                      re.MULTILINE)


def boundaries(text: str) -> Iterator[tuple[int, int]]:
    """[start, end) of each sentence's closing marks (or line break), in order."""
    for m in _end().finditer(text):
        yield m.start(), m.end()


def ends(text: str) -> list[int]:
    """The offset right after each sentence's end, in order."""
    return [end for _, end in boundaries(text)]


def spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence, surrounding white space left out."""
    found, start = [], 0
    for end in [*ends(text), len(text)]:
        piece = text[start:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            found.append((start + lead, start + len(piece.rstrip())))
        start = end
    return found


def split(text: str) -> list[str]:
    """The text's sentences."""
    return [text[a:b] for a, b in spans(text)]
