"""Settings read from the environment, in one place. CLI options override them (see cli.py)."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_MODEL = "local"
MODEL_ENV = "SUMMARIZER_MODEL"
BASE_URL_ENV = "SUMMARIZER_BASE_URL"


def cache_dir() -> Path:
    """Where the response cache and the assembled embedded model live."""
    if os.environ.get("SUMMARIZER_CACHE_DIR"):
        return Path(os.environ["SUMMARIZER_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "summarizer"


def request_timeout() -> float:
    """Seconds to wait for one HTTP model call."""
    return float(os.environ.get("SUMMARIZER_TIMEOUT", "120"))
