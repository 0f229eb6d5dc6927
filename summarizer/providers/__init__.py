"""Providers, chosen by one model id. Adding one is a new file and one line in PROVIDERS.

A provider's module is imported only when a model id names it, and it reads its API key only then.
"""

from __future__ import annotations

import importlib
from dataclasses import replace
from typing import TYPE_CHECKING

from summarizer.errors import ConfigError
from summarizer.settings import Settings

if TYPE_CHECKING:
    from summarizer.providers.base import Provider

# model-id prefix -> "module:Class". `local` also takes a path to a .gguf file; with a base URL, any
# model id but ollama/... and llamacpp/... is served by that OpenAI-compatible server.
PROVIDERS: dict[str, str] = {
    "local": "summarizer.providers.local:LocalProvider",
    "openai": "summarizer.providers.openai_compatible:OpenAICompatibleProvider",
    "anthropic": "summarizer.providers.anthropic:AnthropicProvider",
    "ollama": "summarizer.providers.ollama:OllamaProvider",
    "server": "summarizer.providers.openai_compatible:ServerProvider",
    "llamacpp": "summarizer.providers.llamacpp_server:LlamaCppServerProvider",
    "fake": "summarizer.providers.fake:FakeProvider",
}


def provider_class(prefix: str) -> type[Provider]:
    where = PROVIDERS.get(prefix)
    if where is None:
        known = ", ".join(sorted(PROVIDERS))
        raise ConfigError(f"unknown model prefix {prefix!r}: use one of {known} as prefix, a .gguf path, "
                          "or a base URL (--base-url)")
    module, _, name = where.partition(":")
    return getattr(importlib.import_module(module), name)


def provider_classes() -> list[type[Provider]]:
    """Every provider, in the table's order (for `summarizer models`)."""
    return list(dict.fromkeys(provider_class(prefix) for prefix in PROVIDERS))


def get_provider(model_id: str, base_url: str | None = None, settings: Settings | None = None) -> Provider:
    """`local`, `local/<embedded>`, `PATH.gguf`, `<provider>/<model>`, or `<model>` with a base URL.
    `settings` (default: from the environment) give the timeout, cache dir and, unless `base_url`, the URL."""
    settings = settings or Settings.load(model=model_id, base_url=base_url)
    if base_url:
        settings = replace(settings, base_url=base_url)
    model_id = model_id.strip()
    if model_id.lower().endswith(".gguf"):
        return provider_class("local").create(model_id, settings)
    prefix, _, model = model_id.partition("/")
    if settings.base_url and prefix not in ("ollama", "llamacpp"):
        prefix, model = "server", model if prefix in ("openai", "server") else model_id
    return provider_class(prefix).create(model, settings)
