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
from collections import Counter
from collections.abc import Iterable

SHINGLE = 5          # words in a run
LEAST = 20           # runs the shorter text needs before it can be called a copy: two one-line reports of
                     # one strike share most of their words without copying each other
SHARED = 0.25        # share of the shorter text's runs found in the other: a copy (independent reports of
                     # one strike share under 0.1 of them, a rewrite of a wire story about 0.3, a repost 0.6-0.7)
COMMON = 100         # articles a run may be counted in: a run more write is a stock phrase, not a copied story
_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    return {tuple(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}


def copy_groups(texts: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Article id -> the id of the first article of its group of copies (itself when it copies none).
    A group is closed under copying: A copies B and B copies C puts all three together. The runs two
    articles share are counted through an index of runs, so a pile of thousands is not compared pair by
    pair; a run more than COMMON articles write (a stock phrase) is left out of the count."""
    items = [(i, shingles(t)) for i, t in texts]
    parent = {i: i for i, _ in items}

    def root(i: str) -> str:
        while parent[i] != i:
            i = parent[i]
        return i

    holding: dict[tuple[str, ...], list[int]] = {}  # a run -> the articles (positions) that write it
    for n, (i, runs) in enumerate(items):
        in_common: Counter[int] = Counter(m for run in runs for m in holding.get(run, ()))
        for m in sorted(in_common):
            j, other = items[m]
            if min(len(runs), len(other)) >= LEAST and in_common[m] / min(len(runs), len(other)) >= SHARED:
                ri, rj = root(i), root(j)
                if ri != rj:
                    parent[ri] = rj  # the earlier article stays the group's name
        for run in runs:
            postings = holding.setdefault(run, [])
            if len(postings) < COMMON:
                postings.append(n)
    return {i: root(i) for i, _ in items}


def independent(article_ids: Iterable[str], groups: dict[str, str]) -> int:
    """How many independent sources the articles are: copies of one story count once."""
    return len({groups.get(i, i) for i in article_ids})
