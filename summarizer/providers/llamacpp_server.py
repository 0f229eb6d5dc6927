"""llama-cpp-python's OpenAI-compatible server (`python -m llama_cpp.server`), asked in JSON mode.

Tool calls (how any other server is asked) put the answer's schema in the prompt, ahead of the
article, so no two questions share a prompt prefix and the server reads every prompt whole. This
server also takes `response_format={"type": "json_object", "schema": ...}` and turns the schema into
a grammar: the prompt is the article and the question only, and llama.cpp reuses the article
between the questions on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from summarizer.providers.openai_compatible import ServerProvider
from summarizer.settings import DEFAULT_TIMEOUT

if TYPE_CHECKING:
    from openai.types.chat import ChatCompletion


class LlamaCppServerProvider(ServerProvider):
    name = "llamacpp"
    serves_base_url = True
    takes_any_base_url = False
    usage_pattern = "llamacpp/<model> [--base-url URL]"
    needs = "a running `python -m llama_cpp.server` (default http://localhost:8000/v1)"
    default_base_url = "http://localhost:8000/v1"
    mode = "JSON_SCHEMA"
    concurrency = 1  # it answers one call at a time; articles in turn keep the article's prefix cached

    def __init__(self, model: str, base_url: str | None = None, timeout: float = DEFAULT_TIMEOUT):
        super().__init__(model, base_url or self.default_base_url, timeout)

    def chat(self, **request: Any) -> ChatCompletion:
        response_format = request.pop("response_format", None)
        if response_format and response_format.get("type") == "json_schema":
            request["response_format"] = {"type": "json_object", "schema": response_format["json_schema"]["schema"]}
        return super().chat(**request)
