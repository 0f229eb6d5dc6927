"""Providers, chosen by one model id. Adding one is a new file and one line in PROVIDERS.

A provider's module is imported only when a model id names it, and it reads its API key only then.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from summarizer.errors import ConfigError
from summarizer.settings import Settings

if TYPE_CHECKING:
    from summarizer.providers.base import Provider

# model-id prefix (the provider's `name`) -> "module:Class"; how other ids are routed is said by the
# classes' own attributes (base.Provider: id_pattern, serves_base_url, takes_any_base_url, openai_model_names).
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
    prefix, _, model = model_id.partition("/")
    named = provider_class(prefix) if prefix in PROVIDERS else None
    if named is not None and not settings.base_url:  # only the provider named is imported
        whole = named.id_pattern is not None and re.fullmatch(named.id_pattern, model_id, re.IGNORECASE)
        return named.create(model_id if whole else model, settings)
    classes = provider_classes()
    taker = next((c for c in classes if c.id_pattern and re.fullmatch(c.id_pattern, model_id, re.IGNORECASE)), None)
    if taker is not None:
        return taker.create(model_id, settings)
    if settings.base_url and not (named is not None and named.serves_base_url):
        server = next(c for c in classes if c.takes_any_base_url)
        return server.create(model if named is not None and named.openai_model_names else model_id, settings)
    return provider_class(prefix).create(model, settings)
