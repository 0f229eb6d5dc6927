"""Ollama, through its OpenAI-compatible endpoint on OLLAMA_HOST."""

from __future__ import annotations

import os

from summarizer.providers.openai_compatible import OpenAICompatibleProvider
from summarizer.settings import DEFAULT_TIMEOUT


def _ollama_url() -> str:
    host = os.environ.get("OLLAMA_HOST", "http://localhost:11434")
    if "://" not in host:
        host = f"http://{host}"
    return host.rstrip("/") + "/v1"


class OllamaProvider(OpenAICompatibleProvider):
    name = "ollama"
    serves_base_url = True
    usage_pattern = "ollama/<model>"
    needs = "a running Ollama server (OLLAMA_HOST, default http://localhost:11434)"
    key_env_var = None
    key_required = False
    concurrency = 4  # Ollama answers up to 4 requests at once by default (OLLAMA_NUM_PARALLEL)

    def __init__(self, model: str, base_url: str | None = None, timeout: float = DEFAULT_TIMEOUT):
        super().__init__(model, base_url or _ollama_url(), timeout)
