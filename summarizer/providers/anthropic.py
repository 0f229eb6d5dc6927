"""Anthropic, through its OpenAI-compatible endpoint (tool calls give the structure)."""

from __future__ import annotations

from summarizer.providers.openai_compatible import OpenAICompatibleProvider


class AnthropicProvider(OpenAICompatibleProvider):
    name = "anthropic"
    openai_model_names = False
    usage_pattern = "anthropic/<model>"
    needs = "Anthropic API key"
    key_env_var = "ANTHROPIC_API_KEY"
    default_base_url = "https://api.anthropic.com/v1/"
    concurrency = 4  # its rate limits are tighter than OpenAI's at the lower tiers
