"""Providers that speak the OpenAI chat API: OpenAI itself and any compatible server."""

from __future__ import annotations

import os
from urllib.parse import urlsplit
from typing import Any, ClassVar

import httpx2
import openai
from openai.types.chat import ChatCompletion

from summarizer.errors import ConfigError, MissingKeyError, ProviderError
from summarizer.providers.base import Provider
from summarizer.providers.deadline import deadline, keep_deadlines
from summarizer.secrets import without_userinfo
from summarizer.settings import DEFAULT_TIMEOUT, Settings

TRANSIENT_HTTP_ERRORS = (
    openai.RateLimitError,
    openai.APITimeoutError,
    openai.APIConnectionError,
    openai.InternalServerError,
)


class OpenAICompatibleProvider(Provider):
    name = "openai"
    usage_pattern = "openai/<model>"
    needs = "OpenAI API key"
    key_env_var: ClassVar[str | None] = "OPENAI_API_KEY"
    key_required: ClassVar[bool] = True
    default_base_url: ClassVar[str | None] = None
    transient_errors = TRANSIENT_HTTP_ERRORS

    def __init__(self, model: str, base_url: str | None = None, timeout: float = DEFAULT_TIMEOUT):
        super().__init__(model)
        key = os.environ.get(self.key_env_var) if self.key_env_var else None
        if self.key_required and not key:
            raise MissingKeyError(self.name, self.key_env_var or "")
        self.base_url = base_url or self.default_base_url
        if self.base_url is not None:
            url = urlsplit(self.base_url)
            if url.scheme not in ("http", "https") or not url.hostname:
                raise ConfigError(f"base URL {without_userinfo(self.base_url)!r} is not an http(s) URL "
                                  "(e.g. http://localhost:8000/v1)")
        # max_retries=0: tenacity in llm.py is the only retry loop, so nothing retries twice.
        self.timeout = timeout
        self._client = openai.OpenAI(
            api_key=key or "not-needed", base_url=self.base_url, max_retries=0, timeout=timeout,
            http_client=keep_deadlines(openai.DefaultHttpxClient()),
        )

    @classmethod
    def create(cls, model: str, settings: Settings) -> Provider:
        return cls(cls._model_name(model), settings.base_url, settings.timeout)

    def chat(self, **request: Any) -> ChatCompletion:
        """One call, over within the timeout (a total deadline, not a gap between bytes)."""
        try:
            with deadline(self.timeout):
                return self._client.chat.completions.create(model=self.model, **request)
        except openai.APIConnectionError as exc:
            if isinstance(exc.__cause__, httpx2.TooManyRedirects):  # retrying cannot help
                raise ProviderError(f"{self.id}: a redirect loop at {without_userinfo(str(exc.request.url))} "
                                    "(too many redirects); check the base URL") from exc
            raise


class ServerProvider(OpenAICompatibleProvider):
    """Any OpenAI-compatible server: vLLM, llama.cpp server, LM Studio, a gateway."""

    name = "server"
    usage_pattern = "<model> --base-url URL"
    needs = "a running OpenAI-compatible server; key in SUMMARIZER_API_KEY if it wants one"
    # A separate variable, so a real OpenAI key is never sent to some other server.
    key_env_var = "SUMMARIZER_API_KEY"
    key_required = False

    def __init__(self, model: str, base_url: str | None = None, timeout: float = DEFAULT_TIMEOUT):
        if not base_url:
            raise ConfigError("an OpenAI-compatible server needs a base URL: --base-url or SUMMARIZER_BASE_URL "
                              "(e.g. http://localhost:8000/v1)")
        super().__init__(model, base_url, timeout)

    @property
    def id(self) -> str:
        return f"{self.name}/{without_userinfo(self.base_url or '')}/{self.model}"

    @classmethod
    def status(cls) -> str:
        return ""
