"""Greedy JSON-schema decoding on an in-process llama.cpp model, with llguidance for the grammar.

llama-cpp-python's own grammar sampler checks all 152k tokens of the vocabulary against the
grammar at every step (about 2-3 s of each question's 8-10 s here). This loop instead takes the
model's top token and checks only that one against the grammar's token mask (llguidance computes
the mask in well under a millisecond), masking the whole vocabulary only when the top token is not
allowed. The constraint is the one llama-cpp-python built from the schema (JSON with at most one
space between its tokens), so the answers are the ones it gave: measured on a seed article, 7 of
8 answers identical, the 8th (a list of actors) differing as a different batch split of the same
prompt already makes it differ.

Tried here and dropped (see docs/development.md, Speed): feeding the tokens the grammar forces
(a key's rest, a closing quote) in one batch, and drafting the next tokens from the prompt (prompt
lookup) checked in one batch. On this 2-core CPU a batch of n tokens costs nearly n steps, so both
saved little, and both changed answers: forced tokens are split as the tokenizer splits the text,
not as the model writes it, and batched logits differ in the last bits.

The context keeps what it holds between calls, and only a prompt's new tokens are evaluated (the
system prompt and the article are shared by every question on one article). Greedy decoding only:
the pipeline always asks at temperature 0.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import llama_cpp
import numpy as np
from llama_cpp.llama_chat_format import Jinja2ChatFormatter
from llguidance import LLMatcher
from llguidance.llamacpp import lltokenizer_from_vocab


class ContextFull(ValueError):
    """The prompt leaves no room in the model's context."""


@dataclass
class Completion:
    text: str
    prompt_tokens: int
    cached_tokens: int  # of the prompt, already in the context from an earlier call
    completion_tokens: int
    finish_reason: str  # "stop" or "length"


@lru_cache(maxsize=64)
def _grammar(schema: str) -> str:
    # The same constraint as llama-cpp-python's grammar for the schema (at most one space between
    # tokens of JSON), so greedy decoding picks the same tokens it picked there.
    return LLMatcher.grammar_from_json_schema(schema, defaults={"whitespace_pattern": r"[ ]?"})


class Decoder:
    """Chat completions on one llama-cpp-python `Llama` (its model, context and batch size)."""

    def __init__(self, llama: Any):
        self.llama = llama
        self.ctx = llama._ctx.ctx
        self.memory = llama_cpp.llama_get_memory(self.ctx)
        self.vocab = llama_cpp.llama_model_get_vocab(llama._model.model)
        self.n_vocab = llama_cpp.llama_vocab_n_tokens(self.vocab)
        self.n_ctx = llama.n_ctx()
        self.n_batch = llama.n_batch
        self.tokenizer = lltokenizer_from_vocab(self.vocab)
        eos, bos = llama_cpp.llama_vocab_eos(self.vocab), llama_cpp.llama_vocab_bos(self.vocab)
        self.format = Jinja2ChatFormatter(
            template=llama.metadata["tokenizer.chat_template"],
            eos_token=llama._model.token_get_text(eos) if eos != -1 else "",
            bos_token=llama._model.token_get_text(bos) if bos != -1 else "",
        )
        self.batch = llama_cpp.llama_batch_init(self.n_batch, 0, 1)
        self.mask = np.zeros((self.n_vocab + 31) // 32, dtype=np.int32)
        self.held: list[int] = []  # the tokens the context holds, in order

    def complete(self, messages: list[dict[str, str]], schema: dict | None, max_tokens: int) -> Completion:
        prompt = self.format(messages=messages).prompt
        tokens = self.llama.tokenize(prompt.encode(), add_bos=False, special=True)
        room = self.n_ctx - len(tokens)
        if room <= 0:
            raise ContextFull(f"the prompt's {len(tokens)} tokens exceed the context window of {self.n_ctx}")
        cached = self._evaluate(tokens)
        matcher = LLMatcher(self.tokenizer, _grammar(json.dumps(schema))) if schema is not None else None
        if matcher is not None and matcher.is_error():
            raise ValueError(f"the answer's schema cannot be decoded: {matcher.get_error()}")
        out: list[int] = []
        finish = "length"
        limit = min(max_tokens, room)
        while len(out) < limit:
            token = self._pick(matcher)
            if self._ends(token, matcher):
                finish = "stop"
                break
            if matcher is not None:
                matcher.consume_token(token)
            out.append(token)
            if len(out) < limit:
                self._decode([token])
        text = self.llama.detokenize(out).decode("utf-8", errors="replace")
        return Completion(text, len(tokens), cached, len(out), finish)

    def _ends(self, token: int, matcher: LLMatcher | None) -> bool:
        if llama_cpp.llama_vocab_is_eog(self.vocab, token):
            return True
        return matcher is not None and matcher.is_stopped()

    def _pick(self, matcher: LLMatcher | None) -> int:
        """The highest-scoring token the grammar allows."""
        logits = np.ctypeslib.as_array(llama_cpp.llama_get_logits_ith(self.ctx, -1), shape=(self.n_vocab,))
        best = int(np.argmax(logits))
        if matcher is None:
            return best
        matcher.unsafe_compute_mask_ptr(self.mask.ctypes.data, self.mask.nbytes)
        if (int(self.mask[best >> 5]) >> (best & 31)) & 1:
            return best
        allowed = np.unpackbits(self.mask.view(np.uint8), bitorder="little")[: self.n_vocab].astype(bool)
        if not allowed.any():
            raise ValueError(f"the grammar allows no token: {matcher.get_error()}")
        return int(np.argmax(np.where(allowed, logits, -np.inf)))

    def _evaluate(self, tokens: list[int]) -> int:
        """Bring the context to `tokens`, keeping the prefix it already holds; the logits of the
        last token are then ready. Returns how many tokens were kept."""
        keep = 0
        for held, new in zip(self.held, tokens):
            if held != new:
                break
            keep += 1
        keep = min(keep, len(tokens) - 1)  # the last token is always evaluated, for its logits
        self._forget(keep)
        for start in range(keep, len(tokens), self.n_batch):
            self._decode(tokens[start:start + self.n_batch])
        return keep

    def _decode(self, tokens: list[int]) -> None:
        """Append `tokens` to the context; logits for the last."""
        batch, pos = self.batch, len(self.held)
        batch.n_tokens = len(tokens)
        for i, token in enumerate(tokens):
            batch.token[i] = token
            batch.pos[i] = pos + i
            batch.n_seq_id[i] = 1
            batch.seq_id[i][0] = 0
            batch.logits[i] = i == len(tokens) - 1
        code = llama_cpp.llama_decode(self.ctx, batch)
        if code != 0:
            self._forget(pos)
            raise RuntimeError(f"llama_decode failed ({code})")
        self.held += tokens

    def _forget(self, keep: int) -> None:
        """Drop all but the first `keep` tokens from the context."""
        llama_cpp.llama_memory_seq_rm(self.memory, 0, keep, -1)
        del self.held[keep:]
