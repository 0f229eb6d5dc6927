"""Providers that speak the OpenAI chat API: OpenAI itself and any compatible server.

The openai package (most of a second to import) is imported on the first call, so a rerun
answered from the cache never loads it.
"""

from __future__ import annotations

import os
from functools import cached_property
from urllib.parse import urlsplit
from typing import TYPE_CHECKING, Any, ClassVar

from summarizer.errors import ConfigError, MissingKeyError, ProviderError
from summarizer.providers.base import Provider
from summarizer.secrets import without_userinfo
from summarizer.settings import DEFAULT_TIMEOUT, Settings

if TYPE_CHECKING:
    import openai
    from openai.types.chat import ChatCompletion


class OpenAICompatibleProvider(Provider):
    name = "openai"
    openai_model_names = True
    usage_pattern = "openai/<model>"
    needs = "OpenAI API key"
    key_env_var: ClassVar[str | None] = "OPENAI_API_KEY"
    key_required: ClassVar[bool] = True
    default_base_url: ClassVar[str | None] = None
    concurrency = 8  # a hosted API answers many calls at once

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
        self._client_options = {"api_key": key or "not-needed", "base_url": self.base_url, "max_retries": 0,
                                 "timeout": timeout}

    @cached_property
    def _client(self) -> openai.OpenAI:
        import openai

        from summarizer.providers.deadline import keep_deadlines  # imports httpx2: not on a cached rerun

        return openai.OpenAI(**self._client_options, http_client=keep_deadlines(openai.DefaultHttpxClient()))

    @property
    def transient_errors(self) -> tuple[type[Exception], ...]:  # type: ignore[override]
        """Rate limits, timeouts, dropped connections and 5xx: retried with backoff."""
        import openai

        return (openai.RateLimitError, openai.APITimeoutError, openai.APIConnectionError,
                openai.InternalServerError)

    @classmethod
    def create(cls, model: str, settings: Settings) -> Provider:
        return cls(cls._model_name(model), settings.base_url, settings.timeout)

    def chat(self, **request: Any) -> ChatCompletion:
        """One call, over within the timeout (a total deadline, not a gap between bytes)."""
        import httpx2
        import openai

        from summarizer.providers.deadline import deadline

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
    takes_any_base_url = True
    usage_pattern = "<model> --base-url URL"
    needs = "a running OpenAI-compatible server; key in SUMMARIZER_API_KEY if it wants one"
    # A separate variable, so a real OpenAI key is never sent to some other server.
    key_env_var = "SUMMARIZER_API_KEY"
    key_required = False
    concurrency = 4  # a server of one's own: vLLM batches them; llama.cpp's server takes them in turn

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
