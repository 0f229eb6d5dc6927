"""One-to-one matching of gold items to found items, and precision / recall / F1 over it."""

from __future__ import annotations

from collections.abc import Hashable


def max_matching(left: list[Hashable], edges: dict[Hashable, list[Hashable]]) -> dict[Hashable, Hashable]:
    """A maximum one-to-one matching, left -> right (augmenting paths). Left items earlier in the
    list are never unmatched by later ones, so list the ones that matter most first."""
    owner: dict[Hashable, Hashable] = {}

    def place(item: Hashable, seen: set[Hashable]) -> bool:
        for right in edges.get(item, []):
            if right in seen:
                continue
            seen.add(right)
            if right not in owner or place(owner[right], seen):
                owner[right] = item
                return True
        return False

    for item in left:
        place(item, set())
    return {item: right for right, item in owner.items()}


def prf(right: int, found: int, hit: int, expected: int) -> tuple[float, float, float]:
    """Precision (right of found), recall (hit of expected) and F1; an empty side counts as
    perfect (nothing to find, or nothing shown wrongly)."""
    precision = right / found if found else 1.0
    recall = hit / expected if expected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return round(precision, 4), round(recall, 4), round(f1, 4)
