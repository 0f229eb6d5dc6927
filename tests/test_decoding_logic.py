"""The decoder's prompt lookup (summarizer/providers/decoding.py) on a made-up model whose every
next token is known: drafting from the prompt never changes the answer, only how many decoding
steps it takes, and the context holds exactly the tokens the answer was read from."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

pytest.importorskip("llama_cpp")
pytest.importorskip("llguidance")

from summarizer.providers.decoding import Decoder  # noqa: E402

END, VOCAB = 0, 200
PROMPT = [5, 6, 7, 8, 9] + list(range(100, 140)) + [10, 11, 12]  # the "article" holds tokens 100..139


class Scripted(Decoder):
    """A decoder whose model writes `answer` after the prompt, then ends."""

    def __init__(self, answer: list[int], lookup: bool):
        self.answer, self.lookup = answer, lookup
        self.n_ctx, self.n_batch, self.n_vocab = 4096, 512, VOCAB
        self.held, self.rows, self.steps = [], [], 0
        self.llama = SimpleNamespace(tokenize=lambda text, add_bos, special: list(PROMPT),
                                     detokenize=lambda tokens: " ".join(map(str, tokens)).encode())
        self.format = lambda messages: SimpleNamespace(prompt="")

    def _next(self, history: list[int]) -> int:
        written = len(history) - len(PROMPT)
        return self.answer[written] if 0 <= written < len(self.answer) else END

    def _decode(self, tokens: list[int], every_row: bool = False) -> None:
        self.steps += 1
        history = self.held + tokens
        self.rows = [np.eye(VOCAB)[self._next(history[:len(self.held) + i + 1])] for i in range(len(tokens))]
        self.held = history

    def _logits(self, row: int) -> np.ndarray:
        return self.rows[row]

    def _forget(self, keep: int) -> None:
        del self.held[keep:]

    def _ends(self, token: int, matcher) -> bool:
        return token == END


def answer_of(answer: list[int], lookup: bool, max_tokens: int = 100):
    decoder = Scripted(answer, lookup)
    done = decoder.complete([{"role": "user", "content": ""}], None, max_tokens)
    return done, decoder


@pytest.mark.parametrize("answer", [
    list(range(110, 130)),                          # a quote copied whole
    list(range(110, 118)) + [42] + list(range(118, 125)),  # a copy that departs from the article, then resumes
    [1, 2, 3, 4] + list(range(100, 104)) + [9, 9],  # little to copy
])
def test_drafting_from_the_prompt_gives_the_answer_greedy_decoding_gives(answer):
    plain, plain_decoder = answer_of(answer, lookup=False)
    drafted, drafted_decoder = answer_of(answer, lookup=True)
    assert drafted.text == plain.text == " ".join(map(str, answer))
    assert drafted.finish_reason == plain.finish_reason == "stop"
    # the context holds the prompt and the answer as written (the last token is never evaluated)
    assert drafted_decoder.held[:len(PROMPT) + len(answer) - 1] == PROMPT + answer[:-1]
    assert len(drafted_decoder.held) == len(plain_decoder.held)
    assert drafted_decoder.steps <= plain_decoder.steps


def test_a_copied_quote_takes_far_fewer_steps():
    answer = list(range(105, 135))
    plain, plain_decoder = answer_of(answer, lookup=False)
    drafted, drafted_decoder = answer_of(answer, lookup=True)
    assert drafted.accepted_tokens >= 20
    assert drafted_decoder.steps < plain_decoder.steps / 2


def test_the_token_limit_holds_while_drafting():
    done, _ = answer_of(list(range(100, 140)), lookup=True, max_tokens=10)
    assert done.finish_reason == "length" and done.completion_tokens == 10
