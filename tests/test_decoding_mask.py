"""The decoder's choice of token (summarizer/providers/decoding.py), offline: the model's top token
when the grammar allows it, else the best the grammar allows, never a forbidden one."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("llama_cpp")
pytest.importorskip("llguidance")

from summarizer.providers import decoding  # noqa: E402
from summarizer.providers.decoding import Decoder  # noqa: E402

VOCAB = 100


class Grammar:
    """A matcher that allows only `allowed` (llguidance's bitmask: bit t%32 of word t//32)."""

    def __init__(self, allowed: set[int]):
        self.allowed = allowed

    def unsafe_compute_mask_ptr(self, pointer: int, size: int) -> None:
        mask = np.ctypeslib.as_array((np.ctypeslib.ctypes.c_int32 * (size // 4)).from_address(pointer))
        mask[:] = 0
        for t in self.allowed:
            mask[t >> 5] |= np.int32(np.uint32(1 << (t & 31)).view(np.int32))

    def get_error(self) -> str:
        return "nothing allowed"


@pytest.fixture
def choose(monkeypatch):
    """The decoder's pick for these logits under a grammar allowing `allowed`."""
    def pick(logits: np.ndarray, allowed: set[int]) -> int:
        pointer = logits.ctypes.data_as(np.ctypeslib.ctypes.POINTER(np.ctypeslib.ctypes.c_float))
        monkeypatch.setattr(decoding.llama_cpp, "llama_get_logits_ith", lambda ctx, row: pointer)
        decoder = Decoder.__new__(Decoder)
        decoder.ctx, decoder.n_vocab = None, VOCAB
        decoder.mask = np.zeros((VOCAB + 31) // 32, dtype=np.int32)
        return decoder._pick(Grammar(allowed))
    return pick


def scores(**best: float) -> np.ndarray:
    logits = np.zeros(VOCAB, dtype=np.float32)
    for token, score in best.items():
        logits[int(token[1:])] = score
    return logits


def test_the_top_token_is_taken_when_the_grammar_allows_it(choose):
    assert choose(scores(t40=5.0, t63=4.0), {40, 63}) == 40


@pytest.mark.parametrize("top, allowed, expected", [
    (31, {63, 64}, 64),   # bit 31 of a word (the sign bit) is no allowed token
    (64, {0, 31}, 31),    # the sign bit allowed
    (0, {95, 99}, 99),    # the last word, part-filled
])
def test_a_forbidden_top_token_gives_way_to_the_best_allowed_one(choose, top, allowed, expected):
    logits = scores(**{f"t{top}": 9.0, "t31": 1.0, "t63": 2.0, "t64": 3.0, "t95": 0.5, "t99": 0.7})
    assert choose(logits, allowed) == expected


def test_a_grammar_that_allows_nothing_is_an_error_not_a_token(choose):
    with pytest.raises(ValueError, match="allows no token"):
        choose(scores(t3=1.0), set())
