"""Providers, chosen by one model id. Adding one is a new file and one line in PROVIDERS."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from summarizer.errors import UsageError
from summarizer.providers.anthropic import AnthropicProvider
from summarizer.providers.base import Provider
from summarizer.providers.fake import FakeProvider
from summarizer.providers.local import LocalProvider
from summarizer.providers.ollama import OllamaProvider
from summarizer.providers.openai_compatible import OpenAICompatibleProvider, ServerProvider

# prefix of the model id -> factory(model name after the prefix, base_url)
PROVIDERS: dict[str, Callable[[str, str | None], Provider]] = {
    "local": lambda model, base_url: LocalProvider(model) if model else LocalProvider(),
    "openai": lambda model, base_url: OpenAICompatibleProvider(model, base_url),
    "anthropic": lambda model, base_url: AnthropicProvider(model, base_url),
    "ollama": lambda model, base_url: OllamaProvider(model, base_url),
    "fake": lambda model, base_url: FakeProvider(model or "fake"),
}
PROVIDER_CLASSES: list[type[Provider]] = [
    LocalProvider, OpenAICompatibleProvider, AnthropicProvider, OllamaProvider, ServerProvider, FakeProvider,
]


def get_provider(model_id: str, base_url: str | None = None) -> Provider:
    """`local`, `local/<embedded>`, `PATH.gguf`, `<provider>/<model>`, or `<model>` with base_url."""
    model_id = model_id.strip()
    if model_id.lower().endswith(".gguf"):
        return LocalProvider(gguf_path=Path(model_id).expanduser())
    prefix, _, model = model_id.partition("/")
    if base_url and prefix not in ("openai", "ollama"):
        return ServerProvider(model_id, base_url)
    if base_url and prefix == "openai":
        return ServerProvider(model, base_url)
    factory = PROVIDERS.get(prefix)
    if factory is None:
        known = ", ".join(sorted(PROVIDERS))
        raise UsageError(f"unknown model {model_id!r}: use one of {known} as prefix, a .gguf path, or --base-url")
    if not model and prefix not in ("local", "fake"):
        raise UsageError(f"{prefix} needs a model name: {prefix}/<model>")
    return factory(model, base_url)
