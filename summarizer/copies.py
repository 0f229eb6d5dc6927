"""Which articles copy one story (a wire report and its reposts, a rewrite with a new headline).

Copies are one source: five outlets printing one wire story are not five confirmations, and a
repost must not turn a lone figure into the majority. Two articles are copies when most of the
shorter one's word sequences (five words running) occur in the other, as they do in a repost,
however it is re-headlined, cut or lightly edited; independent reports of one strike share names
and figures, not runs of five words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

SHINGLE = 5          # words in a run
LEAST = 20           # runs the shorter text needs before it can be called a copy: two one-line reports of
                     # one strike share most of their words without copying each other
SHARED = 0.25        # share of the shorter text's runs found in the other: a copy (independent reports of
                     # one strike share under 0.1 of them, a rewrite of a wire story about 0.3, a repost 0.6-0.7)
_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    return {tuple(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}


def shared(a: set, b: set) -> float:
    """The share of the smaller set's runs that the other holds."""
    if min(len(a), len(b)) < LEAST:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def copy_groups(texts: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Article id -> the id of the first article of its group of copies (itself when it copies none).
    A group is closed under copying: A copies B and B copies C puts all three together."""
    items = [(i, shingles(t)) for i, t in texts]
    parent = {i: i for i, _ in items}

    def root(i: str) -> str:
        while parent[i] != i:
            i = parent[i]
        return i

    for n, (i, a) in enumerate(items):
        for j, b in items[:n]:
            if shared(a, b) >= SHARED:
                ri, rj = root(i), root(j)
                if ri != rj:
                    parent[ri] = rj  # the earlier article stays the group's name
    return {i: root(i) for i, _ in items}


def independent(article_ids: Iterable[str], groups: dict[str, str]) -> int:
    """How many independent sources the articles are: copies of one story count once."""
    return len({groups.get(i, i) for i in article_ids})
