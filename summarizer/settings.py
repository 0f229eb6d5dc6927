"""Settings in one place: an explicit value (a CLI option, an API argument) > the environment > the default.

    SUMMARIZER_MODEL        which model answers (default: local, the embedded one; `summarizer models`)
    SUMMARIZER_BASE_URL     an OpenAI-compatible server's URL (for a model served there)
    SUMMARIZER_CACHE_DIR    the response cache and the assembled embedded model ($XDG_CACHE_HOME/summarizer)
    SUMMARIZER_TIMEOUT      the longest one HTTP model call may take, start to end, in seconds (120)
    SUMMARIZER_JUDGE_MODEL  the LLM judge's model for `eval --judge` (default: the model)
    SUMMARIZER_CONCURRENCY  articles asked at once (default: the provider's, 1 for the embedded model)

API keys are not settings: each provider reads its own variable when it is used (`summarizer models`).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

from summarizer.errors import ConfigError

DEFAULT_MODEL = "local"
DEFAULT_TIMEOUT = 120.0
ENV = {"model": "SUMMARIZER_MODEL", "base_url": "SUMMARIZER_BASE_URL", "cache_dir": "SUMMARIZER_CACHE_DIR",
       "timeout": "SUMMARIZER_TIMEOUT", "judge_model": "SUMMARIZER_JUDGE_MODEL",
       "concurrency": "SUMMARIZER_CONCURRENCY", "cache_only": "SUMMARIZER_CACHE_ONLY",
       "check_instructions": "SUMMARIZER_CHECK_INSTRUCTIONS"}


@dataclass(frozen=True)
class Settings:
    model: str = DEFAULT_MODEL
    base_url: str | None = None
    cache_dir: Path = Path("~/.cache/summarizer")
    timeout: float = DEFAULT_TIMEOUT
    judge_model: str | None = None
    concurrency: int | None = None  # None: the provider's default
    cache_only: bool = False  # answer only from the cache: a question not in it fails, the model is never loaded
    # ask the model, after the questions, which sentence the facts rest on instructs it (extraction.py): off
    # by default, the embedded 1.5B model names news sentences (docs/bad-input.md has the figures)
    check_instructions: bool = False

    @classmethod
    def load(cls, *, model: str | None = None, base_url: str | None = None, cache_dir: str | Path | None = None,
             timeout: float | None = None, judge_model: str | None = None,
             concurrency: int | None = None) -> Settings:
        """The settings in force: each argument that is not None, else its environment variable, else
        the default. Raises ConfigError for a value that cannot be used."""
        env = {name: value for name, var in ENV.items() if (value := os.environ.get(var, "").strip())}
        timeout_value = timeout if timeout is not None else _parsed("timeout", env.get("timeout"), float, "a number of seconds")
        timeout_value = DEFAULT_TIMEOUT if timeout_value is None else timeout_value
        if not math.isfinite(timeout_value) or timeout_value <= 0:
            raise ConfigError(f"the timeout must be a positive number of seconds, not {timeout_value:g}")
        workers = concurrency if concurrency is not None else _parsed("concurrency", env.get("concurrency"), int, "a whole number")
        if workers is not None and workers < 1:
            raise ConfigError(f"concurrency must be at least 1 article at a time, not {workers}")
        model_id = model or env.get("model") or DEFAULT_MODEL
        return cls(
            model=model_id.strip(),
            base_url=base_url or env.get("base_url"),
            cache_dir=Path(cache_dir or env.get("cache_dir") or _default_cache_dir()).expanduser(),
            timeout=timeout_value,
            judge_model=judge_model or env.get("judge_model"),
            concurrency=workers,
            cache_only=env.get("cache_only", "").lower() in ("1", "true", "yes"),
            check_instructions=env.get("check_instructions", "").lower() in ("1", "true", "yes"),
        )

    @property
    def responses(self) -> Path:
        """The response cache's database."""
        return self.cache_dir / "responses.sqlite"


def _default_cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "summarizer"


def _parsed(name: str, text: str | None, kind: type[int] | type[float], what: str) -> float | None:
    """A setting's environment value read as a number (None when unset); a ConfigError that says
    which and why when it is not one."""
    if text is None:
        return None
    try:
        return kind(text)
    except ValueError:
        raise ConfigError(f"{ENV[name]}={text!r}: not {what}") from None
